// SPDX-License-Identifier: GPL-2.0-or-later
/* Range algebra over half-open [start, end) ranges. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"
#include "vec.h"

static size_t list_max(const struct range_list *l)
{
	return l->max ? l->max : RANGE_LIST_DEFAULT_MAX;
}

int range_list_push(struct range_list *l, const struct range *r)
{
	int ret;

	if (r->end <= r->start)
		return 0;
	ret = vec_reserve((void **)&l->v, &l->cap, l->n, sizeof(*l->v), list_max(l));
	if (ret)
		return ret;
	l->v[l->n++] = *r;
	return 0;
}

int range_list_add_src(struct range_list *l, uint64_t start, uint64_t end,
		       uint32_t type, uint16_t rules, uint16_t prio, int32_t src)
{
	struct range r = {
		.start = start, .end = end, .type = type,
		.rules = rules, .prio = prio, .src = src,
	};

	return range_list_push(l, &r);
}

int range_list_add(struct range_list *l, uint64_t start, uint64_t end,
		   uint32_t type, uint16_t rules)
{
	return range_list_add_src(l, start, end, type, rules, 0, -1);
}

void range_list_free(struct range_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int cmp_range(const void *pa, const void *pb)
{
	const struct range *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

void range_list_sort(struct range_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_range);
}

void range_list_union(struct range_list *l)
{
	size_t w = 0;

	range_list_sort(l);
	for (size_t i = 0; i < l->n; i++) {
		if (w && l->v[i].start <= l->v[w - 1].end) {
			if (l->v[i].end > l->v[w - 1].end)
				l->v[w - 1].end = l->v[i].end;
			l->v[w - 1].rules |= l->v[i].rules;
			continue;
		}
		l->v[w++] = l->v[i];
	}
	l->n = w;
}

void range_list_merge_adjacent(struct range_list *l)
{
	size_t w = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (w && l->v[i].start == l->v[w - 1].end &&
		    l->v[i].type == l->v[w - 1].type) {
			l->v[w - 1].end = l->v[i].end;
			l->v[w - 1].rules |= l->v[i].rules;
			continue;
		}
		l->v[w++] = l->v[i];
	}
	l->n = w;
}

/* One walk serves both set operations: keep the pieces of each range of
 * @a that are inside @b (keep_inside) or outside it. */
