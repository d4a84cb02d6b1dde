// SPDX-License-Identifier: GPL-2.0-or-later
/* kexec-memmap: print the memory map the next kernel would boot with. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elf.h>

#include "config.h"
#include "cli.h"
#include "crash.h"
#include "crashsrc.h"
#include "exitcodes.h"
#include "load.h"
#include "memmap.h"
#include "memmap_print.h"
#include "memsrc.h"
#include "sysroot.h"

static const char prog[] = "kexec-memmap";

enum {
	OPT_SYSROOT, OPT_FORMAT, OPT_CHECK, OPT_EXPLAIN, OPT_MAX_RANGES, OPT_HELP, OPT_VERSION,
	OPT_FOR,
};

static const struct cli_option options[] = {
	{ "sysroot", 'r', "DIR", OPT_SYSROOT, "read /proc and /sys under DIR instead of /" },
	{ "format", 'f', "FORMAT", OPT_FORMAT, "table (default), e820 or json" },
	{ "check", 'c', NULL, OPT_CHECK, "report conflicts between the sources; exit 10 if any" },
	{ "explain", 'x', NULL, OPT_EXPLAIN, "table: also classify every /proc/iomem line" },
	{ "max-ranges", 0, "N", OPT_MAX_RANGES, "fail when a source or list passes N ranges (default 16777216)" },
	{ "for", 0, "WHAT", OPT_FOR, "kexec (default), or kdump: also what kexec -p decides" },
	{ "help", 'h', NULL, OPT_HELP, "show this help and exit" },
	{ "version", 'V', NULL, OPT_VERSION, "show the version and exit" },
};

struct request {
	const char *sysroot;
	enum memmap_format format;
	bool check;
	bool explain;
	size_t max_ranges;
	bool kdump;		/* --for=kdump */
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
	case OPT_FOR:
		if (strcmp(arg, "kexec") && strcmp(arg, "kdump")) {
			cli_usage_error(prog, "--for '%s': expected kexec or kdump", arg);
			return EXIT_USAGE;
		}
		rq->kdump = !strcmp(arg, "kdump");
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

/*
 * --for=kdump: what kexec -p decides, before the ELF core header is placed
 * (kexec -p --dry-run also shows where it goes and takes its pages out of
 * the capture kernel's map).
 */
static int kdump_print(FILE *f, const struct sysroot *sr, const struct memsrc *src,
		       const struct memmap_view *v, enum memmap_format fmt)
{
	uint16_t machine = !strcmp(kexec_formats[0].arch, "aarch64") ? EM_AARCH64 : EM_X86_64;
	struct memsrc_error e = { 0 };
	struct memmap_plan capture = *v->plan;
	struct memmap_view cv = *v;
	struct range_list map = RANGE_LIST_INIT(0);
	struct range use[CRASH_MAX_REGIONS];
	struct crash_plan cp;
	struct crash_error ce;
	uint64_t size = 0;
	int ret;

	if (crashsrc_crash_size(sr, &size, &e)) {
		memsrc_report(prog, &e);
		return e.exit_code;
	}
	ret = crash_plan_build(&src->iomem, v->plan, machine, size, &cp, &ce);
	if (ret) {
		if (ce.line)
			fprintf(stderr, "%s: proc/iomem:%u: %s\n", prog, ce.line, ce.msg);
		else
			fprintf(stderr, "%s: %s\n", prog, ce.msg);
		return ce.problem == CRASH_NONE ? EXIT_NOINPUT : ret == -ENOMEM ? EXIT_FAIL :
		       EXIT_BADINPUT;
	}
	if (machine == EM_X86_64)
		ret = crash_x86_capture_map(&cp, v->plan, NULL, &map);
	if (ret) {
		crash_plan_free(&cp);
		fprintf(stderr, "%s: capture map: %s\n", prog, strerror(-ret));
		return EXIT_FAIL;
	}
	if (fmt == MEMMAP_FMT_E820) {
		capture.boot = map;
		cv.plan = &capture;
		memmap_print(f, &cv, MEMMAP_FMT_E820);
	} else {
		memmap_print(f, v, fmt);
		fprintf(f, "\nkdump (kexec -p): %zu crash region%s, 0x%" PRIx64 " bytes\n",
			cp.nregions, cp.nregions == 1 ? "" : "s", cp.reserved);
		for (size_t i = 0; i < cp.nregions; i++)
			fprintf(f, "crash region: 0x%016" PRIx64 "-0x%016" PRIx64 " (iomem line %u)\n",
				cp.region[i].start, cp.region[i].end,
				src->iomem.nodes[cp.region[i].node].line);
		for (size_t i = 0; i < cp.dump.n; i++)
			fprintf(f, "PT_LOAD: 0x%016" PRIx64 "-0x%016" PRIx64 "\n", cp.dump.v[i].start,
				cp.dump.v[i].end);
		if (machine == EM_X86_64) {
			fprintf(f, "capture kernel e820 (less the ELF core header's pages):\n");
			capture.boot = map;
			cv.plan = &capture;
			memmap_print(f, &cv, MEMMAP_FMT_E820);
		}
		for (size_t i = 0, n = crash_usable_ranges(&cp, use); i < n; i++)
			if (machine == EM_AARCH64)
				fprintf(f, "linux,usable-memory-range: 0x%016" PRIx64 "-0x%016" PRIx64
					"\n", use[i].start, use[i].end);
	}
	range_list_free(&map);
	crash_plan_free(&cp);
	return 0;
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
	if (rq.kdump && rq.format == MEMMAP_FMT_JSON) {
		sysroot_close(&sr);
		cli_usage_error(prog, "--for=kdump prints a table or e820 lines, not JSON");
		return EXIT_USAGE;
	}
	ret = memsrc_load(&sr, rq.max_ranges, &src, &err);
	if (ret) {
		sysroot_close(&sr);
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
		sysroot_close(&sr);
		return ret == -E2BIG ? EXIT_LIMIT : EXIT_FAIL;
	}

	view = (struct memmap_view){
		.plan = &plan, .iomem = &src.iomem, .fw = src.have_fw ? &src.fw : NULL,
		.explain = rq.explain,
	};
	code = EXIT_OK;
	if (rq.check && rq.format == MEMMAP_FMT_TABLE)
		print_check(stdout, &view);
	else if (rq.kdump)
		code = kdump_print(stdout, &sr, &src, &view, rq.format);
	else
		memmap_print(stdout, &view, rq.format);
	sysroot_close(&sr);

	if (!code && rq.check && plan.nconflicts)
		code = EXIT_CONFLICT;
	memmap_plan_free(&plan);
	memsrc_free(&src);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error on standard output\n", prog);
		return EXIT_FAIL;
	}
	return code;
}
