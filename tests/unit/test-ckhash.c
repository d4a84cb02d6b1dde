// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of ckhash64 (purgatory/ckhash.c), which is XXH64.
 *
 * Reference vectors come from two places:
 *  - xxHash's own sanity check (BMK_sanityCheck() in its xxhsum.c): a
 *    101-byte buffer generated from PRIME32_1, hashed at lengths 0, 1, 14
 *    and 101 with seeds 0 and 2654435761;
 *  - `xxhsum -H1` 0.8.1 (Debian's xxhash package) over the strings and the
 *    1000-byte pattern below, seed 0.
 * Between them they reach every path of the algorithm: no stripe, whole
 * stripes, and tails of 8-byte words, a 4-byte word and single bytes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "purgatory/ckhash.h"

#define SANITY_PRIME	2654435761u
#define SANITY_SIZE	101

/* The buffer of xxHash's sanity check: each byte is bits 24..31 of a 32-bit
 * generator that starts at PRIME32_1 and is squared each time. */
static void sanity_buffer(uint8_t *buf)
{
	uint32_t gen = SANITY_PRIME;

	for (int i = 0; i < SANITY_SIZE; i++) {
		buf[i] = (uint8_t)(gen >> 24);
		gen *= gen;
	}
}

/*
 * A second XXH64, written straight from the specification's pseudo-code
 * and kept deliberately naive: every lane is assembled byte by byte at its
 * index, there is no pointer walking and nothing shared with ckhash.c.
 */
static const uint64_t P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full,
		      P3 = 0x165667B19E3779F9ull, P4 = 0x85EBCA77C2B2AE63ull,
		      P5 = 0x27D4EB2F165667C5ull;

static uint64_t ref_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t ref_lane(const uint8_t *b, size_t at, int bytes)
{
	uint64_t v = 0;

	for (int k = 0; k < bytes; k++)
		v |= (uint64_t)b[at + k] << (8 * k);
	return v;
}

static uint64_t ref_round(uint64_t acc, uint64_t lane)
{
	return ref_rotl(acc + lane * P2, 31) * P1;
}

static uint64_t ref_xxh64(const uint8_t *b, size_t n, uint64_t seed)
{
	size_t i = 0;
	uint64_t acc;

	if (n >= 32) {
		uint64_t v[4] = { seed + P1 + P2, seed + P2, seed, seed - P1 };

		for (; i + 32 <= n; i += 32)
			for (int l = 0; l < 4; l++)
				v[l] = ref_round(v[l], ref_lane(b, i + 8 * l, 8));
		acc = ref_rotl(v[0], 1) + ref_rotl(v[1], 7) + ref_rotl(v[2], 12) +
		      ref_rotl(v[3], 18);
		for (int l = 0; l < 4; l++)
			acc = (acc ^ ref_round(0, v[l])) * P1 + P4;
	} else {
		acc = seed + P5;
	}
	acc += n;
	for (; i + 8 <= n; i += 8)
		acc = ref_rotl(acc ^ ref_round(0, ref_lane(b, i, 8)), 27) * P1 + P4;
	if (i + 4 <= n) {
		acc = ref_rotl(acc ^ ref_lane(b, i, 4) * P1, 23) * P2 + P3;
		i += 4;
	}
	for (; i < n; i++)
		acc = ref_rotl(acc ^ b[i] * P5, 11) * P1;
	acc = (acc ^ (acc >> 33)) * P2;
	acc = (acc ^ (acc >> 29)) * P3;
	return acc ^ (acc >> 32);
}

/* xorshift64*: deterministic, so a failure can be replayed. */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static void fill_random(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(rng() >> 56);
}

TEST(empty_input_matches_reference_vectors)
{
	CHECK_U64(ckhash64(NULL, 0, 0), 0xEF46DB3751D8E999ull);
	CHECK_U64(ckhash64(NULL, 0, SANITY_PRIME), 0xAC75FDA2929B17EFull);
	CHECK_U64(ckhash64("", 0, 0), 0xEF46DB3751D8E999ull);
}

TEST(xxhash_sanity_buffer_matches_reference_vectors)
{
	uint8_t buf[SANITY_SIZE];

	sanity_buffer(buf);
	CHECK_U64(ckhash64(buf, 1, 0), 0x4FCE394CC88952D8ull);
	CHECK_U64(ckhash64(buf, 1, SANITY_PRIME), 0x739840CB819FA723ull);
	CHECK_U64(ckhash64(buf, 14, 0), 0xCFFA8DB881BC3A3Dull);
	CHECK_U64(ckhash64(buf, 14, SANITY_PRIME), 0x5B9611585EFCC9CBull);
	CHECK_U64(ckhash64(buf, SANITY_SIZE, 0), 0x0EAB543384F878ADull);
	CHECK_U64(ckhash64(buf, SANITY_SIZE, SANITY_PRIME), 0xCAA65939306F1E21ull);
}

TEST(strings_match_xxhsum)
{
	static const struct {
		const char *s;
		uint64_t hash;
	} v[] = {
		{ "a", 0xD24EC4F1A98C6E5Bull },
		{ "abc", 0x44BC2CF5AD770999ull },
		{ "Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1ull },
		{ "The quick brown fox jumps over the lazy dog", 0x0B242D361FDA71BCull },
		/* 64 bytes: exactly two stripes, no tail */
		{ "Call me Ishmael.Some years ago--never mind how long precisely - ",
		  0x833AA6A99DB2CF61ull },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_U64(ckhash64(v[i].s, strlen(v[i].s), 0), v[i].hash);
}

TEST(long_pattern_matches_xxhsum)
{
	uint8_t buf[1000];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	CHECK_U64(ckhash64(buf, sizeof(buf), 0), 0x5F235FA033F1A3FBull);
}

TEST(reference_vectors_hold_for_the_naive_implementation)
{
	uint8_t buf[SANITY_SIZE];

	sanity_buffer(buf);
	CHECK_U64(ref_xxh64(buf, 0, 0), 0xEF46DB3751D8E999ull);
	CHECK_U64(ref_xxh64(buf, 14, SANITY_PRIME), 0x5B9611585EFCC9CBull);
	CHECK_U64(ref_xxh64(buf, SANITY_SIZE, 0), 0x0EAB543384F878ADull);
}

TEST(every_length_and_alignment_matches_the_naive_implementation)
{
	uint8_t src[300], buf[300 + 16];

	for (size_t len = 0; len <= sizeof(src); len++) {
		uint64_t seed = len % 3 ? rng() : 0;
		uint64_t want;

		fill_random(src, len);
		want = ref_xxh64(src, len, seed);
		for (size_t off = 0; off < 16; off++) {
			uint64_t got;

			memcpy(buf + off, src, len);
			got = ckhash64(buf + off, len, seed);
			if (got != want) {
				harness_fail(__FILE__, __LINE__,
					     "len %zu offset %zu seed 0x%" PRIx64 ": 0x%" PRIx64
					     ", naive 0x%" PRIx64, len, off, seed, got, want);
				return;
			}
		}
	}
}

TEST(a_large_buffer_matches_the_naive_implementation)
{
	size_t len = (1 << 20) + 27;
	uint8_t *buf = malloc(len + 1);

	CHECK(buf != NULL);
	if (!buf)
		return;
	fill_random(buf, len + 1);
	CHECK_U64(ckhash64(buf + 1, len, 0), ref_xxh64(buf + 1, len, 0));
	free(buf);
}

TEST(every_single_bit_flip_changes_the_hash)
{
	static const size_t lens[] = { 1, 3, 4, 7, 8, 12, 31, 32, 33, 63, 64, 100, 257 };
	uint8_t buf[257];

	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		size_t len = lens[k];
		uint64_t orig;

		fill_random(buf, len);
		orig = ckhash64(buf, len, 0);
		for (size_t bit = 0; bit < 8 * len; bit++) {
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (ckhash64(buf, len, 0) == orig)
				harness_fail(__FILE__, __LINE__,
					     "len %zu: flipping bit %zu kept 0x%" PRIx64, len, bit, orig);
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		CHECK_U64(ckhash64(buf, len, 0), orig);
	}
}

TEST(trailing_zero_bytes_change_the_hash)
{
	uint8_t buf[80] = { 0 };
	uint64_t prev = ckhash64(buf, 0, 0);

	/* A segment whose length is off by some zero bytes is still caught. */
	for (size_t len = 1; len <= sizeof(buf); len++) {
		uint64_t h = ckhash64(buf, len, 0);

		CHECK(h != prev);
		prev = h;
	}
}

TEST(the_seed_changes_the_hash)
{
	static const char s[] = "kexec-ng";

	CHECK(ckhash64(s, sizeof(s) - 1, 0) != ckhash64(s, sizeof(s) - 1, 1));
	CHECK(ckhash64(NULL, 0, 0) != ckhash64(NULL, 0, 1));
}
