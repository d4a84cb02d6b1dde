// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the /sys/firmware/memmap entry parser, and the reconciler
 * with a fuzzed firmware map under fixed /proc/iomem trees.
 *
 * Input format (the seeds in corpus/fwmap/ use it):
 *
 *  - Records are separated by a blank line, "\n\n".  A record keeps the
 *    newline that ends its last line, so "0x0|0x9fbff|System RAM\n\n"
 *    gives the type field "System RAM\n", as sysfs writes it.  Whatever
 *    follows the last separator is the last record.
 *  - A record holds three fields, start, end and type, separated by a 0x1f
 *    byte or '|'.  The type field is the rest of the record, separators
 *    included; missing fields are empty.  Record i is entry number i.
 *
 * Every field is copied to a buffer of its own, so AddressSanitizer sees a
 * read past its end.  The parser is checked against a plain reference of
 * the format (accepts exactly the same, converts the same way), the entries
 * go through fwmap_add() (at most 1024) and fwmap_sort(), and then each
 * fixed tree is reconciled with the map and the plan checked: lists normal,
 * place inside boot RAM and ordinary RAM, no place or boot RAM on
 * driver-managed or persistent memory.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "fwmap.h"
#include "iomem.h"
#include "memmap.h"
#include "memtype.h"

#define MAX_ENTRIES 1024
#define MAX_RANGES ((size_t)1 << 16)

static const char *const trees[] = {
	"00000000-0009ffff : System RAM\n"
	"00100000-7fffffff : System RAM\n",

	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  02000000-027fffff : Kernel data\n"
	"  2f000000-3effffff : Crash kernel\n"
	"  40000000-40000fff : reserved\n"
	"7ffe0000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"  80000000-80ffffff : 0000:00:02.0\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"100000000-17fffffff : System RAM\n"
	"180000000-1ffffffff : virtio0\n"
	"  180000000-1bfffffff : System RAM (virtio_mem)\n"
	"200000000-27fffffff : Persistent Memory\n"
	"  200000000-27fffffff : namespace0.0\n"
	"    200000000-23fffffff : dax0.0\n"
	"      200000000-23fffffff : System RAM (kmem)\n"
	"280000000-2bfffffff : Soft Reserved\n",
};

/* --- a plain reference of the sysfs format ----------------------------- */

static size_t ref_chomp(const char *s, size_t len)
{
	return len && s[len - 1] == '\n' ? len - 1 : len;
}

static bool ref_addr(const char *s, size_t len, uint64_t *val)
{
	uint64_t v = 0;
	size_t i = 0;

	len = ref_chomp(s, len);
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == len)
		return false;
	for (; i < len; i++) {
		const char *digits = "0123456789abcdef";
		char c = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
		const char *d = c ? strchr(digits, c) : NULL;

		if (!d || v > UINT64_MAX / 16)
			return false;
		v = v * 16 + (uint64_t)(d - digits);
	}
	*val = v;
	return true;
}

/* Which field the parser must blame, or NULL when it must accept. */
static const char *ref_entry(const char *start, size_t start_len,
			     const char *end, size_t end_len,
			     const char *type, size_t type_len,
			     uint64_t *first, uint64_t *last)
{
	if (!ref_addr(start, start_len, first))
		return "start";
	if (!ref_addr(end, end_len, last) || *last < *first)
		return "end";
	type_len = ref_chomp(type, type_len);
	if (!type_len || memchr(type, '\0', type_len) || memchr(type, '\n', type_len))
		return "type";
	return NULL;
}

/* --- input splitting ---------------------------------------------------- */

/* The record starting at *pos: its length; *pos moves past its separator. */
static size_t next_record(const uint8_t *data, size_t size, size_t *pos)
{
	size_t s = *pos;

	for (size_t i = s; i + 1 < size; i++) {
		if (data[i] == '\n' && data[i + 1] == '\n') {
			*pos = i + 2;
			return i + 1 - s;
		}
	}
	*pos = size;
	return size - s;
}

