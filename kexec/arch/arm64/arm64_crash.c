// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 kdump load: a normal Image load confined to the crash
 * reservation, with /chosen telling the capture kernel where it may run
 * and where the ELF core header is.  Documentation/admin-guide/kdump/
 * kdump.rst; dt-schema chosen.yaml.  See arm64_crash.h.
 */
#include "arm64_crash.h"
#include "crash_load.h"

int arm64_crash_load(const struct arm64_crash_in *in, struct load_plan *out, struct diag *err)
{
	struct arm64_load_in li = in->load;
	struct arm64_crash_props props = { 0 };
	struct load_plan p = { 0 };
	struct crash_header h;
	int ret;

	ret = crash_header_prepare(in->crash, &in->core, in->place, &h, err);
	if (ret)
		return ret;
	props.elfcorehdr_start = h.mem;
	props.elfcorehdr_size = h.len;
	props.nusable = crash_usable_ranges(in->crash, props.usable);
	li.place = &h.rest;
	li.crash = &props;
	ret = arm64_load(&li, &p, err);
	if (!ret)
		ret = crash_header_commit(in->crash, &h, &p, err);
	if (!ret) {
		p.crash = (struct load_crash){
			.on = true, .elfcorehdr = h.mem, .elfcorehdr_len = h.len, .phnum = h.phnum,
			.nusable = props.nusable, .cmdline = li.cmdline,
		};
		for (size_t i = 0; i < props.nusable; i++)
			p.crash.usable[i] = props.usable[i];
		*out = p;
		p = (struct load_plan){ 0 };
	}
	load_plan_free(&p);
	crash_header_free(&h);
	return ret;
}
