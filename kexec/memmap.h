/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_MEMMAP_H
#define KEXEC_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fwmap.h"
#include "iomem.h"
#include "range.h"

/*
 * The reconciler: /proc/iomem and /sys/firmware/memmap in, the memory plan
 * out.  Rules R1-R9 are written down in man/kexec-memmap.8; every range of
 * the plan carries the rules that made it.
 */
enum memmap_rule {
	R1_IOMEM_TREE = 1,	/* iomem is a tree by containment */
	R2_FWMAP = 2,		/* firmware memmap entries, types kept */
	R3_DRIVER = 3,		/* driver-managed RAM is never boot RAM or a place */
	R4_ORDINARY = 4,	/* top-level System RAM stays RAM, counted once */
	R5_RECONCILE = 5,	/* firmware map is the base; iomem claims win */
	R6_IOMEM_BASE = 6,	/* no firmware map: top-level typed iomem nodes */
	R7_NORMAL = 7,		/* sorted, merged, no fixed caps */
	R8_DUMP = 8,		/* dump = all System RAM* minus Crash kernel */
	R9_PLACE = 9,		/* place = boot RAM that iomem also calls RAM, minus reservations */
};

#define RULE_BIT(r) ((uint16_t)(1u << (r)))

/* What the reconciler made of each /proc/iomem node. */
enum memmap_class {
	MC_OTHER = 0,		/* not memory: buses, devices, ROMs */
	MC_RAM,			/* top-level System RAM (R4) */
	MC_RAM_NESTED,		/* System RAM inside System RAM: counted once (R4) */
	MC_DRIVER_RAM,		/* driver-managed RAM (R3) */
	MC_OWNER,		/* non-RAM ancestor of driver-managed RAM (R5) */
	MC_PERSISTENT,		/* Persistent Memory*, Soft Reserved at any depth (R5) */
	MC_TYPED,		/* top-level typed node: Reserved, ACPI Tables... (R6) */
	MC_CRASH,		/* Crash kernel (R8, R9) */
	MC_KERNEL,		/* the running kernel's sections inside RAM (R9) */
	MC_RESERVATION,		/* any other non-RAM node inside RAM (R9) */
};

struct memmap_drop {
	uint64_t start;
	uint64_t end;
	int32_t node;		/* the iomem node that caused it */
	uint16_t rule;		/* R3_DRIVER or R5_RECONCILE */
	uint32_t became;	/* its type in boot, MT_NONE when absent */
};

struct memmap_conflict {
	uint64_t start;
	uint64_t end;
	uint32_t fw_type;	/* what the firmware map says, MT_NONE for a hole */
	int32_t fw_entry;	/* index into the firmware map, -1 for a hole */
	int32_t node;		/* the iomem node that disagrees */
	uint32_t result;	/* the type boot got */
	uint16_t rule;		/* R4_ORDINARY or R5_RECONCILE */
};

struct memmap_plan {
	struct range_list boot;		/* typed: the next kernel's map */
	struct range_list place;	/* where a normal load may put segments */
	struct range_list dump;		/* what a kdump core must describe */
	struct memmap_drop *drops;	/* sorted by start */
	size_t ndrops, drops_cap;
	struct memmap_conflict *conflicts;	/* sorted by start */
	size_t nconflicts, conflicts_cap;
	uint8_t *node_class;		/* enum memmap_class per iomem node */
	bool from_fwmap;		/* boot is based on the firmware map (R5) */
};

/**
 * memmap_build - reconcile the two sources into a memory plan
 * @iomem: the /proc/iomem tree
 * @fw: the firmware map, sorted by fwmap_sort(), or NULL when absent
 * @max_ranges: the most ranges any list of the plan may hold
 * @plan: filled on success; free it with memmap_plan_free()
 *
 * Pure: no I/O.  Returns 0, -E2BIG when a list would pass @max_ranges, or
 * -ENOMEM.  On failure @plan is left empty.
 */
int memmap_build(const struct iomem_tree *iomem, const struct fwmap *fw,
		 size_t max_ranges, struct memmap_plan *plan);

/** memmap_plan_free - release everything memmap_build() allocated */
void memmap_plan_free(struct memmap_plan *plan);

/** memmap_class_reason - "rule R3: driver-managed RAM", for a class */
const char *memmap_class_reason(enum memmap_class c);

/** memmap_rule_name - "driver-managed", a few words naming rule @r */
const char *memmap_rule_name(enum memmap_rule r);

#endif
