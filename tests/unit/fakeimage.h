/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FAKEIMAGE_H
#define TESTS_FAKEIMAGE_H

/*
 * A synthetic arm64 Image for tests, laid out by
 * Documentation/arch/arm64/booting.rst: the 64-byte header, then bytes that
 * are a counter.  With efi set it also carries the start of a PE/COFF
 * header (the MS-DOS "MZ", e_lfanew at 0x3c, "PE\0\0", the COFF file header
 * and one section) whose raw data ends at pe_end.  It is never booted, only
 * parsed and placed.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fakeimage {
	uint64_t text_offset;		/* 0 */
	uint64_t image_size;		/* 0x2000000 */
	uint64_t flags;			/* 0xa: little-endian, 4 KiB pages, anywhere */
	size_t len;			/* 0x10000 bytes of file */
	int efi;			/* 0: no PE/COFF header */
	size_t pe_end;			/* with efi: where the sections end; 0 for len */
	uint32_t magic;			/* 0x644d5241, "ARM\x64" */
};

#define FAKEIMAGE_DEFAULTS { 0, 0x2000000, 0xa, 0x10000, 0, 0, 0x644d5241 }
#define FAKEIMAGE_PE_OFFSET 0x40

static inline void fakeimage_put(uint8_t *b, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* Writes f->len bytes to @b (at least 0x200). */
static inline size_t fakeimage_build(uint8_t *b, const struct fakeimage *f)
{
	for (size_t i = 0; i < f->len; i++)
		b[i] = (uint8_t)(i * 7 + 1);
	memset(b, 0, 0x40);
	fakeimage_put(b, 0x00, 0x14000010, 4);	/* code0: b 0x40 */
	fakeimage_put(b, 0x08, f->text_offset, 8);
	fakeimage_put(b, 0x10, f->image_size, 8);
	fakeimage_put(b, 0x18, f->flags, 8);
	fakeimage_put(b, 0x38, f->magic, 4);
	if (f->efi) {
		const size_t pe = FAKEIMAGE_PE_OFFSET, sec = pe + 24;
		size_t end = f->pe_end ? f->pe_end : f->len;

		b[0] = 'M';
		b[1] = 'Z';
		fakeimage_put(b, 0x3c, pe, 4);
		memset(b + pe, 0, 24 + 40);
		fakeimage_put(b, pe, 0x00004550, 4);		/* "PE\0\0" */
		fakeimage_put(b, pe + 4, 0xaa64, 2);		/* Machine */
		fakeimage_put(b, pe + 6, 1, 2);			/* NumberOfSections */
		fakeimage_put(b, pe + 20, 0, 2);		/* SizeOfOptionalHeader */
		memcpy(b + sec, ".text", 5);
		fakeimage_put(b, sec + 8, end - 0x100, 4);	/* VirtualSize */
		fakeimage_put(b, sec + 12, 0x100, 4);		/* VirtualAddress */
		fakeimage_put(b, sec + 16, end - 0x100, 4);	/* SizeOfRawData */
		fakeimage_put(b, sec + 20, 0x100, 4);		/* PointerToRawData */
	}
	return f->len;
}

#endif
