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
wait_for() {
	_i=0
	while ! test "$@"; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { note "timeout waiting for: $*"; return 1; }
		usleep 100000
	done
}
wait_iomem() {
	_i=0
	while ! grep -q "$1" /proc/iomem; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { note "timeout waiting for '$1' in /proc/iomem"; return 1; }
		usleep 100000
	done
}

# As in tests/e2e/init.sh: an NVDIMM namespace in devdax mode, then kmem.
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
pmem_to_kmem() {
	modprobe nfit 2>/dev/null
	modprobe nd_pmem
	modprobe dax_pmem
	modprobe device_dax
	wait_for -e /sys/bus/nd/devices/namespace0.0 || return 1
	section ndctl-create ndctl create-namespace -f -e namespace0.0 -m devdax -a 2M
	wait_for -e /sys/bus/dax/devices/dax0.0 || return 1
	dax_to_kmem
}
stage1_drivers() {
	case "$SCEN" in
	virtio-mem)
		modprobe virtio_pci
		modprobe virtio_mem
		wait_iomem 'System RAM (virtio_mem)'
		sleep 1 ;;
	kmem-nvdimm)
		pmem_to_kmem ;;
	esac
}

if [ "$STAGE" = 1 ]; then
	note "stage=1 scenario=$SCEN kernel=$(uname -r) uptime=$(up)"
	stage1_drivers || fail "scenario set-up"
	section iomem-stage1 cat /proc/iomem
	section cmdline-stage1 cat /proc/cmdline
	note "kexec_crash_size=$(cat /sys/kernel/kexec_crash_size 2>&1)"

	set -- -p /vmlinuz --initrd=/initrd.img \
		--command-line="console=ttyS0 nr_cpus=1 irqpoll reset_devices panic=-1 e2e_stage=2 e2e_scen=$SCEN"
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
	section e820-stage2 sh -c 'dmesg | grep BIOS-e820'
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
