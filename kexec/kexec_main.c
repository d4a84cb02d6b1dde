// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec: load a kernel and boot it without firmware.  The option spellings
 * are kexec-tools', so scripts, kdumpctl and systemd keep working.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "crash.h"
#include "crashsrc.h"
#include "exitcodes.h"
#include "fileview.h"
#include "kexec_sys.h"
#include "load.h"
#include "memmap.h"
#include "memsrc.h"
#include "plan_print.h"

static const char prog[] = "kexec";

enum action { ACT_NONE, ACT_LOAD, ACT_EXEC, ACT_UNLOAD, ACT_FORCE, ACT_STATUS };
enum sysmode { SYS_DEFAULT, SYS_LOAD, SYS_FILE, SYS_AUTO };

enum {
	OPT_LOAD, OPT_EXEC, OPT_UNLOAD, OPT_FORCE, OPT_STATUS, OPT_TYPE, OPT_APPEND,
	OPT_COMMAND_LINE, OPT_REUSE_CMDLINE, OPT_INITRD, OPT_RAMDISK, OPT_SYSCALL,
	OPT_FILE_SYSCALL, OPT_AUTO_SYSCALL, OPT_NO_CHECKS, OPT_NO_SYNC, OPT_NO_IFDOWN,
	OPT_DRY_RUN, OPT_SYSROOT, OPT_MEM_MIN, OPT_MEM_MAX, OPT_SERIAL, OPT_DEBUG,
	OPT_HELP, OPT_VERSION, OPT_DTB, OPT_LOAD_PANIC,
};

static const struct cli_option options[] = {
	{ "load", 'l', NULL, OPT_LOAD, "load KERNEL, to boot it later with -e" },
	{ "load-panic", 'p', NULL, OPT_LOAD_PANIC, "load KERNEL as the crash (kdump) kernel; with -u: unload it" },
	{ "exec", 'e', NULL, OPT_EXEC, "boot the loaded kernel now" },
	{ "unload", 'u', NULL, OPT_UNLOAD, "unload the loaded kernel" },
	{ "force", 'f', NULL, OPT_FORCE, "load KERNEL and boot it at once, without shutdown(8)" },
	{ "status", 'S', NULL, OPT_STATUS, "exit 1 if the crash kernel (with -l: the kernel) is loaded, 0 if not" },
	{ "type", 't', "TYPE", OPT_TYPE, "the image format: bzImage or Image (default: detected)" },
	{ "append", 0, "STRING", OPT_APPEND, "append STRING to the new kernel's command line" },
	{ "command-line", 0, "STRING", OPT_COMMAND_LINE, "the same as --append" },
	{ "reuse-cmdline", 0, NULL, OPT_REUSE_CMDLINE, "start from the running kernel's command line" },
	{ "initrd", 0, "FILE", OPT_INITRD, "load FILE as the initrd, as it is" },
	{ "ramdisk", 0, "FILE", OPT_RAMDISK, "the same as --initrd" },
	{ "dtb", 0, "FILE", OPT_DTB, "arm64: start the device tree from FILE (default: /sys/firmware/fdt)" },
	{ "kexec-syscall", 'c', NULL, OPT_SYSCALL, "use kexec_load(2) only" },
	{ "kexec-file-syscall", 's', NULL, OPT_FILE_SYSCALL, "use kexec_file_load(2) only" },
	{ "kexec-syscall-auto", 'a', NULL, OPT_AUTO_SYSCALL, "try kexec_file_load(2), then kexec_load(2)" },
	{ "no-checks", 'i', NULL, OPT_NO_CHECKS, "purgatory skips the segment checksums" },
	{ "no-sync", 'y', NULL, OPT_NO_SYNC, "do not sync filesystems before -e" },
	{ "no-ifdown", 'x', NULL, OPT_NO_IFDOWN, "do not take network interfaces down before -e" },
	{ "dry-run", 0, NULL, OPT_DRY_RUN, "do all the work and print the plan, but load nothing" },
	{ "sysroot", 0, "DIR", OPT_SYSROOT, "read /proc and /sys under DIR instead of /" },
	{ "mem-min", 0, "ADDR", OPT_MEM_MIN, "place no segment below ADDR" },
	{ "mem-max", 0, "ADDR", OPT_MEM_MAX, "place no segment at or above ADDR" },
	{ "serial", 0, "PORT", OPT_SERIAL, "purgatory's UART for errors: x86 I/O port (default 0x3f8), arm64 PL011 MMIO base (default none); 0: none" },
	{ "debug", 'd', NULL, OPT_DEBUG, "print the plan, as --dry-run does, and load it" },
	{ "help", 'h', NULL, OPT_HELP, "show this help and exit" },
	{ "version", 'v', NULL, OPT_VERSION, "show the version and exit" },
};

