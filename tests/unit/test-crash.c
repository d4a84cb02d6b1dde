// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The crash plan (kexec/crash.c): finding and checking the reservation,
 * the dump list, and the x86_64 capture kernel's map.  The trees are
 * shaped like a Debian 6.1 QEMU guest's /proc/iomem with crashkernel=384M;
 * expected lists are worked out by hand.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "crash.h"
#include "harness.h"
#include "textsrc.h"
#include "memmap.h"
#include "memtype.h"

struct fix {
	struct iomem_tree t;
	struct fwmap fw;
	struct memmap_plan p;
	struct crash_plan c;
	struct crash_error err;
	char buf[4096];
};

/* fwlines: "start end type" per line, inclusive ends as in sysfs. */
static int setup(struct fix *f, const char *iomem, const char *fwlines)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = textsrc_parse(iomem, fwlines, &f->t, &f->fw);
	if (ret)
		return ret;
	ret = memmap_build(&f->t, fwlines ? &f->fw : NULL, 1 << 20, &f->p);
	if (ret)
		harness_fail(__FILE__, __LINE__, "memmap_build: %d", ret);
	return ret;
}

static int plan(struct fix *f, uint16_t machine, uint64_t sysfs_size)
{
	return crash_plan_build(&f->t, &f->p, machine, sysfs_size, &f->c, &f->err);
}

static void done(struct fix *f)
{
	crash_plan_free(&f->c);
	memmap_plan_free(&f->p);
	iomem_tree_free(&f->t);
	fwmap_free(&f->fw);
}

/* "start-end type, ..." with the type only for typed lists. */
static const char *show(struct fix *f, const struct range_list *l, bool typed)
{
	size_t k = 0;

	f->buf[0] = '\0';
	for (size_t i = 0; i < l->n && k < sizeof(f->buf); i++)
		k += (size_t)snprintf(f->buf + k, sizeof(f->buf) - k, "%s%" PRIx64 "-%" PRIx64 "%s%s",
				      i ? ", " : "", l->v[i].start, l->v[i].end,
				      typed ? " " : "", typed ? memtype_short_name(l->v[i].type) : "");
	return f->buf;
}

/* A 6 GiB x86 guest: ACPI at the top of low RAM, kmem from pmem at 6 GiB,
 * the crash reservation (384 MiB) inside low RAM. */
static const char x86_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  35600000-36401d31 : Kernel code\n"
	"  36600000-36eeafff : Kernel rodata\n"
	"  37000000-3724897f : Kernel data\n"
	"  37910000-389fffff : Kernel bss\n"
	"  5f000000-76ffffff : Crash kernel\n"
	"7ffe0000-7ffeffff : ACPI Tables\n"
	"7fff0000-7fffffff : ACPI Non-volatile Storage\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : System RAM\n"
	"180000000-1bfffffff : Persistent Memory\n"
	"  180000000-1bfffffff : namespace0.0\n"
	"    180000000-1bfffffff : dax0.0\n"
	"      180000000-1bfffffff : System RAM (kmem)\n"
	"1c0000000-1ffffffff : Soft Reserved\n";
static const char x86_fw[] =
	"0x0 0x9fbff System RAM\n"
	"0x9fc00 0x9ffff Reserved\n"
	"0xf0000 0xfffff Reserved\n"
	"0x100000 0x7ffdffff System RAM\n"
	"0x7ffe0000 0x7ffeffff ACPI Tables\n"
	"0x7fff0000 0x7fffffff ACPI Non-volatile Storage\n"
	"0xb0000000 0xbfffffff Reserved\n"
	"0xfffc0000 0xffffffff Reserved\n"
	"0x100000000 0x17fffffff System RAM\n"
	"0x180000000 0x1bfffffff Persistent Memory\n"
	"0x1c0000000 0x1ffffffff Soft Reserved\n";

