// SPDX-License-Identifier: GPL-2.0-or-later
/* The segment planner. */
#include <errno.h>

#include "harness.h"
#include "seg.h"

static void place_of(struct range_list *l, const uint64_t (*r)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		range_list_add(l, r[i][0], r[i][1], 0, 0);
}

TEST(preferred_address_is_taken_when_free)
{
	static const uint64_t r[][2] = { { 0x100000, 0x80000000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q = { "kernel", 0x3f98000, 0x200000, 0x100000, UINT64_MAX, 0x1000000, false, 0 };
	size_t failed;

	place_of(&p, r, 1);
	CHECK_INT(seg_place(&p, &q, 1, &failed), 0);
	CHECK_U64(q.mem, 0x1000000);
	range_list_free(&p);
}

TEST(preferred_address_outside_place_falls_back_to_lowest_aligned)
{
	static const uint64_t r[][2] = { { 0x100000, 0x800000 }, { 0x20100000, 0x40000000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q = { "kernel", 0x1000000, 0x200000, 0x100000, UINT64_MAX, 0x1000000, false, 0 };
	size_t failed;

	place_of(&p, r, 2);
	CHECK_INT(seg_place(&p, &q, 1, &failed), 0);
	CHECK_U64(q.mem, 0x20200000);	/* 0x20100000 rounded up to 2 MiB */
	range_list_free(&p);
}

TEST(top_down_takes_the_highest_fit_below_max)
{
	static const uint64_t r[][2] = { { 0x100000, 0x60000000 }, { 0x100000000, 0x140000000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q = { "initrd", 0x514000, 0x1000, 0x100000, 0x80000000, 0, true, 0 };
	size_t failed;

	place_of(&p, r, 2);
	CHECK_INT(seg_place(&p, &q, 1, &failed), 0);
	CHECK_U64(q.mem, 0x60000000 - 0x514000);
	range_list_free(&p);
}

TEST(segments_never_overlap)
{
	static const uint64_t r[][2] = { { 0x100000, 0x400000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q[3] = {
		{ "a", 0x100000, 0x1000, 0, UINT64_MAX, 0x100000, false, 0 },
		{ "b", 0x100000, 0x1000, 0, UINT64_MAX, 0x100000, false, 0 },	/* pref taken */
		{ "c", 0x1001, 0x1000, 0, UINT64_MAX, 0, true, 0 },
	};
	size_t failed;

	place_of(&p, r, 1);
	CHECK_INT(seg_place(&p, q, 3, &failed), 0);
	CHECK_U64(q[0].mem, 0x100000);
	CHECK_U64(q[1].mem, 0x200000);
	CHECK_U64(q[2].mem, 0x3fe000);	/* two pages, from the top */
	range_list_free(&p);
}

TEST(unaligned_place_edges_are_trimmed_to_pages)
{
	static const uint64_t r[][2] = { { 0x1001, 0x3fff } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q = { "x", 0x1000, 0x1000, 0, UINT64_MAX, 0, false, 0 };
	size_t failed;

	place_of(&p, r, 1);
	CHECK_INT(seg_place(&p, &q, 1, &failed), 0);
	CHECK_U64(q.mem, 0x2000);
	q.memsz = 0x2000;
	CHECK_INT(seg_place(&p, &q, 1, &failed), -ENOSPC);
	range_list_free(&p);
}

TEST(nothing_fits_names_the_segment)
{
	static const uint64_t r[][2] = { { 0x100000, 0x200000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q[2] = {
		{ "kernel", 0x80000, 0x1000, 0, UINT64_MAX, 0, false, 0 },
		{ "initrd", 0x100000, 0x1000, 0, UINT64_MAX, 0, false, 0 },
	};
	size_t failed = 99;

	place_of(&p, r, 1);
	CHECK_INT(seg_place(&p, q, 2, &failed), -ENOSPC);
	CHECK_INT(failed, 1);
	range_list_free(&p);
}

TEST(more_than_sixteen_segments)
{
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q[17];
	size_t failed;

	range_list_add(&p, 0, 1ull << 40, 0, 0);
	for (int i = 0; i < 17; i++)
		q[i] = (struct seg_req){ "s", 0x1000, 0x1000, 0, UINT64_MAX, 0, false, 0 };
	CHECK_INT(seg_place(&p, q, 17, &failed), -E2BIG);
	CHECK_INT(seg_place(&p, q, 16, &failed), 0);
	range_list_free(&p);
}

TEST(bad_alignment_is_rejected)
{
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q = { "x", 0x1000, 0x3000, 0, UINT64_MAX, 0, false, 0 };
	size_t failed;

	range_list_add(&p, 0, 1ull << 30, 0, 0);
	CHECK_INT(seg_place(&p, &q, 1, &failed), -EINVAL);
	range_list_free(&p);
}

TEST(min_and_max_bound_the_search)
{
	static const uint64_t r[][2] = { { 0, 0x10000000 } };
	struct range_list p = RANGE_LIST_INIT(0);
	struct seg_req q[2] = {
		{ "lo", 0x1000, 0x1000, 0x100000, UINT64_MAX, 0, false, 0 },
		{ "hi", 0x1000, 0x1000, 0, 0x200000, 0, true, 0 },
	};
	size_t failed;

	place_of(&p, r, 1);
	CHECK_INT(seg_place(&p, q, 2, &failed), 0);
	CHECK_U64(q[0].mem, 0x100000);
	CHECK_U64(q[1].mem, 0x1ff000);
	range_list_free(&p);
}
