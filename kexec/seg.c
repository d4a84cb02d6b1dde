// SPDX-License-Identifier: GPL-2.0-or-later
/* The segment planner: where each piece of a load goes. */
#include <errno.h>

#include "seg.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return v > UINT64_MAX - (a - 1) ? UINT64_MAX : (v + a - 1) & ~(a - 1);
}

/* Try [start, start + size) against one free range clipped to [lo, hi). */
static bool fit(const struct range *r, const struct seg_req *q, uint64_t size, uint64_t *at)
{
	uint64_t lo = r->start > q->min ? r->start : q->min;
	uint64_t hi = r->end < q->max ? r->end : q->max;
	uint64_t s;

	if (hi <= lo || hi - lo < size)
		return false;
	if (q->top_down) {
		s = (hi - size) & ~(q->align - 1);
		if (s < lo)
			return false;
	} else {
		s = align_up(lo, q->align);
		if (s == UINT64_MAX || s > hi - size)
			return false;
	}
	*at = s;
	return true;
}

static bool inside(const struct range_list *free, uint64_t s, uint64_t e)
{
	for (size_t i = 0; i < free->n; i++)
		if (free->v[i].start <= s && e <= free->v[i].end)
			return true;
	return false;
}

int seg_place(const struct range_list *place, struct seg_req *reqs, size_t n, size_t *failed)
{
	struct range_list free = RANGE_LIST_INIT(0), used = RANGE_LIST_INIT(0);
	struct range_list next = RANGE_LIST_INIT(0);
	int ret = 0;

	if (n > KEXEC_SEGMENT_MAX)
		return -E2BIG;
	/* Only whole pages are ever free. */
	for (size_t i = 0; i < place->n && !ret; i++)
		ret = range_list_add(&free, align_up(place->v[i].start, SEG_PAGE),
				     place->v[i].end & ~(SEG_PAGE - 1), 0, 0);

	for (size_t k = 0; k < n && !ret; k++) {
		struct seg_req *q = &reqs[k];
		uint64_t size = align_up(q->memsz, SEG_PAGE), at = 0;
		bool found = false;

		if (q->align < SEG_PAGE)
			q->align = SEG_PAGE;
		if (!q->memsz || (q->align & (q->align - 1)) || size == UINT64_MAX || !q->max) {
			ret = -EINVAL;
			*failed = k;
			break;
		}
		if (q->pref && !(q->pref & (q->align - 1)) && q->pref >= q->min &&
		    q->max >= size && q->pref <= q->max - size &&
		    inside(&free, q->pref, q->pref + size)) {
			at = q->pref;
			found = true;
		}
		for (size_t i = 0; !found && i < free.n; i++) {
			size_t j = q->top_down ? free.n - 1 - i : i;

			found = fit(&free.v[j], q, size, &at);
		}
		if (!found) {
			ret = -ENOSPC;
			*failed = k;
			break;
		}
		q->mem = at;
		used.n = 0;
		ret = range_list_add(&used, at, at + size, 0, 0);
		if (!ret)
			ret = range_subtract(&next, &free, &used);
		if (!ret) {
			struct range_list t = free;

			free = next;
			next = t;
		}
	}
	range_list_free(&free);
	range_list_free(&used);
	range_list_free(&next);
	return ret;
}
