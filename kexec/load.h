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

/* What an arm64 load did with the device tree's memory nodes, for --dry-run. */
enum load_dtb_memory {
	LOAD_DTB_NONE = 0,		/* no device tree (x86) */
	LOAD_DTB_MEM_REWRITTEN,		/* replaced by the plan's boot RAM */
	LOAD_DTB_MEM_ADDED,		/* the tree had none: added from the plan's boot RAM */
	LOAD_DTB_MEM_UEFI,		/* left alone: a UEFI boot, memory from linux,uefi-mmap-* */
};

/* What a kdump (kexec -p) load decided, for --dry-run. */
struct load_crash {
	bool on;			/* this is a crash load */
	uint64_t elfcorehdr;		/* the ELF core header's segment */
	size_t elfcorehdr_len;
	uint64_t phnum;			/* its program headers */
	struct range_list map;		/* x86: the capture kernel's e820 map (owned) */
	struct range usable[2];		/* arm64: linux,usable-memory-range, in order */
	size_t nusable;
	const char *cmdline;		/* the command line handed over (owned) */
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
	uint64_t dtb_addr;		/* arm64: the device tree handed over (x0) */
	size_t dtb_len;			/* 0 when there is none */
	enum load_dtb_memory dtb_memory;
	struct load_crash crash;
};

struct memmap_plan;
struct crash_plan;
struct elfcore_in;

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
	uint64_t serial;		/* purgatory's console: x86 I/O port or arm64 PL011
					 * MMIO base, 0 for none */
	const void *dtb;		/* arm64: the device tree to start from (--dtb, else
					 * sys/firmware/fdt), or NULL */
	size_t dtb_len;
	/* kexec -p only; NULL for a normal load.  Segments and the entry then
	 * go inside crash->place (narrowed into @place), and the loader adds
	 * the ELF core header built from @core (core->dump NULL: crash->dump). */
	const struct crash_plan *crash;
	const struct elfcore_in *core;
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

/*
 * Helpers every arch loader shares: the purgatory image's header, the
 * segment list, and the parameter block, written the same way on every
 * architecture.
 */

/**
 * load_check_purgatory - read and validate a flat purgatory image's header
 * @img: the image
 * @len: its length
 * @h: filled on success
 * @err: on failure, why
 *
 * Returns 0, or -EINVAL (no header, wrong magic or version, or a parameter
 * block outside the image).
 */
int load_check_purgatory(const void *img, size_t len, struct purgatory_header *h,
			 struct diag *err);

/**
 * load_add_segment - append a segment; its memsz is rounded up to pages
 * @p: the plan; the caller keeps nseg below KEXEC_SEGMENT_MAX
 * @what: "kernel", "initrd", ... (a string constant)
 * @buf: the bytes
 * @bufsz: how many
 * @mem: page-aligned destination
 * @memsz: the memory it takes, at least @bufsz
 * @file_off: where @buf starts in its file, for --dry-run
 * @from_file: @buf is a view of an input file
 */
void load_add_segment(struct load_plan *p, const char *what, const void *buf, size_t bufsz,
		      uint64_t mem, uint64_t memsz, uint64_t file_off, bool from_file);

/**
 * load_seal_purgatory - fill purgatory's block and add its segment, last
 * @p: the plan with every other segment; @p->entry is set to @mem
 * @purg: a copy of the image the plan owns, @purg_len bytes
 * @purg_len: its length
 * @h: its header (load_check_purgatory())
 * @mem: where the image goes
 * @pp: entry, arg0, flags and serial_*; magic, version and the segments
 *      are filled in here: one ckhash64 per segment already in @p, or none
 *      with PURGATORY_F_NO_CHECKS
 *
 * The block is written into @purg at @h->params_offset and kept in
 * @p->pparams for --dry-run.
 */
void load_seal_purgatory(struct load_plan *p, uint8_t *purg, size_t purg_len,
			 const struct purgatory_header *h, uint64_t mem,
			 const struct purgatory_params *pp);

#endif