struct request {
	enum action action;
	enum sysmode sysmode;
	const char *type;
	const char *append;
	bool reuse_cmdline;
	const char *initrd;
	const char *dtb;
	bool serial_set;
	bool no_checks, no_sync, no_ifdown, dry_run, debug, done;
	bool status_normal;		/* -S -l: the normal image, not the crash one */
	bool crash;			/* -p: the crash image (load, unload, status) */
	const char *sysroot;
	uint64_t mem_min, mem_max;
	uint64_t serial;
	const char *kernel;
};

static int set_action(struct request *rq, enum action a, const char *opt)
{
	/* kexec-tools: -S supersedes every other action, and -l picks the
	 * normal image instead of the crash one. */
	if (a == ACT_STATUS || rq->action == ACT_STATUS) {
		if (a == ACT_LOAD || rq->action == ACT_LOAD)
			rq->status_normal = true;
		rq->action = ACT_STATUS;
		return 0;
	}
	if (rq->action != ACT_NONE && rq->action != a) {
		cli_usage_error(prog, "%s cannot be combined with another action", opt);
		return EXIT_USAGE;
	}
	rq->action = a;
	return 0;
}

/*
 * -p: kexec-tools' --load-panic.  Alone it loads the crash kernel; with -u
 * (either order, as kdumpctl writes "kexec -p -u") it unloads the crash
 * image, and with -S it is the crash image's status, -S's default anyway.
 */
static int set_panic(struct request *rq)
{
	bool again = rq->crash;

	rq->crash = true;
	if (rq->action == ACT_UNLOAD || rq->action == ACT_STATUS)
		return 0;
	if (rq->action != ACT_NONE && rq->action != ACT_LOAD) {
		cli_usage_error(prog, "--load-panic cannot be combined with another action");
		return EXIT_USAGE;
	}
	if (rq->action == ACT_LOAD && !again) {
		cli_usage_error(prog, "--load-panic cannot be combined with --load");
		return EXIT_USAGE;
	}
	rq->action = ACT_LOAD;
	return 0;
}

static int parse_addr(const char *opt, const char *arg, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-') {
		cli_usage_error(prog, "%s '%s': expected an address such as 0x1000000", opt, arg);
		return EXIT_USAGE;
	}
	return 0;
}

static void help(void)
{
	printf("Usage: %s [options] -l KERNEL      load KERNEL for a later -e\n"
	       "       %s [options] -f KERNEL      load KERNEL and boot it now\n"
	       "       %s -e | -u | -S\n\n"
	       "Load a Linux kernel and boot it without firmware.  The next kernel's memory map\n"
	       "comes from /proc/iomem and /sys/firmware/memmap, reconciled as kexec-memmap(8)\n"
	       "shows: driver-managed and persistent memory never reaches it as free RAM.\n\n"
	       "Options:\n", prog, prog, prog);
	cli_help(stdout, options, sizeof(options) / sizeof(options[0]));
	printf("\nExit status: 0 ok, 1 failure (-S: loaded), 2 usage, 3 missing or unreadable\n"
	       "input, 4 malformed input, 5 limit exceeded, 6 not privileged, 7 image cannot be\n"
	       "loaded, 8 no room for the segments, 9 the kernel refused, 11 nothing loaded.\n"
	       "See kexec(8).\n");
}

