// SPDX-License-Identifier: GPL-2.0-or-later
/* The reconciler, one rule at a time.  Expected maps are worked out by hand
 * from the rules in man/kexec-memmap.8. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "textsrc.h"
#include "memmap.h"

struct fix {
	struct iomem_tree t;
	struct fwmap fw;
	struct memmap_plan p;
	char buf[4096];
};

/* fwlines: "start end type" per line, inclusive ends as in sysfs; NULL
 * means there is no firmware map at all. */
static int build_max(struct fix *f, const char *iomem, const char *fwlines, size_t max)
{
	int ret;

	memset(f, 0, sizeof(*f));
	ret = textsrc_parse(iomem, fwlines, &f->t, &f->fw);
	if (ret)
		return ret;
	return memmap_build(&f->t, fwlines ? &f->fw : NULL, max, &f->p);
}

static int build(struct fix *f, const char *iomem, const char *fwlines)
{
	return build_max(f, iomem, fwlines, 1 << 20);
}

static void done(struct fix *f)
{
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

static const char *node_name(struct fix *f, int32_t node)
{
	snprintf(f->buf, sizeof(f->buf), "%.*s", (int)f->t.nodes[node].name_len,
		 f->t.nodes[node].name);
	return f->buf;
}

static const char nvdimm_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"00100000-7ffdefff : System RAM\n"
	"  37a00000-38801d31 : Kernel code\n"
	"7ffdf000-7fffffff : Reserved\n"
	"100000000-13fffffff : Persistent Memory\n"
	"  100000000-1011fffff : namespace0.0\n"
	"  108000000-13fffffff : dax0.0\n"
	"    108000000-13fffffff : %s\n";
static const char nvdimm_fw[] =
	"0x0 0x9fbff System RAM\n"
	"0x9fc00 0x9ffff Reserved\n"
	"0x100000 0x7ffdefff System RAM\n"
	"0x7ffdf000 0x7fffffff Reserved\n";

static void check_kmem_plan(const char *ram_name)
{
	char iomem[1024];
	struct fix f;

	snprintf(iomem, sizeof(iomem), nvdimm_iomem, ram_name);
	CHECK_INT(build(&f, iomem, nvdimm_fw), 0);
	CHECK_STR(show(&f, &f.p.boot, true),
		  "0-9fc00 ram, 9fc00-a0000 reserved, 100000-7ffdf000 ram, 7ffdf000-80000000 reserved");
	CHECK_STR(show(&f, &f.p.place, false), "1000-9fc00, 100000-7ffdf000");
	CHECK_STR(show(&f, &f.p.dump, false), "1000-9fc00, 100000-7ffdf000, 108000000-140000000");
	CHECK_INT(f.p.ndrops, 1);
	CHECK_U64(f.p.drops[0].start, 0x108000000);
	CHECK_U64(f.p.drops[0].end, 0x140000000);
	CHECK_INT(f.p.drops[0].rule, R3_DRIVER);
	CHECK_STR(node_name(&f, f.p.drops[0].node), ram_name);
	CHECK_INT(f.p.nconflicts, 0);
	CHECK_INT(f.p.node_class[6], MC_PERSISTENT);
	CHECK_INT(f.p.node_class[7], MC_OTHER);
	CHECK_INT(f.p.node_class[8], MC_OWNER);
	CHECK_INT(f.p.node_class[9], MC_DRIVER_RAM);
	CHECK(f.p.from_fwmap);
	done(&f);
}

TEST(r3_kmem_is_dumped_but_never_boot_ram_or_place)
{
	check_kmem_plan("System RAM (kmem)");
}

TEST(r3_plain_system_ram_under_a_device_is_driver_managed)
{
	check_kmem_plan("System RAM");	/* dax/kmem before Linux 5.8 */
}

TEST(r3_any_driver_suffix_is_driver_managed)
{
	check_kmem_plan("System RAM (cxl_future)");
}

TEST(r3_r5_driver_ram_inside_firmware_ram_becomes_reserved)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-7fffffff : System RAM\n"
			"100000000-17fffffff : virtio0\n"
			"  100000000-13fffffff : System RAM (virtio_mem)\n",
			"0x100000 0x7fffffff System RAM\n"
			"0x100000000 0x17fffffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-80000000 ram, 100000000-180000000 reserved");
	CHECK_STR(show(&f, &f.p.place, false), "100000-80000000");
	CHECK_STR(show(&f, &f.p.dump, false), "100000-80000000, 100000000-140000000");
	CHECK_INT(f.p.nconflicts, 2);
	CHECK_U64(f.p.conflicts[0].start, 0x100000000);
	CHECK_U64(f.p.conflicts[0].end, 0x140000000);
	CHECK_INT(f.p.conflicts[0].fw_type, MT_RAM);
	CHECK_INT(f.p.conflicts[0].result, MT_RESERVED);
	CHECK_STR(node_name(&f, f.p.conflicts[0].node), "System RAM (virtio_mem)");
	CHECK_U64(f.p.conflicts[1].start, 0x140000000);
	CHECK_U64(f.p.conflicts[1].end, 0x180000000);
	CHECK_STR(node_name(&f, f.p.conflicts[1].node), "virtio0");
	/* The driver's RAM is dropped by R3, the rest of the device by R5. */
	CHECK_INT(f.p.ndrops, 2);
	CHECK_INT(f.p.drops[0].rule, R3_DRIVER);
	CHECK_INT(f.p.drops[1].rule, R5_RECONCILE);
	CHECK_U64(f.p.drops[1].start, 0x140000000);
	done(&f);
}

