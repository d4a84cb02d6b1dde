// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the range algebra (kexec/range.c).  Every expected value
 * below is worked out by hand from the inputs; the property test at the end
 * compares the set operations against a per-address reference.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "memtype.h"
#include "range.h"

struct exp {
	uint64_t start, end;
	uint32_t type;
};

/* Compare a list with the expected ranges; report at the caller's line. */
static bool check_list(const char *file, int line, const struct range_list *l,
		       const struct exp *x, size_t n)
{
	if (l->n != n) {
		harness_fail(file, line, "list has %zu ranges, expected %zu", l->n, n);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct range *r = &l->v[i];

		if (r->start != x[i].start || r->end != x[i].end || r->type != x[i].type)
			harness_fail(file, line,
				     "range %zu is [0x%" PRIx64 ", 0x%" PRIx64 ") type %" PRIu32
				     ", expected [0x%" PRIx64 ", 0x%" PRIx64 ") type %" PRIu32,
				     i, r->start, r->end, r->type, x[i].start, x[i].end, x[i].type);
	}
	return true;
}

/* Check a whole list; when its length is wrong, end the test right there so
 * that no later check reads past its end. */
#define REQUIRE_LIST(l, ...)							\
	do {									\
		const struct exp x_[] = { __VA_ARGS__ };			\
		if (!check_list(__FILE__, __LINE__, (l), x_, sizeof(x_) / sizeof(x_[0]))) \
			return;							\
	} while (0)

#define REQUIRE_N(l, count)						\
	do {								\
		CHECK_INT((l).n, count);				\
		if ((l).n != (size_t)(count))				\
			return;						\
	} while (0)

#define ADD(l, s, e, t, r)	CHECK_INT(range_list_add((l), (s), (e), (t), (r)), 0)
#define ADD_P(l, s, e, t, r, p, src) \
	CHECK_INT(range_list_add_src((l), (s), (e), (t), (r), (p), (src)), 0)

/* Fill @l with a few junk ranges, to show that an output list is emptied. */
static void junk(struct range_list *l)
{
	range_list_add(l, 1000, 2000, 9, 0x8000);
	range_list_add(l, 3000, 4000, 9, 0x8000);
}

/* --- add / push ----------------------------------------------------------- */

TEST(add_appends_with_fields)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 0x1000, 0x2000, MT_RAM, 0x5);
	REQUIRE_N(l, 1);
	CHECK_U64(l.v[0].start, 0x1000);
	CHECK_U64(l.v[0].end, 0x2000);
	CHECK_INT(l.v[0].type, MT_RAM);
	CHECK_INT(l.v[0].rules, 0x5);
	CHECK_INT(l.v[0].prio, 0);
	CHECK_INT(l.v[0].src, -1);
	range_list_free(&l);
}

TEST(add_ignores_empty_ranges)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 0x1000, 0x1000, MT_RAM, 1);		/* end == start */
	ADD(&l, 0x2000, 0x1000, MT_RAM, 1);		/* end < start */
	ADD(&l, UINT64_MAX, 0, MT_RAM, 1);
	CHECK_INT(l.n, 0);
	ADD(&l, 0, 1, MT_RAM, 1);
	CHECK_INT(l.n, 1);
	range_list_free(&l);
}

TEST(add_fails_e2big_at_max)
{
	struct range_list l = RANGE_LIST_INIT(3);

	ADD(&l, 0, 1, MT_RAM, 0);
	ADD(&l, 1, 2, MT_RAM, 0);
	ADD(&l, 2, 3, MT_RAM, 0);
	CHECK_INT(range_list_add(&l, 3, 4, MT_RAM, 0), -E2BIG);
	REQUIRE_N(l, 3);
	CHECK_U64(l.v[2].end, 3);
	/* An empty range is ignored before the limit is looked at. */
	CHECK_INT(range_list_add(&l, 5, 5, MT_RAM, 0), 0);
	CHECK_INT(l.n, 3);
	range_list_free(&l);
}

TEST(push_fails_e2big_at_max_of_one)
{
	struct range_list l = RANGE_LIST_INIT(1);
	struct range r = { .start = 10, .end = 20, .type = MT_RAM, .src = -1 };

	CHECK_INT(range_list_push(&l, &r), 0);
	CHECK_INT(range_list_push(&l, &r), -E2BIG);
	REQUIRE_N(l, 1);
	range_list_free(&l);
}

TEST(push_copies_prio_and_src)
{
	struct range_list l = RANGE_LIST_INIT(0);
	struct range r = {
		.start = 0x100, .end = 0x200, .type = MT_ACPI,
		.rules = 0x300, .prio = 7, .src = 42,
	};

	CHECK_INT(range_list_push(&l, &r), 0);
	REQUIRE_N(l, 1);
	CHECK_U64(l.v[0].start, 0x100);
	CHECK_U64(l.v[0].end, 0x200);
	CHECK_INT(l.v[0].type, MT_ACPI);
	CHECK_INT(l.v[0].rules, 0x300);
	CHECK_INT(l.v[0].prio, 7);
	CHECK_INT(l.v[0].src, 42);
	range_list_free(&l);
}