static int handle(void *ctx, int id, const char *arg)
{
	struct request *rq = ctx;

	switch (id) {
	case OPT_LOAD:
		if (rq->crash) {
			cli_usage_error(prog, "--load cannot be combined with --load-panic");
			return EXIT_USAGE;
		}
		return set_action(rq, ACT_LOAD, "--load");
	case OPT_LOAD_PANIC: return set_panic(rq);
	case OPT_EXEC: return set_action(rq, ACT_EXEC, "--exec");
	case OPT_UNLOAD:
		/* -p -u: the crash image, which -p had made a load. */
		if (rq->crash && rq->action == ACT_LOAD)
			rq->action = ACT_NONE;
		return set_action(rq, ACT_UNLOAD, "--unload");
	case OPT_FORCE: return set_action(rq, ACT_FORCE, "--force");
	case OPT_STATUS: return set_action(rq, ACT_STATUS, "--status");
	case OPT_TYPE: rq->type = arg; break;
	case OPT_APPEND:
	case OPT_COMMAND_LINE: rq->append = arg; break;
	case OPT_REUSE_CMDLINE: rq->reuse_cmdline = true; break;
	case OPT_INITRD:
	case OPT_RAMDISK: rq->initrd = arg; break;
	case OPT_DTB: rq->dtb = arg; break;
	case OPT_SYSCALL: rq->sysmode = SYS_LOAD; break;
	case OPT_FILE_SYSCALL: rq->sysmode = SYS_FILE; break;
	case OPT_AUTO_SYSCALL: rq->sysmode = SYS_AUTO; break;
	case OPT_NO_CHECKS: rq->no_checks = true; break;
	case OPT_NO_SYNC: rq->no_sync = true; break;
	case OPT_NO_IFDOWN: rq->no_ifdown = true; break;
	case OPT_DRY_RUN: rq->dry_run = true; break;
	case OPT_SYSROOT: rq->sysroot = arg; break;
	case OPT_MEM_MIN: return parse_addr("--mem-min", arg, &rq->mem_min);
	case OPT_MEM_MAX: return parse_addr("--mem-max", arg, &rq->mem_max);
	case OPT_SERIAL:
		if (parse_addr("--serial", arg, &rq->serial))
			return EXIT_USAGE;
		/* x86 builds take an I/O port; arm64 a PL011's MMIO base. */
		if (!strcmp(kexec_formats[0].arch, "x86_64") && rq->serial > 0xffff) {
			cli_usage_error(prog, "--serial '%s': expected an I/O port up to 0xffff", arg);
			return EXIT_USAGE;
		}
		rq->serial_set = true;
		break;
	case OPT_DEBUG: rq->debug = true; break;
	case OPT_HELP:
		help();
		rq->done = true;
		return -1;
	case OPT_VERSION:
		printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
		rq->done = true;
		return -1;
	}
	return 0;
}

/* The running kernel's command line, without what only applied to its own
 * boot; for a crash kernel also without crashkernel= (kexec-tools does the
 * same: a capture kernel must not reserve memory of its own). */
static char *reused_cmdline(const struct sysroot *sr, bool crash)
{
	char *buf, *out, *tok, *save = NULL;
	size_t len;

	if (sysroot_read(sr, "proc/cmdline", 1 << 16, &buf, &len))
		return NULL;
	out = calloc(1, len + 1);
	for (tok = strtok_r(buf, " \t\n", &save); out && tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (!strncmp(tok, "BOOT_IMAGE=", 11) || (crash && !strncmp(tok, "crashkernel=", 12)))
			continue;
		if (*out)
			strcat(out, " ");
		strcat(out, tok);
	}
	free(buf);
	return out;
}

static char *build_cmdline(const struct request *rq, const struct sysroot *sr)
{
	char *base = NULL, *out;

	if (rq->reuse_cmdline) {
		base = reused_cmdline(sr, rq->crash);
		if (!base) {
			char shown[4200];

			fprintf(stderr, "%s: %s: cannot read the running kernel's command line\n", prog,
				sysroot_display(sr, "proc/cmdline", shown, sizeof(shown)));
			return NULL;
		}
	}
	if (asprintf(&out, "%s%s%s", base ? base : "", base && *base && rq->append ? " " : "",
		     rq->append ? rq->append : "") < 0)
		out = NULL;
	free(base);
	return out;
}

/* The ACPI RSDP from the EFI system table, when there is one. */
static uint64_t efi_rsdp(const struct sysroot *sr)
{
	uint64_t acpi20 = 0, acpi = 0;
	char *buf, *line, *save = NULL;
	size_t len;

	if (sysroot_read(sr, "sys/firmware/efi/systab", 4096, &buf, &len))
		return 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "ACPI20=", 7))
			acpi20 = strtoull(line + 7, NULL, 0);
		else if (!strncmp(line, "ACPI=", 5))
			acpi = strtoull(line + 5, NULL, 0);
	}
	free(buf);
	return acpi20 ? acpi20 : acpi;
}

struct loaded_inputs {
	struct fileview kernel, initrd, dtbfile;
	char *fw_dtb;			/* sys/firmware/fdt, when no --dtb */
	struct memsrc src;
	struct memmap_plan plan;
	struct range_list place;
	char *cmdline;
	char *boot_params;
	const struct kexec_format *fmt;
	struct load_plan load;
	uint8_t seed[32];
	int memfd;			/* the decompressed kernel, for kexec_file_load */
	/* -p */
	struct crashsrc csrc;
	struct crash_plan crash;
	struct elfcore_in core;
};

