#!/bin/bash
# Capture, from a real kernel, everything kexec -p reads through --sysroot,
# and turn it into the fake sysroots of the crash golden tests.  A dev tool:
# make check does not run it.
#
#   tests/e2e/capture-crash.sh [--install] [CONFIG...]   (default: one two)
#
# CONFIG      QEMU (TCG, -M pc -smp 2)            reservation(s)
#   one       -m 2G, crashkernel=384M             one low "Crash kernel"
#   two       -m 6G, crashkernel=512M,high        512M above 4 GiB, plus the
#                                                 default low one (256M)
#
# The guest boots Debian's kernel (the one tests/e2e/run-kdump.sh uses, from
# the same cache) with a busybox initramfs whose /init
# (tests/e2e/crash-capture/init.sh) prints each file between "@@BEGIN REL"
# and "@@END REL" (proc/kcore's headers as od hex bytes), runs our static
# kexec --dry-run -p on the live files, and powers off.  Nothing is loaded.
#
# Per CONFIG, in $OUT (default build/e2e-crash-capture):
#   CONFIG.serial.txt   the serial log
#   CONFIG/             the sysroot, proc/kcore included
#   CONFIG.guest-plan   the guest's own dry run
#   CONFIG.host-plan    the host's dry run on CONFIG/ with the same inputs
# and the host checks the two plans agree (crash regions, segments,
# PT_LOADs, e820, elfcorehdr).  --install then copies the sysroot, without
# the binary proc/kcore, to tests/data/sysroots/x86-crash-qemu (one) and
# x86-crash-qemu-two (two), and proc/kcore's header bytes as hex text to
# tests/data/kcore/<name>.hex (tests/golden/kexec-crash.sh rebuilds it),
# and the guest's BIOS-e820 lines to tests/data/golden/<name>.e820.  The
# JSON golden output (tests/data/golden/<name>.json) is not written here:
# generate it with kexec-memmap --format=json and check it by hand.
#
# Environment: build (default build), E2E_CACHE (default build/e2e-cache),
# E2E_TIMEOUT (default 300 s per boot), E2E_KPKG (a linux-image-*-amd64).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
build=${build:-$srcdir/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
OUT=${OUT:-$build/e2e-crash-capture}
E2E_CACHE=${E2E_CACHE:-$build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-300}

die() { echo "capture-crash: $*" >&2; exit 1; }

install=0
if [ "${1:-}" = --install ]; then install=1; shift; fi
configs=${*:-one two}
for c in $configs; do
	case $c in one|two) ;; *) die "unknown config '$c' (known: one two)" ;; esac
done

[ "$(uname -m)" = x86_64 ] || die "the guest is x86_64 and this host is $(uname -m)"
for t in qemu-system-x86_64 cpio gzip dpkg-deb apt-get strip timeout xxd readelf; do
	command -v $t >/dev/null || die "$t not found (tools/install-deps.sh)"
done
if [ ! -x /bin/busybox ] || readelf -l /bin/busybox 2>/dev/null | grep -q INTERP; then
	die "no static /bin/busybox (package busybox-static)"
fi

mkdir -p "$OUT" "$E2E_CACHE" || exit 1
OUT=$(cd "$OUT" && pwd)
E2E_CACHE=$(cd "$E2E_CACHE" && pwd)

QPID=$OUT/qemu.pid
rm -f "$QPID"
cleanup() {
	if [ -s "$QPID" ]; then
		kill "$(cat "$QPID")" 2>/dev/null
		rm -f "$QPID"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- the kernel, cached as tests/e2e/run-kdump.sh caches it
fetch_kernel() {
	local pkg deb
	pkg=${E2E_KPKG:-$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')}
	if [ -n "$pkg" ]; then
		deb=$(ls "$E2E_CACHE/${pkg}"_*_amd64.deb 2>/dev/null | tail -1)
		if [ -z "$deb" ]; then
			(cd "$E2E_CACHE" && apt-get download -q "$pkg:amd64" >>"$OUT/apt.log" 2>&1)
			deb=$(ls "$E2E_CACHE/${pkg}"_*_amd64.deb 2>/dev/null | tail -1)
		fi
	fi
	[ -n "${deb:-}" ] || deb=$(ls -t "$E2E_CACHE"/linux-image-*-amd64_*_amd64.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || return 1
	KVER=${deb##*/linux-image-}
	KVER=${KVER%%_*}
	VMLINUZ=$OUT/vmlinuz-$KVER
	[ -s "$VMLINUZ" ] && return 0
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./boot/vmlinuz-$KVER" > "$VMLINUZ.tmp" &&
		mv "$VMLINUZ.tmp" "$VMLINUZ"
}

# ---- the initramfs: busybox, our static kexec, a synthetic bzImage, /init
build_initrd() {
	local a root=$OUT/root
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp}
	cp /bin/busybox "$root/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	done
	strip -o "$root/sbin/kexec" "$build/sbin/kexec-static" || return 1
	"$build/tests/golden/mkbzimage" "$root/bz" || return 1
	cp "$root/bz" "$OUT/bz"
	install -m 0755 "$here/crash-capture/init.sh" "$root/init" || return 1
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) \
		> "$OUT/initrd.img"
}

run_qemu() {	# run_qemu CONFIG
	local -a q mem
	local ck
	case $1 in
	one) mem=(-m 2G); ck=384M ;;
	two) mem=(-m 6G); ck=512M,high ;;
	esac
	q=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -display none -serial stdio -no-reboot
	   -monitor none -pidfile "$QPID" "${mem[@]}" -kernel "$VMLINUZ" -initrd "$OUT/initrd.img"
	   -append "console=ttyS0 panic=-1 crashkernel=$ck")
	printf '%s\n' "${q[*]}" > "$OUT/$1.qemu.cmd"
	timeout "$E2E_TIMEOUT" "${q[@]}" </dev/null 2>&1 | tr -d '\r' > "$OUT/$1.serial.txt"
	rm -f "$QPID"
	grep -q '^@@CAP DONE' "$OUT/$1.serial.txt"
}