TEST(r4_hotplugged_ram_missing_from_firmware_stays_ram)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-7ffdffff : System RAM\n"
			"100000000-13fffffff : System RAM\n",
			"0x100000 0x7ffdffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-7ffe0000 ram, 100000000-140000000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "100000-7ffe0000, 100000000-140000000");
	CHECK_INT(f.p.nconflicts, 1);
	CHECK_INT(f.p.conflicts[0].rule, R4_ORDINARY);
	CHECK_INT(f.p.conflicts[0].fw_type, MT_NONE);
	CHECK_INT(f.p.conflicts[0].result, MT_RAM);
	CHECK_U64(f.p.conflicts[0].start, 0x100000000);
	CHECK_INT(f.p.ndrops, 0);
	done(&f);
}

TEST(r4_hotplugged_ram_listed_by_firmware_is_no_conflict)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-7ffdffff : System RAM\n"
			"100000000-13fffffff : System RAM\n",
			"0x100000000 0x13fffffff System RAM\n"
			"0x100000 0x7ffdffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-7ffe0000 ram, 100000000-140000000 ram");
	CHECK_INT(f.p.nconflicts, 0);
	done(&f);
}

TEST(r4_ram_nested_in_ram_is_counted_once)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-7fffffff : System RAM\n"
			"  00100000-001fffff : System RAM\n",
			NULL), 0);
	CHECK_STR(show(&f, &f.p.dump, false), "100000-80000000");
	CHECK_STR(show(&f, &f.p.boot, true), "100000-80000000 ram");
	CHECK_INT(f.p.node_class[1], MC_RAM_NESTED);
	CHECK_INT(f.p.ndrops, 0);
	done(&f);
}

