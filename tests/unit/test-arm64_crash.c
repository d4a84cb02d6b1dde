// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 kdump load (kexec/arch/arm64/arm64_crash.c): everything in the
 * reservation, /chosen telling the capture kernel where it may run and
 * where the ELF core header is, the memory nodes still the whole machine.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include <libfdt.h>

#include "arch/arm64/arm64_crash.h"
#include "arch/arm64/dtb_chosen.h"
#include "fakedtb.h"
#include "fakeimage.h"
#include "harness.h"
#include "memtype.h"

#define DTB_SIZE (1u << 20)

static uint8_t kbuf[0x10000];
static uint8_t initrd[0x5000];
static uint8_t purg[0x1000];
static uint8_t dtb[DTB_SIZE];
static const struct elfcore_note cpus[2] = { { 0xbf7c0000, 0x1a8 }, { 0xbf7e0000, 0x1a8 } };

struct env {
	char iomem[1024];
	struct iomem_tree t;
	struct memmap_plan mp;
	struct crash_plan cp;
	struct crash_error cerr;
	struct arm64_image img;
	struct arm64_crash_in in;
	struct load_plan p;
	struct diag d;
};

/* QEMU virt with 2 GiB at 1 GiB, 2 GiB more at 4 GiB; crashkernel= as asked. */
static int setup(struct env *e, const char *low, const char *high)
{
	struct fakeimage fi = FAKEIMAGE_DEFAULTS;
	struct fakedtb fd = FAKEDTB_VIRT;
	struct purgatory_header h = { PURGATORY_MAGIC, PURGATORY_VERSION, 0x40, 0x3000 };
	int ret;

	memset(e, 0, sizeof(*e));
	snprintf(e->iomem, sizeof(e->iomem),
		 "09000000-09000fff : pl011@9000000\n"
		 "40000000-bfffffff : System RAM\n"
		 "  40210000-4185ffff : Kernel code\n"
		 "  41eb0000-4220ffff : Kernel data\n"
		 "%s"
		 "100000000-17fffffff : System RAM\n"
		 "%s", low, high);
	ret = iomem_parse(e->iomem, strlen(e->iomem), 64, &e->t, &e->d);
	if (!ret)
		ret = memmap_build(&e->t, NULL, 64, &e->mp);
	if (!ret)
		ret = crash_plan_build(&e->t, &e->mp, EM_AARCH64, 0, &e->cp, &e->cerr);
	if (ret) {
		harness_fail(__FILE__, __LINE__, "setup: %d %s %s", ret, e->d.msg, e->cerr.msg);
		return ret;
	}
	fakeimage_build(kbuf, &fi);
	CHECK_INT(arm64_image_parse(kbuf, fi.len, &e->img, &e->d), 0);
	fd.nmem = 2;
	fd.mem[0][0] = 0x40000000;
	fd.mem[0][1] = 0x80000000;
	fd.mem[1][0] = 0x100000000;
	fd.mem[1][1] = 0x80000000;
	fd.stale = true;
	CHECK_INT(fakedtb_build(dtb, DTB_SIZE, &fd), 0);
	memset(purg, 0, sizeof(purg));
	memcpy(purg + PURGATORY_HEADER_OFFSET, &h, sizeof(h));
	e->in = (struct arm64_crash_in){
		.load = {
			.img = &e->img, .initrd = initrd, .initrd_len = sizeof(initrd),
			.cmdline = "console=ttyAMA0 nr_cpus=1 reset_devices", .boot = &e->mp.boot,
			.dtb = dtb, .dtb_len = fdt_totalsize(dtb),
			.purgatory = purg, .purgatory_len = sizeof(purg),
		},
		.crash = &e->cp, .place = &e->cp.place,
		.core = {
			.machine = EM_AARCH64, .cpu_notes = cpus, .ncpu_notes = 2,
			.vmcoreinfo = { 0x4220e000, 0x1000 },
		},
	};
	return 0;
}

static void teardown(struct env *e)
{
	load_plan_free(&e->p);
	crash_plan_free(&e->cp);
	memmap_plan_free(&e->mp);
	iomem_tree_free(&e->t);
}

