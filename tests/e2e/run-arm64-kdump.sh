#!/bin/bash
# End-to-end kdump on arm64: boot Debian's arm64 kernel in QEMU's virt
# machine (TCG) with crashkernel=384M, load the capture kernel with our
# static arm64 kexec -p, crash it with sysrq, and check from the serial log
# what the capture kernel saw.
#
#   tests/e2e/run-arm64-kdump.sh [SCENARIO...]   (default: plain virtio-mem)
#
# Per scenario, one QEMU (-M virt -cpu cortex-a57 -smp 2) under a timeout:
#   stage 1  /init (tests/e2e/arm64-kdump/init.sh) sets up the scenario's
#            memory (virtio-mem: 1 GiB plugged), prints /proc/iomem, runs
#            kexec --dry-run -p and kexec -d -p, then echo c > /proc/sysrq-trigger;
#   stage 2  the capture kernel's /init prints /chosen/linux,usable-memory-range
#            and linux,elfcorehdr, its /proc/iomem, the program headers of
#            /proc/vmcore (tests/e2e/kdump/vmcore-phdrs.c, built static for
#            arm64), and runs Debian's arm64 makedumpfile -d 31 /proc/vmcore
#            into a separate 200M tmpfs.
# The host checks: the capture kernel reached /init and has /proc/vmcore;
# its PT_LOADs cover every System RAM range of the first kernel
# (virtio_mem included) but the Crash kernel reservation, and none lies in
# the reservation; its RAM PT_LOADs are the plan's; linux,usable-memory-range
# is the reservation and the capture kernel's System RAM lies inside it;
# linux,elfcorehdr lies inside it; makedumpfile exits 0.
#
# The arm64 build: BUILD_ARM64, as tests/e2e/run-arm64.sh takes it.
# Environment: srcdir, build (as tests/run-tests.sh sets them), E2E=0 to
# skip, E2E_DIR (scratch, default $BUILD_ARM64/build/e2e-arm64-kdump),
# E2E_CACHE (downloads, default $srcdir/build/e2e-cache), E2E_TIMEOUT
# (seconds per QEMU run, default 600), E2E_KPKG_ARM64, E2E_CRASHKERNEL
# (default 384M, ../shared/lab's size).
#
# Prints "ok - e2e-arm64-kdump: ..." / "not ok - ..." lines, "#   "
# diagnostics, or one "skip - ..." line, and ends with
# "N passed, M failed, K skipped".
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(cd "$here/../.." && pwd)}
srcdir=$(cd "$srcdir" && pwd)
ALL_SCENARIOS="plain virtio-mem"
E2E_CRASHKERNEL=${E2E_CRASHKERNEL:-384M}
E2E_NAME=e2e-arm64-kdump
E2E_SUMMARY=1
CHECK_DIAG_LINES=25
NEED_STAGE2_MSG="the capture kernel did not reach /init"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

e2e_enabled
command -v qemu-system-aarch64 >/dev/null ||
	skip "qemu-system-aarch64 not found (tools/install-deps.sh installs qemu-system-arm)"
need_tools cpio depmod gzip dpkg-deb apt-get apt-cache readelf

scenarios=${*:-$ALL_SCENARIOS}
# shellcheck disable=SC2086 # a list of names
check_scenario_names "$ALL_SCENARIOS" $scenarios

# ---- the arm64 build, its static kexec (KEXEC_BIN), the scratch directory
setup_arm64 e2e-arm64-kdump 600

# makedumpfile and the libraries it needs, arm64 .debs from Debian,
# unpacked into $MDF; glibc comes from the host's libc6:arm64 or the cross
# toolchain's libc6-arm64-cross when the .deb is not in the list.
MDF_PKGS="makedumpfile liblzo2-2 libdw1 libelf1 zlib1g libzstd1 liblzma5 libbz2-1.0 libc6"

