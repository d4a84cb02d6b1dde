// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading the memory sources: the edge between the files and the core. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "memsrc.h"
#include "vec.h"

#define FWMAP_DIR "sys/firmware/memmap"
#define FWMAP_FIELD_MAX 4096

static int set_error(struct memsrc_error *e, int ret, int code,
		     const struct sysroot *sr, const char *rel, unsigned line,
		     const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static int set_error(struct memsrc_error *e, int ret, int code,
		     const struct sysroot *sr, const char *rel, unsigned line,
		     const char *fmt, ...)
{
	va_list ap;

	e->exit_code = code;
	sysroot_display(sr, rel, e->file, sizeof(e->file));
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return ret;
}

static int io_error(struct memsrc_error *e, int ret, const struct sysroot *sr,
		    const char *rel)
{
	if (ret == -ENOMEM)
		return set_error(e, ret, EXIT_FAIL, sr, rel, 0, "out of memory");
	if (ret == -EFBIG)
		return set_error(e, ret, EXIT_LIMIT, sr, rel, 0, "file is larger than the limit");
	return set_error(e, ret, EXIT_NOINPUT, sr, rel, 0, "%s", strerror(-ret));
}

static int warn(struct memsrc *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int warn(struct memsrc *m, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	ret = vec_reserve((void **)&m->warnings, &m->warnings_cap, m->nwarnings,
			  sizeof(*m->warnings), 4096);
	if (ret)
		return ret == -E2BIG ? 0 : ret;	/* past 4096 warnings, stay quiet */
	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return -ENOMEM;
	m->warnings[m->nwarnings++] = s;
	return 0;
}

static bool entry_number(const char *name, uint32_t *n)
{
	uint64_t v = 0;

	if (!*name)
		return false;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*n = (uint32_t)v;
	return true;
}

/* Read one small sysfs attribute relative to the memmap directory: one
 * openat and, for these few-byte files, one read (a short read of a
 * regular or sysfs file is its end). */
static int read_small(int dirfd, const char *rel, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int fd, ret = 0;

	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		n += (size_t)r;
		if (r == 0 || n < cap)
			break;
		ret = -EFBIG;	/* filled the buffer: more than an attribute holds */
		break;
	}
	close(fd);
	*len = n;
	return ret;
}

static int load_fw_entry(const struct sysroot *sr, int dirfd, uint32_t idx, struct memsrc *m,
			 struct memsrc_error *e)
{
	static const char *const field[3] = { "start", "end", "type" };
	char text[3][FWMAP_FIELD_MAX];
	size_t len[3];
	struct fwmap_entry ent;
	char rel[96];
	struct diag d;
	int ret = 0;

	for (int f = 0; f < 3 && !ret; f++) {
		snprintf(rel, sizeof(rel), "%u/%s", idx, field[f]);
		ret = read_small(dirfd, rel, text[f], sizeof(text[f]), &len[f]);
		if (ret) {
			snprintf(rel, sizeof(rel), FWMAP_DIR "/%u/%s", idx, field[f]);
			io_error(e, ret, sr, rel);
		}
	}
	if (!ret) {
		ret = fwmap_parse_entry(idx, text[0], len[0], text[1], len[1],
					text[2], len[2], &ent, &d);
		if (ret) {
			snprintf(rel, sizeof(rel), FWMAP_DIR "/%u/%s", idx, d.field);
			set_error(e, ret, EXIT_BADINPUT, sr, rel, 0, "%s", d.msg);
		}
	}
	if (!ret && ent.unknown_type)
		ret = warn(m, "%s/%u/type: unknown type '%.*s', kept as reserved",
			   FWMAP_DIR, idx, (int)(len[2] && text[2][len[2] - 1] == '\n' ?
						  len[2] - 1 : len[2]), text[2]);
	if (!ret) {
		ret = fwmap_add(&m->fw, &ent);
		if (ret == -E2BIG)
			set_error(e, ret, EXIT_LIMIT, sr, FWMAP_DIR, 0,
				  "more than %zu entries, the limit (--max-ranges)", m->fw.max);
		else if (ret)
			io_error(e, ret, sr, FWMAP_DIR);
	}
	return ret;
}

static int load_fwmap(const struct sysroot *sr, struct memsrc *m, struct memsrc_error *e)
{
	struct dirent *de;
	DIR *dir;
	int fd, ret = 0;

	fd = openat(sr->dirfd, FWMAP_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return io_error(e, -errno, sr, FWMAP_DIR);
	}
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return io_error(e, -errno, sr, FWMAP_DIR);
	}
	while (!ret) {
		uint32_t idx;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				ret = io_error(e, -errno, sr, FWMAP_DIR);
			break;
		}
		if (!entry_number(de->d_name, &idx))
			continue;	/* ".", "..", and nothing else lives there */
		ret = load_fw_entry(sr, fd, idx, m, e);
	}
	closedir(dir);
	if (ret)
		return ret;
	if (!m->fw.n)
		return warn(m, "%s: no entries, so the map comes from /proc/iomem (rule R6)",
			    FWMAP_DIR);
	fwmap_sort(&m->fw);
	m->have_fw = true;
	return 0;
}

int memsrc_load(const struct sysroot *sr, size_t max_ranges, struct memsrc *m,
		struct memsrc_error *e)
{
	static const char iomem_rel[] = "proc/iomem";
	struct diag d;
	int ret;

	memset(m, 0, sizeof(*m));
	m->fw.max = max_ranges;

	ret = sysroot_read(sr, iomem_rel, IOMEM_MAX_BYTES, &m->iomem_text, &m->iomem_len);
	if (ret) {
		io_error(e, ret, sr, iomem_rel);
		goto fail;
	}
	ret = iomem_parse(m->iomem_text, m->iomem_len, max_ranges, &m->iomem, &d);
	if (ret) {
		int code = ret == -EPERM ? EXIT_PERM : ret == -E2BIG ? EXIT_LIMIT :
			   ret == -ENOMEM ? EXIT_FAIL : EXIT_BADINPUT;

		if (ret == -E2BIG)
			snprintf(d.msg, sizeof(d.msg),
				 "more than %zu lines, the limit (--max-ranges)", max_ranges);
		set_error(e, ret, code, sr, iomem_rel, d.line, "%s",
			  ret == -ENOMEM ? "out of memory" : d.msg);
		goto fail;
	}
	ret = load_fwmap(sr, m, e);
	if (ret)
		goto fail;
	return 0;
fail:
	memsrc_free(m);
	return ret;
}

void memsrc_report(const char *prog, const struct memsrc_error *e)
{
	if (e->line)
		fprintf(stderr, "%s: %s:%u: %s\n", prog, e->file, e->line, e->msg);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, e->file, e->msg);
}

void memsrc_print_warnings(const char *prog, const struct memsrc *m)
{
	for (size_t i = 0; i < m->nwarnings; i++)
		fprintf(stderr, "%s: warning: %s\n", prog, m->warnings[i]);
}

void memsrc_free(struct memsrc *m)
{
	free(m->iomem_text);
	iomem_tree_free(&m->iomem);
	fwmap_free(&m->fw);
	for (size_t i = 0; i < m->nwarnings; i++)
		free(m->warnings[i]);
	free(m->warnings);
	memset(m, 0, sizeof(*m));
}
