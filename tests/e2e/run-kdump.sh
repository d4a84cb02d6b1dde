#!/bin/bash
# End-to-end kdump: boot a Debian kernel in QEMU with crashkernel=384M, load
# the capture kernel with our kexec -p, crash it with sysrq, and check from
# the serial log what the capture kernel saw.
#
#   tests/e2e/run-kdump.sh [SCENARIO...]   (default: plain virtio-mem kmem-nvdimm)
#
# Per scenario, one QEMU (TCG) under a timeout:
#   stage 1  /init (tests/e2e/kdump/init.sh) sets up the scenario's memory,
#            prints /proc/iomem, runs kexec --dry-run -p and kexec -d -p, then
#            echo c > /proc/sysrq-trigger;
#   stage 2  the capture kernel's /init prints its BIOS-e820 lines and
#            /proc/iomem, the program headers of /proc/vmcore (our static
#            reader tests/e2e/kdump/vmcore-phdrs.c), and runs Debian's
#            makedumpfile -d 31 /proc/vmcore into a separate 200M tmpfs.
# The host checks: the capture kernel reached /init and has /proc/vmcore;
# its PT_LOADs cover every System RAM range of the first kernel (kmem and
# virtio_mem included) but the Crash kernel reservation and [0, 1 MiB),
# which kexec/crash.c leaves out on purpose, and none lies there; its usable
# e820 memory lies inside the reservation or below 1 MiB (the low RAM the
# capture kernel needs for its real-mode trampoline, kexec/crash.c); and
# makedumpfile exits 0.
#
# Environment: srcdir, build (as tests/run-tests.sh sets them), E2E=0 to
# skip, E2E_KDUMP_DIR (scratch, default $build/e2e-kdump), E2E_CACHE
# (downloads, shared with tests/e2e/run.sh, default $build/e2e-cache),
# E2E_TIMEOUT (seconds per QEMU run, default 240), E2E_KPKG (a
# linux-image-*-amd64 package instead of the one linux-image-amd64 depends on),
# E2E_CRASHKERNEL (the first kernel's crashkernel=, default 384M: the size
# ../shared/lab found enough for makedumpfile and for virtio-mem's bounce
# buffer).
#
# Prints "ok - e2e-kdump: ..." / "not ok - e2e-kdump: ..." lines, "#   "
# diagnostics, or one "skip - e2e-kdump: <why>" line.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(cd "$here/../.." && pwd)}
build=${build:-$srcdir/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
E2E_DIR=${E2E_KDUMP_DIR:-$build/e2e-kdump}
E2E_CACHE=${E2E_CACHE:-$build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-240}
E2E_CRASHKERNEL=${E2E_CRASHKERNEL:-384M}
ALL_SCENARIOS="plain virtio-mem kmem-nvdimm"
MIB1=$((0x100000))
E2E_NAME=e2e-kdump
NOT_OK_TAIL=10
NEED_STAGE2_MSG="the capture kernel did not reach /init"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

e2e_enabled
need_x86_qemu
need_tools cpio depmod readelf gzip dpkg-deb apt-get gcc strip timeout
need_static_busybox

scenarios=${*:-$ALL_SCENARIOS}
# shellcheck disable=SC2086 # a list of names
check_scenario_names "$ALL_SCENARIOS" $scenarios
case " $scenarios " in *" kmem-nvdimm "*)
	command -v ndctl >/dev/null || skip "ndctl not found (package ndctl)" ;;
esac

make_work_dirs
qemu_pidfile

MDF_PKGS="makedumpfile liblzo2-2 libdw1 libelf1 zlib1g libzstd1 liblzma5 libbz2-1.0"
MODULES="virtio_pci virtio_mem libnvdimm nd_pmem nfit dax_pmem device_dax kmem"
ELF_EXTRA_LIBDIRS="/lib /usr/lib"

