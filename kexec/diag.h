/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_DIAG_H
#define KEXEC_DIAG_H

/*
 * Where a parser found a problem.  The core fills it; only the command-line
 * layer prints it, prefixed with the file it read.
 */
struct diag {
	unsigned line;		/* 1-based line number, 0 when not line-based */
	char field[32];		/* the file or field inside an entry, or "" */
	char msg[192];		/* what was found and what was expected */
};

/**
 * diag_set - fill a diagnostic and return a code, for one-line error paths
 * @d: the diagnostic
 * @ret: returned as it is (a negative errno)
 * @line: the 1-based line, or 0
 * @field: the file or field the problem is in, or ""
 * @fmt: what was found and what was expected, printf-style
 *
 * Returns @ret.
 */
int diag_set(struct diag *d, int ret, unsigned line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
