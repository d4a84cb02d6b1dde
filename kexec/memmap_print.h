/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_MEMMAP_PRINT_H
#define KEXEC_MEMMAP_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "fwmap.h"
#include "iomem.h"
#include "memmap.h"

enum memmap_format {
	MEMMAP_FMT_TABLE,	/* for people, with the reason for each decision */
	MEMMAP_FMT_E820,	/* the kernel's BIOS-e820 line style */
	MEMMAP_FMT_JSON,	/* for scripts; the shape is a stable interface */
};

struct memmap_view {
	const struct memmap_plan *plan;
	const struct iomem_tree *iomem;
	const struct fwmap *fw;		/* NULL when there was none */
	bool explain;			/* table: also every node's classification */
};

/**
 * memmap_print - write a plan in one of the formats
 * @f: the stream
 * @v: the plan and the sources it names
 * @fmt: the format
 *
 * Stream errors are left for the caller to find with ferror().
 */
void memmap_print(FILE *f, const struct memmap_view *v, enum memmap_format fmt);

/** memmap_conflict_resolution - the words for how a conflict was resolved */
void memmap_conflict_resolution(const struct memmap_conflict *c, char *buf, size_t size);

/** memmap_drop_reason - the words for why a range was dropped */
void memmap_drop_reason(const struct memmap_drop *d, char *buf, size_t size);

#endif
