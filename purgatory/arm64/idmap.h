/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PURGATORY_ARM64_IDMAP_H
#define PURGATORY_ARM64_IDMAP_H

/*
 * A minimal identity map for arm64 purgatory: VMSAv8-64 stage 1, 4 KiB
 * granule, 48-bit input addresses (T0SZ = 16, lookup from level 0), built
 * from a pool of zeroed tables.  Only the ranges asked for are mapped, with
 * 1 GiB or 2 MiB blocks where a range covers them whole and 4 KiB pages at
 * the edges, so that nothing else (device memory, no-map carve-outs) gets
 * a cacheable mapping that the CPU could fetch from speculatively.
 *
 * Pure and freestanding: purgatory builds it at run time; the tests build
 * it on the host and walk it.  Table addresses are the pool's pointers, so
 * the map is only meaningful where pointers are physical addresses.
 */
#include <stdint.h>

#define IDMAP_ENTRIES	512
#define IDMAP_PAGE	4096ull

/* Descriptor bits (Arm ARM, "VMSAv8-64 translation table format descriptors"). */
#define IDMAP_VALID	(1ull << 0)
#define IDMAP_TABLE	(1ull << 1)	/* levels 0-2: next table; level 3: a page */
#define IDMAP_ATTRIDX(n) ((uint64_t)(n) << 2)	/* MAIR index */
#define IDMAP_AP1	(1ull << 6)	/* RES1 in the EL2 regime without E2H */
#define IDMAP_SH_INNER	(3ull << 8)
#define IDMAP_AF	(1ull << 10)
#define IDMAP_ADDR_MASK	0x0000fffffffff000ull

typedef uint64_t idmap_table[IDMAP_ENTRIES];

struct idmap {
	idmap_table *pool;		/* pool[0] is the level-0 table (TTBR0) */
	unsigned int npool;
	unsigned int used;
	uint64_t limit;			/* addresses must be below this (2^PA bits) */
	uint64_t leaf;			/* attributes of every block and page */
};

/**
 * idmap_init - start an empty map
 * @m: the map
 * @pool: tables, 4 KiB aligned and zeroed
 * @npool: how many (at least 1)
 * @limit: one past the highest address that may be mapped, at most 2^48
 * @leaf: the attribute bits of every block and page (IDMAP_AF, ...)
 */
void idmap_init(struct idmap *m, idmap_table *pool, unsigned int npool, uint64_t limit,
		uint64_t leaf);

/**
 * idmap_add - map [start, end) to itself, widened to whole pages
 * @m: the map
 * @start: first byte
 * @end: one past the last byte; an empty range maps nothing
 *
 * Returns 0, -1 when the range reaches @m->limit, or -2 when the pool is
 * used up (the map is then partial: do not use it).
 */
int idmap_add(struct idmap *m, uint64_t start, uint64_t end);

#endif
