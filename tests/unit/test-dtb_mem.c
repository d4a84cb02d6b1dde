// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the FDT /memory emitter (kexec/arch/arm64/dtb_mem.c).  The
 * device trees are built here with libfdt's sequential-write API, and the
 * result is read back with fdt_getprop() and decoded by hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "harness.h"
#include "memtype.h"
#include "range.h"
#include "arch/arm64/dtb_mem.h"

#define SW_SIZE 16384
#define SC1_MAX 0xffe00000ull	/* the largest piece a single size cell gets */

/* An old /memory node of the input tree; numa < 0 means no numa-node-id.
 * A second reg entry is written when size2 is not 0. */
struct old_node {
	uint64_t start, size;
	int numa;
	uint64_t start2, size2;
};

#define OLD(s, z, n) { .start = (s), .size = (z), .numa = (n) }

struct tree {
	uint32_t ac, sc;
	const struct old_node *old;
	int nold;
	bool extras;		/* /memreserve/, /chosen, /reserved-memory, ... */
};

/* Big-endian cells, by hand. */
static size_t put_cells(uint8_t *p, uint32_t n, uint64_t v)
{
	for (uint32_t i = n; i-- > 0; v >>= 32) {
		p[4 * i] = (uint8_t)(v >> 24);
		p[4 * i + 1] = (uint8_t)(v >> 16);
		p[4 * i + 2] = (uint8_t)(v >> 8);
		p[4 * i + 3] = (uint8_t)v;
	}
	return 4 * n;
}

static uint64_t get_cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < 4 * n; i++)
		v = v << 8 | p[i];
	return v;
}

static int reg_prop2(void *sw, uint32_t ac, uint32_t sc, uint64_t start, uint64_t size,
		     uint64_t start2, uint64_t size2)
{
	uint8_t reg[32];
	size_t len = put_cells(reg, ac, start);

	len += put_cells(reg + len, sc, size);
	if (size2) {
		len += put_cells(reg + len, ac, start2);
		len += put_cells(reg + len, sc, size2);
	}
	return fdt_property(sw, "reg", reg, (int)len);
}

static int reg_prop(void *sw, uint32_t ac, uint32_t sc, uint64_t start, uint64_t size)
{
	return reg_prop2(sw, ac, sc, start, size, 0, 0);
}

#define SW(x)								\
	do {								\
		int r_ = (x);						\
		if (r_) {						\
			harness_fail(__FILE__, __LINE__, "%s: %s", #x,	\
				     fdt_strerror(r_));			\
			free(sw);					\
			return NULL;					\
		}							\
	} while (0)

/*
 * Build the tree @t and open it into a buffer of its size plus @extra
 * bytes.  Returns the buffer (its size in *@size), or NULL after a failed
 * check.
 */
