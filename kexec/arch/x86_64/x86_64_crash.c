// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86_64 kdump load: a normal bzImage load confined to the crash
 * reservation, with the capture kernel's e820 map and the ELF core header.
 * Documentation/admin-guide/kdump/kdump.rst; see x86_64_crash.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash_load.h"
#include "x86_64_crash.h"

int x86_64_crash_load(const struct x86_64_crash_in *in, struct load_plan *out,
		      struct x86_64_crash_out *info, struct diag *err)
{
	struct range_list map = RANGE_LIST_INIT(in->plan->boot.max);
	struct x86_64_load_in li = in->load;
	struct load_plan p = { 0 };
	struct crash_header h;
	char *cmd = NULL;
	int ret;

	ret = crash_header_prepare(in->crash, &in->core, in->place, &h, err);
	if (ret)
		return ret;
	ret = crash_x86_capture_map(in->crash, in->plan, &h.keep, &map);
	if (!ret && asprintf(&cmd, "%s%selfcorehdr=0x%zx@0x%" PRIx64, in->cmdline,
			     in->cmdline[0] ? " " : "", h.len, h.mem) < 0) {
		cmd = NULL;
		ret = -ENOMEM;
	}
	if (ret) {
		diag_set(err, ret, 0, "memory", "%s", strerror(-ret));
		goto out;
	}

	li.boot = &map;
	li.place = &h.rest;
	li.cmdline = cmd;
	ret = x86_64_load(&li, &p, err);
	if (ret)
		goto out;
	/* The plan takes over the command line and, below, the header. */
	if (p.nowned + 2 > sizeof(p.owned) / sizeof(p.owned[0])) {
		ret = diag_set(err, -EINVAL, 0, "segments", "no slot left for the ELF core header");
		goto out;
	}
	p.owned[p.nowned++] = cmd;
	cmd = NULL;
	ret = crash_header_commit(in->crash, &h, &p, err);
	if (ret)
		goto out;
	info->elfcorehdr = h.mem;
	info->elfcorehdr_len = h.len;
	info->phnum = h.phnum;
	info->cmdline = p.owned[p.nowned - 2];
	info->map = map;
	map = (struct range_list)RANGE_LIST_INIT(0);
	*out = p;
	p = (struct load_plan){ 0 };
out:
	load_plan_free(&p);
	crash_header_free(&h);
	free(cmd);
	range_list_free(&map);
	return ret;
}
