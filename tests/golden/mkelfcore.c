// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test driver for tests/golden/elfcore.sh: write an ELF core header built
 * by elfcore_fill() to a file, for binutils' readelf to read.
 *
 *   mkelfcore OUT x86|arm64|xnum
 *
 * x86: 2 CPUs, a kernel text segment and three RAM ranges in a 4-level
 * direct map; arm64: 1 CPU and two RAM ranges in a 48-bit linear map;
 * xnum: 4 CPUs and 70,000 ranges, past PN_XNUM.  Exit 0, or 1 with a
 * message.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"

static const struct elfcore_note cpus[4] = {
	{ 0x13fc16000, 0x1a8 }, { 0x13fc56000, 0x1a8 },
	{ 0x13fc96000, 0x1a8 }, { 0x13fcd6000, 0x1a8 },
};

int main(int argc, char **argv)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = { .cpu_notes = cpus };
	uint8_t *buf;
	size_t size;
	FILE *f;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: mkelfcore OUT x86|arm64|xnum\n");
		return 1;
	}
	if (!strcmp(argv[2], "x86")) {
		in = (struct elfcore_in){
			.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 2,
			.vmcoreinfo = { 0x2d2e000, 0x1000 },
			.have_text = true, .text_vaddr = 0xffffffff81000000ull,
			.text_paddr = 0x35600000, .text_size = 0x3400000,
			.have_linear = true, .linear_offset = 0xffff888000000000ull,
		};
		ret = range_list_add(&dump, 0x100000, 0x5f000000, 0, 0);
		ret = ret ? ret : range_list_add(&dump, 0x77000000, 0x7ffe0000, 0, 0);
		ret = ret ? ret : range_list_add(&dump, 0x100000000, 0x1c0000000, 0, 0);
	} else if (!strcmp(argv[2], "arm64")) {
		in = (struct elfcore_in){
			.machine = EM_AARCH64, .cpu_notes = cpus, .ncpu_notes = 1,
			.vmcoreinfo = { 0x4220e000, 0x1000 },
			.have_linear = true, .linear_offset = 0xffff000000000000ull - 0x40000000,
		};
		ret = range_list_add(&dump, 0x40000000, 0xa0000000, 0, 0);
		ret = ret ? ret : range_list_add(&dump, 0xb8000000, 0xc0000000, 0, 0);
	} else if (!strcmp(argv[2], "xnum")) {
		in = (struct elfcore_in){
			.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 4,
			.vmcoreinfo = { 0x2d2e000, 0x1000 },
			.have_linear = true, .linear_offset = 0xffff888000000000ull,
		};
		ret = 0;
		for (uint64_t i = 0; i < 70000 && !ret; i++)
			ret = range_list_add(&dump, 0x100000000ull + i * 0x400000,
					     0x100000000ull + i * 0x400000 + 0x200000, 0, 0);
	} else {
		fprintf(stderr, "mkelfcore: unknown case '%s'\n", argv[2]);
		return 1;
	}
	in.dump = &dump;
	if (!ret)
		ret = elfcore_size(&in, &size);
	buf = ret ? NULL : malloc(size);
	if (!ret && !buf)
		ret = -ENOMEM;
	if (!ret)
		ret = elfcore_fill(&in, buf, size);
	if (ret) {
		fprintf(stderr, "mkelfcore: %s\n", strerror(-ret));
		return 1;
	}
	f = fopen(argv[1], "wb");
	if (!f || fwrite(buf, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "mkelfcore: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	free(buf);
	range_list_free(&dump);
	return 0;
}
