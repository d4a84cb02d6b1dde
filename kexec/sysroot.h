/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_SYSROOT_H
#define KEXEC_SYSROOT_H

#include <stddef.h>

/*
 * The edge: the only code that opens files under /proc and /sys.  Every
 * path is relative to the sysroot ("/" unless --sysroot says otherwise).
 */
struct sysroot {
	int dirfd;
	char path[4096];	/* as given, for messages */
};

/**
 * sysroot_open - open the root every read is relative to
 * @dir: the directory, or NULL for "/"
 * @sr: filled on success
 *
 * Returns 0 or a negative errno.
 */
int sysroot_open(const char *dir, struct sysroot *sr);

/** sysroot_close - close what sysroot_open() opened */
void sysroot_close(struct sysroot *sr);

/**
 * sysroot_display - the path a user should see for @rel, for messages
 * @sr: the root
 * @rel: a path relative to it ("proc/iomem")
 * @buf: where to write it
 * @size: size of @buf
 */
const char *sysroot_display(const struct sysroot *sr, const char *rel,
			    char *buf, size_t size);

/**
 * sysroot_read - read a whole file
 * @sr: the root
 * @rel: path relative to it
 * @limit: the most bytes accepted
 * @buf: set to a malloc()ed, NUL-terminated copy on success
 * @len: set to its length, without the NUL
 *
 * Works for /proc and /sys files, whose size reads as 0 or 4096.
 * Returns 0 or a negative errno; -EFBIG past @limit.
 */
int sysroot_read(const struct sysroot *sr, const char *rel, size_t limit,
		 char **buf, size_t *len);

#endif
