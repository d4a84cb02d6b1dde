#!/bin/bash
# End-to-end: boot a Debian kernel in QEMU, load it again with our kexec,
# kexec into it, and check from the serial log what the second kernel got.
#
#   tests/e2e/run.sh [SCENARIO...]        (default: all of them)
#
# Environment: srcdir, build (as tests/run-tests.sh sets them; default: the
# source tree and its build/), E2E=0 to skip, E2E_DIR (scratch, default
# $build/e2e), E2E_CACHE (downloads, default $build/e2e-cache), E2E_TIMEOUT
# (seconds per QEMU run, default 180), E2E_KPKG (a linux-image-*-amd64
# package name instead of the one linux-image-amd64 depends on), E2E_KEXEC
# (another kexec binary for the guests, e.g. kexec-tools' as a negative
# control: its canary and map checks are expected to fail), E2E_KEXEC_ARGS
# (more options for the guest's kexec -l, separated by spaces, no commas,
# e.g. -i), E2E_INITRD_PAD_MB (grow the second kernel's initrd to this many
# MiB with an uncompressed cpio of random bytes; bench/handoff-bench.sh).
#
# Prints "ok - e2e: ..." / "not ok - e2e: ..." lines, "#   " diagnostics,
# or one "skip - e2e: <why>" line when QEMU or the kernel cannot be had.
# Needs no root for the build; QEMU runs with TCG (no KVM).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(cd "$here/../.." && pwd)}
build=${build:-$srcdir/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
E2E_DIR=${E2E_DIR:-$build/e2e}
E2E_CACHE=${E2E_CACHE:-$build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
ALL_SCENARIOS="plain plain-s virtio-mem kmem-nvdimm dimm-hot kmem-legacy canary"

skip() {
	echo "skip - e2e: $*"
	exit 0
}
diag() { sed 's/^/#   /'; }

[ "${E2E:-1}" != 0 ] || skip "disabled (E2E=0)"
[ "$(uname -m)" = x86_64 ] || skip "the guests are x86_64 and this host is $(uname -m)"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not found (tools/install-deps.sh installs it)"
for t in cpio depmod socat readelf gzip dpkg-deb apt-get; do
	command -v $t >/dev/null || skip "$t not found (tools/install-deps.sh installs it)"
done
if [ ! -x /bin/busybox ] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
	skip "no static /bin/busybox (package busybox-static)"
fi
command -v ndctl >/dev/null || skip "ndctl not found (package ndctl)"

scenarios=${*:-$ALL_SCENARIOS}
for s in $scenarios; do
	case " $ALL_SCENARIOS " in *" $s "*) ;; *)
		echo "not ok - e2e: unknown scenario '$s' (known: $ALL_SCENARIOS)"
		exit 1 ;;
	esac
done

mkdir -p "$E2E_DIR" "$E2E_CACHE" || exit 1
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

