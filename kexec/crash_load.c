// SPDX-License-Identifier: GPL-2.0-or-later
/* The steps every architecture's kdump load shares; see crash_load.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash_load.h"
#include "seg.h"

int crash_header_prepare(const struct crash_plan *cp, const struct elfcore_in *core,
			 const struct range_list *place, struct crash_header *h,
			 struct diag *err)
{
	struct elfcore_in in = *core;
	struct seg_req req;
	size_t failed = 0;
	int ret;

	memset(h, 0, sizeof(*h));
	if (!in.dump)
		in.dump = &cp->dump;
	h->phnum = elfcore_phnum(&in);
	ret = elfcore_size(&in, &h->len);
	if (ret == -E2BIG)
		return diag_set(err, ret, 0, "elfcorehdr",
				"%" PRIu64 " program headers, more than a capture kernel reads"
				" (%u)", h->phnum, ELFCORE_MAX_PHDRS);
	if (ret)
		return diag_set(err, ret, 0, "elfcorehdr",
				"cannot describe the dump: bad notes or ranges");
	h->buf = calloc(1, h->len);
	if (!h->buf)
		return diag_set(err, -ENOMEM, 0, "memory", "out of memory");
	ret = elfcore_fill(&in, h->buf, h->len);
	if (ret) {
		crash_header_free(h);
		return diag_set(err, ret, 0, "elfcorehdr", "cannot build the ELF core header");
	}

	req = (struct seg_req){
		.what = "elfcorehdr", .memsz = h->len, .align = SEG_PAGE, .max = UINT64_MAX,
		.top_down = true,
	};
	ret = seg_place(place, &req, 1, &failed);
	if (ret) {
		crash_header_free(h);
		return diag_set(err, ret, 0, "elfcorehdr",
				"no room for the ELF core header (0x%zx bytes) in the reservation",
				h->len);
	}
	h->mem = req.mem;
	ret = range_list_add(&h->keep, h->mem, h->mem + ((h->len + SEG_PAGE - 1) & ~(SEG_PAGE - 1)),
			     0, 0);
	if (!ret)
		ret = range_subtract(&h->rest, place, &h->keep);
	if (ret) {
		crash_header_free(h);
		return diag_set(err, ret, 0, "memory", "%s", strerror(-ret));
	}
	return 0;
}

int crash_header_commit(const struct crash_plan *cp, struct crash_header *h,
			struct load_plan *p, struct diag *err)
{
	if (p->nseg >= KEXEC_SEGMENT_MAX || p->nowned >= sizeof(p->owned) / sizeof(p->owned[0]))
		return diag_set(err, -EINVAL, 0, "segments",
				"no slot left for the ELF core header");
	p->owned[p->nowned++] = h->buf;
	load_add_segment(p, "elfcorehdr", h->buf, h->len, h->mem, h->len, 0, false);
	h->buf = NULL;
	for (size_t i = 0; i < p->nseg; i++)
		if (!crash_inside(cp, p->seg[i].mem, p->seg[i].mem + p->seg[i].memsz))
			return diag_set(err, -EINVAL, 0, p->seg[i].what,
					"the %s at 0x%" PRIx64 " is outside the crash reservation",
					p->seg[i].what, p->seg[i].mem);
	if (!crash_inside(cp, p->entry, p->entry))
		return diag_set(err, -EINVAL, 0, "purgatory",
				"the entry 0x%" PRIx64 " is outside the crash reservation",
				p->entry);
	return 0;
}

void crash_header_free(struct crash_header *h)
{
	free(h->buf);
	h->buf = NULL;
	range_list_free(&h->keep);
	range_list_free(&h->rest);
}
