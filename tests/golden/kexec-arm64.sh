#!/bin/sh
# kexec --dry-run of arm64 Images (aarch64 builds): placement by
# booting.rst, the device tree built from the running system's (a .dts put
# through dtc at test time), and one clear line with the documented status
# for each kind of bad input.  Every load is a --dry-run.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
kexec=$build/sbin/kexec
memmap=$build/sbin/kexec-memmap
mkimg=$build/tests/golden/mkarm64image
mkbz=$build/tests/golden/mkbzimage
dts=$srcdir/tests/data/dts
sys=$srcdir/tests/data/sysroots

if [ "${HOST_ARCH:-$(uname -m)}" != aarch64 ]; then
	echo "skip - kexec-arm64: arm64 plans need an aarch64 build; this one loads ${HOST_ARCH:-$(uname -m)} kernels"
	exit 0
fi
if [ -z "${DTC:-}" ] || [ ! -x "$DTC" ]; then
	echo "skip - kexec-arm64: dtc not found (install device-tree-compiler)"
	exit 0
fi
if ! $run "$kexec" --help 2>/dev/null | grep -q -- '--dtb'; then
	echo "skip - kexec-arm64: this kexec has no --dtb option yet (kexec/kexec_main.c)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
	if eval "$2"; then echo "ok - kexec-arm64: $1"; else echo "not ok - kexec-arm64: $1"; fi
}

dtb() {
	"$DTC" -q -I dts -O dtb -o "$2" "$dts/$1.dts"
}

# The plain guest, with the device tree it was booted with.
cp -r "$sys/arm64-plain" "$tmp/root"
mkdir -p "$tmp/root/sys/firmware"
dtb arm64-virt "$tmp/root/sys/firmware/fdt"
$run "$mkimg" "$tmp/Image" efi=1
head -c 300000 /dev/urandom > "$tmp/initrd"

plan() {
	name=$1
	shift
	$run "$kexec" --dry-run "$@" > "$tmp/$name" 2> "$tmp/$name.err"
}

# segs FILE: "start end" of every segment line of a plan, hex without 0x.
segs() {
	sed -n 's/^segment [0-9]*: [a-z_]* *mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\) .*/\1 \2/p' "$1"
}

# outside FILE LO HI: no segment of the plan overlaps [LO, HI) (16-digit hex).
outside() {
	segs "$1" | while read -r s e; do
		if [ "$s" \< "$3" ] && [ "$2" \< "$e" ]; then echo "$s-$e"; fi
	done | grep -q . && return 1
	return 0
}

check "dry run of an Image on the plain guest succeeds, quietly" \
	'plan plain -l "$tmp/Image" --initrd="$tmp/initrd" --append="console=ttyAMA0" --sysroot "$tmp/root" &&
	 grep -q "^kexec: dry run: nothing is loaded" "$tmp/plain" && grep -q "^image: .*(Image)$" "$tmp/plain" &&
	 [ ! -s "$tmp/plain.err" ]'
check "the memory nodes are the plan's boot RAM, 0x40000000-0xc0000000" \
	'grep -q "^device tree: .*memory nodes rewritten from the plan'"'"'s boot RAM$" "$tmp/plain" &&
	 [ "$(grep "^dtb memory:" "$tmp/plain")" = "dtb memory: 0x0000000040000000-0x00000000c0000000" ]'
# The same, against kexec-memmap's own boot list.
$run "$memmap" --sysroot "$tmp/root" --format=json > "$tmp/map.json" 2>/dev/null
sed -n 's/.*"start": "0x\([0-9a-f]*\)", "end": "0x\([0-9a-f]*\)", "type": "ram".*/\1 \2/p' "$tmp/map.json" |
	while read -r s e; do printf 'dtb memory: 0x%016x-0x%016x\n' "0x$s" "0x$e"; done > "$tmp/want-mem"
check "the memory nodes equal kexec-memmap's boot RAM" \
	'[ -s "$tmp/want-mem" ] && grep "^dtb memory:" "$tmp/plain" | diff - "$tmp/want-mem" > /dev/null'
check "four segments, checksums for three" \
	'grep -q "^segments: 4" "$tmp/plain" && [ "$(grep -c "^  check " "$tmp/plain")" -eq 3 ]'
