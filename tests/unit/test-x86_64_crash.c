// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86_64 kdump load (kexec/arch/x86_64/x86_64_crash.c): everything in
 * the reservation, the ELF core header where elfcorehdr= says, and the
 * zero page's e820 table the capture kernel's map.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch/x86_64/bootparam.h"
#include "arch/x86_64/x86_64_crash.h"
#include "fakebz.h"
#include "harness.h"
#include "memtype.h"

static uint8_t kbuf[FAKEBZ_SETUP_LEN + 0x10000];
static uint8_t initrd[0x5000];
static uint8_t purg[0x1000];
static const struct elfcore_note cpus[2] = { { 0x13fc16000, 0x1a8 }, { 0x13fc56000, 0x1a8 } };

/* A 4 GiB guest; the reservation size and place come from the test. */
static const char iomem_fmt[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000f0000-000fffff : Reserved\n"
	"00100000-bffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  %s : Crash kernel\n"
	"bffe0000-bfffffff : ACPI Tables\n"
	"100000000-13fffffff : System RAM\n"
	"%s";
static const char fw_lines[][48] = {
	"0x0 0x9fbff System RAM", "0x9fc00 0x9ffff Reserved", "0xf0000 0xfffff Reserved",
	"0x100000 0xbffdffff System RAM", "0xbffe0000 0xbfffffff ACPI Tables",
	"0x100000000 0x13fffffff System RAM",
};

struct env {
	char iomem[2048];
	struct iomem_tree t;
	struct fwmap fw;
	struct memmap_plan mp;
	struct crash_plan cp;
	struct crash_error cerr;
	struct bzimage img;
	struct x86_64_crash_in in;
	struct x86_64_crash_out info;
	struct load_plan p;
	struct diag d;
};

static int setup(struct env *e, const char *crash, const char *high)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct purgatory_header h = { PURGATORY_MAGIC, PURGATORY_VERSION, 0x40, 0x3000 };
	int ret;

	memset(e, 0, sizeof(*e));
	snprintf(e->iomem, sizeof(e->iomem), iomem_fmt, crash, high);
	ret = iomem_parse(e->iomem, strlen(e->iomem), 1024, &e->t, &e->d);
	e->fw.max = 64;
	for (size_t i = 0; !ret && i < sizeof(fw_lines) / sizeof(fw_lines[0]); i++) {
		char s[24], en[24], type[32];
		struct fwmap_entry ent;

		sscanf(fw_lines[i], "%23s %23s %31[^\n]", s, en, type);
		ret = fwmap_parse_entry((uint32_t)i, s, strlen(s), en, strlen(en), type,
					strlen(type), &ent, &e->d);
		if (!ret)
			ret = fwmap_add(&e->fw, &ent);
	}
	fwmap_sort(&e->fw);
	if (!ret)
		ret = memmap_build(&e->t, &e->fw, 1024, &e->mp);
	if (!ret)
		ret = crash_plan_build(&e->t, &e->mp, EM_X86_64, 0, &e->cp, &e->cerr);
	if (ret) {
		harness_fail(__FILE__, __LINE__, "setup: %d %s %s", ret, e->d.msg, e->cerr.msg);
		return ret;
	}
	fakebz_build(kbuf, &f);
	CHECK_INT(bzimage_probe(kbuf, sizeof(kbuf), &e->img, &e->d), 0);
	memset(initrd, 0x17, sizeof(initrd));
	memset(purg, 0xcc, sizeof(purg));
	memcpy(purg + PURGATORY_HEADER_OFFSET, &h, sizeof(h));
	e->in = (struct x86_64_crash_in){
		.load = {
			.img = &e->img, .initrd = initrd, .initrd_len = sizeof(initrd),
			.purgatory = purg, .purgatory_len = sizeof(purg), .serial_port = 0x3f8,
		},
		.crash = &e->cp, .plan = &e->mp, .place = &e->cp.place,
		.cmdline = "console=ttyS0 nr_cpus=1 irqpoll reset_devices",
		.core = {
			.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 2,
			.vmcoreinfo = { 0x2d2e000, 0x1000 }, .have_linear = true,
			.linear_offset = 0xffff888000000000ull,
		},
	};
	return 0;
}