static const struct load_segment *seg(const struct env *e, const char *what)
{
	for (size_t i = 0; i < e->p.nseg; i++)
		if (!strcmp(e->p.seg[i].what, what))
			return &e->p.seg[i];
	return NULL;
}

/* The n-th 64-bit cell pair of a /chosen property (2 + 2 cells). */
static uint64_t cell64(const void *prop, int n)
{
	const fdt32_t *c = prop;

	return (uint64_t)fdt32_to_cpu(c[2 * n]) << 32 | fdt32_to_cpu(c[2 * n + 1]);
}

static const void *chosen(const struct env *e, const char *name, int *len)
{
	const void *fdt = seg(e, "dtb")->buf;

	return fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), name, len);
}

TEST(one_region_chosen_and_segments)
{
	struct env e;
	const void *p;
	int len = 0;

	if (setup(&e, "  a0000000-b7ffffff : Crash kernel\n", ""))
		return;
	CHECK_INT(arm64_crash_load(&e.in, &e.p, &e.d), 0);
	CHECK(e.p.crash.on);
	for (size_t i = 0; i < e.p.nseg; i++)
		CHECK(crash_inside(&e.cp, e.p.seg[i].mem, e.p.seg[i].mem + e.p.seg[i].memsz));
	CHECK_U64(seg(&e, "kernel")->mem, 0xa0000000);
	CHECK_U64(e.p.crash.elfcorehdr, 0xb8000000 - 0x1000);
	p = chosen(&e, "linux,elfcorehdr", &len);
	CHECK_INT(len, 16);
	CHECK_U64(cell64(p, 0), e.p.crash.elfcorehdr);
	CHECK_U64(cell64(p, 1), e.p.crash.elfcorehdr_len);
	p = chosen(&e, "linux,usable-memory-range", &len);
	CHECK_INT(len, 16);
	CHECK_U64(cell64(p, 0), 0xa0000000);
	CHECK_U64(cell64(p, 1), 0x18000000);
	/* The stale kdump-only property of the running boot is gone. */
	CHECK(!chosen(&e, "linux,ima-kexec-buffer", &len));
	/* The memory nodes: the whole machine, not the reservation. */
	{
		struct range_list mem = RANGE_LIST_INIT(0);

		CHECK_INT(dtb_memory_ranges(seg(&e, "dtb")->buf, &mem), 0);
		CHECK_INT(mem.n, 2);
		CHECK_U64(mem.v[0].start, 0x40000000);
		CHECK_U64(mem.v[1].end, 0x180000000);
		range_list_free(&mem);
	}
	teardown(&e);
}

TEST(two_regions_high_first_low_last)
{
	struct env e;
	const void *p;
	int len = 0;

	if (setup(&e, "  b0000000-bfffffff : Crash kernel\n",
		  "  160000000-17fffffff : Crash kernel\n"))
		return;
	CHECK_INT(arm64_crash_load(&e.in, &e.p, &e.d), 0);
	p = chosen(&e, "linux,usable-memory-range", &len);
	CHECK_INT(len, 32);
	CHECK_U64(cell64(p, 0), 0x160000000);
	CHECK_U64(cell64(p, 1), 0x20000000);
	CHECK_U64(cell64(p, 2), 0xb0000000);
	CHECK_U64(cell64(p, 3), 0x10000000);
	CHECK_INT(e.p.crash.nusable, 2);
	for (size_t i = 0; i < e.p.nseg; i++)
		CHECK(crash_inside(&e.cp, e.p.seg[i].mem, e.p.seg[i].mem + e.p.seg[i].memsz));
	teardown(&e);
}

TEST(a_reservation_too_small_names_the_segment)
{
	struct env e;

	if (setup(&e, "  a0000000-a0ffffff : Crash kernel\n", ""))
		return;
	CHECK_INT(arm64_crash_load(&e.in, &e.p, &e.d), -ENOSPC);
	CHECK_STR(e.d.field, "kernel");
	teardown(&e);
}