static bool is_sep(uint8_t c)
{
	return c == 0x1f || c == '|';
}

/* Copy @len bytes to a buffer of exactly that size (1 byte when empty). */
static char *dup_field(const uint8_t *p, size_t len)
{
	char *s = malloc(len ? len : 1);

	if (s && len)
		memcpy(s, p, len);
	return s;
}

static void parse_record(uint32_t index, const uint8_t *rec, size_t len,
			 struct fwmap *map)
{
	size_t off[3] = { 0 }, flen[3] = { 0 }, f = 0, i;
	char *field[3];
	struct fwmap_entry out;
	struct diag err;
	const char *blame;
	uint64_t first = 0, last = 0;
	int ret;

	/* Fields 0 and 1 end at a separator; field 2 is the rest. */
	off[0] = 0;
	for (i = 0; i < len && f < 2; i++) {
		if (!is_sep(rec[i]))
			continue;
		flen[f] = i - off[f];
		off[++f] = i + 1;
	}
	flen[f] = len - off[f];
	for (f = 0; f < 3; f++) {
		field[f] = dup_field(rec + off[f], flen[f]);
		if (!field[f]) {
			while (f--)
				free(field[f]);
			return;
		}
	}

	memset(&out, 0x5a, sizeof(out));
	memset(&err, 0, sizeof(err));
	ret = fwmap_parse_entry(index, field[0], flen[0], field[1], flen[1],
				field[2], flen[2], &out, &err);
	blame = ref_entry(field[0], flen[0], field[1], flen[1], field[2], flen[2],
			  &first, &last);
	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL);
		FUZZ_ASSERT(blame && !strcmp(err.field, blame));
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof(err.msg)) && err.msg[0]);
	} else {
		size_t tlen = ref_chomp(field[2], flen[2]);
		enum memtype t;

		FUZZ_ASSERT(!blame);
		FUZZ_ASSERT(out.start < out.end || out.end == UINT64_MAX);
		FUZZ_ASSERT(out.start == first);
		FUZZ_ASSERT(out.end == (last == UINT64_MAX ? UINT64_MAX : last + 1));
		FUZZ_ASSERT(out.index == index);
		if (memtype_from_kernel_name(field[2], tlen, &t))
			FUZZ_ASSERT(out.type == t && !out.unknown_type);
		else
			FUZZ_ASSERT(out.type == MT_RESERVED && out.unknown_type);

		ret = fwmap_add(map, &out);
		if (ret)
			FUZZ_ASSERT(ret == -E2BIG && map->n == map->max);
	}
	for (f = 0; f < 3; f++)
		free(field[f]);
}

static void reconcile(const char *text, const struct fwmap *map)
{
	struct iomem_tree tree = { 0 };
	struct memmap_plan plan;
	struct diag err;
	int ret;

	ret = iomem_parse(text, strlen(text), 64, &tree, &err);
	FUZZ_ASSERT(ret == 0);
	ret = memmap_build(&tree, map, MAX_RANGES, &plan);
	if (ret) {
		FUZZ_ASSERT(ret == -E2BIG || ret == -ENOMEM);
	} else {
		FUZZ_ASSERT(plan.from_fwmap);
		fuzz_check_plan(&tree, &plan);
		memmap_plan_free(&plan);
	}
	iomem_tree_free(&tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwmap map = { .max = MAX_ENTRIES };
	size_t pos = 0, n;
	uint32_t index = 0;

	while (pos < size) {
		size_t start = pos, len = next_record(data, size, &pos);

		parse_record(index++, data + start, len, &map);
	}

	n = map.n;
	fwmap_sort(&map);
	FUZZ_ASSERT(map.n == n && n <= MAX_ENTRIES);
	for (size_t i = 1; i < map.n; i++) {
		const struct fwmap_entry *a = &map.v[i - 1], *b = &map.v[i];

		FUZZ_ASSERT(a->start < b->start ||
			    (a->start == b->start && a->index < b->index));
	}

	if (map.n)
		for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
			reconcile(trees[i], &map);
	fwmap_free(&map);
	return 0;
}
