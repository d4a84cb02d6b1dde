// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 loader (kexec/arch/arm64/arm64_load.c): placement by
 * booting.rst, the device tree it builds, and purgatory's block.  Images,
 * trees and the purgatory image are synthetic, built here.
 */
#include <errno.h>
#include <stdlib.h>

#include <libfdt.h>

#include "../../purgatory/ckhash.h"
#include "arch/arm64/arm64_load.h"
#include "arch/arm64/dtb_chosen.h"
#include "fakedtb.h"
#include "fakeimage.h"
#include "harness.h"
#include "memtype.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define DTB_SIZE (4u << 20)

static uint8_t kbuf[0x10000];
static uint8_t initrd[0x5000];
static uint8_t purg[0x1000];
static uint8_t dtb[DTB_SIZE];
static const uint8_t seed[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

struct env {
	struct fakeimage fi;
	struct fakedtb fd;
	struct arm64_image img;
	struct range_list boot, place;
	struct arm64_load_in in;
	struct load_plan p;
	struct diag d;
};

/* QEMU virt, as tests/data/sysroots/arm64-plain: 2 GiB of RAM at 1 GiB. */
static void setup(struct env *e)
{
	struct fakeimage fi = FAKEIMAGE_DEFAULTS;
	struct fakedtb fd = FAKEDTB_VIRT;
	struct purgatory_header h = { PURGATORY_MAGIC, PURGATORY_VERSION, 0x40, 0x3000 };

	memset(e, 0, sizeof(*e));
	e->fi = fi;
	e->fd = fd;
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
	memset(purg, 0, sizeof(purg));
	memcpy(purg + PURGATORY_HEADER_OFFSET, &h, sizeof(h));
	range_list_add(&e->boot, 0x40000000, 0xc0000000, MT_RAM, 0);
	range_list_add(&e->place, 0x40000000, 0x48000000, 0, 0);
	range_list_add(&e->place, 0x4a415000, 0xb9800000, 0, 0);
	e->in = (struct arm64_load_in){
		.img = &e->img, .initrd = initrd, .initrd_len = sizeof(initrd),
		.cmdline = "console=ttyAMA0 panic=-1", .boot = &e->boot, .place = &e->place,
		.dtb = dtb, .seed = seed, .seed_len = sizeof(seed),
		.purgatory = purg, .purgatory_len = sizeof(purg), .serial_base = 0x9000000,
	};
}

/* Build the image and the tree as e->fi and e->fd say, then load. */
static int load(struct env *e)
{
	fakeimage_build(kbuf, &e->fi);
	CHECK_INT(arm64_image_parse(kbuf, e->fi.len, &e->img, &e->d), 0);
	CHECK_INT(fakedtb_build(dtb, DTB_SIZE, &e->fd), 0);
	e->in.dtb_len = fdt_totalsize(dtb);
	return arm64_load(&e->in, &e->p, &e->d);
}

static void teardown(struct env *e)
{
	load_plan_free(&e->p);
	range_list_free(&e->boot);
	range_list_free(&e->place);
}

static const struct load_segment *seg(const struct env *e, const char *what)
{
	for (size_t i = 0; i < e->p.nseg; i++)
		if (!strcmp(e->p.seg[i].what, what))
			return &e->p.seg[i];
	return NULL;
}

static const void *out_dtb(const struct env *e)
{
	const struct load_segment *s = seg(e, "dtb");

	return s ? s->buf : NULL;
}

static const void *chosen_prop(const struct env *e, const char *name, int *len)
{
	const void *fdt = out_dtb(e);
	int node = fdt ? fdt_path_offset(fdt, "/chosen") : -1;

	return node < 0 ? NULL : fdt_getprop(fdt, node, name, len);
}

static uint64_t be(const void *p, int len)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < len; i++)
		v = v << 8 | b[i];
	return v;
}

