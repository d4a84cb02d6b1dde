/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_KEXEC_SYS_H
#define KEXEC_KEXEC_SYS_H

#include <stdbool.h>
#include <stddef.h>

#include "load.h"
#include "sysroot.h"

/*
 * The system-call edge.  These are the only functions that call into the
 * kernel's kexec interfaces; tests and --dry-run never reach them.
 */

/** kexec_sys_load - kexec_load(2) the segments of @p; returns 0 or -errno */
int kexec_sys_load(const struct load_plan *p, unsigned long kexec_arch, bool crash);

/** kexec_sys_file_load - kexec_file_load(2); returns 0 or -errno */
int kexec_sys_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash);

/** kexec_sys_unload - unload with the syscall that matches @file; 0 or -errno */
int kexec_sys_unload(unsigned long kexec_arch, bool file, bool crash);

/** kexec_sys_reboot - reboot(LINUX_REBOOT_CMD_KEXEC); returns only on failure */
int kexec_sys_reboot(void);

/**
 * kexec_loaded - read /sys/kernel/kexec_loaded or kexec_crash_loaded
 * @sr: the sysroot
 * @crash: the crash image instead of the normal one
 *
 * Returns 1 or 0, or a negative errno when neither the new nor the old
 * sysfs file can be read.
 */
int kexec_loaded(const struct sysroot *sr, bool crash);

/** kexec_lockdown - is kernel lockdown active (sys/kernel/security/lockdown)? */
bool kexec_lockdown(const struct sysroot *sr);

/** kexec_privileged - does this process hold CAP_SYS_BOOT? */
bool kexec_privileged(void);

/** kexec_ifdown - take every network interface but loopback down */
void kexec_ifdown(void);

#endif