# ---- the kernel: the package linux-image-amd64 depends on, cached as .deb
fetch_kernel() {
	local pkg deb
	rm -f "$E2E_DIR/apt.log"
	pkg=${E2E_KPKG:-$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')}
	if [ -n "$pkg" ]; then
		deb=$(ls "$E2E_CACHE/${pkg}"_*_amd64.deb 2>/dev/null | tail -1)
		if [ -z "$deb" ]; then
			(cd "$E2E_CACHE" && apt-get download -q "$pkg" >"$E2E_DIR/apt.log" 2>&1)
			deb=$(ls "$E2E_CACHE/${pkg}"_*_amd64.deb 2>/dev/null | tail -1)
		fi
	fi
	# Debian drops old ABIs from the mirror: any cached kernel will do.
	[ -n "${deb:-}" ] || deb=$(ls -t "$E2E_CACHE"/linux-image-*-amd64_*_amd64.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || return 1
	KVER=${deb##*/linux-image-}
	KVER=${KVER%%_*}
	KTREE=$E2E_DIR/kernel-$KVER
	[ -e "$KTREE/.done" ] && return 0
	rm -rf "$KTREE"
	mkdir -p "$KTREE"
	# Only the kernel and the driver directories the scenarios use.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KTREE" --wildcards \
		'./boot/vmlinuz-*' \
		'*/modules/*/modules.builtin*' '*/modules/*/modules.order' \
		'*/kernel/drivers/virtio/*' '*/kernel/drivers/nvdimm/*' \
		'*/kernel/drivers/acpi/nfit/*' '*/kernel/drivers/dax/*' || return 1
	[ -d "$KTREE/usr/lib/modules" ] && [ ! -e "$KTREE/lib" ] && ln -s usr/lib "$KTREE/lib"
	depmod -b "$KTREE" "$KVER" || return 1
	touch "$KTREE/.done"
}

# ---- the initramfs
# copy_elf FILE DEST: FILE and, recursively, the libraries it needs.
copy_elf() {
	local src=$1 dst=$2 interp lib d
	mkdir -p "$ROOT$(dirname "$dst")"
	cp -L "$src" "$ROOT$dst" || return 1
	interp=$(readelf -l "$src" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$ROOT$interp" ]; then
		mkdir -p "$ROOT$(dirname "$interp")"
		cp -L "$interp" "$ROOT$interp" || return 1
	fi
	for lib in $(readelf -d "$src" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$ROOT/lib/x86_64-linux-gnu/$lib" ] && continue
		for d in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib /usr/lib; do
			[ -e "$d/$lib" ] || continue
			copy_elf "$d/$lib" "/lib/x86_64-linux-gnu/$lib" || return 1
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
		line=$(grep -E "/${m//_/[_-]}\.ko(\.[a-z]+)?:" "$mdir/modules.dep" | head -1)
		[ -n "$line" ] || { echo "module $m not found" >&2; return 1; }
		for f in ${line/:/}; do
			mkdir -p "$ROOT/lib/modules/$KVER/$(dirname "$f")"
			cp "$mdir/$f" "$ROOT/lib/modules/$KVER/$f" || return 1
		done
	done
	cp "$mdir"/modules.order "$mdir"/modules.builtin* "$ROOT/lib/modules/$KVER/"
	depmod -b "$ROOT" "$KVER"
}

MODULES="virtio_pci virtio_mem libnvdimm nd_pmem nd_e820 nfit dax_pmem device_dax kmem dax_hmem"

# base.cpio.gz: busybox, our static kexec, ndctl, modules, /init.
# stage1.img: base.cpio.gz padded to 512 bytes, then an uncompressed cpio
# with /vmlinuz and /initrd.img (= base.cpio.gz).  The kernel only finds
# a cpio that follows a compressed one at a 4-byte aligned offset:
# without the padding /vmlinuz is silently missing.
build_images() {
	local a img=$E2E_DIR/img
	ROOT=$img/root
	rm -rf "$img"
	mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,lib} "$img/payload"
	cp /bin/busybox "$ROOT/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
	if [ -n "${E2E_KEXEC:-}" ]; then
		copy_elf "$E2E_KEXEC" /sbin/kexec || return 1
	else
		strip -o "$ROOT/sbin/kexec" "$build/sbin/kexec-static" &&
		strip -o "$ROOT/sbin/kexec-memmap" "$build/sbin/kexec-memmap-static" || return 1
	fi
	copy_elf "$(command -v ndctl)" /sbin/ndctl &&
	copy_modules $MODULES &&
	install -m 0755 "$here/init.sh" "$ROOT/init" || return 1
	(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$img/base.cpio.gz" || return 1
	truncate -s %512 "$img/base.cpio.gz"
	cp "$KTREE/boot/vmlinuz-$KVER" "$img/payload/vmlinuz"
	cp "$img/base.cpio.gz" "$img/payload/initrd.img"
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
# bytes (incompressible), then zeros, which the kernel skips.
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
mon_cmd() {
	local r
	r=$(printf '%s\n' "$1" | socat - "UNIX-CONNECT:$MON" 2>&1 | tr -d '\r' |
		grep -v -e '^QEMU .* monitor' -e '^(qemu)' -e '^$')
	stamp "@@HOST monitor: $1${r:+: $r}"
}
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2 kmode=l line
	local -a q mem=(-m 2G)
	local append="console=ttyS0 panic=-1 memhp_default_state=online e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -display none -serial stdio -no-reboot
	   -pidfile "$QPID")
	case $scen in
	plain-s) kmode=s ;;
	virtio-mem)
		mem=(-m 2G,maxmem=8G -object memory-backend-ram,id=vmem0,size=2G
		     -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=1G) ;;
	kmem-nvdimm)
		rm -f "$dir/nvdimm.img"
		truncate -s 1G "$dir/nvdimm.img"
		q[2]=pc,nvdimm=on
		mem=(-m 2G,slots=4,maxmem=8G
		     -object "memory-backend-file,id=nv0,share=on,mem-path=$dir/nvdimm.img,size=1G"
		     -device nvdimm,memdev=nv0,id=nvdimm0) ;;
	dimm-hot)
		mem=(-m 2G,slots=4,maxmem=8G) ;;
	kmem-legacy)
		# RAM 0x40000000-0x5fffffff becomes legacy pmem (e820 type 12).
		# The second kernel gets no memmap=: only our e820 keeps it off.
		append="$append memmap=512M!1G e2e_s2strip=memmap" ;;
	canary)
		# Legacy pmem at the top of low RAM, where loaders like to put
		# their segments.  The second kernel keeps memmap=, so that it
		# sees pmem there again whatever it was handed.
		append="$append memmap=0x1ffe0000!0x60000000" ;;
	esac
	append="$append e2e_kexec=$kmode"
	if [ -n "${E2E_KEXEC_ARGS:-}" ]; then	# init.sh splits them at the commas
		local -a kargs
		read -ra kargs <<< "$E2E_KEXEC_ARGS"
		append="$append e2e_kargs=$(IFS=,; echo "${kargs[*]}")"
	fi
	MON=$dir/mon.sock
	[ ${#MON} -lt 100 ] || MON=$(mktemp -u /tmp/e2e-mon.XXXXXX)
	rm -f "$MON"
	q+=("${mem[@]}" -monitor "unix:$MON,server,nowait"
	    -kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append")
	printf '%s\n' "${q[*]}" > "$dir/qemu.cmd"

	# In the background, so that a signal reaches the trap at once.
	T0=${EPOCHREALTIME/./}
	{
		timeout "$E2E_TIMEOUT" "${q[@]}" </dev/null 2>&1
		echo "@@HOST qemu exit status $?"
	} | while IFS= read -r line || [ -n "$line" ]; do
		stamp "${line%$'\r'}"
		case $line in
		*"@@E2E WAIT_HOTPLUG"*)
			mon_cmd "object_add memory-backend-ram,id=hot0,size=1G"
			mon_cmd "device_add pc-dimm,id=hotdimm0,memdev=hot0"
			stamp "@@HOST hot-plugged a 1 GiB pc-dimm" ;;
		"kexec-ng purgatory: "*)
			# Purgatory halts after its message: do not wait for the timeout.
			(sleep 2; kill "$(cat "$QPID")") 2>/dev/null &
		esac
	done > "$dir/serial.log" &
	wait $!
	rm -f "$QPID" "$MON"
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

FAILS=0
check() {	# check SCENARIO TEXT PREDICATE [ARG...]: one ok / not ok line
	local scen=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok - e2e: $scen: $text"
	else
		echo "not ok - e2e: $scen: $text"
		FAILS=$((FAILS + 1))
		[ -z "$out" ] || printf '%s\n' "$out" | head -n 25 | diag
	fi
}

# The predicates read the files split out of the log of scenario $D; each
# prints what went wrong.
reached_stage2() {
	grep -q '^@@E2E STAGE2 init' "$D/serial.txt" && return 0
	echo "no stage-2 marker; $(grep -c '^@@E2E STAGE1 init' "$D/serial.txt") stage-1 boot(s);" \
		"$(grep '^@@HOST qemu exit' "$D/serial.txt")"
	grep -E '^(@@E2E (FAIL|kexec load rc)|kexec: |kexec-ng purgatory: )|Kernel panic' "$D/serial.txt" |
		grep -v '^kexec: dry run' | tail -n 5
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
# The --dry-run plan and the loaded one place the same segments and hand
# over the same e820 (the zero page's checksum differs: its RNG seed).
same_plans() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|BIOS-e820:)' "$D/dry-run.txt") \
		<(cat "$D/segments.txt" "$D/e820-plan.txt")
}
e820_as_planned() {
	need_stage2 || return 1
	[ -s "$D/e820-plan.txt" ] || { echo "no BIOS-e820 lines in the kexec -d output"; return 1; }
	diff "$D/e820-plan.txt" "$D/e820-2.txt"
}
nothing_usable() {
	need_stage2 || return 1
	[ -s "$D/e820-2.txt" ] || { echo "no BIOS-e820 lines in stage 2"; return 1; }
	awk -f "$here/ranges.awk" -v mode=usable "$D/forbidden.txt" "$D/e820-2.txt"
}
no_segment_inside() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	awk -f "$here/ranges.awk" -v mode=segments "$D/forbidden.txt" "$D/segments.txt"
}
iomem1_has() {
	grep -qF "$1" "$D/iomem1.txt" && return 0
	grep '^@@E2E' "$D/serial.txt" | tail -n 5
	return 1
}
e820_2_has() {
	need_stage2 || return 1
	grep -qxF "$1" "$D/e820-2.txt" && return 0
	echo "stage 2:"
	cat "$D/e820-2.txt"
	return 1
}
iomem2_has() {
	need_stage2 || return 1
	grep -qxF "$1" "$D/iomem2.txt" && return 0
	echo "stage 2 /proc/iomem:"
	grep -v '^ ' "$D/iomem2.txt"
	return 1
}
# The firmware memmap entry that appeared when the DIMM was plugged lies in
# one usable stage-2 e820 range.
hotplugged_usable() {
	need_stage2 || return 1
	[ -s "$D/hot.txt" ] || { echo "no new firmware memmap entry after the hot-plug"; return 1; }
	awk -f "$here/ranges.awk" -v mode=covered "$D/hot.txt" "$D/e820-2.txt"
}
canary_intact() {
	local line
	line=$(grep '^@@E2E CANARY read' "$D/serial.txt")
	grep -q '^@@E2E CANARY written blocks=512$' "$D/serial.txt" &&
		[ -n "$line" ] && [ -z "${line##*intact=512 bad=0}" ] && return 0
	grep '^@@E2E' "$D/serial.txt" | grep -i -e canary -e fail
	return 1
}