TEST(segments_stay_inside_place_and_never_overlap)
{
	struct env e;

	setup(&e);
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.nseg, 4);
	for (size_t i = 0; i < e.p.nseg; i++) {
		const struct load_segment *s = &e.p.seg[i];
		bool in = false;

		for (size_t k = 0; k < e.place.n; k++)
			in |= s->mem >= e.place.v[k].start && s->mem + s->memsz <= e.place.v[k].end;
		CHECK(in);
		CHECK(!(s->mem & 0xfff) && !(s->memsz & 0xfff));
		for (size_t j = 0; j < i; j++)
			CHECK(s->mem >= e.p.seg[j].mem + e.p.seg[j].memsz ||
			      e.p.seg[j].mem >= s->mem + s->memsz);
	}
	teardown(&e);
}

TEST(the_kernel_goes_lowest_at_a_2mib_base_with_image_size_free)
{
	struct env e;
	const struct load_segment *k;

	setup(&e);
	CHECK_INT(load(&e), 0);
	k = seg(&e, "kernel");
	CHECK_U64(k->mem, 0x40000000);
	CHECK_U64(k->memsz, 0x2000000);
	CHECK_U64(k->bufsz, 0x10000);
	CHECK(k->buf == kbuf && k->from_file);
	CHECK_U64(e.p.kernel_entry, 0x40000000);
	teardown(&e);
}

TEST(text_offset_is_added_to_the_2mib_base)
{
	struct env e;

	setup(&e);
	range_list_free(&e.place);
	range_list_add(&e.place, 0x40100000, 0x48000000, 0, 0);	/* 0x40000000 is taken */
	e.fi.text_offset = 0x80000;
	CHECK_INT(load(&e), 0);
	CHECK_U64(seg(&e, "kernel")->mem, 0x40280000);
	CHECK_U64(e.p.pparams.entry, 0x40280000);
	teardown(&e);
}

TEST(the_dtb_has_a_2mib_region_to_itself_and_is_at_most_2mib)
{
	struct env e;
	const struct load_segment *d, *s;

	setup(&e);
	CHECK_INT(load(&e), 0);
	d = seg(&e, "dtb");
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK(!(d->mem & (2 * MiB - 1)));
	CHECK(d->bufsz <= 2 * MiB);
	CHECK_U64(e.p.dtb_addr, d->mem);
	CHECK_U64(e.p.dtb_len, d->bufsz);
	for (size_t i = 0; i < e.p.nseg; i++) {
		s = &e.p.seg[i];
		if (s != d)
			CHECK(s->mem + s->memsz <= d->mem || s->mem >= d->mem + 2 * MiB);
	}
	teardown(&e);
}

TEST(the_initrd_stays_in_a_32gib_window_with_the_kernel)
{
	struct env e;

	uint8_t *big = calloc(1, 5 * MiB);

	/* Below: room for the kernel, the dtb and purgatory, not the initrd;
	 * above: room for it, but 32 GiB past the kernel's 1 GiB boundary. */
	setup(&e);
	range_list_free(&e.place);
	range_list_add(&e.place, 0x40000000, 0x42400000, 0, 0);
	range_list_add(&e.place, 0x40000000ull + 32 * GiB, 0x40000000ull + 33 * GiB, 0, 0);
	range_list_add(&e.boot, 0x40000000ull + 32 * GiB, 0x40000000ull + 33 * GiB, MT_RAM, 0);
	e.in.initrd = big;
	e.in.initrd_len = 5 * MiB;
	CHECK_INT(load(&e), -ENOSPC);
	CHECK_STR(e.d.field, "initrd");
	teardown(&e);

	/* Ending right at the end of the window, the same initrd fits. */
	setup(&e);
	range_list_free(&e.place);
	range_list_add(&e.place, 0x40000000, 0x42400000, 0, 0);
	range_list_add(&e.place, 0x40000000ull + 32 * GiB - 5 * MiB, 0x40000000ull + 33 * GiB, 0, 0);
	range_list_add(&e.boot, 0x40000000ull + 32 * GiB - 5 * MiB, 0x40000000ull + 33 * GiB, MT_RAM, 0);
	e.in.initrd = big;
	e.in.initrd_len = 5 * MiB;
	CHECK_INT(load(&e), 0);
	CHECK_U64(seg(&e, "initrd")->mem, 0x40000000ull + 32 * GiB - 5 * MiB);
	teardown(&e);
	free(big);
}

