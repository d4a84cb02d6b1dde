#!/bin/sh
# /init of the arm64 kdump end-to-end initramfs (busybox ash).  See
# tests/e2e/run-arm64-kdump.sh.
#
# Command-line words /init gets as environment variables:
#   e2e_stage=1|2   1: the first kernel, which loads the capture kernel with
#                   our kexec -p and crashes; 2: the capture kernel
#   e2e_scen=NAME   plain or virtio-mem
#
# The host parses "@@E2E " lines and sections between "@@BEGIN <name>" and
# "@@END <name>".
STAGE=${e2e_stage:-1}
echo "@@E2E STAGE$STAGE init"
export PATH=/sbin:/bin
SCEN=${e2e_scen:-plain}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp
dmesg -n 1

up() { cut -d' ' -f1 /proc/uptime; }
note() { echo "@@E2E $*"; }
section() {
	_name=$1
	shift
	echo "@@BEGIN $_name"
	"$@" 2>&1
	_rc=$?
	echo "@@END $_name"
	return $_rc
}
fail() {
	note "FAIL $*"
	section dmesg dmesg
	poweroff -f
	sleep 10
}
wait_iomem() {
	_i=0
	while ! grep -q "$1" /proc/iomem; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { note "timeout waiting for '$1' in /proc/iomem"; return 1; }
		usleep 100000
	done
}
# The root's cells and a /chosen property, as bytes in hex: the host decodes.
dt_prop() {
	echo "cells $(od -An -tu1 -v /proc/device-tree/#address-cells | awk '{ print $4 }')" \
		"$(od -An -tu1 -v /proc/device-tree/#size-cells | awk '{ print $4 }')"
	if [ -e "/proc/device-tree/chosen/$1" ]; then
		od -An -tx1 -v "/proc/device-tree/chosen/$1"
	else
		echo "(no /chosen/$1)"
	fi
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kernel=$(uname -r) uptime=$(up)"
	case "$SCEN" in
	virtio-mem)
		modprobe virtio_pci && modprobe virtio_mem || fail "modprobe virtio_mem"
		wait_iomem 'System RAM (virtio_mem)' || fail "no virtio-mem memory"
		sleep 1 ;;
	esac
	section iomem-stage1 cat /proc/iomem
	section cmdline-stage1 cat /proc/cmdline
	note "kexec_crash_size=$(cat /sys/kernel/kexec_crash_size 2>&1)"

	set -- -p /vmlinuz --initrd=/initrd.img \
		--command-line="console=ttyAMA0 nr_cpus=1 irqpoll reset_devices panic=-1 e2e_stage=2 e2e_scen=$SCEN"
	section dry-run kexec --dry-run "$@"
	note "kexec load start uptime=$(up)"
	echo "@@BEGIN load"
	kexec -d "$@" 2>&1
	rc=$?
	echo "@@END load"
	note "kexec load rc=$rc crash_loaded=$(cat /sys/kernel/kexec_crash_loaded) uptime=$(up)"
	[ $rc = 0 ] || fail "kexec -p exited $rc"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec_crash_loaded is not 1"
	note "CRASH uptime=$(up)"
	usleep 300000	# let the UART send the marker before the panic
	echo c > /proc/sysrq-trigger
	fail "echo c > /proc/sysrq-trigger returned"
else
	note "stage=2 scenario=$SCEN uptime=$(up)"
	section cmdline-stage2 cat /proc/cmdline
	section usable-stage2 dt_prop linux,usable-memory-range
	section elfcorehdr-stage2 dt_prop linux,elfcorehdr
	section iomem-stage2 cat /proc/iomem
	section meminfo-stage2 sh -c 'grep -E "^(MemTotal|MemFree|MemAvailable):" /proc/meminfo'
	if [ -e /proc/vmcore ]; then
		note "VMCORE present size=$(stat -c %s /proc/vmcore)"
	else
		note "VMCORE missing"
	fi
	section vmcore-phdrs vmcore-phdrs /proc/vmcore
	note "vmcore-phdrs rc=$?"
	mkdir -p /dumpfs
	mount -t tmpfs -o size=200M dumpfs /dumpfs || note "mount of the dump tmpfs failed"
	note "makedumpfile start uptime=$(up)"
	echo "@@BEGIN makedumpfile"
	makedumpfile -d 31 /proc/vmcore /dumpfs/dump 2>&1
	rc=$?
	echo "@@END makedumpfile"
	note "makedumpfile rc=$rc size=$(stat -c %s /dumpfs/dump 2>/dev/null) uptime=$(up)"
	note "DONE uptime=$(up)"
	poweroff -f
fi
sleep 10
poweroff -f