TEST(push_ignores_empty_range)
{
	struct range_list l = RANGE_LIST_INIT(0);
	struct range r = { .start = 0x100, .end = 0x100, .type = MT_RAM };

	CHECK_INT(range_list_push(&l, &r), 0);
	CHECK_INT(l.n, 0);
	range_list_free(&l);
}

TEST(add_grows_past_initial_capacity)
{
	struct range_list l = RANGE_LIST_INIT(0);

	for (uint64_t i = 0; i < 1000; i++)
		ADD(&l, i * 16, i * 16 + 8, MT_RAM, 0);
	REQUIRE_N(l, 1000);
	CHECK_U64(l.v[0].start, 0);
	CHECK_U64(l.v[999].start, 999 * 16);
	CHECK_U64(l.v[999].end, 999 * 16 + 8);
	range_list_free(&l);
}

TEST(free_empties_and_keeps_max)
{
	struct range_list l = RANGE_LIST_INIT(2);

	ADD(&l, 0, 1, MT_RAM, 0);
	ADD(&l, 1, 2, MT_RAM, 0);
	range_list_free(&l);
	CHECK(l.v == NULL);
	CHECK_INT(l.n, 0);
	CHECK_INT(l.cap, 0);
	CHECK_INT(l.max, 2);
	/* The limit still holds after the list is reused. */
	ADD(&l, 0, 1, MT_RAM, 0);
	ADD(&l, 1, 2, MT_RAM, 0);
	CHECK_INT(range_list_add(&l, 2, 3, MT_RAM, 0), -E2BIG);
	range_list_free(&l);
}

/* --- sort / union / merge_adjacent ---------------------------------------- */

TEST(sort_by_start_then_end)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 30, 40, 1, 0);
	ADD(&l, 10, 50, 2, 0);
	ADD(&l, 10, 20, 3, 0);
	ADD(&l, 0, 5, 4, 0);
	range_list_sort(&l);
	REQUIRE_LIST(&l, { 0, 5, 4 }, { 10, 20, 3 }, { 10, 50, 2 }, { 30, 40, 1 });
	range_list_free(&l);
}

TEST(union_merges_overlap_and_adjacency)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 10, 20, 1, 0x01);
	ADD(&l, 0, 5, 2, 0x02);
	ADD(&l, 15, 30, 3, 0x04);	/* overlaps [10, 20) */
	ADD(&l, 30, 40, 4, 0x08);	/* touches [15, 30) */
	ADD(&l, 50, 60, 5, 0x10);	/* apart */
	ADD(&l, 5, 8, 6, 0x20);		/* touches [0, 5) */
	range_list_union(&l);
	REQUIRE_LIST(&l, { 0, 8, 2 }, { 10, 40, 1 }, { 50, 60, 5 });
	CHECK_INT(l.v[0].rules, 0x22);
	CHECK_INT(l.v[1].rules, 0x0d);
	CHECK_INT(l.v[2].rules, 0x10);
	range_list_free(&l);
}

TEST(union_swallows_nested_ranges)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 20, 30, 2, 0x2);
	ADD(&l, 0, 100, 1, 0x1);
	ADD(&l, 40, 50, 3, 0x4);
	ADD(&l, 0, 100, 4, 0x8);
	range_list_union(&l);
	REQUIRE_LIST(&l, { 0, 100, 1 });
	CHECK_INT(l.v[0].rules, 0xf);
	range_list_free(&l);
}

TEST(union_keeps_gaps_of_one_byte)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 11, 20, 1, 0);
	ADD(&l, 0, 10, 1, 0);
	range_list_union(&l);
	REQUIRE_LIST(&l, { 0, 10, 1 }, { 11, 20, 1 });
	range_list_free(&l);
}

TEST(union_reaches_top_of_address_space)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, UINT64_MAX - 100, UINT64_MAX, 1, 1);
	ADD(&l, UINT64_MAX - 200, UINT64_MAX - 100, 1, 2);
	range_list_union(&l);
	REQUIRE_LIST(&l, { UINT64_MAX - 200, UINT64_MAX, 1 });
	CHECK_INT(l.v[0].rules, 3);
	range_list_free(&l);
}

TEST(union_of_empty_list)
{
	struct range_list l = RANGE_LIST_INIT(0);

	range_list_union(&l);
	CHECK_INT(l.n, 0);
}