TEST(the_initrd_goes_near_the_kernel)
{
	struct env e;
	const struct load_segment *i;

	setup(&e);
	CHECK_INT(load(&e), 0);
	i = seg(&e, "initrd");
	CHECK_U64(i->mem, 0x42000000);	/* right above the 32 MiB kernel */
	CHECK_U64(i->bufsz, sizeof(initrd));
	teardown(&e);
}

TEST(without_flags_bit_3_nothing_goes_below_the_kernel)
{
	struct env e;

	/* A hole below the kernel that the initrd fits in but the kernel does not. */
	setup(&e);
	range_list_free(&e.place);
	range_list_add(&e.place, 0x40000000, 0x40100000, 0, 0);
	range_list_add(&e.place, 0x40200000, 0x48000000, 0, 0);
	CHECK_INT(load(&e), 0);
	CHECK_U64(seg(&e, "kernel")->mem, 0x40200000);
	CHECK_U64(seg(&e, "initrd")->mem, 0x40000000);
	teardown(&e);

	setup(&e);
	range_list_free(&e.place);
	range_list_add(&e.place, 0x40000000, 0x40100000, 0, 0);
	range_list_add(&e.place, 0x40200000, 0x48000000, 0, 0);
	e.fi.flags = 0x2;
	CHECK_INT(load(&e), 0);
	CHECK_U64(seg(&e, "kernel")->mem, 0x40200000);
	CHECK(seg(&e, "initrd")->mem >= 0x42200000);
	CHECK(seg(&e, "purgatory")->mem != 0);
	teardown(&e);
}

TEST(a_kernel_that_fits_nowhere_is_named)
{
	struct env e;

	setup(&e);
	e.fi.image_size = 0x100000000ull;
	CHECK_INT(load(&e), -ENOSPC);
	CHECK_STR(e.d.field, "kernel");
	CHECK_STR(e.d.msg, "no room for the kernel (0x100000000 bytes) in the memory a load may use");
	teardown(&e);
}

TEST(memory_nodes_are_the_plans_boot_ram)
{
	struct env e;
	struct range_list got = RANGE_LIST_INIT(0);

	setup(&e);
	e.fd.mem[0][1] = 0x40000000;	/* the old tree said 1 GiB */
	range_list_add(&e.boot, 0x100000000ull, 0x140000000ull, MT_RAM, 0);
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.dtb_memory, LOAD_DTB_MEM_REWRITTEN);
	CHECK_INT(dtb_memory_ranges(out_dtb(&e), &got), 0);
	range_list_union(&got);	/* split where the old node ended, for NUMA ids */
	CHECK_INT(got.n, 2);
	if (got.n == 2) {
		CHECK_U64(got.v[0].start, 0x40000000);
		CHECK_U64(got.v[0].end, 0xc0000000);
		CHECK_U64(got.v[1].start, 0x100000000ull);
		CHECK_U64(got.v[1].end, 0x140000000ull);
	}
	range_list_free(&got);
	teardown(&e);
}

TEST(a_tree_without_memory_nodes_gets_them_from_the_plan)
{
	struct env e;
	struct range_list got = RANGE_LIST_INIT(0);

	setup(&e);
	e.fd.nmem = 0;
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.dtb_memory, LOAD_DTB_MEM_ADDED);
	CHECK_INT(dtb_memory_ranges(out_dtb(&e), &got), 0);
	CHECK_INT(got.n, 1);
	range_list_free(&got);
	teardown(&e);
}

TEST(a_uefi_tree_keeps_its_memory_map_and_says_so)
{
	struct env e;
	int len;

	setup(&e);
	e.fd.nmem = 0;
	e.fd.uefi = true;
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.dtb_memory, LOAD_DTB_MEM_UEFI);
	CHECK(!dtb_has_memory(out_dtb(&e)));
	CHECK(chosen_prop(&e, "linux,uefi-mmap-start", &len) != NULL);
	teardown(&e);
}