# base.cpio.gz (the capture kernel's initrd as well): busybox, our static
# kexec, vmcore-phdrs, makedumpfile, the virtio-mem modules, /init;
# stage1.img as lib.sh's pack_images makes it.
build_images() {
	local strip=aarch64-linux-gnu-strip cc=aarch64-linux-gnu-gcc
	new_root "$BUSYBOX" arm64_applets dumpfs || return 1
	[ "$(uname -m)" = aarch64 ] && strip=strip cc=gcc
	$strip -o "$ROOT/sbin/kexec" "$KEXEC_BIN" || return 1
	$cc -static -O2 -Wall -o "$ROOT/sbin/vmcore-phdrs" "$here/kdump/vmcore-phdrs.c" &&
	$strip "$ROOT/sbin/vmcore-phdrs" || return 1
	copy_elf "$MDF/usr/bin/makedumpfile" /sbin/makedumpfile || return 1
	copy_modules virtio_pci virtio_mem &&
	pack_images "$here/arm64-kdump/init.sh"
}

# ---- one QEMU run: boot, kexec -p, crash, capture kernel
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2
	local -a q
	local append="console=ttyAMA0 panic=-1 memhp_default_state=online crashkernel=$E2E_CRASHKERNEL e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -accel tcg -display none
	   -monitor none -serial stdio -no-reboot -pidfile "$QPID")
	qemu_mem "$scen" "$dir"
	qemu_logged "$dir" "${q[@]}" "${MEM[@]}" -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append"
}

