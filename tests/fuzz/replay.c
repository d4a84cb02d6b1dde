// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replay a fuzz target's inputs without libFuzzer, for make check.
 *
 *   replay-TARGET PATH...
 *
 * Each PATH is a file or a directory of files (not descended into); every
 * file is handed to LLVMFuzzerTestOneInput() in a buffer of exactly its
 * size.  A broken invariant traps, which fails the run by itself.  Prints
 * one line, "ok - replay-TARGET: N inputs", or "not ok - ..." when a path
 * cannot be read or there was nothing to replay.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *target = "?";

static int fail(const char *path, const char *what, int err)
{
	printf("not ok - replay-%s: %s: %s: %s\n", target, path, what, strerror(err));
	return -1;
}

/* Read all of @fd into an exactly sized buffer. */
static int slurp(int fd, uint8_t **data, size_t *size)
{
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap), *p;

	if (!buf)
		return ENOMEM;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				return ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return errno;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	/* Shrink to fit, so a sanitizer sees a read past the input. */
	p = malloc(n ? n : 1);
	if (!p) {
		free(buf);
		return ENOMEM;
	}
	memcpy(p, buf, n);
	free(buf);
	*data = p;
	*size = n;
	return 0;
}

static int replay_file(int dirfd, const char *name, const char *shown,
		       unsigned long *count)
{
	uint8_t *data = NULL;
	size_t size = 0;
	int fd, err;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(shown, "open", errno);
	err = slurp(fd, &data, &size);
	close(fd);
	if (err)
		return fail(shown, "read", err);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	(*count)++;
	return 0;
}

static int replay_dir(const char *path, unsigned long *count)
{
	struct dirent **ents;
	char shown[4096];
	int fd, n, ret = 0;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(path, "open", errno);
	/* Sorted, so a run is the same every time. */
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		ret = fail(path, "read directory", errno);
		close(fd);
		return ret;
	}
	for (int i = 0; i < n; i++) {
		struct stat st;

		if (!ret && ents[i]->d_name[0] != '.' &&
		    !fstatat(fd, ents[i]->d_name, &st, 0) && S_ISREG(st.st_mode)) {
			snprintf(shown, sizeof(shown), "%s/%s", path, ents[i]->d_name);
			ret = replay_file(fd, ents[i]->d_name, shown, count);
		}
		free(ents[i]);
	}
	free(ents);
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	const char *base;

	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	target = strncmp(base, "replay-", 7) ? base : base + 7;

	if (argc < 2) {
		printf("not ok - replay-%s: no inputs given (usage: %s PATH...)\n",
		       target, base);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int ret;

		if (stat(argv[i], &st))
			ret = fail(argv[i], "stat", errno);
		else if (S_ISDIR(st.st_mode))
			ret = replay_dir(argv[i], &count);
		else
			ret = replay_file(AT_FDCWD, argv[i], argv[i], &count);
		if (ret)
			return 1;
	}
	if (!count) {
		printf("not ok - replay-%s: no input files in the given paths\n", target);
		return 1;
	}
	printf("ok - replay-%s: %lu inputs\n", target, count);
	return 0;
}
