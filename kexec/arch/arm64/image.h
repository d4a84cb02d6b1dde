/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARM64_IMAGE_H
#define KEXEC_ARM64_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * The arm64 Image header: Documentation/arch/arm64/booting.rst, "Call the
 * kernel image".  Every field is little-endian (since v3.17).  Declared
 * once, here; the offsets are checked below.
 */
struct arm64_image_header {
	uint32_t code0;			/* 0x00: executable code ("MZ" with an EFI stub) */
	uint32_t code1;			/* 0x04: executable code */
	uint64_t text_offset;		/* 0x08: image load offset from a 2 MiB aligned base */
	uint64_t image_size;		/* 0x10: effective image size, bss included */
	uint64_t flags;			/* 0x18: ARM64_IMAGE_FLAG_* */
	uint64_t res2;			/* 0x20 */
	uint64_t res3;			/* 0x28 */
	uint64_t res4;			/* 0x30 */
	uint32_t magic;			/* 0x38: ARM64_IMAGE_MAGIC */
	uint32_t res5;			/* 0x3c: PE/COFF header offset with an EFI stub */
};

_Static_assert(__builtin_offsetof(struct arm64_image_header, text_offset) == 0x08, "Image header");
_Static_assert(__builtin_offsetof(struct arm64_image_header, image_size) == 0x10, "Image header");
_Static_assert(__builtin_offsetof(struct arm64_image_header, flags) == 0x18, "Image header");
_Static_assert(__builtin_offsetof(struct arm64_image_header, magic) == 0x38, "Image header");
_Static_assert(sizeof(struct arm64_image_header) == 0x40, "Image header size");

#define ARM64_IMAGE_MAGIC		0x644d5241u	/* "ARM\x64" */
#define ARM64_IMAGE_FLAG_BE		(1ull << 0)	/* bit 0: big-endian kernel */
#define ARM64_IMAGE_FLAG_PAGE_SHIFT	1		/* bits 1-2: page size */
#define ARM64_IMAGE_FLAG_PAGE_MASK	(3ull << 1)
#define ARM64_IMAGE_FLAG_PHYS_ANY	(1ull << 3)	/* bit 3: any 2 MiB base below 2^48 */

/* The kernel's base is 2 MiB aligned; the image starts text_offset above it. */
#define ARM64_IMAGE_BASE_ALIGN		(2ull << 20)

/* A validated Image: a view into the caller's buffer and its header, in host order. */
struct arm64_image {
	const uint8_t *data;		/* the whole file */
	size_t len;
	uint64_t text_offset;
	uint64_t image_size;		/* at least len */
	uint64_t flags;
	unsigned int page_size;		/* 4096, 16384, 65536, or 0 when unspecified */
	bool phys_any;			/* flags bit 3 */
	bool efi_stub;			/* carries a PE/COFF header ("MZ") */
};

/**
 * arm64_image_parse - validate an arm64 Image and read its header
 * @buf: the whole file, already decompressed
 * @len: its length
 * @img: filled on success; points into @buf
 * @err: on failure, the field ("magic", "flags", "image_size", ...) and why
 *
 * Pure.  With an EFI stub the PE/COFF section table says how long the file
 * must be, which catches a truncated file; without one only the header can
 * be checked.
 *
 * Returns 0, or:
 * -ENOEXEC @buf is not an arm64 Image at all (no "ARM\x64" magic), so
 *          another format may be tried;
 * -EINVAL  it is one this loader cannot boot: big-endian, image_size 0 (a
 *          kernel older than 3.17, whose memory need is unknown), a
 *          text_offset that is not page-aligned, a file longer than
 *          image_size, or truncated.
 */
int arm64_image_parse(const void *buf, size_t len, struct arm64_image *img, struct diag *err);

#endif
