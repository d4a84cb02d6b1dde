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

NPASS=0 NFAIL=0 NSKIP=0
summary() { echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"; }
skip() {
	echo "skip - e2e-arm64: $*"
	NSKIP=$((NSKIP + 1))
	summary
	exit 0
}
not_ok_exit() {	# not_ok_exit TEXT: a set-up step failed; diagnostics on stdin
	echo "not ok - e2e-arm64: $1"
	NFAIL=$((NFAIL + 1))
	tail -n 15 | diag
	summary
	exit 1
}
diag() { sed 's/^/#   /'; }

[ "${E2E:-1}" != 0 ] || skip "disabled (E2E=0)"
command -v qemu-system-aarch64 >/dev/null ||
	skip "qemu-system-aarch64 not found (tools/install-deps.sh installs qemu-system-arm)"
for t in cpio depmod gzip dpkg-deb apt-get apt-cache; do
	command -v $t >/dev/null || skip "$t not found (tools/install-deps.sh installs it)"
done

scenarios=${*:-$ALL_SCENARIOS}
for s in $scenarios; do
	case " $ALL_SCENARIOS " in *" $s "*) ;; *)
		echo "not ok - e2e-arm64: unknown scenario '$s' (known: $ALL_SCENARIOS)"
		NFAIL=1
		summary
		exit 1 ;;
	esac
done

# ---- the arm64 build and its static kexec
if [ -z "${BUILD_ARM64:-}" ]; then
	if [ "${HOST_ARCH:-}" = aarch64 ] && [ -n "${build:-}" ] && [ -d "$build/.." ]; then
		BUILD_ARM64=$(cd "$build/.." && pwd)	# run-tests.sh for an aarch64 build
	else
		BUILD_ARM64=$srcdir/build-arm64
	fi
fi
case $BUILD_ARM64 in /*) ;; *) BUILD_ARM64=$PWD/$BUILD_ARM64 ;; esac
cross=--host=aarch64-linux-gnu
[ "$(uname -m)" = aarch64 ] && cross=
if [ ! -f "$BUILD_ARM64/Makefile" ]; then
	[ -z "$cross" ] || command -v aarch64-linux-gnu-gcc >/dev/null ||
		skip "no arm64 build in $BUILD_ARM64 and no cross compiler aarch64-linux-gnu-gcc (tools/install-deps.sh installs it)"
	mkdir -p "$BUILD_ARM64" || exit 1
	# shellcheck disable=SC2086 # $cross is empty or one word
	cfg_out=$(cd "$BUILD_ARM64" && libfdt=$("$srcdir/tools/arm64-sysroot.sh" "$BUILD_ARM64/libfdt") &&
		"$srcdir/configure" -q $cross --with-libfdt="$libfdt" 2>&1) ||
		not_ok_exit "configure the arm64 build in $BUILD_ARM64" <<< "$cfg_out"
fi
grep -q '^HOST_ARCH := aarch64$' "$BUILD_ARM64/Makefile" ||
	not_ok_exit "$BUILD_ARM64 is an aarch64 build" <<< "$BUILD_ARM64/Makefile: $(grep '^HOST_ARCH :=' "$BUILD_ARM64/Makefile")"
grep -Eq '^(CFLAGS|LDFLAGS) :=.*-fsanitize=[a-z,]*address' "$BUILD_ARM64/Makefile" &&
	skip "an AddressSanitizer build cannot link the guests' static kexec"
make_out=$(cd "$BUILD_ARM64" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make static 2>&1) ||
	not_ok_exit "make static in $BUILD_ARM64 (the guests' kexec)" <<< "$make_out"
KEXEC_BIN=$BUILD_ARM64/build/sbin/kexec-static
[ -x "$KEXEC_BIN" ] || not_ok_exit "make static in $BUILD_ARM64 (the guests' kexec)" <<< "no $KEXEC_BIN"

E2E_DIR=${E2E_DIR:-$BUILD_ARM64/build/e2e-arm64}
E2E_CACHE=${E2E_CACHE:-$srcdir/build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
mkdir -p "$E2E_DIR" || exit 1
mkdir -p "$E2E_CACHE" 2>/dev/null || { E2E_CACHE=$E2E_DIR/../e2e-cache; mkdir -p "$E2E_CACHE" || exit 1; }
E2E_DIR=$(cd "$E2E_DIR" && pwd)
E2E_CACHE=$(cd "$E2E_CACHE" && pwd)

QPID=$E2E_DIR/qemu.pid
rm -f "$QPID"	# a stale one would name some other process
cleanup() {
	if [ -s "$QPID" ]; then
		kill "$(cat "$QPID")" 2>/dev/null
		rm -f "$QPID"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- downloads: the kernel linux-image-arm64 depends on, and busybox
# cached_deb PKG: the newest cached PKG_*_arm64.deb, fetched when missing.
cached_deb() {
	local deb
	deb=$(ls "$E2E_CACHE/$1"_*_arm64.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		# apt-get download runs as the _apt user when it can.
		(cd "$E2E_CACHE" && apt-get download -q "$1:arm64" >> "$E2E_DIR/apt.log" 2>&1)
		deb=$(ls "$E2E_CACHE/$1"_*_arm64.deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$deb" ] && echo "$deb"
}

fetch_kernel() {
	local pkg deb
	pkg=${E2E_KPKG_ARM64:-$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { sub(/:arm64$/, "", $2); print $2; exit }')}
	[ -n "$pkg" ] && deb=$(cached_deb "$pkg")
	# Debian drops old ABIs from the mirror: any cached kernel will do.
	[ -n "${deb:-}" ] || deb=$(ls -t "$E2E_CACHE"/linux-image-*-arm64_*_arm64.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || return 1
	KVER=${deb##*/linux-image-}
	KVER=${KVER%%_*}
	KTREE=$E2E_DIR/kernel-$KVER
	[ -e "$KTREE/.done" ] && return 0
	rm -rf "$KTREE"
	mkdir -p "$KTREE"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KTREE" --wildcards \
		'./boot/vmlinuz-*' \
		'*/modules/*/modules.builtin*' '*/modules/*/modules.order' \
		'*/kernel/drivers/virtio/*' || return 1
	[ -d "$KTREE/usr/lib/modules" ] && [ ! -e "$KTREE/lib" ] && ln -s usr/lib "$KTREE/lib"
	depmod -b "$KTREE" "$KVER" || return 1
	touch "$KTREE/.done"
}

