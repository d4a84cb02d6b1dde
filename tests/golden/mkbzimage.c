// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Write a synthetic bzImage (tests/unit/fakebz.h) for the command-line tests.
 *
 *   mkbzimage OUT [FIELD=VALUE...]
 *
 * FIELD is version, xloadflags, relocatable, kernel_alignment, init_size,
 * pref_address, cmdline_size, initrd_addr_max or kernel_len.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/fakebz.h"

int main(int argc, char **argv)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	uint8_t *buf;
	size_t len;
	FILE *out;

	if (argc < 2) {
		fprintf(stderr, "usage: mkbzimage OUT [FIELD=VALUE...]\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		unsigned long long v;

		if (!eq) {
			fprintf(stderr, "mkbzimage: %s: expected FIELD=VALUE\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		v = strtoull(eq + 1, NULL, 0);
		if (!strcmp(argv[i], "version"))
			f.version = (uint16_t)v;
		else if (!strcmp(argv[i], "xloadflags"))
			f.xloadflags = (uint16_t)v;
		else if (!strcmp(argv[i], "relocatable"))
			f.relocatable = (uint8_t)v;
		else if (!strcmp(argv[i], "kernel_alignment"))
			f.kernel_alignment = (uint32_t)v;
		else if (!strcmp(argv[i], "init_size"))
			f.init_size = (uint32_t)v;
		else if (!strcmp(argv[i], "pref_address"))
			f.pref_address = v;
		else if (!strcmp(argv[i], "cmdline_size"))
			f.cmdline_size = (uint32_t)v;
		else if (!strcmp(argv[i], "initrd_addr_max"))
			f.initrd_addr_max = (uint32_t)v;
		else if (!strcmp(argv[i], "kernel_len"))
			f.kernel_len = (size_t)v;
		else {
			fprintf(stderr, "mkbzimage: unknown field %s\n", argv[i]);
			return 2;
		}
	}
	buf = malloc(FAKEBZ_SETUP_LEN + f.kernel_len);
	if (!buf)
		return 1;
	len = fakebz_build(buf, &f);
	out = fopen(argv[1], "wb");
	if (!out || fwrite(buf, 1, len, out) != len || fclose(out)) {
		fprintf(stderr, "mkbzimage: %s: cannot write\n", argv[1]);
		return 1;
	}
	free(buf);
	return 0;
}
