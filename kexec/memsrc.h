/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_MEMSRC_H
#define KEXEC_MEMSRC_H

#include <stdbool.h>
#include <stddef.h>

#include "fwmap.h"
#include "iomem.h"
#include "sysroot.h"

/* The most bytes of /proc/iomem we read: 20 times a 1,000,000-line map. */
#define IOMEM_MAX_BYTES ((size_t)1 << 30)

/* The edge's view of the two memory sources, read from a sysroot. */
struct memsrc {
	char *iomem_text;	/* the node names point into it */
	size_t iomem_len;
	struct iomem_tree iomem;
	struct fwmap fw;
	bool have_fw;		/* /sys/firmware/memmap exists and has entries */
	char **warnings;	/* for the caller to print */
	size_t nwarnings;
	size_t warnings_cap;
};

struct memsrc_error {
	int exit_code;		/* from exitcodes.h */
	char file[4352];	/* as the user should see it */
	unsigned line;		/* 0 when not line-based */
	char msg[256];
};

/**
 * memsrc_load - read and parse proc/iomem and sys/firmware/memmap
 * @sr: the sysroot
 * @max_ranges: the most iomem lines and firmware entries accepted
 * @m: filled on success; free with memsrc_free()
 * @e: on failure, the file, line and reason, and the exit code to use
 *
 * A missing firmware map directory is not an error (arm64, or no
 * CONFIG_FIRMWARE_MEMMAP): @m->have_fw is then false.
 *
 * Returns 0 or a negative errno.
 */
int memsrc_load(const struct sysroot *sr, size_t max_ranges, struct memsrc *m,
		struct memsrc_error *e);

/**
 * memsrc_report - print a load error as the tools do: one line on stderr,
 * "PROG: FILE[:LINE]: MESSAGE"
 */
void memsrc_report(const char *prog, const struct memsrc_error *e);

/** memsrc_print_warnings - print each warning of @m as "PROG: warning: ..." */
void memsrc_print_warnings(const char *prog, const struct memsrc *m);

/** memsrc_free - release what memsrc_load() filled */
void memsrc_free(struct memsrc *m);

#endif
