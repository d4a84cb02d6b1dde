/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARCH_FORMATS_H
#define KEXEC_ARCH_FORMATS_H

#include "../load.h"

/* x86_64/format.c: the bzImage loader. */
int x86_64_bzimage_probe(const void *buf, size_t len, struct diag *err);
int x86_64_bzimage_load(const struct load_request *rq, struct load_plan *out, struct diag *err);

#endif
