/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARM64_DTB_CHOSEN_H
#define KEXEC_ARM64_DTB_CHOSEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "range.h"

/*
 * /chosen for the next kernel, and what the tree says about memory.  Pure
 * functions over libfdt; the blob is one the caller opened for writing
 * with fdt_open_into().  The properties are those of the devicetree
 * specification ("/chosen Node") and of Linux's
 * Documentation/devicetree/bindings/chosen.txt and dt-schema's chosen.yaml.
 */

/* What /chosen should say. */
struct dtb_chosen {
	const char *bootargs;		/* the whole command line; "" for an empty one */
	bool initrd;			/* false: remove linux,initrd-start/-end */
	uint64_t initrd_start;		/* [initrd_start, initrd_end) */
	uint64_t initrd_end;
	bool kaslr;			/* false: remove kaslr-seed */
	uint64_t kaslr_seed;
	const uint8_t *rng_seed;	/* NULL: remove rng-seed */
	size_t rng_seed_len;
	/* kexec -p: what a capture kernel reads (chosen.yaml); false removes
	 * both properties, which only ever describe one boot. */
	bool crash;
	uint64_t elfcorehdr_start;	/* linux,elfcorehdr = <start size> */
	uint64_t elfcorehdr_size;
	struct range usable[2];		/* linux,usable-memory-range, in this order:
					 * the high region first, the low one last */
	size_t nusable;			/* 1 or 2 */
};

/**
 * dtb_chosen_extra - the room dtb_set_chosen() may need beyond the blob's size
 * @c: what will be written
 *
 * Open the blob with fdt_open_into() into fdt_totalsize() plus this (plus
 * dtb_memory_extra() when the memory nodes are rewritten too).
 */
size_t dtb_chosen_extra(const struct dtb_chosen *c);

/**
 * dtb_set_chosen - write /chosen for the next kernel
 * @fdt: a writable blob, changed in place
 * @c: what to write
 *
 * Sets bootargs (an empty command line gives an empty bootargs, never the
 * old one), linux,initrd-start and linux,initrd-end in the root's
 * #address-cells, kaslr-seed as one u64 and rng-seed as bytes, and removes
 * each of them that @c leaves out.  For a crash load it sets
 * linux,elfcorehdr and linux,usable-memory-range as <address size> pairs
 * in the root's #address-cells and #size-cells; otherwise it removes them,
 * since they only described the running kernel's own boot as a kdump
 * kernel.  linux,ima-kexec-buffer (memory the running kernel has freed) is
 * always removed.
 * /memreserve/, /reserved-memory and every other node are left as they are.
 *
 * Returns 0, or:
 * -EINVAL the blob is not a valid device tree;
 * -ENOENT there is no /chosen node;
 * -ERANGE #address-cells is not 1 or 2, or an initrd or crash address or
 *         size does not fit;
 * -ENOSPC the blob's buffer is too small (the blob may be half-written).
 */
int dtb_set_chosen(void *fdt, const struct dtb_chosen *c);

/**
 * dtb_has_memory - does the root have a node whose device_type is "memory"?
 * @fdt: a valid blob
 */
bool dtb_has_memory(const void *fdt);

/**
 * dtb_is_uefi - was this tree handed over by the EFI stub?
 * @fdt: a valid blob
 *
 * True when /chosen has linux,uefi-mmap-start and the tree has no memory
 * nodes: the EFI stub removes them, and the kernel takes its memory map
 * from the UEFI memory map instead (Documentation/arch/arm64/booting.rst,
 * "Setup the device tree"; Documentation/arch/arm/uefi.rst).
 */
bool dtb_is_uefi(const void *fdt);

/**
 * dtb_memory_ranges - read back the memory nodes' reg entries
 * @fdt: a valid blob
 * @out: emptied, then filled with one MT_RAM range per reg entry, sorted
 *
 * Returns 0, -EINVAL (bad blob or a reg that is not a whole number of
 * entries), -ERANGE (cells other than 1 or 2), -E2BIG or -ENOMEM.
 */
int dtb_memory_ranges(const void *fdt, struct range_list *out);

#endif
