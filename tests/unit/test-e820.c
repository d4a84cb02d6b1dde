// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the e820 encoder (kexec/arch/x86_64/e820.c).  Everything is
 * read back from the raw bytes at the offsets the x86 boot protocol gives
 * (Documentation/arch/x86/zero-page.rst, boot.rst), not through the structs,
 * so a wrong field layout would show here too.
 */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "memtype.h"
#include "range.h"
#include "arch/x86_64/e820.h"

#define ZP_E820_ENTRIES 0x1e8		/* __u8 e820_entries */
#define ZP_E820_TABLE 0x2d0		/* struct boot_e820_entry e820_table[128] */
#define ZP_E820_TABLE_END 0xcd0
#define E820_ENTRY 20			/* __u64 addr, __u64 size, __u32 type */
#define SETUP_HDR 16			/* __u64 next, __u32 type, __u32 len */

static const uint32_t all_types[] = {
	MT_RAM, MT_RESERVED, MT_ACPI, MT_NVS, MT_UNUSABLE, MT_PMEM, MT_PRAM,
	MT_SOFT_RESERVED,
};
#define NTYPES (sizeof(all_types) / sizeof(all_types[0]))

/* Little-endian reads from raw bytes, done by hand. */
static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The i-th range of the test maps: a page-aligned slot per entry, with a
 * size and a type that change from one entry to the next. */
static uint64_t entry_start(size_t i)
{
	return 0x100000000ull + i * 0x200000ull;
}

static uint64_t entry_size(size_t i)
{
	return 0x1000ull * (i % 7 + 1);
}

static uint32_t entry_type(size_t i)
{
	return all_types[i % NTYPES];
}

static void make_map(struct range_list *map, size_t n)
{
	map->n = 0;
	for (size_t i = 0; i < n; i++)
		CHECK_INT(range_list_add(map, entry_start(i), entry_start(i) + entry_size(i),
					 entry_type(i), 0), 0);
}