static void teardown(struct env *e)
{
	load_plan_free(&e->p);
	range_list_free(&e->info.map);
	crash_plan_free(&e->cp);
	memmap_plan_free(&e->mp);
	iomem_tree_free(&e->t);
	fwmap_free(&e->fw);
}

static const struct load_segment *seg(const struct env *e, const char *what)
{
	for (size_t i = 0; i < e->p.nseg; i++)
		if (!strcmp(e->p.seg[i].what, what))
			return &e->p.seg[i];
	return NULL;
}

TEST(every_segment_and_the_entry_lie_in_the_reservation)
{
	struct env e;

	if (setup(&e, "5f000000-76ffffff", ""))
		return;
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), 0);
	CHECK_INT(e.p.nseg, 5);
	for (size_t i = 0; i < e.p.nseg; i++) {
		CHECK(e.p.seg[i].mem >= 0x5f000000);
		CHECK(e.p.seg[i].mem + e.p.seg[i].memsz <= 0x77000000);
	}
	CHECK(e.p.entry >= 0x5f000000 && e.p.entry < 0x77000000);
	/* The kernel at the reservation's start, aligned, not at pref_address. */
	CHECK_U64(seg(&e, "kernel")->mem, 0x5f000000);
	/* The header at the top. */
	CHECK_U64(e.info.elfcorehdr, 0x77000000 - 0x1000);
	CHECK_U64(seg(&e, "elfcorehdr")->mem, e.info.elfcorehdr);
	teardown(&e);
}

TEST(the_header_is_the_dump_and_purgatory_skips_it)
{
	struct env e;
	const struct load_segment *h;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	if (setup(&e, "5f000000-76ffffff", ""))
		return;
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), 0);
	h = seg(&e, "elfcorehdr");
	/* 2 CPU notes, VMCOREINFO, and the dump: RAM above 1 MiB minus the
	 * reservation, in three pieces. */
	CHECK_U64(e.info.phnum, 6);
	CHECK_U64(e.info.elfcorehdr_len, 64 + 6 * 56);
	CHECK_U64(h->bufsz, 64 + 6 * 56);
	memcpy(&eh, h->buf, sizeof(eh));
	CHECK_INT(eh.e_type, ET_CORE);
	CHECK_INT(eh.e_phnum, 6);
	memcpy(&ph, (const uint8_t *)h->buf + 64 + 3 * 56, sizeof(ph));
	CHECK_U64(ph.p_paddr, 0x100000);
	CHECK_U64(ph.p_memsz, 0x5f000000 - 0x100000);
	memcpy(&ph, (const uint8_t *)h->buf + 64 + 4 * 56, sizeof(ph));
	CHECK_U64(ph.p_paddr, 0x77000000);
	CHECK_U64(ph.p_memsz, 0xbffe0000 - 0x77000000);
	CHECK_U64(ph.p_vaddr, 0xffff888077000000ull);
	/* Purgatory checks kernel, initrd and boot_params, not the header. */
	CHECK_INT(e.p.pparams.nr_segments, 3);
	for (uint32_t i = 0; i < e.p.pparams.nr_segments; i++)
		CHECK(e.p.pparams.seg[i].mem != h->mem);
	teardown(&e);
}