# ---- checks on the serial log (the kdump predicates are lib.sh's)
same_plans() {
	[ -s "$D/load.txt" ] || { echo "no kexec -d -p output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|PT_LOAD:|crash region|dtb )' "$D/dry-run.txt") \
		<(grep -E '^(segment [0-9]+:|PT_LOAD:|crash region|dtb )' "$D/load.txt")
}
# dt_pairs: a "cells A S" line then od -tx1 bytes, as "START END" decimal lines.
dt_pairs() {
	awk '
		/^cells / { ac = $2; sc = $3; next }
		/^\(no / { exit }
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			per = 4 * (ac + sc)
			if (!ac || !per) exit 1
			for (o = 0; o + per <= n; o += per) {
				a = ""; s = ""
				for (i = 0; i < 4 * ac; i++) a = a b[o + i]
				for (i = 0; i < 4 * sc; i++) s = s b[o + 4 * ac + i]
				print a, s
			}
		}' | while read -r a s; do echo "$((16#$a)) $((16#$a + 16#$s))"; done
}
usable_is_reservation() {
	need_stage2 || return 1
	[ -s "$D/crash.txt" ] || { echo "no Crash kernel line in the first kernel's /proc/iomem"; return 1; }
	[ -s "$D/usable.txt" ] || { echo "no /chosen/linux,usable-memory-range in the capture kernel"; section usable-stage2 "$D/serial.txt"; return 1; }
	diff --label 'first kernel: Crash kernel' --label 'capture kernel: linux,usable-memory-range' \
		<(sort -n "$D/crash.txt" | as_hex) <(sort -n "$D/usable.txt" | as_hex)
}
# Every System RAM range of the capture kernel lies inside a reservation.
ram2_inside() {
	local s e cs ce ok bad=0 n=0
	need_stage2 || return 1
	while read -r s e; do
		n=$((n + 1))
		ok=0
		while read -r cs ce; do
			[ "$cs" -le "$s" ] && [ "$e" -le "$ce" ] && ok=1
		done < "$D/crash.txt"
		[ $ok = 1 ] && continue
		echo "capture-kernel System RAM $(hex "$s")-$(hex $((e - 1))) lies outside the reservation"
		bad=1
	done < "$D/ram2.txt"
	[ $n -gt 0 ] || { echo "no System RAM in the capture kernel's /proc/iomem"; return 1; }
	return $bad
}
elfcorehdr_inside() {
	local s e cs ce
	need_stage2 || return 1
	read -r s e < "$D/elfcorehdr.txt" || { echo "no /chosen/linux,elfcorehdr"; section elfcorehdr-stage2 "$D/serial.txt"; return 1; }
	while read -r cs ce; do
		[ "$cs" -le "$s" ] && [ "$e" -le "$ce" ] && return 0
	done < "$D/crash.txt"
	echo "linux,elfcorehdr $(hex "$s")-$(hex $((e - 1))) lies outside the reservation"
	return 1
}
check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	split_log "$2"
	section iomem-stage2 "$log" > "$D/iomem2.txt"
	section vmcore-phdrs "$log" > "$D/phdrs.txt"
	section usable-stage2 "$log" | dt_pairs > "$D/usable.txt"
	section elfcorehdr-stage2 "$log" | dt_pairs > "$D/elfcorehdr.txt"
	phdr_loads < "$D/phdrs.txt" > "$D/loads.txt"
	iomem_ram "$D/iomem1.txt" > "$D/ram1.txt"
	iomem_ram "$D/iomem2.txt" > "$D/ram2.txt"
	iomem_crash "$D/iomem1.txt" > "$D/crash.txt"
	subtract "$D/ram1.txt" "$D/crash.txt" > "$D/need.txt"

	grep '^@@E2E kexec_crash_size' "$log" | sed "s/^@@E2E /#   e2e-arm64-kdump: $scen: /"
	grep -E '^(crash region|dump|elfcorehdr):' "$D/dry-run.txt" | sed "s/^/#   e2e-arm64-kdump: $scen: plan: /"
	check "$scen" "our kexec -d -p loaded the capture kernel" loaded
	check "$scen" "--dry-run -p and -d -p plan the same segments and PT_LOADs" same_plans
	check "$scen" "the capture kernel reached /init" capture_reached_init
	check "$scen" "/proc/vmcore exists" vmcore_present
	check "$scen" "PT_LOADs ($(wc -l < "$D/loads.txt")) cover the first kernel's System RAM but the reservation ($(wc -l < "$D/need.txt") ranges)" \
		loads_cover_ram
	check "$scen" "no PT_LOAD in the reservation" loads_outside
	check "$scen" "/proc/vmcore's RAM PT_LOADs are the plan's ($(grep -c '^PT_LOAD:' "$D/load.txt"))" \
		vmcore_as_planned '0xffff[89a-f]'	# the kernel text: at or above 0xffff800000000000 (48-bit VAs)
	check "$scen" "/chosen/linux,usable-memory-range is the reservation" usable_is_reservation
	check "$scen" "the capture kernel's System RAM ($(wc -l < "$D/ram2.txt") ranges) lies inside the reservation" ram2_inside
	check "$scen" "/chosen/linux,elfcorehdr lies inside the reservation" elfcorehdr_inside
	check "$scen" "makedumpfile -d 31 /proc/vmcore exits 0" makedumpfile_ok
	case $scen in
	virtio-mem)
		check "$scen" "the first kernel had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)' ;;
	esac
}

timing() { kdump_timing "$1" "$2" '@@E2E CRASH'; }	# timing SCENARIO DIR

# ---- main
fetch_kernel arm64 "${E2E_KPKG_ARM64:-$(kernel_pkg linux-image-arm64:arm64)}" '*/kernel/drivers/virtio/*' ||
	skip "no kernel: cannot fetch the linux-image-*-arm64 that linux-image-arm64:arm64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'dpkg --add-architecture arm64 && apt-get update, as tools/install-deps.sh does'))"
fetch_busybox || skip "no busybox-static:arm64 ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
# shellcheck disable=SC2086 # a list of packages
fetch_makedumpfile arm64 $MDF_PKGS 2> "$E2E_DIR/mdf.log" ||
	skip "no makedumpfile: apt-get download of the arm64 $MDF_PKGS failed ($(tail -n 1 "$E2E_DIR/mdf.log" 2>/dev/null))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e-arm64-kdump: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of initramfs, crashkernel=$E2E_CRASHKERNEL, kexec from $BUILD_ARM64, TCG"

# shellcheck disable=SC2086 # a list of names
run_scenarios $scenarios
summary
[ $NFAIL -eq 0 ]
