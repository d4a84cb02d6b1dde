/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FUZZ_LOAD_H
#define TESTS_FUZZ_LOAD_H

/*
 * What every fuzzed load must promise, whatever the input: at most 16
 * segments, page-aligned, inside the place ranges, never overlapping, and
 * purgatory's block pointing at them with the right checksums.
 */
#include "../../purgatory/ckhash.h"
#include "fuzz-check.h"
#include "load.h"

/* A stand-in purgatory: a valid header, the block at 0x40. */
static inline const uint8_t *fuzz_purgatory(size_t *len)
{
	static uint8_t img[0x400];
	struct purgatory_header h = { PURGATORY_MAGIC, PURGATORY_VERSION, 0x40, 0x2000 };

	memcpy(img + PURGATORY_HEADER_OFFSET, &h, sizeof(h));
	*len = sizeof(img);
	return img;
}

static inline void fuzz_check_load(const struct load_plan *p, const struct range_list *place)
{
	struct purgatory_params pp;
	const struct load_segment *pg = NULL;

	FUZZ_ASSERT(p->nseg >= 2 && p->nseg <= KEXEC_SEGMENT_MAX);
	for (size_t i = 0; i < p->nseg; i++) {
		const struct load_segment *s = &p->seg[i];
		bool inside = false;

		FUZZ_ASSERT(!(s->mem & 0xfff) && !(s->memsz & 0xfff) && s->memsz >= s->bufsz);
		for (size_t k = 0; k < place->n; k++)
			inside |= s->mem >= place->v[k].start && s->mem + s->memsz <= place->v[k].end;
		FUZZ_ASSERT(inside);
		for (size_t j = 0; j < i; j++)
			FUZZ_ASSERT(s->mem >= p->seg[j].mem + p->seg[j].memsz ||
				    p->seg[j].mem >= s->mem + s->memsz);
		if (!strcmp(s->what, "purgatory"))
			pg = s;
	}
	FUZZ_ASSERT(pg && p->entry == pg->mem);
	memcpy(&pp, (const uint8_t *)pg->buf + 0x40, sizeof(pp));
	FUZZ_ASSERT(pp.magic == PURGATORY_MAGIC && pp.nr_segments == p->nseg - 1);
	for (uint32_t i = 0; i < pp.nr_segments; i++) {
		FUZZ_ASSERT(pp.seg[i].mem == p->seg[i].mem && pp.seg[i].len == p->seg[i].bufsz);
		FUZZ_ASSERT(pp.seg[i].hash == ckhash64(p->seg[i].buf, p->seg[i].bufsz, 0));
	}
}

#endif