static void free_inputs(struct loaded_inputs *in)
{
	fileview_close(&in->kernel);
	fileview_close(&in->initrd);
	fileview_close(&in->dtbfile);
	free(in->fw_dtb);
	memmap_plan_free(&in->plan);
	memsrc_free(&in->src);
	range_list_free(&in->place);
	free(in->cmdline);
	free(in->boot_params);
	load_plan_free(&in->load);
	crashsrc_free(&in->csrc);
	crash_plan_free(&in->crash);
	if (in->memfd >= 0)
		close(in->memfd);
}

static uint16_t machine_of(const struct kexec_format *f)
{
	return !strcmp(f->arch, "aarch64") ? EM_AARCH64 : EM_X86_64;
}

/*
 * -p: the reservation, the crash inputs and the ELF core header's facts.
 * Prints its own errors.  A missing reservation is "no room"; a malformed
 * one is bad input, told against the /proc/iomem line.
 */
static int prepare_crash(const struct sysroot *sr, struct loaded_inputs *in)
{
	struct memsrc_error e = { 0 };
	struct crash_error ce;
	const struct crashsrc *c = &in->csrc;
	uint16_t machine = machine_of(in->fmt);
	uint64_t kphys = 0, size = 0;
	char shown[4200];
	bool kcore;
	int ret;

	ret = crashsrc_crash_size(sr, &size, &e);
	if (ret) {
		memsrc_report(prog, &e);
		return e.exit_code;
	}
	/* The reservation first: without one nothing else matters. */
	ret = crash_plan_build(&in->src.iomem, &in->plan, machine, size, &in->crash, &ce);
	if (ret) {
		sysroot_display(sr, "proc/iomem", shown, sizeof(shown));
		if (ce.problem == CRASH_NONE)
			fprintf(stderr, "%s: %s\n", prog, ce.msg);
		else if (ce.line)
			fprintf(stderr, "%s: %s:%u: %s\n", prog, shown, ce.line, ce.msg);
		else
			fprintf(stderr, "%s: %s: %s\n", prog, shown, ce.msg);
		return ce.problem == CRASH_NONE ? EXIT_NOSPACE : ret == -ENOMEM ? EXIT_FAIL :
		       ret == -E2BIG ? EXIT_LIMIT : EXIT_BADINPUT;
	}
	crash_kernel_code(&in->src.iomem, &kphys);
	ret = crashsrc_load(sr, kphys, &in->csrc, &e);
	if (ret) {
		memsrc_report(prog, &e);
		return e.exit_code;
	}
	if (c->absent_cpus)
		fprintf(stderr, "%s: warning: %zu possible CPUs are not present: a dump taken after "
			"one is added lacks its registers until the crash kernel is loaded again\n",
			prog, c->absent_cpus);
	kcore = c->have_kcore && c->kcore.machine == machine;
	if (!kcore)
		fprintf(stderr, "%s: warning: %s: %s: the dump's PT_LOADs get no virtual addresses "
			"and no kernel-text segment, which makedumpfile needs on a kernel with "
			"randomized memory\n", prog,
			sysroot_display(sr, "proc/kcore", shown, sizeof(shown)),
			c->have_kcore ? "another architecture's" : c->kcore_why);
	in->core = (struct elfcore_in){
		.machine = machine, .cpu_notes = c->notes, .ncpu_notes = c->nnotes,
		.vmcoreinfo = c->vmcoreinfo,
		.have_text = kcore && c->kcore.have_text, .text_vaddr = c->kcore.text_vaddr,
		.text_paddr = c->kcore.text_paddr, .text_size = c->kcore.text_size,
		.have_linear = kcore && c->kcore.have_linear,
		.linear_offset = c->kcore.linear_offset,
	};
	return 0;
}

static int exit_for_errno(int ret)
{
	switch (ret) {
	case -ENOENT: case -EACCES: case -EISDIR: case -EIO: return EXIT_NOINPUT;
	case -ENOMEM: return EXIT_FAIL;
	case -EFBIG: case -E2BIG: return EXIT_LIMIT;
	default: return EXIT_BADINPUT;
	}
}

static const struct kexec_format *probe(const struct request *rq, const void *buf, size_t len,
					struct diag *why)
{
	struct diag d;

