# shellcheck shell=bash disable=SC2012,SC2034,SC2154 # globals of the runner; ls of .deb names
# The host side the QEMU end-to-end runners share (tests/e2e/run.sh,
# run-kdump.sh, run-arm64.sh, run-arm64-kdump.sh): sourced, not run.
#
# A runner sets E2E_NAME (the prefix of its "ok - NAME: ..." lines) before
# sourcing, and E2E_SUMMARY=1 when it ends with "N passed, M failed, K
# skipped" (the arm64 ones).  The functions use these globals: here (this
# folder), E2E_DIR, E2E_CACHE, E2E_TIMEOUT, QPID, KVER, KTREE, ROOT, MDF,
# VMLINUZ, STAGE1, D (the scenario's directory) and STAGE2.

NPASS=0 NFAIL=0 NSKIP=0
CHECK_DIAG_LINES=${CHECK_DIAG_LINES:-25}
NOT_OK_TAIL=${NOT_OK_TAIL:-15}

# ---- output: ok / not ok / skip lines and "#   " diagnostics

# diag: stdin as "#   " diagnostic lines.
diag() { sed 's/^/#   /'; }

# summary: the "N passed, M failed, K skipped" line of the arm64 runners.
summary() { echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"; }

# skip WHY: one "skip - NAME: WHY" line, and exit 0.
skip() {
	echo "skip - $E2E_NAME: $*"
	NSKIP=$((NSKIP + 1))
	[ "${E2E_SUMMARY:-0}" = 1 ] && summary
	exit 0
}

# not_ok_exit TEXT: a set-up step failed: one "not ok" line, the last
# $NOT_OK_TAIL lines of stdin as diagnostics, and exit 1.
not_ok_exit() {
	echo "not ok - $E2E_NAME: $1"
	NFAIL=$((NFAIL + 1))
	tail -n "$NOT_OK_TAIL" | diag
	[ "${E2E_SUMMARY:-0}" = 1 ] && summary
	exit 1
}

# check SCENARIO TEXT PREDICATE [ARG...]: run the predicate, print one
# ok / not ok line and, on failure, what it printed as diagnostics.
check() {
	local scen=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok - $E2E_NAME: $scen: $text"
		NPASS=$((NPASS + 1))
	else
		echo "not ok - $E2E_NAME: $scen: $text"
		NFAIL=$((NFAIL + 1))
		[ -z "$out" ] || printf '%s\n' "$out" | head -n "$CHECK_DIAG_LINES" | diag
	fi
}

# ---- preconditions

# e2e_enabled: skip under E2E=0.
e2e_enabled() { [ "${E2E:-1}" != 0 ] || skip "disabled (E2E=0)"; }

# need_x86_qemu: skip unless this is an x86_64 host with QEMU for it.
need_x86_qemu() {
	[ "$(uname -m)" = x86_64 ] || skip "the guests are x86_64 and this host is $(uname -m)"
	command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not found (tools/install-deps.sh installs it)"
}

# need_tools TOOL...: skip unless every TOOL is on the PATH.
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || skip "$t not found (tools/install-deps.sh installs it)"
	done
}

# need_static_busybox: skip unless /bin/busybox is there and static.
need_static_busybox() {
	if [ ! -x /bin/busybox ] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
		skip "no static /bin/busybox (package busybox-static)"
	fi
}

# check_scenario_names "ALL" NAME...: exit with a "not ok" line when a NAME
# is not one of ALL.
check_scenario_names() {
	local all=$1 s
	shift
	for s in "$@"; do
		case " $all " in *" $s "*) ;; *)
			echo "not ok - $E2E_NAME: unknown scenario '$s' (known: $all)"
			NFAIL=1
			[ "${E2E_SUMMARY:-0}" = 1 ] && summary
			exit 1 ;;
		esac
	done
}

# is_asan_build MAKEFILE: the build links with AddressSanitizer.
is_asan_build() {
	grep -Eq '^(CFLAGS|LDFLAGS) :=.*-fsanitize=[a-z,]*address' "$1" 2>/dev/null
}