fetch_busybox() {
	local deb
	BUSYBOX=$E2E_DIR/busybox/bin/busybox
	[ -x "$BUSYBOX" ] && return 0
	deb=$(cached_deb busybox-static) || return 1
	rm -rf "$E2E_DIR/busybox"
	mkdir -p "$E2E_DIR/busybox"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$E2E_DIR/busybox" ./bin/busybox && [ -x "$BUSYBOX" ]
}

# ---- the initramfs
# copy_modules MOD...: the modules with their dependencies, and modules.dep.
copy_modules() {
	local mdir=$KTREE/lib/modules/$KVER m line f
	for m in "$@"; do
		line=$(grep -E "/${m//_/[_-]}\.ko(\.[a-z]+)?:" "$mdir/modules.dep" | head -n 1)
		[ -n "$line" ] || { echo "module $m not found" >&2; return 1; }
		for f in ${line/:/}; do
			mkdir -p "$ROOT/lib/modules/$KVER/$(dirname "$f")"
			cp "$mdir/$f" "$ROOT/lib/modules/$KVER/$f" || return 1
		done
	done
	cp "$mdir"/modules.order "$mdir"/modules.builtin* "$ROOT/lib/modules/$KVER/"
	depmod -b "$ROOT" "$KVER"
}

# busybox's applets.  It is an arm64 binary: ask it through qemu-user when
# that is here, else the host's busybox-static of the same release.
applets() {
	if command -v qemu-aarch64-static >/dev/null && qemu-aarch64-static "$BUSYBOX" --list 2>/dev/null; then
		return 0
	fi
	[ -x /bin/busybox ] && /bin/busybox --list && return 0
	echo "sh mount umount cat echo ls mkdir sleep usleep dmesg poweroff grep sed awk cut tr od modprobe"
}