TEST(r5_legacy_pmem_beats_firmware_ram)
{
	struct fix f;

	/* memmap=512M!1G with the namespace converted to kmem: the firmware
	 * map still says RAM, as the lab saw. */
	CHECK_INT(build(&f,
			"00001000-0009fbff : System RAM\n"
			"00100000-3fffffff : System RAM\n"
			"40000000-5fffffff : Persistent Memory (legacy)\n"
			"  40000000-411fffff : namespace0.0\n"
			"  48000000-5fffffff : dax0.0\n"
			"    48000000-5fffffff : System RAM (kmem)\n"
			"60000000-7ffdffff : System RAM\n",
			"0x0 0x9fbff System RAM\n"
			"0x100000 0x7ffdffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true),
		  "0-9fc00 ram, 100000-40000000 ram, 40000000-60000000 pram, 60000000-7ffe0000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "1000-9fc00, 100000-40000000, 60000000-7ffe0000");
	CHECK_STR(show(&f, &f.p.dump, false), "1000-9fc00, 100000-40000000, 48000000-7ffe0000");
	CHECK_INT(f.p.nconflicts, 1);
	CHECK_U64(f.p.conflicts[0].start, 0x40000000);
	CHECK_U64(f.p.conflicts[0].end, 0x60000000);
	CHECK_INT(f.p.conflicts[0].fw_type, MT_RAM);
	CHECK_INT(f.p.conflicts[0].result, MT_PRAM);
	CHECK_STR(node_name(&f, f.p.conflicts[0].node), "Persistent Memory (legacy)");
	CHECK_INT(f.p.ndrops, 2);
	CHECK_INT(f.p.drops[0].rule, R5_RECONCILE);
	CHECK_INT(f.p.drops[0].became, MT_PRAM);
	CHECK_INT(f.p.drops[1].rule, R3_DRIVER);
	CHECK_U64(f.p.drops[1].start, 0x48000000);
	done(&f);
}

TEST(r5_soft_reserved_nested_under_hmem_beats_firmware_ram)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-3fffffff : System RAM\n"
			"40000000-5fffffff : hmem.0\n"
			"  40000000-5fffffff : Soft Reserved\n"
			"    40000000-5fffffff : dax0.0\n"
			"      40000000-5fffffff : System RAM (kmem)\n"
			"60000000-7ffdffff : System RAM\n",
			"0x100000 0x7ffdffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true),
		  "100000-40000000 ram, 40000000-60000000 soft-reserved, 60000000-7ffe0000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "100000-40000000, 60000000-7ffe0000");
	CHECK_INT(f.p.nconflicts, 1);
	CHECK_STR(node_name(&f, f.p.conflicts[0].node), "Soft Reserved");
	CHECK_INT(f.p.node_class[1], MC_OWNER);
	CHECK_INT(f.p.node_class[2], MC_PERSISTENT);
	done(&f);
}

TEST(r5_persistent_memory_outside_firmware_map_stays_a_hole)
{
	struct fix f;

	/* NFIT pmem is not in e820; writing it there would make the next
	 * kernel find the region twice. */
	CHECK_INT(build(&f,
			"00100000-7fffffff : System RAM\n"
			"100000000-13fffffff : Persistent Memory\n",
			"0x100000 0x7fffffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-80000000 ram");
	CHECK_INT(f.p.nconflicts, 0);
	done(&f);
}

TEST(r5_firmware_type_stands_against_iomem_ram)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-001fffff : System RAM\n",
			"0x100000 0x1fffff ACPI Tables\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-200000 acpi");
	CHECK_STR(show(&f, &f.p.place, false), "");
	CHECK_INT(f.p.nconflicts, 1);
	CHECK_INT(f.p.conflicts[0].fw_type, MT_ACPI);
	CHECK_INT(f.p.conflicts[0].result, MT_ACPI);
	CHECK_INT(f.p.conflicts[0].rule, R5_RECONCILE);
	done(&f);
}

TEST(r5_kernel_edits_of_firmware_ram_are_not_claims)
{
	struct fix f;

	/* The kernel reserves page 0 itself; the next one will too. */
	CHECK_INT(build(&f,
			"00000000-00000fff : Reserved\n"
			"00001000-0009fbff : System RAM\n",
			"0x0 0x9fbff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "0-9fc00 ram");
	CHECK_STR(show(&f, &f.p.place, false), "1000-9fc00");
	CHECK_INT(f.p.nconflicts, 0);
	done(&f);
}

TEST(r2_firmware_types_are_not_flattened)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-001fffff : System RAM\n",
			"0x100000 0x1fffff System RAM\n"
			"0x200000 0x2fffff ACPI Tables\n"
			"0x300000 0x3fffff ACPI Non-volatile Storage\n"
			"0x400000 0x4fffff Unusable memory\n"
			"0x500000 0x5fffff Persistent Memory\n"
			"0x600000 0x6fffff Persistent Memory (legacy)\n"
			"0x700000 0x7fffff Soft Reserved\n"
			"0x800000 0x8fffff Reserved\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true),
		  "100000-200000 ram, 200000-300000 acpi, 300000-400000 nvs, 400000-500000 unusable, "
		  "500000-600000 pmem, 600000-700000 pram, 700000-800000 soft-reserved, "
		  "800000-900000 reserved");
	done(&f);
}

TEST(r2_overlapping_firmware_entries_resolve_to_the_higher_type)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00000000-00001fff : System RAM\n",
			"0x0 0x1fff System RAM\n"
			"0x1000 0x1fff Reserved\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "0-1000 ram, 1000-2000 reserved");
	CHECK_STR(show(&f, &f.p.place, false), "0-1000");
	done(&f);
}

