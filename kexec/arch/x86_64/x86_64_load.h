/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_X86_64_LOAD_H
#define KEXEC_X86_64_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "bzimage.h"
#include "diag.h"
#include "load.h"
#include "range.h"

struct x86_64_load_in {
	const struct bzimage *img;
	const void *initrd;		/* NULL for none */
	size_t initrd_len;
	const char *cmdline;		/* "" for an empty command line */
	const struct range_list *boot;	/* the plan's boot list: the e820 table */
	const struct range_list *place;	/* where segments may go */
	const uint8_t *fw_boot_params;	/* the running kernel's zero page, or NULL */
	uint64_t acpi_rsdp;		/* 0: keep what fw_boot_params says */
	const uint8_t *rng_seed;	/* for SETUP_RNG_SEED, or NULL */
	size_t rng_seed_len;
	const void *purgatory;		/* the flat x86_64 purgatory image */
	size_t purgatory_len;
	uint32_t purgatory_flags;	/* PURGATORY_F_* */
	uint16_t serial_port;		/* 8250 I/O port for purgatory's message, 0 for none */
};

/**
 * x86_64_load - build the segments of a bzImage load
 * @in: the validated image, the files, the memory plan and the firmware
 *      facts the edge read
 * @out: filled on success; free with load_plan_free()
 * @err: on failure, which part and why
 *
 * Builds a fresh zero page (setup header from the image, e820 from @in->boot
 * with the entries past 128 in SETUP_E820_EXT, command line, initrd, RNG
 * seed; firmware fields copied from @in->fw_boot_params; never the old
 * setup_data chain), places kernel, initrd, boot_params and purgatory in
 * @in->place, and fills purgatory's parameter block with the kernel's
 * 64-bit entry, the zero page's address and a checksum of every other
 * segment.  Pure.
 *
 * Returns 0, or -E2BIG (command line too long), -ENOSPC (nothing fits;
 * @err names the segment), -EINVAL (bad purgatory image or map), -ENOMEM.
 */
int x86_64_load(const struct x86_64_load_in *in, struct load_plan *out, struct diag *err);

#endif
