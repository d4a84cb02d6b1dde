// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../purgatory/ckhash.h"
#include "load.h"

void load_plan_free(struct load_plan *p)
{
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	range_list_free(&p->crash.map);
	memset(p, 0, sizeof(*p));
}

int load_check_purgatory(const void *img, size_t len, struct purgatory_header *h,
			 struct diag *err)
{
	err->line = 0;
	snprintf(err->field, sizeof(err->field), "purgatory");
	if (len < PURGATORY_HEADER_OFFSET + sizeof(*h)) {
		snprintf(err->msg, sizeof(err->msg), "image of %zu bytes has no header", len);
		return -EINVAL;
	}
	memcpy(h, (const uint8_t *)img + PURGATORY_HEADER_OFFSET, sizeof(*h));
	if (h->magic != PURGATORY_MAGIC || h->version != PURGATORY_VERSION) {
		snprintf(err->msg, sizeof(err->msg),
			 "header magic 0x%x version %u, expected 0x%x version %u",
			 h->magic, h->version, PURGATORY_MAGIC, PURGATORY_VERSION);
		return -EINVAL;
	}
	if (h->params_offset + sizeof(struct purgatory_params) > len || h->memsz < len) {
		snprintf(err->msg, sizeof(err->msg), "parameter block outside the image");
		return -EINVAL;
	}
	return 0;
}

void load_add_segment(struct load_plan *p, const char *what, const void *buf, size_t bufsz,
		      uint64_t mem, uint64_t memsz, uint64_t file_off, bool from_file)
{
	p->seg[p->nseg++] = (struct load_segment){
		.what = what, .buf = buf, .bufsz = bufsz, .mem = mem,
		.memsz = (memsz + SEG_PAGE - 1) & ~(SEG_PAGE - 1),
		.file_off = file_off, .from_file = from_file,
	};
}

void load_seal_purgatory(struct load_plan *p, uint8_t *purg, size_t purg_len,
			 const struct purgatory_header *h, uint64_t mem,
			 const struct purgatory_params *pp)
{
	struct purgatory_params *q = &p->pparams;

	*q = *pp;
	q->magic = PURGATORY_MAGIC;
	q->version = PURGATORY_VERSION;
	q->reserved = 0;
	memset(q->seg, 0, sizeof(q->seg));
	for (size_t i = 0; i < p->nseg; i++) {
		q->seg[i].mem = p->seg[i].mem;
		q->seg[i].len = p->seg[i].bufsz;
		q->seg[i].hash = q->flags & PURGATORY_F_NO_CHECKS ? 0 :
				 ckhash64(p->seg[i].buf, p->seg[i].bufsz, 0);
	}
	q->nr_segments = (uint32_t)p->nseg;
	memcpy(purg + h->params_offset, q, sizeof(*q));
	load_add_segment(p, "purgatory", purg, purg_len, mem, h->memsz, 0, false);
	p->entry = mem;
}
