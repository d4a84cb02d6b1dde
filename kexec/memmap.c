// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reconciler.  It classifies every /proc/iomem node once, builds the
 * base map (the firmware map, else top-level iomem), lets iomem's claims
 * win over base RAM, and derives place and dump.  See man/kexec-memmap.8
 * for the rules this file implements.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memmap.h"
#include "vec.h"

enum {
	F_RAM_NAME = 1 << 0,	/* "System RAM" or "System RAM (driver)" */
	F_ANC_NONRAM = 1 << 1,	/* some ancestor is not RAM */
	F_IN_RAM = 1 << 2,	/* some ancestor is ordinary RAM */
	F_OWNER = 1 << 3,	/* non-RAM ancestor of driver-managed RAM */
};

/* Claim priorities for range_paint(): persistent memory describes what the
 * range holds, so it beats the generic "a driver owns this". */
enum { PRIO_BASE = 0, PRIO_OWNER = 1, PRIO_PERSISTENT = 2 };

struct builder {
	const struct iomem_tree *io;
	const struct fwmap *fw;
	size_t max;
	struct memmap_plan *plan;
	uint8_t *flags;
	struct range_list ordinary;	/* O: top-level System RAM */
	struct range_list driver;	/* D: driver-managed RAM */
	struct range_list crash;	/* Crash kernel */
	struct range_list reserved;	/* not a place inside RAM: reservations, crash */
	struct range_list base;
	struct range_list tmp;
	struct range_list overlay;
};

static bool driver_suffix(const struct iomem_node *n)
{
	return iomem_name_has_prefix(n, "System RAM (") && n->name[n->name_len - 1] == ')';
}

static bool ram_name(const struct iomem_node *n)
{
	return iomem_name_is(n, "System RAM") || driver_suffix(n);
}

static bool persistent_name(const struct iomem_node *n, enum memtype *type)
{
	return memtype_from_kernel_name(n->name, n->name_len, type) &&
	       memtype_is_persistent(*type);
}

static void classify(struct builder *b)
{
	const struct iomem_node *nodes = b->io->nodes;
	uint8_t *cls = b->plan->node_class, *fl = b->flags;

	for (size_t i = 0; i < b->io->n; i++) {
		const struct iomem_node *n = &nodes[i];
		int32_t p = n->parent;
		enum memtype t;

		if (ram_name(n))
			fl[i] |= F_RAM_NAME;
		if (p >= 0 && (!(fl[p] & F_RAM_NAME) || (fl[p] & F_ANC_NONRAM)))
			fl[i] |= F_ANC_NONRAM;
		if (p >= 0 && (cls[p] == MC_RAM || cls[p] == MC_RAM_NESTED || (fl[p] & F_IN_RAM)))
			fl[i] |= F_IN_RAM;

		if (fl[i] & F_RAM_NAME) {
			if (driver_suffix(n) || (fl[i] & F_ANC_NONRAM) ||
			    (p >= 0 && cls[p] == MC_DRIVER_RAM))
				cls[i] = MC_DRIVER_RAM;
			else
				cls[i] = p < 0 ? MC_RAM : MC_RAM_NESTED;
		} else if (persistent_name(n, &t)) {
			cls[i] = MC_PERSISTENT;
		} else if (iomem_name_is(n, "Crash kernel")) {
			cls[i] = MC_CRASH;
		} else if (p < 0 && memtype_from_kernel_name(n->name, n->name_len, &t)) {
			cls[i] = MC_TYPED;
		} else if (fl[i] & F_IN_RAM) {
			cls[i] = iomem_name_has_prefix(n, "Kernel ") ? MC_KERNEL : MC_RESERVATION;
		} else {
			cls[i] = MC_OTHER;
		}
	}

	/* Mark the non-RAM ancestors of driver-managed RAM as its owners. */
	for (size_t i = 0; i < b->io->n; i++) {
		int32_t a = nodes[i].parent;

		if (cls[i] != MC_DRIVER_RAM || (a >= 0 && cls[a] == MC_DRIVER_RAM))
			continue;
		for (; a >= 0; a = nodes[a].parent) {
			if (fl[a] & F_RAM_NAME)
				continue;
			if (fl[a] & F_OWNER)
				break;
			fl[a] |= F_OWNER;
			if (cls[a] == MC_OTHER)
				cls[a] = MC_OWNER;
		}
	}
}

