// SPDX-License-Identifier: GPL-2.0-or-later
/* /chosen for the next kernel, through libfdt; see dtb_chosen.h. */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include "dtb_chosen.h"
#include "dtb_mem.h"
#include "memtype.h"

/* Per property: its header, padding, and its name in the strings block. */
#define PROP_OVERHEAD 64

/* Properties that described the running kernel's own boot; a crash load
 * writes the first two anew. */
static const char *const stale_props[] = {
	"linux,elfcorehdr",		/* where a kdump kernel's vmcore header was */
	"linux,usable-memory-range",	/* the memory a kdump kernel was confined to */
	"linux,ima-kexec-buffer",	/* freed once the running kernel read it */
};
#define CRASH_PROPS 2

static int root_cells(const void *fdt, int *ac, int *sc)
{
	*ac = fdt_address_cells(fdt, 0);
	*sc = fdt_size_cells(fdt, 0);
	if (*ac < 0 || *sc < 0)
		return dtb_errno(*ac < 0 ? *ac : *sc);
	if (*ac < 1 || *ac > 2 || *sc < 1 || *sc > 2)
		return -ERANGE;
	return 0;
}

static bool is_memory_node(const void *fdt, int node)
{
	int len;
	const char *t = fdt_getprop(fdt, node, "device_type", &len);

	return t && len == 7 && !memcmp(t, "memory", 7);
}

/* Remove a property; one that is not there is already removed. */
static int delprop(void *fdt, int node, const char *name)
{
	int ret = fdt_delprop(fdt, node, name);

	return ret == -FDT_ERR_NOTFOUND ? 0 : ret;
}

static int set_addr(void *fdt, int node, const char *name, int ac, uint64_t v)
{
	if (ac == 1) {
		if (v > UINT32_MAX)
			return -FDT_ERR_BADNCELLS;
		return fdt_setprop_u32(fdt, node, name, (uint32_t)v);
	}
	return fdt_setprop_u64(fdt, node, name, v);
}

size_t dtb_chosen_extra(const struct dtb_chosen *c)
{
	return 8 * PROP_OVERHEAD + strlen(c->bootargs) + 1 + 16 + 8 + c->rng_seed_len +
	       (1 + 2) * 16;
}

/* @n <address size> pairs in @ac and @sc cells, as a reg-style property. */
static int set_pairs(void *fdt, int node, const char *name, int ac, int sc,
		     const uint64_t (*pairs)[2], size_t n)
{
	fdt32_t cells[3 * 4];
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t v[2] = { pairs[i][0], pairs[i][1] };

		for (int j = 0; j < 2; j++) {
			int nc = j ? sc : ac;

			if (nc == 1 && v[j] > UINT32_MAX)
				return -FDT_ERR_BADNCELLS;
			if (nc == 2)
				cells[k++] = cpu_to_fdt32((uint32_t)(v[j] >> 32));
			cells[k++] = cpu_to_fdt32((uint32_t)v[j]);
		}
	}
	return fdt_setprop(fdt, node, name, cells, k * (int)sizeof(cells[0]));
}

static int set_crash(void *fdt, int node, int ac, int sc, const struct dtb_chosen *c)
{
	uint64_t hdr[1][2] = { { c->elfcorehdr_start, c->elfcorehdr_size } };
	uint64_t use[2][2];
	int ret;

	for (size_t i = 0; i < c->nusable && i < 2; i++) {
		use[i][0] = c->usable[i].start;
		use[i][1] = c->usable[i].end - c->usable[i].start;
	}
	ret = set_pairs(fdt, node, "linux,elfcorehdr", ac, sc, hdr, 1);
	if (!ret)
		ret = set_pairs(fdt, node, "linux,usable-memory-range", ac, sc, use,
				c->nusable < 2 ? c->nusable : 2);
	return ret;
}

