// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 purgatory's identity map (purgatory/arm64/idmap.c), built on the
 * host into a pool of tables and checked by walking it as the MMU would:
 * 4 KiB granule, 48-bit addresses, lookup from level 0.
 */
#include "../../purgatory/arm64/idmap.h"
#include "harness.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define LEAF (IDMAP_AF | IDMAP_SH_INNER | IDMAP_ATTRIDX(0))

static idmap_table pool[16] __attribute__((aligned(4096)));

static void fresh(struct idmap *m, unsigned int n)
{
	memset(pool, 0, sizeof(pool));
	idmap_init(m, pool, n, 1ull << 48, LEAF);
}

/* Walk @va; returns the level of the leaf, or -1 when it is not mapped. */
static int walk(uint64_t va, uint64_t *pa, uint64_t *desc)
{
	const uint64_t *t = pool[0];

	for (int lvl = 0; lvl <= 3; lvl++) {
		unsigned int shift = 12 + 9 * (3 - lvl);
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & IDMAP_VALID))
			return -1;
		if (lvl == 3 || !(e & IDMAP_TABLE)) {
			if (lvl == 0 || (lvl == 3 && !(e & IDMAP_TABLE)))
				return -2;	/* no blocks at level 0; level 3 needs bit 1 */
			*pa = (e & IDMAP_ADDR_MASK & ~((1ull << shift) - 1)) | (va & ((1ull << shift) - 1));
			*desc = e;
			return lvl;
		}
		t = (const uint64_t *)(uintptr_t)(e & IDMAP_ADDR_MASK);
	}
	return -1;
}

static bool identity(uint64_t va)
{
	uint64_t pa = 0, d = 0;

	return walk(va, &pa, &d) > 0 && pa == va;
}

static bool unmapped(uint64_t va)
{
	uint64_t pa, d;

	return walk(va, &pa, &d) == -1;
}

TEST(a_small_range_is_mapped_to_itself_in_whole_pages)
{
	struct idmap m;
	uint64_t pa = 0, d = 0;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x40001234, 0x40003001), 0);
	CHECK(identity(0x40001000));
	CHECK(identity(0x40002fff));
	CHECK(identity(0x40003abc));	/* the page holding the last byte */
	CHECK(unmapped(0x40000fff));
	CHECK(unmapped(0x40004000));
	CHECK_INT(walk(0x40002000, &pa, &d), 3);
	CHECK_U64(d & ~IDMAP_ADDR_MASK, LEAF | IDMAP_TABLE | IDMAP_VALID);
}

TEST(whole_2mib_and_1gib_blocks_become_blocks)
{
	struct idmap m;
	uint64_t pa = 0, d = 0;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x3fe00000, 0x80200000), 0);
	CHECK_INT(walk(0x3fe00000, &pa, &d), 2);
	CHECK_INT(walk(0x40000000, &pa, &d), 1);
	CHECK_INT(walk(0x7fffffff, &pa, &d), 1);
	CHECK_INT(walk(0x80100000, &pa, &d), 2);
	CHECK(identity(0x3fe00000) && identity(0x5a5a5a5a) && identity(0x801fffff));
	CHECK(unmapped(0x3fdfffff));
	CHECK(unmapped(0x80200000));
	CHECK_U64(d & ~IDMAP_ADDR_MASK, LEAF | IDMAP_VALID);
	/* Tables: level 0, level 1, two level 2; no level 3. */
	CHECK_INT(m.used, 4);
}

TEST(ranges_next_to_each_other_share_tables)
{
	struct idmap m;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x40000000, 0x40010000), 0);
	CHECK_INT(idmap_add(&m, 0x40010000, 0x40020000), 0);
	CHECK_INT(idmap_add(&m, 0x42000000, 0x42001000), 0);
	CHECK(identity(0x4000ffff) && identity(0x40010000) && identity(0x42000000));
	CHECK(unmapped(0x40020000));
	CHECK_INT(m.used, 5);	/* level 0, 1, 2, and two level 3 */
}

TEST(an_overlapping_range_is_harmless)
{
	struct idmap m;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x40000000, 0x40400000), 0);
	CHECK_INT(idmap_add(&m, 0x40100000, 0x40500000), 0);
	CHECK(identity(0x403fffff) && identity(0x404fffff));
	CHECK(unmapped(0x40500000));
}

TEST(addresses_above_512gib_get_their_own_level_1)
{
	struct idmap m;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x8000000000ull, 0x8000001000ull), 0);
	CHECK_INT(idmap_add(&m, 0xfffffff000ull, 0x10000000000ull), 0);
	CHECK(identity(0x8000000000ull) && identity(0xfffffff000ull));
	CHECK(unmapped(0x40000000));
}

TEST(an_empty_range_maps_nothing)
{
	struct idmap m;

	fresh(&m, 16);
	CHECK_INT(idmap_add(&m, 0x40000000, 0x40000000), 0);
	CHECK(unmapped(0x40000000));
	CHECK_INT(m.used, 1);
}

TEST(a_range_past_the_limit_is_refused)
{
	struct idmap m;

	memset(pool, 0, sizeof(pool));
	idmap_init(&m, pool, 16, 1ull << 40, LEAF);
	CHECK_INT(idmap_add(&m, 0xfffffff000ull, 0x10000001000ull), -1);
	CHECK_INT(idmap_add(&m, 0x40000000, 0), 0);
}

TEST(a_pool_that_runs_out_is_reported)
{
	struct idmap m;

	fresh(&m, 3);	/* level 0, 1, 2: no room for a level 3 table */
	CHECK_INT(idmap_add(&m, 0x40000000, 0x40001000), -2);
}
