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

NPASS=0 NFAIL=0 NSKIP=0
summary() { echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"; }
skip() {
	echo "skip - e2e-arm64-kdump: $*"
	NSKIP=$((NSKIP + 1))
	summary
	exit 0
}
not_ok_exit() {	# not_ok_exit TEXT: a set-up step failed; diagnostics on stdin
	echo "not ok - e2e-arm64-kdump: $1"
	NFAIL=$((NFAIL + 1))
	tail -n 15 | diag
	summary
	exit 1
}
diag() { sed 's/^/#   /'; }

[ "${E2E:-1}" != 0 ] || skip "disabled (E2E=0)"
command -v qemu-system-aarch64 >/dev/null ||
	skip "qemu-system-aarch64 not found (tools/install-deps.sh installs qemu-system-arm)"
for t in cpio depmod gzip dpkg-deb apt-get apt-cache readelf; do
	command -v $t >/dev/null || skip "$t not found (tools/install-deps.sh installs it)"
done

scenarios=${*:-$ALL_SCENARIOS}
for s in $scenarios; do
	case " $ALL_SCENARIOS " in *" $s "*) ;; *)
		echo "not ok - e2e-arm64-kdump: unknown scenario '$s' (known: $ALL_SCENARIOS)"
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

E2E_DIR=${E2E_DIR:-$BUILD_ARM64/build/e2e-arm64-kdump}
E2E_CACHE=${E2E_CACHE:-$srcdir/build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-600}
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

