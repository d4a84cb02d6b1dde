/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARM64_LOAD_H
#define KEXEC_ARM64_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "image.h"
#include "load.h"
#include "range.h"

/* booting.rst: "The device tree blob (dtb) ... must not exceed 2 megabytes". */
#define ARM64_DTB_MAX		(2u << 20)

/* kexec -p: what /chosen tells a capture kernel (dtb_chosen.h). */
struct arm64_crash_props {
	uint64_t elfcorehdr_start;	/* linux,elfcorehdr */
	uint64_t elfcorehdr_size;
	struct range usable[2];		/* linux,usable-memory-range: high first, low last */
	size_t nusable;
};

struct arm64_load_in {
	const struct arm64_image *img;
	const void *initrd;		/* NULL for none */
	size_t initrd_len;
	const char *cmdline;		/* "" for an empty command line */
	const struct range_list *boot;	/* the plan's boot list: the memory nodes */
	const struct range_list *place;	/* where segments may go */
	const void *dtb;		/* the device tree to start from */
	size_t dtb_len;
	const uint8_t *seed;		/* 8 bytes for kaslr-seed, the rest for rng-seed; or NULL */
	size_t seed_len;
	const void *purgatory;		/* the flat arm64 purgatory image */
	size_t purgatory_len;
	uint32_t purgatory_flags;	/* PURGATORY_F_* */
	uint64_t serial_base;		/* PL011 MMIO base for purgatory's message, 0 for none */
	const struct arm64_crash_props *crash;	/* kexec -p, or NULL */
};

/**
 * arm64_load - build the segments of an arm64 Image load
 * @in: the validated image, the files, the memory plan, the device tree
 *      and the seed the edge read
 * @out: filled on success; free with load_plan_free()
 * @err: on failure, which part ("dtb", "kernel", ...) and why
 *
 * Places the kernel at a 2 MiB aligned base plus text_offset with
 * image_size bytes free (booting.rst, "Call the kernel image"; as low as
 * possible), the initrd near it inside one 1 GiB aligned window of 32 GiB
 * that also covers the kernel, the device tree alone in a 2 MiB region of
 * RAM, and purgatory; all inside @in->place.  When the Image's flags bit 3
 * is clear, nothing goes below the kernel, which such a kernel cannot see.
 *
 * The device tree is @in->dtb with /chosen rewritten (dtb_set_chosen()) and
 * its memory nodes replaced by @in->boot (dtb_set_memory()), except on a
 * UEFI boot (dtb_is_uefi()), where they are left alone; it is packed and
 * must pass fdt_check_full().  Purgatory's block gets the kernel's address
 * as entry, the device tree's as arg0 (x0) and a checksum of every other
 * segment.  Pure.
 *
 * Returns 0, or:
 * -EINVAL  a bad device tree (none, corrupt, or no /chosen) or purgatory;
 * -ERANGE  the root's #address-cells or #size-cells cannot hold the RAM or
 *          initrd addresses;
 * -E2BIG   the device tree would be larger than 2 MiB;
 * -ENOSPC  nothing fits (@err names the segment);
 * -ENOMEM.
 */
int arm64_load(const struct arm64_load_in *in, struct load_plan *out, struct diag *err);

#endif
