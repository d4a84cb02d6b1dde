// SPDX-License-Identifier: GPL-2.0-or-later
/* The /proc/iomem parser: text in, tree out. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomem.h"
#include "vec.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse hex digits at *p.  Returns 1 on success, 0 when there is no digit,
 * -1 when the value does not fit 64 bits. */
static int parse_hex(const char **p, const char *lim, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	while (s < lim && (d = hexval(*s)) >= 0) {
		if (v >> 60)
			return -1;
		v = v << 4 | (uint64_t)d;
		s++;
	}
	if (s == *p)
		return 0;
	*p = s;
	*val = v;
	return 1;
}

struct frame {
	int32_t node;		/* -1 for the root */
	uint64_t last_end;	/* end of the last child seen, 0 if none */
	int has_child;
	uint32_t last_line;
};

static int push_node(struct iomem_tree *t, size_t max_nodes,
		     const struct iomem_node *node)
{
	int ret = vec_reserve((void **)&t->nodes, &t->cap, t->n, sizeof(*t->nodes),
			      max_nodes);

	if (ret)
		return ret;
	t->nodes[t->n++] = *node;
	return 0;
}

static bool contains(const struct iomem_node *outer, const struct iomem_node *inner)
{
	return inner->start >= outer->start && inner->end <= outer->end;
}

int iomem_parse(const char *buf, size_t len, size_t max_nodes,
		struct iomem_tree *tree, struct diag *err)
{
	struct iomem_tree t = { 0 };
	struct frame *stack = NULL;	/* stack[0] is the root */
	size_t depth_n = 1, stack_cap = 0;	/* frames in use */
	const char *p = buf, *end = buf + len;
	unsigned line = 0;
	struct diag deferred = { 0 };
	bool nonzero = false;
	int ret;

	ret = vec_reserve((void **)&stack, &stack_cap, 0, sizeof(*stack), SIZE_MAX);
	if (ret)
		return ret;
	stack[0] = (struct frame){ .node = -1 };

	while (p < end) {
		const char *ls = p;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *lim = eol ? eol : end;
		const char *s = ls;
		struct iomem_node node = { 0 };
		struct frame *parent;
		uint64_t first = 0, last = 0;
		size_t level;
		int n;

		p = eol ? eol + 1 : end;
		line++;

		if (memchr(ls, '\0', (size_t)(lim - ls))) {
			ret = diag_set(err, -EINVAL, line, "", "NUL byte in the line, expected text");
			goto out;
		}
		while (s < lim && *s == ' ')
			s++;
		if (s == lim) {
			ret = diag_set(err, -EINVAL, line, "", "empty line, expected 'start-end : name'");
			goto out;
		}
		if ((s - ls) % 2) {
			ret = diag_set(err, -EINVAL, line, "", "indented by %zu spaces, expected an even number",
				   (size_t)(s - ls));
			goto out;
		}
		level = (size_t)(s - ls) / 2;

		n = parse_hex(&s, lim, &first);
		if (n <= 0) {
			ret = diag_set(err, -EINVAL, line, "", n ? "start address does not fit in 64 bits"
						: "expected a hex start address");
			goto out;
		}
		if (s == lim || *s != '-') {
			ret = diag_set(err, -EINVAL, line, "", "expected '-' after the start address");
			goto out;
		}
		s++;
		n = parse_hex(&s, lim, &last);
		if (n <= 0) {
			ret = diag_set(err, -EINVAL, line, "", n ? "end address does not fit in 64 bits"
						: "expected a hex end address after '-'");
			goto out;
		}
		if (lim - s < 3 || memcmp(s, " : ", 3) != 0) {
			ret = diag_set(err, -EINVAL, line, "", "expected ' : ' after the end address");
			goto out;
		}
		s += 3;
		if (last < first) {
			ret = diag_set(err, -EINVAL, line, "", "end 0x%" PRIx64 " is below start 0x%" PRIx64,
				   last, first);
			goto out;
		}
		if ((size_t)(lim - s) > UINT32_MAX) {
			ret = diag_set(err, -EINVAL, line, "", "name too long");
			goto out;
		}
		if (first || last) {
			nonzero = true;
			if (deferred.msg[0]) {
				*err = deferred;
				ret = -EINVAL;
				goto out;
			}
		}

		node.start = first;
		node.end = last == UINT64_MAX ? UINT64_MAX : last + 1;
		node.name = s;
		node.name_len = (uint32_t)(lim - s);
		node.line = line;

		if (level + 1 > depth_n) {
			ret = diag_set(err, -EINVAL, line, "", "indented to level %zu, expected at most %zu (no parent line)",
				   level, depth_n - 1);
			goto out;
		}
		depth_n = level < IOMEM_MAX_INDENT_LEVEL ? level + 1 : depth_n;
		/* At the kernel's indentation cap, depth comes from containment. */
		while (depth_n > level + 1 &&
		       !contains(&t.nodes[stack[depth_n - 1].node], &node))
			depth_n--;
		ret = 0;
		parent = &stack[depth_n - 1];
		if (parent->node >= 0 && !contains(&t.nodes[parent->node], &node))
			ret = diag_set(err, -EINVAL, line, "", "range is not inside its parent on line %u",
				   t.nodes[parent->node].line);
		else if (parent->has_child && node.start < parent->last_end)
			ret = diag_set(err, -EINVAL, line, "", "range overlaps or comes before its sibling on line %u",
				   parent->last_line);
		if (ret) {
			/* An unprivileged reader sees all zeros, which overlap;
			 * say that, not the overlap, unless a real address follows. */
			if (nonzero)
				goto out;
			if (!deferred.msg[0])
				deferred = *err;
			ret = 0;
		}
		parent->has_child = 1;
		parent->last_end = node.end;
		parent->last_line = line;
		node.parent = parent->node;
		node.depth = (uint32_t)(depth_n - 1);

		ret = push_node(&t, max_nodes, &node);
		if (ret) {
			if (ret == -E2BIG)
				diag_set(err, -EINVAL, line, "", "more than %zu lines, the limit", max_nodes);
			goto out;
		}
		ret = vec_reserve((void **)&stack, &stack_cap, depth_n, sizeof(*stack), SIZE_MAX);
		if (ret)
			goto out;
		stack[depth_n++] = (struct frame){ .node = (int32_t)(t.n - 1) };
	}

	ret = 0;
	if (!t.n) {
		ret = diag_set(err, -ENODATA, 0, "", "no lines, expected 'start-end : name' lines");
	} else if (!nonzero) {
		ret = diag_set(err, -EPERM, 0, "",
			       "every address reads as zero: reading it needs CAP_SYS_ADMIN (run as root)");
	}
out:
	free(stack);
	if (ret)
		iomem_tree_free(&t);
	else
		*tree = t;
	return ret;
}

void iomem_tree_free(struct iomem_tree *tree)
{
	free(tree->nodes);
	tree->nodes = NULL;
	tree->n = tree->cap = 0;
}

bool iomem_name_is(const struct iomem_node *node, const char *s)
{
	size_t l = strlen(s);

	return node->name_len == l && memcmp(node->name, s, l) == 0;
}

bool iomem_name_has_prefix(const struct iomem_node *node, const char *s)
{
	size_t l = strlen(s);

	return node->name_len >= l && memcmp(node->name, s, l) == 0;
}
