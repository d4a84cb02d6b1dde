// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Write a synthetic arm64 Image (tests/unit/fakeimage.h) for the
 * command-line tests.
 *
 *   mkarm64image OUT [FIELD=VALUE...]
 *
 * FIELD is text_offset, image_size, flags, len, efi, pe_end or magic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/fakeimage.h"

int main(int argc, char **argv)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	uint8_t *buf;
	FILE *out;

	if (argc < 2) {
		fprintf(stderr, "usage: mkarm64image OUT [FIELD=VALUE...]\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		unsigned long long v;

		if (!eq) {
			fprintf(stderr, "mkarm64image: %s: expected FIELD=VALUE\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		v = strtoull(eq + 1, NULL, 0);
		if (!strcmp(argv[i], "text_offset"))
			f.text_offset = v;
		else if (!strcmp(argv[i], "image_size"))
			f.image_size = v;
		else if (!strcmp(argv[i], "flags"))
			f.flags = v;
		else if (!strcmp(argv[i], "len"))
			f.len = (size_t)v;
		else if (!strcmp(argv[i], "efi"))
			f.efi = (int)v;
		else if (!strcmp(argv[i], "pe_end"))
			f.pe_end = (size_t)v;
		else if (!strcmp(argv[i], "magic"))
			f.magic = (uint32_t)v;
		else {
			fprintf(stderr, "mkarm64image: unknown field %s\n", argv[i]);
			return 2;
		}
	}
	if (f.len < 0x200) {
		fprintf(stderr, "mkarm64image: len must be at least 0x200\n");
		return 2;
	}
	buf = malloc(f.len);
	if (!buf)
		return 1;
	fakeimage_build(buf, &f);
	out = fopen(argv[1], "wb");
	if (!out || fwrite(buf, 1, f.len, out) != f.len || fclose(out)) {
		fprintf(stderr, "mkarm64image: %s: cannot write\n", argv[1]);
		return 1;
	}
	free(buf);
	return 0;
}