# Below 0x41860000 (the running kernel's reservation) 32 MiB do not fit.
check "the kernel goes to the lowest 2 MiB base with image_size bytes free" \
	'grep -q "^segment 0: kernel *mem 0x0000000042000000-0x0000000044000000 memsz 0x2000000 from .* bytes 0x0-0x10000$" "$tmp/plain"'
check "the initrd goes in the kernel's 1 GiB window, where there is room" \
	'grep -q "^segment 1: initrd *mem 0x0000000040000000-" "$tmp/plain"'
check "the device tree starts a 2 MiB region" \
	'grep -Eq "^segment 2: dtb *mem 0x[0-9a-f]{10}[02468ace]00000-" "$tmp/plain"'
check "no segment in the old initrd's /memreserve/ or the firmware's reservation" \
	'outside "$tmp/plain" 0000000048000000 000000004a415000 && outside "$tmp/plain" 00000000b9800000 00000000bfa00000'
dtbaddr=$(sed -n 's/^segment 2: dtb *mem 0x0*\([0-9a-f]*\)-.*/\1/p' "$tmp/plain")
check "purgatory enters the kernel with x0 = the device tree, and no UART by default" \
	'grep -q "^purgatory: entry 0x42000000, arg 0x$dtbaddr, checks on, serial none 0x0$" "$tmp/plain"'
check "the command line is in the device tree" \
	'grep -Eq "^command line: \"console=ttyAMA0\" \(15 bytes at 0x$(echo "$dtbaddr" | cut -c1-4)" "$tmp/plain"'
check "--serial takes a PL011 MMIO base" \
	'plan serial -l "$tmp/Image" --serial=0x9000000 --sysroot "$tmp/root" &&
	 grep -q "serial mmio 0x9000000$" "$tmp/serial"'
check "--no-checks turns purgatory's checks off" \
	'plan nochk -i -l "$tmp/Image" --sysroot "$tmp/root" && grep -q "checks off (--no-checks)" "$tmp/nochk"'

dtb arm64-no-memory "$tmp/no-memory.dtb"
check "a --dtb without memory nodes gets them from the running system" \
	'plan user -l "$tmp/Image" --dtb="$tmp/no-memory.dtb" --sysroot "$tmp/root" &&
	 grep -q "memory nodes added from the plan'"'"'s boot RAM (the tree had none)$" "$tmp/user" &&
	 [ "$(grep "^dtb memory:" "$tmp/user")" = "dtb memory: 0x0000000040000000-0x00000000c0000000" ]'
dtb arm64-uefi "$tmp/uefi.dtb"
check "on a UEFI boot the memory nodes are left alone, and the plan says so" \
	'plan uefi -l "$tmp/Image" --dtb="$tmp/uefi.dtb" --sysroot "$tmp/root" &&
	 grep -q "memory nodes left alone: a UEFI boot" "$tmp/uefi" && ! grep -q "^dtb memory:" "$tmp/uefi"'

# A kernel compressed as a whole is unpacked, as Debian ships it (vmlinuz).
gzip -c "$tmp/Image" > "$tmp/Image.gz"
kernel_check() { grep "^  check 0x0000000042000000" "$1"; }
check "a gzip-compressed Image gives the same kernel segment" \
	'plan gz -l "$tmp/Image.gz" --sysroot "$tmp/root" && plan raw -l "$tmp/Image" --sysroot "$tmp/root" &&
	 [ -n "$(kernel_check "$tmp/raw")" ] && [ "$(kernel_check "$tmp/gz")" = "$(kernel_check "$tmp/raw")" ]'
check "-t Image is accepted" 'plan typed -l "$tmp/Image" -t Image --sysroot "$tmp/root"'

mkdir -p "$tmp/root/sys/kernel"
echo 0 > "$tmp/root/sys/kernel/kexec_loaded"
check "-S -l exits 0 when no kernel is loaded" '$run "$kexec" -l -S --sysroot "$tmp/root" > /dev/null'

# Bad input: one line on stderr, the documented status, no plan on stdout.
expect() {
	name=$1 status=$2 pattern=$3
	shift 3
	$run "$kexec" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(wc -l < "$tmp/err")
	if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$pattern" "$tmp/err" &&
	   ! grep -q "^segment" "$tmp/out"; then
		echo "ok - kexec-arm64: bad input: $name"
	else
		echo "not ok - kexec-arm64: bad input: $name (status $rc, want $status; $lines stderr lines)"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}
