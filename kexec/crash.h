/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_CRASH_H
#define KEXEC_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iomem.h"
#include "memmap.h"
#include "range.h"

/*
 * The crash plan: where a kdump (kexec -p) load may go, what the capture
 * kernel may use as RAM, and what its /proc/vmcore must describe.  Pure:
 * it reads the iomem tree and the memory plan, nothing else.
 * Documentation/admin-guide/kdump/kdump.rst describes the mechanism.
 */

/* A kernel reserves at most two regions, both named "Crash kernel" in
 * /proc/iomem: crashk_res and, with crashkernel=X,high, crashk_low_res
 * below 4 GiB (kernel/crash_reserve.c). */
#define CRASH_MAX_REGIONS 2
/* x86: the first MiB, which kernels since 5.13 never use (see crash.c). */
#define CRASH_X86_LOW_END (1ull << 20)
#define CRASH_PAGE 4096ull

/* What is wrong with the reservation, for the caller's message. */
enum crash_problem {
	CRASH_OK = 0,
	CRASH_NONE,		/* no "Crash kernel" node: boot with crashkernel= */
	CRASH_TOO_MANY,		/* more than CRASH_MAX_REGIONS nodes */
	CRASH_OVERLAP,		/* two nodes overlap (one nested in the other) */
	CRASH_NOT_IN_RAM,	/* not inside System RAM, or not RAM in the boot map */
	CRASH_UNALIGNED,	/* a start or end that is not page-aligned */
	CRASH_SIZE_MISMATCH,	/* sys/kernel/kexec_crash_size says otherwise */
};

struct crash_error {
	enum crash_problem problem;
	int32_t node;		/* the iomem node at fault, or -1 */
	unsigned line;		/* its line in /proc/iomem, or 0 */
	char msg[192];		/* one line, without the file name */
};

struct crash_region {
	uint64_t start;		/* first byte */
	uint64_t end;		/* one past the last */
	int32_t node;		/* its iomem node */
};

struct crash_plan {
	uint16_t machine;	/* EM_X86_64 or EM_AARCH64 */
	struct crash_region region[CRASH_MAX_REGIONS];	/* sorted by start */
	size_t nregions;
	uint64_t reserved;	/* bytes in all regions */
	struct range_list place;	/* the regions: every segment and the entry go here */
	struct range_list dump;		/* what the ELF core header describes */
};

/**
 * crash_plan_build - find and check the crash reservation
 * @io: the /proc/iomem tree the plan was built from
 * @mp: its memory plan (memmap_build())
 * @machine: EM_X86_64 or EM_AARCH64 (<elf.h>): the capture kernel's
 * @sysfs_size: sys/kernel/kexec_crash_size, or 0 when unknown
 * @out: filled on success; free with crash_plan_free()
 * @err: on failure, the problem, the node and a message
 *
 * Finds every "Crash kernel" node at any depth (the plan classed them
 * MC_CRASH) and checks each: page-aligned, nested in ordinary System RAM
 * and RAM in the plan's boot map, not overlapping another.  @sysfs_size,
 * when known, must be the sum of the regions or, as kernels before the low
 * region was counted say, the size of the highest region alone.
 *
 * @out->place is the regions.  @out->dump is the plan's dump list (every
 * System RAM byte, driver-managed included, minus the regions); on x86_64
 * the first MiB is left out of it too, because the capture kernel is given
 * that memory as RAM (see crash_x86_capture_map()).
 *
 * Returns 0, or:
 * -ENOENT   no reservation (CRASH_NONE);
 * -EINVAL   a reservation split oddly or of the wrong size (@err->problem
 *           says which);
 * -E2BIG, -ENOMEM from the range lists.
 */
int crash_plan_build(const struct iomem_tree *io, const struct memmap_plan *mp,
		     uint16_t machine, uint64_t sysfs_size, struct crash_plan *out,
		     struct crash_error *err);

/** crash_plan_free - release what crash_plan_build() allocated */
void crash_plan_free(struct crash_plan *cp);

/** crash_problem_name - a few words for @p ("no reservation", ...) */
const char *crash_problem_name(enum crash_problem p);

/**
 * crash_inside - does [@start, @end) lie inside one region?
 * @cp: the crash plan
 * @start: first byte
 * @end: one past the last; an empty range is inside when @start is
 */
bool crash_inside(const struct crash_plan *cp, uint64_t start, uint64_t end);

/**
 * crash_x86_capture_map - the x86_64 capture kernel's e820 map
 * @cp: the crash plan
 * @mp: the memory plan
 * @keep: a normal list of what the capture kernel must not reuse: the ELF
 *        core header's segment (any other segment of the load may be
 *        reused once the capture kernel runs)
 * @out: emptied, then filled with a normal typed list for e820_encode()
 *
 * As the kernel's own kdump path does (arch/x86/kernel/crash.c,
 * crash_setup_memmap_entries): the System RAM below 1 MiB as RAM, every
 * region minus @keep as RAM, and the boot map's firmware ranges (ACPI,
 * NVS, reserved, unusable, persistent, soft-reserved) unchanged, so the
 * capture kernel finds its ACPI tables and leaves the rest alone.  The
 * low RAM is passed as the plan's place list has it; the reservation's
 * pieces are whole pages, and smaller ones are dropped.
 *
 * Returns 0, -E2BIG or -ENOMEM.
 */
int crash_x86_capture_map(const struct crash_plan *cp, const struct memmap_plan *mp,
			  const struct range_list *keep, struct range_list *out);

/**
 * crash_usable_ranges - linux,usable-memory-range for an arm64 capture kernel
 * @cp: the crash plan
 * @out: set to the regions in the property's order
 *
 * The high region first and the low one last: the kernel caps memory to
 * the first entry and adds the rest (drivers/of/fdt.c,
 * early_init_dt_check_for_usable_mem_range: "the low region is always the
 * last range of linux,usable-memory-range if exist").
 *
 * Returns the number of entries, 1 or 2.
 */
size_t crash_usable_ranges(const struct crash_plan *cp, struct range out[CRASH_MAX_REGIONS]);

/**
 * crash_kernel_code - the physical start of /proc/iomem's "Kernel code"
 * @io: the tree
 * @start: set on success
 *
 * Returns true when there is such a node (x86: __pa_symbol(_text); arm64:
 * __pa_symbol(_stext), inside the image).
 */
bool crash_kernel_code(const struct iomem_tree *io, uint64_t *start);

#endif
