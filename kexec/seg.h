/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_SEG_H
#define KEXEC_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "range.h"

/* The kernel takes at most this many segments (include/linux/kexec.h). */
#define KEXEC_SEGMENT_MAX 16
#define SEG_PAGE 4096ull

/* What one segment needs; the planner fills in mem. */
struct seg_req {
	const char *what;	/* "kernel", "initrd", ... for messages */
	uint64_t memsz;		/* bytes in memory; rounded up to pages */
	uint64_t align;		/* a power of two, at least a page */
	uint64_t min;		/* lowest address the segment may start at */
	uint64_t max;		/* the segment must end at or below this */
	uint64_t pref;		/* preferred start, or 0 */
	bool top_down;		/* take the highest fit instead of the lowest */
	uint64_t mem;		/* out: the chosen start */
};

/**
 * seg_place - place segments inside the plan's place ranges
 * @place: a normal list of where segments may go
 * @reqs: the segments, placed in this order; each one's mem is set
 * @n: how many; at most KEXEC_SEGMENT_MAX
 * @failed: on -ENOSPC, the index of the segment that did not fit
 *
 * Each segment goes at its preferred address when that is free and
 * aligned, else at the lowest (or, with top_down, highest) aligned address
 * in [min, max) that is still free.  Segments never overlap each other and
 * never leave @place.  Pure.
 *
 * Returns 0, -E2BIG for more than KEXEC_SEGMENT_MAX segments, -EINVAL for
 * a bad alignment or an empty segment, -ENOSPC when one does not fit, or
 * -ENOMEM.
 */
int seg_place(const struct range_list *place, struct seg_req *reqs, size_t n, size_t *failed);

#endif
