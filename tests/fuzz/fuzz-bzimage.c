// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the bzImage probe, and the x86_64 loader on whatever the
 * probe accepts.  The input is the kernel file.  An accepted image must load
 * into a fixed plan with every segment inside place (fuzz-load.h), or fail
 * with a documented error.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86_64/x86_64_load.h"
#include "fuzz-load.h"
#include "memtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seed[32] = { 1 };
	struct range_list boot = RANGE_LIST_INIT(0), place = RANGE_LIST_INIT(0);
	struct x86_64_load_in in = { 0 };
	struct load_plan p;
	struct bzimage img;
	struct diag d;
	int ret;

	ret = bzimage_probe(data, size, &img, &d);
	if (ret) {
		FUZZ_ASSERT(ret == -ENOEXEC || ret == -EINVAL);
		FUZZ_ASSERT(d.msg[0]);
		return 0;
	}
	FUZZ_ASSERT(img.kernel == data + img.setup_len && img.setup_len + img.kernel_len == size);
	FUZZ_ASSERT(img.kernel_alignment && !(img.kernel_alignment & (img.kernel_alignment - 1)));

	range_list_add(&boot, 0, 0x9fc00, MT_RAM, 0);
	range_list_add(&boot, 0x100000, 0x80000000, MT_RAM, 0);
	range_list_add(&boot, 0x80000000, 0x90000000, MT_PRAM, 0);
	range_list_add(&place, 0x1000, 0x9fc00, 0, 0);
	range_list_add(&place, 0x100000, 0x80000000, 0, 0);
	in = (struct x86_64_load_in){
		.img = &img, .initrd = data, .initrd_len = size > 4096 ? 4096 : size,
		.cmdline = "console=ttyS0", .boot = &boot, .place = &place,
		.rng_seed = seed, .rng_seed_len = sizeof(seed), .serial_port = 0x3f8,
	};
	in.purgatory = fuzz_purgatory(&in.purgatory_len);
	ret = x86_64_load(&in, &p, &d);
	if (!ret) {
		fuzz_check_load(&p, &place);
		load_plan_free(&p);
	} else {
		FUZZ_ASSERT(ret == -ENOSPC || ret == -E2BIG || ret == -EINVAL);
	}
	range_list_free(&boot);
	range_list_free(&place);
	return 0;
}