# to_sysroot LOG DIR: every "@@BEGIN REL" section into DIR/REL.
to_sysroot() {
	local log=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	awk -v dir="$dir" '
		/^@@END / { if (on) close(f); on = 0; next }
		on { print > f; next }
		/^@@BEGIN (proc|sys)\// {
			rel = substr($0, 9); f = dir "/" rel
			d = f; sub(/\/[^\/]*$/, "", d); system("mkdir -p \"" d "\"")
			printf "" > f; on = 1
		}' "$log"
	awk '$0 == "@@END-HEX proc/kcore" { on = 0 } on { print } $0 == "@@BEGIN-HEX proc/kcore" { on = 1 }' \
		"$log" > "$dir.kcore.hex"
	xxd -r -p "$dir.kcore.hex" > "$dir/proc/kcore"
}

section() {
	awk -v n="$1" '$0 == "@@END " n { on = 0 } on { print } $0 == "@@BEGIN " n { on = 1 }' "$2"
}
plan_lines() { grep -E '^(crash region|segment [0-9]+:|PT_LOAD:|BIOS-e820:|elfcorehdr:|entry:|command line:)' "$1" | sed 's/ from .*//'; }

fetch_kernel || die "no kernel: cannot fetch the linux-image-*-amd64 that linux-image-amd64 depends on"
if ! (cd "$srcdir" && make -s static >/dev/null) || [ ! -x "$build/sbin/kexec-static" ]; then
	die "make static failed"
fi
[ -x "$build/tests/golden/mkbzimage" ] || die "no $build/tests/golden/mkbzimage (make check builds it)"
build_initrd || die "cannot build the initramfs"
echo "capture-crash: kernel $KVER"

fails=0
for c in $configs; do
	echo "capture-crash: booting '$c'"
	if ! run_qemu "$c"; then
		echo "capture-crash: $c: no @@CAP DONE in $OUT/$c.serial.txt"; tail -n 20 "$OUT/$c.serial.txt"
		fails=$((fails + 1)); continue
	fi
	to_sysroot "$OUT/$c.serial.txt" "$OUT/$c"
	section guest-dry-run "$OUT/$c.serial.txt" > "$OUT/$c.guest-plan"
	"$build/sbin/kexec" --dry-run -p "$OUT/bz" --initrd="$OUT/bz" \
		--command-line="console=ttyS0 nr_cpus=1 irqpoll reset_devices" \
		--sysroot "$OUT/$c" > "$OUT/$c.host-plan" 2>&1
	# The zero page's checksum differs between runs (its RNG seed).
	if diff <(plan_lines "$OUT/$c.guest-plan" | grep -v '^segment [0-9]*: zero') \
		<(plan_lines "$OUT/$c.host-plan" | grep -v '^segment [0-9]*: zero') > "$OUT/$c.plan.diff"; then
		echo "capture-crash: $c: the host's dry run on the sysroot equals the guest's on the live files"
	else
		echo "capture-crash: $c: the plans differ:"; head -n 20 "$OUT/$c.plan.diff"
		fails=$((fails + 1))
	fi
	grep -E '^(crash region|PT_LOAD:)' "$OUT/$c.guest-plan" | sed "s/^/capture-crash: $c: /"
	if [ $install = 1 ]; then
		name=x86-crash-qemu
		[ "$c" = two ] && name=x86-crash-qemu-two
		dst=$srcdir/tests/data/sysroots/$name
		rm -rf "$dst"
		cp -r "$OUT/$c" "$dst"
		rm -f "$dst/proc/kcore"
		mkdir -p "$srcdir/tests/data/kcore"
		cp "$OUT/$c.kcore.hex" "$srcdir/tests/data/kcore/$name.hex"
		# The kernel's own BIOS-e820 lines: tests/golden/golden.sh's .e820.
		section dmesg-crashkernel "$OUT/$c.serial.txt" | grep 'BIOS-e820:' |
			sed 's/^\[[^]]*\] //' > "$srcdir/tests/data/golden/$name.e820"
		echo "capture-crash: $c: installed $dst"
	fi
done
[ $fails = 0 ]