TEST(chosen_says_the_command_line_initrd_and_seeds)
{
	struct env e;
	const struct load_segment *i;
	const void *s, *end, *k, *r;
	int slen = 0, elen = 0, klen = 0, rlen = 0, len;

	setup(&e);
	e.fd.stale = true;
	e.fd.old_initrd = true;
	CHECK_INT(load(&e), 0);
	i = seg(&e, "initrd");
	CHECK_STR(chosen_prop(&e, "bootargs", &len), "console=ttyAMA0 panic=-1");
	s = chosen_prop(&e, "linux,initrd-start", &slen);
	end = chosen_prop(&e, "linux,initrd-end", &elen);
	CHECK(s && end && i);
	if (s && end && i) {
		CHECK_U64(be(s, slen), i->mem);
		CHECK_U64(be(end, elen), i->mem + sizeof(initrd));
	}
	k = chosen_prop(&e, "kaslr-seed", &klen);
	r = chosen_prop(&e, "rng-seed", &rlen);
	CHECK(k && klen == 8 && !memcmp(k, seed, 8));
	CHECK(r && rlen == 24 && !memcmp(r, seed + 8, 24));
	CHECK(chosen_prop(&e, "linux,elfcorehdr", &len) == NULL);
	teardown(&e);
}

TEST(the_command_line_address_points_at_bootargs_in_the_dtb)
{
	struct env e;
	const struct load_segment *d;

	setup(&e);
	CHECK_INT(load(&e), 0);
	d = seg(&e, "dtb");
	CHECK_INT(e.p.cmdline_len, strlen("console=ttyAMA0 panic=-1"));
	CHECK(e.p.cmdline_addr > d->mem && e.p.cmdline_addr < d->mem + d->bufsz);
	CHECK_STR((const char *)d->buf + (e.p.cmdline_addr - d->mem), "console=ttyAMA0 panic=-1");
	teardown(&e);
}

TEST(without_an_initrd_there_are_three_segments_and_no_initrd_in_chosen)
{
	struct env e;
	int len;

	setup(&e);
	e.in.initrd = NULL;
	e.in.initrd_len = 0;
	e.fd.old_initrd = true;
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.nseg, 3);
	CHECK(seg(&e, "initrd") == NULL);
	CHECK(chosen_prop(&e, "linux,initrd-start", &len) == NULL);
	CHECK_INT(e.p.pparams.nr_segments, 2);
	teardown(&e);
}

TEST(the_built_dtb_passes_fdt_check_full_and_keeps_reservations)
{
	struct env e;
	const void *fdt;
	uint64_t a = 0, s = 0;

	setup(&e);
	CHECK_INT(load(&e), 0);
	fdt = out_dtb(&e);
	CHECK_INT(fdt_check_full(fdt, seg(&e, "dtb")->bufsz), 0);
	CHECK_INT(fdt_num_mem_rsv(fdt), 1);
	CHECK_INT(fdt_get_mem_rsv(fdt, 0, &a, &s), 0);
	CHECK_U64(a, 0x48000000);
	CHECK(fdt_path_offset(fdt, "/reserved-memory/secmon@bf000000") >= 0);
	teardown(&e);
}

TEST(purgatory_gets_entry_dtb_serial_and_every_other_segments_checksum)
{
	struct env e;
	const struct load_segment *ps;
	struct purgatory_params pp;
	const struct purgatory_params *want;

	setup(&e);
	CHECK_INT(load(&e), 0);
	want = &e.p.pparams;
	ps = seg(&e, "purgatory");
	CHECK(ps == &e.p.seg[e.p.nseg - 1]);
	CHECK_U64(e.p.entry, ps->mem);
	CHECK_U64(ps->memsz, 0x3000);
	memcpy(&pp, (const uint8_t *)ps->buf + 0x40, sizeof(pp));
	CHECK(!memcmp(&pp, want, sizeof(pp)));
	CHECK_U64(pp.magic, PURGATORY_MAGIC);
	CHECK_U64(pp.entry, seg(&e, "kernel")->mem);
	CHECK_U64(pp.arg0, seg(&e, "dtb")->mem);
	CHECK_INT(pp.serial_kind, PURGATORY_SERIAL_PL011);
	CHECK_U64(pp.serial_base, 0x9000000);
	CHECK_INT(pp.nr_segments, 3);
	for (uint32_t i = 0; i < pp.nr_segments; i++) {
		CHECK_U64(pp.seg[i].mem, e.p.seg[i].mem);
		CHECK_U64(pp.seg[i].len, e.p.seg[i].bufsz);
		CHECK_U64(pp.seg[i].hash, ckhash64(e.p.seg[i].buf, e.p.seg[i].bufsz, 0));
	}
	teardown(&e);
}

