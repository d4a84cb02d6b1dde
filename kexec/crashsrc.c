// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading a crash load's inputs: the edge between the files and crashinfo. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crashsrc.h"
#include "exitcodes.h"
#include "vec.h"

#define CPU_DIR "sys/devices/system/cpu"
#define SMALL 4096

static int set_error(struct memsrc_error *e, int ret, int code, const struct sysroot *sr,
		     const char *rel, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int set_error(struct memsrc_error *e, int ret, int code, const struct sysroot *sr,
		     const char *rel, const char *fmt, ...)
{
	va_list ap;

	e->exit_code = code;
	sysroot_display(sr, rel, e->file, sizeof(e->file));
	e->line = 0;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return ret;
}

static int read_error(struct memsrc_error *e, int ret, const struct sysroot *sr,
		      const char *rel, const char *hint)
{
	if (ret == -ENOMEM)
		return set_error(e, ret, EXIT_FAIL, sr, rel, "out of memory");
	return set_error(e, ret, ret == -EFBIG ? EXIT_LIMIT : EXIT_NOINPUT, sr, rel, "%s%s",
			 strerror(-ret), hint);
}

/* One number alone in a small sysfs file. */
static int read_number(const struct sysroot *sr, const char *rel, unsigned base, uint64_t *v,
		       struct memsrc_error *e, const char *hint)
{
	char *buf;
	size_t len;
	int ret = sysroot_read(sr, rel, SMALL, &buf, &len);

	if (ret)
		return read_error(e, ret, sr, rel, hint);
	ret = crashinfo_parse_u64(buf, len, base, v);
	free(buf);
	if (ret)
		return set_error(e, ret, EXIT_BADINPUT, sr, rel, "expected one %s number",
				 base == 16 ? "hexadecimal" : "decimal");
	return 0;
}

struct cpu_walk {
	const struct sysroot *sr;
	struct crashsrc *c;
	size_t cap;
	struct memsrc_error *e;
};

static int one_cpu(void *ctx, uint32_t cpu)
{
	struct cpu_walk *w = ctx;
	struct crashsrc *c = w->c;
	char rel[96];
	uint64_t addr, size;
	int ret;

	snprintf(rel, sizeof(rel), CPU_DIR "/cpu%u", cpu);
	if (faccessat(w->sr->dirfd, rel, F_OK, 0)) {
		c->absent_cpus++;	/* possible, not present: no sysfs directory */
		return 0;
	}
	snprintf(rel, sizeof(rel), CPU_DIR "/cpu%u/crash_notes", cpu);
	ret = read_number(w->sr, rel, 16, &addr, w->e, " (the kernel needs CONFIG_CRASH_DUMP)");
	if (ret)
		return ret;
	snprintf(rel, sizeof(rel), CPU_DIR "/cpu%u/crash_notes_size", cpu);
	ret = read_number(w->sr, rel, 10, &size, w->e, "");
	if (ret)
		return ret;
	if (!size || size > CRASHINFO_NOTE_MAX || addr > UINT64_MAX - size)
		return set_error(w->e, -EINVAL, EXIT_BADINPUT, w->sr, rel,
				 "a note of %llu bytes at 0x%llx", (unsigned long long)size,
				 (unsigned long long)addr);
	ret = vec_reserve((void **)&c->notes, &w->cap, c->nnotes, sizeof(*c->notes),
			  CRASHINFO_MAX_CPUS);
	if (ret)
		return set_error(w->e, ret, EXIT_FAIL, w->sr, rel, "%s", strerror(-ret));
	c->notes[c->nnotes++] = (struct elfcore_note){ addr, size };
	return 0;
}

/* The first bytes of proc/kcore, as many as its headers take. */
static int read_kcore(const struct sysroot *sr, uint64_t kernel_phys, struct crashsrc *c)
{
	size_t len = 65536, need = 0;
	uint8_t *buf = NULL;
	struct diag d;
	int fd, ret;

	fd = openat(sr->dirfd, "proc/kcore", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(c->kcore_why, sizeof(c->kcore_why), "%s", strerror(errno));
		return -errno;
	}
	for (;;) {
		size_t got = 0;
		uint8_t *nb = realloc(buf, len);

		if (!nb) {
			ret = -ENOMEM;
			break;
		}
		buf = nb;
		while (got < len) {
			ssize_t r = pread(fd, buf + got, len - got, (off_t)got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		ret = crashinfo_parse_kcore(buf, got, kernel_phys, &c->kcore, &need, &d);
		if (ret != -EMSGSIZE || need <= got || got < len)
			break;
		len = need;
	}
	if (ret)
		snprintf(c->kcore_why, sizeof(c->kcore_why), "%s", ret == -ENOMEM ?
			 "out of memory" : ret == -EMSGSIZE ? "short read" : d.msg);
	c->have_kcore = !ret;
	free(buf);
	close(fd);
	return ret;
}

int crashsrc_crash_size(const struct sysroot *sr, uint64_t *size, struct memsrc_error *e)
{
	int ret = read_number(sr, "sys/kernel/kexec_crash_size", 10, size, e, "");

	if (ret == -ENOENT) {
		*size = 0;	/* unknown: the check is skipped */
		memset(e, 0, sizeof(*e));
		return 0;
	}
	return ret;
}

int crashsrc_load(const struct sysroot *sr, uint64_t kernel_phys, struct crashsrc *c,
		  struct memsrc_error *e)
{
	struct cpu_walk w = { .sr = sr, .c = c, .e = e };
	char *buf = NULL;
	size_t len;
	struct diag d;
	int ret;

	memset(c, 0, sizeof(*c));

	ret = sysroot_read(sr, "sys/kernel/vmcoreinfo", SMALL, &buf, &len);
	if (ret)
		return read_error(e, ret, sr, "sys/kernel/vmcoreinfo",
				  ret == -ENOENT ? " (the kernel needs CONFIG_VMCORE_INFO)" : "");
	ret = crashinfo_parse_vmcoreinfo(buf, len, &c->vmcoreinfo.addr, &c->vmcoreinfo.size, &d);
	free(buf);
	if (ret)
		return set_error(e, ret, EXIT_BADINPUT, sr, "sys/kernel/vmcoreinfo", "%s: %s",
				 d.field, d.msg);

	ret = sysroot_read(sr, CPU_DIR "/possible", SMALL, &buf, &len);
	if (ret)
		return read_error(e, ret, sr, CPU_DIR "/possible", "");
	ret = crashinfo_parse_cpulist(buf, len, one_cpu, &w);
	free(buf);
	if (ret == -EINVAL || ret == -E2BIG) {
		if (!e->msg[0])
			set_error(e, ret, EXIT_BADINPUT, sr, CPU_DIR "/possible",
				  "expected a CPU list such as 0-3");
	}
	if (!ret && !c->nnotes)
		ret = set_error(e, -ENOENT, EXIT_NOINPUT, sr, CPU_DIR,
				"no CPU has crash_notes");
	if (ret) {
		crashsrc_free(c);
		return ret;
	}
	read_kcore(sr, kernel_phys, c);
	return 0;
}

void crashsrc_free(struct crashsrc *c)
{
	free(c->notes);
	c->notes = NULL;
	c->nnotes = 0;
}