TEST(one_region_nested_in_system_ram)
{
	struct fix f;

	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0x18000000), 0);
	CHECK_INT(f.c.nregions, 1);
	CHECK_U64(f.c.region[0].start, 0x5f000000);
	CHECK_U64(f.c.region[0].end, 0x77000000);
	CHECK(iomem_name_is(&f.t.nodes[f.c.region[0].node], "Crash kernel"));
	CHECK_INT(f.t.nodes[f.c.region[0].node].line, 12);
	CHECK_U64(f.c.reserved, 0x18000000);
	CHECK_STR(show(&f, &f.c.place, false), "5f000000-77000000");
	CHECK_INT(f.err.problem, CRASH_OK);
	done(&f);
}

TEST(x86_dump_leaves_out_the_first_mib_and_keeps_kmem)
{
	struct fix f;

	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	/* The plan's dump has 1000-9fc00; the capture kernel will use it. */
	CHECK_STR(show(&f, &f.p.dump, false),
		  "1000-9fc00, 100000-5f000000, 77000000-7ffe0000, 100000000-1c0000000");
	CHECK_STR(show(&f, &f.c.dump, false),
		  "100000-5f000000, 77000000-7ffe0000, 100000000-1c0000000");
	done(&f);
}

TEST(arm64_dump_is_the_plans)
{
	static const char io[] =
		"09000000-09000fff : pl011@9000000\n"
		"40000000-bfffffff : System RAM\n"
		"  40210000-4185ffff : Kernel code\n"
		"  41860000-41eaffff : reserved\n"
		"  41eb0000-4220ffff : Kernel data\n"
		"  a0000000-b7ffffff : Crash kernel\n"
		"  bfbfc000-bfffffff : reserved\n"
		"100000000-13fffffff : virtio0\n"
		"  100000000-107ffffff : System RAM (virtio_mem)\n";
	struct fix f;

	if (setup(&f, io, NULL))
		return;
	CHECK_INT(plan(&f, EM_AARCH64, 0x18000000), 0);
	CHECK_STR(show(&f, &f.c.dump, false),
		  "40000000-a0000000, b8000000-c0000000, 100000000-108000000");
	CHECK_STR(show(&f, &f.c.place, false), "a0000000-b8000000");
	done(&f);
}

static const char two_iomem[] =
	"00001000-0009fbff : System RAM\n"
	"00100000-bffdffff : System RAM\n"
	"  1000000-1ffffff : Kernel code\n"
	"  af000000-beffffff : Crash kernel\n"
	"100000000-47fffffff : System RAM\n"
	"  43f000000-47effffff : Crash kernel\n";
static const char two_fw[] =
	"0x0 0x9fbff System RAM\n"
	"0x100000 0xbffdffff System RAM\n"
	"0xbffe0000 0xbfffffff Reserved\n"
	"0x100000000 0x47fffffff System RAM\n";

TEST(two_regions_low_and_high_sorted_by_address)
{
	struct fix f;

	if (setup(&f, two_iomem, two_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	CHECK_INT(f.c.nregions, 2);
	CHECK_U64(f.c.region[0].start, 0xaf000000);
	CHECK_U64(f.c.region[1].start, 0x43f000000);
	CHECK_U64(f.c.reserved, 0x10000000 + 0x40000000);
	CHECK_STR(show(&f, &f.c.place, false), "af000000-bf000000, 43f000000-47f000000");
	CHECK_STR(show(&f, &f.c.dump, false),
		  "100000-af000000, bf000000-bffe0000, 100000000-43f000000, 47f000000-480000000");
	done(&f);
}

TEST(usable_memory_range_is_high_first_low_last)
{
	struct range r[CRASH_MAX_REGIONS];
	struct fix f;

	if (setup(&f, two_iomem, two_fw))
		return;
	CHECK_INT(plan(&f, EM_AARCH64, 0), 0);
	CHECK_INT(crash_usable_ranges(&f.c, r), 2);
	CHECK_U64(r[0].start, 0x43f000000);
	CHECK_U64(r[0].end, 0x47f000000);
	CHECK_U64(r[1].start, 0xaf000000);
	CHECK_U64(r[1].end, 0xbf000000);
	done(&f);
	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK_INT(plan(&f, EM_AARCH64, 0), 0);
	CHECK_INT(crash_usable_ranges(&f.c, r), 1);
	CHECK_U64(r[0].start, 0x5f000000);
	done(&f);
}

TEST(kexec_crash_size_may_count_both_regions_or_the_high_one)
{
	struct fix f;

	if (setup(&f, two_iomem, two_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0x50000000), 0);
	crash_plan_free(&f.c);
	CHECK_INT(plan(&f, EM_X86_64, 0x40000000), 0);
	crash_plan_free(&f.c);
	CHECK_INT(plan(&f, EM_X86_64, 0x10000000), -EINVAL);
	CHECK_INT(f.err.problem, CRASH_SIZE_MISMATCH);
	CHECK(strstr(f.err.msg, "kexec_crash_size says 0x10000000"));
	CHECK(strstr(f.err.msg, "hold 0x50000000"));
	done(&f);
}

TEST(no_reservation_names_crashkernel)
{
	static const char io[] =
		"00001000-0009fbff : System RAM\n"
		"00100000-7ffdffff : System RAM\n"
		"  35600000-36401d31 : Kernel code\n";
	struct fix f;

	if (setup(&f, io, NULL))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), -ENOENT);
	CHECK_INT(f.err.problem, CRASH_NONE);
	CHECK_INT(f.err.node, -1);
	CHECK_STR(f.err.msg, "no crash kernel reservation: boot with crashkernel=SIZE");
	CHECK_STR(crash_problem_name(f.err.problem), "no reservation");
	done(&f);
}

