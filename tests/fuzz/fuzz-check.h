/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FUZZ_CHECK_H
#define TESTS_FUZZ_CHECK_H

/*
 * Invariants the fuzz targets check.  Every check ends in __builtin_trap(),
 * which libFuzzer reports as a crash and the replay programs die of.
 *
 * Each target is compiled as one translation unit together with the core
 * sources (see tests/Makefile.frag), so the helpers live here as static
 * inline functions.
 */
#include <stddef.h>
#include <stdint.h>

#include "iomem.h"
#include "memmap.h"
#include "memtype.h"
#include "range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)			\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)

/* Sorted by start, no two ranges overlapping, none empty. */
static inline void fuzz_check_normal(const struct range_list *l)
{
	FUZZ_ASSERT(l->n <= l->cap);
	for (size_t i = 0; i < l->n; i++) {
		FUZZ_ASSERT(l->v[i].start < l->v[i].end);
		if (i)
			FUZZ_ASSERT(l->v[i - 1].end <= l->v[i].start);
	}
}

/* Is every byte of the normal list @a inside the ranges of the normal list
 * @b that have type @type (any type when @any_type)?  Linear in both. */
static inline void fuzz_check_subset(const struct range_list *a,
				     const struct range_list *b,
				     uint32_t type, int any_type)
{
	size_t j = 0;

	for (size_t i = 0; i < a->n; i++) {
		uint64_t pos = a->v[i].start;

		while (pos < a->v[i].end) {
			while (j < b->n && b->v[j].end <= pos)
				j++;
			FUZZ_ASSERT(j < b->n);
			FUZZ_ASSERT(b->v[j].start <= pos);
			FUZZ_ASSERT(any_type || b->v[j].type == type);
			pos = b->v[j].end;
		}
	}
}

/* Does [start, end) overlap a range of the normal list @l? */
static inline int fuzz_overlaps(const struct range_list *l, uint64_t start,
				uint64_t end)
{
	size_t lo = 0, hi = l->n;

	/* The first range that ends after start. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->v[lo].start < end;
}

/* Does [start, end) overlap a range of type @type in the normal list @l? */
static inline int fuzz_overlaps_type(const struct range_list *l, uint64_t start,
				     uint64_t end, uint32_t type)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && l->v[lo].start < end; lo++)
		if (l->v[lo].type == type)
			return 1;
	return 0;
}

/*
 * The tree as iomem_parse() promises it: parents come first and contain
 * their children, depths follow the parents, names stay inside the buffer.
 * An empty node is possible in one case only: an inclusive end of 2^64-1
 * is stored as 2^64-1, so "ffffffffffffffff-ffffffffffffffff" is empty.
 */
static inline void fuzz_check_tree(const struct iomem_tree *t,
				   const uint8_t *buf, size_t len)
{
	FUZZ_ASSERT(t->n >= 1 && t->n <= t->cap);
	for (size_t i = 0; i < t->n; i++) {
		const struct iomem_node *n = &t->nodes[i];
		const uint8_t *name = (const uint8_t *)n->name;

		FUZZ_ASSERT(n->start < n->end ||
			    (n->start == UINT64_MAX && n->end == UINT64_MAX));
		FUZZ_ASSERT(name >= buf && name + n->name_len <= buf + len);
		FUZZ_ASSERT(n->line >= 1);
		if (n->parent < 0) {
			FUZZ_ASSERT(n->parent == -1 && n->depth == 0);
			continue;
		}
		FUZZ_ASSERT((size_t)n->parent < i);
		FUZZ_ASSERT(n->depth == t->nodes[n->parent].depth + 1);
		FUZZ_ASSERT(n->start >= t->nodes[n->parent].start);
		FUZZ_ASSERT(n->end <= t->nodes[n->parent].end);
	}
}

/*
 * The plan: every list normal and every boot range typed; place inside boot
 * RAM and inside top-level System RAM, never on driver-managed or persistent
 * memory, a Crash kernel or a reservation; no boot RAM on driver-managed or
 * persistent memory; no dump on a Crash kernel; drops and conflicts sorted
 * and naming real nodes.
 */
static inline void fuzz_check_plan(const struct iomem_tree *t,
				   const struct memmap_plan *p)
{
	struct range_list ordinary = RANGE_LIST_INIT(0);

	fuzz_check_normal(&p->boot);
	fuzz_check_normal(&p->place);
	fuzz_check_normal(&p->dump);
	for (size_t i = 0; i < p->boot.n; i++)
		FUZZ_ASSERT(p->boot.v[i].type != MT_NONE);
	fuzz_check_subset(&p->place, &p->boot, MT_RAM, 0);

	FUZZ_ASSERT(p->node_class);
	for (size_t i = 0; i < t->n; i++) {
		const struct iomem_node *n = &t->nodes[i];
		uint8_t c = p->node_class[i];

		FUZZ_ASSERT(c <= MC_RESERVATION);
		if (c == MC_DRIVER_RAM || c == MC_PERSISTENT) {
			FUZZ_ASSERT(!fuzz_overlaps(&p->place, n->start, n->end));
			/* Nor is it RAM for the next kernel (R3, R5). */
			FUZZ_ASSERT(!fuzz_overlaps_type(&p->boot, n->start, n->end, MT_RAM));
		}
		if (c == MC_CRASH || c == MC_RESERVATION)
			FUZZ_ASSERT(!fuzz_overlaps(&p->place, n->start, n->end));
		if (c == MC_CRASH)
			FUZZ_ASSERT(!fuzz_overlaps(&p->dump, n->start, n->end));
		/* Ordinary RAM is top level, so in file order it is normal. */
		if (c == MC_RAM) {
			FUZZ_ASSERT(n->parent < 0);
			FUZZ_ASSERT(!range_list_add(&ordinary, n->start, n->end, 0, 0));
		}
	}
	/* R9: places are ordinary RAM as the running kernel sees it. */
	fuzz_check_normal(&ordinary);
	fuzz_check_subset(&p->place, &ordinary, 0, 1);
	range_list_free(&ordinary);

	for (size_t i = 0; i < p->ndrops; i++) {
		const struct memmap_drop *d = &p->drops[i];

		FUZZ_ASSERT(d->start < d->end);
		FUZZ_ASSERT(d->node >= 0 && (size_t)d->node < t->n);
		if (i)
			FUZZ_ASSERT(p->drops[i - 1].start <= d->start);
	}
	for (size_t i = 0; i < p->nconflicts; i++) {
		const struct memmap_conflict *c = &p->conflicts[i];

		FUZZ_ASSERT(c->start < c->end);
		FUZZ_ASSERT(c->node >= 0 && (size_t)c->node < t->n);
		if (i)
			FUZZ_ASSERT(p->conflicts[i - 1].start <= c->start);
	}
}

#endif
