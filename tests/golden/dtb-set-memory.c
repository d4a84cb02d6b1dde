// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test driver for tests/golden/dtb.sh: rewrite the memory nodes of a blob.
 *
 *   dtb-set-memory IN.dtb OUT.dtb TYPE:START-END...
 *
 * TYPE is an e820 number (1 is RAM), START and END hex, END exclusive.
 * Exit 0 and write OUT.dtb, or print the error and exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "arch/arm64/dtb_mem.h"

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct range_list map = RANGE_LIST_INIT(0);
	size_t len, size;
	void *in, *out;
	FILE *f;
	int ret;

	if (argc < 3) {
		fprintf(stderr, "usage: dtb-set-memory IN.dtb OUT.dtb TYPE:START-END...\n");
		return 2;
	}
	in = slurp(argv[1], &len);
	if (!in) {
		fprintf(stderr, "%s: cannot read\n", argv[1]);
		return 1;
	}
	for (int i = 3; i < argc; i++) {
		unsigned type;
		unsigned long long s, e;

		if (sscanf(argv[i], "%u:%llx-%llx", &type, &s, &e) != 3) {
			fprintf(stderr, "%s: expected TYPE:START-END\n", argv[i]);
			return 2;
		}
		range_list_add(&map, s, e, type, 0);
	}
	size = len + dtb_memory_extra(in, &map);
	out = malloc(size);
	if (!out || fdt_open_into(in, out, (int)size)) {
		fprintf(stderr, "%s: not a device tree\n", argv[1]);
		return 1;
	}
	ret = dtb_set_memory(out, &map);
	if (ret) {
		fprintf(stderr, "dtb_set_memory: %s\n", strerror(-ret));
		return 1;
	}
	ret = fdt_check_full(out, fdt_totalsize(out));
	if (ret) {
		fprintf(stderr, "fdt_check_full: %s\n", fdt_strerror(ret));
		return 1;
	}
	fdt_pack(out);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, fdt_totalsize(out), f) != fdt_totalsize(out) || fclose(f)) {
		fprintf(stderr, "%s: cannot write\n", argv[2]);
		return 1;
	}
	range_list_free(&map);
	free(in);
	free(out);
	return 0;
}
