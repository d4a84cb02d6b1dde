/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_IOMEM_H
#define KEXEC_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * /proc/iomem as a tree.  Nodes are kept in file order, which is a
 * depth-first walk, so every parent comes before its children.
 */
struct iomem_node {
	uint64_t start;		/* first byte */
	uint64_t end;		/* one past the last byte */
	const char *name;	/* into the parsed buffer; not NUL-terminated */
	uint32_t name_len;
	int32_t parent;		/* index of the parent node, -1 at top level */
	uint32_t depth;		/* 0 at top level */
	uint32_t line;		/* 1-based line in the file */
};

struct iomem_tree {
	struct iomem_node *nodes;
	size_t n;
	size_t cap;
};

/* kernel/resource.c: r_show() indents two spaces a level and stops
 * indenting deeper than this. */
#define IOMEM_MAX_INDENT_LEVEL 5

/**
 * iomem_parse - build the tree of a /proc/iomem text
 * @buf: the text; node names point into it, so keep it while @tree lives
 * @len: its length
 * @max_nodes: the most lines accepted
 * @tree: filled on success, left empty on failure
 * @err: on failure, the line and what was expected there
 *
 * Nesting comes from address containment, with the indentation as a check:
 * below IOMEM_MAX_INDENT_LEVEL it must match the depth exactly, at or past
 * it the node's depth is found by containment.  Each line is split at the
 * first " : " only; names may hold colons.  Inclusive ends become exclusive
 * here; an inclusive end of 2^64-1 is stored as 2^64-1 (the top byte of the
 * address space is never memory).
 *
 * Returns 0, or:
 * -EINVAL a malformed line (bad address, end below start, bad indentation,
 *         a child outside its parent, siblings out of order or overlapping);
 * -ENODATA the text holds no line at all;
 * -EPERM every address is zero, as an unprivileged reader sees;
 * -E2BIG more than @max_nodes lines;
 * -ENOMEM.
 */
int iomem_parse(const char *buf, size_t len, size_t max_nodes,
		struct iomem_tree *tree, struct diag *err);

/** iomem_tree_free - release a tree from iomem_parse() */
void iomem_tree_free(struct iomem_tree *tree);

/** iomem_name_is - does the node's name equal @s exactly? */
bool iomem_name_is(const struct iomem_node *node, const char *s);

/** iomem_name_has_prefix - does the node's name start with @s? */
bool iomem_name_has_prefix(const struct iomem_node *node, const char *s);

#endif
