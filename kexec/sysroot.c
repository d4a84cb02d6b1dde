// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysroot.h"

int sysroot_open(const char *dir, struct sysroot *sr)
{
	const char *d = dir && *dir ? dir : "/";
	int fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	sr->dirfd = fd;
	snprintf(sr->path, sizeof(sr->path), "%s", d);
	return 0;
}

void sysroot_close(struct sysroot *sr)
{
	if (sr->dirfd >= 0)
		close(sr->dirfd);
	sr->dirfd = -1;
}

const char *sysroot_display(const struct sysroot *sr, const char *rel,
			    char *buf, size_t size)
{
	size_t l = strlen(sr->path);

	if (l && sr->path[l - 1] == '/')
		snprintf(buf, size, "%s%s", sr->path, rel);
	else
		snprintf(buf, size, "%s/%s", sr->path, rel);
	return buf;
}

int sysroot_read(const struct sysroot *sr, const char *rel, size_t limit,
		 char **buf, size_t *len)
{
	size_t n = 0, cap = 0;
	char *b = NULL;
	int fd, ret = 0;

	fd = openat(sr->dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r;

		if (cap - n < 2) {
			size_t c = cap ? cap * 2 : 65536;
			char *nb;

			if (c > limit + 2)
				c = limit + 2;
			if (c <= cap) {
				ret = -EFBIG;
				break;
			}
			nb = realloc(b, c);
			if (!nb) {
				ret = -ENOMEM;
				break;
			}
			b = nb;
			cap = c;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > limit) {
			ret = -EFBIG;
			break;
		}
	}
	close(fd);
	if (ret) {
		free(b);
		return ret;
	}
	if (!b) {
		b = malloc(1);
		if (!b)
			return -ENOMEM;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}