TEST(the_zero_page_holds_the_capture_map_and_elfcorehdr)
{
	struct env e;
	const struct boot_params *bp;
	const char *cmd;
	char want[128];

	if (setup(&e, "5f000000-76ffffff", ""))
		return;
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), 0);
	bp = seg(&e, "boot_params")->buf;
	CHECK_INT(bp->e820_entries, e.info.map.n);
	CHECK_INT(e.info.map.n, 5);
	for (size_t i = 0; i < e.info.map.n && i < 128; i++) {
		struct boot_e820_entry en;

		memcpy(&en, &bp->e820_table[i], sizeof(en));
		CHECK_U64(en.addr, e.info.map.v[i].start);
		CHECK_U64(en.size, e.info.map.v[i].end - e.info.map.v[i].start);
		CHECK_INT(en.type, e.info.map.v[i].type);
	}
	/* Low RAM, the firmware's low reservations, the reservation minus the
	 * header, ACPI; no other RAM. */
	CHECK_U64(e.info.map.v[0].start, 0x1000);
	CHECK_U64(e.info.map.v[0].end, 0x9fc00);
	CHECK_INT(e.info.map.v[0].type, MT_RAM);
	CHECK_U64(e.info.map.v[3].start, 0x5f000000);
	CHECK_U64(e.info.map.v[3].end, 0x77000000 - 0x1000);
	CHECK_INT(e.info.map.v[3].type, MT_RAM);
	CHECK_U64(e.info.map.v[4].start, 0xbffe0000);
	CHECK_INT(e.info.map.v[4].type, MT_ACPI);
	cmd = (const char *)bp + (bp->hdr.cmd_line_ptr - seg(&e, "boot_params")->mem);
	snprintf(want, sizeof(want),
		 "console=ttyS0 nr_cpus=1 irqpoll reset_devices elfcorehdr=0x%zx@0x%" PRIx64,
		 e.info.elfcorehdr_len, e.info.elfcorehdr);
	CHECK_STR(cmd, want);
	CHECK_STR(e.info.cmdline, want);
	teardown(&e);
}

TEST(two_regions_low_parts_stay_below_4g)
{
	struct env e;

	if (setup(&e, "af000000-beffffff", "  11f000000-13effffff : Crash kernel\n"))
		return;
	/* The second "Crash kernel" is nested in the last System RAM. */
	CHECK_INT(e.cp.nregions, 2);
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), 0);
	CHECK(seg(&e, "boot_params")->mem < 0x100000000ull);
	CHECK(seg(&e, "purgatory")->mem < 0x100000000ull);
	CHECK(seg(&e, "initrd")->mem < 0x100000000ull);
	CHECK_U64(seg(&e, "elfcorehdr")->mem, 0x13f000000ull - 0x1000);
	for (size_t i = 0; i < e.p.nseg; i++)
		CHECK(crash_inside(&e.cp, e.p.seg[i].mem, e.p.seg[i].mem + e.p.seg[i].memsz));
	teardown(&e);
}

TEST(a_reservation_too_small_names_the_segment)
{
	struct env e;

	/* 16 MiB: the 64 MiB init_size of the kernel cannot fit. */
	if (setup(&e, "5f000000-5fffffff", ""))
		return;
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), -ENOSPC);
	CHECK_STR(e.d.field, "kernel");
	CHECK_INT(e.p.nseg, 0);
	teardown(&e);
}

TEST(a_header_with_too_many_ranges_is_e2big)
{
	struct env e;
	struct range_list big = RANGE_LIST_INIT(0);

	if (setup(&e, "5f000000-76ffffff", ""))
		return;
	for (uint64_t i = 0; i < ELFCORE_MAX_PHDRS; i++)
		range_list_add(&big, 0x200000000ull + i * 0x2000, 0x200000000ull + i * 0x2000 + 0x1000,
			       0, 0);
	e.in.core.dump = &big;
	CHECK_INT(x86_64_crash_load(&e.in, &e.p, &e.info, &e.d), -E2BIG);
	CHECK_STR(e.d.field, "elfcorehdr");
	CHECK(strstr(e.d.msg, "more than a capture kernel reads"));
	range_list_free(&big);
	teardown(&e);
}
