// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The crash plan: the reservation, the capture kernel's memory, and what
 * the dump describes.  See crash.h.
 *
 * The first MiB on x86_64.  Since Linux 5.13 ("x86/setup: Always reserve
 * the first 1M of RAM", arch/x86/kernel/setup.c, setup_arch(), and
 * arch/x86/realmode/init.c, reserve_real_mode(): memblock_reserve(0,
 * SZ_1M)) a kernel never allocates from the first MiB; before that, kernels
 * from 5.8 did so whenever crashkernel= was given, and
 * arch/x86/platform/efi/quirks.c, efi_free_boot_services(), keeps it
 * reserved "because the crash kernel needs it".  The kernel's own kdump
 * path (kexec_file_load) draws two conclusions from this, in
 * arch/x86/kernel/crash.c:
 *
 *  - crash_setup_memmap_entries() gives the capture kernel "the low 1M":
 *    every System RAM resource below 1 MiB (on a QEMU/SeaBIOS guest
 *    0x1000-0x9fbff) as E820_TYPE_RAM, besides the crash regions minus the
 *    ELF header (memmap_exclude_ranges()) and the ACPI, NVS and reserved
 *    ranges.  It must: the capture kernel's reserve_real_mode() allocates
 *    the real-mode trampoline below 1 MiB and init_real_mode() panics
 *    with "Real mode trampoline was not allocated" when there is none, as
 *    a capture kernel given no low RAM did on 5.4.
 *  - elf_header_exclude_ranges() leaves [0, 1 MiB) out of the ELF core
 *    header ("Exclude the low 1M because it is always reserved"): the
 *    crashed kernel kept nothing there, and the capture kernel will have
 *    overwritten it by the time /proc/vmcore is read.
 *
 * We make the same choice, in crash_plan_build() (the dump) and
 * crash_x86_capture_map() (the map).  kexec-tools' kexec_load path instead
 * copies the first 640 KiB into a backup region inside the reservation and
 * points the dump's first PT_LOAD at the copy; with the first MiB reserved
 * that copy holds nothing of the crashed kernel's, so we do not make it.
 * For a kernel older than 5.8 booted without the reservation, the first MiB
 * may have held some of its pages: they are missing from the dump rather
 * than shown with the capture kernel's contents.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crash.h"
#include "memtype.h"

