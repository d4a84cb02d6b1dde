/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARM64_CRASH_H
#define KEXEC_ARM64_CRASH_H

#include "arm64_load.h"
#include "crash.h"
#include "diag.h"
#include "elfcore.h"
#include "load.h"

/* What a kdump load of an arm64 Image needs beyond a normal load. */
struct arm64_crash_in {
	struct arm64_load_in load;	/* as for a normal load; its place and crash
					 * are replaced here, boot stays the whole
					 * machine's RAM */
	const struct crash_plan *crash;	/* crash_plan_build() */
	const struct range_list *place;	/* crash->place, or a part of it */
	struct elfcore_in core;		/* core.dump NULL means crash->dump */
};

/**
 * arm64_crash_load - build the segments of a kdump (kexec -p) load
 * @in: the normal load's inputs, the crash plan and the core header's facts
 * @out: filled on success, with @out->crash set; free with load_plan_free()
 * @err: on failure, which part and why
 *
 * Builds the ELF core header and sets its pages aside at the top of
 * @in->place (crash_header_prepare()), makes a normal arm64_load() of the
 * rest in what is left, with /chosen carrying linux,elfcorehdr and
 * linux,usable-memory-range (the reservation, high region first, low
 * last: crash_usable_ranges()) and the memory nodes still describing the
 * whole machine, then adds the header (crash_header_commit()).  Pure.
 *
 * Returns 0 or the errors of crash_header_prepare(), arm64_load() and
 * crash_header_commit().
 */
int arm64_crash_load(const struct arm64_crash_in *in, struct load_plan *out, struct diag *err);

#endif