TEST(merge_adjacent_only_same_type)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 0, 10, MT_RAM, 0x01);
	ADD(&l, 10, 20, MT_RAM, 0x02);
	ADD(&l, 20, 30, MT_RESERVED, 0x04);
	ADD(&l, 30, 40, MT_RESERVED, 0x08);
	ADD(&l, 41, 50, MT_RESERVED, 0x10);	/* a gap: kept apart */
	ADD(&l, 50, 60, MT_RAM, 0x20);		/* touches, other type */
	range_list_merge_adjacent(&l);
	REQUIRE_LIST(&l, { 0, 20, MT_RAM }, { 20, 40, MT_RESERVED },
		   { 41, 50, MT_RESERVED }, { 50, 60, MT_RAM });
	CHECK_INT(l.v[0].rules, 0x03);
	CHECK_INT(l.v[1].rules, 0x0c);
	CHECK_INT(l.v[2].rules, 0x10);
	CHECK_INT(l.v[3].rules, 0x20);
	range_list_free(&l);
}

TEST(merge_adjacent_chains_many)
{
	struct range_list l = RANGE_LIST_INIT(0);

	for (uint64_t i = 0; i < 10; i++)
		ADD(&l, i * 4, i * 4 + 4, MT_NVS, (uint16_t)(1u << i));
	range_list_merge_adjacent(&l);
	REQUIRE_LIST(&l, { 0, 40, MT_NVS });
	CHECK_INT(l.v[0].rules, 0x3ff);
	range_list_free(&l);
}

/* --- subtract / intersect --------------------------------------------------- */

/* a = [0, 100) as RAM with rules 0x11 and src 5; b is one range. */
static void one_minus_one(struct range_list *out, uint64_t bs, uint64_t be, bool sub)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);

	ADD_P(&a, 0, 100, MT_RAM, 0x11, 0, 5);
	ADD(&b, bs, be, MT_RESERVED, 0x22);
	junk(out);
	CHECK_INT(sub ? range_subtract(out, &a, &b) : range_intersect(out, &a, &b), 0);
	range_list_free(&a);
	range_list_free(&b);
}

TEST(subtract_hole_at_start)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 0, 10, true);
	REQUIRE_LIST(&out, { 10, 100, MT_RAM });
	CHECK_INT(out.v[0].rules, 0x11);
	CHECK_INT(out.v[0].src, 5);
	range_list_free(&out);
}

TEST(subtract_hole_in_middle)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 40, 60, true);
	REQUIRE_LIST(&out, { 0, 40, MT_RAM }, { 60, 100, MT_RAM });
	CHECK_INT(out.v[0].rules, 0x11);
	CHECK_INT(out.v[1].rules, 0x11);
	CHECK_INT(out.v[1].src, 5);
	range_list_free(&out);
}

TEST(subtract_hole_at_end)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 90, 100, true);
	REQUIRE_LIST(&out, { 0, 90, MT_RAM });
	range_list_free(&out);
}

TEST(subtract_hole_past_end)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 90, 500, true);
	REQUIRE_LIST(&out, { 0, 90, MT_RAM });
	range_list_free(&out);
}

TEST(subtract_b_covers_a)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 0, 100, true);
	CHECK_INT(out.n, 0);
	one_minus_one(&out, 0, UINT64_MAX, true);
	CHECK_INT(out.n, 0);
	range_list_free(&out);
}

TEST(subtract_disjoint_keeps_a)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 100, 200, true);	/* touches a's end only */
	REQUIRE_LIST(&out, { 0, 100, MT_RAM });
	CHECK_INT(out.v[0].rules, 0x11);
	range_list_free(&out);
}

TEST(subtract_empty_b_keeps_a)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(0);

	ADD(&a, 0, 10, MT_RAM, 1);
	ADD(&a, 20, 30, MT_ACPI, 2);
	junk(&out);
	CHECK_INT(range_subtract(&out, &a, &b), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM }, { 20, 30, MT_ACPI });
	range_list_free(&a);
	range_list_free(&out);
}

TEST(subtract_many_to_many)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(0);

	ADD_P(&a, 0, 10, MT_RAM, 0x1, 0, 0);
	ADD_P(&a, 20, 30, MT_ACPI, 0x2, 0, 1);
	ADD_P(&a, 40, 50, MT_NVS, 0x4, 0, 2);
	ADD_P(&a, 60, 70, MT_RAM, 0x8, 0, 3);
	ADD(&b, 5, 25, MT_RAM, 0);
	ADD(&b, 28, 45, MT_RAM, 0);
	ADD(&b, 62, 64, MT_RAM, 0);
	ADD(&b, 64, 66, MT_RAM, 0);	/* adjacent to the previous b */
	junk(&out);
	CHECK_INT(range_subtract(&out, &a, &b), 0);
	REQUIRE_LIST(&out, { 0, 5, MT_RAM }, { 25, 28, MT_ACPI }, { 45, 50, MT_NVS },
		   { 60, 62, MT_RAM }, { 66, 70, MT_RAM });
	CHECK_INT(out.v[1].rules, 0x2);
	CHECK_INT(out.v[1].src, 1);
	CHECK_INT(out.v[2].src, 2);
	CHECK_INT(out.v[4].src, 3);
	range_list_free(&a);
	range_list_free(&b);
	range_list_free(&out);
}

