# shellcheck shell=sh
# What the /init scripts of the end-to-end initramfs images share (busybox
# ash): tests/e2e/lib.sh copies this file to /guest-lib.sh in every image
# and each init sources it after printing its stage marker.
#
# The host parses "@@E2E " lines and sections between "@@BEGIN <name>" and
# "@@END <name>".

# guest_setup: the "@@E2E STAGE<n> init" marker first of all, then STAGE
# and SCEN (from e2e_stage= and e2e_scen=, which the kernel hands /init as
# environment variables), PATH, the kernel's file systems, /tmp, and a
# quiet console (kernel messages would interleave with the sections; dmesg
# keeps them).
guest_setup() {
	STAGE=${e2e_stage:-1}
	echo "@@E2E STAGE$STAGE init"
	SCEN=${e2e_scen:-plain}
	export PATH=/sbin:/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	mkdir -p /tmp
	dmesg -n 1
}

# up: seconds since boot.
up() { cut -d' ' -f1 /proc/uptime; }
# note TEXT: one "@@E2E TEXT" line.
note() { echo "@@E2E $*"; }
# section NAME COMMAND...: run COMMAND between markers; its exit status.
section() {
	_name=$1
	shift
	echo "@@BEGIN $_name"
	"$@" 2>&1
	_rc=$?
	echo "@@END $_name"
	return $_rc
}
# fail TEXT: a FAIL line and the kernel log, then power off.
fail() {
	note "FAIL $*"
	section dmesg dmesg
	poweroff -f
	sleep 10
}

# wait_for TEST-ARGS... : poll a test(1) expression for up to 20 s.
wait_for() {
	_i=0
	while ! test "$@"; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { note "timeout waiting for: $*"; return 1; }
		usleep 100000
	done
}
# wait_iomem TEXT: poll /proc/iomem for TEXT for up to 20 s.
wait_iomem() {
	_i=0
	while ! grep -q "$1" /proc/iomem; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { note "timeout waiting for '$1' in /proc/iomem"; return 1; }
		usleep 100000
	done
}

# virtio_mem_up: load virtio-mem and let it plug the requested size.
virtio_mem_up() {
	modprobe virtio_pci && modprobe virtio_mem || return 1
	wait_iomem 'System RAM (virtio_mem)' || return 1
	sleep 1	# let it plug the whole requested size
}

# Every dax device becomes System RAM (kmem), through sysfs alone.
dax_to_kmem() {
	modprobe kmem
	for _d in /sys/bus/dax/devices/dax*; do
		[ -e "$_d" ] || continue
		_n=${_d##*/}
		note "dax to kmem: $_n ($(cat "$_d/size") bytes)"
		[ -e "/sys/bus/dax/drivers/device_dax/$_n" ] &&
			echo "$_n" > /sys/bus/dax/drivers/device_dax/unbind
		echo "$_n" > /sys/bus/dax/drivers/kmem/new_id 2>/dev/null ||
			echo "$_n" > /sys/bus/dax/drivers/kmem/bind
	done
	wait_iomem 'System RAM (kmem)'
}

# A pmem namespace in devdax mode, then kmem.  The label-less namespace
# needs an info block written by ndctl.  (nd_e820, for legacy pmem, is
# not in every image: its modprobe may fail.)
pmem_to_kmem() {
	modprobe nfit 2>/dev/null
	modprobe nd_e820 2>/dev/null
	modprobe nd_pmem
	modprobe dax_pmem
	modprobe device_dax
	wait_for -e /sys/bus/nd/devices/namespace0.0 || return 1
	section ndctl-create ndctl create-namespace -f -e namespace0.0 -m devdax -a 2M
	wait_for -e /sys/bus/dax/devices/dax0.0 || return 1
	dax_to_kmem
}

# second_append [STRIP]: APPEND, this kernel's command line for the next
# one: e2e_stage=2 instead of e2e_stage=1, and without STRIP=... .
second_append() {
	APPEND=
	for _a in $(cat /proc/cmdline); do
		case "$_a" in
		e2e_stage=*) continue ;;
		"${1:-}"=*) [ -n "${1:-}" ] && continue ;;
		esac
		APPEND="$APPEND $_a"
	done
	APPEND="${APPEND# } e2e_stage=2"
}

# virtio_mem_scenario: in the virtio-mem scenario, virtio_mem_up or fail.
virtio_mem_scenario() {
	[ "$SCEN" != virtio-mem ] || virtio_mem_up || fail "virtio-mem set-up"
}

# dry_run_and_load KEXEC-ARGS...: kexec --dry-run and kexec -d with the
# arguments, in the sections dry-run and load; rc, kexec -d's exit status.
dry_run_and_load() {
	section dry-run kexec --dry-run "$@"
	note "kexec load start uptime=$(up)"
	echo "@@BEGIN load"
	kexec -d "$@" 2>&1
	rc=$?
	echo "@@END load"
}

# load_and_exec KEXEC-ARGS...: dry_run_and_load, then kexec -e.
load_and_exec() {
	dry_run_and_load "$@"
	note "kexec load rc=$rc loaded=$(cat /sys/kernel/kexec_loaded) uptime=$(up)"
	[ $rc = 0 ] || fail "kexec -l exited $rc"
	note "KEXEC_E uptime=$(up)"
	kexec -e
	fail "kexec -e returned $?"
}

# kdump_stage1 CONSOLE: the first kernel's memory (sections iomem-stage1,
# cmdline-stage1, the crash reservation's size), then dry_run_and_load -p
# of /vmlinuz as the capture kernel on CONSOLE, then crash.
kdump_stage1() {
	section iomem-stage1 cat /proc/iomem
	section cmdline-stage1 cat /proc/cmdline
	note "kexec_crash_size=$(cat /sys/kernel/kexec_crash_size 2>&1)"

	dry_run_and_load -p /vmlinuz --initrd=/initrd.img \
		--command-line="console=$1 nr_cpus=1 irqpoll reset_devices panic=-1 e2e_stage=2 e2e_scen=$SCEN"
	note "kexec load rc=$rc crash_loaded=$(cat /sys/kernel/kexec_crash_loaded) uptime=$(up)"
	[ $rc = 0 ] || fail "kexec -p exited $rc"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec_crash_loaded is not 1"
	note "CRASH uptime=$(up)"
	usleep 300000	# let the UART send the marker before the panic
	echo c > /proc/sysrq-trigger
	fail "echo c > /proc/sysrq-trigger returned"
}

# dump_vmcore: in the capture kernel, /proc/vmcore's presence and program
# headers, then makedumpfile -d 31 into a separate 200M tmpfs; DONE, and
# power off.
dump_vmcore() {
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
}

# dt_cells: the root's #address-cells and #size-cells as "cells A S".
dt_cells() {
	echo "cells $(od -An -tu1 -v /proc/device-tree/#address-cells | awk '{ print $4 }')" \
		"$(od -An -tu1 -v /proc/device-tree/#size-cells | awk '{ print $4 }')"
}
