/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_TEXTSRC_H
#define TESTS_TEXTSRC_H

/*
 * The two memory sources from test text: a /proc/iomem text, and the
 * firmware map as "start end type" lines with inclusive ends, as sysfs
 * writes them (NULL: no firmware map at all).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fwmap.h"
#include "harness.h"
#include "iomem.h"

static inline int textsrc_parse(const char *iomem, const char *fwlines, struct iomem_tree *t,
				struct fwmap *fw)
{
	struct diag d;
	int ret;

	memset(t, 0, sizeof(*t));
	memset(fw, 0, sizeof(*fw));
	fw->max = 1 << 20;
	ret = iomem_parse(iomem, strlen(iomem), 1 << 20, t, &d);
	if (ret) {
		harness_fail(__FILE__, __LINE__, "iomem line %u: %s", d.line, d.msg);
		return ret;
	}
	for (const char *l = fwlines; l && *l;) {
		const char *eol = strchr(l, '\n');
		size_t len = eol ? (size_t)(eol - l) : strlen(l);
		char line[128], s[32], e[32], type[64];
		struct fwmap_entry ent;

		snprintf(line, sizeof(line), "%.*s", (int)len, l);
		if (sscanf(line, "%31s %31s %63[^\n]", s, e, type) != 3)
			return -EINVAL;
		ret = fwmap_parse_entry((uint32_t)fw->n, s, strlen(s), e, strlen(e), type,
					strlen(type), &ent, &d);
		if (ret || (ret = fwmap_add(fw, &ent)))
			return ret;
		l = eol ? eol + 1 : l + len;
	}
	fwmap_sort(fw);
	return 0;
}

#endif
