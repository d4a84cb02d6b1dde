// SPDX-License-Identifier: GPL-2.0-or-later
/* The bzImage probe: Documentation/arch/x86/boot.rst, read as a parser. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bootparam.h"
#include "bzimage.h"

static uint32_t le(const uint8_t *b, size_t off, int bytes)
{
	uint32_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | b[off + (size_t)i];
	return v;
}

static uint64_t le64(const uint8_t *b, size_t off)
{
	return (uint64_t)le(b, off + 4, 4) << 32 | le(b, off, 4);
}

#define OFF(f) offsetof(struct boot_params, hdr.f)

int bzimage_probe(const void *buf, size_t len, struct bzimage *img, struct diag *err)
{
	const uint8_t *b = buf;
	struct bzimage bz = { .setup = b };
	unsigned setup_sects;
	uint32_t syssize;

	if (len < OFF(version) + 2)
		return diag_set(err, -ENOEXEC, 0, "size", "%zu bytes is too short for a bzImage", len);
	if (le(b, OFF(boot_flag), 2) != BZ_BOOT_FLAG)
		return diag_set(err, -ENOEXEC, 0, "boot_flag", "no 0xaa55 at offset 0x1fe: not a bzImage");
	if (le(b, OFF(header), 4) != BZ_HDRS_MAGIC)
		return diag_set(err, -ENOEXEC, 0, "header", "no \"HdrS\" at offset 0x202: not a bzImage");

	/* The byte at 0x201 is the jump's offset: the header ends where it lands. */
	bz.hdr_end = 0x202 + b[0x201];
	if (bz.hdr_end > sizeof(struct boot_params))
		return diag_set(err, -EINVAL, 0, "jump", "setup header claims to end at 0x%zx", bz.hdr_end);
	if (len < bz.hdr_end)
		return diag_set(err, -EINVAL, 0, "size", "truncated inside the setup header (%zu bytes)", len);

	bz.version = (uint16_t)le(b, OFF(version), 2);
	if (bz.version < BZ_MIN_VERSION)
		return diag_set(err, -EINVAL, 0, "version",
			    "boot protocol %u.%02u, expected 2.12 or later", bz.version >> 8,
			    bz.version & 0xff);
	if (bz.hdr_end < OFF(init_size) + 4)
		return diag_set(err, -EINVAL, 0, "jump", "setup header ends at 0x%zx, before init_size",
			    bz.hdr_end);

	setup_sects = b[OFF(setup_sects)] ? b[OFF(setup_sects)] : 4;
	bz.setup_len = ((size_t)setup_sects + 1) * 512;
	syssize = le(b, OFF(syssize), 4);
	if (len <= bz.setup_len)
		return diag_set(err, -EINVAL, 0, "setup_sects",
			    "%u setup sectors but the file is only %zu bytes", setup_sects, len);
	bz.kernel = b + bz.setup_len;
	bz.kernel_len = len - bz.setup_len;
	if ((uint64_t)syssize * 16 > bz.kernel_len)
		return diag_set(err, -EINVAL, 0, "syssize",
			    "truncated: the protected-mode kernel needs 0x%llx bytes, the file has 0x%zx",
			    (unsigned long long)syssize * 16, bz.kernel_len);

	bz.loadflags = b[OFF(loadflags)];
	bz.xloadflags = (uint16_t)le(b, OFF(xloadflags), 2);
	bz.relocatable = b[OFF(relocatable_kernel)];
	bz.kernel_alignment = le(b, OFF(kernel_alignment), 4);
	bz.init_size = le(b, OFF(init_size), 4);
	bz.pref_address = le64(b, OFF(pref_address));
	bz.cmdline_size = le(b, OFF(cmdline_size), 4);
	bz.initrd_addr_max = le(b, OFF(initrd_addr_max), 4);

	if (!(bz.loadflags & BZ_LOADED_HIGH))
		return diag_set(err, -EINVAL, 0, "loadflags", "zImage loaded low, expected a bzImage");
	if (!(bz.xloadflags & BZ_XLF_KERNEL_64))
		return diag_set(err, -EINVAL, 0, "xloadflags",
			    "no 64-bit entry point: a 32-bit-only kernel cannot be loaded");
	if (!bz.relocatable)
		return diag_set(err, -EINVAL, 0, "relocatable_kernel", "kernel is not relocatable");
	if (!bz.kernel_alignment || (bz.kernel_alignment & (bz.kernel_alignment - 1)))
		return diag_set(err, -EINVAL, 0, "kernel_alignment", "0x%x is not a power of two",
			    bz.kernel_alignment);
	if (!bz.init_size)
		return diag_set(err, -EINVAL, 0, "init_size", "zero, expected the kernel's memory need");
	if (bz.init_size < bz.kernel_len)
		return diag_set(err, -EINVAL, 0, "init_size",
			    "0x%x is smaller than the protected-mode kernel (0x%zx)", bz.init_size,
			    bz.kernel_len);
	if (!bz.cmdline_size)
		return diag_set(err, -EINVAL, 0, "cmdline_size", "zero");
	*img = bz;
	return 0;
}
