// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image formats this build loads, probed in this order: one
 * architecture per build, the one the compiler targets (configure's
 * HOST_ARCH selects the matching format.c and purgatory).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/kexec.h>

#include "arm64/image.h"
#include "formats.h"
#include "x86_64/bzimage.h"

const struct kexec_format kexec_formats[] = {
#if defined(__x86_64__)
	{ "bzImage", "x86_64", KEXEC_ARCH_X86_64, x86_64_bzimage_probe, x86_64_bzimage_load },
#elif defined(__aarch64__)
	{ "Image", "aarch64", KEXEC_ARCH_AARCH64, arm64_image_probe, arm64_image_load },
#else
#error "kexec-ng loads x86_64 and aarch64 kernels only"
#endif
	{ NULL, NULL, 0, NULL, NULL },
};

static bool is_bzimage(const void *buf, size_t len)
{
	struct bzimage img;
	struct diag d;

	return bzimage_probe(buf, len, &img, &d) != -ENOEXEC;
}

static bool is_arm64_image(const void *buf, size_t len)
{
	struct arm64_image img;
	struct diag d;

	return arm64_image_parse(buf, len, &img, &d) != -ENOEXEC;
}

/* Every kernel format any build knows, recognised even when broken. */
static const struct {
	const char *name;
	const char *arch;
	bool (*is)(const void *buf, size_t len);
} known[] = {
	{ "bzImage", "x86_64", is_bzimage },
	{ "Image", "aarch64", is_arm64_image },
};

bool kexec_format_foreign(const void *buf, size_t len, const char *arch, struct diag *err)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!strcmp(known[i].arch, arch) || !known[i].is(buf, len))
			continue;
		err->line = 0;
		err->field[0] = '\0';
		snprintf(err->msg, sizeof(err->msg),
			 "wrong architecture: this is an %s %s, and this kexec loads %s kernels",
			 known[i].arch, known[i].name, arch);
		return true;
	}
	return false;
}