P="--dry-run --sysroot $tmp/root"
head -c 100000 /dev/urandom > "$tmp/random"
$run "$mkbz" "$tmp/bz"
$run "$mkimg" "$tmp/be" flags=0xb
$run "$mkimg" "$tmp/old" image_size=0
$run "$mkimg" "$tmp/efi" efi=1 len=0x20000
head -c 70000 "$tmp/efi" > "$tmp/efi-cut"
head -c 3145728 /dev/zero > "$tmp/3m"
{
	echo '/dts-v1/;'
	echo '/ { #address-cells = <2>; #size-cells = <2>;'
	echo "padding = /incbin/(\"$tmp/3m\"); chosen { }; };"
} > "$tmp/big.dts"
"$DTC" -q -I dts -O dtb -o "$tmp/big.dtb" "$tmp/big.dts"
dtb arm64-virt "$tmp/virt.dtb"
head -c 200 "$tmp/virt.dtb" > "$tmp/cut.dtb"
# A structure block that stops in the middle of a node: the last tag goes.
cp "$tmp/virt.dtb" "$tmp/corrupt.dtb"
off=$(od -An -tu1 -j8 -N4 "$tmp/virt.dtb" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
len=$(od -An -tu1 -j36 -N4 "$tmp/virt.dtb" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
printf '\377\377\377\377' | dd of="$tmp/corrupt.dtb" bs=1 seek=$((off + len - 4)) conv=notrunc 2>/dev/null
dtb arm64-no-chosen "$tmp/no-chosen.dtb"
"$DTC" -q -I dts -O dtb -o "$tmp/c11.dtb" "$dts/cells-1-1.dts"
cp -r "$tmp/root" "$tmp/high"
awk '/^4010000000-/ { print "100000000-13fffffff : System RAM" } { print }' \
	"$tmp/root/proc/iomem" > "$tmp/high/proc/iomem"
cp -r "$sys/arm64-plain" "$tmp/nofdt"
# shellcheck disable=SC2086
{
expect "an x86 bzImage is the wrong architecture" 7 \
	"bz: wrong architecture: this is an x86_64 bzImage, and this kexec loads aarch64 kernels$" $P -l "$tmp/bz"
expect "not a kernel" 7 'random: magic: no "ARM\\x64" at offset 0x38: not an arm64 Image$' $P -l "$tmp/random"
expect "big-endian kernel" 7 "be: flags: big-endian kernel" $P -l "$tmp/be"
expect "kernel older than 3.17" 7 "old: image_size: zero: a kernel older than 3.17" $P -l "$tmp/old"
expect "truncated kernel" 7 "efi-cut: size: truncated: the PE/COFF sections end at 0x20000" $P -l "$tmp/efi-cut"
expect "unknown type" 7 "unknown image type 'bzImage', expected Image$" $P -l "$tmp/Image" -t bzImage
expect "a device tree that is not one" 7 "random: not a flattened device tree" $P -l "$tmp/Image" --dtb="$tmp/random"
expect "a truncated device tree" 7 "cut.dtb: truncated: the header says 0x" $P -l "$tmp/Image" --dtb="$tmp/cut.dtb"
expect "a corrupt device tree" 7 "corrupt.dtb: corrupt device tree: FDT_ERR_" $P -l "$tmp/Image" --dtb="$tmp/corrupt.dtb"
expect "a device tree over 2 MiB" 7 "big.dtb: the device tree would be 0x[0-9a-f]+ bytes, the boot protocol allows at most 2 MiB$" \
	$P -l "$tmp/Image" --dtb="$tmp/big.dtb"
expect "a device tree without /chosen" 7 "no-chosen.dtb: no /chosen node$" $P -l "$tmp/Image" --dtb="$tmp/no-chosen.dtb"
expect "cells that cannot hold the RAM" 7 \
	"c11.dtb: #address-cells = 1, #size-cells = 1 cannot hold the RAM to describe$" \
	--dry-run --sysroot "$tmp/high" -l "$tmp/Image" --dtb="$tmp/c11.dtb"
expect "a missing --dtb" 3 "nope.dtb: No such file or directory$" $P -l "$tmp/Image" --dtb="$tmp/nope.dtb"
expect "no device tree at all" 3 "sys/firmware/fdt: No such file or directory \(give the device tree with --dtb\)$" \
	--dry-run --sysroot "$tmp/nofdt" -l "$tmp/Image"
expect "nothing fits" 8 "no room for the kernel \(0x2000000 bytes\)" $P -l "$tmp/Image" --mem-max=0x41000000
}
