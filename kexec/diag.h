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

#endif