TEST(subtract_fails_e2big_when_out_is_full)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(1);

	ADD(&a, 0, 100, MT_RAM, 0);
	ADD(&b, 40, 60, MT_RAM, 0);
	CHECK_INT(range_subtract(&out, &a, &b), -E2BIG);
	range_list_free(&a);
	range_list_free(&b);
	range_list_free(&out);
}

TEST(intersect_hole_at_start)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 0, 10, false);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM });
	CHECK_INT(out.v[0].rules, 0x11);	/* a's rules, not b's */
	CHECK_INT(out.v[0].src, 5);
	range_list_free(&out);
}

TEST(intersect_middle)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 40, 60, false);
	REQUIRE_LIST(&out, { 40, 60, MT_RAM });
	range_list_free(&out);
}

TEST(intersect_at_end)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 90, 500, false);
	REQUIRE_LIST(&out, { 90, 100, MT_RAM });
	range_list_free(&out);
}

TEST(intersect_b_covers_a)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 0, UINT64_MAX, false);
	REQUIRE_LIST(&out, { 0, 100, MT_RAM });
	range_list_free(&out);
}

TEST(intersect_disjoint_is_empty)
{
	struct range_list out = RANGE_LIST_INIT(0);

	one_minus_one(&out, 100, 200, false);
	CHECK_INT(out.n, 0);
	range_list_free(&out);
}

TEST(intersect_many_to_many)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(0);

	ADD_P(&a, 0, 10, MT_RAM, 0x1, 0, 0);
	ADD_P(&a, 20, 30, MT_ACPI, 0x2, 0, 1);
	ADD_P(&a, 40, 50, MT_NVS, 0x4, 0, 2);
	ADD_P(&a, 60, 70, MT_RAM, 0x8, 0, 3);
	ADD(&b, 5, 25, MT_PMEM, 0x100);
	ADD(&b, 28, 45, MT_PMEM, 0x100);
	ADD(&b, 62, 64, MT_PMEM, 0x100);
	ADD(&b, 64, 66, MT_PMEM, 0x100);
	junk(&out);
	CHECK_INT(range_intersect(&out, &a, &b), 0);
	/* One piece per overlapping (a, b) pair, even where b's ranges touch. */
	REQUIRE_LIST(&out, { 5, 10, MT_RAM }, { 20, 25, MT_ACPI }, { 28, 30, MT_ACPI },
		   { 40, 45, MT_NVS }, { 62, 64, MT_RAM }, { 64, 66, MT_RAM });
	CHECK_INT(out.v[2].rules, 0x2);
	CHECK_INT(out.v[3].rules, 0x4);
	CHECK_INT(out.v[3].src, 2);
	range_list_free(&a);
	range_list_free(&b);
	range_list_free(&out);
}

TEST(intersect_with_empty_list_is_empty)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(0);

	ADD(&a, 0, 10, MT_RAM, 1);
	junk(&out);
	CHECK_INT(range_intersect(&out, &a, &b), 0);
	CHECK_INT(out.n, 0);
	junk(&out);
	CHECK_INT(range_intersect(&out, &b, &a), 0);
	CHECK_INT(out.n, 0);
	range_list_free(&a);
	range_list_free(&out);
}

/* --- paint ----------------------------------------------------------------- */