	why->msg[0] = '\0';
	for (const struct kexec_format *f = kexec_formats; f->name; f++) {
		if (rq->type && strcasecmp(rq->type, f->name) &&
		    !(!strcasecmp(rq->type, "bzImage64") && !strcmp(f->name, "bzImage")))
			continue;
		if (!f->probe(buf, len, &d))
			return f;
		/* A format that recognised the file explains best what is wrong. */
		if (d.msg[0] && (!why->msg[0] || !strstr(d.msg, "not a")))
			*why = d;
	}
	return NULL;
}

/* A device tree larger than this is refused before it is read. */
#define DTB_READ_LIMIT (64u << 20)

/*
 * arm64: the device tree to start from, --dtb FILE or the one the running
 * kernel was booted with.  Prints its own errors; sets *name for messages.
 */
static int read_dtb(const struct request *rq, const struct sysroot *sr, struct loaded_inputs *in,
		    const void **dtb, size_t *len, char *name, size_t name_size)
{
	char why[256];
	int ret;

	if (rq->dtb) {
		snprintf(name, name_size, "%s", rq->dtb);
		ret = fileview_open(rq->dtb, false, &in->dtbfile, why, sizeof(why));
		if (ret) {
			fprintf(stderr, "%s: %s: %s\n", prog, rq->dtb, why);
			return exit_for_errno(ret);
		}
		if (in->dtbfile.len > DTB_READ_LIMIT) {
			fprintf(stderr, "%s: %s: %zu bytes, more than a device tree may have (%u)\n",
				prog, rq->dtb, in->dtbfile.len, DTB_READ_LIMIT);
			return EXIT_LIMIT;
		}
		*dtb = in->dtbfile.data;
		*len = in->dtbfile.len;
		return 0;
	}
	sysroot_display(sr, "sys/firmware/fdt", name, name_size);
	ret = sysroot_read(sr, "sys/firmware/fdt", DTB_READ_LIMIT, &in->fw_dtb, len);
	if (ret) {
		fprintf(stderr, "%s: %s: %s%s\n", prog, name, strerror(-ret),
			ret == -ENOENT ? " (give the device tree with --dtb)" : "");
		return ret == -EFBIG ? EXIT_LIMIT : exit_for_errno(ret);
	}
	*dtb = in->fw_dtb;
	return 0;
}

/* Read everything a load needs and build its plan; prints its own errors. */
static int prepare_load(const struct request *rq, const struct sysroot *sr,
			struct loaded_inputs *in)
{
	struct memsrc_error merr = { 0 };
	struct load_request lr = { 0 };
	struct range_list lim = RANGE_LIST_INIT(0);
	char why[256], dtb_name[4200] = "";
	const void *dtb = NULL;
	size_t dtb_len = 0;
	struct diag d;
	size_t len;
	int ret;

