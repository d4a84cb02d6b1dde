// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The identity map of arm64 purgatory; see idmap.h.  Level n of a 4 KiB
 * granule, 48-bit walk translates address bits [47 - 9n : 39 - 9n]; a
 * level 1 entry can be a 1 GiB block, a level 2 entry a 2 MiB block, a
 * level 3 entry a 4 KiB page (Arm ARM, "Translation table walks").
 */
#include <stdint.h>

#include "idmap.h"

/* Bytes one entry of level @lvl covers. */
static uint64_t span(int lvl)
{
	return 1ull << (12 + 9 * (3 - lvl));
}

static unsigned int index_of(uint64_t addr, int lvl)
{
	return (unsigned int)(addr >> (12 + 9 * (3 - lvl))) & (IDMAP_ENTRIES - 1);
}

void idmap_init(struct idmap *m, idmap_table *pool, unsigned int npool, uint64_t limit,
		uint64_t leaf)
{
	m->pool = pool;
	m->npool = npool;
	m->used = 1;
	m->limit = limit;
	m->leaf = leaf;
}

/* The table an entry points to, made when the entry is still invalid. */
static uint64_t *next_table(struct idmap *m, uint64_t *entry)
{
	uint64_t *t;

	if (*entry & IDMAP_VALID)
		return (uint64_t *)(uintptr_t)(*entry & IDMAP_ADDR_MASK);
	if (m->used == m->npool)
		return 0;
	t = m->pool[m->used++];
	*entry = (uint64_t)(uintptr_t)t | IDMAP_TABLE | IDMAP_VALID;
	return t;
}

int idmap_add(struct idmap *m, uint64_t start, uint64_t end)
{
	uint64_t addr = start & ~(IDMAP_PAGE - 1);

	if (end <= start)
		return 0;
	end = (end + IDMAP_PAGE - 1) & ~(IDMAP_PAGE - 1);
	if (end > m->limit || end < start)
		return -1;
	while (addr < end) {
		uint64_t *table = m->pool[0];
		int lvl;

		for (lvl = 0;; lvl++) {
			uint64_t *e = &table[index_of(addr, lvl)], size = span(lvl);

			/* A block already here: another range claimed it whole. */
			if ((*e & (IDMAP_VALID | IDMAP_TABLE)) == IDMAP_VALID && lvl < 3) {
				addr = (addr & ~(size - 1)) + size;
				break;
			}
			if (lvl == 3 || (lvl >= 1 && !(addr & (size - 1)) && end - addr >= size &&
					 !(*e & IDMAP_VALID))) {
				*e = addr | m->leaf | (lvl == 3 ? IDMAP_TABLE : 0) | IDMAP_VALID;
				addr += size;
				break;
			}
			table = next_table(m, e);
			if (!table)
				return -2;
		}
	}
	return 0;
}