# make_static TOP TEXT: "make static" in TOP, or a "not ok - NAME: TEXT"
# line with make's last lines, and exit 1.
make_static() {
	local out
	out=$(cd "$1" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make static 2>&1) ||
		not_ok_exit "$2" <<< "$out"
}

# setup_arm64_build: find or configure the arm64 build (BUILD_ARM64, see
# run-arm64.sh) and make its static kexec, KEXEC_BIN.
setup_arm64_build() {
	local cross cfg_out
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
	is_asan_build "$BUILD_ARM64/Makefile" &&
		skip "an AddressSanitizer build cannot link the guests' static kexec"
	make_static "$BUILD_ARM64" "make static in $BUILD_ARM64 (the guests' kexec)"
	KEXEC_BIN=$BUILD_ARM64/build/sbin/kexec-static
	[ -x "$KEXEC_BIN" ] || not_ok_exit "make static in $BUILD_ARM64 (the guests' kexec)" <<< "no $KEXEC_BIN"
}

# setup_arm64 SCRATCH TIMEOUT: setup_arm64_build, then E2E_DIR (default
# $BUILD_ARM64/build/SCRATCH), E2E_CACHE (default the x86 test's),
# E2E_TIMEOUT (default TIMEOUT), make_work_dirs, qemu_pidfile, and copy_elf
# set for arm64.
setup_arm64() {
	setup_arm64_build
	E2E_DIR=${E2E_DIR:-$BUILD_ARM64/build/$1}
	E2E_CACHE=${E2E_CACHE:-$srcdir/build/e2e-cache}
	E2E_TIMEOUT=${E2E_TIMEOUT:-$2}
	make_work_dirs
	qemu_pidfile
	ELF_TRIPLET=aarch64-linux-gnu
	ELF_EXTRA_LIBDIRS=/usr/aarch64-linux-gnu/lib
	ELF_INTERP_DIRS=/usr/aarch64-linux-gnu/lib
}

# make_work_dirs: create E2E_DIR and E2E_CACHE (a cache that cannot be
# made moves next to E2E_DIR) and make both absolute.
make_work_dirs() {
	mkdir -p "$E2E_DIR" || exit 1
	mkdir -p "$E2E_CACHE" 2>/dev/null || { E2E_CACHE=$E2E_DIR/../e2e-cache; mkdir -p "$E2E_CACHE" || exit 1; }
	E2E_DIR=$(cd "$E2E_DIR" && pwd)
	E2E_CACHE=$(cd "$E2E_CACHE" && pwd)
}

# qemu_pidfile: QPID, the pid file QEMU writes, and traps that kill a
# QEMU still running when the runner exits.
qemu_pidfile() {
	QPID=$E2E_DIR/qemu.pid
	rm -f "$QPID"	# a stale one would name some other process
	trap qemu_cleanup EXIT
	trap 'exit 130' INT TERM HUP
}
qemu_cleanup() {
	if [ -s "$QPID" ]; then
		kill "$(cat "$QPID")" 2>/dev/null
		rm -f "$QPID"
	fi
}

# ---- downloads, cached in $E2E_CACHE as .deb