TEST(r6_without_firmware_map_top_level_typed_nodes_are_the_base)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00000000-00000fff : Reserved\n"
			"00001000-0009fbff : System RAM\n"
			"000a0000-000bffff : PCI Bus 0000:00\n"
			"000f0000-000fffff : Reserved\n"
			"  000f0000-000fffff : System ROM\n"
			"00100000-7ffdefff : System RAM\n"
			"7ffdf000-7fffffff : ACPI Tables\n"
			"80000000-febfffff : PCI Bus 0000:00\n"
			"100000000-17fffffff : virtio0\n"
			"  100000000-13fffffff : System RAM (virtio_mem)\n",
			NULL), 0);
	CHECK(!f.p.from_fwmap);
	CHECK_STR(show(&f, &f.p.boot, true),
		  "0-1000 reserved, 1000-9fc00 ram, f0000-100000 reserved, 100000-7ffdf000 ram, "
		  "7ffdf000-80000000 acpi");
	CHECK_STR(show(&f, &f.p.place, false), "1000-9fc00, 100000-7ffdf000");
	CHECK_STR(show(&f, &f.p.dump, false), "1000-9fc00, 100000-7ffdf000, 100000000-140000000");
	CHECK_INT(f.p.ndrops, 1);
	CHECK_INT(f.p.nconflicts, 0);
	done(&f);
}

TEST(r7_adjacent_ranges_of_one_type_merge)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00000000-00001fff : System RAM\n",
			"0x1000 0x1fff System RAM\n"
			"0x0 0xfff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "0-2000 ram");
	done(&f);
}

static char *alternating_iomem(size_t n)
{
	size_t cap = n * 48, len = 0;
	char *text = malloc(cap);

	for (size_t i = 0; text && i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "%08zx-%08zx : %s\n", i << 12,
					(i << 12) + 0xfff, i % 2 ? "Reserved" : "System RAM");
	return text;
}

TEST(r7_a_hundred_thousand_ranges_work)
{
	char *text = alternating_iomem(100000);
	struct fix f;

	CHECK(text != NULL);
	CHECK_INT(build(&f, text, NULL), 0);
	CHECK_INT(f.p.boot.n, 100000);
	CHECK_INT(f.p.place.n, 50000);
	CHECK_U64(f.p.boot.v[99999].end, (uint64_t)100000 << 12);
	done(&f);
	free(text);
}

TEST(r7_the_range_limit_fails_loudly)
{
	char *text = alternating_iomem(1000);
	struct fix f;

	CHECK_INT(build_max(&f, text, NULL, 999), -E2BIG);
	CHECK(f.p.boot.v == NULL && f.p.boot.n == 0);
	done(&f);
	CHECK_INT(build_max(&f, text, NULL, 1000), 0);
	done(&f);
	free(text);
}

TEST(r8_dump_is_all_system_ram_minus_crash_kernel)
{
	struct fix f;

	CHECK_INT(build(&f,
			"00100000-7fffffff : System RAM\n"
			"  10000000-1fffffff : Crash kernel\n"
			"100000000-17fffffff : virtio0\n"
			"  100000000-13fffffff : System RAM (virtio_mem)\n",
			NULL), 0);
	CHECK_STR(show(&f, &f.p.dump, false), "100000-10000000, 20000000-80000000, 100000000-140000000");
	CHECK_STR(show(&f, &f.p.boot, true), "100000-80000000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "100000-10000000, 20000000-80000000");
	done(&f);
}

TEST(r9_place_skips_reservations_but_not_the_running_kernel)
{
	struct fix f;

	CHECK_INT(build(&f,
			"40000000-bfffffff : System RAM\n"
			"  40210000-4185ffff : Kernel code\n"
			"  41860000-41eaffff : reserved\n"
			"  41eb0000-4220ffff : Kernel data\n"
			"  bfbfc000-bfffffff : reserved\n",
			NULL), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "40000000-c0000000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "40000000-41860000, 41eb0000-bfbfc000");
	CHECK_INT(f.p.node_class[1], MC_KERNEL);
	CHECK_INT(f.p.node_class[2], MC_RESERVATION);
	done(&f);
}

TEST(r9_place_needs_both_sources_to_say_ram)
{
	struct fix f;

	/* mem=1G: the firmware has more RAM than the running kernel mapped. */
	CHECK_INT(build(&f,
			"00100000-3fffffff : System RAM\n",
			"0x100000 0x7fffffff System RAM\n"), 0);
	CHECK_STR(show(&f, &f.p.boot, true), "100000-80000000 ram");
	CHECK_STR(show(&f, &f.p.place, false), "100000-40000000");
	done(&f);
}

TEST(partial_input_with_only_device_memory_gives_an_empty_map)
{
	struct fix f;

	CHECK_INT(build(&f,
			"fe000000-fe003fff : 0000:00:04.0\n"
			"  fe000000-fe003fff : virtio-pci-modern\n",
			NULL), 0);
	CHECK_INT(f.p.boot.n, 0);
	CHECK_INT(f.p.place.n, 0);
	CHECK_INT(f.p.dump.n, 0);
	done(&f);
}