TEST(paint_higher_prio_wins)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 100, MT_RAM, 0x1, 0, 0);
	ADD_P(&in, 20, 40, MT_RESERVED, 0x2, 2, 1);
	ADD_P(&in, 30, 60, MT_ACPI, 0x4, 1, 2);
	junk(&out);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 20, MT_RAM }, { 20, 40, MT_RESERVED },
		   { 40, 60, MT_ACPI }, { 60, 100, MT_RAM });
	CHECK_INT(out.v[1].src, 1);
	CHECK_INT(out.v[1].rules, 0x2);
	CHECK_INT(out.v[2].src, 2);
	CHECK_INT(out.v[3].src, 0);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_tie_later_wins)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 100, MT_RAM, 0, 1, 0);
	ADD_P(&in, 50, 150, MT_RESERVED, 0, 1, 1);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 50, MT_RAM }, { 50, 150, MT_RESERVED });

	/* The same two ranges in the other order: the other one wins. */
	in.n = 0;
	ADD_P(&in, 50, 150, MT_RESERVED, 0, 1, 1);
	ADD_P(&in, 0, 100, MT_RAM, 0, 1, 0);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 100, MT_RAM }, { 100, 150, MT_RESERVED });
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_tie_later_wins_among_many)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	/* Five equal ranges of equal prio: the last one paints it all. */
	for (int i = 0; i < 5; i++)
		ADD_P(&in, 0, 10, (uint32_t)(i + 1), 0, 3, i);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, 5 });
	CHECK_INT(out.v[0].src, 4);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_nested)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 100, MT_RAM, 0, 0, 0);
	ADD_P(&in, 10, 90, MT_RESERVED, 0, 1, 1);
	ADD_P(&in, 20, 80, MT_ACPI, 0, 2, 2);
	ADD_P(&in, 30, 70, MT_RAM, 0, 3, 3);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM }, { 10, 20, MT_RESERVED }, { 20, 30, MT_ACPI },
		   { 30, 70, MT_RAM }, { 70, 80, MT_ACPI }, { 80, 90, MT_RESERVED },
		   { 90, 100, MT_RAM });
	CHECK_INT(out.v[3].src, 3);
	CHECK_INT(out.v[6].src, 0);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_lower_prio_inside_is_hidden_and_merged)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	/* The reserved range loses everywhere: RAM comes out in one piece. */
	ADD_P(&in, 0, 30, MT_RAM, 0x1, 1, 0);
	ADD_P(&in, 10, 20, MT_RESERVED, 0x2, 0, 1);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 30, MT_RAM });
	CHECK_INT(out.v[0].rules, 0x1);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_merges_touching_pieces_of_one_src)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	/* Two input ranges of one source touch, and a third one cuts into
	 * neither: the source comes out as one piece. */
	ADD_P(&in, 0, 10, MT_RAM, 0x1, 0, 7);
	ADD_P(&in, 10, 20, MT_RAM, 0x1, 0, 7);
	ADD_P(&in, 5, 15, MT_RAM, 0x1, 1, 7);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 20, MT_RAM });
	CHECK_INT(out.v[0].src, 7);
	CHECK_INT(out.v[0].rules, 0x1);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_keeps_pieces_of_different_srcs_apart)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 10, MT_RAM, 0x1, 0, 0);
	ADD_P(&in, 10, 20, MT_RAM, 0x2, 0, 1);
	ADD_P(&in, 20, 30, MT_RESERVED, 0x4, 0, 2);
	ADD_P(&in, 30, 40, MT_RESERVED, 0x8, 0, 3);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM }, { 10, 20, MT_RAM },
		   { 20, 30, MT_RESERVED }, { 30, 40, MT_RESERVED });
	CHECK_INT(out.v[1].src, 1);
	CHECK_INT(out.v[1].rules, 0x2);
	CHECK_INT(out.v[3].src, 3);
	CHECK_INT(out.v[3].rules, 0x8);

	/* Merging by type alone is the caller's next step. */
	range_list_merge_adjacent(&out);
	REQUIRE_LIST(&out, { 0, 20, MT_RAM }, { 20, 40, MT_RESERVED });
	CHECK_INT(out.v[0].rules, 0x3);
	CHECK_INT(out.v[1].rules, 0xc);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_keeps_pieces_of_one_src_and_other_type_apart)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 10, MT_RAM, 0x1, 0, 4);
	ADD_P(&in, 10, 20, MT_ACPI, 0x1, 0, 4);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM }, { 10, 20, MT_ACPI });
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_never_drops_rules_of_a_piece)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	/* range_list_add() gives every range src -1; a piece must still carry
	 * the rules of the range that won it. */
	ADD(&in, 0, 10, MT_RESERVED, 0x1);
	ADD(&in, 10, 20, MT_RESERVED, 0x2);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RESERVED }, { 10, 20, MT_RESERVED });
	CHECK_INT(out.v[0].rules, 0x1);
	CHECK_INT(out.v[1].rules, 0x2);
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_keeps_gaps)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD(&in, 20, 30, MT_RAM, 0);
	ADD(&in, 0, 10, MT_RAM, 0);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 10, MT_RAM }, { 20, 30, MT_RAM });
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_to_top_of_address_space)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, UINT64_MAX, MT_RAM, 0, 0, 0);
	ADD_P(&in, UINT64_MAX - 0x1000, UINT64_MAX, MT_RESERVED, 0, 1, 1);
	ADD_P(&in, 0x1000, 0x2000, MT_ACPI, 0, 1, 2);
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 0x1000, MT_RAM }, { 0x1000, 0x2000, MT_ACPI },
		   { 0x2000, UINT64_MAX - 0x1000, MT_RAM },
		   { UINT64_MAX - 0x1000, UINT64_MAX, MT_RESERVED });
	range_list_free(&in);
	range_list_free(&out);
}

TEST(paint_empty_input_empties_out)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	junk(&out);
	CHECK_INT(range_paint(&out, &in), 0);
	CHECK_INT(out.n, 0);
	range_list_free(&out);
}

