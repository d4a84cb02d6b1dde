#!/bin/sh
# /init of the kdump end-to-end initramfs (busybox ash).  See
# tests/e2e/run-kdump.sh.
#
# Command-line words /init gets as environment variables:
#   e2e_stage=1|2   1: the first kernel, which loads the capture kernel with
#                   our kexec -p and crashes; 2: the capture kernel
#   e2e_scen=NAME   plain, virtio-mem or kmem-nvdimm
#
# The host parses "@@E2E " lines and sections between "@@BEGIN <name>" and
# "@@END <name>".
# tests/e2e/guest-lib.sh, which every image has: guest_setup prints the
# stage marker first, then mounts /proc, /sys and /dev.
. /guest-lib.sh
guest_setup

stage1_drivers() {
	case "$SCEN" in
	virtio-mem)
		virtio_mem_up ;;
	kmem-nvdimm)
		pmem_to_kmem ;;
	esac
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kernel=$(uname -r) uptime=$(up)"
	stage1_drivers || fail "scenario set-up"
	kdump_stage1 ttyS0
else
	note "stage=2 scenario=$SCEN uptime=$(up)"
	section cmdline-stage2 cat /proc/cmdline
	section e820-stage2 sh -c 'dmesg | grep BIOS-e820'
	section iomem-stage2 cat /proc/iomem
	dump_vmcore
fi
sleep 10
poweroff -f