/* One bad tree: the problem it must report and the iomem line at fault. */
static void check_bad(const char *io, enum crash_problem want, unsigned line, const char *words)
{
	struct fix f;

	if (setup(&f, io, NULL))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), -EINVAL);
	CHECK_INT(f.err.problem, want);
	CHECK_INT(f.err.line, line);
	if (!strstr(f.err.msg, words))
		harness_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", f.err.msg, words);
	done(&f);
}

TEST(an_unaligned_region_is_refused)
{
	check_bad("00100000-7ffdffff : System RAM\n"
		  "  5f000800-76ffffff : Crash kernel\n",
		  CRASH_UNALIGNED, 2, "0x5f000800-0x77000000: not page-aligned");
	check_bad("00100000-7ffdffff : System RAM\n"
		  "  5f000000-76fffbff : Crash kernel\n",
		  CRASH_UNALIGNED, 2, "not page-aligned");
}

TEST(a_region_outside_system_ram_is_refused)
{
	/* Top level: the firmware's reservation, not the kernel's. */
	check_bad("00100000-5effffff : System RAM\n"
		  "5f000000-76ffffff : Crash kernel\n",
		  CRASH_NOT_IN_RAM, 2, "not inside System RAM");
	/* Nested in a non-RAM node. */
	check_bad("00100000-5effffff : System RAM\n"
		  "5f000000-76ffffff : Reserved\n"
		  "  5f000000-76ffffff : Crash kernel\n",
		  CRASH_NOT_IN_RAM, 3, "not inside System RAM");
	/* Inside driver-managed RAM, which the next kernel must not get. */
	check_bad("00100000-5effffff : System RAM\n"
		  "100000000-13fffffff : virtio0\n"
		  "  100000000-13fffffff : System RAM (virtio_mem)\n"
		  "    100000000-10fffffff : Crash kernel\n",
		  CRASH_NOT_IN_RAM, 4, "not inside System RAM");
}

TEST(a_region_the_firmware_calls_reserved_is_refused)
{
	static const char io[] =
		"00100000-7ffdffff : System RAM\n"
		"  5f000000-76ffffff : Crash kernel\n";
	static const char fw[] =
		"0x100000 0x6fffffff System RAM\n"
		"0x70000000 0x7ffdffff Reserved\n";
	struct fix f;

	if (setup(&f, io, fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), -EINVAL);
	CHECK_INT(f.err.problem, CRASH_NOT_IN_RAM);
	done(&f);
}

TEST(overlapping_regions_are_refused)
{
	check_bad("00100000-7ffdffff : System RAM\n"
		  "  5f000000-76ffffff : Crash kernel\n"
		  "    60000000-60ffffff : Crash kernel\n",
		  CRASH_OVERLAP, 3, "overlaps the one at 0x5f000000-0x77000000");
}

