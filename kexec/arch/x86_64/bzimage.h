/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_X86_64_BZIMAGE_H
#define KEXEC_X86_64_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Documentation/arch/x86/boot.rst, "The real-mode kernel header". */
#define BZ_BOOT_FLAG		0xaa55
#define BZ_HDRS_MAGIC		0x53726448	/* "HdrS" */
#define BZ_MIN_VERSION		0x020c		/* 2.12: xloadflags, 64-bit entry */
#define BZ_LOADED_HIGH		0x01
#define BZ_XLF_KERNEL_64	0x0001
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G 0x0002
#define BZ_ENTRY64_OFFSET	0x200		/* startup_64 from the load address */

/* A validated bzImage: views into the caller's buffer plus the header fields
 * the loader needs, in host order. */
struct bzimage {
	const uint8_t *setup;		/* the real-mode part, header included */
	size_t setup_len;		/* (setup_sects + 1) * 512 */
	size_t hdr_end;			/* offset one past the setup header's last byte */
	const uint8_t *kernel;		/* the protected-mode part */
	size_t kernel_len;
	uint16_t version;
	uint8_t loadflags;
	uint16_t xloadflags;
	uint32_t kernel_alignment;
	uint8_t relocatable;
	uint32_t init_size;
	uint64_t pref_address;
	uint32_t cmdline_size;		/* the longest command line, NUL excluded */
	uint32_t initrd_addr_max;	/* the highest address an initrd byte may have */
};

/**
 * bzimage_probe - validate a bzImage and read its setup header
 * @buf: the whole file
 * @len: its length
 * @img: filled on success; points into @buf
 * @err: on failure, the field ("boot_flag", "version", ...) and why
 *
 * Pure.  Returns 0, -ENOEXEC when @buf is not a bzImage at all (so another
 * format may be tried), or -EINVAL when it is one this loader cannot boot:
 * truncated, protocol older than 2.12, no 64-bit entry, not relocatable, a
 * kernel_alignment that is not a power of two, or no init_size.
 */
int bzimage_probe(const void *buf, size_t len, struct bzimage *img, struct diag *err);

#endif