static void *build(const struct tree *t, size_t extra, size_t *size)
{
	void *sw = calloc(1, SW_SIZE), *fdt;
	char name[64];

	if (!sw)
		return NULL;
	SW(fdt_create(sw, SW_SIZE));
	if (t->extras)
		SW(fdt_add_reservemap_entry(sw, 0x8f000000, 0x100000));
	SW(fdt_finish_reservemap(sw));
	SW(fdt_begin_node(sw, ""));
	SW(fdt_property_u32(sw, "#address-cells", t->ac));
	SW(fdt_property_u32(sw, "#size-cells", t->sc));
	SW(fdt_property_string(sw, "compatible", "linux,dummy-virt"));
	if (t->extras) {
		SW(fdt_begin_node(sw, "chosen"));
		SW(fdt_property_string(sw, "bootargs", "console=ttyAMA0 root=/dev/vda"));
		SW(fdt_end_node(sw));
	}
	for (int i = 0; i < t->nold; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)t->old[i].start);
		SW(fdt_begin_node(sw, name));
		SW(fdt_property_string(sw, "device_type", "memory"));
		SW(reg_prop2(sw, t->ac, t->sc, t->old[i].start, t->old[i].size,
			     t->old[i].start2, t->old[i].size2));
		if (t->old[i].numa >= 0)
			SW(fdt_property_u32(sw, "numa-node-id", (uint32_t)t->old[i].numa));
		SW(fdt_end_node(sw));
	}
	if (t->extras) {
		SW(fdt_begin_node(sw, "reserved-memory"));
		SW(fdt_property_u32(sw, "#address-cells", t->ac));
		SW(fdt_property_u32(sw, "#size-cells", t->sc));
		SW(fdt_property(sw, "ranges", NULL, 0));
		SW(fdt_begin_node(sw, "secmon@90000000"));
		SW(reg_prop(sw, t->ac, t->sc, 0x90000000, 0x200000));
		SW(fdt_property(sw, "no-map", NULL, 0));
		SW(fdt_end_node(sw));
		SW(fdt_end_node(sw));
		/* Named like memory, but not of device_type "memory". */
		SW(fdt_begin_node(sw, "memory-controller@1000"));
		SW(fdt_property_string(sw, "compatible", "vendor,ddr-ctrl"));
		SW(reg_prop(sw, t->ac, t->sc, 0x1000, 0x1000));
		SW(fdt_end_node(sw));
		/* A device_type as long as "memory", but another one. */
		SW(fdt_begin_node(sw, "serial@9000000"));
		SW(fdt_property_string(sw, "device_type", "serial"));
		SW(reg_prop(sw, t->ac, t->sc, 0x9000000, 0x1000));
		SW(fdt_end_node(sw));
	}
	SW(fdt_end_node(sw));
	SW(fdt_finish(sw));

	*size = fdt_totalsize(sw) + extra;
	fdt = malloc(*size);
	if (!fdt) {
		free(sw);
		return NULL;
	}
	memset(fdt, 0xee, *size);
	if (fdt_open_into(sw, fdt, (int)*size)) {
		harness_fail(__FILE__, __LINE__, "fdt_open_into failed");
		free(fdt);
		fdt = NULL;
	}
	free(sw);
	return fdt;
}

/* build() with exactly the room dtb_memory_extra() asks for @map. */
static void *build_for(const struct tree *t, const struct range_list *map, size_t *size)
{
	void *probe = build(t, 0, size);
	size_t extra;

	if (!probe)
		return NULL;
	extra = dtb_memory_extra(probe, map);
	free(probe);
	return build(t, extra, size);
}

/* One memory node expected in the output; numa < 0: no numa-node-id. */
struct want {
	uint64_t start, size;
	int numa;
};

/*
 * The /memory nodes of @fdt, in order, are exactly @w: each named
 * memory@<start>, of device_type "memory", with one reg entry of ac + sc
 * cells, and with the numa-node-id given or none.
 */
static void check_memory(const char *file, int line, const void *fdt, uint32_t ac, uint32_t sc,
			 const struct want *w, int n)
{
	int node, i = 0;

	fdt_for_each_subnode(node, fdt, 0) {
		const uint8_t *reg, *numa;
		const char *dt, *name;
		char want_name[64];
		int len, nlen;
		uint64_t start, size;

		dt = fdt_getprop(fdt, node, "device_type", &len);
		if (!dt || len != 7 || memcmp(dt, "memory", 7))
			continue;
		if (i >= n) {
			harness_fail(file, line, "more than %d memory nodes", n);
			return;
		}
		name = fdt_get_name(fdt, node, NULL);
		snprintf(want_name, sizeof(want_name), "memory@%llx",
			 (unsigned long long)w[i].start);
		if (!name || strcmp(name, want_name))
			harness_fail(file, line, "memory node %d is called %s, expected %s",
				     i, name ? name : "(null)", want_name);
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != (int)(4 * (ac + sc))) {
			harness_fail(file, line, "memory node %d: reg of %d bytes, expected %u",
				     i, reg ? len : -1, 4 * (ac + sc));
			return;
		}
		start = get_cells(reg, ac);
		size = get_cells(reg + 4 * ac, sc);
		if (start != w[i].start || size != w[i].size)
			harness_fail(file, line,
				     "memory node %d: reg 0x%" PRIx64 " + 0x%" PRIx64
				     ", expected 0x%" PRIx64 " + 0x%" PRIx64,
				     i, start, size, w[i].start, w[i].size);
		numa = fdt_getprop(fdt, node, "numa-node-id", &nlen);
		if (w[i].numa < 0 && numa)
			harness_fail(file, line, "memory node %d has a numa-node-id", i);
		if (w[i].numa >= 0 &&
		    (!numa || nlen != 4 || get_cells(numa, 1) != (uint64_t)w[i].numa))
			harness_fail(file, line, "memory node %d: numa-node-id is not %d",
				     i, w[i].numa);
		i++;
	}
	if (i != n)
		harness_fail(file, line, "%d memory nodes, expected %d", i, n);
}