/* Would set_crash() fit the cells?  Checked before any edit. */
static bool crash_fits(int ac, int sc, const struct dtb_chosen *c)
{
	uint64_t amax = ac == 1 ? UINT32_MAX : UINT64_MAX, smax = sc == 1 ? UINT32_MAX : UINT64_MAX;

	if (!c->nusable || c->nusable > 2 || c->elfcorehdr_start > amax ||
	    c->elfcorehdr_size > smax)
		return false;
	for (size_t i = 0; i < c->nusable; i++)
		if (c->usable[i].start > amax || c->usable[i].end - c->usable[i].start > smax)
			return false;
	return true;
}

int dtb_set_chosen(void *fdt, const struct dtb_chosen *c)
{
	int chosen, ac, sc, ret;

	if (fdt_check_header(fdt))
		return -EINVAL;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return chosen == -FDT_ERR_NOTFOUND ? -ENOENT : -EINVAL;
	ret = root_cells(fdt, &ac, &sc);
	if (ret)
		return ret;
	/* Checked before any edit, so that a refusal changes nothing. */
	if (c->initrd && (c->initrd_end < c->initrd_start ||
			  (ac == 1 && c->initrd_end > UINT32_MAX)))
		return -ERANGE;
	if (c->crash && !crash_fits(ac, sc, c))
		return -ERANGE;

	/* Editing a node's properties moves the nodes after it, never the
	 * node itself: one offset serves every edit below. */
	ret = fdt_setprop_string(fdt, chosen, "bootargs", c->bootargs);
	if (!ret && c->initrd) {
		ret = set_addr(fdt, chosen, "linux,initrd-start", ac, c->initrd_start);
		/* The kernel reads the end as exclusive (drivers/of/fdt.c). */
		if (!ret)
			ret = set_addr(fdt, chosen, "linux,initrd-end", ac, c->initrd_end);
	} else if (!ret) {
		ret = delprop(fdt, chosen, "linux,initrd-start");
		if (!ret)
			ret = delprop(fdt, chosen, "linux,initrd-end");
	}
	if (!ret)
		ret = c->kaslr ? fdt_setprop_u64(fdt, chosen, "kaslr-seed", c->kaslr_seed) :
				 delprop(fdt, chosen, "kaslr-seed");
	if (!ret)
		ret = c->rng_seed ? fdt_setprop(fdt, chosen, "rng-seed", c->rng_seed,
						(int)c->rng_seed_len) :
				    delprop(fdt, chosen, "rng-seed");
	for (size_t i = c->crash ? CRASH_PROPS : 0;
	     !ret && i < sizeof(stale_props) / sizeof(stale_props[0]); i++)
		ret = delprop(fdt, chosen, stale_props[i]);
	if (!ret && c->crash)
		ret = set_crash(fdt, chosen, ac, sc, c);
	return ret ? dtb_errno(ret) : 0;
}

bool dtb_has_memory(const void *fdt)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		if (is_memory_node(fdt, node))
			return true;
	}
	return false;
}

bool dtb_is_uefi(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	return chosen >= 0 && fdt_getprop(fdt, chosen, "linux,uefi-mmap-start", NULL) &&
	       !dtb_has_memory(fdt);
}

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

int dtb_memory_ranges(const void *fdt, struct range_list *out)
{
	int node, ac, sc, ret;

	out->n = 0;
	if (fdt_check_header(fdt))
		return -EINVAL;
	ret = root_cells(fdt, &ac, &sc);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		int len, entry = (ac + sc) * 4;

		if (!is_memory_node(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len % entry)
			return -EINVAL;
		for (int off = 0; off < len; off += entry) {
			const fdt32_t *e = reg + off / 4;
			uint64_t start = read_cells(e, ac), size = read_cells(e + ac, sc);

			if (start + size < start)
				return -EINVAL;
			ret = range_list_add(out, start, start + size, MT_RAM, 0);
			if (ret)
				return ret;
		}
	}
	range_list_sort(out);
	return 0;
}
