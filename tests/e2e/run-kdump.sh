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

skip() {
	echo "skip - e2e-kdump: $*"
	exit 0
}
diag() { sed 's/^/#   /'; }

[ "${E2E:-1}" != 0 ] || skip "disabled (E2E=0)"
[ "$(uname -m)" = x86_64 ] || skip "the guests are x86_64 and this host is $(uname -m)"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not found (tools/install-deps.sh installs it)"
for t in cpio depmod readelf gzip dpkg-deb apt-get gcc strip timeout; do
	command -v $t >/dev/null || skip "$t not found (tools/install-deps.sh installs it)"
done
if [ ! -x /bin/busybox ] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
	skip "no static /bin/busybox (package busybox-static)"
fi

scenarios=${*:-$ALL_SCENARIOS}
for s in $scenarios; do
	case " $ALL_SCENARIOS " in *" $s "*) ;; *)
		echo "not ok - e2e-kdump: unknown scenario '$s' (known: $ALL_SCENARIOS)"
		exit 1 ;;
	esac
done
case " $scenarios " in *" kmem-nvdimm "*)
	command -v ndctl >/dev/null || skip "ndctl not found (package ndctl)" ;;
esac

mkdir -p "$E2E_DIR" "$E2E_CACHE" || exit 1
E2E_DIR=$(cd "$E2E_DIR" && pwd)
E2E_CACHE=$(cd "$E2E_CACHE" && pwd)

QPID=$E2E_DIR/qemu.pid
rm -f "$QPID"
cleanup() {
	if [ -s "$QPID" ]; then
		kill "$(cat "$QPID")" 2>/dev/null
		rm -f "$QPID"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- downloads, cached in $E2E_CACHE as .deb (as tests/e2e/run.sh does)
# cached_deb PKG: the path of PKG's .deb, downloaded if not cached yet.
cached_deb() {
	local deb
	deb=$(ls "$E2E_CACHE/${1}"_*_amd64.deb 2>/dev/null | tail -1)
	if [ -z "$deb" ]; then
		(cd "$E2E_CACHE" && apt-get download -q "$1:amd64" >>"$E2E_DIR/apt.log" 2>&1)
		deb=$(ls "$E2E_CACHE/${1}"_*_amd64.deb 2>/dev/null | tail -1)
	fi
	[ -n "$deb" ] && echo "$deb"
}

fetch_kernel() {
	local pkg deb
	pkg=${E2E_KPKG:-$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')}
	[ -n "$pkg" ] && deb=$(cached_deb "$pkg")
	# Debian drops old ABIs from the mirror: any cached kernel will do.
	[ -n "${deb:-}" ] || deb=$(ls -t "$E2E_CACHE"/linux-image-*-amd64_*_amd64.deb 2>/dev/null | head -1)
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
		'*/kernel/drivers/virtio/*' '*/kernel/drivers/nvdimm/*' \
		'*/kernel/drivers/acpi/nfit/*' '*/kernel/drivers/dax/*' || return 1
	[ -d "$KTREE/usr/lib/modules" ] && [ ! -e "$KTREE/lib" ] && ln -s usr/lib "$KTREE/lib"
	depmod -b "$KTREE" "$KVER" || return 1
	touch "$KTREE/.done"
}

# makedumpfile and the libraries it needs, from Debian, unpacked into
# $MDF (the host need not have them installed).
MDF_PKGS="makedumpfile liblzo2-2 libdw1 libelf1 zlib1g libzstd1 liblzma5 libbz2-1.0"
fetch_makedumpfile() {
	local p deb
	MDF=$E2E_DIR/makedumpfile
	[ -e "$MDF/.done" ] && return 0
	rm -rf "$MDF"
	mkdir -p "$MDF"
	for p in $MDF_PKGS; do
		deb=$(cached_deb "$p") || { echo "cannot download $p" >&2; return 1; }
		dpkg-deb -x "$deb" "$MDF" || return 1
	done
	[ -x "$MDF/usr/bin/makedumpfile" ] || return 1
	touch "$MDF/.done"
}

# ---- the initramfs
# copy_elf FILE DEST: FILE and, recursively, the libraries it needs; they
# are looked up in the unpacked Debian packages first, then on the host.
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
		for d in "$MDF/lib/x86_64-linux-gnu" "$MDF/usr/lib/x86_64-linux-gnu" \
			 /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib /usr/lib; do
			[ -e "$d/$lib" ] || continue
			copy_elf "$d/$lib" "/lib/x86_64-linux-gnu/$lib" || return 1
			continue 2
		done
		echo "$lib, needed by $src, not found" >&2
		return 1
	done
}

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

MODULES="virtio_pci virtio_mem libnvdimm nd_pmem nfit dax_pmem device_dax kmem"

# base.cpio.gz (the capture kernel's initrd as well): busybox, our static
# kexec, ndctl, makedumpfile, vmcore-phdrs, modules, /init.  stage1.img:
# base.cpio.gz padded to 512 bytes, then an uncompressed cpio with /vmlinuz
# and /initrd.img (see tests/e2e/run.sh for why the padding).
build_images() {
	local a img=$E2E_DIR/img
	ROOT=$img/root
	rm -rf "$img"
	mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,lib,dumpfs} "$img/payload"
	cp /bin/busybox "$ROOT/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$ROOT/bin/$a" ] || ln -s busybox "$ROOT/bin/$a"
	done
	strip -o "$ROOT/sbin/kexec" "$build/sbin/kexec-static" || return 1
	gcc -static -O2 -Wall -o "$ROOT/sbin/vmcore-phdrs" "$here/kdump/vmcore-phdrs.c" &&
	strip "$ROOT/sbin/vmcore-phdrs" || return 1
	copy_elf "$MDF/usr/bin/makedumpfile" /sbin/makedumpfile || return 1
	if command -v ndctl >/dev/null; then
		copy_elf "$(command -v ndctl)" /sbin/ndctl || return 1
	fi
	# shellcheck disable=SC2086 # a list of module names
	copy_modules $MODULES &&
	install -m 0755 "$here/kdump/init.sh" "$ROOT/init" || return 1
	(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$img/base.cpio.gz" || return 1
	truncate -s %512 "$img/base.cpio.gz"
	cp "$KTREE/boot/vmlinuz-$KVER" "$img/payload/vmlinuz"
	cp "$img/base.cpio.gz" "$img/payload/initrd.img"
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
	local append="console=ttyS0 panic=-1 memhp_default_state=online crashkernel=$E2E_CRASHKERNEL e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -display none -serial stdio -no-reboot
	   -monitor none -pidfile "$QPID")
	# shellcheck disable=SC2054 # the commas are QEMU's
	case $scen in
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

