// SPDX-License-Identifier: GPL-2.0-or-later
/* The FDT memory emitter: the plan's RAM as /memory nodes, through libfdt. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtb_mem.h"
#include "memtype.h"
#include "vec.h"

/* Per node: name, device_type, reg of two 2-cell pairs, numa-node-id. */
#define NODE_BYTES 160

struct old_mem {
	uint64_t start, end;
	uint32_t numa;
	bool has_numa;
};


int dtb_errno(int fdt_err)
{
	switch (fdt_err) {
	case -FDT_ERR_NOSPACE:
		return -ENOSPC;
	case -FDT_ERR_BADNCELLS:
		return -ERANGE;
	case -FDT_ERR_NOTFOUND:
		return -ENOENT;
	default:
		return -EINVAL;
	}
}

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

static bool is_memory_node(const void *fdt, int node)
{
	int len;
	const char *t = fdt_getprop(fdt, node, "device_type", &len);

	return t && len == 7 && !memcmp(t, "memory", 7);
}

/* Remember what the old memory nodes said about NUMA before they go. */
static int collect_old(const void *fdt, int ac, int sc, struct old_mem **out, size_t *nout)
{
	size_t n = 0, cap = 0;
	struct old_mem *v = NULL;
	int node, ret;

	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg, *numa;
		int len, nlen;

		if (!is_memory_node(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		numa = fdt_getprop(fdt, node, "numa-node-id", &nlen);
		if (!reg || len < 0)
			continue;
		for (int off = 0; off + (ac + sc) * 4 <= len; off += (ac + sc) * 4) {
			const fdt32_t *c = (const fdt32_t *)((const char *)reg + off);
			struct old_mem m = {
				.start = read_cells(c, ac),
				.numa = numa && nlen == 4 ? fdt32_to_cpu(*numa) : 0,
				.has_numa = numa && nlen == 4,
			};

			m.end = m.start + read_cells(c + ac, sc);
			ret = vec_reserve((void **)&v, &cap, n, sizeof(*v), SIZE_MAX / sizeof(*v));
			if (ret) {
				free(v);
				return ret;
			}
			v[n++] = m;
		}
	}
	*out = v;
	*nout = n;
	return 0;
}

static void put_cells(fdt32_t *p, int n, uint64_t v)
{
	for (int i = n - 1; i >= 0; i--, v >>= 32)
		p[i] = cpu_to_fdt32((uint32_t)v);
}

static int add_node(void *fdt, int ac, int sc, uint64_t start, uint64_t size,
		    const struct old_mem *numa_from)
{
	fdt32_t reg[4];
	char name[32];
	int node, ret;

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)start);
	node = fdt_add_subnode(fdt, 0, name);
	if (node == -FDT_ERR_EXISTS) {
		/* Two pieces at one address cannot happen in a normal list. */
		return -EINVAL;
	}
	if (node < 0)
		return dtb_errno(node);
	put_cells(reg, ac, start);
	put_cells(reg + ac, sc, size);
	ret = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (!ret)
		ret = fdt_setprop(fdt, node, "reg", reg, (int)((ac + sc) * sizeof(fdt32_t)));
	if (!ret && numa_from && numa_from->has_numa)
		ret = fdt_setprop_u32(fdt, node, "numa-node-id", numa_from->numa);
	return ret ? dtb_errno(ret) : 0;
}

/* One piece to write: a part of a RAM range inside at most one old node. */
struct piece {
	uint64_t start, end;
	const struct old_mem *numa_from;
};

static int plan_pieces(const struct range_list *map, const struct old_mem *old, size_t nold,
		       int ac, int sc, struct piece **out, size_t *nout)
{
	uint64_t amax = ac == 2 ? UINT64_MAX : UINT32_MAX;
	uint64_t smax = sc == 2 ? UINT64_MAX : 0xffe00000ull;	/* 2 MiB-aligned chunks */
	struct piece *v = NULL;
	size_t n = 0, cap = 0;
	int ret;

	for (size_t i = 0; i < map->n; i++) {
		uint64_t pos = map->v[i].start;

		if (map->v[i].type != MT_RAM)
			continue;
		if (map->v[i].end - 1 > amax) {
			free(v);
			return -ERANGE;
		}
		while (pos < map->v[i].end) {
			uint64_t end = map->v[i].end;
			const struct old_mem *from = NULL;

			for (size_t k = 0; k < nold; k++) {
				if (pos >= old[k].start && pos < old[k].end) {
					from = &old[k];
					if (old[k].end < end)
						end = old[k].end;
				} else if (old[k].start > pos && old[k].start < end) {
					end = old[k].start;
				}
			}
			if (end - pos > smax)
				end = pos + smax;
			ret = vec_reserve((void **)&v, &cap, n, sizeof(*v), SIZE_MAX / sizeof(*v));
			if (ret) {
				free(v);
				return ret;
			}
			v[n++] = (struct piece){ pos, end, from };
			pos = end;
		}
	}
	*out = v;
	*nout = n;
	return 0;
}

static int count_pieces(const void *fdt, const struct range_list *map, size_t *npieces)
{
	struct old_mem *old = NULL;
	struct piece *pieces = NULL;
	size_t nold = 0;
	int ac, sc, ret;

	if (fdt_check_header(fdt))
		return -EINVAL;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -ERANGE;
	ret = collect_old(fdt, ac, sc, &old, &nold);
	if (!ret)
		ret = plan_pieces(map, old, nold, ac, sc, &pieces, npieces);
	free(old);
	free(pieces);
	return ret;
}

size_t dtb_memory_extra(const void *fdt, const struct range_list *map)
{
	size_t n = 0;

	/* A blob or map that cannot be written needs no room: dtb_set_memory()
	 * will say why. */
	if (count_pieces(fdt, map, &n))
		n = 0;
	return 1024 + n * NODE_BYTES;
}

int dtb_set_memory(void *fdt, const struct range_list *map)
{
	struct old_mem *old = NULL;
	struct piece *pieces = NULL;
	size_t nold = 0, npieces = 0;
	int ac, sc, node, ret;

	if (fdt_check_header(fdt))
		return -EINVAL;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	if (ac < 0 || sc < 0)
		return dtb_errno(ac < 0 ? ac : sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -ERANGE;

	ret = collect_old(fdt, ac, sc, &old, &nold);
	if (ret)
		return ret;
	ret = plan_pieces(map, old, nold, ac, sc, &pieces, &npieces);
	if (ret)
		goto out;
	if ((size_t)fdt_totalsize(fdt) - fdt_off_dt_strings(fdt) - fdt_size_dt_strings(fdt) <
	    npieces * NODE_BYTES + 64) {
		/* Fail before changing anything rather than half-way. */
		ret = -ENOSPC;
		goto out;
	}

	for (;;) {
		fdt_for_each_subnode(node, fdt, 0) {
			if (is_memory_node(fdt, node))
				break;
		}
		if (node < 0)
			break;
		ret = fdt_del_node(fdt, node);
		if (ret) {
			ret = dtb_errno(ret);
			goto out;
		}
	}
	/* fdt_add_subnode() puts a node first, so go backwards for ascending order. */
	for (size_t i = npieces; i-- > 0;) {
		ret = add_node(fdt, ac, sc, pieces[i].start, pieces[i].end - pieces[i].start,
			       pieces[i].numa_from);
		if (ret)
			goto out;
	}
out:
	free(old);
	free(pieces);
	return ret;
}
