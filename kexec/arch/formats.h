/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARCH_FORMATS_H
#define KEXEC_ARCH_FORMATS_H

#include <stdbool.h>

#include "../load.h"

/* x86_64/format.c: the bzImage loader (x86_64 builds). */
int x86_64_bzimage_probe(const void *buf, size_t len, struct diag *err);
int x86_64_bzimage_load(const struct load_request *rq, struct load_plan *out, struct diag *err);

/* arm64/format.c: the Image loader (aarch64 builds). */
int arm64_image_probe(const void *buf, size_t len, struct diag *err);
int arm64_image_load(const struct load_request *rq, struct load_plan *out, struct diag *err);

/**
 * kexec_format_foreign - say so when a kernel is another architecture's
 * @buf: the file, decompressed
 * @len: its length
 * @arch: the architecture this build loads ("aarch64")
 * @err: rewritten when @buf is a kernel of another architecture: one
 *       message naming its format and architecture
 *
 * Every format's probe is pure and built on every host, so a probe that
 * did not recognise its own format can ask the others whose the file is.
 *
 * Returns true when @err was rewritten.
 */
bool kexec_format_foreign(const void *buf, size_t len, const char *arch, struct diag *err);

#endif
