/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_FILEVIEW_H
#define KEXEC_FILEVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "decompress.h"

/*
 * An input file as the loader sees it: mapped read-only, never copied into
 * the heap, unless it had to be decompressed.
 */
struct fileview {
	const void *data;	/* the bytes to use */
	size_t len;
	void *map;		/* the mapping, or NULL */
	size_t map_len;
	void *heap;		/* the decompressed copy, or NULL */
	enum compression comp;	/* what the file was compressed with */
	int fd;			/* kept open for kexec_file_load(2) */
};

/**
 * fileview_open - map a file, decompressing gzip or xz when asked
 * @path: the file
 * @unpack: decompress a gzip or xz file (kernels); an initrd stays as it is
 * @v: filled on success
 * @why: on failure, a message naming what went wrong
 * @why_len: size of @why
 *
 * Returns 0 or a negative errno.
 */
int fileview_open(const char *path, bool unpack, struct fileview *v, char *why, size_t why_len);

/** fileview_close - unmap, free and close */
void fileview_close(struct fileview *v);

#endif