TEST(no_serial_and_no_checks_are_passed_on)
{
	struct env e;

	setup(&e);
	e.in.serial_base = 0;
	e.in.purgatory_flags = PURGATORY_F_NO_CHECKS;
	CHECK_INT(load(&e), 0);
	CHECK_INT(e.p.pparams.serial_kind, PURGATORY_SERIAL_NONE);
	CHECK_INT(e.p.pparams.flags, PURGATORY_F_NO_CHECKS);
	for (uint32_t i = 0; i < e.p.pparams.nr_segments; i++)
		CHECK_U64(e.p.pparams.seg[i].hash, 0);
	teardown(&e);
}

/* Bad device trees: one clear message, and nothing to free. */
static void expect_dtb_error(struct env *e, int ret, const char *msg)
{
	CHECK_INT(arm64_load(&e->in, &e->p, &e->d), ret);
	CHECK_STR(e->d.field, "dtb");
	CHECK(strstr(e->d.msg, msg) != NULL);
	if (!strstr(e->d.msg, msg))
		printf("#   got: %s\n", e->d.msg);
	CHECK_INT(e->p.nseg, 0);
}

TEST(no_dtb_is_refused)
{
	struct env e;

	setup(&e);
	CHECK_INT(load(&e), 0);
	load_plan_free(&e.p);
	e.in.dtb = NULL;
	expect_dtb_error(&e, -EINVAL, "no device tree");
	teardown(&e);
}

TEST(a_corrupt_dtb_is_refused)
{
	struct env e;

	setup(&e);
	CHECK_INT(load(&e), 0);
	load_plan_free(&e.p);
	dtb[0] ^= 0xff;
	expect_dtb_error(&e, -EINVAL, "not a flattened device tree");
	dtb[0] ^= 0xff;
	/* A structure block that ends in the middle of a node. */
	memset(dtb + fdt_off_dt_struct(dtb) + fdt_size_dt_struct(dtb) - 8, 0xff, 8);
	expect_dtb_error(&e, -EINVAL, "corrupt device tree");
	teardown(&e);
}

TEST(a_truncated_dtb_is_refused)
{
	struct env e;

	setup(&e);
	CHECK_INT(load(&e), 0);
	load_plan_free(&e.p);
	e.in.dtb_len = fdt_totalsize(dtb) - 1;
	expect_dtb_error(&e, -EINVAL, "truncated");
	teardown(&e);
}

TEST(a_dtb_without_chosen_is_refused)
{
	struct env e;

	setup(&e);
	e.fd.chosen = false;
	CHECK_INT(load(&e), -EINVAL);
	CHECK_STR(e.d.field, "dtb");
	CHECK_STR(e.d.msg, "no /chosen node");
	teardown(&e);
}

TEST(cells_that_cannot_hold_the_ram_are_refused)
{
	struct env e;

	setup(&e);
	e.fd.ac = 1;
	e.fd.sc = 1;
	range_list_add(&e.boot, 0x100000000ull, 0x140000000ull, MT_RAM, 0);
	CHECK_INT(load(&e), -ERANGE);
	CHECK_STR(e.d.field, "dtb");
	CHECK_STR(e.d.msg, "#address-cells = 1, #size-cells = 1 cannot hold the RAM to describe");
	teardown(&e);
}

TEST(a_dtb_over_2mib_is_refused)
{
	struct env e;

	setup(&e);
	e.fd.pad = 2 * MiB;
	CHECK_INT(load(&e), -E2BIG);
	CHECK_STR(e.d.field, "dtb");
	CHECK(strstr(e.d.msg, "at most 2 MiB") != NULL);
	teardown(&e);
}

TEST(a_bad_purgatory_image_is_refused)
{
	struct env e;

	setup(&e);
	purg[PURGATORY_HEADER_OFFSET] ^= 1;
	CHECK_INT(load(&e), -EINVAL);
	CHECK_STR(e.d.field, "purgatory");
	teardown(&e);
}
