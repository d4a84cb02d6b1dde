// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /chosen for the next kernel (kexec/arch/arm64/dtb_chosen.c).  The trees
 * are written here with libfdt's sequential-write API (fakedtb.h), opened
 * for writing as the loader opens them, and read back with fdt_getprop().
 */
#include <errno.h>
#include <stdlib.h>

#include <libfdt.h>

#include "arch/arm64/dtb_chosen.h"
#include "fakedtb.h"
#include "harness.h"
#include "memtype.h"

#define SIZE 16384

static uint8_t in[SIZE], out[SIZE + 4096];
static const uint8_t seed[24] = { 9, 8, 7, 6, 5, 4, 3, 2, 1 };

/* Build @f and open it for writing with room for @c. */
static void *tree(const struct fakedtb *f, const struct dtb_chosen *c)
{
	CHECK_INT(fakedtb_build(in, SIZE, f), 0);
	CHECK_INT(fdt_open_into(in, out, (int)(fdt_totalsize(in) + dtb_chosen_extra(c))), 0);
	return out;
}

static const void *prop(const void *fdt, const char *name, int *len)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	return chosen < 0 ? NULL : fdt_getprop(fdt, chosen, name, len);
}

static uint64_t be(const void *p, int len)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < len; i++)
		v = v << 8 | b[i];
	return v;
}

static void check_full(const void *fdt)
{
	CHECK_INT(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
}

TEST(bootargs_is_the_command_line)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "root=/dev/vda console=ttyAMA0 quiet" };
	void *fdt = tree(&f, &c);
	int len;

	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK_STR(prop(fdt, "bootargs", &len), "root=/dev/vda console=ttyAMA0 quiet");
	CHECK_STR(prop(fdt, "stdout-path", &len), "/pl011@9000000");
	check_full(fdt);
}

TEST(an_empty_command_line_is_an_empty_bootargs_not_the_old_one)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt = tree(&f, &c);
	int len = -1;

	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK_STR(prop(fdt, "bootargs", &len), "");
	CHECK_INT(len, 1);
	check_full(fdt);
}

TEST(bootargs_is_added_when_the_tree_had_none)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "quiet" };
	void *fdt;
	int len;

	f.bootargs = NULL;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK_STR(prop(fdt, "bootargs", &len), "quiet");
}

TEST(initrd_bounds_use_two_address_cells)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = {
		.bootargs = "", .initrd = true,
		.initrd_start = 0x140000000ull, .initrd_end = 0x140123456ull,
	};
	void *fdt = tree(&f, &c);
	const void *s, *e;
	int slen = 0, elen = 0;

	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	s = prop(fdt, "linux,initrd-start", &slen);
	e = prop(fdt, "linux,initrd-end", &elen);
	CHECK(s && e);
	CHECK_INT(slen, 8);
	CHECK_INT(elen, 8);
	if (s && e) {
		CHECK_U64(be(s, slen), 0x140000000ull);
		CHECK_U64(be(e, elen), 0x140123456ull);	/* exclusive, as the kernel reads it */
	}
	check_full(fdt);
}

TEST(initrd_bounds_use_one_address_cell)
{
	struct fakedtb f = { .ac = 1, .sc = 1, .chosen = true, .old_initrd = true };
	struct dtb_chosen c = {
		.bootargs = "", .initrd = true, .initrd_start = 0x50000000, .initrd_end = 0x50001000,
	};
	void *fdt = tree(&f, &c);
	const void *s;
	int slen = 0;

	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	s = prop(fdt, "linux,initrd-start", &slen);
	CHECK_INT(slen, 4);
	if (s)
		CHECK_U64(be(s, slen), 0x50000000);
	check_full(fdt);
}

TEST(an_initrd_one_cell_cannot_hold_is_refused_and_nothing_changes)
{
	struct fakedtb f = { .ac = 1, .sc = 1, .chosen = true, .bootargs = "old" };
	struct dtb_chosen c = {
		.bootargs = "new", .initrd = true,
		.initrd_start = 0xfffff000, .initrd_end = 0x100001000ull,
	};
	void *fdt = tree(&f, &c);
	uint8_t before[sizeof(out)];

	memcpy(before, out, sizeof(out));
	CHECK_INT(dtb_set_chosen(fdt, &c), -ERANGE);
	CHECK(!memcmp(before, out, sizeof(out)));
}

TEST(without_an_initrd_the_old_bounds_are_removed)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt;
	int len;

	f.old_initrd = true;
	fdt = tree(&f, &c);
	CHECK(prop(fdt, "linux,initrd-start", &len) != NULL);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK(prop(fdt, "linux,initrd-start", &len) == NULL);
	CHECK(prop(fdt, "linux,initrd-end", &len) == NULL);
	check_full(fdt);
}

TEST(kaslr_seed_is_one_u64_and_rng_seed_the_bytes)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = {
		.bootargs = "", .kaslr = true, .kaslr_seed = 0x0102030405060708ull,
		.rng_seed = seed, .rng_seed_len = sizeof(seed),
	};
	void *fdt;
	const void *k, *r;
	int klen = 0, rlen = 0;

	f.stale = true;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	k = prop(fdt, "kaslr-seed", &klen);
	r = prop(fdt, "rng-seed", &rlen);
	CHECK_INT(klen, 8);
	if (k)
		CHECK_U64(be(k, 8), 0x0102030405060708ull);
	CHECK_INT(rlen, (int)sizeof(seed));
	CHECK(r && !memcmp(r, seed, sizeof(seed)));
	check_full(fdt);
}

