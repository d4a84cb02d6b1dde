/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_RANGE_H
#define KEXEC_RANGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Range algebra.  Every range inside the tool is half-open, [start, end):
 * the inclusive ends of /proc/iomem and /sys/firmware/memmap are converted
 * once, in their parsers, and nowhere else.
 *
 * A list is "normal" when it is sorted by start and no two ranges overlap.
 * The set operations below take normal lists and produce normal lists.
 */

struct range {
	uint64_t start;		/* first byte */
	uint64_t end;		/* one past the last byte */
	uint32_t type;		/* enum memtype, or 0 in untyped sets */
	uint16_t rules;		/* RULE_BIT()s of the decisions that made it */
	uint16_t prio;		/* only read by range_paint() */
	int32_t src;		/* where it came from (a node or entry index), or -1 */
};

/* Lists grow without a fixed cap up to max entries, then fail with -E2BIG. */
#define RANGE_LIST_DEFAULT_MAX ((size_t)1 << 24)

struct range_list {
	struct range *v;
	size_t n;
	size_t cap;
	size_t max;		/* 0 means RANGE_LIST_DEFAULT_MAX */
};

#define RANGE_LIST_INIT(m) { .v = NULL, .n = 0, .cap = 0, .max = (m) }

/**
 * range_list_add - append a range
 * @l: the list
 * @start: first byte
 * @end: one past the last byte; an empty range (end <= start) is ignored
 * @type: its type
 * @rules: the rules that produced it
 *
 * Returns 0, -E2BIG when @l already holds its maximum, or -ENOMEM.
 */
int range_list_add(struct range_list *l, uint64_t start, uint64_t end,
		   uint32_t type, uint16_t rules);

/** range_list_add_src - range_list_add() that also records the source index */
int range_list_add_src(struct range_list *l, uint64_t start, uint64_t end,
		       uint32_t type, uint16_t rules, uint16_t prio, int32_t src);

/** range_list_push - range_list_add() of a whole struct range, prio included */
int range_list_push(struct range_list *l, const struct range *r);

/** range_list_free - release the storage of @l and empty it; keeps max */
void range_list_free(struct range_list *l);

/** range_list_sort - sort by start, then by end */
void range_list_sort(struct range_list *l);

/**
 * range_list_union - make @l normal by merging overlapping and adjacent ranges
 * @l: any list; types are ignored, the merged range keeps the first type
 *     and the union of the rules
 */
void range_list_union(struct range_list *l);

/**
 * range_list_merge_adjacent - merge touching neighbours of the same type
 * @l: a normal list; rules of merged ranges are OR-ed
 */
void range_list_merge_adjacent(struct range_list *l);

/**
 * range_subtract - the parts of @a that are not in @b
 * @out: emptied, then filled; keeps @a's types and rules
 * @a: a normal list
 * @b: a normal list; its types are ignored
 *
 * Returns 0, -E2BIG or -ENOMEM.
 */
int range_subtract(struct range_list *out, const struct range_list *a,
		   const struct range_list *b);

/**
 * range_intersect - the parts of @a that are also in @b
 * @out: emptied, then filled; keeps @a's types and rules
 * @a: a normal list
 * @b: a normal list; its types are ignored
 *
 * Returns 0, -E2BIG or -ENOMEM.
 */
int range_intersect(struct range_list *out, const struct range_list *a,
		    const struct range_list *b);

/**
 * range_paint - flatten overlapping typed ranges by priority
 * @out: emptied, then filled with a normal list; each piece keeps the type,
 *       rules and src of the range that won it, and touching pieces with
 *       the same src, type and rules are merged (nothing else is, so call
 *       range_list_merge_adjacent() to merge by type alone)
 * @in: any list; where ranges overlap, the one with the higher prio wins,
 *      and of equal prios the later one in @in
 *
 * O(n log n) in the number of ranges.  Returns 0, -E2BIG or -ENOMEM.
 */
int range_paint(struct range_list *out, const struct range_list *in);

/**
 * range_overlaps - call @fn for every overlap of a range of @a with one of @b
 * @a: a normal list
 * @b: a normal list
 * @fn: called with the two ranges and the overlap [start, end); a non-zero
 *      return stops the walk and is returned
 * @ctx: passed to @fn
 *
 * Linear in the sizes of both lists plus the number of overlaps.
 */
int range_overlaps(const struct range_list *a, const struct range_list *b,
		   int (*fn)(void *ctx, const struct range *ra,
			     const struct range *rb, uint64_t start, uint64_t end),
		   void *ctx);

/** range_list_bytes - the total size of a normal list, saturating at UINT64_MAX */
uint64_t range_list_bytes(const struct range_list *l);

#endif
