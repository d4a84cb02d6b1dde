#!/bin/sh
# kexec --dry-run: plans for the fake sysroots, kexec-tools spellings, and
# one clear line with the documented status for each kind of bad input.
# Nothing here makes a kexec system call: every load is a --dry-run, and
# --sysroot refuses anything else.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
if [ "${HOST_ARCH:-$(uname -m)}" != x86_64 ]; then
	echo "skip - kexec: bzImage plans need an x86_64 build; this one loads $HOST_ARCH kernels (kexec-arm64.sh)"
	exit 0
fi
kexec=$build/sbin/kexec
mkbz=$build/tests/golden/mkbzimage
sys=$srcdir/tests/data/sysroots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
	if eval "$2"; then echo "ok - kexec: $1"; else echo "not ok - kexec: $1"; fi
}

$run "$mkbz" "$tmp/bz"
head -c 300000 /dev/urandom > "$tmp/initrd"

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

plan() {
	name=$1
	shift
	$run "$kexec" --dry-run "$@" > "$tmp/$name" 2> "$tmp/$name.err"
}

check "dry run of a bzImage on the plain guest succeeds" \
	'plan plain -l "$tmp/bz" --initrd="$tmp/initrd" --append="console=ttyS0" --sysroot "$sys/x86-plain"'
check "the plan says nothing is loaded and which syscall a load would use" \
	'grep -q "^kexec: dry run: nothing is loaded" "$tmp/plain" &&
	 grep -q "^syscall: kexec_load (our reconciled memory map)" "$tmp/plain"'
check "its e820 lines are the kernel's own BIOS-e820 lines for that guest" \
	'grep "^BIOS-e820:" "$tmp/plain" | diff - "$srcdir/tests/data/golden/x86-plain.e820" >/dev/null'
check "the kernel goes to its pref_address, 16 MiB" \
	'grep -q "^segment 0: kernel *mem 0x0000000001000000-0x0000000004f98000 memsz 0x3f98000 from .* bytes 0xa00-0x10a00" "$tmp/plain"'
check "four segments, checksums for three" \
	'grep -q "^segments: 4" "$tmp/plain" && [ "$(grep -c "^  check " "$tmp/plain")" -eq 3 ]'
check "the command line is the one given" 'grep -q "^command line: \"console=ttyS0\" (13 bytes" "$tmp/plain"'
check "nothing is printed on stderr" '[ ! -s "$tmp/plain.err" ]'

check "pmem at the top of low RAM gets no segment (the canary range)" \
	'plan pmem -l "$tmp/bz" --initrd="$tmp/initrd" --sysroot "$sys/x86-pmem-top" &&
	 outside "$tmp/pmem" 0000000060000000 000000007ffe0000 &&
	 grep -q "^BIOS-e820: \[mem 0x0000000060000000-0x000000007ffdffff\] persistent (type 12)" "$tmp/pmem"'
check "legacy pmem turned kmem gets no segment and is pram in the next map" \
	'plan legacy -l "$tmp/bz" --initrd="$tmp/initrd" --sysroot "$sys/x86-kmem-legacy" &&
	 outside "$tmp/legacy" 0000000040000000 0000000060000000 &&
	 grep -q "^BIOS-e820: \[mem 0x0000000040000000-0x000000005fffffff\] persistent (type 12)" "$tmp/legacy" &&
	 grep -q "^conflict: 0x0000000040000000-0x0000000060000000 firmware: System RAM; iomem: Persistent Memory (legacy)" "$tmp/legacy"'
check "virtio-mem memory is neither usable nor a place" \
	'plan vmem -l "$tmp/bz" --sysroot "$sys/x86-virtio-mem" &&
	 outside "$tmp/vmem" 0000000100000000 0000000140000000 &&
	 ! grep -q "0x0000000100000000-.*usable" "$tmp/vmem" &&
	 grep -q "^dropped: 0x0000000100000000-0x0000000140000000 System RAM (virtio_mem): rule R3" "$tmp/vmem"'
check "a hot-plugged DIMM stays usable" \
	'plan dimm -l "$tmp/bz" --sysroot "$sys/x86-dimm-hot" &&
	 grep -q "^BIOS-e820: \[mem 0x0000000100000000-0x000000013fffffff\] usable" "$tmp/dimm"'
check "--mem-min and --mem-max bound every segment" \
	'plan bounded -l "$tmp/bz" --initrd="$tmp/initrd" --mem-min=0x20000000 --mem-max=0x40000000 --sysroot "$sys/x86-plain" &&
	 outside "$tmp/bounded" 0000000000000000 0000000020000000 && outside "$tmp/bounded" 0000000040000000 ffffffffffffffff'