# base.cpio.gz (the capture kernel's initrd as well): busybox, our static
# kexec, ndctl, makedumpfile (libraries from the Debian packages first),
# vmcore-phdrs, modules, /init; stage1.img as lib.sh's pack_images makes it.
build_images() {
	new_root /bin/busybox "/bin/busybox --list" dumpfs || return 1
	strip -o "$ROOT/sbin/kexec" "$build/sbin/kexec-static" || return 1
	gcc -static -O2 -Wall -o "$ROOT/sbin/vmcore-phdrs" "$here/kdump/vmcore-phdrs.c" &&
	strip "$ROOT/sbin/vmcore-phdrs" || return 1
	copy_elf "$MDF/usr/bin/makedumpfile" /sbin/makedumpfile || return 1
	if command -v ndctl >/dev/null; then
		copy_elf "$(command -v ndctl)" /sbin/ndctl || return 1
	fi
	# shellcheck disable=SC2086 # a list of module names
	copy_modules $MODULES &&
	pack_images "$here/kdump/init.sh"
}

# ---- one QEMU run: boot, kexec -p, crash, capture kernel
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2
	local -a q
	local append="console=ttyS0 panic=-1 memhp_default_state=online crashkernel=$E2E_CRASHKERNEL e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -display none -serial stdio -no-reboot
	   -monitor none -pidfile "$QPID")
	qemu_mem "$scen" "$dir"
	[ "$scen" = kmem-nvdimm ] && q[2]=pc,nvdimm=on
	qemu_logged "$dir" "${q[@]}" "${MEM[@]}" -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append"
}

