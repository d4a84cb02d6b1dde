// SPDX-License-Identifier: GPL-2.0-or-later
/* kexec-memmap: print the memory map the next kernel would boot with. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "exitcodes.h"
#include "memmap.h"
#include "memmap_print.h"
#include "memsrc.h"
#include "sysroot.h"

static const char prog[] = "kexec-memmap";

enum { OPT_SYSROOT, OPT_FORMAT, OPT_CHECK, OPT_EXPLAIN, OPT_MAX_RANGES, OPT_HELP, OPT_VERSION };

static const struct cli_option options[] = {
	{ "sysroot", 'r', "DIR", OPT_SYSROOT, "read /proc and /sys under DIR instead of /" },
	{ "format", 'f', "FORMAT", OPT_FORMAT, "table (default), e820 or json" },
	{ "check", 'c', NULL, OPT_CHECK, "report conflicts between the sources; exit 10 if any" },
	{ "explain", 'x', NULL, OPT_EXPLAIN, "table: also classify every /proc/iomem line" },
	{ "max-ranges", 0, "N", OPT_MAX_RANGES, "fail when a source or list passes N ranges (default 16777216)" },
	{ "help", 'h', NULL, OPT_HELP, "show this help and exit" },
	{ "version", 'V', NULL, OPT_VERSION, "show the version and exit" },
};

struct request {
	const char *sysroot;
	enum memmap_format format;
	bool check;
	bool explain;
	size_t max_ranges;
	bool done;		/* --help or --version was served */
};

static int handle(void *ctx, int id, const char *arg)
{
	struct request *rq = ctx;
	char *end;

	switch (id) {
	case OPT_SYSROOT:
		rq->sysroot = arg;
		break;
	case OPT_FORMAT:
		if (!strcmp(arg, "table"))
			rq->format = MEMMAP_FMT_TABLE;
		else if (!strcmp(arg, "e820"))
			rq->format = MEMMAP_FMT_E820;
		else if (!strcmp(arg, "json"))
			rq->format = MEMMAP_FMT_JSON;
		else {
			cli_usage_error(prog, "unknown format '%s', expected table, e820 or json", arg);
			return EXIT_USAGE;
		}
		break;
	case OPT_CHECK:
		rq->check = true;
		break;
	case OPT_EXPLAIN:
		rq->explain = true;
		break;
	case OPT_MAX_RANGES: {
		unsigned long long v;

		errno = 0;
		v = strtoull(arg, &end, 10);
		if (errno || end == arg || *end || arg[0] == '-' || v == 0 || v > INT32_MAX) {
			cli_usage_error(prog, "--max-ranges '%s': expected a number from 1 to %d",
					arg, INT32_MAX);
			return EXIT_USAGE;
		}
		rq->max_ranges = (size_t)v;
		break;
	}
	case OPT_HELP:
		printf("Usage: %s [options]\n\n"
		       "Print the memory map the next kernel would boot with, built from\n"
		       "/proc/iomem and /sys/firmware/memmap, with the reason for every decision.\n\n"
		       "Options:\n", prog);
		cli_help(stdout, options, sizeof(options) / sizeof(options[0]));
		printf("\nExit status: 0 ok, 1 failure, 2 usage, 3 missing or unreadable input,\n"
		       "4 malformed input, 5 limit exceeded, 6 not privileged, 10 conflicts (--check).\n"
		       "See kexec-memmap(8).\n");
		rq->done = true;
		return -1;
	case OPT_VERSION:
		printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
		rq->done = true;
		return -1;
	}
	return 0;
}

static void print_check(FILE *f, const struct memmap_view *v)
{
	const struct memmap_plan *p = v->plan;
	char why[160];

	if (!p->nconflicts) {
		fprintf(f, "%s: no conflicts between /sys/firmware/memmap and /proc/iomem%s\n", prog,
			p->from_fwmap ? "" : " (no firmware map: nothing to compare)");
		return;
	}
	for (size_t i = 0; i < p->nconflicts; i++) {
		const struct memmap_conflict *c = &p->conflicts[i];
		const struct iomem_node *n = &v->iomem->nodes[c->node];

		memmap_conflict_resolution(c, why, sizeof(why));
		fprintf(f, "conflict: 0x%" PRIx64 "-0x%" PRIx64 " firmware: %s; iomem: %.*s (line %u); %s\n",
			c->start, c->end, memtype_kernel_name(c->fw_type), (int)n->name_len, n->name,
			n->line, why);
	}
}

int main(int argc, char **argv)
{
	struct request rq = { .format = MEMMAP_FMT_TABLE, .max_ranges = RANGE_LIST_DEFAULT_MAX };
	struct memsrc_error err = { 0 };
	struct memmap_plan plan;
	struct memmap_view view;
	struct sysroot sr;
	struct memsrc src;
	int first, ret, code;

	ret = cli_parse(prog, argc, argv, options, sizeof(options) / sizeof(options[0]),
			handle, &rq, &first);
	if (rq.done)
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	if (ret)
		return EXIT_USAGE;
	if (first < argc) {
		cli_usage_error(prog, "unexpected argument '%s'", argv[first]);
		return EXIT_USAGE;
	}

	ret = sysroot_open(rq.sysroot, &sr);
	if (ret) {
		fprintf(stderr, "%s: %s: cannot open the sysroot: %s\n", prog,
			rq.sysroot ? rq.sysroot : "/", strerror(-ret));
		return EXIT_NOINPUT;
	}
	ret = memsrc_load(&sr, rq.max_ranges, &src, &err);
	sysroot_close(&sr);
	if (ret) {
		memsrc_report(prog, &err);
		return err.exit_code;
	}
	memsrc_print_warnings(prog, &src);

	ret = memmap_build(&src.iomem, src.have_fw ? &src.fw : NULL, rq.max_ranges, &plan);
	if (ret) {
		if (ret == -E2BIG)
			fprintf(stderr, "%s: memory plan: more than %zu ranges, the limit (--max-ranges)\n",
				prog, rq.max_ranges);
		else
			fprintf(stderr, "%s: memory plan: %s\n", prog, strerror(-ret));
		memsrc_free(&src);
		return ret == -E2BIG ? EXIT_LIMIT : EXIT_FAIL;
	}

	view = (struct memmap_view){
		.plan = &plan, .iomem = &src.iomem, .fw = src.have_fw ? &src.fw : NULL,
		.explain = rq.explain,
	};
	if (rq.check && rq.format == MEMMAP_FMT_TABLE)
		print_check(stdout, &view);
	else
		memmap_print(stdout, &view, rq.format);

	code = rq.check && plan.nconflicts ? EXIT_CONFLICT : EXIT_OK;
	memmap_plan_free(&plan);
	memsrc_free(&src);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error on standard output\n", prog);
		return EXIT_FAIL;
	}
	return code;
}
