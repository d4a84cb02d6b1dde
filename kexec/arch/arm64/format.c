// SPDX-License-Identifier: GPL-2.0-or-later
/* The arm64 Image row of the format table. */
#include <errno.h>

#include "../../memmap.h"
#include "../../purgatory_blob.h"
#include "../formats.h"
#include "arm64_crash.h"
#include "arm64_load.h"
#include "image.h"

int arm64_image_probe(const void *buf, size_t len, struct diag *err)
{
	struct arm64_image img;
	int ret = arm64_image_parse(buf, len, &img, err);

	if (ret == -ENOEXEC)
		kexec_format_foreign(buf, len, "aarch64", err);
	return ret;
}

int arm64_image_load(const struct load_request *rq, struct load_plan *out, struct diag *err)
{
	struct arm64_image img;
	struct arm64_load_in in = {
		.img = &img,
		.initrd = rq->initrd,
		.initrd_len = rq->initrd_len,
		.cmdline = rq->cmdline,
		.boot = &rq->plan->boot,
		.place = rq->place,
		.dtb = rq->dtb,
		.dtb_len = rq->dtb_len,
		.seed = rq->rng_seed,
		.seed_len = rq->rng_seed_len,
		.purgatory_flags = rq->purgatory_flags,
		.serial_base = rq->serial,
	};
	int ret;

	ret = arm64_image_parse(rq->kernel, rq->kernel_len, &img, err);
	if (ret)
		return ret;
	in.purgatory = purgatory_arm64_image(&in.purgatory_len);
	if (rq->crash) {
		struct arm64_crash_in cin = {
			.load = in, .crash = rq->crash, .place = rq->place, .core = *rq->core,
		};

		return arm64_crash_load(&cin, out, err);
	}
	return arm64_load(&in, out, err);
}