TEST(paint_skips_empty_input_ranges)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);

	ADD_P(&in, 0, 100, MT_RAM, 0, 0, 0);
	ADD_P(&in, 40, 60, MT_RESERVED, 0, 5, 1);
	in.v[1].end = in.v[1].start;	/* made empty behind the list's back */
	CHECK_INT(range_paint(&out, &in), 0);
	REQUIRE_LIST(&out, { 0, 100, MT_RAM });
	range_list_free(&in);
	range_list_free(&out);
}

/* --- overlaps -------------------------------------------------------------- */

struct seen {
	int calls;
	int stop_at;		/* return 7 on this call (1-based), 0 never */
	struct {
		uint64_t start, end;
		int32_t a, b;
	} v[16];
};

static int record(void *ctx, const struct range *ra, const struct range *rb,
		  uint64_t start, uint64_t end)
{
	struct seen *s = ctx;

	if (s->calls < 16) {
		s->v[s->calls].start = start;
		s->v[s->calls].end = end;
		s->v[s->calls].a = ra->src;
		s->v[s->calls].b = rb->src;
	}
	s->calls++;
	return s->calls == s->stop_at ? 7 : 0;
}

static void overlap_lists(struct range_list *a, struct range_list *b)
{
	ADD_P(a, 0, 10, MT_RAM, 0, 0, 0);
	ADD_P(a, 20, 30, MT_RAM, 0, 0, 1);
	ADD_P(a, 40, 50, MT_RAM, 0, 0, 2);
	ADD_P(a, 50, 55, MT_RAM, 0, 0, 3);
	ADD_P(b, 5, 25, MT_RAM, 0, 0, 100);
	ADD_P(b, 28, 45, MT_RAM, 0, 0, 101);
	ADD_P(b, 55, 70, MT_RAM, 0, 0, 102);	/* touches a's last range only */
}

TEST(overlaps_sees_each_overlap_once)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct seen s = { 0 };

	overlap_lists(&a, &b);
	CHECK_INT(range_overlaps(&a, &b, record, &s), 0);
	CHECK_INT(s.calls, 4);
	CHECK_U64(s.v[0].start, 5);
	CHECK_U64(s.v[0].end, 10);
	CHECK_INT(s.v[0].a, 0);
	CHECK_INT(s.v[0].b, 100);
	CHECK_U64(s.v[1].start, 20);
	CHECK_U64(s.v[1].end, 25);
	CHECK_INT(s.v[1].a, 1);
	CHECK_INT(s.v[1].b, 100);
	CHECK_U64(s.v[2].start, 28);
	CHECK_U64(s.v[2].end, 30);
	CHECK_INT(s.v[2].a, 1);
	CHECK_INT(s.v[2].b, 101);
	CHECK_U64(s.v[3].start, 40);
	CHECK_U64(s.v[3].end, 45);
	CHECK_INT(s.v[3].a, 2);
	CHECK_INT(s.v[3].b, 101);
	range_list_free(&a);
	range_list_free(&b);
}

TEST(overlaps_stops_early_with_callback_value)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct seen s = { .stop_at = 2 };

	overlap_lists(&a, &b);
	CHECK_INT(range_overlaps(&a, &b, record, &s), 7);
	CHECK_INT(s.calls, 2);
	CHECK_U64(s.v[1].start, 20);
	CHECK_U64(s.v[1].end, 25);
	range_list_free(&a);
	range_list_free(&b);
}

TEST(overlaps_none_for_touching_ranges)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct seen s = { 0 };

	ADD(&a, 0, 10, MT_RAM, 0);
	ADD(&a, 20, 30, MT_RAM, 0);
	ADD(&b, 10, 20, MT_RAM, 0);
	ADD(&b, 30, 40, MT_RAM, 0);
	CHECK_INT(range_overlaps(&a, &b, record, &s), 0);
	CHECK_INT(s.calls, 0);
	range_list_free(&a);
	range_list_free(&b);
}

TEST(overlaps_one_a_many_b)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct seen s = { 0 };

	ADD_P(&a, 0, UINT64_MAX, MT_RAM, 0, 0, 9);
	ADD_P(&b, 10, 20, MT_RAM, 0, 0, 0);
	ADD_P(&b, 20, 30, MT_RAM, 0, 0, 1);
	ADD_P(&b, UINT64_MAX - 1, UINT64_MAX, MT_RAM, 0, 0, 2);
	CHECK_INT(range_overlaps(&a, &b, record, &s), 0);
	CHECK_INT(s.calls, 3);
	CHECK_U64(s.v[1].start, 20);
	CHECK_U64(s.v[1].end, 30);
	CHECK_U64(s.v[2].start, UINT64_MAX - 1);
	CHECK_U64(s.v[2].end, UINT64_MAX);
	CHECK_INT(s.v[2].a, 9);
	CHECK_INT(s.v[2].b, 2);
	range_list_free(&a);
	range_list_free(&b);
}