	ret = fileview_open(rq->kernel, true, &in->kernel, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "%s: %s: %s\n", prog, rq->kernel, why);
		return ret == -EINVAL ? EXIT_BADIMAGE : exit_for_errno(ret);
	}
	in->fmt = probe(rq, in->kernel.data, in->kernel.len, &d);
	if (!in->fmt) {
		if (rq->type && !d.msg[0])
			fprintf(stderr, "%s: %s: unknown image type '%s', expected %s\n", prog,
				rq->kernel, rq->type, kexec_formats[0].name);
		else
			fprintf(stderr, "%s: %s: %s%s%s\n", prog, rq->kernel, d.field[0] ? d.field : "",
				d.field[0] ? ": " : "", d.msg);
		return EXIT_BADIMAGE;
	}
	if (rq->initrd) {
		ret = fileview_open(rq->initrd, false, &in->initrd, why, sizeof(why));
		if (ret) {
			fprintf(stderr, "%s: %s: %s\n", prog, rq->initrd, why);
			return exit_for_errno(ret);
		}
	}
	in->cmdline = build_cmdline(rq, sr);
	if (!in->cmdline)
		return EXIT_NOINPUT;

	ret = memsrc_load(sr, RANGE_LIST_DEFAULT_MAX, &in->src, &merr);
	if (ret) {
		memsrc_report(prog, &merr);
		return merr.exit_code;
	}
	memsrc_print_warnings(prog, &in->src);
	ret = memmap_build(&in->src.iomem, in->src.have_fw ? &in->src.fw : NULL,
			   RANGE_LIST_DEFAULT_MAX, &in->plan);
	if (ret) {
		fprintf(stderr, "%s: memory plan: %s\n", prog, strerror(-ret));
		return ret == -E2BIG ? EXIT_LIMIT : EXIT_FAIL;
	}
	if (rq->crash) {
		ret = prepare_crash(sr, in);
		if (ret)
			return ret;
	}
	/* A crash load goes inside the reservation, and nowhere else. */
	ret = range_list_add(&lim, rq->mem_min, rq->mem_max ? rq->mem_max : UINT64_MAX, 0, 0);
	if (!ret)
		ret = range_intersect(&in->place, rq->crash ? &in->crash.place : &in->plan.place,
				      &lim);
	range_list_free(&lim);
	if (ret)
		return EXIT_FAIL;

	/* Firmware facts for x86: absent files just leave the fields zero. */
	if (!sysroot_read(sr, "sys/kernel/boot_params/data", 4096, &in->boot_params, &len) &&
	    len < 4096) {
		free(in->boot_params);
		in->boot_params = NULL;
	}
	if (!strcmp(in->fmt->arch, "aarch64")) {
		ret = read_dtb(rq, sr, in, &dtb, &dtb_len, dtb_name, sizeof(dtb_name));
		if (ret)
			return ret;
	}
	if (getrandom(in->seed, sizeof(in->seed), 0) != (ssize_t)sizeof(in->seed)) {
		fprintf(stderr, "%s: getrandom: %s\n", prog, strerror(errno));
		return EXIT_FAIL;
	}

	lr = (struct load_request){
		.kernel = in->kernel.data, .kernel_len = in->kernel.len,
		.initrd = rq->initrd ? in->initrd.data : NULL,
		.initrd_len = rq->initrd ? in->initrd.len : 0,
		.cmdline = in->cmdline, .plan = &in->plan, .place = &in->place,
		.fw_boot_params = (const uint8_t *)in->boot_params, .acpi_rsdp = efi_rsdp(sr),
		.rng_seed = in->seed, .rng_seed_len = sizeof(in->seed),
		.purgatory_flags = rq->no_checks ? PURGATORY_F_NO_CHECKS : 0,
		.serial = rq->serial_set ? rq->serial :
			  !strcmp(in->fmt->arch, "x86_64") ? 0x3f8 : 0,
		.dtb = dtb, .dtb_len = dtb_len,
		.crash = rq->crash ? &in->crash : NULL, .core = rq->crash ? &in->core : NULL,
	};
	ret = in->fmt->load(&lr, &in->load, &d);
	if (ret) {
		/* A device tree's problem is told against its file. */
		fprintf(stderr, "%s: %s: %s%s\n", prog, !strcmp(d.field, "dtb") ? dtb_name : rq->kernel,
			d.msg, rq->crash && ret == -ENOSPC ?
			" (the crash reservation: a larger crashkernel= makes room)" : "");
		/* The core header's problems are the machine's, not the image's. */
		if (!strcmp(d.field, "elfcorehdr") && ret != -ENOSPC)
			return ret == -E2BIG ? EXIT_LIMIT : EXIT_BADINPUT;
		return ret == -ENOSPC ? EXIT_NOSPACE : ret == -E2BIG ? EXIT_BADIMAGE :
		       ret == -ENOMEM ? EXIT_FAIL : EXIT_BADIMAGE;
	}
	return 0;
}

static bool native_arch(const struct kexec_format *f)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.machine, f->arch);
}

static void warn_file_syscall(const struct loaded_inputs *in)
{
	for (size_t i = 0; i < in->plan.nconflicts; i++) {
		const struct memmap_conflict *c = &in->plan.conflicts[i];
		const struct iomem_node *n = &in->src.iomem.nodes[c->node];

		if (c->fw_type == MT_RAM)
			fprintf(stderr, "%s: warning: kexec_file_load builds its own memory map and will "
				"not keep 0x%" PRIx64 "-0x%" PRIx64 " (%.*s) away from the next kernel\n",
				prog, c->start, c->end, (int)n->name_len, n->name);
	}
}

/* kexec_file_load(2) reads the kernel from a file descriptor: hand it the
 * decompressed bytes through a memfd when the file was compressed. */
static int kernel_fd(struct loaded_inputs *in)
{
	const uint8_t *p = in->kernel.data;
	size_t left = in->kernel.len;

	if (!in->kernel.heap)
		return in->kernel.fd;
	if (in->memfd >= 0)
		return in->memfd;
	in->memfd = memfd_create("kexec-kernel", MFD_CLOEXEC);
	while (in->memfd >= 0 && left) {
		ssize_t w = write(in->memfd, p, left);

		if (w <= 0)
			return -1;
		p += w;
		left -= (size_t)w;
	}
	return in->memfd;
}