check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	D=$2
	STAGE2=0
	grep -q '^@@E2E STAGE2 init' "$log" && STAGE2=1
	section iomem-stage1 "$log" > "$D/iomem1.txt"
	section fwmap-stage1 "$log" > "$D/fwmap1.txt"
	section dry-run "$log" > "$D/dry-run.txt"
	section load "$log" > "$D/load.txt"
	section e820-stage2 "$log" | sed 's/^\[[^]]*\] //' | grep '^BIOS-e820:' > "$D/e820-2.txt"
	section iomem-stage2 "$log" > "$D/iomem2.txt"
	grep '^BIOS-e820:' "$D/load.txt" > "$D/e820-plan.txt"
	grep -E '^segment [0-9]+:' "$D/load.txt" > "$D/segments.txt"
	awk -f "$here/ranges.awk" -v mode=forbidden "$D/iomem1.txt" > "$D/forbidden.txt"
	sed "s/^/#   e2e: $scen: managed or persistent in stage 1: /" "$D/forbidden.txt"

	check "$scen" "the kexec'd kernel reached /init" reached_stage2
	if [ "$scen" = plain-s ]; then
		check "$scen" "kexec loaded with kexec_file_load" loaded_with kexec_file_load
		return
	fi
	check "$scen" "kexec -d -l loaded with kexec_load" loaded_with kexec_load
	check "$scen" "--dry-run and -d plan the same segments and e820" same_plans
	check "$scen" "stage-2 BIOS-e820 lines equal our plan's ($(wc -l < "$D/e820-plan.txt"))" e820_as_planned
	check "$scen" "no managed or persistent range is usable in stage 2 ($(wc -l < "$D/forbidden.txt") ranges)" \
		nothing_usable
	check "$scen" "no segment in a managed or persistent range ($(wc -l < "$D/segments.txt") segments)" \
		no_segment_inside

	case $scen in
	virtio-mem)
		check "$scen" "stage 1 had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)' ;;
	kmem-nvdimm)
		check "$scen" "stage 1 had System RAM (kmem)" iomem1_has 'System RAM (kmem)' ;;
	kmem-legacy)
		check "$scen" "stage 1 had System RAM (kmem)" iomem1_has 'System RAM (kmem)'
		check "$scen" "stage 2 got 0x40000000-0x5fffffff as persistent (type 12)" e820_2_has \
			'BIOS-e820: [mem 0x0000000040000000-0x000000005fffffff] persistent (type 12)'
		check "$scen" "stage 2, without memmap=, has it as Persistent Memory (legacy)" iomem2_has \
			'40000000-5fffffff : Persistent Memory (legacy)' ;;
	dimm-hot)
		section fwmap-before-hotplug "$log" | cut -d' ' -f2- > "$D/fwmap0.txt"
		cut -d' ' -f2- "$D/fwmap1.txt" | grep -vxF -f "$D/fwmap0.txt" > "$D/hot.txt"
		check "$scen" "the hot-plugged DIMM ($(head -n 1 "$D/hot.txt" | cut -d' ' -f1-2)) is usable in stage 2" \
			hotplugged_usable ;;
	canary)
		check "$scen" "all 512 pmem canary blocks intact after kexec" canary_intact ;;
	esac
}

