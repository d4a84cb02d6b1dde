// SPDX-License-Identifier: GPL-2.0-or-later
/* The e820 encoder: the memory plan's boot list as the x86 boot protocol
 * carries it. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "e820.h"

size_t e820_ext_size(size_t nranges)
{
	if (nranges <= E820_MAX_ENTRIES_ZEROPAGE)
		return 0;
	return sizeof(struct setup_data) +
	       (nranges - E820_MAX_ENTRIES_ZEROPAGE) * sizeof(struct boot_e820_entry);
}

int e820_encode(const struct range_list *map, struct boot_params *bp,
		void *ext, size_t ext_size)
{
	size_t need = e820_ext_size(map->n);
	struct setup_data hdr;

	for (size_t i = 0; i < map->n; i++) {
		if (!map->v[i].type || map->v[i].end <= map->v[i].start)
			return -EINVAL;
		if (i && map->v[i].start < map->v[i - 1].end)
			return -EINVAL;
	}
	if (need > ext_size || (need && !ext))
		return -ENOSPC;
	if (need - (need ? sizeof(hdr) : 0) > UINT32_MAX)
		return -E2BIG;

	memset(bp->e820_table, 0, sizeof(bp->e820_table));
	for (size_t i = 0; i < map->n; i++) {
		struct boot_e820_entry e = {
			.addr = map->v[i].start,
			.size = map->v[i].end - map->v[i].start,
			.type = map->v[i].type,
		};

		if (i < E820_MAX_ENTRIES_ZEROPAGE)
			memcpy(&bp->e820_table[i], &e, sizeof(e));
		else
			memcpy((uint8_t *)ext + sizeof(hdr) +
			       (i - E820_MAX_ENTRIES_ZEROPAGE) * sizeof(e), &e, sizeof(e));
	}
	bp->e820_entries = (uint8_t)(map->n < E820_MAX_ENTRIES_ZEROPAGE ?
				     map->n : E820_MAX_ENTRIES_ZEROPAGE);
	if (need) {
		hdr = (struct setup_data){
			.next = 0, .type = SETUP_E820_EXT, .len = (uint32_t)(need - sizeof(hdr)),
		};
		memcpy(ext, &hdr, sizeof(hdr));
	}
	return 0;
}