static int clip(struct range_list *out, const struct range_list *a,
		const struct range_list *b, bool keep_inside)
{
	size_t j = 0;
	int ret;

	out->n = 0;
	for (size_t i = 0; i < a->n; i++) {
		struct range piece = a->v[i];
		uint64_t pos = piece.start;

		/* Ranges of b that end at or before this one starts are done with. */
		while (j < b->n && b->v[j].end <= pos)
			j++;
		for (size_t k = j; k < b->n && b->v[k].start < a->v[i].end; k++) {
			uint64_t bs = b->v[k].start > pos ? b->v[k].start : pos;
			uint64_t be = b->v[k].end < a->v[i].end ? b->v[k].end : a->v[i].end;

			if (keep_inside) {
				piece.start = bs;
				piece.end = be;
			} else {
				piece.start = pos;
				piece.end = bs;
			}
			ret = range_list_push(out, &piece);
			if (ret)
				return ret;
			pos = be;
		}
		if (!keep_inside) {
			piece.start = pos;
			piece.end = a->v[i].end;
			ret = range_list_push(out, &piece);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int range_subtract(struct range_list *out, const struct range_list *a,
		   const struct range_list *b)
{
	return clip(out, a, b, false);
}

int range_intersect(struct range_list *out, const struct range_list *a,
		    const struct range_list *b)
{
	return clip(out, a, b, true);
}

/* --- painting ---------------------------------------------------------- */

struct paint_event {
	uint64_t pos;
	size_t idx;		/* index into the input list */
	bool open;
};

static int cmp_event(const void *pa, const void *pb)
{
	const struct paint_event *a = pa, *b = pb;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return 0;
}

struct paint_heap {
	size_t *v;
	size_t n;
	const struct range *in;
};

/* Does input range x beat input range y? */
static bool beats(const struct range *in, size_t x, size_t y)
{
	if (in[x].prio != in[y].prio)
		return in[x].prio > in[y].prio;
	return x > y;
}

static void heap_push(struct paint_heap *h, size_t idx)
{
	size_t i = h->n++;

	h->v[i] = idx;
	while (i && beats(h->in, h->v[i], h->v[(i - 1) / 2])) {
		size_t p = (i - 1) / 2, t = h->v[p];

		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static void heap_pop(struct paint_heap *h)
{
	size_t i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i, t;

		if (l < h->n && beats(h->in, h->v[l], h->v[best]))
			best = l;
		if (r < h->n && beats(h->in, h->v[r], h->v[best]))
			best = r;
		if (best == i)
			break;
		t = h->v[best];
		h->v[best] = h->v[i];
		h->v[i] = t;
		i = best;
	}
}

int range_paint(struct range_list *out, const struct range_list *in)
{
	struct paint_event *ev = NULL;
	struct paint_heap h = { .in = in->v };
	bool *closed = NULL;
	size_t nev = 0;
	int ret = -ENOMEM;

	out->n = 0;
	if (!in->n)
		return 0;
	ev = malloc(2 * in->n * sizeof(*ev));
	h.v = malloc(in->n * sizeof(*h.v));
	closed = calloc(in->n, sizeof(*closed));
	if (!ev || !h.v || !closed)
		goto out;

	for (size_t i = 0; i < in->n; i++) {
		if (in->v[i].end <= in->v[i].start)
			continue;
		ev[nev++] = (struct paint_event){ in->v[i].start, i, true };
		ev[nev++] = (struct paint_event){ in->v[i].end, i, false };
	}
	qsort(ev, nev, sizeof(*ev), cmp_event);

	ret = 0;
	for (size_t e = 0; e < nev;) {
		uint64_t pos = ev[e].pos;

		for (; e < nev && ev[e].pos == pos; e++) {
			if (ev[e].open)
				heap_push(&h, ev[e].idx);
			else
				closed[ev[e].idx] = true;
		}
		while (h.n && closed[h.v[0]])
			heap_pop(&h);
		if (h.n && e < nev) {
			struct range piece = in->v[h.v[0]];

			piece.start = pos;
			piece.end = ev[e].pos;
			piece.prio = 0;
			/* Equal rules too: a merge must not drop the rules of
			 * the range that won the later piece. */
			if (out->n && out->v[out->n - 1].end == pos &&
			    out->v[out->n - 1].src == piece.src &&
			    out->v[out->n - 1].type == piece.type &&
			    out->v[out->n - 1].rules == piece.rules) {
				out->v[out->n - 1].end = piece.end;
				continue;
			}
			ret = range_list_push(out, &piece);
			if (ret)
				goto out;
		}
	}
out:
	free(ev);
	free(h.v);
	free(closed);
	return ret;
}

int range_overlaps(const struct range_list *a, const struct range_list *b,
		   int (*fn)(void *ctx, const struct range *ra,
			     const struct range *rb, uint64_t start, uint64_t end),
		   void *ctx)
{
	size_t j = 0;

	for (size_t i = 0; i < a->n; i++) {
		while (j < b->n && b->v[j].end <= a->v[i].start)
			j++;
		for (size_t k = j; k < b->n && b->v[k].start < a->v[i].end; k++) {
			uint64_t s = a->v[i].start > b->v[k].start ? a->v[i].start : b->v[k].start;
			uint64_t e = a->v[i].end < b->v[k].end ? a->v[i].end : b->v[k].end;
			int ret = fn(ctx, &a->v[i], &b->v[k], s, e);

			if (ret)
				return ret;
		}
	}
	return 0;
}

uint64_t range_list_bytes(const struct range_list *l)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < l->n; i++) {
		uint64_t len = l->v[i].end - l->v[i].start;

		if (sum > UINT64_MAX - len)
			return UINT64_MAX;
		sum += len;
	}
	return sum;
}