/* Make the syscall the request asks for, with the documented fallbacks. */
static int do_load(const struct request *rq, const struct sysroot *sr, struct loaded_inputs *in)
{
	int ret = 0, initrd_fd = rq->initrd ? in->initrd.fd : -1;
	const char *how;

	if (!native_arch(in->fmt)) {
		fprintf(stderr, "%s: %s: a %s image cannot be loaded on this machine (only --dry-run)\n",
			prog, rq->kernel, in->fmt->arch);
		return EXIT_BADIMAGE;
	}
	if (rq->sysmode == SYS_FILE || rq->sysmode == SYS_AUTO) {
		ret = kexec_sys_file_load(kernel_fd(in), initrd_fd, in->cmdline, rq->crash);
		how = rq->sysmode == SYS_FILE ? "kexec_file_load (-s)" : "kexec_file_load (-a, tried first)";
		if (!ret || rq->sysmode == SYS_FILE || !(ret == -ENOSYS || ret == -EINVAL ||
							 ret == -ENOEXEC || ret == -EOPNOTSUPP))
			goto done;
		fprintf(stderr, "%s: kexec_file_load: %s; trying kexec_load (-a)\n", prog, strerror(-ret));
	}
	ret = kexec_sys_load(&in->load, in->fmt->kexec_arch, rq->crash);
	how = rq->sysmode == SYS_DEFAULT ? "kexec_load (the default: our reconciled memory map)" :
	      rq->sysmode == SYS_LOAD ? "kexec_load (-c)" : "kexec_load (-a fallback)";
	if (ret && rq->sysmode == SYS_DEFAULT &&
	    (ret == -ENOSYS || (ret == -EPERM && kexec_privileged() && kexec_lockdown(sr)))) {
		fprintf(stderr, "%s: kexec_load: %s%s; falling back to kexec_file_load\n", prog,
			strerror(-ret), ret == -EPERM ? " under kernel lockdown" : "");
		warn_file_syscall(in);
		ret = kexec_sys_file_load(kernel_fd(in), initrd_fd, in->cmdline, rq->crash);
		how = "kexec_file_load (fallback: the kernel refused kexec_load)";
	}
done:
	if (ret) {
		const char *hint = ret == -EPERM && !kexec_privileged() ? " (needs CAP_SYS_BOOT)" :
				   ret == -ENOSYS ? " (this kernel has no kexec support)" :
				   ret == -EKEYREJECTED || ret == -EBADMSG ?
				   " (the kernel's signature was rejected)" : "";

		fprintf(stderr, "%s: %s: %s%s\n", prog, how, strerror(-ret), hint);
		return ret == -EPERM && !kexec_privileged() ? EXIT_PERM : EXIT_KERNEL;
	}
	printf("%s: loaded %s%s with %s\n", prog, rq->kernel, rq->crash ? " as the crash kernel" : "",
	       how);
	return 0;
}

static int do_exec(const struct request *rq, const struct sysroot *sr)
{
	int loaded = kexec_loaded(sr, false);

	if (loaded == 0) {
		fprintf(stderr, "%s: no kernel is loaded: load one with -l first\n", prog);
		return EXIT_NOTLOADED;
	}
	if (rq->dry_run) {
		printf("%s: dry run: would %s%sboot the loaded kernel\n", prog,
		       rq->no_sync ? "" : "sync, ", rq->no_ifdown ? "" : "take interfaces down, ");
		return 0;
	}
	if (!rq->no_sync)
		sync();
	if (!rq->no_ifdown)
		kexec_ifdown();
	fprintf(stderr, "%s: reboot(LINUX_REBOOT_CMD_KEXEC): %s\n", prog,
		strerror(-kexec_sys_reboot()));
	return EXIT_KERNEL;
}

