/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_LOAD_H
#define KEXEC_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../purgatory/params.h"
#include "diag.h"
#include "range.h"
#include "seg.h"

/* One segment as kexec_load(2) takes it, plus what it is for --dry-run. */
struct load_segment {
	const char *what;	/* "kernel", "initrd", "boot_params", "purgatory" */
	const void *buf;	/* bytes to copy */
	size_t bufsz;
	uint64_t mem;		/* physical destination, page-aligned */
	uint64_t memsz;		/* page multiple; the rest past bufsz is zeroed */
	uint64_t file_off;	/* where buf starts in its file, for --dry-run */
	bool from_file;		/* buf is a view of an input file */
};

/* Everything a load hands the kernel, built by an arch loader. */
struct load_plan {
	struct load_segment seg[KEXEC_SEGMENT_MAX];
	size_t nseg;
	uint64_t entry;			/* where the kernel jumps: purgatory */
	struct purgatory_params pparams;	/* as written into purgatory */
	void *owned[4];			/* buffers this plan allocated */
	size_t nowned;
	/* What --dry-run shows beyond the segments. */
	uint64_t kernel_entry;
	unsigned e820_zeropage;		/* entries in boot_params */
	unsigned e820_ext;		/* entries in SETUP_E820_EXT */
	uint64_t cmdline_addr;
	size_t cmdline_len;
};

struct memmap_plan;

/* What every arch loader gets: the files, the memory plan, and the firmware
 * facts the edge read.  All of it is in memory; loaders never read files. */
struct load_request {
	const void *kernel;		/* the kernel file, decompressed if it was */
	size_t kernel_len;
	const void *initrd;		/* NULL for none */
	size_t initrd_len;
	const char *cmdline;
	const struct memmap_plan *plan;
	const struct range_list *place;	/* plan->place, narrowed by --mem-min/--mem-max */
	const uint8_t *fw_boot_params;	/* x86: /sys/kernel/boot_params/data, or NULL */
	uint64_t acpi_rsdp;		/* x86: from the EFI system table, or 0 */
	const uint8_t *rng_seed;
	size_t rng_seed_len;
	uint32_t purgatory_flags;	/* PURGATORY_F_* */
	uint64_t serial;		/* purgatory's console: x86 I/O port, 0 for none */
};

/* An image format: a table row, probed in order. */
struct kexec_format {
	const char *name;		/* "bzImage" */
	const char *arch;		/* "x86_64", as uname -m says */
	unsigned long kexec_arch;	/* KEXEC_ARCH_* for kexec_load(2) flags */
	int (*probe)(const void *buf, size_t len, struct diag *err);
	int (*load)(const struct load_request *rq, struct load_plan *out, struct diag *err);
};

/* The formats this build knows, ending with a NULL name. */
extern const struct kexec_format kexec_formats[];

/** load_plan_free - release the buffers a plan owns */
void load_plan_free(struct load_plan *p);

#endif
