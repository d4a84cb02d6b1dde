// SPDX-License-Identifier: GPL-2.0-or-later
/* gzip and xz through the system's zlib and liblzma. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <zlib.h>

#include "decompress.h"

enum compression decompress_detect(const void *buf, size_t len)
{
	static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
	const uint8_t *b = buf;

	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return COMP_GZIP;
	if (len >= 6 && !memcmp(b, xz_magic, 6))
		return COMP_XZ;
	return COMP_NONE;
}

const char *decompress_name(enum compression c)
{
	switch (c) {
	case COMP_GZIP: return "gzip";
	case COMP_XZ: return "xz";
	case COMP_NONE: break;
	}
	return "none";
}

/* Grow the output buffer: double, never past limit. */
static int grow(uint8_t **o, size_t *cap, size_t limit)
{
	size_t c = *cap ? *cap * 2 : (size_t)1 << 20;
	uint8_t *n;

	if (*cap >= limit)
		return -EFBIG;
	if (c > limit)
		c = limit;
	n = realloc(*o, c);
	if (!n)
		return -ENOMEM;
	*o = n;
	*cap = c;
	return 0;
}

static int gunzip(const void *buf, size_t len, size_t limit, uint8_t **o, size_t *olen,
		  struct diag *err)
{
	z_stream s = { 0 };
	size_t cap = 0;
	int zr, ret = 0;

	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return diag_set(err, -ENOMEM, 0, "", "zlib: cannot start inflating");
	s.next_in = (Bytef *)(uintptr_t)buf;
	do {
		if (s.avail_in == 0) {
			size_t chunk = len - (size_t)((const uint8_t *)s.next_in - (const uint8_t *)buf);

			s.avail_in = chunk > UINT32_MAX ? UINT32_MAX : (uInt)chunk;
		}
		if (s.total_out == cap) {
			ret = grow(o, &cap, limit);
			if (ret) {
				diag_set(err, ret, 0, "", ret == -EFBIG ? "decompressed size passes the limit"
							    : "out of memory");
				break;
			}
		}
		s.next_out = *o + s.total_out;
		s.avail_out = (uInt)((cap - s.total_out) > UINT32_MAX ? UINT32_MAX : cap - s.total_out);
		zr = inflate(&s, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			ret = diag_set(err, -EINVAL, 0, "", "corrupt gzip data");
			break;
		}
		if (zr == Z_BUF_ERROR && s.avail_in == 0 &&
		    (const uint8_t *)s.next_in == (const uint8_t *)buf + len) {
			ret = diag_set(err, -EINVAL, 0, "", "truncated gzip data");
			break;
		}
	} while (1);
	*olen = s.total_out;
	inflateEnd(&s);
	return ret;
}

static int unxz(const void *buf, size_t len, size_t limit, uint8_t **o, size_t *olen,
		struct diag *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret lr;
	int ret = 0;

	if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return diag_set(err, -ENOMEM, 0, "", "liblzma: cannot start decoding");
	s.next_in = buf;
	s.avail_in = len;
	for (;;) {
		if (s.total_out == cap) {
			ret = grow(o, &cap, limit);
			if (ret) {
				diag_set(err, ret, 0, "", ret == -EFBIG ? "decompressed size passes the limit"
							    : "out of memory");
				break;
			}
		}
		s.next_out = *o + s.total_out;
		s.avail_out = cap - s.total_out;
		lr = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
		if (lr == LZMA_STREAM_END)
			break;
		if (lr == LZMA_BUF_ERROR) {
			ret = diag_set(err, -EINVAL, 0, "", "truncated xz data");
			break;
		}
		if (lr != LZMA_OK) {
			ret = diag_set(err, lr == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL, 0, "", "corrupt xz data");
			break;
		}
	}
	*olen = s.total_out;
	lzma_end(&s);
	return ret;
}

int decompress(const void *buf, size_t len, size_t limit, void **out, size_t *outlen,
	       struct diag *err)
{
	uint8_t *o = NULL;
	size_t olen = 0;
	int ret;

	switch (decompress_detect(buf, len)) {
	case COMP_GZIP:
		ret = gunzip(buf, len, limit, &o, &olen, err);
		break;
	case COMP_XZ:
		ret = unxz(buf, len, limit, &o, &olen, err);
		break;
	default:
		return diag_set(err, -EINVAL, 0, "", "not gzip or xz data");
	}
	if (ret) {
		free(o);
		return ret;
	}
	*out = o;
	*outlen = olen;
	return 0;
}