/* --- bytes ----------------------------------------------------------------- */

TEST(bytes_sums_sizes)
{
	struct range_list l = RANGE_LIST_INIT(0);

	CHECK_U64(range_list_bytes(&l), 0);
	ADD(&l, 0x1000, 0x3000, MT_RAM, 0);
	ADD(&l, 0x10000, 0x10001, MT_RAM, 0);
	CHECK_U64(range_list_bytes(&l), 0x2001);
	range_list_free(&l);
}

TEST(bytes_exact_at_uint64_max)
{
	struct range_list l = RANGE_LIST_INIT(0);

	ADD(&l, 0, 1ull << 63, MT_RAM, 0);
	ADD(&l, 1ull << 63, UINT64_MAX, MT_RAM, 0);
	CHECK_U64(range_list_bytes(&l), UINT64_MAX);
	range_list_free(&l);
}

TEST(bytes_saturates)
{
	struct range_list l = RANGE_LIST_INIT(0);

	/* Not a normal list, so the true sum, 2^64, does not fit: a plain sum
	 * would wrap to 0. */
	ADD(&l, 0, 1ull << 63, MT_RAM, 0);
	ADD(&l, 0, 1ull << 63, MT_RAM, 0);
	CHECK_U64(range_list_bytes(&l), UINT64_MAX);
	/* And it stays saturated: a plain sum would now read 2^63 - 1. */
	ADD(&l, 0, UINT64_MAX, MT_RAM, 0);
	CHECK_U64(range_list_bytes(&l), UINT64_MAX);
	range_list_free(&l);
}

/* --- property test ------------------------------------------------------- */

#define SPACE 256
#define ROUNDS 2000

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t below(uint64_t n)
{
	return xorshift() % n;
}

/* A random normal list over [0, SPACE); src is the index in the list. */
static void random_normal(struct range_list *l)
{
	uint64_t pos = below(16);
	int32_t n = 0;

	l->n = 0;
	if (!below(10))
		return;
	while (pos < SPACE && n < 20) {
		uint64_t end = pos + 1 + below(40);

		if (end > SPACE)
			end = SPACE;
		ADD_P(l, pos, end, (uint32_t)(1 + below(3)), (uint16_t)(1u << below(16)),
		      0, n);
		n++;
		/* About a third of the neighbours touch. */
		pos = end + (below(3) ? below(24) : 0);
	}
}

/* Which range of a normal list holds each address, or -1. */
static void owner_map(const struct range_list *l, int *own)
{
	for (int x = 0; x < SPACE; x++)
		own[x] = -1;
	for (size_t i = 0; i < l->n; i++)
		for (uint64_t x = l->v[i].start; x < l->v[i].end; x++)
			own[x] = (int)i;
}

/*
 * The expected output from a per-address key (-1 for "not in the result"):
 * one range per maximal run of an equal key, with @of[x] giving the input
 * range whose type, rules and src it carries.  Returns the number of ranges.
 */
static size_t runs(const int *key, const int *of, const struct range_list *src,
		   struct range *exp)
{
	size_t n = 0;

	for (int x = 0; x < SPACE;) {
		int y = x;

		while (y < SPACE && key[y] == key[x])
			y++;
		if (key[x] >= 0) {
			exp[n] = src->v[of[x]];
			exp[n].start = (uint64_t)x;
			exp[n].end = (uint64_t)y;
			n++;
		}
		x = y;
	}
	return n;
}

static bool same_list(int round, const char *what, const struct range_list *out,
		      const struct range *exp, size_t n, bool check_src)
{
	if (out->n != n) {
		harness_fail(__FILE__, __LINE__, "round %d: %s gave %zu ranges, expected %zu",
			     round, what, out->n, n);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct range *r = &out->v[i];

		if (r->start != exp[i].start || r->end != exp[i].end ||
		    r->type != exp[i].type || r->rules != exp[i].rules ||
		    (check_src && r->src != exp[i].src)) {
			harness_fail(__FILE__, __LINE__,
				     "round %d: %s range %zu is [%" PRIu64 ", %" PRIu64
				     ") type %" PRIu32 " rules 0x%x src %d, expected [%" PRIu64
				     ", %" PRIu64 ") type %" PRIu32 " rules 0x%x src %d",
				     round, what, i, r->start, r->end, r->type, r->rules, r->src,
				     exp[i].start, exp[i].end, exp[i].type, exp[i].rules,
				     exp[i].src);
			return false;
		}
	}
	return true;
}

struct pair_log {
	int calls;
	struct range got[SPACE];
	const struct range_list *a, *b;
	bool bad_ptr;
};

