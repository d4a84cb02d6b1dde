/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_CRASHSRC_H
#define KEXEC_CRASHSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crashinfo.h"
#include "elfcore.h"
#include "memsrc.h"
#include "sysroot.h"

/*
 * The edge of a crash load: what the running kernel says about itself,
 * read from a sysroot and parsed with crashinfo.h.  Errors use the same
 * struct and printer as memsrc (memsrc_report()).
 */
struct crashsrc {
	struct elfcore_note vmcoreinfo;	/* sys/kernel/vmcoreinfo */
	struct elfcore_note *notes;	/* one per possible CPU that has a sysfs directory */
	size_t nnotes;
	size_t absent_cpus;		/* possible CPUs without one (not present) */
	bool have_kcore;		/* proc/kcore's headers were read */
	struct crashinfo_kcore kcore;
	char kcore_why[200];		/* why not, for a warning */
};

/**
 * crashsrc_crash_size - read sys/kernel/kexec_crash_size
 * @sr: the sysroot
 * @size: set to its value, or to 0 when the file is absent (unknown)
 * @e: on failure, the file, the reason and the exit code
 *
 * Returns 0 or a negative errno.
 */
int crashsrc_crash_size(const struct sysroot *sr, uint64_t *size, struct memsrc_error *e);

/**
 * crashsrc_load - read the crash inputs
 * @sr: the sysroot
 * @kernel_phys: the physical start of /proc/iomem's "Kernel code", or 0
 * @c: filled on success; free with crashsrc_free()
 * @e: on failure, the file, the reason and the exit code
 *
 * Reads sys/kernel/vmcoreinfo, sys/devices/system/cpu/possible and each
 * possible CPU's crash_notes and crash_notes_size (required), and the
 * headers of proc/kcore (optional:
 * without them the dump's PT_LOADs get p_vaddr 0 and no kernel-text
 * segment; @c->kcore_why says why).
 *
 * Returns 0 or a negative errno.
 */
int crashsrc_load(const struct sysroot *sr, uint64_t kernel_phys, struct crashsrc *c,
		  struct memsrc_error *e);

/** crashsrc_free - release what crashsrc_load() filled */
void crashsrc_free(struct crashsrc *c);

#endif
