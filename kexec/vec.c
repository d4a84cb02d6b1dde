// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

int vec_reserve(void **v, size_t *cap, size_t n, size_t elem, size_t max)
{
	size_t c;
	void *p;

	if (n >= max)
		return -E2BIG;
	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	if (c > max)
		c = max;
	if (c > SIZE_MAX / elem)
		return -ENOMEM;
	p = realloc(*v, c * elem);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}