# base.cpio.gz: busybox, our static kexec, the virtio-mem modules, /init.
# stage1.img: base.cpio.gz padded to 512 bytes, then an uncompressed cpio
# with /vmlinuz and /initrd.img (= base.cpio.gz); the second kernel gets
# base.cpio.gz alone.  The kernel only finds a cpio that follows a
# compressed one at a 4-byte aligned offset: hence the padding.
build_images() {
	local a img=$E2E_DIR/img strip=aarch64-linux-gnu-strip
	ROOT=$img/root
	rm -rf "$img"
	mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,lib} "$img/payload"
	cp "$BUSYBOX" "$ROOT/bin/busybox" || return 1
	for a in $(applets); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
	[ "$(uname -m)" = aarch64 ] && strip="strip"
	if command -v $strip >/dev/null; then
		$strip -o "$ROOT/sbin/kexec" "$KEXEC_BIN" || return 1
	else
		cp "$KEXEC_BIN" "$ROOT/sbin/kexec" || return 1
	fi
	copy_modules virtio_pci virtio_mem &&
	install -m 0755 "$here/arm64/init.sh" "$ROOT/init" || return 1
	(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$img/base.cpio.gz" || return 1
	truncate -s %512 "$img/base.cpio.gz"
	# Debian's arm64 vmlinuz is a plain Image (older ones were gzipped):
	# kexec and QEMU's -kernel take either.
	cp "$KTREE/boot/vmlinuz-$KVER" "$img/payload/vmlinuz" &&
	cp "$img/base.cpio.gz" "$img/payload/initrd.img" || return 1
	if [ -n "${E2E_INITRD_PAD_MB:-}" ]; then
		pad_initrd "$img/payload/initrd.img" "$E2E_INITRD_PAD_MB" || return 1
	fi
	(cd "$img/payload" && printf '%s\n' vmlinuz initrd.img | cpio -o -H newc -R 0:0 --quiet) \
		> "$img/payload.cpio" || return 1
	cat "$img/base.cpio.gz" "$img/payload.cpio" > "$img/stage1.img"
	VMLINUZ=$img/payload/vmlinuz
	STAGE1=$img/stage1.img
}

# pad_initrd FILE MIB: grow FILE (a multiple of 512 bytes) to exactly MIB
# MiB by appending an uncompressed cpio whose one file, /e2e-pad, is random
# bytes, then zeros, which the kernel skips.  More for purgatory to check.
pad_initrd() {
	local f=$1 want have n d=$E2E_DIR/img/pad
	case $2 in ''|*[!0-9]*) echo "E2E_INITRD_PAD_MB=$2: not a number of MiB" >&2; return 1 ;; esac
	want=$(($2 * 1048576))
	have=$(stat -c %s "$f") || return 1
	# cpio adds 120 bytes of header, 124 of trailer, and pads to 512.
	n=$((want - have - 1024))
	if [ $n -le 0 ]; then
		echo "E2E_INITRD_PAD_MB=$2: the base initramfs alone has $have bytes" >&2
		return 1
	fi
	mkdir -p "$d" &&
	head -c $n /dev/urandom > "$d/e2e-pad" &&
	(cd "$d" && echo e2e-pad | cpio -o -H newc -R 0:0 --quiet) >> "$f" &&
	rm -f "$d/e2e-pad" &&
	truncate -s "$want" "$f"
}

# ---- one QEMU run: boot, kexec, boot again; a host-timestamped serial log
stamp() {	# one line with the host time since T0, without a fork
	local e=$(( ${EPOCHREALTIME/./} - T0 ))
	printf '%d.%03d %s\n' $((e / 1000000)) $((e / 1000 % 1000)) "$1"
}
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2 line
	local -a q mem=(-m 2G)
	# earlycon: the second kernel's first line comes out as it starts,
	# which is what the handoff time is measured to.
	local append="console=ttyAMA0 earlycon panic=-1 memhp_default_state=online e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 1 -accel tcg -display none
	   -monitor none -serial stdio -no-reboot -pidfile "$QPID")
	case $scen in
	virtio-mem)
		mem=(-m 2G,maxmem=8G -object memory-backend-ram,id=vmem0,size=2G
		     -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=1G) ;;
	plain-i)
		append="$append e2e_kargs=-i" ;;
	esac
	q+=("${mem[@]}" -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append")
	printf '%s\n' "${q[*]}" > "$dir/qemu.cmd"

	# In the background, so that a signal reaches the trap at once.
	T0=${EPOCHREALTIME/./}
	{
		timeout "$E2E_TIMEOUT" "${q[@]}" </dev/null 2>&1
		echo "@@HOST qemu exit status $?"
	} | while IFS= read -r line || [ -n "$line" ]; do
		stamp "${line%$'\r'}"
		case $line in
		"kexec-ng purgatory: "*)
			# Purgatory halts after its message: do not wait for the timeout.
			(sleep 2; kill "$(cat "$QPID")") 2>/dev/null &
		esac
	done > "$dir/serial.log" &
	wait $!
	rm -f "$QPID"
	# The log without timestamps, for the checks.
	sed 's/^[0-9]*\.[0-9]* //' "$dir/serial.log" > "$dir/serial.txt"
}