static int fail(struct crash_error *err, int ret, enum crash_problem problem,
		const struct iomem_tree *io, int32_t node, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fail(struct crash_error *err, int ret, enum crash_problem problem,
		const struct iomem_tree *io, int32_t node, const char *fmt, ...)
{
	va_list ap;

	err->problem = problem;
	err->node = node;
	err->line = node >= 0 ? io->nodes[node].line : 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ret;
}

/* Is some ancestor of @i ordinary System RAM (rule R4)? */
static bool in_system_ram(const struct iomem_tree *io, const struct memmap_plan *mp, int32_t i)
{
	for (int32_t a = io->nodes[i].parent; a >= 0; a = io->nodes[a].parent)
		if (mp->node_class[a] == MC_RAM || mp->node_class[a] == MC_RAM_NESTED)
			return true;
	return false;
}

/* Do the @type ranges of the normal list @l cover [start, end) without a gap? */
static bool covered(const struct range_list *l, uint32_t type, uint64_t start, uint64_t end)
{
	uint64_t pos = start;

	for (size_t i = 0; i < l->n && pos < end; i++) {
		if (l->v[i].end <= pos)
			continue;
		if (l->v[i].start > pos || l->v[i].type != type)
			return false;
		pos = l->v[i].end;
	}
	return pos >= end;
}

static int check_region(const struct iomem_tree *io, const struct memmap_plan *mp,
			const struct crash_plan *cp, int32_t i, struct crash_error *err)
{
	const struct iomem_node *n = &io->nodes[i];

	if (cp->nregions == CRASH_MAX_REGIONS)
		return fail(err, -EINVAL, CRASH_TOO_MANY, io, i,
			    "Crash kernel 0x%" PRIx64 "-0x%" PRIx64
			    ": a kernel reserves at most %d regions",
			    n->start, n->end, CRASH_MAX_REGIONS);
	if ((n->start | n->end) & (CRASH_PAGE - 1))
		return fail(err, -EINVAL, CRASH_UNALIGNED, io, i,
			    "Crash kernel 0x%" PRIx64 "-0x%" PRIx64 ": not page-aligned",
			    n->start, n->end);
	if (!in_system_ram(io, mp, i) || !covered(&mp->boot, MT_RAM, n->start, n->end))
		return fail(err, -EINVAL, CRASH_NOT_IN_RAM, io, i,
			    "Crash kernel 0x%" PRIx64 "-0x%" PRIx64 ": not inside System RAM",
			    n->start, n->end);
	for (size_t k = 0; k < cp->nregions; k++) {
		const struct crash_region *r = &cp->region[k];

		if (r->start < n->end && n->start < r->end)
			return fail(err, -EINVAL, CRASH_OVERLAP, io, i,
				    "Crash kernel 0x%" PRIx64 "-0x%" PRIx64
				    " overlaps the one at 0x%" PRIx64 "-0x%" PRIx64,
				    n->start, n->end, r->start, r->end);
	}
	return 0;
}

int crash_plan_build(const struct iomem_tree *io, const struct memmap_plan *mp,
		     uint16_t machine, uint64_t sysfs_size, struct crash_plan *out,
		     struct crash_error *err)
{
	struct crash_plan cp = {
		.machine = machine,
		.place = RANGE_LIST_INIT(mp->dump.max),
		.dump = RANGE_LIST_INIT(mp->dump.max),
	};
	struct range_list low = RANGE_LIST_INIT(0);
	int ret = 0;

	memset(err, 0, sizeof(*err));
	err->node = -1;
	if (machine != EM_X86_64 && machine != EM_AARCH64)
		return fail(err, -EINVAL, CRASH_NONE, io, -1, "machine %u has no crash plan",
			    machine);

	for (size_t i = 0; i < io->n; i++) {
		const struct iomem_node *n = &io->nodes[i];

		if (mp->node_class[i] != MC_CRASH)
			continue;
		ret = check_region(io, mp, &cp, (int32_t)i, err);
		if (ret)
			return ret;
		cp.region[cp.nregions++] = (struct crash_region){
			.start = n->start, .end = n->end, .node = (int32_t)i,
		};
		cp.reserved += n->end - n->start;
	}
	if (!cp.nregions)
		return fail(err, -ENOENT, CRASH_NONE, io, -1,
			    "no crash kernel reservation: boot with crashkernel=SIZE");
	if (cp.nregions == 2 && cp.region[1].start < cp.region[0].start) {
		struct crash_region t = cp.region[0];

		cp.region[0] = cp.region[1];
		cp.region[1] = t;
	}
	/* kernel/crash_core.c, crash_get_memory_size(): crashk_res, to which
	 * newer kernels add crashk_low_res.  crashk_res is the high one. */
	if (sysfs_size && sysfs_size != cp.reserved &&
	    sysfs_size != cp.region[cp.nregions - 1].end - cp.region[cp.nregions - 1].start)
		return fail(err, -EINVAL, CRASH_SIZE_MISMATCH, io, cp.region[cp.nregions - 1].node,
			    "sys/kernel/kexec_crash_size says 0x%" PRIx64
			    " bytes, the Crash kernel regions hold 0x%" PRIx64,
			    sysfs_size, cp.reserved);

	for (size_t k = 0; k < cp.nregions && !ret; k++)
		ret = range_list_add_src(&cp.place, cp.region[k].start, cp.region[k].end, 0, 0, 0,
					 cp.region[k].node);
	/* The first MiB is the capture kernel's on x86_64; see the top. */
	if (!ret && machine == EM_X86_64)
		ret = range_list_add(&low, 0, CRASH_X86_LOW_END, 0, 0);
	if (!ret)
		ret = range_subtract(&cp.dump, &mp->dump, &low);
	range_list_free(&low);
	if (ret) {
		crash_plan_free(&cp);
		return fail(err, ret, CRASH_OK, io, -1, "%s", strerror(-ret));
	}
	*out = cp;
	return 0;
}

void crash_plan_free(struct crash_plan *cp)
{
	range_list_free(&cp->place);
	range_list_free(&cp->dump);
	cp->nregions = 0;
	cp->reserved = 0;
}

const char *crash_problem_name(enum crash_problem p)
{
	switch (p) {
	case CRASH_OK: return "no problem";
	case CRASH_NONE: return "no reservation";
	case CRASH_TOO_MANY: return "too many regions";
	case CRASH_OVERLAP: return "overlapping regions";
	case CRASH_NOT_IN_RAM: return "not inside System RAM";
	case CRASH_UNALIGNED: return "not page-aligned";
	case CRASH_SIZE_MISMATCH: return "size disagrees with kexec_crash_size";
	}
	return "?";
}

bool crash_inside(const struct crash_plan *cp, uint64_t start, uint64_t end)
{
	for (size_t k = 0; k < cp->nregions; k++)
		if (cp->region[k].start <= start && start <= end && end <= cp->region[k].end)
			return true;
	return false;
}

/* Append the whole pages of each range of @l as RAM. */
static int add_pages(struct range_list *to, const struct range_list *l)
{
	int ret = 0;

	for (size_t i = 0; i < l->n && !ret; i++) {
		uint64_t s = l->v[i].start, e = l->v[i].end & ~(CRASH_PAGE - 1);

		if (s & (CRASH_PAGE - 1)) {
			if (s > UINT64_MAX - CRASH_PAGE)
				continue;
			s = (s | (CRASH_PAGE - 1)) + 1;
		}
		if (e > s)
			ret = range_list_add_src(to, s, e, MT_RAM, RULE_BIT(R9_PLACE), 0, -1);
	}
	return ret;
}

int crash_x86_capture_map(const struct crash_plan *cp, const struct memmap_plan *mp,
			  const struct range_list *keep, struct range_list *out)
{
	struct range_list win = RANGE_LIST_INIT(0), piece = RANGE_LIST_INIT(mp->boot.max);
	struct range_list all = RANGE_LIST_INIT(mp->boot.max);
	static const struct range_list none = RANGE_LIST_INIT(0);
	int ret;

	/* RAM: the System RAM below 1 MiB, and the regions minus @keep. */
	ret = range_list_add(&win, 0, CRASH_X86_LOW_END, 0, 0);
	if (!ret)
		ret = range_intersect(&piece, &mp->place, &win);
	for (size_t i = 0; i < piece.n && !ret; i++)
		ret = range_list_add_src(&all, piece.v[i].start, piece.v[i].end, MT_RAM,
					 RULE_BIT(R9_PLACE), 0, -1);
	if (!ret)
		ret = range_subtract(&piece, &cp->place, keep ? keep : &none);
	if (!ret)
		ret = add_pages(&all, &piece);
	/* The firmware's ranges, painted over RAM should they ever meet. */
	for (size_t i = 0; i < mp->boot.n && !ret; i++) {
		struct range r = mp->boot.v[i];

		if (r.type == MT_RAM)
			continue;
		r.prio = 1;
		ret = range_list_push(&all, &r);
	}
	if (!ret)
		ret = range_paint(out, &all);
	if (!ret)
		range_list_merge_adjacent(out);
	range_list_free(&win);
	range_list_free(&piece);
	range_list_free(&all);
	return ret;
}

size_t crash_usable_ranges(const struct crash_plan *cp, struct range out[CRASH_MAX_REGIONS])
{
	for (size_t k = 0; k < cp->nregions; k++) {
		const struct crash_region *r = &cp->region[cp->nregions - 1 - k];

		out[k] = (struct range){
			.start = r->start, .end = r->end, .type = MT_RAM, .src = r->node,
		};
	}
	return cp->nregions;
}

bool crash_kernel_code(const struct iomem_tree *io, uint64_t *start)
{
	for (size_t i = 0; i < io->n; i++) {
		if (iomem_name_is(&io->nodes[i], "Kernel code")) {
			*start = io->nodes[i].start;
			return true;
		}
	}
	return false;
}