#define CHECK_MEMORY(fdt, ac, sc, ...)						\
	do {									\
		const struct want w_[] = { __VA_ARGS__ };			\
		check_memory(__FILE__, __LINE__, (fdt), (ac), (sc), w_,		\
			     (int)(sizeof(w_) / sizeof(w_[0])));		\
	} while (0)

#define ADD(l, s, e, t) CHECK_INT(range_list_add((l), (s), (e), (t), 0), 0)

/* dtb_set_memory() fails with @err and leaves every byte of the buffer. */
static void check_fails_untouched(const char *file, int line, void *fdt, size_t size,
				  const struct range_list *map, int err)
{
	void *copy = malloc(size);
	int ret;

	if (!copy)
		return;
	memcpy(copy, fdt, size);
	ret = dtb_set_memory(fdt, map);
	if (ret != err)
		harness_fail(file, line, "dtb_set_memory() == %d, expected %d", ret, err);
	if (memcmp(copy, fdt, size))
		harness_fail(file, line, "the blob changed");
	free(copy);
}

#define CHECK_FAILS_UNTOUCHED(fdt, size, map, err) \
	check_fails_untouched(__FILE__, __LINE__, (fdt), (size), (map), (err))

/* --- replacing the memory nodes ------------------------------------------ */

static const struct old_node two_gib_at_1g[] = { OLD(0x40000000, 0x80000000, -1) };

/* RAM in three ranges, with reserved and ACPI memory between them. */
static void typed_map(struct range_list *map)
{
	ADD(map, 0x40000000, 0x48000000, MT_RAM);
	ADD(map, 0x48000000, 0x48100000, MT_RESERVED);
	ADD(map, 0x48100000, 0xc0000000, MT_RAM);
	ADD(map, 0xc0000000, 0xc0010000, MT_ACPI);
	ADD(map, 0x100000000, 0x180000000, MT_RAM);
	ADD(map, 0x180000000, 0x180001000, MT_PMEM);
}

