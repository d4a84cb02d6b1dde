// SPDX-License-Identifier: GPL-2.0-or-later
/* Table-driven option parsing shared by kexec and kexec-memmap. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
}

int cli_parse(const char *prog, int argc, char **argv,
	      const struct cli_option *opts, size_t nopts,
	      int (*handle)(void *ctx, int id, const char *arg), void *ctx,
	      int *first_arg)
{
	struct option *lo = calloc(nopts + 1, sizeof(*lo));
	char *so = calloc(2 * nopts + 2, 1);
	size_t k = 0;
	int ret = 0;

	if (!lo || !so) {
		free(lo);
		free(so);
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	so[k++] = ':';	/* report a missing argument as ':' */
	for (size_t i = 0; i < nopts; i++) {
		lo[i].name = opts[i].name;
		lo[i].has_arg = opts[i].arg ? required_argument : no_argument;
		lo[i].val = 256 + (int)i;
		if (opts[i].short_name) {
			so[k++] = (char)opts[i].short_name;
			if (opts[i].arg)
				so[k++] = ':';
		}
	}
	opterr = 0;
	optind = 1;
	for (;;) {
		int c = getopt_long(argc, argv, so, lo, NULL);
		size_t i;

		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];

			if (c == ':')
				cli_usage_error(prog, "option '%s' requires an argument", what);
			else if (optopt && optopt < 256)
				cli_usage_error(prog, "invalid option -- '%c'", optopt);
			else
				cli_usage_error(prog, "unrecognized option '%s'", what);
			ret = -1;
			break;
		}
		if (c >= 256) {
			i = (size_t)(c - 256);
		} else {
			for (i = 0; i < nopts && opts[i].short_name != c; i++)
				;
		}
		ret = handle(ctx, opts[i].id, optarg);
		if (ret)
			break;
	}
	*first_arg = optind;
	free(lo);
	free(so);
	return ret;
}

void cli_help(FILE *f, const struct cli_option *opts, size_t nopts)
{
	for (size_t i = 0; i < nopts; i++) {
		char left[64];
		int n;

		if (opts[i].short_name)
			n = snprintf(left, sizeof(left), "-%c, --%s", opts[i].short_name, opts[i].name);
		else
			n = snprintf(left, sizeof(left), "    --%s", opts[i].name);
		if (opts[i].arg && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, "=%s", opts[i].arg);
		fprintf(f, "  %-28s %s\n", left, opts[i].help);
	}
}
