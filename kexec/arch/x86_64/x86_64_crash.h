/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_X86_64_CRASH_H
#define KEXEC_X86_64_CRASH_H

#include <stddef.h>
#include <stdint.h>

#include "crash.h"
#include "diag.h"
#include "elfcore.h"
#include "load.h"
#include "range.h"
#include "x86_64_load.h"

/* What a kdump load of a bzImage needs beyond a normal load. */
struct x86_64_crash_in {
	struct x86_64_load_in load;	/* as for a normal load; its boot, place and
					 * cmdline are replaced here */
	const struct crash_plan *crash;	/* crash_plan_build() */
	const struct memmap_plan *plan;	/* the plan it was built from */
	const struct range_list *place;	/* where segments may go: crash->place, or a
					 * part of it (--mem-min, --mem-max) */
	const char *cmdline;		/* the capture kernel's, without elfcorehdr= */
	struct elfcore_in core;		/* the ELF core header; core.dump NULL means
					 * crash->dump */
};

/* What the load decided, for --dry-run. */
struct x86_64_crash_out {
	uint64_t elfcorehdr;		/* where the ELF core header went */
	size_t elfcorehdr_len;		/* its size in bytes */
	uint64_t phnum;			/* its program headers */
	struct range_list map;		/* the capture kernel's e820 map; the caller
					 * frees it with range_list_free() */
	const char *cmdline;		/* the command line handed over; the load
					 * plan owns it */
};

/**
 * x86_64_crash_load - build the segments of a kdump (kexec -p) load
 * @in: the normal load's inputs, the crash plan and the core header's facts
 * @out: filled on success; free with load_plan_free()
 * @info: filled on success
 * @err: on failure, which part and why
 *
 * Builds the ELF core header (elfcore_fill()) and places it at the top of
 * @in->place, builds the capture kernel's map with that header kept out
 * of its RAM (crash_x86_capture_map()), appends " elfcorehdr=SIZE@ADDR"
 * (Documentation/admin-guide/kernel-parameters.txt:
 * elfcorehdr=[size[KMG]@]offset[KMG]; the last one given wins, so a stale
 * one in a reused command line does not) and makes a normal x86_64_load()
 * of the rest inside what is left of @in->place.  The header is a fifth
 * segment that purgatory does not checksum, as the kernel's own crash path
 * leaves it out of its digest so that it can be rewritten on memory
 * hotplug (arch/x86/kernel/crash.c, arch_crash_hotplug_support()).  Every
 * segment and the entry are checked to lie inside the reservation.  Pure.
 *
 * Returns 0, or:
 * -E2BIG   more program headers than a capture kernel reads, or a command
 *          line too long for the kernel;
 * -ENOSPC  the header or a segment does not fit (@err names it);
 * -EINVAL  bad core header facts, bad purgatory, or a segment outside the
 *          reservation (a bug);
 * -ENOMEM.
 */
int x86_64_crash_load(const struct x86_64_crash_in *in, struct load_plan *out,
		      struct x86_64_crash_out *info, struct diag *err);

#endif