TEST(ac2_sc2_old_node_replaced_by_ram_of_typed_list)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	typed_map(&map);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x40000000, 0x08000000, -1 },
		     { 0x48100000, 0x77f00000, -1 },
		     { 0x100000000, 0x80000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(new_nodes_say_device_type_memory)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	const char *dt;
	size_t size;
	void *fdt;
	int node, len;

	ADD(&map, 0x50000000, 0x60000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	node = fdt_subnode_offset(fdt, 0, "memory@50000000");
	CHECK(node >= 0);
	dt = fdt_getprop(fdt, node, "device_type", &len);
	CHECK_INT(len, 7);
	CHECK(dt && !memcmp(dt, "memory", 7));
	/* The old node, also at another address, is gone. */
	CHECK_INT(fdt_subnode_offset(fdt, 0, "memory@40000000"), -FDT_ERR_NOTFOUND);
	free(fdt);
	range_list_free(&map);
}

TEST(every_old_memory_node_is_deleted)
{
	static const struct old_node old[] = {
		OLD(0x40000000, 0x10000000, -1),
		OLD(0x60000000, 0x10000000, 0),
		OLD(0x80000000, 0x10000000, -1),
		OLD(0x100000000, 0x10000000, 3),
	};
	const struct tree t = { 2, 2, old, 4, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x200000000, 0x300000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2, { 0x200000000, 0x100000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(map_without_ram_leaves_no_memory_node)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;
	int node, n = 0;

	ADD(&map, 0x40000000, 0x80000000, MT_RESERVED);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	fdt_for_each_subnode(node, fdt, 0)
		n++;
	CHECK_INT(n, 4);	/* chosen, reserved-memory, memory-controller, serial */
	CHECK_INT(fdt_subnode_offset(fdt, 0, "memory@40000000"), -FDT_ERR_NOTFOUND);
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(tree_without_memory_node_gets_one)
{
	const struct tree t = { 2, 2, NULL, 0, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x100000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2, { 0x80000000, 0x80000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

/* --- cell sizes ------------------------------------------------------------ */

static const struct old_node two_gib_at_2g[] = { OLD(0x80000000, 0x80000000, -1) };

TEST(ac1_sc1_range_above_4g_is_erange_and_blob_unchanged)
{
	const struct tree t = { 1, 1, two_gib_at_2g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0xc0000000, MT_RAM);
	ADD(&map, 0x100000000, 0x140000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ERANGE);
	free(fdt);
	range_list_free(&map);
}

TEST(ac1_range_one_byte_past_4g_is_erange)
{
	const struct tree t = { 1, 1, two_gib_at_2g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x100000001, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ERANGE);
	free(fdt);
	range_list_free(&map);
}

TEST(ac1_sc1_ram_up_to_4g_fits_and_non_ram_above_is_ignored)
{
	const struct tree t = { 1, 1, two_gib_at_2g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x100000000, MT_RAM);
	ADD(&map, 0x100000000, 0x200000000, MT_RESERVED);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 1, 1, { 0x80000000, 0x80000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(sc1_range_over_4g_is_split_into_pieces_that_fit)
{
	const struct tree t = { 2, 1, NULL, 0, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	/* 10 GiB from 2 GiB: two full pieces of 0xffe00000 and the rest. */
	ADD(&map, 0x80000000, 0x300000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 1,
		     { 0x80000000, SC1_MAX, -1 },
		     { 0x17fe00000, SC1_MAX, -1 },
		     { 0x27fc00000, 0x80400000, -1 });
	/* The pieces are contiguous and end where the range does. */
	CHECK_U64(0x80000000 + SC1_MAX, 0x17fe00000);
	CHECK_U64(0x17fe00000 + SC1_MAX, 0x27fc00000);
	CHECK_U64(0x27fc00000 + 0x80400000, 0x300000000);
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(ac1_sc1_all_4g_is_split_in_two)
{
	const struct tree t = { 1, 1, NULL, 0, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0, 0x100000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 1, 1, { 0, SC1_MAX, -1 }, { SC1_MAX, 0x200000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(sc2_range_over_4g_stays_whole)
{
	const struct tree t = { 2, 2, NULL, 0, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x10080000000, MT_RAM);	/* 1 TiB */
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2, { 0x80000000, 0x10000000000, -1 });
	free(fdt);
	range_list_free(&map);
}

TEST(unsupported_cell_sizes_are_erange)
{
	const struct tree t3 = { 3, 2, NULL, 0, false };
	const struct tree t0 = { 2, 0, NULL, 0, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x90000000, MT_RAM);
	fdt = build_for(&t3, &map, &size);
	if (fdt)
		CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ERANGE);
	free(fdt);
	fdt = build_for(&t0, &map, &size);
	if (fdt)
		CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ERANGE);
	free(fdt);
	range_list_free(&map);
}

/* --- numa ------------------------------------------------------------------ */

TEST(numa_ids_follow_the_old_nodes)
{
	static const struct old_node old[] = {
		OLD(0x80000000, 0x80000000, 0),
		OLD(0x100000000, 0x100000000, 1),
	};
	const struct tree t = { 2, 2, old, 2, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	/* One RAM range over both old nodes, and one outside of them. */
	ADD(&map, 0x80000000, 0x200000000, MT_RAM);
	ADD(&map, 0x210000000, 0x220000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x80000000, 0x80000000, 0 },
		     { 0x100000000, 0x100000000, 1 },
		     { 0x210000000, 0x10000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(numa_id_kept_for_ram_inside_one_old_node)
{
	static const struct old_node old[] = {
		OLD(0x80000000, 0x80000000, 0),
		OLD(0x100000000, 0x100000000, 1),
	};
	const struct tree t = { 2, 2, old, 2, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80200000, 0x90000000, MT_RAM);
	ADD(&map, 0x90000000, 0x90100000, MT_RESERVED);
	ADD(&map, 0x90100000, 0x100000000, MT_RAM);
	ADD(&map, 0x180000000, 0x1c0000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x80200000, 0x0fe00000, 0 },
		     { 0x90100000, 0x6ff00000, 0 },
		     { 0x180000000, 0x40000000, 1 });
	free(fdt);
	range_list_free(&map);
}

TEST(numa_split_where_old_nodes_begin_and_end)
{
	static const struct old_node old[] = {
		OLD(0x80000000, 0x10000000, 0),
		OLD(0xa0000000, 0x10000000, 1),
	};
	const struct tree t = { 2, 2, old, 2, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	/* RAM from before the first old node to after the last, with a gap
	 * between the two: only the parts inside an old node get its id. */
	ADD(&map, 0x70000000, 0xc0000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x70000000, 0x10000000, -1 },
		     { 0x80000000, 0x10000000, 0 },
		     { 0x90000000, 0x10000000, -1 },
		     { 0xa0000000, 0x10000000, 1 },
		     { 0xb0000000, 0x10000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(numa_split_and_sc1_split_together)
{
	/* One size cell: each old reg entry is below 4 GiB, but node 1's is
	 * still larger than the biggest piece. */
	static const struct old_node old[] = {
		OLD(0x80000000, 0x80000000, 0),
		OLD(0x100000000, 0xfff00000, 1),
	};
	const struct tree t = { 2, 1, old, 2, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x1fff00000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	/* Node 1's 0xfff00000 bytes: 0xffe00000, then 0x100000. */
	CHECK_MEMORY(fdt, 2, 1,
		     { 0x80000000, 0x80000000, 0 },
		     { 0x100000000, SC1_MAX, 1 },
		     { 0x1ffe00000, 0x100000, 1 });
	free(fdt);
	range_list_free(&map);
}

TEST(numa_id_of_an_old_node_with_two_reg_entries)
{
	static const struct old_node old[] = {
		{ .start = 0x80000000, .size = 0x40000000, .numa = 1,
		  .start2 = 0x100000000, .size2 = 0x40000000 },
		OLD(0xc0000000, 0x40000000, 0),
	};
	const struct tree t = { 2, 2, old, 2, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x80000000, 0x100000000, MT_RAM);
	ADD(&map, 0x100000000, 0x140000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x80000000, 0x40000000, 1 },
		     { 0xc0000000, 0x40000000, 0 },
		     { 0x100000000, 0x40000000, 1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

/* --- what survives --------------------------------------------------------- */

TEST(memreserve_entry_survives)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	uint64_t addr = 0, sz = 0;
	size_t size;
	void *fdt;

	typed_map(&map);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(fdt_num_mem_rsv(fdt), 1);
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_INT(fdt_num_mem_rsv(fdt), 1);
	CHECK_INT(fdt_get_mem_rsv(fdt, 0, &addr, &sz), 0);
	CHECK_U64(addr, 0x8f000000);
	CHECK_U64(sz, 0x100000);
	free(fdt);
	range_list_free(&map);
}

TEST(reserved_memory_node_survives)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	const uint8_t *reg;
	size_t size;
	void *fdt;
	int node, len;

	typed_map(&map);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	node = fdt_path_offset(fdt, "/reserved-memory");
	CHECK(node >= 0);
	CHECK(fdt_getprop(fdt, node, "ranges", &len) != NULL);
	CHECK_INT(len, 0);
	node = fdt_path_offset(fdt, "/reserved-memory/secmon@90000000");
	CHECK(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	CHECK_INT(len, 16);
	if (reg && len == 16) {
		CHECK_U64(get_cells(reg, 2), 0x90000000);
		CHECK_U64(get_cells(reg + 8, 2), 0x200000);
	}
	CHECK(fdt_getprop(fdt, node, "no-map", &len) != NULL);
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(chosen_and_other_nodes_survive)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	const char *s;
	size_t size;
	void *fdt;
	int node, len;

	typed_map(&map);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	node = fdt_path_offset(fdt, "/chosen");
	CHECK(node >= 0);
	s = fdt_getprop(fdt, node, "bootargs", &len);
	CHECK_STR(s, "console=ttyAMA0 root=/dev/vda");
	CHECK_INT(len, (int)sizeof("console=ttyAMA0 root=/dev/vda"));
	node = fdt_path_offset(fdt, "/memory-controller@1000");
	CHECK(node >= 0);
	CHECK_STR(fdt_getprop(fdt, node, "compatible", NULL), "vendor,ddr-ctrl");
	CHECK_STR(fdt_getprop(fdt, 0, "compatible", NULL), "linux,dummy-virt");
	node = fdt_path_offset(fdt, "/serial@9000000");
	CHECK(node >= 0);
	CHECK_STR(fdt_getprop(fdt, node, "device_type", NULL), "serial");
	CHECK_MEMORY(fdt, 2, 2,
		     { 0x40000000, 0x08000000, -1 },
		     { 0x48100000, 0x77f00000, -1 },
		     { 0x100000000, 0x80000000, -1 });
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

/* --- failures -------------------------------------------------------------- */

TEST(too_small_buffer_is_enospc_and_blob_unchanged)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	typed_map(&map);
	fdt = build(&t, 64, &size);
	if (!fdt)
		return;
	CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ENOSPC);
	free(fdt);
	range_list_free(&map);
}

TEST(blob_without_room_is_enospc)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x40000000, 0x80000000, MT_RAM);
	fdt = build(&t, 0, &size);
	if (!fdt)
		return;
	CHECK_FAILS_UNTOUCHED(fdt, size, &map, -ENOSPC);
	free(fdt);
	range_list_free(&map);
}

TEST(garbage_blob_is_einval)
{
	struct range_list map = RANGE_LIST_INIT(0);
	uint8_t junk[512];

	ADD(&map, 0x40000000, 0x80000000, MT_RAM);
	memset(junk, 0xde, sizeof(junk));
	CHECK_FAILS_UNTOUCHED(junk, sizeof(junk), &map, -EINVAL);
	memset(junk, 0, sizeof(junk));
	CHECK_FAILS_UNTOUCHED(junk, sizeof(junk), &map, -EINVAL);
	range_list_free(&map);
}

TEST(blob_with_bad_magic_is_einval)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	uint8_t *fdt;

	ADD(&map, 0x40000000, 0x80000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	fdt[0] ^= 0x01;		/* 0xd00dfeed -> 0xd10dfeed */
	CHECK_FAILS_UNTOUCHED(fdt, size, &map, -EINVAL);
	free(fdt);
	range_list_free(&map);
}

TEST(extra_is_enough_for_many_ranges)
{
	const struct tree t = { 2, 2, two_gib_at_1g, 1, true };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size, n = 200, bad = 0;
	void *fdt;
	int node, i = 0;

	for (uint64_t k = 0; k < n; k++)
		ADD(&map, 0x1000000000ull + k * 0x100000000ull,
		    0x1000000000ull + k * 0x100000000ull + 0x80000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	fdt_for_each_subnode(node, fdt, 0) {
		const uint8_t *reg;
		const char *dt;
		int len;

		dt = fdt_getprop(fdt, node, "device_type", &len);
		if (!dt || len != 7 || memcmp(dt, "memory", 7))
			continue;
		if ((size_t)i >= n) {
			i++;
			continue;
		}
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != 16 || get_cells(reg, 2) != map.v[i].start ||
		    get_cells(reg + 8, 2) != map.v[i].end - map.v[i].start)
			bad++;
		i++;
	}
	CHECK_INT(i, n);
	CHECK_INT(bad, 0);
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}

TEST(size_cells_1_many_chunks_fit_the_room_asked_for)
{
	/* 32 GiB at #size-cells = 1 is nine pieces: the room must follow. */
	const struct tree t = { 2, 1, two_gib_at_1g, 1, false };
	struct range_list map = RANGE_LIST_INIT(0);
	size_t size;
	void *fdt;

	ADD(&map, 0x40000000, 0x840000000, MT_RAM);
	fdt = build_for(&t, &map, &size);
	if (!fdt)
		return;
	CHECK_INT(dtb_set_memory(fdt, &map), 0);
	CHECK_INT(fdt_check_full(fdt, size), 0);
	free(fdt);
	range_list_free(&map);
}