static bool top_of_driver_chain(const struct builder *b, size_t i)
{
	int32_t p = b->io->nodes[i].parent;

	return b->plan->node_class[i] == MC_DRIVER_RAM &&
	       (p < 0 || b->plan->node_class[p] != MC_DRIVER_RAM);
}

static int add_drop(struct builder *b, uint64_t start, uint64_t end,
		    int32_t node, uint16_t rule, uint32_t became)
{
	struct memmap_plan *pl = b->plan;
	int ret = vec_reserve((void **)&pl->drops, &pl->drops_cap, pl->ndrops,
			      sizeof(*pl->drops), b->max);

	if (ret)
		return ret;
	pl->drops[pl->ndrops++] = (struct memmap_drop){
		.start = start, .end = end, .node = node, .rule = rule, .became = became,
	};
	return 0;
}

static int add_conflict(struct builder *b, const struct memmap_conflict *c)
{
	struct memmap_plan *pl = b->plan;
	int ret = vec_reserve((void **)&pl->conflicts, &pl->conflicts_cap,
			      pl->nconflicts, sizeof(*pl->conflicts), b->max);

	if (ret)
		return ret;
	pl->conflicts[pl->nconflicts++] = *c;
	return 0;
}

/* The node sets every later step works from. */
static int collect_sets(struct builder *b)
{
	const struct iomem_node *nodes = b->io->nodes;
	const uint8_t *cls = b->plan->node_class;
	int ret = 0;

	for (size_t i = 0; i < b->io->n && !ret; i++) {
		const struct iomem_node *n = &nodes[i];
		int32_t src = (int32_t)i;

		switch (cls[i]) {
		case MC_RAM:
			ret = range_list_add_src(&b->ordinary, n->start, n->end, MT_RAM,
						 RULE_BIT(R4_ORDINARY), 0, src);
			break;
		case MC_DRIVER_RAM:
			ret = range_list_add_src(&b->driver, n->start, n->end, MT_RAM,
						 RULE_BIT(R3_DRIVER), 0, src);
			if (!ret && top_of_driver_chain(b, i))
				ret = add_drop(b, n->start, n->end, src, R3_DRIVER, MT_NONE);
			break;
		case MC_CRASH:
			ret = range_list_add_src(&b->crash, n->start, n->end, 0,
						 RULE_BIT(R8_DUMP), 0, src);
			if (!ret)
				ret = range_list_add_src(&b->reserved, n->start, n->end, 0,
							 RULE_BIT(R9_PLACE), 0, src);
			break;
		case MC_RESERVATION:
			ret = range_list_add_src(&b->reserved, n->start, n->end, 0,
						 RULE_BIT(R9_PLACE), 0, src);
			break;
		default:
			break;
		}
	}
	if (ret)
		return ret;
	range_list_union(&b->ordinary);
	range_list_union(&b->driver);
	range_list_union(&b->crash);
	range_list_union(&b->reserved);
	return 0;
}

/* Firmware types overlap only in broken maps; like the kernel's e820
 * sanitizer, the higher type number wins, so RAM never wins. */
static uint16_t fw_prio(enum memtype t)
{
	return t == MT_SOFT_RESERVED ? 13 : (uint16_t)t;
}

