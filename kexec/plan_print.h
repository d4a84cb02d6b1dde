/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_PLAN_PRINT_H
#define KEXEC_PLAN_PRINT_H

#include <stdio.h>

#include "crash.h"
#include "load.h"
#include "memmap_print.h"

struct plan_view {
	const char *kernel_path;
	const char *initrd_path;	/* NULL for none */
	const char *format;		/* "bzImage" */
	const char *cmdline;
	const struct load_plan *load;
	const struct memmap_view *mem;
	const char *syscall;		/* which syscall a real load would use, and why */
	const struct crash_plan *crash;	/* kexec -p: the reservation, or NULL */
};

/**
 * plan_print - what --dry-run and --debug show: segments with their file
 * ranges and placement, the entry, the memory map handed over (as
 * BIOS-e820 lines), purgatory's parameters and the memory-map decisions;
 * for a crash load also the reservation, the ELF core header and its
 * PT_LOADs, and the capture kernel's map
 */
void plan_print(FILE *f, const struct plan_view *v);

#endif