# cached_deb ARCH PKG: the newest cached PKG_*_ARCH.deb, downloaded (log
# in $E2E_DIR/apt.log) when missing.
cached_deb() {
	local deb
	deb=$(ls "$E2E_CACHE/$2"_*_"$1".deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		# apt-get download runs as the _apt user when it can.
		(cd "$E2E_CACHE" && apt-get download -q "$2:$1" >> "$E2E_DIR/apt.log" 2>&1)
		deb=$(ls "$E2E_CACHE/$2"_*_"$1".deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$deb" ] && echo "$deb"
}

# kernel_pkg META: the linux-image-<ABI> package META (linux-image-amd64,
# linux-image-arm64:arm64) depends on.
kernel_pkg() {
	apt-cache depends "$1" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { sub(/:[a-z0-9]+$/, "", $2); print $2; exit }'
}

# fetch_kernel ARCH PKG DRIVER-GLOB...: PKG's .deb (any cached
# linux-image-*-ARCH when it cannot be had) unpacked into KTREE, with only
# the kernel, the modules.* lists and the DRIVER-GLOB directories; sets
# KVER and KTREE.
fetch_kernel() {
	local arch=$1 pkg=$2 deb
	shift 2
	[ -n "$pkg" ] && deb=$(cached_deb "$arch" "$pkg")
	# Debian drops old ABIs from the mirror: any cached kernel will do.
	[ -n "${deb:-}" ] || deb=$(ls -t "$E2E_CACHE"/linux-image-*-"$arch"_*_"$arch".deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || return 1
	KVER=${deb##*/linux-image-}
	KVER=${KVER%%_*}
	KTREE=$E2E_DIR/kernel-$KVER
	[ -e "$KTREE/.done" ] && return 0
	rm -rf "$KTREE"
	mkdir -p "$KTREE"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KTREE" --wildcards \
		'./boot/vmlinuz-*' \
		'*/modules/*/modules.builtin*' '*/modules/*/modules.order' "$@" || return 1
	[ -d "$KTREE/usr/lib/modules" ] && [ ! -e "$KTREE/lib" ] && ln -s usr/lib "$KTREE/lib"
	depmod -b "$KTREE" "$KVER" || return 1
	touch "$KTREE/.done"
}

# fetch_busybox: Debian's busybox-static:arm64 unpacked; sets BUSYBOX.
fetch_busybox() {
	local deb
	BUSYBOX=$E2E_DIR/busybox/bin/busybox
	[ -x "$BUSYBOX" ] && return 0
	deb=$(cached_deb arm64 busybox-static) || return 1
	rm -rf "$E2E_DIR/busybox"
	mkdir -p "$E2E_DIR/busybox"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$E2E_DIR/busybox" ./bin/busybox && [ -x "$BUSYBOX" ]
}

# fetch_makedumpfile ARCH PKG...: makedumpfile and the libraries it needs,
# ARCH .debs from Debian, unpacked into MDF (the host need not have them).
fetch_makedumpfile() {
	local arch=$1 p deb what
	shift
	MDF=$E2E_DIR/makedumpfile
	[ -e "$MDF/.done" ] && return 0
	rm -rf "$MDF"
	mkdir -p "$MDF"
	for p in "$@"; do
		what=$p
		[ "$arch" = amd64 ] || what=$p:$arch
		deb=$(cached_deb "$arch" "$p") || { echo "cannot download $what" >&2; return 1; }
		dpkg-deb -x "$deb" "$MDF" || return 1
	done
	[ -x "$MDF/usr/bin/makedumpfile" ] || return 1
	touch "$MDF/.done"
}

# ---- the initramfs

# copy_elf FILE DEST: FILE into $ROOT as DEST and, recursively, the
# libraries it needs, into /lib/$ELF_TRIPLET (x86_64-linux-gnu by default).
# Libraries and the interpreter are looked up in the unpacked Debian
# packages ($MDF, when set) first, then in /lib/$ELF_TRIPLET,
# /usr/lib/$ELF_TRIPLET and ELF_EXTRA_LIBDIRS (the interpreter: in
# ELF_INTERP_DIRS, then at its own path on the host).
copy_elf() {
	local src=$1 dst=$2 interp lib d t=${ELF_TRIPLET:-x86_64-linux-gnu}
	local -a dirs
	mkdir -p "$ROOT$(dirname "$dst")"
	cp -L "$src" "$ROOT$dst" || return 1
	interp=$(readelf -l "$src" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$ROOT$interp" ]; then
		mkdir -p "$ROOT$(dirname "$interp")"
		dirs=()
		[ -n "${MDF:-}" ] && dirs=("$MDF$interp" "$MDF/usr$interp" "$MDF/lib/$t/${interp##*/}" "$MDF/usr/lib/$t/${interp##*/}")
		for d in ${ELF_INTERP_DIRS:-}; do dirs+=("$d/${interp##*/}"); done
		for d in "${dirs[@]}" "$interp"; do
			[ -e "$d" ] && { cp -L "$d" "$ROOT$interp" || return 1; break; }
		done
		[ -e "$ROOT$interp" ] || { echo "interpreter $interp not found" >&2; return 1; }
	fi
	dirs=()
	[ -n "${MDF:-}" ] && dirs=("$MDF/lib/$t" "$MDF/usr/lib/$t")
	# shellcheck disable=SC2206 # a list of directories
	dirs+=("/lib/$t" "/usr/lib/$t" ${ELF_EXTRA_LIBDIRS:-})
	for lib in $(readelf -d "$src" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$ROOT/lib/$t/$lib" ] && continue
		for d in "${dirs[@]}"; do
			[ -e "$d/$lib" ] || continue
			copy_elf "$d/$lib" "/lib/$t/$lib" || return 1
			continue 2
		done
		echo "$lib, needed by $src, not found" >&2
		return 1
	done
}

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

# new_root BUSYBOX APPLETS-COMMAND [DIR...]: a fresh $E2E_DIR/img with ROOT,
# its usual directories and the DIRs, BUSYBOX as /bin/busybox and a link
# for each applet APPLETS-COMMAND lists.
new_root() {
	local bb=$1 list=$2 a img=$E2E_DIR/img
	shift 2
	ROOT=$img/root
	rm -rf "$img"
	mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,lib} "$img/payload" || return 1
	for a in "$@"; do mkdir -p "$ROOT/$a" || return 1; done
	cp "$bb" "$ROOT/bin/busybox" || return 1
	for a in $($list); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
}

# arm64_applets: the applets of the arm64 $BUSYBOX.  Asked through
# qemu-user when that is here, else the host's busybox-static of the same
# release, else a list of the ones the inits use.
arm64_applets() {
	if command -v qemu-aarch64-static >/dev/null && qemu-aarch64-static "$BUSYBOX" --list 2>/dev/null; then
		return 0
	fi
	[ -x /bin/busybox ] && /bin/busybox --list && return 0
	echo "sh mount umount cat echo ls mkdir sleep usleep dmesg poweroff grep sed awk cut tr od modprobe"
}

# pack_images INIT [PAD-MIB]: INIT as /init and guest-lib.sh into $ROOT,
# then base.cpio.gz (the second kernel's initrd) and stage1.img:
# base.cpio.gz padded to 512 bytes, then an uncompressed cpio with /vmlinuz
# and /initrd.img (= base.cpio.gz, grown to PAD-MIB MiB when given).  The
# kernel only finds a cpio that follows a compressed one at a 4-byte
# aligned offset: without the padding /vmlinuz is silently missing.  Sets
# VMLINUZ and STAGE1.
pack_images() {
	local img=$E2E_DIR/img
	install -m 0755 "$1" "$ROOT/init" &&
	install -m 0644 "$here/guest-lib.sh" "$ROOT/guest-lib.sh" || return 1
	(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$img/base.cpio.gz" || return 1
	truncate -s %512 "$img/base.cpio.gz"
	# Debian's arm64 vmlinuz is a plain Image (older ones were gzipped):
	# kexec and QEMU's -kernel take either.
	cp "$KTREE/boot/vmlinuz-$KVER" "$img/payload/vmlinuz" &&
	cp "$img/base.cpio.gz" "$img/payload/initrd.img" || return 1
	if [ -n "${2:-}" ]; then
		pad_initrd "$img/payload/initrd.img" "$2" || return 1
	fi
	(cd "$img/payload" && printf '%s\n' vmlinuz initrd.img | cpio -o -H newc -R 0:0 --quiet) \
		> "$img/payload.cpio" || return 1
	cat "$img/base.cpio.gz" "$img/payload.cpio" > "$img/stage1.img"
	VMLINUZ=$img/payload/vmlinuz
	STAGE1=$img/stage1.img
}

# pad_initrd FILE MIB: grow FILE (a multiple of 512 bytes) to exactly MIB
# MiB by appending an uncompressed cpio whose one file, /e2e-pad, is random
# bytes (incompressible: more for purgatory to check), then zeros, which
# the kernel skips.
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

# ---- one QEMU run with a host-timestamped serial log

# stamp LINE: LINE with the host time since T0, without a fork.
stamp() {
	local e=$(( ${EPOCHREALTIME/./} - T0 ))
	printf '%d.%03d %s\n' $((e / 1000000)) $((e / 1000 % 1000)) "$1"
}

# qemu_mem SCENARIO DIR: MEM, QEMU's memory options: 2 GiB of RAM, and for
# virtio-mem 1 GiB plugged of a 2 GiB device, for kmem-nvdimm a 1 GiB
# NVDIMM backed by DIR/nvdimm.img (the x86 machine wants nvdimm=on), for
# dimm-hot slots to hot-plug a DIMM in.
qemu_mem() {
	MEM=(-m 2G)
	# shellcheck disable=SC2054 # the commas are QEMU's
	case $1 in
	virtio-mem)
		MEM=(-m 2G,maxmem=8G -object memory-backend-ram,id=vmem0,size=2G
		     -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=1G) ;;
	kmem-nvdimm)
		rm -f "$2/nvdimm.img"
		truncate -s 1G "$2/nvdimm.img"
		MEM=(-m 2G,slots=4,maxmem=8G
		     -object "memory-backend-file,id=nv0,share=on,mem-path=$2/nvdimm.img,size=1G"
		     -device nvdimm,memdev=nv0,id=nvdimm0) ;;
	dimm-hot)
		MEM=(-m 2G,slots=4,maxmem=8G) ;;
	esac
}

# qemu_logged DIR QEMU-COMMAND...: run QEMU under $E2E_TIMEOUT in the
# background (so that a signal reaches the trap at once); every serial line
# goes to DIR/serial.log with its host time, and to the function named by
# SERIAL_HOOK when set; then DIR/serial.txt is the log without the times.
qemu_logged() {
	local dir=$1 line
	shift
	printf '%s\n' "$*" > "$dir/qemu.cmd"
	T0=${EPOCHREALTIME/./}
	{
		timeout "$E2E_TIMEOUT" "$@" </dev/null 2>&1
		echo "@@HOST qemu exit status $?"
	} | while IFS= read -r line || [ -n "$line" ]; do
		stamp "${line%$'\r'}"
		[ -z "${SERIAL_HOOK:-}" ] || "$SERIAL_HOOK" "$line"
	done > "$dir/serial.log" &
	wait $!
	rm -f "$QPID"
	sed 's/^[0-9]*\.[0-9]* //' "$dir/serial.log" > "$dir/serial.txt"
}

# stop_after_purgatory LINE: a SERIAL_HOOK: purgatory halts after its
# message, so stop QEMU 2 s later rather than at the timeout.
stop_after_purgatory() {
	case $1 in
	"kexec-ng purgatory: "*)
		(sleep 2; kill "$(cat "$QPID")") 2>/dev/null &
	esac
}

# run_scenarios SCENARIO...: for each, a fresh $E2E_DIR/SCENARIO, then the
# runner's run_qemu, check_scenario and timing (SCENARIO DIR each).
run_scenarios() {
	local scen dir
	for scen in "$@"; do
		dir=$E2E_DIR/$scen
		rm -rf "$dir"
		mkdir -p "$dir"
		run_qemu "$scen" "$dir"
		check_scenario "$scen" "$dir"
		timing "$scen" "$dir"
		rm -f "$dir/nvdimm.img"
	done
}

# ---- the serial log

# section NAME LOG: the lines between @@BEGIN NAME and @@END NAME.
section() {
	awk -v n="$1" '$0 == "@@END " n { on = 0 } on { print } $0 == "@@BEGIN " n { on = 1 }' "$2"
}
# stamp_of PATTERN LOG: host time of the first line matching.
stamp_of() {
	awk -v p="$1" 'index($0, p) { print $1; exit }' "$2"
}

# split_log DIR: D=DIR, STAGE2 (1 when the second kernel reached /init),
# and the sections every runner reads: iomem1.txt, dry-run.txt, load.txt.
split_log() {
	local log=$1/serial.txt
	D=$1
	STAGE2=0
	grep -q '^@@E2E STAGE2 init' "$log" && STAGE2=1
	section iomem-stage1 "$log" > "$D/iomem1.txt"
	section dry-run "$log" > "$D/dry-run.txt"
	section load "$log" > "$D/load.txt"
}

# ---- predicates on the files split out of $D's log; each prints what
# went wrong

# after_kexec LOG: the first line after "@@E2E KEXEC_E", with its stamp.
after_kexec() {
	awk 'seen && NF > 1 { print; exit } index($0, "@@E2E KEXEC_E") { seen = 1 }' "$1"
}

# kexec_reached_stage2 PANIC-RE LINES [first]: the kexec'd kernel printed
# its /init marker; else the stage-1 messages (kexec's, purgatory's, those
# matching PANIC-RE: the last LINES), with "first" what came right after
# kexec -e, and the end of the log.
kexec_reached_stage2() {
	local first
	grep -q '^@@E2E STAGE2 init' "$D/serial.txt" && return 0
	echo "no stage-2 marker; $(grep -c '^@@E2E STAGE1 init' "$D/serial.txt") stage-1 boot(s);" \
		"$(grep '^@@HOST qemu exit' "$D/serial.txt")"
	if [ "${3:-}" = first ] && grep -q '^@@E2E KEXEC_E' "$D/serial.txt"; then
		first=$(after_kexec "$D/serial.log")
		if [ -z "$first" ]; then
			echo "after kexec -e: nothing at all on the console (no purgatory message, no kernel line)"
		else
			echo "after kexec -e, first line: $first"
		fi
	fi
	grep -E "^(@@E2E (FAIL|kexec load rc)|kexec: |kexec-ng purgatory: )|$1" \
		"$D/serial.txt" | grep -v '^kexec: dry run' | tail -n "$2"
	echo "serial log tail ($D/serial.log):"
	tail -n 15 "$D/serial.txt"
	return 1
}

# need_stage2: the second kernel reached /init (else $NEED_STAGE2_MSG).
need_stage2() { [ "$STAGE2" = 1 ] || { echo "$NEED_STAGE2_MSG"; return 1; }; }

# iomem1_has TEXT: the first kernel's /proc/iomem has TEXT.
iomem1_has() {
	grep -qF "$1" "$D/iomem1.txt" && return 0
	grep '^@@E2E' "$D/serial.txt" | tail -n 5
	return 1
}

# loaded_with SYSCALL: kexec -d says it loaded /vmlinuz with SYSCALL.
loaded_with() {
	grep -q "^kexec: loaded /vmlinuz with $1" "$D/load.txt" && return 0
	grep '^@@E2E' "$D/serial.txt" | tail -n 3
	grep '^kexec' "$D/load.txt"
	return 1
}

# no_segment_inside: no kexec segment lies in a range of forbidden.txt.
no_segment_inside() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	awk -f "$here/ranges.awk" -v mode=segments "$D/forbidden.txt" "$D/segments.txt"
}

# ---- kdump: predicates and interval arithmetic of run-kdump.sh and
# run-arm64-kdump.sh

# log_tail: the end of the serial log, for a diagnostic.
log_tail() {
	echo "serial log tail ($D/serial.log):"
	grep -v '^ *$' "$D/serial.txt" | tail -n 15
}
# loaded: our kexec -d -p loaded the capture kernel.
loaded() {
	grep -q '^@@E2E kexec load rc=0 crash_loaded=1' "$D/serial.txt" && return 0
	grep -E '^@@E2E (FAIL|kexec load rc)' "$D/serial.txt"
	grep '^kexec' "$D/load.txt" | tail -n 8
	log_tail
	return 1
}
# capture_reached_init: the capture kernel printed its /init marker.
capture_reached_init() {
	grep -q '^@@E2E STAGE2 init' "$D/serial.txt" && return 0
	echo "no capture-kernel marker; $(grep -c '^@@E2E STAGE1 init' "$D/serial.txt") first-kernel boot(s);" \
		"$(grep '^@@HOST qemu exit' "$D/serial.txt")"
	log_tail
	return 1
}
# vmcore_present: the capture kernel has /proc/vmcore.
vmcore_present() {
	need_stage2 || return 1
	grep -q '^@@E2E VMCORE present' "$D/serial.txt" && return 0
	grep '^@@E2E VMCORE' "$D/serial.txt"
	return 1
}
# makedumpfile_ok: makedumpfile -d 31 /proc/vmcore exited 0.
makedumpfile_ok() {
	need_stage2 || return 1
	grep -q '^@@E2E makedumpfile rc=0 ' "$D/serial.txt" && return 0
	grep '^@@E2E makedumpfile' "$D/serial.txt"
	section makedumpfile "$D/serial.txt" | grep -v '^ *$' | tail -n 12
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
# iomem_crash IOMEM: the Crash kernel reservations.
iomem_crash() {
	sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Crash kernel$/\1 \2/p' "$1" |
	while read -r s e; do echo "$((16#$s)) $((16#$e + 1))"; done
}
# phdr_loads: vmcore-phdrs' PT_LOAD lines on stdin as intervals.
phdr_loads() {
	sed -n 's/^PT_LOAD paddr=0x\([0-9a-f]*\) memsz=0x\([0-9a-f]*\) .*/\1 \2/p' |
		while read -r p m; do echo "$((16#$p)) $((16#$p + 16#$m))"; done
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
# hex N: N as 0x... .
hex() { printf '0x%x' "$1"; }
# as_hex: "START END" decimal lines as START-END in hex.
as_hex() { while read -r s e; do echo "$(hex "$s")-$(hex "$e")"; done; }
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

# loads_outside [first-MiB]: no PT_LOAD reaches into the reservation (nor,
# with first-MiB, below 1 MiB).
loads_outside() {
	local s e cs ce bad=0
	need_stage2 || return 1
	[ -s "$D/loads.txt" ] || { echo "no PT_LOAD lines"; return 1; }
	while read -r s e; do
		if [ "${1:-}" = first-MiB ] && [ "$s" -lt $((0x100000)) ]; then
			echo "PT_LOAD $(hex "$s")-$(hex $((e - 1))) is below 1 MiB"
			bad=1
		fi
		while read -r cs ce; do
			if [ "$s" -lt "$ce" ] && [ "$cs" -lt "$e" ]; then
				echo "PT_LOAD $(hex "$s")-$(hex $((e - 1))) overlaps the reservation $(hex "$cs")-$(hex $((ce - 1)))"
				bad=1
			fi
		done < "$D/crash.txt"
	done < "$D/loads.txt"
	return $bad
}

# loads_cover_ram: the PT_LOADs (loads.txt) cover need.txt.
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
# vmcore_as_planned KTEXT-VADDR-RE: /proc/vmcore's RAM PT_LOADs (all but
# the kernel-text one, whose vaddr matches KTEXT-VADDR-RE) are the plan's.
vmcore_as_planned() {
	need_stage2 || return 1
	diff <(sed -n 's/^PT_LOAD: 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)$/\1 \2/p' "$D/load.txt" |
		while read -r s e; do echo "$((16#$s)) $((16#$e))"; done | sort -n | as_hex) \
	     <(grep '^PT_LOAD ' "$D/phdrs.txt" | grep -v " vaddr=$1" | phdr_loads | sort -n | as_hex)
}

# kdump_timing SCENARIO DIR CRASH-MARKER: the host times of a kdump run as
# a "#   " line, and the makedumpfile result.
kdump_timing() {
	local slog=$2/serial.log t1 tc t2 tm tx
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tc=$(stamp_of "$3" "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tm=$(stamp_of '@@E2E makedumpfile rc=' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	awk -v n="$E2E_NAME" -v s="$1" -v t1="$t1" -v tc="$tc" -v t2="$t2" -v tm="$tm" -v tx="$tx" 'BEGIN {
		printf "#   %s: %s: first /init %s s, crash %s s, capture /init %s s, makedumpfile done %s s, QEMU exit %s s\n",
			n, s, t1 == "" ? "-" : t1, tc == "" ? "-" : tc, t2 == "" ? "-" : t2,
			tm == "" ? "-" : tm, tx == "" ? "-" : tx
	}'
	grep '^@@E2E makedumpfile rc=' "$2/serial.txt" | sed "s/^@@E2E /#   $E2E_NAME: $1: /"
}
