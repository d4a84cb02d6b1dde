#!/bin/bash
# End-to-end on arm64: boot Debian's arm64 kernel in QEMU's virt machine
# (TCG), load it again with our static arm64 kexec, kexec into it, and check
# from the serial log what the second kernel got: its device-tree memory
# nodes are the ones kexec -d says it wrote, its /chosen/bootargs is the
# command line we passed, and memory virtio-mem plugged in the first kernel
# is in neither its memory nodes nor a segment.
#
#   tests/e2e/run-arm64.sh [SCENARIO...]      (default: all of them)
#
# Scenarios: plain; virtio-mem (1 GiB plugged at 0xc0000000 in stage 1);
# plain-i, the plain run with kexec -i (--no-checks), whose handoff time is
# compared with plain's (a benchmark, printed as "#   " lines, not a test).
#
# The arm64 build: BUILD_ARM64 (a directory configured with
# --host=aarch64-linux-gnu, as .ci/run's build-arm64; default: the build
# this runs for when tests/run-tests.sh runs it for an aarch64 build, else
# $srcdir/build-arm64).  A missing one is configured there, with libfdt from
# tools/arm64-sysroot.sh; then "make static" builds the guests' kexec.
#
# Environment: srcdir, build (as tests/run-tests.sh sets them), E2E=0 to
# skip, E2E_DIR (scratch, default $BUILD_ARM64/build/e2e-arm64), E2E_CACHE
# (downloads, default $srcdir/build/e2e-cache, the x86 test's), E2E_TIMEOUT
# (seconds per QEMU run, default 180), E2E_KPKG_ARM64 (a linux-image-*-arm64
# package instead of the one linux-image-arm64 depends on), E2E_BENCH_RUNS
# (how many plain and plain-i runs the handoff times are the median of,
# default 3), E2E_INITRD_PAD_MB (grow the second kernel's initrd to this
# many MiB of incompressible bytes: more for purgatory to check).
#
# Prints "ok - e2e-arm64: ..." / "not ok - e2e-arm64: ..." lines, "#   "
# diagnostics and timings, or one "skip - e2e-arm64: <why>" line, and ends
# with "N passed, M failed, K skipped".  The serial logs stay in
# $E2E_DIR/<scenario>/serial.log.  Needs no root; QEMU runs with TCG.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(cd "$here/../.." && pwd)}
srcdir=$(cd "$srcdir" && pwd)
ALL_SCENARIOS="plain virtio-mem plain-i"
E2E_NAME=e2e-arm64
E2E_SUMMARY=1
CHECK_DIAG_LINES=30
NEED_STAGE2_MSG="no stage-2 output"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

e2e_enabled
command -v qemu-system-aarch64 >/dev/null ||
	skip "qemu-system-aarch64 not found (tools/install-deps.sh installs qemu-system-arm)"
need_tools cpio depmod gzip dpkg-deb apt-get apt-cache

scenarios=${*:-$ALL_SCENARIOS}
# shellcheck disable=SC2086 # a list of names
check_scenario_names "$ALL_SCENARIOS" $scenarios

# ---- the arm64 build, its static kexec (KEXEC_BIN), the scratch directory
setup_arm64 e2e-arm64 180

# base.cpio.gz: busybox, our static kexec, the virtio-mem modules, /init;
# stage1.img as lib.sh's pack_images makes it (the second kernel gets
# base.cpio.gz alone).
build_images() {
	local strip=aarch64-linux-gnu-strip
	new_root "$BUSYBOX" arm64_applets || return 1
	[ "$(uname -m)" = aarch64 ] && strip="strip"
	if command -v $strip >/dev/null; then
		$strip -o "$ROOT/sbin/kexec" "$KEXEC_BIN" || return 1
	else
		cp "$KEXEC_BIN" "$ROOT/sbin/kexec" || return 1
	fi
	copy_modules virtio_pci virtio_mem &&
	pack_images "$here/arm64/init.sh" "${E2E_INITRD_PAD_MB:-}"
}

# ---- one QEMU run: boot, kexec, boot again (stopped 2 s after a purgatory message)
SERIAL_HOOK=stop_after_purgatory
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2
	local -a q
	# earlycon: the second kernel's first line comes out as it starts,
	# which is what the handoff time is measured to.
	local append="console=ttyAMA0 earlycon panic=-1 memhp_default_state=online e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 1 -accel tcg -display none
	   -monitor none -serial stdio -no-reboot -pidfile "$QPID")
	qemu_mem "$scen" "$dir"
	[ "$scen" = plain-i ] && append="$append e2e_kargs=-i"
	qemu_logged "$dir" "${q[@]}" "${MEM[@]}" -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append"
}

