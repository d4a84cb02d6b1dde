/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_PURGATORY_BLOB_H
#define KEXEC_PURGATORY_BLOB_H

/*
 * The purgatory images built from purgatory/ and embedded in the loader,
 * one per architecture (kexec/arch/<arch>/purgatory_blob.S).  Each is a
 * flat image that starts with its code; at PURGATORY_HEADER_OFFSET it
 * carries a struct purgatory_header (purgatory/params.h).  The embedded
 * copy is read-only: the loader copies it into a segment, zero-fills it up
 * to the header's memsz and fills in the parameter block there.
 */
#include <stddef.h>
#include <stdint.h>

extern const uint8_t purgatory_x86_64_start[];
extern const uint8_t purgatory_x86_64_end[];
extern const uint8_t purgatory_arm64_start[];
extern const uint8_t purgatory_arm64_end[];

/**
 * purgatory_x86_64_image - the embedded x86_64 purgatory (x86_64 builds)
 * @len: set to the image's length in bytes: the file size, which is less
 *       than the memory it needs (struct purgatory_header.memsz)
 *
 * The image is position-independent; place it at any 16-byte aligned
 * address (page-aligned in practice) where it is identity-mapped when
 * relocate_kernel jumps to it, which is true of every kexec segment.
 *
 * Returns the first byte of the image.
 */
static inline const uint8_t *purgatory_x86_64_image(size_t *len)
{
	*len = (size_t)(purgatory_x86_64_end - purgatory_x86_64_start);
	return purgatory_x86_64_start;
}

/**
 * purgatory_arm64_image - the embedded arm64 purgatory (aarch64 builds)
 * @len: set to the image's length in bytes, less than its memsz
 *
 * Position-independent through PC-relative (adrp) addressing, so place it
 * at a 4 KiB aligned address, as every kexec segment is.
 *
 * Returns the first byte of the image.
 */
static inline const uint8_t *purgatory_arm64_image(size_t *len)
{
	*len = (size_t)(purgatory_arm64_end - purgatory_arm64_start);
	return purgatory_arm64_start;
}

#endif
