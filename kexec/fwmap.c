// SPDX-License-Identifier: GPL-2.0-or-later
/* The /sys/firmware/memmap entry parser. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwmap.h"
#include "vec.h"

/* Drop the one newline sysfs appends. */
static size_t chomp(const char *s, size_t len)
{
	return len && s[len - 1] == '\n' ? len - 1 : len;
}

/* "0x%llx" as drivers/firmware/memmap.c writes it; the 0x is optional. */
static int parse_addr(const char *s, size_t len, const char *field,
		      uint64_t *val, struct diag *err)
{
	uint64_t v = 0;
	size_t i = 0;

	len = chomp(s, len);
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == len)
		return diag_set(err, -EINVAL, 0, field, "expected a hex address like 0x1000, found %s",
			    len ? "only '0x'" : "an empty file");
	for (; i < len; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return diag_set(err, -EINVAL, 0, field, "unexpected character at offset %zu, expected a hex address like 0x1000", i);
		if (v >> 60)
			return diag_set(err, -EINVAL, 0, field, "address does not fit in 64 bits");
		v = v << 4 | d;
	}
	*val = v;
	return 0;
}

int fwmap_parse_entry(uint32_t index, const char *start, size_t start_len,
		      const char *end, size_t end_len,
		      const char *type, size_t type_len,
		      struct fwmap_entry *out, struct diag *err)
{
	struct fwmap_entry e = { .index = index };
	uint64_t first, last;
	int ret;

	ret = parse_addr(start, start_len, "start", &first, err);
	if (ret)
		return ret;
	ret = parse_addr(end, end_len, "end", &last, err);
	if (ret)
		return ret;
	if (last < first)
		return diag_set(err, -EINVAL, 0, "end", "end 0x%" PRIx64 " is below start 0x%" PRIx64
			    " (end is inclusive)", last, first);

	type_len = chomp(type, type_len);
	if (!type_len)
		return diag_set(err, -EINVAL, 0, "type", "empty, expected a type such as 'System RAM'");
	if (memchr(type, '\0', type_len) || memchr(type, '\n', type_len))
		return diag_set(err, -EINVAL, 0, "type", "expected one line of text");
	if (!memtype_from_kernel_name(type, type_len, &e.type)) {
		e.type = MT_RESERVED;
		e.unknown_type = true;
	}
	e.start = first;
	e.end = last == UINT64_MAX ? UINT64_MAX : last + 1;
	*out = e;
	return 0;
}

int fwmap_add(struct fwmap *map, const struct fwmap_entry *e)
{
	int ret = vec_reserve((void **)&map->v, &map->cap, map->n, sizeof(*map->v),
			      map->max);

	if (ret)
		return ret;
	map->v[map->n++] = *e;
	return 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct fwmap_entry *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return 0;
}

void fwmap_sort(struct fwmap *map)
{
	if (map->n > 1)
		qsort(map->v, map->n, sizeof(*map->v), cmp_entry);
}

void fwmap_free(struct fwmap *map)
{
	free(map->v);
	map->v = NULL;
	map->n = map->cap = 0;
}
