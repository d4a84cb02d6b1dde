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
# tests/e2e/guest-lib.sh, which every image has: guest_setup prints the
# stage marker first, then mounts /proc, /sys and /dev.
. /guest-lib.sh
guest_setup
# QEMU virt's PL011: purgatory's UART for a damaged segment.
SERIAL=0x9000000

# The root's cells and every memory node's reg, as bytes in hex: the host
# decodes them (run-arm64.sh, arm64/dtmem.sh).
dt_memory() {
	dt_cells
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
	virtio_mem_scenario
	section iomem-stage1 cat /proc/iomem
	section dt-memory-stage1 dt_memory

	second_append ""
	section append echo "$APPEND"
	set -- -l
	# shellcheck disable=SC2046 # split at the commas, on purpose
	[ -n "${e2e_kargs:-}" ] && set -- "$@" $(echo "$e2e_kargs" | tr , ' ')
	set -- "$@" /vmlinuz --initrd=/initrd.img --append="$APPEND" --serial=$SERIAL

	load_and_exec "$@"
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
