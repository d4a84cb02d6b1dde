// SPDX-License-Identifier: GPL-2.0-or-later
/* The /proc/iomem parser: tree by containment, one range convention, and
 * one clear error per kind of bad line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "iomem.h"

static int parse(const char *text, struct iomem_tree *t, struct diag *d)
{
	return iomem_parse(text, strlen(text), 1 << 20, t, d);
}

static bool name_is(const struct iomem_tree *t, size_t i, const char *s)
{
	return i < t->n && iomem_name_is(&t->nodes[i], s);
}

TEST(builds_tree_with_parents_and_depths)
{
	const char *text =
		"00000000-00000fff : Reserved\n"
		"00100000-7ffdefff : System RAM\n"
		"  37a00000-38801d31 : Kernel code\n"
		"  39d10000-3adfffff : Kernel bss\n"
		"100000000-13fffffff : Persistent Memory\n"
		"  108000000-13fffffff : dax0.0\n"
		"    108000000-13fffffff : System RAM (kmem)\n";
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse(text, &t, &d), 0);
	CHECK_INT(t.n, 7);
	CHECK_INT(t.nodes[0].parent, -1);
	CHECK_INT(t.nodes[2].parent, 1);
	CHECK_INT(t.nodes[3].parent, 1);
	CHECK_INT(t.nodes[4].parent, -1);
	CHECK_INT(t.nodes[6].parent, 5);
	CHECK_INT(t.nodes[6].depth, 2);
	CHECK_INT(t.nodes[6].line, 7);
	CHECK(name_is(&t, 6, "System RAM (kmem)"));
	iomem_tree_free(&t);
}

TEST(inclusive_end_becomes_exclusive)
{
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse("00100000-7ffdefff : System RAM\n", &t, &d), 0);
	CHECK_U64(t.nodes[0].start, 0x100000);
	CHECK_U64(t.nodes[0].end, 0x7ffdf000);
	iomem_tree_free(&t);
}

TEST(top_of_address_space_is_clamped)
{
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse("fd00000000-ffffffffffffffff : PCI Bus 0000:00\n", &t, &d), 0);
	CHECK_U64(t.nodes[0].end, UINT64_MAX);
	iomem_tree_free(&t);
}

TEST(name_split_at_first_separator_only)
{
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse("fe000000-fe003fff : 0000:00:04.0 : odd : name\n", &t, &d), 0);
	CHECK(name_is(&t, 0, "0000:00:04.0 : odd : name"));
	iomem_tree_free(&t);
}

TEST(last_line_without_newline)
{
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse("00001000-0009fbff : System RAM", &t, &d), 0);
	CHECK_INT(t.n, 1);
	CHECK(name_is(&t, 0, "System RAM"));
	iomem_tree_free(&t);
}

/* kernel/resource.c stops indenting at five levels: deeper nodes are printed
 * with ten spaces and only containment tells their depth. */
TEST(depth_past_indentation_cap_comes_from_containment)
{
	const char *text =
		"100000000-1ffffffff : CXL Window 0\n"
		"  100000000-1ffffffff : region0\n"
		"    100000000-1ffffffff : dax_region0\n"
		"      100000000-1ffffffff : hmem.0\n"
		"        100000000-1ffffffff : Soft Reserved\n"
		"          100000000-17fffffff : dax0.0\n"
		"          100000000-13fffffff : System RAM (kmem)\n"
		"          140000000-17fffffff : System RAM (kmem)\n"
		"          180000000-1ffffffff : dax0.1\n"
		"          180000000-1ffffffff : System RAM\n";
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(parse(text, &t, &d), 0);
	CHECK_INT(t.n, 10);
	CHECK_INT(t.nodes[5].depth, 5);
	CHECK_INT(t.nodes[6].parent, 5);
	CHECK_INT(t.nodes[6].depth, 6);
	CHECK_INT(t.nodes[7].parent, 5);
	CHECK_INT(t.nodes[8].parent, 4);	/* a sibling of dax0.0, not its child */
	CHECK_INT(t.nodes[8].depth, 5);
	CHECK_INT(t.nodes[9].parent, 8);
	iomem_tree_free(&t);
}

static void expect_error(const char *text, int err, unsigned line, const char *words)
{
	struct iomem_tree t = { 0 };
	struct diag d = { 0 };
	int ret = parse(text, &t, &d);

	CHECK_INT(ret, err);
	CHECK_INT(d.line, line);
	if (!strstr(d.msg, words))
		harness_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", d.msg, words);
	CHECK(t.n == 0 && t.nodes == NULL);
}

