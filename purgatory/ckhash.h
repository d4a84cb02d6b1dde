/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PURGATORY_CKHASH_H
#define PURGATORY_CKHASH_H

/*
 * The segment checksum shared by the loader and purgatory.  One source file
 * is built twice: for the host (the loader and the tests) and freestanding
 * (purgatory), so it includes nothing but <stddef.h> and <stdint.h> and
 * calls nothing.
 */
#include <stddef.h>
#include <stdint.h>

/**
 * ckhash64 - checksum of a buffer
 * @data: the bytes; any alignment; may be NULL when @len is 0
 * @len: how many bytes
 * @seed: 0 for segment checksums
 *
 * The algorithm is XXH64 as described in xxHash's doc/xxhash_spec.md, so the
 * result equals `xxhsum -H1` of the same bytes with seed 0.  It detects
 * accidental corruption; it is not a defence against deliberate tampering.
 *
 * Returns the 64-bit checksum.
 */
uint64_t ckhash64(const void *data, size_t len, uint64_t seed);

#endif
