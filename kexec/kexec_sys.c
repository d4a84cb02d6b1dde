// SPDX-License-Identifier: GPL-2.0-or-later
/* kexec_load(2), kexec_file_load(2), reboot(2), and the state around them. */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "kexec_sys.h"

int kexec_sys_load(const struct load_plan *p, unsigned long kexec_arch, bool crash)
{
	struct kexec_segment segs[KEXEC_SEGMENT_MAX];

	for (size_t i = 0; i < p->nseg; i++) {
		segs[i].buf = p->seg[i].buf;
		segs[i].bufsz = p->seg[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)p->seg[i].mem;
		segs[i].memsz = p->seg[i].memsz;
	}
	if (syscall(SYS_kexec_load, (unsigned long)p->entry, (unsigned long)p->nseg, segs,
		    kexec_arch | (crash ? KEXEC_ON_CRASH : 0)) < 0)
		return -errno;
	return 0;
}

int kexec_sys_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash)
{
#ifdef SYS_kexec_file_load
	unsigned long flags = crash ? KEXEC_FILE_ON_CRASH : 0;

	if (initrd_fd < 0)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	/* The length counts the NUL (kexec_file_load(2)). */
	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline,
		    flags) < 0)
		return -errno;
	return 0;
#else
	(void)kernel_fd, (void)initrd_fd, (void)cmdline, (void)crash;
	return -ENOSYS;
#endif
}

int kexec_sys_unload(unsigned long kexec_arch, bool file, bool crash)
{
	long r;

	if (file) {
#ifdef SYS_kexec_file_load
		r = syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL,
			    KEXEC_FILE_UNLOAD | (crash ? KEXEC_FILE_ON_CRASH : 0));
#else
		errno = ENOSYS;
		r = -1;
#endif
	} else {
		r = syscall(SYS_kexec_load, 0UL, 0UL, NULL,
			    kexec_arch | (crash ? KEXEC_ON_CRASH : 0));
	}
	return r < 0 ? -errno : 0;
}

int kexec_sys_reboot(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}

int kexec_loaded(const struct sysroot *sr, bool crash)
{
	const char *paths[2] = {
		crash ? "sys/kernel/kexec/crash_loaded" : "sys/kernel/kexec/loaded",
		crash ? "sys/kernel/kexec_crash_loaded" : "sys/kernel/kexec_loaded",
	};
	int ret = -ENOENT;

	for (int i = 0; i < 2; i++) {
		char *buf;
		size_t len;

		ret = sysroot_read(sr, paths[i], 64, &buf, &len);
		if (ret)
			continue;
		ret = len && buf[0] == '1';
		free(buf);
		return ret;
	}
	return ret;
}

bool kexec_lockdown(const struct sysroot *sr)
{
	char *buf;
	size_t len;
	bool on;

	/* "none [integrity] confidentiality": the bracketed one is in force. */
	if (sysroot_read(sr, "sys/kernel/security/lockdown", 256, &buf, &len))
		return false;
	on = !strstr(buf, "[none]");
	free(buf);
	return on;
}

bool kexec_privileged(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return geteuid() == 0;
	return data[CAP_TO_INDEX(CAP_SYS_BOOT)].effective & CAP_TO_MASK(CAP_SYS_BOOT);
}

void kexec_ifdown(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	int fd;

	if (!ifs)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	for (i = ifs; fd >= 0 && i->if_index; i++) {
		struct ifreq ifr = { 0 };

		if (!strcmp(i->if_name, "lo"))
			continue;
		strncpy(ifr.ifr_name, i->if_name, IFNAMSIZ - 1);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (fd >= 0)
		close(fd);
	if_freenameindex(ifs);
}
