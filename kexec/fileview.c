// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileview.h"

/* The most a kernel may decompress to. */
#define UNPACK_LIMIT ((size_t)1 << 30)

int fileview_open(const char *path, bool unpack, struct fileview *v, char *why, size_t why_len)
{
	struct stat st;
	int ret;

	memset(v, 0, sizeof(*v));
	v->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (v->fd < 0) {
		ret = -errno;
		snprintf(why, why_len, "%s", strerror(-ret));
		return ret;
	}
	if (fstat(v->fd, &st) < 0) {
		ret = -errno;
		snprintf(why, why_len, "%s", strerror(-ret));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		snprintf(why, why_len, "%s", S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		goto fail;
	}
	if (st.st_size == 0) {
		ret = -EINVAL;
		snprintf(why, why_len, "empty file");
		goto fail;
	}
	v->map_len = (size_t)st.st_size;
	v->map = mmap(NULL, v->map_len, PROT_READ, MAP_PRIVATE, v->fd, 0);
	if (v->map == MAP_FAILED) {
		ret = -errno;
		v->map = NULL;
		snprintf(why, why_len, "cannot map: %s", strerror(-ret));
		goto fail;
	}
	v->data = v->map;
	v->len = v->map_len;
	v->comp = decompress_detect(v->map, v->map_len);
	if (unpack && v->comp != COMP_NONE) {
		struct diag d;
		size_t out_len;

		ret = decompress(v->map, v->map_len, UNPACK_LIMIT, &v->heap, &out_len, &d);
		if (ret) {
			snprintf(why, why_len, "%s: %s", decompress_name(v->comp), d.msg);
			goto fail;
		}
		v->data = v->heap;
		v->len = out_len;
	}
	return 0;
fail:
	fileview_close(v);
	return ret;
}

void fileview_close(struct fileview *v)
{
	if (v->map)
		munmap(v->map, v->map_len);
	free(v->heap);
	if (v->fd > 0)
		close(v->fd);
	memset(v, 0, sizeof(*v));
	v->fd = -1;
}