/* One 20-byte entry at @p is the i-th of the test map. */
static bool entry_is(const uint8_t *p, size_t i)
{
	return le64(p) == entry_start(i) && le64(p + 8) == entry_size(i) &&
	       le32(p + 16) == entry_type(i);
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/*
 * Encode the n-entry test map into a zero page full of 0xa5 and an extension
 * buffer of exactly the size it needs, and check every byte that matters.
 */
static void encode_and_check(size_t n)
{
	struct range_list map = RANGE_LIST_INIT(0);
	struct boot_params *bp = malloc(sizeof(*bp));
	const uint8_t *raw = (const uint8_t *)bp;
	size_t in_table = n < 128 ? n : 128, in_ext = n - in_table;
	size_t ext_size = in_ext ? SETUP_HDR + E820_ENTRY * in_ext : 0;
	uint8_t *ext = ext_size ? malloc(ext_size) : NULL;
	size_t bad = 0;

	CHECK(bp != NULL);
	if (!bp)
		return;
	make_map(&map, n);
	CHECK_INT(map.n, n);
	memset(bp, 0xa5, sizeof(*bp));
	if (ext)
		memset(ext, 0xa5, ext_size);

	CHECK_INT(e820_ext_size(n), ext_size);
	CHECK_INT(e820_encode(&map, bp, ext, ext_size), 0);

	CHECK_INT(raw[ZP_E820_ENTRIES], in_table);
	CHECK_INT(bp->e820_entries, in_table);
	for (size_t i = 0; i < 128; i++) {
		const uint8_t *p = raw + ZP_E820_TABLE + E820_ENTRY * i;

		/* Used slots hold the entry, the rest are cleared. */
		if (i < in_table ? !entry_is(p, i) : !all_bytes(p, E820_ENTRY, 0))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* Nothing else in the zero page is touched. */
	CHECK(all_bytes(raw, ZP_E820_ENTRIES, 0xa5));
	CHECK(all_bytes(raw + ZP_E820_ENTRIES + 1, ZP_E820_TABLE - ZP_E820_ENTRIES - 1, 0xa5));
	CHECK(all_bytes(raw + ZP_E820_TABLE_END, 4096 - ZP_E820_TABLE_END, 0xa5));

	if (ext) {
		CHECK_U64(le64(ext), 0);			/* next */
		CHECK_INT(le32(ext + 8), SETUP_E820_EXT);	/* type */
		CHECK_INT(SETUP_E820_EXT, 1);
		CHECK_INT(le32(ext + 12), E820_ENTRY * in_ext);	/* len */
		bad = 0;
		for (size_t i = 0; i < in_ext; i++)
			if (!entry_is(ext + SETUP_HDR + E820_ENTRY * i, 128 + i))
				bad++;
		CHECK_INT(bad, 0);
	}
	free(ext);
	free(bp);
	range_list_free(&map);
}

TEST(ext_size_zero_up_to_128)
{
	CHECK_INT(e820_ext_size(0), 0);
	CHECK_INT(e820_ext_size(1), 0);
	CHECK_INT(e820_ext_size(127), 0);
	CHECK_INT(e820_ext_size(128), 0);
}

TEST(ext_size_header_plus_20_per_entry_past_128)
{
	CHECK_INT(e820_ext_size(129), 16 + 20);
	CHECK_INT(e820_ext_size(130), 16 + 40);
	CHECK_INT(e820_ext_size(300), 16 + 20 * 172);
	CHECK_INT(e820_ext_size(1024), 16 + 20 * 896);
}

TEST(encode_0_entries)
{
	encode_and_check(0);
}

TEST(encode_1_entry)
{
	encode_and_check(1);
}

TEST(encode_128_entries_fill_the_zero_page)
{
	encode_and_check(128);
}

TEST(encode_129_entries_spill_one_into_ext)
{
	encode_and_check(129);
}

TEST(encode_300_entries)
{
	encode_and_check(300);
}

TEST(encode_1_entry_exact_bytes)
{
	struct range_list map = RANGE_LIST_INIT(0);
	struct boot_params bp;
	const uint8_t *raw = (const uint8_t *)&bp;
	static const uint8_t want[20] = {
		0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0x00,	/* addr */
		0x00, 0xf0, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00,	/* size */
		0x04, 0x00, 0x00, 0x00,				/* type */
	};

	memset(&bp, 0, sizeof(bp));
	CHECK_INT(range_list_add(&map, 0xba987654321000ull, 0xba987654321000ull + 0x1fffff000ull,
				 MT_NVS, 0), 0);
	CHECK_INT(e820_encode(&map, &bp, NULL, 0), 0);
	CHECK_INT(raw[0x1e8], 1);
	CHECK(!memcmp(raw + 0x2d0, want, sizeof(want)));
	CHECK(all_bytes(raw + 0x2d0 + 20, 20, 0));
	range_list_free(&map);
}

TEST(encode_keeps_types_unchanged)
{
	struct range_list map = RANGE_LIST_INIT(0);
	struct boot_params bp;
	const uint8_t *raw = (const uint8_t *)&bp;

	for (size_t i = 0; i < NTYPES; i++)
		CHECK_INT(range_list_add(&map, i * 0x1000, i * 0x1000 + 0x1000,
					 all_types[i], 0), 0);
	memset(&bp, 0, sizeof(bp));
	CHECK_INT(e820_encode(&map, &bp, NULL, 0), 0);
	CHECK_INT(raw[ZP_E820_ENTRIES], 8);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 16), 1);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 1 + 16), 2);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 2 + 16), 3);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 3 + 16), 4);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 4 + 16), 5);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 5 + 16), 7);
	CHECK_INT(le32(raw + ZP_E820_TABLE + 20 * 6 + 16), 12);
	CHECK_U64(le32(raw + ZP_E820_TABLE + 20 * 7 + 16), 0xefffffffu);
	range_list_free(&map);
}

TEST(encode_accepts_touching_entries_and_the_top_of_memory)
{
	struct range_list map = RANGE_LIST_INIT(0);
	struct boot_params bp;
	const uint8_t *raw = (const uint8_t *)&bp;

	CHECK_INT(range_list_add(&map, 0, 0x9f000, MT_RAM, 0), 0);
	CHECK_INT(range_list_add(&map, 0x9f000, 0x100000, MT_RESERVED, 0), 0);
	CHECK_INT(range_list_add(&map, 0x100000, UINT64_MAX, MT_RAM, 0), 0);
	memset(&bp, 0, sizeof(bp));
	CHECK_INT(e820_encode(&map, &bp, NULL, 0), 0);
	CHECK_INT(raw[ZP_E820_ENTRIES], 3);
	CHECK_U64(le64(raw + ZP_E820_TABLE + 20), 0x9f000);
	CHECK_U64(le64(raw + ZP_E820_TABLE + 28), 0x61000);
	CHECK_U64(le64(raw + ZP_E820_TABLE + 40), 0x100000);
	CHECK_U64(le64(raw + ZP_E820_TABLE + 48), UINT64_MAX - 0x100000);
	range_list_free(&map);
}