TEST(zeroed_addresses_are_refused)
{
	/* What a reader without CAP_SYS_ADMIN sees: zeros that even overlap. */
	expect_error("00000000-00000000 : Reserved\n"
		     "00000000-00000000 : System RAM\n"
		     "  00000000-00000000 : Kernel code\n"
		     "00000000-00000000 : PCI Bus 0000:00\n",
		     -EPERM, 0, "CAP_SYS_ADMIN");
}

TEST(zeroes_before_a_real_address_are_an_overlap)
{
	expect_error("00000000-00000000 : Reserved\n"
		     "00000000-00000000 : System RAM\n"
		     "00100000-001fffff : System RAM\n",
		     -EINVAL, 2, "sibling on line 1");
}

TEST(truncated_line)
{
	expect_error("00000000-00000fff : Reserved\n00100000-7ff", -EINVAL, 2, "' : '");
}

TEST(missing_end_address)
{
	expect_error("00100000- : System RAM\n", -EINVAL, 1, "hex end address");
}

TEST(missing_start_address)
{
	expect_error("System RAM\n", -EINVAL, 1, "hex start address");
}

TEST(end_below_start)
{
	expect_error("00200000-000fffff : System RAM\n", -EINVAL, 1, "is below start");
}

TEST(address_wider_than_64_bits)
{
	expect_error("10000000000000000-10000000000000fff : System RAM\n", -EINVAL, 1,
		     "64 bits");
}

TEST(odd_indentation)
{
	expect_error("00100000-7fffffff : System RAM\n   00200000-002fffff : Kernel code\n",
		     -EINVAL, 2, "even number");
}

TEST(indentation_without_parent)
{
	expect_error("00100000-7fffffff : System RAM\n    00200000-002fffff : Kernel code\n",
		     -EINVAL, 2, "no parent line");
}

TEST(child_outside_parent)
{
	expect_error("00100000-001fffff : System RAM\n  00200000-002fffff : Kernel code\n",
		     -EINVAL, 2, "not inside its parent on line 1");
}

TEST(overlapping_siblings)
{
	expect_error("00100000-001fffff : System RAM\n00180000-002fffff : Reserved\n",
		     -EINVAL, 2, "sibling on line 1");
}

TEST(unsorted_siblings)
{
	expect_error("00200000-002fffff : System RAM\n00100000-001fffff : Reserved\n",
		     -EINVAL, 2, "sibling on line 1");
}

TEST(empty_line)
{
	expect_error("00100000-001fffff : System RAM\n\n00200000-002fffff : Reserved\n",
		     -EINVAL, 2, "empty line");
}

TEST(nul_byte)
{
	static const char text[] = "00100000-001fffff : System\0RAM\n";
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(iomem_parse(text, sizeof(text) - 1, 100, &t, &d), -EINVAL);
	CHECK_INT(d.line, 1);
	CHECK(strstr(d.msg, "NUL") != NULL);
}

TEST(empty_text)
{
	expect_error("", -ENODATA, 0, "no lines");
}

TEST(line_limit_fails_loudly)
{
	const char *text = "00000000-00000fff : a\n00001000-00001fff : b\n00002000-00002fff : c\n";
	struct iomem_tree t;
	struct diag d;

	CHECK_INT(iomem_parse(text, strlen(text), 2, &t, &d), -E2BIG);
	CHECK_INT(d.line, 3);
	CHECK_INT(iomem_parse(text, strlen(text), 3, &t, &d), 0);
	iomem_tree_free(&t);
}

TEST(two_hundred_thousand_lines)
{
	size_t n = 200000, cap = n * 64, len = 0;
	char *text = malloc(cap);
	struct iomem_tree t;
	struct diag d;

	CHECK(text != NULL);
	if (!text)
		return;
	/* 100,000 RAM blocks of 1 MiB, each with one nested reservation. */
	for (size_t i = 0; i < n / 2; i++) {
		uint64_t base = (uint64_t)i << 20;

		len += (size_t)snprintf(text + len, cap - len, "%08" PRIx64 "-%08" PRIx64
					" : System RAM\n  %08" PRIx64 "-%08" PRIx64 " : reserved\n",
					base, base + 0xfffff, base + 0x1000, base + 0x1fff);
	}
	CHECK_INT(iomem_parse(text, len, n, &t, &d), 0);
	CHECK_INT(t.n, n);
	CHECK_INT(t.nodes[n - 1].parent, (int)(n - 2));
	CHECK_U64(t.nodes[n - 2].end, (uint64_t)(n / 2) << 20);
	iomem_tree_free(&t);
	free(text);
}