timing() {	# timing SCENARIO DIR
	local slog=$2/serial.log t1 tk t2 tx
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tk=$(stamp_of '@@E2E KEXEC_E' "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	awk -v s="$1" -v t1="$t1" -v tk="$tk" -v t2="$t2" -v tx="$tx" 'BEGIN {
		k = (tk != "" && t2 != "") ? sprintf("%.2f s", t2 - tk) : "-"
		printf "#   e2e: %s: kexec -e -> second /init %s (QEMU start -> first /init %s s, total %s s)\n",
			s, k, t1 == "" ? "-" : t1, tx == "" ? "-" : tx
	}'
}

# ---- main
# The guests run a static kexec; gcc cannot link AddressSanitizer into one.
top=$(cd "$build/.." && pwd)
grep -Eq '^(CFLAGS|LDFLAGS) :=.*-fsanitize=[a-z,]*address' "$top/Makefile" 2>/dev/null &&
	skip "an AddressSanitizer build cannot link the guests' static kexec (the plain build runs the e2e)"
if [ -z "${E2E_KEXEC:-}" ]; then
	if ! make_out=$(cd "$top" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make static 2>&1) ||
	   [ ! -x "$build/sbin/kexec-static" ]; then
		echo "not ok - e2e: make static (the guests' kexec)"
		printf '%s\n' "$make_out" | tail -n 10 | diag
		exit 1
	fi
fi
fetch_kernel || skip "no kernel: cannot fetch the linux-image-*-amd64 that linux-image-amd64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-amd64: run apt-get update'))"
if ! build_images 2> "$E2E_DIR/images.log"; then
	echo "not ok - e2e: build the initramfs"
	tail -n 10 "$E2E_DIR/images.log" | diag
	exit 1
fi
echo "#   e2e: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of base initramfs${E2E_INITRD_PAD_MB:+, padded to $(stat -c %s "$E2E_DIR/img/payload/initrd.img") bytes for the second kernel}, TCG"

for scen in $scenarios; do
	dir=$E2E_DIR/$scen
	rm -rf "$dir"
	mkdir -p "$dir"
	run_qemu "$scen" "$dir"
	check_scenario "$scen" "$dir"
	timing "$scen" "$dir"
	rm -f "$dir/nvdimm.img"
done
[ $FAILS -eq 0 ]