static int build_base(struct builder *b)
{
	const struct iomem_node *nodes = b->io->nodes;
	const uint8_t *cls = b->plan->node_class;
	int ret = 0;

	b->tmp.n = 0;
	if (b->fw) {
		for (size_t i = 0; i < b->fw->n && !ret; i++) {
			const struct fwmap_entry *e = &b->fw->v[i];

			ret = range_list_add_src(&b->tmp, e->start, e->end, e->type,
						 RULE_BIT(R2_FWMAP) | RULE_BIT(R5_RECONCILE),
						 fw_prio(e->type), (int32_t)i);
		}
	} else {
		for (size_t i = 0; i < b->io->n && !ret; i++) {
			const struct iomem_node *n = &nodes[i];
			enum memtype t = MT_RAM;

			if (n->parent >= 0)
				continue;
			if (cls[i] != MC_RAM &&
			    !((cls[i] == MC_TYPED || cls[i] == MC_PERSISTENT) &&
			      memtype_from_kernel_name(n->name, n->name_len, &t)))
				continue;
			ret = range_list_add_src(&b->tmp, n->start, n->end, t,
						 RULE_BIT(R6_IOMEM_BASE), PRIO_BASE, (int32_t)i);
		}
	}
	if (ret)
		return ret;
	return range_paint(&b->base, &b->tmp);
}