FAILS=0
check() {	# check SCENARIO TEXT PREDICATE [ARG...]
	local scen=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "ok - e2e-kdump: $scen: $text"
	else
		echo "not ok - e2e-kdump: $scen: $text"
		FAILS=$((FAILS + 1))
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
# No PT_LOAD reaches into the reservation or below 1 MiB.
loads_outside() {
	local s e cs ce bad=0
	need_stage2 || return 1
	[ -s "$D/loads.txt" ] || { echo "no PT_LOAD lines"; return 1; }
	while read -r s e; do
		[ "$s" -lt $MIB1 ] && { echo "PT_LOAD $(hex "$s")-$(hex $((e - 1))) is below 1 MiB"; bad=1; }
		while read -r cs ce; do
			if [ "$s" -lt "$ce" ] && [ "$cs" -lt "$e" ]; then
				echo "PT_LOAD $(hex "$s")-$(hex $((e - 1))) overlaps the reservation $(hex "$cs")-$(hex $((ce - 1)))"
				bad=1
			fi
		done < "$D/crash.txt"
	done < "$D/loads.txt"
	return $bad
}
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
# /proc/vmcore's RAM PT_LOADs (all but the kernel-text one, whose vaddr is
# in the kernel image mapping) are the plan's.
vmcore_as_planned() {
	need_stage2 || return 1
	diff <(sed -n 's/^PT_LOAD: 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)$/\1 \2/p' "$D/load.txt" |
		while read -r s e; do echo "$((16#$s)) $((16#$e))"; done | sort -n | as_hex) \
	     <(grep '^PT_LOAD ' "$D/phdrs.txt" | grep -v ' vaddr=0xffffffff[89a-f]' |
		sed -n 's/^PT_LOAD paddr=0x\([0-9a-f]*\) memsz=0x\([0-9a-f]*\) .*/\1 \2/p' |
		while read -r p m; do echo "$((16#$p)) $((16#$p + 16#$m))"; done | sort -n | as_hex)
}
as_hex() { while read -r s e; do echo "$(hex "$s")-$(hex "$e")"; done; }
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
	section e820-stage2 "$log" | sed 's/^\[[^]]*\] //' | grep '^BIOS-e820:' > "$D/e820-2.txt"
	grep '^BIOS-e820:' "$D/load.txt" > "$D/e820-plan.txt"
	sed -n 's/^BIOS-e820: \[mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)\] usable$/\1 \2/p' "$D/e820-2.txt" |
		while read -r s e; do echo "$((16#$s)) $((16#$e + 1))"; done > "$D/usable2.txt"
	sed -n 's/^PT_LOAD paddr=0x\([0-9a-f]*\) memsz=0x\([0-9a-f]*\) .*/\1 \2/p' "$D/phdrs.txt" |
		while read -r p m; do echo "$((16#$p)) $((16#$p + 16#$m))"; done > "$D/loads.txt"
	iomem_ram "$D/iomem1.txt" > "$D/ram1.txt"
	iomem_crash "$D/iomem1.txt" > "$D/crash.txt"
	{ cat "$D/crash.txt"; echo "0 $MIB1"; } > "$D/excluded.txt"
	subtract "$D/ram1.txt" "$D/excluded.txt" > "$D/need.txt"

	grep '^@@E2E kexec_crash_size' "$log" | sed "s/^@@E2E /#   e2e-kdump: $scen: /"
	grep -E '^(crash region|dump|elfcorehdr):' "$D/dry-run.txt" | sed "s/^/#   e2e-kdump: $scen: plan: /"
	check "$scen" "our kexec -d -p loaded the capture kernel" loaded
	check "$scen" "--dry-run -p and -d -p plan the same segments, PT_LOADs and e820" same_plans
	check "$scen" "the capture kernel reached /init" reached_stage2
	check "$scen" "its BIOS-e820 lines equal our plan's ($(wc -l < "$D/e820-plan.txt"))" e820_as_planned
	check "$scen" "/proc/vmcore exists" vmcore_present
	check "$scen" "PT_LOADs ($(wc -l < "$D/loads.txt")) cover the first kernel's System RAM but the reservation and the first MiB ($(wc -l < "$D/need.txt") ranges)" \
		loads_cover_ram
	check "$scen" "no PT_LOAD in the reservation or the first MiB" loads_outside
	check "$scen" "/proc/vmcore's RAM PT_LOADs are the plan's ($(grep -c '^PT_LOAD:' "$D/load.txt"))" \
		vmcore_as_planned
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

timing() {	# timing SCENARIO DIR
	local slog=$2/serial.log t1 tc t2 tm tx
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tc=$(stamp_of 'sysrq: Trigger a crash' "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tm=$(stamp_of '@@E2E makedumpfile rc=' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	awk -v s="$1" -v t1="$t1" -v tc="$tc" -v t2="$t2" -v tm="$tm" -v tx="$tx" 'BEGIN {
		printf "#   e2e-kdump: %s: first /init %s s, crash %s s, capture /init %s s, makedumpfile done %s s, QEMU exit %s s\n",
			s, t1 == "" ? "-" : t1, tc == "" ? "-" : tc, t2 == "" ? "-" : t2,
			tm == "" ? "-" : tm, tx == "" ? "-" : tx
	}'
	grep '^@@E2E makedumpfile rc=' "$2/serial.txt" | sed "s/^@@E2E /#   e2e-kdump: $1: /"
}

# ---- main
top=$(cd "$build/.." && pwd)
grep -Eq '^(CFLAGS|LDFLAGS) :=.*-fsanitize=[a-z,]*address' "$top/Makefile" 2>/dev/null &&
	skip "an AddressSanitizer build cannot link the guests' static kexec (the plain build runs the e2e)"
if ! make_out=$(cd "$top" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make static 2>&1) ||
   [ ! -x "$build/sbin/kexec-static" ]; then
	echo "not ok - e2e-kdump: make static (the guests' kexec)"
	printf '%s\n' "$make_out" | tail -n 10 | diag
	exit 1
fi
rm -f "$E2E_DIR/apt.log"
fetch_kernel || skip "no kernel: cannot fetch the linux-image-*-amd64 that linux-image-amd64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-amd64: run apt-get update'))"
fetch_makedumpfile 2> "$E2E_DIR/mdf.log" ||
	skip "no makedumpfile: apt-get download $MDF_PKGS failed ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null))"
if ! build_images 2> "$E2E_DIR/images.log"; then
	echo "not ok - e2e-kdump: build the initramfs"
	tail -n 10 "$E2E_DIR/images.log" | diag
	exit 1
fi
echo "#   e2e-kdump: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of initramfs, crashkernel=$E2E_CRASHKERNEL, TCG"

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