check "--no-checks turns purgatory's checks off and computes none" \
	'plan nochk -i -l "$tmp/bz" --sysroot "$sys/x86-plain" &&
	 grep -q "checks off (--no-checks)" "$tmp/nochk" && grep -q "ckhash64 0x0000000000000000" "$tmp/nochk"'

# A kernel compressed as a whole is unpacked; an initrd is passed as it is.
gzip -c "$tmp/bz" > "$tmp/bz.gz"
xz -c "$tmp/bz" > "$tmp/bz.xz" 2>/dev/null || true
gzip -c "$tmp/initrd" > "$tmp/initrd.gz"
kernel_check() { grep "^  check 0x0000000001000000" "$1"; }
check "a gzip-compressed kernel gives the same kernel segment" \
	'plan gz -l "$tmp/bz.gz" --sysroot "$sys/x86-plain" && plan raw -l "$tmp/bz" --sysroot "$sys/x86-plain" &&
	 [ "$(kernel_check "$tmp/gz")" = "$(kernel_check "$tmp/raw")" ]'
if [ -s "$tmp/bz.xz" ]; then
	check "an xz-compressed kernel gives the same kernel segment" \
		'plan xz -l "$tmp/bz.xz" --sysroot "$sys/x86-plain" && [ "$(kernel_check "$tmp/xz")" = "$(kernel_check "$tmp/raw")" ]'
else
	echo "skip - kexec: xz not installed"
fi
check "a compressed initrd is loaded as it is" \
	'plan igz -l "$tmp/bz" --initrd="$tmp/initrd.gz" --sysroot "$sys/x86-plain" &&
	 grep -q "^segment 1: initrd .* bytes 0x0-0x$(printf %x "$(wc -c < "$tmp/initrd.gz")")$" "$tmp/igz"'

# kexec-tools spellings.
mkdir -p "$tmp/root" && cp -r "$sys/x86-plain/." "$tmp/root/"
echo "BOOT_IMAGE=/boot/vmlinuz root=/dev/vda1 console=ttyS0" > "$tmp/root/proc/cmdline"
check "--reuse-cmdline drops BOOT_IMAGE and --command-line appends" \
	'plan reuse -l "$tmp/bz" --reuse-cmdline --command-line="quiet" --sysroot "$tmp/root" &&
	 grep -q "^command line: \"root=/dev/vda1 console=ttyS0 quiet\"" "$tmp/reuse"'
check "--ramdisk, -t bzImage64 and options after the kernel are accepted" \
	'plan spell -l "$tmp/bz" -t bzImage64 --ramdisk "$tmp/initrd" --append "a=b" --sysroot "$tmp/root" &&
	 grep -q "^initrd: $tmp/initrd$" "$tmp/spell" && grep -q "^command line: \"a=b\"" "$tmp/spell"'
check "-s says the file syscall would be used" \
	'plan filesys -s -l "$tmp/bz" --sysroot "$sys/x86-plain" && grep -q "^syscall: kexec_file_load (-s)" "$tmp/filesys"'

mkdir -p "$tmp/root/sys/kernel"
echo 1 > "$tmp/root/sys/kernel/kexec_loaded"
echo 0 > "$tmp/root/sys/kernel/kexec_crash_loaded"
check "-S -l exits 1 when a kernel is loaded, as kexec-tools does" \
	'$run "$kexec" -S -l --sysroot "$tmp/root" > "$tmp/out"; [ $? -eq 1 ] && grep -q "a kernel is loaded" "$tmp/out"'
check "-S asks about the crash kernel and exits 0 when none is" \
	'$run "$kexec" -S --sysroot "$tmp/root" > "$tmp/out" && grep -q "a crash kernel is not loaded" "$tmp/out"'
check "-S supersedes -e" '$run "$kexec" -e -S --sysroot "$tmp/root" > /dev/null'
echo 0 > "$tmp/root/sys/kernel/kexec_loaded"
check "-S -l exits 0 when none is" '$run "$kexec" -l -S --sysroot "$tmp/root" > /dev/null'

# Bad input: one line on stderr, the documented status, no plan on stdout.
expect() {
	name=$1 status=$2 pattern=$3
	shift 3
	$run "$kexec" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(wc -l < "$tmp/err")
	if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$pattern" "$tmp/err" &&
	   ! grep -q "^segment" "$tmp/out"; then
		echo "ok - kexec: bad input: $name"
	else
		echo "not ok - kexec: bad input: $name (status $rc, want $status; $lines stderr lines)"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}
