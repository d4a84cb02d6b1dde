// SPDX-License-Identifier: GPL-2.0-or-later
/* The bzImage row of the format table. */
#include <errno.h>

#include "../../memmap.h"
#include "../formats.h"
#include "../../purgatory_blob.h"
#include "bzimage.h"
#include "x86_64_crash.h"
#include "x86_64_load.h"

int x86_64_bzimage_probe(const void *buf, size_t len, struct diag *err)
{
	struct bzimage img;
	int ret = bzimage_probe(buf, len, &img, err);

	if (ret == -ENOEXEC)
		kexec_format_foreign(buf, len, "x86_64", err);
	return ret;
}

int x86_64_bzimage_load(const struct load_request *rq, struct load_plan *out, struct diag *err)
{
	struct x86_64_load_in in = {
		.initrd = rq->initrd,
		.initrd_len = rq->initrd_len,
		.cmdline = rq->cmdline,
		.boot = &rq->plan->boot,
		.place = rq->place,
		.fw_boot_params = rq->fw_boot_params,
		.acpi_rsdp = rq->acpi_rsdp,
		.rng_seed = rq->rng_seed,
		.rng_seed_len = rq->rng_seed_len,
		.purgatory_flags = rq->purgatory_flags,
		.serial_port = (uint16_t)rq->serial,
	};
	struct bzimage img;
	int ret;

	ret = bzimage_probe(rq->kernel, rq->kernel_len, &img, err);
	if (ret)
		return ret;
	in.img = &img;
	in.purgatory = purgatory_x86_64_image(&in.purgatory_len);
	if (rq->crash) {
		struct x86_64_crash_in cin = {
			.load = in, .crash = rq->crash, .plan = rq->plan, .place = rq->place,
			.cmdline = rq->cmdline, .core = *rq->core,
		};
		struct x86_64_crash_out info;

		ret = x86_64_crash_load(&cin, out, &info, err);
		if (ret)
			return ret;
		out->crash = (struct load_crash){
			.on = true, .elfcorehdr = info.elfcorehdr,
			.elfcorehdr_len = info.elfcorehdr_len, .phnum = info.phnum, .map = info.map,
			.cmdline = info.cmdline,
		};
		return 0;
	}
	return x86_64_load(&in, out, err);
}