static int filter_type(struct range_list *out, const struct range_list *in,
		       uint32_t type, bool keep)
{
	int ret;

	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		if ((in->v[i].type == type) != keep)
			continue;
		ret = range_list_push(out, &in->v[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static int conflict_fw_nonram(void *ctx, const struct range *io, const struct range *fw,
			      uint64_t start, uint64_t end)
{
	struct memmap_conflict c = {
		.start = start, .end = end, .fw_type = fw->type, .fw_entry = fw->src,
		.node = io->src, .result = fw->type, .rule = R5_RECONCILE,
	};

	return add_conflict(ctx, &c);
}

/* R4: top-level System RAM where the firmware map has a hole stays RAM
 * (hot-plugged DIMMs); where the firmware calls it something else, the
 * firmware type stands.  Both are disagreements, so both are reported. */
static int ordinary_ram_vs_firmware(struct builder *b)
{
	struct range_list holes = RANGE_LIST_INIT(b->max);
	int ret;

	ret = range_subtract(&holes, &b->ordinary, &b->base);
	for (size_t i = 0; i < holes.n && !ret; i++) {
		struct range *h = &holes.v[i];
		struct memmap_conflict c = {
			.start = h->start, .end = h->end, .fw_type = MT_NONE, .fw_entry = -1,
			.node = h->src, .result = MT_RAM, .rule = R4_ORDINARY,
		};

		h->type = MT_RAM;
		h->rules = RULE_BIT(R4_ORDINARY);
		ret = add_conflict(b, &c);
		if (!ret)
			ret = range_list_push(&b->base, h);
	}
	if (!ret)
		ret = filter_type(&b->tmp, &b->base, MT_RAM, false);
	if (!ret)
		ret = range_overlaps(&b->ordinary, &b->tmp, conflict_fw_nonram, b);
	range_list_free(&holes);
	/* The holes filled gaps, so sorting keeps the base normal. */
	range_list_sort(&b->base);
	return ret;
}

static int claim_over_ram(void *ctx, const struct range *ram, const struct range *claim,
			  uint64_t start, uint64_t end)
{
	struct builder *b = ctx;
	int ret;

	ret = range_list_add_src(&b->overlay, start, end, claim->type, claim->rules,
				 PRIO_OWNER, claim->src);
	if (!ret && (ram->rules & RULE_BIT(R2_FWMAP))) {
		struct memmap_conflict c = {
			.start = start, .end = end, .fw_type = MT_RAM, .fw_entry = ram->src,
			.node = claim->src, .result = claim->type, .rule = R5_RECONCILE,
		};

		ret = add_conflict(b, &c);
	}
	if (!ret && b->plan->node_class[claim->src] != MC_DRIVER_RAM)
		ret = add_drop(b, start, end, claim->src, R5_RECONCILE, claim->type);
	return ret;
}

/* R5: where the running system owns base RAM as something else, it wins. */
static int apply_claims(struct builder *b)
{
	const struct iomem_node *nodes = b->io->nodes;
	const uint8_t *cls = b->plan->node_class;
	struct range_list claims = RANGE_LIST_INIT(b->max);
	struct range_list ram = RANGE_LIST_INIT(b->max);
	int ret = 0;

	b->tmp.n = 0;
	for (size_t i = 0; i < b->io->n && !ret; i++) {
		const struct iomem_node *n = &nodes[i];
		enum memtype t;

		if (cls[i] == MC_PERSISTENT && persistent_name(n, &t))
			ret = range_list_add_src(&b->tmp, n->start, n->end, t,
						 RULE_BIT(R5_RECONCILE), PRIO_PERSISTENT, (int32_t)i);
		else if (top_of_driver_chain(b, i))
			ret = range_list_add_src(&b->tmp, n->start, n->end, MT_RESERVED,
						 RULE_BIT(R3_DRIVER) | RULE_BIT(R5_RECONCILE),
						 PRIO_OWNER, (int32_t)i);
		else if (b->flags[i] & F_OWNER)
			ret = range_list_add_src(&b->tmp, n->start, n->end, MT_RESERVED,
						 RULE_BIT(R3_DRIVER) | RULE_BIT(R5_RECONCILE),
						 PRIO_OWNER, (int32_t)i);
	}
	if (!ret)
		ret = range_paint(&claims, &b->tmp);
	if (!ret)
		ret = filter_type(&ram, &b->base, MT_RAM, true);
	b->overlay.n = 0;
	if (!ret)
		ret = range_overlaps(&ram, &claims, claim_over_ram, b);

	/* Base under the claims' overlay gives the next kernel's map. */
	b->tmp.n = 0;
	for (size_t i = 0; i < b->base.n && !ret; i++) {
		struct range r = b->base.v[i];

		r.prio = PRIO_BASE;
		ret = range_list_push(&b->tmp, &r);
	}
	for (size_t i = 0; i < b->overlay.n && !ret; i++)
		ret = range_list_push(&b->tmp, &b->overlay.v[i]);
	if (!ret)
		ret = range_paint(&b->plan->boot, &b->tmp);
	range_list_merge_adjacent(&b->plan->boot);	/* R7 */
	range_list_free(&claims);
	range_list_free(&ram);
	return ret;
}

/* R8: every System RAM* byte, driver-managed included, minus Crash kernel. */
static int build_dump(struct builder *b)
{
	int ret = 0;

	b->tmp.n = 0;
	for (size_t i = 0; i < b->ordinary.n && !ret; i++)
		ret = range_list_push(&b->tmp, &b->ordinary.v[i]);
	for (size_t i = 0; i < b->driver.n && !ret; i++)
		ret = range_list_push(&b->tmp, &b->driver.v[i]);
	if (ret)
		return ret;
	range_list_union(&b->tmp);
	for (size_t i = 0; i < b->tmp.n; i++) {
		b->tmp.v[i].type = 0;
		b->tmp.v[i].rules = RULE_BIT(R8_DUMP);
	}
	return range_subtract(&b->plan->dump, &b->tmp, &b->crash);
}

/* R9: boot RAM that the running kernel also calls ordinary RAM, minus the
 * reservations nested in it.  The running kernel's own sections are fine:
 * kexec overwrites them only after the kernel is gone. */
static int build_place(struct builder *b)
{
	struct range_list inside = RANGE_LIST_INIT(b->max);
	int ret;

	ret = filter_type(&b->tmp, &b->plan->boot, MT_RAM, true);
	if (!ret)
		ret = range_intersect(&inside, &b->tmp, &b->ordinary);
	if (!ret)
		ret = range_subtract(&b->plan->place, &inside, &b->reserved);
	for (size_t i = 0; i < b->plan->place.n; i++) {
		b->plan->place.v[i].type = 0;
		b->plan->place.v[i].rules = RULE_BIT(R9_PLACE);
	}
	range_list_free(&inside);
	return ret;
}

static int cmp_drop(const void *pa, const void *pb)
{
	const struct memmap_drop *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

static int cmp_conflict(const void *pa, const void *pb)
{
	const struct memmap_conflict *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

int memmap_build(const struct iomem_tree *iomem, const struct fwmap *fw,
		 size_t max_ranges, struct memmap_plan *plan)
{
	struct memmap_plan p = {
		.boot = RANGE_LIST_INIT(max_ranges),
		.place = RANGE_LIST_INIT(max_ranges),
		.dump = RANGE_LIST_INIT(max_ranges),
		.from_fwmap = fw != NULL,
	};
	struct builder b = {
		.io = iomem, .fw = fw, .max = max_ranges, .plan = &p,
		.ordinary = RANGE_LIST_INIT(max_ranges),
		.driver = RANGE_LIST_INIT(max_ranges),
		.crash = RANGE_LIST_INIT(max_ranges),
		.reserved = RANGE_LIST_INIT(max_ranges),
		.base = RANGE_LIST_INIT(max_ranges),
		.tmp = RANGE_LIST_INIT(max_ranges),
		.overlay = RANGE_LIST_INIT(max_ranges),
	};
	int ret = -ENOMEM;

	p.node_class = calloc(iomem->n ? iomem->n : 1, 1);
	b.flags = calloc(iomem->n ? iomem->n : 1, 1);
	if (!p.node_class || !b.flags)
		goto out;

	classify(&b);
	ret = collect_sets(&b);
	if (!ret)
		ret = build_base(&b);
	if (!ret && fw)
		ret = ordinary_ram_vs_firmware(&b);
	if (!ret)
		ret = apply_claims(&b);
	if (!ret)
		ret = build_dump(&b);
	if (!ret)
		ret = build_place(&b);
	if (!ret) {
		if (p.ndrops > 1)
			qsort(p.drops, p.ndrops, sizeof(*p.drops), cmp_drop);
		if (p.nconflicts > 1)
			qsort(p.conflicts, p.nconflicts, sizeof(*p.conflicts), cmp_conflict);
	}
out:
	free(b.flags);
	range_list_free(&b.ordinary);
	range_list_free(&b.driver);
	range_list_free(&b.crash);
	range_list_free(&b.reserved);
	range_list_free(&b.base);
	range_list_free(&b.tmp);
	range_list_free(&b.overlay);
	if (ret)
		memmap_plan_free(&p);
	else
		*plan = p;
	return ret;
}

void memmap_plan_free(struct memmap_plan *plan)
{
	range_list_free(&plan->boot);
	range_list_free(&plan->place);
	range_list_free(&plan->dump);
	free(plan->drops);
	free(plan->conflicts);
	free(plan->node_class);
	memset(plan, 0, sizeof(*plan));
}

const char *memmap_rule_name(enum memmap_rule r)
{
	switch (r) {
	case R1_IOMEM_TREE: return "iomem tree";
	case R2_FWMAP: return "firmware map";
	case R3_DRIVER: return "driver-managed";
	case R4_ORDINARY: return "ordinary RAM";
	case R5_RECONCILE: return "iomem claim";
	case R6_IOMEM_BASE: return "iomem base";
	case R7_NORMAL: return "normalised";
	case R8_DUMP: return "dump";
	case R9_PLACE: return "place";
	}
	return "?";
}

const char *memmap_class_reason(enum memmap_class c)
{
	switch (c) {
	case MC_OTHER: return "not memory";
	case MC_RAM: return "rule R4: ordinary RAM";
	case MC_RAM_NESTED: return "rule R4: RAM inside RAM, counted once";
	case MC_DRIVER_RAM: return "rule R3: driver-managed RAM";
	case MC_OWNER: return "rule R5: owner of driver-managed RAM";
	case MC_PERSISTENT: return "rule R5: persistent or soft-reserved memory";
	case MC_TYPED: return "rule R6: top-level typed range";
	case MC_CRASH: return "rule R8: crash kernel reservation";
	case MC_KERNEL: return "rule R9: running kernel, overwritten at reboot";
	case MC_RESERVATION: return "rule R9: reservation inside RAM, not a place";
	}
	return "?";
}
