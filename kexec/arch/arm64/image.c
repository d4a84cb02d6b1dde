// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 Image probe: Documentation/arch/arm64/booting.rst, "Call the
 * kernel image", read as a parser.  An Image with an EFI stub is also a
 * PE/COFF file (the PE/COFF specification: the MS-DOS stub's e_lfanew at
 * 0x3c, "PE\0\0", the COFF file header and the section table), which says
 * how many bytes of file the kernel has.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image.h"

#define PE_SIGNATURE		0x00004550u	/* "PE\0\0" */
#define PE_MACHINE_ARM64	0xaa64
#define PE_COFF_HEADER_LEN	20
#define PE_SECTION_LEN		40

static uint64_t le(const uint8_t *b, size_t off, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | b[off + (size_t)i];
	return v;
}

/* The end of the last section's raw data: how long the file must be. */
static int pe_file_end(const uint8_t *b, size_t len, uint64_t *end, struct diag *err)
{
	uint64_t pe = le(b, 0x3c, 4), sections, nsec;

	if (pe > len || len - pe < 4 + PE_COFF_HEADER_LEN)
		return diag_set(err, -EINVAL, 0, "size",
			    "truncated: the PE/COFF header at 0x%llx is past the end of the file (0x%zx bytes)",
			    (unsigned long long)pe, len);
	if (le(b, pe, 4) != PE_SIGNATURE)
		return diag_set(err, -EINVAL, 0, "res5", "no \"PE\" signature at 0x%llx, where offset 0x3c points",
			    (unsigned long long)pe);
	if (le(b, pe + 4, 2) != PE_MACHINE_ARM64)
		return diag_set(err, -EINVAL, 0, "pe_machine", "PE/COFF machine 0x%llx, expected 0xaa64 (arm64)",
			    (unsigned long long)le(b, pe + 4, 2));
	nsec = le(b, pe + 6, 2);
	sections = pe + 4 + PE_COFF_HEADER_LEN + le(b, pe + 20, 2);
	if (sections > len || (len - sections) / PE_SECTION_LEN < nsec)
		return diag_set(err, -EINVAL, 0, "size",
			    "truncated inside the PE/COFF section table (0x%zx bytes)", len);
	*end = 0;
	for (uint64_t i = 0; i < nsec; i++) {
		const uint64_t s = sections + i * PE_SECTION_LEN;
		uint64_t e = le(b, s + 20, 4) + le(b, s + 16, 4);	/* PointerToRawData + SizeOfRawData */

		if (e > *end)
			*end = e;
	}
	return 0;
}

int arm64_image_parse(const void *buf, size_t len, struct arm64_image *img, struct diag *err)
{
	const uint8_t *b = buf;
	struct arm64_image im = { .data = b, .len = len };
	uint64_t page;

	if (len < sizeof(struct arm64_image_header))
		return diag_set(err, -ENOEXEC, 0, "size", "%zu bytes is too short for an arm64 Image", len);
	if (le(b, offsetof(struct arm64_image_header, magic), 4) != ARM64_IMAGE_MAGIC)
		return diag_set(err, -ENOEXEC, 0, "magic", "no \"ARM\\x64\" at offset 0x38: not an arm64 Image");

	im.text_offset = le(b, offsetof(struct arm64_image_header, text_offset), 8);
	im.image_size = le(b, offsetof(struct arm64_image_header, image_size), 8);
	im.flags = le(b, offsetof(struct arm64_image_header, flags), 8);
	im.efi_stub = b[0] == 'M' && b[1] == 'Z';

	/* booting.rst: image_size 0 is a kernel older than 3.17, whose
	 * text_offset may even be big-endian and whose need is "effectively
	 * unbound". */
	if (!im.image_size)
		return diag_set(err, -EINVAL, 0, "image_size",
			    "zero: a kernel older than 3.17, whose memory need is unknown");
	if (im.flags & ARM64_IMAGE_FLAG_BE)
		return diag_set(err, -EINVAL, 0, "flags", "big-endian kernel (bit 0); only little-endian kernels are booted");
	if (im.text_offset & 0xfff)
		return diag_set(err, -EINVAL, 0, "text_offset", "0x%llx is not a multiple of 4 KiB",
			    (unsigned long long)im.text_offset);
	if (im.text_offset >= ARM64_IMAGE_BASE_ALIGN)
		return diag_set(err, -EINVAL, 0, "text_offset", "0x%llx is not below 2 MiB",
			    (unsigned long long)im.text_offset);
	if (im.efi_stub) {
		uint64_t end = 0;
		int ret = pe_file_end(b, len, &end, err);

		if (ret)
			return ret;
		if (end > len)
			return diag_set(err, -EINVAL, 0, "size",
				    "truncated: the PE/COFF sections end at 0x%llx, the file has 0x%zx bytes",
				    (unsigned long long)end, len);
	}
	if (im.image_size < len)
		return diag_set(err, -EINVAL, 0, "image_size",
			    "0x%llx is smaller than the file (0x%zx bytes)",
			    (unsigned long long)im.image_size, len);

	page = (im.flags & ARM64_IMAGE_FLAG_PAGE_MASK) >> ARM64_IMAGE_FLAG_PAGE_SHIFT;
	im.page_size = page == 1 ? 4096 : page == 2 ? 16384 : page == 3 ? 65536 : 0;
	im.phys_any = im.flags & ARM64_IMAGE_FLAG_PHYS_ANY;
	*img = im;
	return 0;
}
