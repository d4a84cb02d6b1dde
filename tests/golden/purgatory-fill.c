// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test driver for tests/golden/purgatory-qemu.sh: fill in a purgatory
 * image's parameter block as the loader does (load_seal_purgatory()), for
 * segments that are files at given addresses.
 *
 *   purgatory-fill IN.bin OUT.bin ENTRY ARG0 SERIAL FLAGS ADDR=FILE...
 *
 * Numbers are C literals (0x...).  SERIAL is a PL011 base, 0 for none.
 * Exit 0 and write OUT.bin, or print the error and exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

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
	struct load_plan p = { 0 };
	struct purgatory_params pp = { 0 };
	struct purgatory_header h;
	struct diag d;
	uint8_t *purg;
	size_t len;
	FILE *f;

	if (argc < 7 || argc - 7 > KEXEC_SEGMENT_MAX - 1) {
		fprintf(stderr, "usage: purgatory-fill IN.bin OUT.bin ENTRY ARG0 SERIAL FLAGS ADDR=FILE...\n");
		return 2;
	}
	purg = slurp(argv[1], &len);
	if (!purg || load_check_purgatory(purg, len, &h, &d)) {
		fprintf(stderr, "%s: not a purgatory image\n", argv[1]);
		return 1;
	}
	for (int i = 7; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n;
		void *buf;

		if (!eq) {
			fprintf(stderr, "%s: expected ADDR=FILE\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		buf = slurp(eq + 1, &n);
		if (!buf) {
			fprintf(stderr, "%s: cannot read\n", eq + 1);
			return 1;
		}
		load_add_segment(&p, "segment", buf, n, strtoull(argv[i], NULL, 0), n, 0, false);
	}
	pp.entry = strtoull(argv[3], NULL, 0);
	pp.arg0 = strtoull(argv[4], NULL, 0);
	pp.serial_base = strtoull(argv[5], NULL, 0);
	pp.serial_kind = pp.serial_base ? PURGATORY_SERIAL_PL011 : PURGATORY_SERIAL_NONE;
	pp.flags = (uint32_t)strtoul(argv[6], NULL, 0);
	/* The address of purgatory itself does not go into its block. */
	load_seal_purgatory(&p, purg, len, &h, 0, &pp);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(purg, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "%s: cannot write\n", argv[2]);
		return 1;
	}
	return 0;
}