TEST(a_third_region_is_refused)
{
	check_bad("00100000-7ffdffff : System RAM\n"
		  "  10000000-10ffffff : Crash kernel\n"
		  "  20000000-20ffffff : Crash kernel\n"
		  "  30000000-30ffffff : Crash kernel\n",
		  CRASH_TOO_MANY, 4, "at most 2 regions");
}

TEST(a_region_deeper_in_ram_is_found)
{
	static const char io[] =
		"00100000-7ffdffff : System RAM\n"
		"  40000000-5fffffff : System RAM\n"
		"    50000000-53ffffff : Crash kernel\n";
	struct fix f;

	if (setup(&f, io, NULL))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	CHECK_STR(show(&f, &f.c.place, false), "50000000-54000000");
	done(&f);
}

TEST(an_unknown_machine_is_refused)
{
	struct fix f;

	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK_INT(plan(&f, EM_386, 0), -EINVAL);
	done(&f);
}

TEST(crash_inside_checks_one_region)
{
	struct fix f;

	if (setup(&f, two_iomem, two_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	CHECK(crash_inside(&f.c, 0xaf000000, 0xbf000000));
	CHECK(crash_inside(&f.c, 0x43f000000, 0x43f001000));
	CHECK(!crash_inside(&f.c, 0xaefff000, 0xaf001000));
	CHECK(!crash_inside(&f.c, 0xbe000000, 0x43f100000));
	CHECK(!crash_inside(&f.c, 0x1000000, 0x1001000));
	CHECK(crash_inside(&f.c, 0xb0000000, 0xb0000000));
	done(&f);
}

TEST(x86_capture_map_low_ram_reservation_and_firmware)
{
	struct range_list keep = RANGE_LIST_INIT(0), map = RANGE_LIST_INIT(0);
	struct fix f;

	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	/* The ELF core header at the start of the reservation. */
	CHECK_INT(range_list_add(&keep, 0x5f000000, 0x5f002000, 0, 0), 0);
	CHECK_INT(crash_x86_capture_map(&f.c, &f.p, &keep, &map), 0);
	CHECK_STR(show(&f, &map, true),
		  "1000-9fc00 ram, 9fc00-a0000 reserved, f0000-100000 reserved, "
		  "5f002000-77000000 ram, 7ffe0000-7fff0000 acpi, 7fff0000-80000000 nvs, "
		  "b0000000-c0000000 reserved, fffc0000-100000000 reserved, "
		  "180000000-1c0000000 pmem, 1c0000000-200000000 soft-reserved");
	range_list_free(&keep);
	range_list_free(&map);
	done(&f);
}

TEST(x86_capture_map_is_whole_pages_and_both_regions)
{
	struct range_list keep = RANGE_LIST_INIT(0), map = RANGE_LIST_INIT(0);
	struct fix f;

	if (setup(&f, two_iomem, two_fw))
		return;
	CHECK_INT(plan(&f, EM_X86_64, 0), 0);
	/* A header that is not a page multiple keeps the pages it touches. */
	CHECK_INT(range_list_add(&keep, 0x43f000000, 0x43f001800, 0, 0), 0);
	CHECK_INT(crash_x86_capture_map(&f.c, &f.p, &keep, &map), 0);
	CHECK_STR(show(&f, &map, true),
		  "1000-9fc00 ram, af000000-bf000000 ram, bffe0000-c0000000 reserved, "
		  "43f002000-47f000000 ram");
	/* Nothing kept: the regions whole. */
	CHECK_INT(crash_x86_capture_map(&f.c, &f.p, NULL, &map), 0);
	CHECK_STR(show(&f, &map, true),
		  "1000-9fc00 ram, af000000-bf000000 ram, bffe0000-c0000000 reserved, "
		  "43f000000-47f000000 ram");
	range_list_free(&keep);
	range_list_free(&map);
	done(&f);
}

TEST(kernel_code_start_from_iomem)
{
	struct fix f;
	uint64_t s = 0;

	if (setup(&f, x86_iomem, x86_fw))
		return;
	CHECK(crash_kernel_code(&f.t, &s));
	CHECK_U64(s, 0x35600000);
	done(&f);
	if (setup(&f, "00100000-7ffdffff : System RAM\n", NULL))
		return;
	CHECK(!crash_kernel_code(&f.t, &s));
	done(&f);
}