# ---- checks on the serial log (the kdump predicates are lib.sh's)
# Every usable e820 range of the capture kernel lies inside a reservation
# or below 1 MiB.
usable_inside() {
	local s e cs ce ok bad=0 n=0
	need_stage2 || return 1
	[ -s "$D/crash.txt" ] || { echo "no Crash kernel line in the first kernel's /proc/iomem"; return 1; }
	while read -r s e; do
		n=$((n + 1))
		ok=0
		[ "$e" -le $MIB1 ] && ok=1
		while read -r cs ce; do
			[ "$cs" -le "$s" ] && [ "$e" -le "$ce" ] && ok=1
		done < "$D/crash.txt"
		[ $ok = 1 ] && continue
		echo "usable $(hex "$s")-$(hex $((e - 1))) lies outside the reservation and the first MiB"
		bad=1
	done < "$D/usable2.txt"
	[ $n -gt 0 ] || { echo "no usable BIOS-e820 line in the capture kernel"; return 1; }
	[ $bad = 0 ] || { echo "reservation(s):"; while read -r cs ce; do echo "  $(hex "$cs")-$(hex $((ce - 1)))"; done < "$D/crash.txt"; }
	return $bad
}
# The capture kernel got exactly the e820 that kexec -d -p printed.
e820_as_planned() {
	need_stage2 || return 1
	[ -s "$D/e820-plan.txt" ] || { echo "no BIOS-e820 lines in the kexec -d -p output"; return 1; }
	diff "$D/e820-plan.txt" "$D/e820-2.txt"
}
# --dry-run -p and -d -p plan the same segments, PT_LOADs and e820 (the
# zero page's checksum differs: its RNG seed).
same_plans() {
	[ -s "$D/load.txt" ] || { echo "no kexec -d -p output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|PT_LOAD:|BIOS-e820:)' "$D/dry-run.txt") \
		<(grep -E '^(segment [0-9]+:|PT_LOAD:|BIOS-e820:)' "$D/load.txt")
}

check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	split_log "$2"
	section iomem-stage2 "$log" > "$D/iomem2.txt"
	section vmcore-phdrs "$log" > "$D/phdrs.txt"
	section e820-stage2 "$log" | sed 's/^\[[^]]*\] //' | grep '^BIOS-e820:' > "$D/e820-2.txt"
	grep '^BIOS-e820:' "$D/load.txt" > "$D/e820-plan.txt"
	sed -n 's/^BIOS-e820: \[mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)\] usable$/\1 \2/p' "$D/e820-2.txt" |
		while read -r s e; do echo "$((16#$s)) $((16#$e + 1))"; done > "$D/usable2.txt"
	phdr_loads < "$D/phdrs.txt" > "$D/loads.txt"
	iomem_ram "$D/iomem1.txt" > "$D/ram1.txt"
	iomem_crash "$D/iomem1.txt" > "$D/crash.txt"
	{ cat "$D/crash.txt"; echo "0 $MIB1"; } > "$D/excluded.txt"
	subtract "$D/ram1.txt" "$D/excluded.txt" > "$D/need.txt"

	grep '^@@E2E kexec_crash_size' "$log" | sed "s/^@@E2E /#   e2e-kdump: $scen: /"
	grep -E '^(crash region|dump|elfcorehdr):' "$D/dry-run.txt" | sed "s/^/#   e2e-kdump: $scen: plan: /"
	check "$scen" "our kexec -d -p loaded the capture kernel" loaded
	check "$scen" "--dry-run -p and -d -p plan the same segments, PT_LOADs and e820" same_plans
	check "$scen" "the capture kernel reached /init" capture_reached_init
	check "$scen" "its BIOS-e820 lines equal our plan's ($(wc -l < "$D/e820-plan.txt"))" e820_as_planned
	check "$scen" "/proc/vmcore exists" vmcore_present
	check "$scen" "PT_LOADs ($(wc -l < "$D/loads.txt")) cover the first kernel's System RAM but the reservation and the first MiB ($(wc -l < "$D/need.txt") ranges)" \
		loads_cover_ram
	check "$scen" "no PT_LOAD in the reservation or the first MiB" loads_outside first-MiB
	check "$scen" "/proc/vmcore's RAM PT_LOADs are the plan's ($(grep -c '^PT_LOAD:' "$D/load.txt"))" \
		vmcore_as_planned '0xffffffff[89a-f]'
	check "$scen" "the capture kernel's usable e820 ($(wc -l < "$D/usable2.txt") ranges) lies in the reservation or below 1 MiB" \
		usable_inside
	check "$scen" "makedumpfile -d 31 /proc/vmcore exits 0" makedumpfile_ok
	case $scen in
	virtio-mem)
		check "$scen" "the first kernel had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)' ;;
	kmem-nvdimm)
		check "$scen" "the first kernel had System RAM (kmem)" iomem1_has 'System RAM (kmem)' ;;
	esac
}

timing() { kdump_timing "$1" "$2" 'sysrq: Trigger a crash'; }	# timing SCENARIO DIR

# ---- main
top=$(cd "$build/.." && pwd)
is_asan_build "$top/Makefile" &&
	skip "an AddressSanitizer build cannot link the guests' static kexec (the plain build runs the e2e)"
make_static "$top" "make static (the guests' kexec)"
[ -x "$build/sbin/kexec-static" ] || not_ok_exit "make static (the guests' kexec)" < /dev/null
rm -f "$E2E_DIR/apt.log"
fetch_kernel amd64 "${E2E_KPKG:-$(kernel_pkg linux-image-amd64)}" \
	'*/kernel/drivers/virtio/*' '*/kernel/drivers/nvdimm/*' \
	'*/kernel/drivers/acpi/nfit/*' '*/kernel/drivers/dax/*' ||
	skip "no kernel: cannot fetch the linux-image-*-amd64 that linux-image-amd64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-amd64: run apt-get update'))"
# shellcheck disable=SC2086 # a list of packages
fetch_makedumpfile amd64 $MDF_PKGS 2> "$E2E_DIR/mdf.log" ||
	skip "no makedumpfile: apt-get download $MDF_PKGS failed ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e-kdump: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of initramfs, crashkernel=$E2E_CRASHKERNEL, TCG"

# shellcheck disable=SC2086 # a list of names
run_scenarios $scenarios
[ $NFAIL -eq 0 ]