static int log_pair(void *ctx, const struct range *ra, const struct range *rb,
		    uint64_t start, uint64_t end)
{
	struct pair_log *p = ctx;

	if (ra < p->a->v || ra >= p->a->v + p->a->n || rb < p->b->v || rb >= p->b->v + p->b->n)
		p->bad_ptr = true;
	if (p->calls < SPACE) {
		p->got[p->calls] = *ra;
		p->got[p->calls].start = start;
		p->got[p->calls].end = end;
	}
	p->calls++;
	return 0;
}

static bool check_set_ops(int round)
{
	struct range_list a = RANGE_LIST_INIT(0), b = RANGE_LIST_INIT(0);
	struct range_list out = RANGE_LIST_INIT(0);
	static struct range exp[SPACE];
	static struct pair_log log;
	int oa[SPACE], ob[SPACE], key[SPACE];
	size_t n;
	bool ok = true;

	random_normal(&a);
	random_normal(&b);
	owner_map(&a, oa);
	owner_map(&b, ob);

	/* a \ b: one piece per run of addresses of one range of a. */
	for (int x = 0; x < SPACE; x++)
		key[x] = oa[x] >= 0 && ob[x] < 0 ? oa[x] : -1;
	n = runs(key, oa, &a, exp);
	CHECK_INT(range_subtract(&out, &a, &b), 0);
	ok = ok && same_list(round, "subtract", &out, exp, n, true);

	/* a & b: one piece per overlapping pair (range of a, range of b). */
	for (int x = 0; x < SPACE; x++)
		key[x] = oa[x] >= 0 && ob[x] >= 0 ? oa[x] * SPACE + ob[x] : -1;
	n = runs(key, oa, &a, exp);
	CHECK_INT(range_intersect(&out, &a, &b), 0);
	ok = ok && same_list(round, "intersect", &out, exp, n, true);

	/* range_overlaps sees exactly the pieces of the intersection. */
	memset(&log, 0, sizeof(log));
	log.a = &a;
	log.b = &b;
	CHECK_INT(range_overlaps(&a, &b, log_pair, &log), 0);
	CHECK(!log.bad_ptr);
	if (log.calls > SPACE) {
		harness_fail(__FILE__, __LINE__, "round %d: %d overlaps", round, log.calls);
		ok = false;
	} else {
		struct range_list got = { .v = log.got, .n = (size_t)log.calls };

		ok = ok && same_list(round, "overlaps", &got, exp, n, true);
	}

	range_list_free(&a);
	range_list_free(&b);
	range_list_free(&out);
	return ok && !log.bad_ptr;
}

static bool check_paint(int round)
{
	struct range_list in = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);
	struct range exp[SPACE];
	int win[SPACE], key[SPACE];
	size_t nin = below(13), n = 0;
	bool ok;

	/* Few types, rules and srcs, so that equal ones meet often. */
	for (size_t i = 0; i < nin; i++) {
		uint64_t s = below(SPACE), e = s + 1 + below(64);

		if (e > SPACE || !below(8))
			e = SPACE;
		ADD_P(&in, s, e, (uint32_t)(1 + below(2)), (uint16_t)(1u << below(2)),
		      (uint16_t)below(3), (int32_t)below(3));
	}
	if (in.n && !below(8))
		in.v[below(in.n)].end = 0;	/* an empty range slipped in */

	/* The winner of each address: highest prio, the later one on ties. */
	for (int x = 0; x < SPACE; x++) {
		const struct range *w;

		win[x] = -1;
		for (size_t i = 0; i < in.n; i++) {
			if ((uint64_t)x < in.v[i].start || (uint64_t)x >= in.v[i].end)
				continue;
			if (win[x] < 0 || in.v[i].prio >= in.v[win[x]].prio)
				win[x] = (int)i;
		}
		w = win[x] < 0 ? NULL : &in.v[win[x]];
		key[x] = w ? (int)((uint32_t)w->src << 24 | w->type << 16 | w->rules) : -1;
	}
	/* One piece per maximal run of one (src, type, rules). */
	for (int x = 0; x < SPACE;) {
		int y = x;

		while (y < SPACE && key[y] == key[x])
			y++;
		if (key[x] >= 0) {
			exp[n] = in.v[win[x]];
			exp[n].start = (uint64_t)x;
			exp[n].end = (uint64_t)y;
			n++;
		}
		x = y;
	}

	junk(&out);
	CHECK_INT(range_paint(&out, &in), 0);
	ok = same_list(round, "paint", &out, exp, n, true);
	range_list_free(&in);
	range_list_free(&out);
	return ok;
}

TEST(property_subtract_intersect_overlaps_match_reference)
{
	for (int round = 0; round < ROUNDS; round++)
		if (!check_set_ops(round))
			break;
}

TEST(property_paint_matches_reference)
{
	for (int round = 0; round < ROUNDS; round++)
		if (!check_paint(round))
			break;
}
