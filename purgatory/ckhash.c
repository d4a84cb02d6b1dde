// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ckhash64: XXH64, written from its specification (xxHash's
 * doc/xxhash_spec.md, "XXH64 Algorithm Description").  The step numbers
 * below are the specification's.
 *
 * Freestanding: purgatory links this file too, so no libc, not even
 * memcpy().  Words are read a byte at a time and assembled little-endian;
 * gcc and clang turn each such pattern into a single load at -O2.
 */
#include <stddef.h>
#include <stdint.h>

#include "ckhash.h"

#define PRIME64_1 0x9E3779B185EBCA87ull
#define PRIME64_2 0xC2B2AE3D27D4EB4Full
#define PRIME64_3 0x165667B19E3779F9ull
#define PRIME64_4 0x85EBCA77C2B2AE63ull
#define PRIME64_5 0x27D4EB2F165667C5ull

#define STRIPE 32

static inline uint64_t rotl64(uint64_t x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t load64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
	       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static inline uint64_t load32(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24;
}

/* Step 2: one lane into one accumulator. */
static inline uint64_t round64(uint64_t acc, uint64_t lane)
{
	acc += lane * PRIME64_2;
	acc = rotl64(acc, 31);
	return acc * PRIME64_1;
}

/* Step 3: fold one lane accumulator into the converged one. */
static inline uint64_t merge64(uint64_t acc, uint64_t lane_acc)
{
	acc ^= round64(0, lane_acc);
	return acc * PRIME64_1 + PRIME64_4;
}

uint64_t ckhash64(const void *data, size_t len, uint64_t seed)
{
	const uint8_t *p = data;
	size_t rem = len;
	uint64_t acc;

	if (rem >= STRIPE) {
		/* Step 1 */
		uint64_t a1 = seed + PRIME64_1 + PRIME64_2;
		uint64_t a2 = seed + PRIME64_2;
		uint64_t a3 = seed;
		uint64_t a4 = seed - PRIME64_1;

		/* Step 2: whole stripes only.  Aligned data (every segment
		 * starts on a page) is read a word at a time: with
		 * -mstrict-align the byte loads below stay byte loads. */
		if (!((uintptr_t)p & 7)) {
			typedef uint64_t __attribute__((may_alias)) word;
			const word *w = (const word *)p;

			do {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				a1 = round64(a1, w[0]);
				a2 = round64(a2, w[1]);
				a3 = round64(a3, w[2]);
				a4 = round64(a4, w[3]);
#else
				a1 = round64(a1, __builtin_bswap64(w[0]));
				a2 = round64(a2, __builtin_bswap64(w[1]));
				a3 = round64(a3, __builtin_bswap64(w[2]));
				a4 = round64(a4, __builtin_bswap64(w[3]));
#endif
				w += 4;
				rem -= STRIPE;
			} while (rem >= STRIPE);
			p = (const uint8_t *)w;
		}
		while (rem >= STRIPE) {
			a1 = round64(a1, load64(p));
			a2 = round64(a2, load64(p + 8));
			a3 = round64(a3, load64(p + 16));
			a4 = round64(a4, load64(p + 24));
			p += STRIPE;
			rem -= STRIPE;
		}

		/* Step 3 */
		acc = rotl64(a1, 1) + rotl64(a2, 7) + rotl64(a3, 12) + rotl64(a4, 18);
		acc = merge64(acc, a1);
		acc = merge64(acc, a2);
		acc = merge64(acc, a3);
		acc = merge64(acc, a4);
	} else {
		acc = seed + PRIME64_5;
	}

	/* Step 4 */
	acc += (uint64_t)len;

	/* Step 5: the last 0..31 bytes */
	for (; rem >= 8; rem -= 8, p += 8) {
		acc ^= round64(0, load64(p));
		acc = rotl64(acc, 27) * PRIME64_1 + PRIME64_4;
	}
	if (rem >= 4) {
		acc ^= load32(p) * PRIME64_1;
		acc = rotl64(acc, 23) * PRIME64_2 + PRIME64_3;
		rem -= 4;
		p += 4;
	}
	for (; rem; rem--, p++) {
		acc ^= *p * PRIME64_5;
		acc = rotl64(acc, 11) * PRIME64_1;
	}

	/* Step 6 */
	acc ^= acc >> 33;
	acc *= PRIME64_2;
	acc ^= acc >> 29;
	acc *= PRIME64_3;
	acc ^= acc >> 32;
	return acc;
}