TEST(without_a_seed_the_old_seeds_are_removed)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt;
	int len;

	f.stale = true;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK(prop(fdt, "kaslr-seed", &len) == NULL);
	CHECK(prop(fdt, "rng-seed", &len) == NULL);
}

TEST(the_running_kernels_kdump_and_ima_properties_are_removed)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt;
	int len;

	f.stale = true;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK(prop(fdt, "linux,elfcorehdr", &len) == NULL);
	CHECK(prop(fdt, "linux,usable-memory-range", &len) == NULL);
	CHECK(prop(fdt, "linux,ima-kexec-buffer", &len) == NULL);
	check_full(fdt);
}

TEST(memreserve_reserved_memory_and_uefi_properties_are_kept)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "x", .initrd = true, .initrd_start = 0x50000000,
				.initrd_end = 0x50100000 };
	uint64_t addr = 0, size = 0;
	void *fdt;
	int node, len;

	f.uefi = true;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	CHECK_INT(fdt_num_mem_rsv(fdt), 1);
	CHECK_INT(fdt_get_mem_rsv(fdt, 0, &addr, &size), 0);
	CHECK_U64(addr, 0x48000000);
	CHECK_U64(size, 0x2415000);
	node = fdt_path_offset(fdt, "/reserved-memory/secmon@bf000000");
	CHECK(node >= 0);
	CHECK(fdt_getprop(fdt, node, "no-map", &len) != NULL);
	CHECK(prop(fdt, "linux,uefi-mmap-start", &len) != NULL);
	CHECK(prop(fdt, "linux,uefi-system-table", &len) != NULL);
	check_full(fdt);
}

TEST(a_tree_without_chosen_is_refused)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt;

	f.chosen = false;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), -ENOENT);
}

TEST(address_cells_other_than_one_or_two_are_refused)
{
	struct fakedtb f = FAKEDTB_VIRT;
	struct dtb_chosen c = { .bootargs = "" };
	void *fdt;

	f.ac = 3;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), -ERANGE);
}

TEST(a_buffer_that_is_not_a_tree_is_refused)
{
	struct dtb_chosen c = { .bootargs = "" };

	memset(out, 0, sizeof(out));
	CHECK_INT(dtb_set_chosen(out, &c), -EINVAL);
}

TEST(the_extra_room_is_enough_for_everything_at_once)
{
	struct fakedtb f = FAKEDTB_VIRT;
	char *longargs = malloc(3000);
	struct dtb_chosen c = {
		.initrd = true, .initrd_start = 0x50000000, .initrd_end = 0x50100000,
		.kaslr = true, .kaslr_seed = 1, .rng_seed = seed, .rng_seed_len = sizeof(seed),
	};
	void *fdt;

	if (!longargs)
		return;
	memset(longargs, 'a', 2999);
	longargs[2999] = '\0';
	c.bootargs = longargs;
	f.bootargs = NULL;
	fdt = tree(&f, &c);
	CHECK_INT(dtb_set_chosen(fdt, &c), 0);
	check_full(fdt);
	free(longargs);
}

TEST(a_uefi_tree_is_one_with_uefi_mmap_and_no_memory_nodes)
{
	struct fakedtb f = FAKEDTB_VIRT;

	f.uefi = true;
	f.nmem = 0;
	CHECK_INT(fakedtb_build(in, SIZE, &f), 0);
	CHECK(dtb_is_uefi(in));
	CHECK(!dtb_has_memory(in));

	f.nmem = 1;	/* memory nodes win: not what the EFI stub leaves */
	CHECK_INT(fakedtb_build(in, SIZE, &f), 0);
	CHECK(!dtb_is_uefi(in));
	CHECK(dtb_has_memory(in));

	f.uefi = false;
	f.nmem = 0;
	CHECK_INT(fakedtb_build(in, SIZE, &f), 0);
	CHECK(!dtb_is_uefi(in));
}

TEST(memory_ranges_are_read_back_in_the_roots_cells)
{
	struct fakedtb f = { .ac = 1, .sc = 1, .chosen = true, .nmem = 2,
			     .mem = { { 0x80000000, 0x10000000 }, { 0x40000000, 0x20000000 } } };
	struct range_list l = RANGE_LIST_INIT(0);

	CHECK_INT(fakedtb_build(in, SIZE, &f), 0);
	CHECK_INT(dtb_memory_ranges(in, &l), 0);
	CHECK_INT(l.n, 2);
	if (l.n == 2) {
		CHECK_U64(l.v[0].start, 0x40000000);
		CHECK_U64(l.v[0].end, 0x60000000);
		CHECK_U64(l.v[1].start, 0x80000000);
		CHECK_U64(l.v[1].end, 0x90000000);
		CHECK_INT(l.v[0].type, MT_RAM);
	}
	range_list_free(&l);
}