# ---- checks on the serial log (section, check, loaded_with,
# no_segment_inside, iomem1_has: lib.sh)
# The predicates read the files split out of the log of scenario $D; each
# prints what went wrong.
reached_stage2() { kexec_reached_stage2 'Kernel panic|Internal error' 8 first; }
# The --dry-run plan and the loaded one place the same segments and write
# the same memory nodes (the tree's bytes differ: its seeds).
same_plans() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|dtb memory:)' "$D/dry-run.txt") \
		<(cat "$D/segments.txt" "$D/dtbmem-plan.txt")
}
memory_as_written() {
	need_stage2 || return 1
	[ -s "$D/dtbmem-plan.txt" ] || { echo "no 'dtb memory:' lines in the kexec -d output"; return 1; }
	[ -s "$D/dtbmem-2.txt" ] || { echo "no memory nodes in stage 2"; section dt-memory-stage2 "$D/serial.txt"; return 1; }
	diff -U0 --label 'kexec -d wrote' --label 'stage-2 /proc/device-tree' \
		"$D/dtbmem-plan.txt" "$D/dtbmem-2.txt"
}
memory_as_booted() {
	[ -s "$D/dtbmem-1.txt" ] || { echo "no memory nodes in stage 1"; return 1; }
	diff -U0 --label 'stage-1 /proc/device-tree' --label 'kexec -d wrote' \
		"$D/dtbmem-1.txt" "$D/dtbmem-plan.txt"
}
bootargs_ours() {
	need_stage2 || return 1
	[ -s "$D/append.txt" ] || { echo "stage 1 printed no command line"; return 1; }
	diff --label 'kexec --append' --label 'stage-2 /chosen/bootargs' "$D/append.txt" "$D/bootargs-2.txt"
}
# No stage-2 memory node overlaps a range stage 1 had as driver-managed.
no_memory_inside() {
	local fs fe name r s e bad=0
	need_stage2 || return 1
	[ -s "$D/dtbmem-2.txt" ] || { echo "no memory nodes in stage 2"; return 1; }
	while read -r fs fe name; do
		while read -r _ _ r; do
			s=${r%%-*} e=${r#*-}
			if (( 16#${s#0x} <= 16#$fe && 16#$fs < 16#${e#0x} )); then
				echo "stage-2 memory $r overlaps $fs-$fe $name"
				bad=1
			fi
		done < "$D/dtbmem-2.txt"
	done < "$D/forbidden.txt"
	return $bad
}
check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	split_log "$2"
	section append "$log" > "$D/append.txt"
	section bootargs-stage2 "$log" > "$D/bootargs-2.txt"
	grep '^dtb memory:' "$D/load.txt" > "$D/dtbmem-plan.txt"
	grep -E '^segment [0-9]+:' "$D/load.txt" > "$D/segments.txt"
	section dt-memory-stage1 "$log" | "$here/arm64/dtmem.sh" > "$D/dtbmem-1.txt" 2> "$D/dtmem.err"
	section dt-memory-stage2 "$log" | "$here/arm64/dtmem.sh" > "$D/dtbmem-2.txt" 2>> "$D/dtmem.err"
	[ -s "$D/dtmem.err" ] && diag < "$D/dtmem.err"
	awk -f "$here/ranges.awk" -v mode=forbidden "$D/iomem1.txt" > "$D/forbidden.txt"
	sed "s/^/#   e2e-arm64: $scen: managed in stage 1: /" "$D/forbidden.txt"

	check "$scen" "the kexec'd kernel reached /init" reached_stage2
	check "$scen" "kexec -d -l loaded with kexec_load" loaded_with kexec_load
	check "$scen" "--dry-run and -d plan the same segments and memory nodes" same_plans
	check "$scen" "stage-2 /proc/device-tree memory nodes equal the $(wc -l < "$D/dtbmem-plan.txt") that kexec -d wrote" \
		memory_as_written
	check "$scen" "the memory nodes written equal the first kernel's boot tree's" memory_as_booted
	check "$scen" "stage-2 /proc/device-tree/chosen/bootargs is the command line we passed" bootargs_ours
	check "$scen" "no segment in a driver-managed range ($(wc -l < "$D/segments.txt") segments, $(wc -l < "$D/forbidden.txt") ranges)" \
		no_segment_inside
	case $scen in
	virtio-mem)
		check "$scen" "stage 1 had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)'
		check "$scen" "no System RAM (virtio_mem) range is in the stage-2 memory nodes" no_memory_inside ;;
	esac
}

# timing SCENARIO DIR [LABEL]: the handoff, on the host's clock, as a
# "#   " line; for plain and plain-i, also kept for the benchmark summary.
HANDOFF_FIRST_plain=() HANDOFF_INIT_plain=() HANDOFF_FIRST_plain_i=() HANDOFF_INIT_plain_i=()
timing() {
	local scen=$1 slog=$2/serial.log label=${3:-$1} t1 tk tf t2 tx first
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tk=$(stamp_of '@@E2E KEXEC_E' "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	first=$(after_kexec "$slog")
	tf=${first%% *}
	[ -n "$t2" ] || tf=""	# not the second kernel's line then
	awk -v s="$label" -v t1="$t1" -v tk="$tk" -v tf="$tf" -v t2="$t2" -v tx="$tx" 'BEGIN {
		f = (tk != "" && tf != "") ? sprintf("%.2f s", tf - tk) : "-"
		k = (tk != "" && t2 != "") ? sprintf("%.2f s", t2 - tk) : "-"
		printf "#   e2e-arm64: %s: kexec -e -> second kernel'"'"'s first line %s, -> its /init %s (QEMU start -> first /init %s s, total %s s)\n",
			s, f, k, t1 == "" ? "-" : t1, tx == "" ? "-" : tx
	}'
	[ -n "$tk" ] && [ -n "$tf" ] && [ -n "$t2" ] || return 0
	case $scen in plain|plain-i) ;; *) return 0 ;; esac
	local -n to_first=HANDOFF_FIRST_${scen//-/_} to_init=HANDOFF_INIT_${scen//-/_}
	to_first+=("$(awk -v a="$tk" -v b="$tf" 'BEGIN { printf "%.3f", b - a }')")
	to_init+=("$(awk -v a="$tk" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')")
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# bench_line WHAT ON... -- OFF...: medians, the values, and what checks cost.
bench_line() {
	local what=$1 on=() off=() mon moff
	shift
	while [ "$1" != -- ]; do on+=("$1"); shift; done
	shift
	off=("$@")
	mon=$(median "${on[@]}")
	moff=$(median "${off[@]}")
	awk -v w="$what" -v a="$mon" -v b="$moff" -v la="${on[*]}" -v lb="${off[*]}" 'BEGIN {
		printf "#   e2e-arm64: handoff, kexec -e -> %s (median of %d): checks on %.2f s, -i %.2f s: checks cost %+.2f s (%+.0f%%; target under +10%%) [on: %s; -i: %s]\n",
			w, split(la, x, " "), a, b, a - b, (b > 0 ? 100 * (a - b) / b : 0), la, lb
	}'
}

