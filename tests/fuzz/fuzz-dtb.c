// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the arm64 loader on an untrusted device tree (--dtb FILE).
 * The input is the blob; the Image is a fixed synthetic one.  Whatever the
 * blob, the load either fails with a documented error or yields segments
 * inside place and a device tree that passes fdt_check_full with memory
 * nodes exactly the plan's RAM (unless it was a UEFI boot).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../unit/fakeimage.h"
#include "arch/arm64/arm64_load.h"
#include "arch/arm64/dtb_chosen.h"
#include "fuzz-load.h"
#include "memtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t kbuf[0x20000];
	static const uint8_t seed[32] = { 7 };
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct range_list boot = RANGE_LIST_INIT(0), place = RANGE_LIST_INIT(0);
	struct arm64_load_in in;
	struct arm64_image img;
	struct load_plan p;
	struct diag d;
	size_t klen;
	void *copy;
	int ret;

	klen = fakeimage_build(kbuf, &f);
	if (arm64_image_parse(kbuf, klen, &img, &d))
		__builtin_trap();
	/* A private copy, so an over-read past the input is seen by ASan. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	range_list_add(&boot, 0x40000000, 0xc0000000, MT_RAM, 0);
	range_list_add(&place, 0x40000000, 0xb9800000, 0, 0);
	in = (struct arm64_load_in){
		.img = &img, .initrd = kbuf, .initrd_len = 0x3000, .cmdline = "console=ttyAMA0",
		.boot = &boot, .place = &place, .dtb = copy, .dtb_len = size,
		.seed = seed, .seed_len = sizeof(seed), .serial_base = 0x9000000,
	};
	in.purgatory = fuzz_purgatory(&in.purgatory_len);
	ret = arm64_load(&in, &p, &d);
	if (!ret) {
		const struct load_segment *dtb = NULL;

		fuzz_check_load(&p, &place);
		for (size_t i = 0; i < p.nseg; i++)
			if (!strcmp(p.seg[i].what, "dtb"))
				dtb = &p.seg[i];
		FUZZ_ASSERT(dtb && !(dtb->mem & 7) && dtb->bufsz <= ARM64_DTB_MAX);
		FUZZ_ASSERT(fdt_check_full(dtb->buf, dtb->bufsz) == 0);
		if (!dtb_is_uefi(dtb->buf)) {
			struct range_list mem = RANGE_LIST_INIT(0);

			FUZZ_ASSERT(dtb_memory_ranges(dtb->buf, &mem) == 0);
			range_list_union(&mem);
			FUZZ_ASSERT(mem.n == 1 && mem.v[0].start == 0x40000000 &&
				    mem.v[0].end == 0xc0000000);
			range_list_free(&mem);
		}
		load_plan_free(&p);
	} else {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ERANGE || ret == -E2BIG || ret == -ENOSPC);
		FUZZ_ASSERT(d.msg[0]);
	}
	free(copy);
	range_list_free(&boot);
	range_list_free(&place);
	return 0;
}
