/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_FWMAP_H
#define KEXEC_FWMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "memtype.h"

/*
 * The raw firmware memory map, /sys/firmware/memmap/N/{start,end,type}
 * (drivers/firmware/memmap.c).  Entry numbers say nothing about order:
 * hot-plugged memory can be entry 0.
 */
struct fwmap_entry {
	uint64_t start;		/* first byte */
	uint64_t end;		/* one past the last byte */
	enum memtype type;
	uint32_t index;		/* the N of the entry's directory */
	bool unknown_type;	/* not a string the kernel writes: kept as reserved */
};

struct fwmap {
	struct fwmap_entry *v;
	size_t n;
	size_t cap;
	size_t max;		/* the most entries accepted */
};

/**
 * fwmap_parse_entry - parse the three files of one entry
 * @index: the entry's number
 * @start: contents of its start file ("0x%llx\n"), @start_len bytes
 * @end: contents of its end file, an inclusive end, @end_len bytes
 * @type: contents of its type file ("System RAM\n"), @type_len bytes
 * @out: written on success, with the end made exclusive
 * @err: on failure, the field ("start", "end" or "type") and what was expected
 *
 * An unknown type string is accepted as reserved with @out->unknown_type
 * set, so the caller can warn and name it.
 *
 * Returns 0 or -EINVAL.
 */
int fwmap_parse_entry(uint32_t index, const char *start, size_t start_len,
		      const char *end, size_t end_len,
		      const char *type, size_t type_len,
		      struct fwmap_entry *out, struct diag *err);

/**
 * fwmap_add - append a parsed entry
 * @map: the map; its max bounds the number of entries
 * @e: the entry
 *
 * Returns 0, -E2BIG past @map->max, or -ENOMEM.
 */
int fwmap_add(struct fwmap *map, const struct fwmap_entry *e);

/** fwmap_sort - order the entries by start, then by number */
void fwmap_sort(struct fwmap *map);

/** fwmap_free - release the entries of @map */
void fwmap_free(struct fwmap *map);

#endif
