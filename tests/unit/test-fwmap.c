// SPDX-License-Identifier: GPL-2.0-or-later
/* The firmware memmap entry parser. */
#include <errno.h>

#include "fwmap.h"
#include "harness.h"

static int parse3(const char *s, const char *e, const char *t, struct fwmap_entry *out,
		  struct diag *d)
{
	return fwmap_parse_entry(7, s, strlen(s), e, strlen(e), t, strlen(t), out, d);
}

TEST(entry_end_is_made_exclusive_once)
{
	struct fwmap_entry e;
	struct diag d;

	CHECK_INT(parse3("0x100000\n", "0x7ffdffff\n", "System RAM\n", &e, &d), 0);
	CHECK_U64(e.start, 0x100000);
	CHECK_U64(e.end, 0x7ffe0000);
	CHECK_INT(e.type, MT_RAM);
	CHECK_INT(e.index, 7);
	CHECK(!e.unknown_type);
}

TEST(every_kernel_type_string_keeps_its_e820_type)
{
	static const struct {
		const char *name;
		uint32_t type;
	} cases[] = {
		{ "System RAM\n", 1 },
		{ "Reserved\n", 2 },
		{ "reserved\n", 2 },
		{ "ACPI Tables\n", 3 },
		{ "ACPI Non-volatile Storage\n", 4 },
		{ "Unusable memory\n", 5 },
		{ "Persistent Memory\n", 7 },
		{ "Persistent Memory (legacy)\n", 12 },
		{ "Soft Reserved\n", 0xefffffff },
		{ "Unknown E820 type\n", 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fwmap_entry e;
		struct diag d;

		CHECK_INT(parse3("0x0", "0xfff", cases[i].name, &e, &d), 0);
		CHECK_U64(e.type, cases[i].type);
		CHECK(!e.unknown_type);
	}
}

TEST(unknown_type_is_reserved_and_flagged)
{
	struct fwmap_entry e;
	struct diag d;

	CHECK_INT(parse3("0x0", "0xfff", "Vendor Magic\n", &e, &d), 0);
	CHECK_INT(e.type, MT_RESERVED);
	CHECK(e.unknown_type);
}

TEST(prefix_is_optional_and_newline_too)
{
	struct fwmap_entry e;
	struct diag d;

	CHECK_INT(parse3("1000", "1FFF", "System RAM", &e, &d), 0);
	CHECK_U64(e.start, 0x1000);
	CHECK_U64(e.end, 0x2000);
}

TEST(end_of_address_space)
{
	struct fwmap_entry e;
	struct diag d;

	CHECK_INT(parse3("0xfd00000000\n", "0xffffffffffffffff\n", "Reserved\n", &e, &d), 0);
	CHECK_U64(e.end, UINT64_MAX);
}

static void expect_error(const char *s, const char *e, const char *t, const char *field,
			 const char *words)
{
	struct fwmap_entry out = { .start = 42 };
	struct diag d = { 0 };

	CHECK_INT(parse3(s, e, t, &out, &d), -EINVAL);
	CHECK_STR(d.field, field);
	if (!strstr(d.msg, words))
		harness_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", d.msg, words);
	CHECK_U64(out.start, 42);	/* untouched on failure */
}

TEST(end_below_start_names_end)
{
	expect_error("0x2000\n", "0x1000\n", "System RAM\n", "end", "below start");
}

TEST(garbage_start)
{
	expect_error("0x10g0\n", "0x1fff\n", "System RAM\n", "start", "hex address");
}

TEST(empty_start)
{
	expect_error("", "0x1fff\n", "System RAM\n", "start", "empty");
}

TEST(bare_prefix_end)
{
	expect_error("0x0\n", "0x\n", "System RAM\n", "end", "0x");
}

TEST(overflowing_end)
{
	expect_error("0x0\n", "0x10000000000000000\n", "System RAM\n", "end", "64 bits");
}

TEST(two_newlines)
{
	expect_error("0x0\n\n", "0x1fff\n", "System RAM\n", "start", "hex address");
}

TEST(empty_type)
{
	expect_error("0x0\n", "0x1fff\n", "\n", "type", "empty");
}

TEST(multi_line_type)
{
	expect_error("0x0\n", "0x1fff\n", "System RAM\nReserved\n", "type", "one line");
}

TEST(sort_orders_by_start_not_number)
{
	struct fwmap m = { .max = 16 };
	struct fwmap_entry a = { .start = 0x100000000, .end = 0x140000000, .type = MT_RAM, .index = 0 };
	struct fwmap_entry b = { .start = 0x0, .end = 0x9fc00, .type = MT_RAM, .index = 1 };
	struct fwmap_entry c = { .start = 0x100000, .end = 0x7ffe0000, .type = MT_RAM, .index = 4 };

	CHECK_INT(fwmap_add(&m, &a), 0);
	CHECK_INT(fwmap_add(&m, &b), 0);
	CHECK_INT(fwmap_add(&m, &c), 0);
	fwmap_sort(&m);
	CHECK_INT(m.v[0].index, 1);
	CHECK_INT(m.v[1].index, 4);
	CHECK_INT(m.v[2].index, 0);
	fwmap_free(&m);
}

TEST(entry_limit_fails_loudly)
{
	struct fwmap m = { .max = 2 };
	struct fwmap_entry e = { .start = 0, .end = 0x1000, .type = MT_RAM };

	CHECK_INT(fwmap_add(&m, &e), 0);
	CHECK_INT(fwmap_add(&m, &e), 0);
	CHECK_INT(fwmap_add(&m, &e), -E2BIG);
	CHECK_INT(m.n, 2);
	fwmap_free(&m);
}
