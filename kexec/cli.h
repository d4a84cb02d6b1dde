/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_CLI_H
#define KEXEC_CLI_H

#include <stddef.h>
#include <stdio.h>

/*
 * Options are declared once, in a table; parsing, --help and the man-page
 * check all come from it.
 */
struct cli_option {
	const char *name;	/* long name, without "--" */
	int short_name;		/* 0 when there is none */
	const char *arg;	/* metavariable ("DIR"), or NULL for a flag */
	int id;			/* passed to the handler */
	const char *help;	/* one line */
};

/**
 * cli_parse - parse argv against an option table
 * @prog: the program name for messages
 * @argc: argument count
 * @argv: arguments
 * @opts: the table
 * @nopts: its length
 * @handle: called for each option in order; a non-zero return stops parsing
 *          and is returned (the handler prints its own message)
 * @ctx: passed to @handle
 * @first_arg: set to the index of the first non-option argument; options
 *             and arguments may be mixed, as GNU getopt permutes them
 *
 * On an unknown option or a missing argument prints one line and
 * "Try '<prog> --help'." to stderr and returns -1.
 */
int cli_parse(const char *prog, int argc, char **argv,
	      const struct cli_option *opts, size_t nopts,
	      int (*handle)(void *ctx, int id, const char *arg), void *ctx,
	      int *first_arg);

/** cli_help - print the options of @opts, one per line, to @f */
void cli_help(FILE *f, const struct cli_option *opts, size_t nopts);

/** cli_usage_error - print "prog: msg" and the --help hint to stderr */
void cli_usage_error(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
