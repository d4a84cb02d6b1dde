// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checks purgatory makes before it starts the new kernel.  See
 * verify.h.  Freestanding: no libc, so the little formatting needed is
 * done here.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ckhash.h"
#include "params.h"
#include "verify.h"

#define PREFIX "kexec-ng purgatory: "

static void put_str(const struct purgatory_out *out, const char *s)
{
	if (!out || !out->putc)
		return;
	while (*s)
		out->putc(out->ctx, *s++);
}

/* Hex with a 0x prefix and no leading zeros. */
static void put_hex(const struct purgatory_out *out, uint64_t v)
{
	char buf[2 + 16 + 1];
	char *s = buf + sizeof(buf) - 1;

	*s = '\0';
	do {
		*--s = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	*--s = 'x';
	*--s = '0';
	put_str(out, s);
}

static void put_dec(const struct purgatory_out *out, uint64_t v)
{
	char buf[20 + 1];
	char *s = buf + sizeof(buf) - 1;

	*s = '\0';
	do {
		*--s = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(out, s);
}

/* "kexec-ng purgatory: parameter block WHAT GOT, LIMIT WANT\n" */
static void report_params(const struct purgatory_out *out, const char *what,
			  uint64_t got, const char *limit, uint64_t want, bool hex)
{
	void (*put_num)(const struct purgatory_out *, uint64_t) = hex ? put_hex : put_dec;

	put_str(out, PREFIX "parameter block ");
	put_str(out, what);
	put_num(out, got);
	put_str(out, ", ");
	put_str(out, limit);
	put_str(out, " ");
	put_num(out, want);
	put_str(out, "\n");
}

static bool params_ok(const struct purgatory_params *p, const struct purgatory_out *out)
{
	if (p->magic != PURGATORY_MAGIC) {
		report_params(out, "not filled in: magic ", p->magic, "expected",
			      PURGATORY_MAGIC, true);
		return false;
	}
	if (p->version != PURGATORY_VERSION) {
		report_params(out, "version ", p->version, "expected", PURGATORY_VERSION, false);
		return false;
	}
	if (p->nr_segments > PURGATORY_MAX_SEGMENTS) {
		report_params(out, "segment count ", p->nr_segments, "at most",
			      PURGATORY_MAX_SEGMENTS, false);
		return false;
	}
	return true;
}

unsigned int purgatory_verify(const struct purgatory_params *p,
			      const struct purgatory_out *out)
{
	unsigned int bad = 0;

	if (!params_ok(p, out))
		return 1;
	if (p->flags & PURGATORY_F_NO_CHECKS)
		return 0;

	for (uint32_t i = 0; i < p->nr_segments; i++) {
		const struct purgatory_segment *s = &p->seg[i];
		const void *mem = (const void *)(uintptr_t)s->mem;

		if (ckhash64(mem, (size_t)s->len, 0) == s->hash)
			continue;
		put_str(out, PREFIX "segment ");
		put_dec(out, i);
		put_str(out, " at ");
		put_hex(out, s->mem);
		put_str(out, " (");
		put_hex(out, s->len);
		put_str(out, " bytes) checksum mismatch\n");
		bad++;
	}
	return bad;
}
