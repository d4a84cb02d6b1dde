#!/bin/sh
# /init of the end-to-end initramfs (busybox ash).  See tests/e2e/run.sh.
#
# The kernel hands command-line words of the form name=value that it does
# not know (and whose name has no dot) to /init as environment variables:
#   e2e_stage=1|2        1: the first boot, which loads and kexecs;
#                        2: the kernel that kexec -e started
#   e2e_scen=NAME        the scenario (run.sh lists them)
#   e2e_kexec=l|s        kexec_load (default) or kexec_file_load (-s)
#   e2e_s2strip=memmap   drop memmap=... from the second kernel's command line
#   e2e_kargs=A,B,...    more options for kexec -l (and its --dry-run), e.g. -i
# Reading them from the environment lets the stage-2 marker be the very
# first thing this script prints, before /proc is even mounted.
#
# Everything the host parses is a line starting with "@@E2E " or a section
# between "@@BEGIN <name>" and "@@END <name>".
# tests/e2e/guest-lib.sh, which every image has: guest_setup prints the
# stage marker first, then mounts /proc, /sys and /dev.
. /guest-lib.sh
guest_setup
KMODE=${e2e_kexec:-l}
S2STRIP=${e2e_s2strip:-}

fwmap() {
	for _d in $(ls /sys/firmware/memmap | sort -n); do
		_p=/sys/firmware/memmap/$_d
		echo "$_d $(cat "$_p/start") $(cat "$_p/end") $(cat "$_p/type")"
	done
}
# The canary: 512 blocks of 4 KiB, one at every MiB of /dev/pmem0, each
# made of 64 lines that name the block.  Legacy pmem starts at a 2 MiB
# boundary but ends at 0x7ffdffff, which nd_pmem refuses unless the
# namespace is raw.
CANARY_BLOCKS=512
canary_pmem() {
	modprobe nd_e820
	wait_for -e /sys/bus/nd/devices/namespace0.0 || return 1
	echo 1 > /sys/bus/nd/devices/namespace0.0/force_raw
	modprobe nd_pmem
	wait_for -b /dev/pmem0
}
canary_image() {
	awk -v n=$CANARY_BLOCKS 'BEGIN {
		for (b = 0; b < n; b++)
			for (l = 0; l < 64; l++)
				printf "e2e canary block %03d at pmem offset 0x%08x, line %02d ...\n", b, b * 1048576, l
	}' > /tmp/canary.img
}
canary_write() {
	canary_image
	_b=0
	while [ $_b -lt $CANARY_BLOCKS ]; do
		dd if=/tmp/canary.img of=/dev/pmem0 bs=4096 count=1 skip=$_b seek=$((_b * 256)) \
			oflag=direct 2>/dev/null || { note "canary: write of block $_b failed"; return 1; }
		_b=$((_b + 1))
	done
	sync
	note "CANARY written blocks=$CANARY_BLOCKS"
}
canary_read() {
	canary_image
	: > /tmp/readback.img
	_b=0
	while [ $_b -lt $CANARY_BLOCKS ]; do
		dd if=/dev/pmem0 of=/tmp/readback.img bs=4096 count=1 skip=$((_b * 256)) seek=$_b \
			iflag=direct conv=notrunc 2>/dev/null || { note "canary: read of block $_b failed"; return 1; }
		_b=$((_b + 1))
	done
	# cmp -l prints one line per differing byte, offsets counted from 1.
	_bad=$(cmp -l /tmp/canary.img /tmp/readback.img 2>/dev/null |
		awk '{ b = int(($1 - 1) / 4096); if (!(b in seen)) { seen[b] = 1; n++; l = l " " b } }
		     END { printf "%d%s", n, l }')
	_n=${_bad%% *}
	[ "$_n" = "$_bad" ] && _bad=
	note "CANARY read blocks=$CANARY_BLOCKS intact=$((CANARY_BLOCKS - _n)) bad=$_n${_bad:+ list=${_bad#* }}"
}

# The drivers a scenario needs, in stage 1, and what it does with them.
stage1_drivers() {
	case "$SCEN" in
	virtio-mem)
		virtio_mem_up ;;
	kmem-nvdimm|kmem-legacy)
		pmem_to_kmem ;;
	canary)
		canary_pmem && canary_write ;;
	dimm-hot)
		_n0=$(ls /sys/firmware/memmap | wc -l)
		section fwmap-before-hotplug fwmap
		note "WAIT_HOTPLUG"
		_i=0
		while [ "$(ls /sys/firmware/memmap | wc -l)" = "$_n0" ]; do
			_i=$((_i + 1))
			[ $_i -gt 300 ] && { note "timeout waiting for the hot-plugged DIMM"; return 1; }
			usleep 100000
		done
		note "firmware memmap: $_n0 -> $(ls /sys/firmware/memmap | wc -l) entries after ${_i}00 ms"
		sleep 1	# let ACPI finish onlining it
		;;
	esac
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kexec=$KMODE kernel=$(uname -r) uptime=$(up)"
	stage1_drivers || fail "scenario set-up"
	section iomem-stage1 cat /proc/iomem
	section fwmap-stage1 fwmap

	second_append "$S2STRIP"
	set -- -l
	[ "$KMODE" = s ] && set -- -l -s
	# shellcheck disable=SC2046 # split at the commas, on purpose
	[ -n "${e2e_kargs:-}" ] && set -- "$@" $(echo "$e2e_kargs" | tr , ' ')
	set -- "$@" /vmlinuz --initrd=/initrd.img --append="$APPEND"

	load_and_exec "$@"
else
	note "stage=2 scenario=$SCEN uptime=$(up)"
	section cmdline-stage2 cat /proc/cmdline
	section e820-stage2 sh -c 'dmesg | grep BIOS-e820'
	section iomem-stage2 cat /proc/iomem
	section fwmap-stage2 fwmap
	if [ "$SCEN" = canary ]; then
		if ! canary_pmem || ! canary_read; then
			note "canary: read-back failed"
		fi
	fi
	note "DONE uptime=$(up)"
	poweroff -f
fi
sleep 10
poweroff -f