# ---- checks on the serial log
section() {	# section NAME LOG: the lines between @@BEGIN NAME and @@END NAME
	awk -v n="$1" '$0 == "@@END " n { on = 0 } on { print } $0 == "@@BEGIN " n { on = 1 }' "$2"
}
stamp_of() {	# stamp_of PATTERN LOG: host time of the first line matching
	awk -v p="$1" 'index($0, p) { print $1; exit }' "$2"
}
# after_kexec LOG: the first line after "@@E2E KEXEC_E", with its stamp.
after_kexec() {
	awk 'seen && NF > 1 { print; exit } index($0, "@@E2E KEXEC_E") { seen = 1 }' "$1"
}

check() {	# check SCENARIO TEXT PREDICATE [ARG...]: one ok / not ok line
	local scen=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok - e2e-arm64: $scen: $text"
		NPASS=$((NPASS + 1))
	else
		echo "not ok - e2e-arm64: $scen: $text"
		NFAIL=$((NFAIL + 1))
		[ -z "$out" ] || printf '%s\n' "$out" | head -n 30 | diag
	fi
}

# The predicates read the files split out of the log of scenario $D; each
# prints what went wrong.
reached_stage2() {
	local first
	grep -q '^@@E2E STAGE2 init' "$D/serial.txt" && return 0
	echo "no stage-2 marker; $(grep -c '^@@E2E STAGE1 init' "$D/serial.txt") stage-1 boot(s);" \
		"$(grep '^@@HOST qemu exit' "$D/serial.txt")"
	if grep -q '^@@E2E KEXEC_E' "$D/serial.txt"; then
		first=$(after_kexec "$D/serial.log")
		if [ -z "$first" ]; then
			echo "after kexec -e: nothing at all on the console (no purgatory message, no kernel line)"
		else
			echo "after kexec -e, first line: $first"
		fi
	fi
	grep -E '^(@@E2E (FAIL|kexec load rc)|kexec: |kexec-ng purgatory: )|Kernel panic|Internal error' \
		"$D/serial.txt" | grep -v '^kexec: dry run' | tail -n 8
	echo "serial log tail ($D/serial.log):"
	tail -n 15 "$D/serial.txt"
	return 1
}
need_stage2() { [ "$STAGE2" = 1 ] || { echo "no stage-2 output"; return 1; }; }
loaded_with() {	# loaded_with SYSCALL
	grep -q "^kexec: loaded /vmlinuz with $1" "$D/load.txt" && return 0
	grep '^@@E2E' "$D/serial.txt" | tail -n 3
	grep '^kexec' "$D/load.txt"
	return 1
}
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
no_segment_inside() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	awk -f "$here/ranges.awk" -v mode=segments "$D/forbidden.txt" "$D/segments.txt"
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
iomem1_has() {
	grep -qF "$1" "$D/iomem1.txt" && return 0
	grep '^@@E2E' "$D/serial.txt" | tail -n 5
	return 1
}

check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	D=$2
	STAGE2=0
	grep -q '^@@E2E STAGE2 init' "$log" && STAGE2=1
	section iomem-stage1 "$log" > "$D/iomem1.txt"
	section dry-run "$log" > "$D/dry-run.txt"
	section load "$log" > "$D/load.txt"
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
fetch_kernel || skip "no kernel: cannot fetch the linux-image-*-arm64 that linux-image-arm64:arm64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-arm64:arm64: dpkg --add-architecture arm64 && apt-get update, as tools/install-deps.sh does'))"
fetch_busybox || skip "no busybox-static:arm64 ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e-arm64: kernel $KVER ($(stat -c %s "$VMLINUZ") bytes), $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of base initramfs, kexec from $BUILD_ARM64, TCG"

for scen in $scenarios; do
	dir=$E2E_DIR/$scen
	rm -rf "$dir"
	mkdir -p "$dir"
	run_qemu "$scen" "$dir"
	check_scenario "$scen" "$dir"
	timing "$scen" "$dir"
done
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
