#!/bin/sh
# /init of tests/e2e/capture-crash.sh's initramfs (busybox ash): print,
# between "@@BEGIN <file>" and "@@END <file>" markers, every file that
# kexec -p reads through --sysroot (kexec/memsrc.c, kexec/crashsrc.c), then
# run our kexec --dry-run -p on the real files for comparison, and power off.
# Nothing is loaded and nothing crashes.
export PATH=/sbin:/bin
echo "@@CAP init"
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
dmesg -n 1

file() {	# file REL: the file's text between markers
	echo "@@BEGIN $1"
	cat "/$1"
	echo "@@END $1"
}

file proc/iomem
file proc/cmdline
for d in /sys/firmware/memmap/*; do
	[ -d "$d" ] || continue
	n=${d##*/}
	for f in start end type; do file "sys/firmware/memmap/$n/$f"; done
done
for f in kexec_crash_size kexec_loaded kexec_crash_loaded vmcoreinfo; do
	file "sys/kernel/$f"
done
for f in possible present online; do file "sys/devices/system/cpu/$f"; done
for d in /sys/devices/system/cpu/cpu[0-9]*; do
	c=${d#/}
	file "$c/crash_notes"
	file "$c/crash_notes_size"
done
# crashsrc reads proc/kcore's ELF and program headers (e_phoff + e_phnum *
# 56 bytes): as hex bytes (od), turned back into a file on the host.
phoff=$(od -A n -t u8 -j 32 -N 8 /proc/kcore | tr -d ' ')
phnum=$(od -A n -t u2 -j 56 -N 2 /proc/kcore | tr -d ' ')
echo "@@CAP kcore phoff=$phoff phnum=$phnum"
echo "@@BEGIN-HEX proc/kcore"
head -c $((phoff + phnum * 56)) /proc/kcore | od -A n -v -t x1
echo "@@END-HEX proc/kcore"
echo "@@BEGIN dmesg-crashkernel"
dmesg | grep -iE 'crashkernel|Reserving .*crash|BIOS-e820'
echo "@@END dmesg-crashkernel"
echo "@@BEGIN guest-dry-run"
kexec --dry-run -p /bz --initrd=/bz --command-line="console=ttyS0 nr_cpus=1 irqpoll reset_devices" 2>&1
echo "rc=$?"
echo "@@END guest-dry-run"
echo "@@CAP DONE"
poweroff -f
sleep 10