# ---- main
fetch_kernel arm64 "${E2E_KPKG_ARM64:-$(kernel_pkg linux-image-arm64:arm64)}" '*/kernel/drivers/virtio/*' ||
	skip "no kernel: cannot fetch the linux-image-*-arm64 that linux-image-arm64:arm64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-arm64:arm64: dpkg --add-architecture arm64 && apt-get update, as tools/install-deps.sh does'))"
fetch_busybox || skip "no busybox-static:arm64 ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e-arm64: kernel $KVER ($(stat -c %s "$VMLINUZ") bytes), $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of base initramfs, kexec from $BUILD_ARM64, TCG"

# shellcheck disable=SC2086 # a list of names
run_scenarios $scenarios
# The benchmark: more plain and plain-i runs, alternating, timed only
# (E2E_BENCH_RUNS of each in all, default 3).
bench=0
case " $scenarios " in *" plain "*) case " $scenarios " in *" plain-i "*) bench=1 ;; esac ;; esac
if [ $bench = 1 ]; then
	for ((r = 2; r <= ${E2E_BENCH_RUNS:-3}; r++)); do
		for scen in plain plain-i; do
			dir=$E2E_DIR/bench/$scen-$r
			rm -rf "$dir"
			mkdir -p "$dir"
			run_qemu "$scen" "$dir"
			timing "$scen" "$dir" "$scen (run $r)"
		done
	done
	if [ ${#HANDOFF_FIRST_plain[@]} -gt 0 ] && [ ${#HANDOFF_FIRST_plain_i[@]} -gt 0 ]; then
		bench_line "first line" "${HANDOFF_FIRST_plain[@]}" -- "${HANDOFF_FIRST_plain_i[@]}"
		bench_line "/init" "${HANDOFF_INIT_plain[@]}" -- "${HANDOFF_INIT_plain_i[@]}"
	fi
fi
summary
[ $NFAIL -eq 0 ]
