/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_VEC_H
#define KEXEC_VEC_H

#include <stddef.h>

/**
 * vec_reserve - make room for one more element in a growable array
 * @v: the array pointer, NULL when empty
 * @cap: its capacity in elements
 * @n: elements in use
 * @elem: size of one element
 * @max: the most elements the array may ever hold
 *
 * Doubles the capacity, never past @max.  This is the one place our
 * arrays grow: every caller has a documented maximum and fails loudly.
 *
 * Returns 0, -E2BIG when @n has reached @max, or -ENOMEM.
 */
int vec_reserve(void **v, size_t *cap, size_t n, size_t elem, size_t max);

#endif
