// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the /proc/iomem parser and the reconciler behind it.
 *
 * The input is the text of a /proc/iomem.  When it parses, the tree's
 * promises are checked (parents first and containing their children), then
 * the plan is built twice, without a firmware map (rule R6) and with a small
 * fixed one (rules R4 and R5), and every plan is checked: lists normal,
 * place inside boot RAM and ordinary RAM, no place or boot RAM on
 * driver-managed or persistent memory, no dump on the crash kernel.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-check.h"
#include "fwmap.h"
#include "iomem.h"
#include "memmap.h"

#define MAX_NODES 4096
#define MAX_RANGES ((size_t)1 << 16)

/* A firmware map to reconcile against: RAM with holes and typed ranges in
 * the low addresses that short fuzzed inputs tend to use. */
static struct fwmap_entry fixed_fw[] = {
	{ 0x0, 0x9fc00, MT_RAM, 0, false },
	{ 0x9fc00, 0xa0000, MT_RESERVED, 1, false },
	{ 0xf0000, 0x100000, MT_RESERVED, 2, false },
	{ 0x100000, 0x7ff00000, MT_RAM, 3, false },
	{ 0x7ff00000, 0x80000000, MT_ACPI, 4, false },
	{ 0xfeffc000, 0xff000000, MT_RESERVED, 5, false },
	{ 0x100000000, 0x180000000, MT_RAM, 6, false },
	{ 0x180000000, 0x200000000, MT_PMEM, 7, false },
};

static void build_and_check(const struct iomem_tree *tree, const struct fwmap *fw)
{
	struct memmap_plan plan;
	int ret;

	memset(&plan, 0xa5, sizeof(plan));
	ret = memmap_build(tree, fw, MAX_RANGES, &plan);
	if (ret) {
		FUZZ_ASSERT(ret == -E2BIG || ret == -ENOMEM);
		return;
	}
	FUZZ_ASSERT(plan.from_fwmap == (fw != NULL));
	fuzz_check_plan(tree, &plan);
	memmap_plan_free(&plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct iomem_tree tree = { 0 };
	struct fwmap fw = {
		.v = fixed_fw,
		.n = sizeof(fixed_fw) / sizeof(fixed_fw[0]),
		.cap = sizeof(fixed_fw) / sizeof(fixed_fw[0]),
		.max = sizeof(fixed_fw) / sizeof(fixed_fw[0]),
	};
	struct diag err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = iomem_parse(text, size, MAX_NODES, &tree, &err);
	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ENODATA || ret == -EPERM ||
			    ret == -E2BIG || ret == -ENOMEM);
		FUZZ_ASSERT((ret == -ENODATA) == (size == 0));
		FUZZ_ASSERT(!tree.nodes && !tree.n);
		/* The message is what the user reads: a string, not empty. */
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof(err.msg)) && err.msg[0]);
		return 0;
	}
	FUZZ_ASSERT(size > 0);
	fuzz_check_tree(&tree, data, size);

	build_and_check(&tree, NULL);
	build_and_check(&tree, &fw);

	iomem_tree_free(&tree);
	return 0;
}