P="--dry-run --sysroot $sys/x86-plain"
head -c 100000 /dev/urandom > "$tmp/random"
# shellcheck disable=SC2086
{
expect "not a kernel" 7 "random: boot_flag: no 0xaa55 at offset 0x1fe: not a bzImage$" $P -l "$tmp/random"
$run "$mkbz" "$tmp/bz32" xloadflags=0
expect "32-bit-only kernel" 7 "bz32: xloadflags: no 64-bit entry point" $P -l "$tmp/bz32"
$run "$mkbz" "$tmp/bzold" version=0x0209
expect "boot protocol too old" 7 "bzold: version: boot protocol 2.09, expected 2.12 or later$" $P -l "$tmp/bzold"
$run "$mkbz" "$tmp/bzfixed" relocatable=0
expect "not relocatable" 7 "bzfixed: relocatable_kernel: kernel is not relocatable$" $P -l "$tmp/bzfixed"
head -c 5000 "$tmp/bz" > "$tmp/bzcut"
expect "truncated kernel" 7 "bzcut: syssize: truncated" $P -l "$tmp/bzcut"
head -c $(($(wc -c < "$tmp/bz.gz") / 2)) "$tmp/bz.gz" > "$tmp/bzcut.gz"
expect "truncated gzip kernel" 7 "bzcut.gz: gzip: truncated gzip data$" $P -l "$tmp/bzcut.gz"
expect "missing kernel" 3 "nope: No such file or directory$" $P -l "$tmp/nope"
expect "kernel is a directory" 3 "kexec: $tmp: is a directory$" $P -l "$tmp"
expect "missing initrd" 3 "nope.img: No such file or directory$" $P -l "$tmp/bz" --initrd="$tmp/nope.img"
: > "$tmp/empty"
expect "empty initrd" 4 "empty: empty file$" $P -l "$tmp/bz" --initrd="$tmp/empty"
$run "$build/tests/golden/mkarm64image" "$tmp/Image"
expect "an arm64 Image is the wrong architecture" 7 \
	"Image: wrong architecture: this is an aarch64 Image, and this kexec loads x86_64 kernels$" $P -l "$tmp/Image"
expect "unknown type" 7 "unknown image type 'uImage', expected bzImage$" $P -l "$tmp/bz" -t uImage
long=$(head -c 3000 /dev/zero | tr '\0' a)
expect "command line too long" 7 "command line is 3000 bytes, the kernel accepts at most 2047$" $P -l "$tmp/bz" --append="$long"
expect "nothing fits" 8 "no room for the kernel \(0x3f98000 bytes\)" $P -l "$tmp/bz" --mem-max=0x2000000
expect "no such sysroot" 3 "cannot open the sysroot" --dry-run --sysroot "$tmp/none" -l "$tmp/bz"
}
mkdir -p "$tmp/broken/proc" && printf '00000000-00000fff : Reserved\nxyz\n' > "$tmp/broken/proc/iomem"
expect "broken iomem" 4 "proc/iomem:2: expected a hex start address$" --dry-run --sysroot "$tmp/broken" -l "$tmp/bz"
expect "-e with nothing loaded" 11 "no kernel is loaded" --dry-run -e --sysroot "$tmp/root"

usage() {
	name=$1 pattern=$2
	shift 2
	$run "$kexec" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && head -1 "$tmp/err" | grep -Eq -- "$pattern" &&
	   tail -1 "$tmp/err" | grep -qx "Try 'kexec --help'."; then
		echo "ok - kexec: usage: $name"
	else
		echo "not ok - kexec: usage: $name (status $rc)"
		sed 's/^/#   /' "$tmp/err" | head -3
	fi
}
usage "no action" "nothing to do"
usage "load without a kernel" "no kernel given to load" -l
usage "two actions" "cannot be combined" -l -e "$tmp/bz"
usage "unknown option" "unrecognized option '--bogus'" --bogus
usage "bad address" "--mem-min 'low': expected an address" --mem-min=low -l "$tmp/bz"
usage "inverted bounds" "--mem-max must be above --mem-min" --mem-min=0x2000 --mem-max=0x1000 -l "$tmp/bz"
usage "sysroot without dry run" "needs --dry-run" -l "$tmp/bz" --sysroot "$sys/x86-plain"
usage "-e with an argument" "unexpected argument" -e "$tmp/bz"