TEST(encode_accepts_a_larger_ext_buffer_and_writes_only_its_need)
{
	struct range_list map = RANGE_LIST_INIT(0);
	struct boot_params bp;
	uint8_t ext[16 + 20 * 2 + 64];

	make_map(&map, 130);
	memset(ext, 0xa5, sizeof(ext));
	CHECK_INT(e820_encode(&map, &bp, ext, sizeof(ext)), 0);
	CHECK_INT(le32(ext + 12), 40);
	CHECK(entry_is(ext + 16, 128));
	CHECK(entry_is(ext + 36, 129));
	CHECK(all_bytes(ext + 56, 64, 0xa5));
	range_list_free(&map);
}

/* A failed encode must leave both the zero page and the buffer as they were. */
static void check_fails_untouched(const struct range_list *map, size_t ext_size,
				  bool ext_null, int want)
{
	struct boot_params *bp = malloc(sizeof(*bp));
	uint8_t *ext = malloc(ext_size + 1);

	CHECK(bp && ext);
	if (!bp || !ext) {
		free(bp);
		free(ext);
		return;
	}
	memset(bp, 0x77, sizeof(*bp));
	memset(ext, 0x77, ext_size + 1);
	CHECK_INT(e820_encode(map, bp, ext_null ? NULL : ext, ext_size), want);
	CHECK_INT(bp->e820_entries, 0x77);
	CHECK(all_bytes((const uint8_t *)bp, sizeof(*bp), 0x77));
	CHECK(all_bytes(ext, ext_size + 1, 0x77));
	free(bp);
	free(ext);
}

TEST(encode_enospc_when_ext_is_one_byte_short)
{
	struct range_list map = RANGE_LIST_INIT(0);

	make_map(&map, 129);
	check_fails_untouched(&map, 35, false, -ENOSPC);
	make_map(&map, 300);
	check_fails_untouched(&map, 16 + 20 * 172 - 1, false, -ENOSPC);
	range_list_free(&map);
}

TEST(encode_enospc_without_ext)
{
	struct range_list map = RANGE_LIST_INIT(0);

	make_map(&map, 129);
	check_fails_untouched(&map, 0, false, -ENOSPC);
	check_fails_untouched(&map, 36, true, -ENOSPC);	/* a size but no buffer */
	range_list_free(&map);
}

TEST(encode_einval_unsorted)
{
	struct range_list map = RANGE_LIST_INIT(0);

	CHECK_INT(range_list_add(&map, 0x2000, 0x3000, MT_RAM, 0), 0);
	CHECK_INT(range_list_add(&map, 0x1000, 0x2000, MT_RAM, 0), 0);
	check_fails_untouched(&map, 0, true, -EINVAL);
	range_list_free(&map);
}

TEST(encode_einval_overlapping)
{
	struct range_list map = RANGE_LIST_INIT(0);

	CHECK_INT(range_list_add(&map, 0x1000, 0x3000, MT_RAM, 0), 0);
	CHECK_INT(range_list_add(&map, 0x2fff, 0x4000, MT_RESERVED, 0), 0);
	check_fails_untouched(&map, 0, true, -EINVAL);
	range_list_free(&map);
}

TEST(encode_einval_late_overlap_in_ext_part)
{
	struct range_list map = RANGE_LIST_INIT(0);

	/* Entry 200 overlaps entry 199: found before anything is written. */
	make_map(&map, 300);
	map.v[200].start = map.v[199].end - 1;
	check_fails_untouched(&map, e820_ext_size(300), false, -EINVAL);
	range_list_free(&map);
}

TEST(encode_einval_type_0)
{
	struct range_list map = RANGE_LIST_INIT(0);

	CHECK_INT(range_list_add(&map, 0x1000, 0x2000, MT_RAM, 0), 0);
	CHECK_INT(range_list_add(&map, 0x2000, 0x3000, MT_NONE, 0), 0);
	check_fails_untouched(&map, 0, true, -EINVAL);
	range_list_free(&map);
}

TEST(encode_einval_empty_entry)
{
	struct range_list map = RANGE_LIST_INIT(0);

	CHECK_INT(range_list_add(&map, 0x1000, 0x2000, MT_RAM, 0), 0);
	CHECK_INT(range_list_add(&map, 0x3000, 0x4000, MT_RAM, 0), 0);
	map.v[1].end = map.v[1].start;	/* range_list_add() would not store it */
	check_fails_untouched(&map, 0, true, -EINVAL);
	range_list_free(&map);
}
