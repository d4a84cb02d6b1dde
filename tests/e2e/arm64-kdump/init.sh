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
# tests/e2e/guest-lib.sh, which every image has: guest_setup prints the
# stage marker first, then mounts /proc, /sys and /dev.
. /guest-lib.sh
guest_setup

# The root's cells and a /chosen property, as bytes in hex: the host decodes.
dt_prop() {
	dt_cells
	if [ -e "/proc/device-tree/chosen/$1" ]; then
		od -An -tx1 -v "/proc/device-tree/chosen/$1"
	else
		echo "(no /chosen/$1)"
	fi
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kernel=$(uname -r) uptime=$(up)"
	virtio_mem_scenario
	kdump_stage1 ttyAMA0
else
	note "stage=2 scenario=$SCEN uptime=$(up)"
	section cmdline-stage2 cat /proc/cmdline
	section usable-stage2 dt_prop linux,usable-memory-range
	section elfcorehdr-stage2 dt_prop linux,elfcorehdr
	section iomem-stage2 cat /proc/iomem
	dump_vmcore
fi
sleep 10
poweroff -f