# makedumpfile and the libraries it needs, arm64 .debs from Debian,
# unpacked into $MDF; glibc comes from the host's libc6:arm64 or the cross
# toolchain's libc6-arm64-cross when the .deb is not in the list.
MDF_PKGS="makedumpfile liblzo2-2 libdw1 libelf1 zlib1g libzstd1 liblzma5 libbz2-1.0 libc6"
fetch_makedumpfile() {
	local p deb
	MDF=$E2E_DIR/makedumpfile
	[ -e "$MDF/.done" ] && return 0
	rm -rf "$MDF"
	mkdir -p "$MDF"
	for p in $MDF_PKGS; do
		deb=$(cached_deb "$p") || { echo "cannot download $p:arm64" >&2; return 1; }
		dpkg-deb -x "$deb" "$MDF" || return 1
	done
	[ -x "$MDF/usr/bin/makedumpfile" ] || return 1
	touch "$MDF/.done"
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

# copy_elf FILE DEST: an arm64 FILE and, recursively, the libraries it
# needs, from the unpacked .debs first.
copy_elf() {
	local src=$1 dst=$2 interp lib d
	mkdir -p "$ROOT$(dirname "$dst")"
	cp -L "$src" "$ROOT$dst" || return 1
	interp=$(readelf -l "$src" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$ROOT$interp" ]; then
		mkdir -p "$ROOT$(dirname "$interp")"
		for d in "$MDF$interp" "$MDF/usr$interp" "$MDF/lib/aarch64-linux-gnu/${interp##*/}" \
			 "$MDF/usr/lib/aarch64-linux-gnu/${interp##*/}" "/usr/aarch64-linux-gnu/lib/${interp##*/}"; do
			[ -e "$d" ] && { cp -L "$d" "$ROOT$interp" || return 1; break; }
		done
		[ -e "$ROOT$interp" ] || { echo "interpreter $interp not found" >&2; return 1; }
	fi
	for lib in $(readelf -d "$src" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$ROOT/lib/aarch64-linux-gnu/$lib" ] && continue
		for d in "$MDF/lib/aarch64-linux-gnu" "$MDF/usr/lib/aarch64-linux-gnu" \
			 /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/aarch64-linux-gnu/lib; do
			[ -e "$d/$lib" ] || continue
			copy_elf "$d/$lib" "/lib/aarch64-linux-gnu/$lib" || return 1
			continue 2
		done
		echo "$lib, needed by $src, not found" >&2
		return 1
	done
}

# base.cpio.gz (the capture kernel's initrd as well): busybox, our static
# kexec, vmcore-phdrs, makedumpfile, the virtio-mem modules, /init.
# stage1.img: base.cpio.gz padded to 512 bytes, then an uncompressed cpio
# with /vmlinuz and /initrd.img (see tests/e2e/run-arm64.sh).
build_images() {
	local a img=$E2E_DIR/img strip=aarch64-linux-gnu-strip cc=aarch64-linux-gnu-gcc
	ROOT=$img/root
	rm -rf "$img"
	mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,lib,dumpfs} "$img/payload"
	cp "$BUSYBOX" "$ROOT/bin/busybox" || return 1
	for a in $(applets); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
	[ "$(uname -m)" = aarch64 ] && strip=strip cc=gcc
	$strip -o "$ROOT/sbin/kexec" "$KEXEC_BIN" || return 1
	$cc -static -O2 -Wall -o "$ROOT/sbin/vmcore-phdrs" "$here/kdump/vmcore-phdrs.c" &&
	$strip "$ROOT/sbin/vmcore-phdrs" || return 1
	copy_elf "$MDF/usr/bin/makedumpfile" /sbin/makedumpfile || return 1
	copy_modules virtio_pci virtio_mem &&
	install -m 0755 "$here/arm64-kdump/init.sh" "$ROOT/init" || return 1
	(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$img/base.cpio.gz" || return 1
	truncate -s %512 "$img/base.cpio.gz"
	cp "$KTREE/boot/vmlinuz-$KVER" "$img/payload/vmlinuz" &&
	cp "$img/base.cpio.gz" "$img/payload/initrd.img" || return 1
	(cd "$img/payload" && printf '%s\n' vmlinuz initrd.img | cpio -o -H newc -R 0:0 --quiet) \
		> "$img/payload.cpio" || return 1
	cat "$img/base.cpio.gz" "$img/payload.cpio" > "$img/stage1.img"
	VMLINUZ=$img/payload/vmlinuz
	STAGE1=$img/stage1.img
}

# ---- one QEMU run: boot, kexec -p, crash, capture kernel
stamp() {
	local e=$(( ${EPOCHREALTIME/./} - T0 ))
	printf '%d.%03d %s\n' $((e / 1000000)) $((e / 1000 % 1000)) "$1"
}
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2 line
	local -a q mem=(-m 2G)
	local append="console=ttyAMA0 panic=-1 memhp_default_state=online crashkernel=$E2E_CRASHKERNEL e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -accel tcg -display none
	   -monitor none -serial stdio -no-reboot -pidfile "$QPID")
	# shellcheck disable=SC2054 # the commas are QEMU's
	case $scen in
	virtio-mem)
		mem=(-m 2G,maxmem=8G -object memory-backend-ram,id=vmem0,size=2G
		     -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=1G) ;;
	esac
	q+=("${mem[@]}" -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append")
	printf '%s\n' "${q[*]}" > "$dir/qemu.cmd"

	T0=${EPOCHREALTIME/./}
	{
		timeout "$E2E_TIMEOUT" "${q[@]}" </dev/null 2>&1
		echo "@@HOST qemu exit status $?"
	} | while IFS= read -r line || [ -n "$line" ]; do
		stamp "${line%$'\r'}"
	done > "$dir/serial.log" &
	wait $!
	rm -f "$QPID"
	sed 's/^[0-9]*\.[0-9]* //' "$dir/serial.log" > "$dir/serial.txt"
}

# ---- checks on the serial log
section() {
	awk -v n="$1" '$0 == "@@END " n { on = 0 } on { print } $0 == "@@BEGIN " n { on = 1 }' "$2"
}
stamp_of() {
	awk -v p="$1" 'index($0, p) { print $1; exit }' "$2"
}

check() {	# check SCENARIO TEXT PREDICATE [ARG...]
	local scen=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok - e2e-arm64-kdump: $scen: $text"
		NPASS=$((NPASS + 1))
	else
		echo "not ok - e2e-arm64-kdump: $scen: $text"
		NFAIL=$((NFAIL + 1))
		[ -z "$out" ] || printf '%s\n' "$out" | head -n 25 | diag
	fi
}

log_tail() {
	echo "serial log tail ($D/serial.log):"
	grep -v '^ *$' "$D/serial.txt" | tail -n 15
}
loaded() {
	grep -q '^@@E2E kexec load rc=0 crash_loaded=1' "$D/serial.txt" && return 0
	grep -E '^@@E2E (FAIL|kexec load rc)' "$D/serial.txt"
	grep '^kexec' "$D/load.txt" | tail -n 8
	log_tail
	return 1
}
reached_stage2() {
	grep -q '^@@E2E STAGE2 init' "$D/serial.txt" && return 0
	echo "no capture-kernel marker; $(grep -c '^@@E2E STAGE1 init' "$D/serial.txt") first-kernel boot(s);" \
		"$(grep '^@@HOST qemu exit' "$D/serial.txt")"
	log_tail
	return 1
}
need_stage2() { [ "$STAGE2" = 1 ] || { echo "the capture kernel did not reach /init"; return 1; }; }
vmcore_present() {
	need_stage2 || return 1
	grep -q '^@@E2E VMCORE present' "$D/serial.txt" && return 0
	grep '^@@E2E VMCORE' "$D/serial.txt"
	return 1
}

# Interval arithmetic in bash (64-bit integers; addresses stay below 2^63).
# Intervals are "START END" lines, half-open, in decimal.
#
# iomem_ram IOMEM: every System RAM* line, nested ones included.
iomem_ram() {
	sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM.*/\1 \2/p' "$1" |
	while read -r s e; do echo "$((16#$s)) $((16#$e + 1))"; done
}
iomem_crash() {
	sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p' "$1" |
	while read -r s e; do echo "$((16#$s)) $((16#$e + 1))"; done
}
# subtract A-FILE B-FILE: the parts of A's intervals outside all of B's.
subtract() {
	local -a bs be work
	local s e i iv cs ce
	local -a parts
	while read -r s e; do bs+=("$s"); be+=("$e"); done < "$2"
	while read -r s e; do
		work=("$s $e")
		for i in "${!bs[@]}"; do
			parts=()
			for iv in "${work[@]}"; do
				read -r cs ce <<< "$iv"
				if [ "${be[i]}" -le "$cs" ] || [ "$ce" -le "${bs[i]}" ]; then
					parts+=("$cs $ce")
					continue
				fi
				[ "$cs" -lt "${bs[i]}" ] && parts+=("$cs ${bs[i]}")
				[ "${be[i]}" -lt "$ce" ] && parts+=("${be[i]} $ce")
			done
			work=("${parts[@]}")
		done
		for iv in "${work[@]}"; do echo "$iv"; done
	done < "$1"
}
hex() { printf '0x%x' "$1"; }
# uncovered NEED LOADS: the parts of NEED no LOADS interval covers.
uncovered() {
	local s e pos ls le moved iv
	local -a L
	mapfile -t L < <(sort -n "$2")
	while read -r s e; do
		pos=$s
		moved=1
		while [ "$pos" -lt "$e" ] && [ $moved = 1 ]; do
			moved=0
			for iv in "${L[@]}"; do
				read -r ls le <<< "$iv"
				if [ "$ls" -le "$pos" ] && [ "$pos" -lt "$le" ]; then
					pos=$le
					moved=1
				fi
			done
		done
		[ "$pos" -lt "$e" ] && echo "$(hex "$pos")-$(hex $((e - 1))) (of $(hex "$s")-$(hex $((e - 1))))"
	done < "$1"
	return 0
}

loads_cover_ram() {
	need_stage2 || return 1
	[ -s "$D/loads.txt" ] || { echo "no PT_LOAD lines from vmcore-phdrs"; section vmcore-phdrs "$D/serial.txt" | head; return 1; }
	[ -s "$D/need.txt" ] || { echo "no System RAM in the first kernel's /proc/iomem"; return 1; }
	uncovered "$D/need.txt" "$D/loads.txt" > "$D/uncovered.txt"
	[ -s "$D/uncovered.txt" ] || return 0
	echo "System RAM of the first kernel that no PT_LOAD of /proc/vmcore covers:"
	head -n 10 "$D/uncovered.txt"
	return 1
}
loads_outside() {
	local s e cs ce bad=0
	need_stage2 || return 1
	[ -s "$D/loads.txt" ] || { echo "no PT_LOAD lines"; return 1; }
	while read -r s e; do
		while read -r cs ce; do
			if [ "$s" -lt "$ce" ] && [ "$cs" -lt "$e" ]; then
				echo "PT_LOAD $(hex "$s")-$(hex $((e - 1))) overlaps the reservation $(hex "$cs")-$(hex $((ce - 1)))"
				bad=1
			fi
		done < "$D/crash.txt"
	done < "$D/loads.txt"
	return $bad
}
same_plans() {
	[ -s "$D/load.txt" ] || { echo "no kexec -d -p output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|PT_LOAD:|crash region|dtb )' "$D/dry-run.txt") \
		<(grep -E '^(segment [0-9]+:|PT_LOAD:|crash region|dtb )' "$D/load.txt")
}
as_hex() { while read -r s e; do echo "$(hex "$s")-$(hex "$e")"; done; }
# /proc/vmcore's RAM PT_LOADs (all but the kernel-text one, whose vaddr is
# in the kernel image mapping, at or above 0xffff800000000000 with 48-bit
# VAs) are the plan's.
vmcore_as_planned() {
	need_stage2 || return 1
	diff <(sed -n 's/^PT_LOAD: 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)$/\1 \2/p' "$D/load.txt" |
		while read -r s e; do echo "$((16#$s)) $((16#$e))"; done | sort -n | as_hex) \
	     <(grep '^PT_LOAD ' "$D/phdrs.txt" | grep -v ' vaddr=0xffff[89a-f]' |
		sed -n 's/^PT_LOAD paddr=0x\([0-9a-f]*\) memsz=0x\([0-9a-f]*\) .*/\1 \2/p' |
		while read -r p m; do echo "$((16#$p)) $((16#$p + 16#$m))"; done | sort -n | as_hex)
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
makedumpfile_ok() {
	need_stage2 || return 1
	grep -q '^@@E2E makedumpfile rc=0 ' "$D/serial.txt" && return 0
	grep '^@@E2E makedumpfile' "$D/serial.txt"
	section makedumpfile "$D/serial.txt" | grep -v '^ *$' | tail -n 12
	return 1
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
	section iomem-stage2 "$log" > "$D/iomem2.txt"
	section vmcore-phdrs "$log" > "$D/phdrs.txt"
	section usable-stage2 "$log" | dt_pairs > "$D/usable.txt"
	section elfcorehdr-stage2 "$log" | dt_pairs > "$D/elfcorehdr.txt"
	sed -n 's/^PT_LOAD paddr=0x\([0-9a-f]*\) memsz=0x\([0-9a-f]*\) .*/\1 \2/p' "$D/phdrs.txt" |
		while read -r p m; do echo "$((16#$p)) $((16#$p + 16#$m))"; done > "$D/loads.txt"
	iomem_ram "$D/iomem1.txt" > "$D/ram1.txt"
	iomem_ram "$D/iomem2.txt" > "$D/ram2.txt"
	iomem_crash "$D/iomem1.txt" > "$D/crash.txt"
	subtract "$D/ram1.txt" "$D/crash.txt" > "$D/need.txt"

	grep '^@@E2E kexec_crash_size' "$log" | sed "s/^@@E2E /#   e2e-arm64-kdump: $scen: /"
	grep -E '^(crash region|dump|elfcorehdr):' "$D/dry-run.txt" | sed "s/^/#   e2e-arm64-kdump: $scen: plan: /"
	check "$scen" "our kexec -d -p loaded the capture kernel" loaded
	check "$scen" "--dry-run -p and -d -p plan the same segments and PT_LOADs" same_plans
	check "$scen" "the capture kernel reached /init" reached_stage2
	check "$scen" "/proc/vmcore exists" vmcore_present
	check "$scen" "PT_LOADs ($(wc -l < "$D/loads.txt")) cover the first kernel's System RAM but the reservation ($(wc -l < "$D/need.txt") ranges)" \
		loads_cover_ram
	check "$scen" "no PT_LOAD in the reservation" loads_outside
	check "$scen" "/proc/vmcore's RAM PT_LOADs are the plan's ($(grep -c '^PT_LOAD:' "$D/load.txt"))" \
		vmcore_as_planned
	check "$scen" "/chosen/linux,usable-memory-range is the reservation" usable_is_reservation
	check "$scen" "the capture kernel's System RAM ($(wc -l < "$D/ram2.txt") ranges) lies inside the reservation" ram2_inside
	check "$scen" "/chosen/linux,elfcorehdr lies inside the reservation" elfcorehdr_inside
	check "$scen" "makedumpfile -d 31 /proc/vmcore exits 0" makedumpfile_ok
	case $scen in
	virtio-mem)
		check "$scen" "the first kernel had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)' ;;
	esac
}

timing() {	# timing SCENARIO DIR
	local slog=$2/serial.log t1 tc t2 tm tx
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tc=$(stamp_of '@@E2E CRASH' "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tm=$(stamp_of '@@E2E makedumpfile rc=' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	awk -v s="$1" -v t1="$t1" -v tc="$tc" -v t2="$t2" -v tm="$tm" -v tx="$tx" 'BEGIN {
		printf "#   e2e-arm64-kdump: %s: first /init %s s, crash %s s, capture /init %s s, makedumpfile done %s s, QEMU exit %s s\n",
			s, t1 == "" ? "-" : t1, tc == "" ? "-" : tc, t2 == "" ? "-" : t2,
			tm == "" ? "-" : tm, tx == "" ? "-" : tx
	}'
	grep '^@@E2E makedumpfile rc=' "$2/serial.txt" | sed "s/^@@E2E /#   e2e-arm64-kdump: $1: /"
}

# ---- main
fetch_kernel || skip "no kernel: cannot fetch the linux-image-*-arm64 that linux-image-arm64:arm64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'dpkg --add-architecture arm64 && apt-get update, as tools/install-deps.sh does'))"
fetch_busybox || skip "no busybox-static:arm64 ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
fetch_makedumpfile 2> "$E2E_DIR/mdf.log" ||
	skip "no makedumpfile: apt-get download of the arm64 $MDF_PKGS failed ($(tail -n 1 "$E2E_DIR/mdf.log" 2>/dev/null))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e-arm64-kdump: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of initramfs, crashkernel=$E2E_CRASHKERNEL, kexec from $BUILD_ARM64, TCG"

for scen in $scenarios; do
	dir=$E2E_DIR/$scen
	rm -rf "$dir"
	mkdir -p "$dir"
	run_qemu "$scen" "$dir"
	check_scenario "$scen" "$dir"
	timing "$scen" "$dir"
done
summary
[ $NFAIL -eq 0 ]
