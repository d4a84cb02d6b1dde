#!/bin/sh
# /init of the arm64 end-to-end initramfs (busybox ash).  See
# tests/e2e/run-arm64.sh.
#
# The kernel hands command-line words of the form name=value that it does
# not know (and whose name has no dot) to /init as environment variables:
#   e2e_stage=1|2        1: the first boot, which loads and kexecs;
#                        2: the kernel that kexec -e started
#   e2e_scen=NAME        the scenario (run-arm64.sh lists them)
#   e2e_kargs=A,B,...    more options for kexec -l (and its --dry-run), e.g. -i
# Reading them from the environment lets the stage marker be the very first
# thing this script prints, before /proc is even mounted.
#
# Everything the host parses is a line starting with "@@E2E " or a section
# between "@@BEGIN <name>" and "@@END <name>".
STAGE=${e2e_stage:-1}
echo "@@E2E STAGE$STAGE init"
export PATH=/sbin:/bin
SCEN=${e2e_scen:-plain}
# QEMU virt's PL011: purgatory's UART for a damaged segment.
SERIAL=0x9000000

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp
# Kernel messages would interleave with the sections; dmesg keeps them.
dmesg -n 1

up() { cut -d' ' -f1 /proc/uptime; }
note() { echo "@@E2E $*"; }
section() {	# section NAME COMMAND...: run COMMAND between markers
	_name=$1
	shift
	echo "@@BEGIN $_name"
	"$@" 2>&1
	echo "@@END $_name"
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

# The root's cells and every memory node's reg, as bytes in hex: the host
# decodes them (run-arm64.sh, arm64/dtmem.sh).
dt_memory() {
	echo "cells $(od -An -tu1 -v /proc/device-tree/#address-cells | awk '{ print $4 }')" \
		"$(od -An -tu1 -v /proc/device-tree/#size-cells | awk '{ print $4 }')"
	for _n in /proc/device-tree/memory*; do
		[ -e "$_n/reg" ] || continue
		echo "node ${_n##*/} $(tr -d '\000' < "$_n/device_type" 2>/dev/null)"
		od -An -tx1 -v "$_n/reg"
	done
}
bootargs() {
	if [ -e /proc/device-tree/chosen/bootargs ]; then
		tr -d '\000' < /proc/device-tree/chosen/bootargs
		echo
	else
		echo "(no /chosen/bootargs)"
	fi
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kernel=$(uname -r) uptime=$(up)"
	case "$SCEN" in
	virtio-mem)
		modprobe virtio_pci && modprobe virtio_mem || fail "modprobe virtio_mem"
		wait_iomem 'System RAM (virtio_mem)' || fail "no virtio-mem memory"
		sleep 1	# let it plug the whole requested size
		;;
	esac
	section iomem-stage1 cat /proc/iomem
	section dt-memory-stage1 dt_memory

	APPEND=
	for _a in $(cat /proc/cmdline); do
		case "$_a" in e2e_stage=*) continue ;; esac
		APPEND="$APPEND $_a"
	done
	APPEND="${APPEND# } e2e_stage=2"
	section append echo "$APPEND"
	set -- -l
	# shellcheck disable=SC2046 # split at the commas, on purpose
	[ -n "${e2e_kargs:-}" ] && set -- "$@" $(echo "$e2e_kargs" | tr , ' ')
	set -- "$@" /vmlinuz --initrd=/initrd.img --append="$APPEND" --serial=$SERIAL

	section dry-run kexec --dry-run "$@"
	note "kexec load start uptime=$(up)"
	echo "@@BEGIN load"
	kexec -d "$@" 2>&1
	rc=$?
	echo "@@END load"
	note "kexec load rc=$rc loaded=$(cat /sys/kernel/kexec_loaded) uptime=$(up)"
	[ $rc = 0 ] || fail "kexec -l exited $rc"
	note "KEXEC_E uptime=$(up)"
	kexec -e
	fail "kexec -e returned $?"
else
	note "stage=2 scenario=$SCEN uptime=$(up)"
	section cmdline-stage2 cat /proc/cmdline
	section bootargs-stage2 bootargs
	section dt-memory-stage2 dt_memory
	section iomem-stage2 cat /proc/iomem
	note "DONE uptime=$(up)"
	poweroff -f
fi
sleep 10
poweroff -f
