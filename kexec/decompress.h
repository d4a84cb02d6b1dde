/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_DECOMPRESS_H
#define KEXEC_DECOMPRESS_H

#include <stddef.h>

#include "diag.h"

enum compression {
	COMP_NONE,
	COMP_GZIP,	/* RFC 1952 */
	COMP_XZ,	/* the .xz container */
};

/** decompress_detect - which compression a buffer's magic bytes announce */
enum compression decompress_detect(const void *buf, size_t len);

/** decompress_name - "gzip", "xz" or "none" */
const char *decompress_name(enum compression c);

/**
 * decompress - inflate a gzip or xz buffer with zlib or liblzma
 * @buf: the compressed bytes
 * @len: their length
 * @limit: the most bytes the output may have
 * @out: set to a malloc()ed buffer on success
 * @outlen: set to its length
 * @err: on failure, what went wrong
 *
 * Returns 0, or -EINVAL (not compressed, or corrupt), -EFBIG (past
 * @limit), -ENOMEM.
 */
int decompress(const void *buf, size_t len, size_t limit, void **out, size_t *outlen,
	       struct diag *err);

#endif
