// SPDX-License-Identifier: GPL-2.0-or-later
/* The image formats, probed in this order. */
#include <linux/kexec.h>

#include "formats.h"

const struct kexec_format kexec_formats[] = {
	{ "bzImage", "x86_64", KEXEC_ARCH_X86_64, x86_64_bzimage_probe, x86_64_bzimage_load },
	{ NULL, NULL, 0, NULL, NULL },
};