static int run(struct request *rq, struct sysroot *sr)
{
	struct loaded_inputs in = { .memfd = -1 };
	int ret;

	switch (rq->action) {
	case ACT_EXEC:
		return do_exec(rq, sr);
	case ACT_STATUS:
		/* kexec-tools' convention, kept for its scripts: exit 1 when
		 * loaded, 0 when not. */
		ret = kexec_loaded(sr, !rq->status_normal);
		if (ret < 0) {
			fprintf(stderr, "%s: cannot tell: no sys/kernel/kexec_%sloaded\n", prog,
				rq->status_normal ? "" : "crash_");
			return EXIT_NOINPUT;
		}
		printf("%s: %s kernel is %sloaded\n", prog, rq->status_normal ? "a" : "a crash",
		       ret ? "" : "not ");
		return ret ? 1 : 0;
	case ACT_UNLOAD:
		if (rq->dry_run) {
			printf("%s: dry run: would unload the loaded %skernel\n", prog,
			       rq->crash ? "crash " : "");
			return 0;
		}
		ret = kexec_sys_unload(kexec_formats[0].kexec_arch, rq->sysmode == SYS_FILE,
				       rq->crash);
		if (ret) {
			fprintf(stderr, "%s: unload: %s\n", prog, strerror(-ret));
			return ret == -EPERM ? EXIT_PERM : EXIT_KERNEL;
		}
		return 0;
	default:
		break;
	}

	ret = prepare_load(rq, sr, &in);
	if (!ret && (rq->dry_run || rq->debug)) {
		struct memmap_view mv = {
			.plan = &in.plan, .iomem = &in.src.iomem,
			.fw = in.src.have_fw ? &in.src.fw : NULL,
		};
		struct plan_view pv = {
			.kernel_path = rq->kernel, .initrd_path = rq->initrd, .format = in.fmt->name,
			.cmdline = in.load.crash.cmdline ? in.load.crash.cmdline : in.cmdline,
			.load = &in.load, .mem = &mv, .crash = rq->crash ? &in.crash : NULL,
			.syscall = rq->sysmode == SYS_FILE ? "kexec_file_load (-s)" :
				   rq->sysmode == SYS_AUTO ? "kexec_file_load, then kexec_load (-a)" :
				   "kexec_load (our reconciled memory map)",
		};

		if (rq->dry_run)
			printf("%s: dry run: nothing is loaded\n", prog);
		plan_print(stdout, &pv);
		fflush(stdout);
	}
	if (!ret && !rq->dry_run)
		ret = do_load(rq, sr, &in);
	free_inputs(&in);
	if (ret || rq->dry_run)
		return ret;
	if (rq->action == ACT_FORCE)
		return do_exec(rq, sr);
	if (rq->action == ACT_NONE) {
		/* kexec-tools: a kernel without an action is loaded, then shutdown(8). */
		fflush(stdout);
		execlp("shutdown", "shutdown", "-r", "now", (char *)NULL);
		fprintf(stderr, "%s: shutdown: %s\n", prog, strerror(errno));
		return EXIT_FAIL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct request rq = { 0 };
	struct sysroot sr;
	int first, ret;

	ret = cli_parse(prog, argc, argv, options, sizeof(options) / sizeof(options[0]), handle,
			&rq, &first);
	if (rq.done)
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	if (ret)
		return EXIT_USAGE;
	if (first < argc)
		rq.kernel = argv[first++];
	if (first < argc) {
		cli_usage_error(prog, "unexpected argument '%s'", argv[first]);
		return EXIT_USAGE;
	}
	if ((rq.action == ACT_LOAD || rq.action == ACT_FORCE) && !rq.kernel) {
		cli_usage_error(prog, "no kernel given to load");
		return EXIT_USAGE;
	}
	if (rq.action == ACT_NONE && !rq.kernel) {
		cli_usage_error(prog, "nothing to do: give -l KERNEL, -f KERNEL, -e, -u or -S");
		return EXIT_USAGE;
	}
	if ((rq.action == ACT_EXEC || rq.action == ACT_UNLOAD) && rq.kernel) {
		cli_usage_error(prog, "unexpected argument '%s'", rq.kernel);
		return EXIT_USAGE;
	}
	if (rq.mem_max && rq.mem_max <= rq.mem_min) {
		cli_usage_error(prog, "--mem-max must be above --mem-min");
		return EXIT_USAGE;
	}

	/* A sysroot describes some other machine's memory: loading or booting
	 * this one from it could overwrite anything.  Plan only. */
	if (rq.sysroot && strcmp(rq.sysroot, "/") && !rq.dry_run && rq.action != ACT_STATUS) {
		cli_usage_error(prog, "--sysroot plans for another machine: it needs --dry-run");
		return EXIT_USAGE;
	}

	ret = sysroot_open(rq.sysroot, &sr);
	if (ret) {
		fprintf(stderr, "%s: %s: cannot open the sysroot: %s\n", prog,
			rq.sysroot ? rq.sysroot : "/", strerror(-ret));
		return EXIT_NOINPUT;
	}
	ret = run(&rq, &sr);
	sysroot_close(&sr);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error on standard output\n", prog);
		return EXIT_FAIL;
	}
	return ret;
}
