// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One assertion battery over every fake sysroot in tests/data/sysroots:
 * whatever the reconciler does inside, its plan must never hand
 * driver-managed or persistent memory to the next kernel, never lose
 * ordinary RAM, and never place a segment outside boot RAM.  The checks
 * classify nodes by name on their own, without the reconciler's code.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "memmap.h"
#include "memsrc.h"

static bool ramname(const struct iomem_node *n)
{
	return iomem_name_is(n, "System RAM") || iomem_name_has_prefix(n, "System RAM (");
}

static bool driver_managed(const struct iomem_tree *t, size_t i)
{
	if (!ramname(&t->nodes[i]))
		return false;
	if (iomem_name_has_prefix(&t->nodes[i], "System RAM ("))
		return true;
	for (int32_t a = t->nodes[i].parent; a >= 0; a = t->nodes[a].parent)
		if (!ramname(&t->nodes[a]) || iomem_name_has_prefix(&t->nodes[a], "System RAM ("))
			return true;
	return false;
}

static bool persistent(const struct iomem_node *n)
{
	return iomem_name_is(n, "Persistent Memory") ||
	       iomem_name_is(n, "Persistent Memory (legacy)") || iomem_name_is(n, "Soft Reserved");
}

static void ram_of(const struct range_list *boot, struct range_list *out)
{
	for (size_t i = 0; i < boot->n; i++)
		if (boot->v[i].type == MT_RAM)
			range_list_push(out, &boot->v[i]);
}

static bool normal(const struct range_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].end <= l->v[i].start || (i && l->v[i].start < l->v[i - 1].end))
			return false;
	return true;
}

static void check_sysroot(const char *dir, const char *name)
{
	struct range_list forbidden = RANGE_LIST_INIT(0), ordinary = RANGE_LIST_INIT(0);
	struct range_list ram = RANGE_LIST_INIT(0), out = RANGE_LIST_INIT(0);
	struct range_list sysram = RANGE_LIST_INIT(0), crash = RANGE_LIST_INIT(0);
	struct memsrc_error err;
	struct memmap_plan p;
	struct memsrc src;
	struct sysroot sr;
	const struct iomem_tree *t;

	if (sysroot_open(dir, &sr)) {
		harness_fail(__FILE__, __LINE__, "%s: cannot open", name);
		return;
	}
	if (memsrc_load(&sr, 1 << 20, &src, &err)) {
		harness_fail(__FILE__, __LINE__, "%s: %s: %s", name, err.file, err.msg);
		sysroot_close(&sr);
		return;
	}
	sysroot_close(&sr);
	if (memmap_build(&src.iomem, src.have_fw ? &src.fw : NULL, 1 << 20, &p)) {
		harness_fail(__FILE__, __LINE__, "%s: memmap_build failed", name);
		memsrc_free(&src);
		return;
	}
	t = &src.iomem;
	for (size_t i = 0; i < t->n; i++) {
		const struct iomem_node *n = &t->nodes[i];

		if (driver_managed(t, i) || persistent(n))
			range_list_add(&forbidden, n->start, n->end, 0, 0);
		if (ramname(n))
			range_list_add(&sysram, n->start, n->end, 0, 0);
		if (iomem_name_is(n, "Crash kernel"))
			range_list_add(&crash, n->start, n->end, 0, 0);
		if (n->parent < 0 && iomem_name_is(n, "System RAM"))
			range_list_add(&ordinary, n->start, n->end, 0, 0);
	}
	range_list_union(&forbidden);
	range_list_union(&sysram);
	range_list_union(&crash);
	range_list_union(&ordinary);
	ram_of(&p.boot, &ram);

	if (!normal(&p.boot) || !normal(&p.place) || !normal(&p.dump))
		harness_fail(__FILE__, __LINE__, "%s: a list is not sorted and disjoint", name);

	range_intersect(&out, &ram, &forbidden);
	if (out.n)
		harness_fail(__FILE__, __LINE__, "%s: driver-managed or persistent byte 0x%" PRIx64
			     " is boot RAM", name, out.v[0].start);
	range_intersect(&out, &p.place, &forbidden);
	if (out.n)
		harness_fail(__FILE__, __LINE__, "%s: place 0x%" PRIx64 " is driver-managed or persistent",
			     name, out.v[0].start);
	range_subtract(&out, &p.place, &ram);
	if (out.n)
		harness_fail(__FILE__, __LINE__, "%s: place 0x%" PRIx64 " is not boot RAM", name,
			     out.v[0].start);

	/* No ordinary RAM is lost, except where the firmware says otherwise. */
	{
		struct range_list nonram = RANGE_LIST_INIT(0), lost = RANGE_LIST_INIT(0);

		for (size_t i = 0; src.have_fw && i < src.fw.n; i++)
			if (src.fw.v[i].type != MT_RAM)
				range_list_add(&nonram, src.fw.v[i].start, src.fw.v[i].end, 0, 0);
		for (size_t i = 0; i < forbidden.n; i++)
			range_list_push(&nonram, &forbidden.v[i]);
		range_list_union(&nonram);
		range_subtract(&lost, &ordinary, &nonram);
		range_subtract(&out, &lost, &ram);
		if (out.n)
			harness_fail(__FILE__, __LINE__, "%s: ordinary RAM 0x%" PRIx64 "-0x%" PRIx64
				     " is lost", name, out.v[0].start, out.v[0].end);
		range_list_free(&nonram);
		range_list_free(&lost);
	}

	/* The dump is every System RAM* byte but the crash kernel's. */
	range_subtract(&out, &sysram, &crash);
	{
		struct range_list diff = RANGE_LIST_INIT(0);

		range_subtract(&diff, &out, &p.dump);
		if (diff.n)
			harness_fail(__FILE__, __LINE__, "%s: RAM 0x%" PRIx64 " is not dumped", name,
				     diff.v[0].start);
		range_subtract(&diff, &p.dump, &out);
		if (diff.n)
			harness_fail(__FILE__, __LINE__, "%s: dump 0x%" PRIx64 " is not RAM", name,
				     diff.v[0].start);
		range_list_free(&diff);
	}

	printf("#   %s: %zu boot, %zu place, %zu dump ranges; %zu dropped\n", name, p.boot.n,
	       p.place.n, p.dump.n, p.ndrops);
	range_list_free(&forbidden);
	range_list_free(&ordinary);
	range_list_free(&ram);
	range_list_free(&out);
	range_list_free(&sysram);
	range_list_free(&crash);
	memmap_plan_free(&p);
	memsrc_free(&src);
}

TEST(every_sysroot_keeps_driver_memory_out_and_ordinary_ram_in)
{
	const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
	char path[4096];
	struct dirent *de;
	int seen = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/tests/data/sysroots", srcdir);
	d = opendir(path);
	CHECK(d != NULL);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char dir[4400];

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "README.md"))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", path, de->d_name);
		check_sysroot(dir, de->d_name);
		seen++;
	}
	closedir(d);
	CHECK(seen >= 10);
}
