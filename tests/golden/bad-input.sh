#!/bin/sh
# Bad input: every broken file gets exactly one error line that names the
# file (and line or field) and the documented exit status; nothing is
# printed on stdout as if it were a map.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
tool=$build/sbin/kexec-memmap
plain=$srcdir/tests/data/sysroots/x86-plain
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS PATTERN [ARGS...]: run the tool, check the exit
# status, that stderr is one line matching PATTERN (grep -E), and that
# stdout is empty.
expect() {
	name=$1 status=$2 pattern=$3
	shift 3
	$run "$tool" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(wc -l < "$tmp/err")
	if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$pattern" "$tmp/err" &&
	   [ ! -s "$tmp/out" ]; then
		echo "ok - bad-input: $name"
	else
		echo "not ok - bad-input: $name (status $rc, want $status; $lines stderr lines)"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}

# sysroot NAME: a fresh copy of the plain guest to break.
sysroot() {
	rm -rf "$tmp/$1"
	cp -r "$plain" "$tmp/$1"
	echo "$tmp/$1"
}

r=$(sysroot missing-iomem); rm "$r/proc/iomem"
expect missing-iomem 3 "kexec-memmap: .*/proc/iomem: No such file or directory$" --sysroot "$r"

r=$(sysroot iomem-is-a-directory); rm "$r/proc/iomem"; mkdir "$r/proc/iomem"
expect unreadable-iomem 3 "proc/iomem: Is a directory$" --sysroot "$r"

r=$(sysroot zeroed)
sed 's/[0-9a-f]\{8,\}-[0-9a-f]\{8,\}/00000000-00000000/' "$plain/proc/iomem" > "$r/proc/iomem"
expect zeroed-addresses 6 "proc/iomem: every address reads as zero: .*CAP_SYS_ADMIN" --sysroot "$r"

r=$(sysroot truncated)
head -c 100 "$plain/proc/iomem" > "$r/proc/iomem"
expect truncated-line 4 "proc/iomem:4: expected ' : ' after the end address$" --sysroot "$r"

r=$(sysroot end-below-start)
sed '3s/^0009fc00-0009ffff/0009ffff-0009fc00/' "$plain/proc/iomem" > "$r/proc/iomem"
expect iomem-end-below-start 4 "proc/iomem:3: end 0x9fc00 is below start 0x9ffff$" --sysroot "$r"

r=$(sysroot child-outside)
printf '00100000-001fffff : System RAM\n  00300000-003fffff : Kernel code\n' > "$r/proc/iomem"
expect child-outside-parent 4 "proc/iomem:2: range is not inside its parent on line 1$" --sysroot "$r"

r=$(sysroot empty-iomem); : > "$r/proc/iomem"
expect empty-iomem 4 "proc/iomem: no lines" --sysroot "$r"

r=$(sysroot fw-missing-type); rm "$r/sys/firmware/memmap/3/type"
expect fwmap-missing-type 3 "sys/firmware/memmap/3/type: No such file or directory$" --sysroot "$r"

r=$(sysroot fw-end-below-start); echo 0xff > "$r/sys/firmware/memmap/3/end"
expect fwmap-end-below-start 4 "sys/firmware/memmap/3/end: end 0xff is below start 0x100000" --sysroot "$r"

r=$(sysroot fw-garbage-start); echo 'hello' > "$r/sys/firmware/memmap/5/start"
expect fwmap-garbage-start 4 "sys/firmware/memmap/5/start: unexpected character at offset 0" --sysroot "$r"

r=$(sysroot fw-overflow); echo 0x1ffffffffffffffff > "$r/sys/firmware/memmap/6/end"
expect fwmap-overflow 4 "sys/firmware/memmap/6/end: address does not fit in 64 bits$" --sysroot "$r"

expect iomem-line-limit 5 "proc/iomem:11: more than 10 lines, the limit \(--max-ranges\)$" \
	--sysroot "$plain" --max-ranges=10
expect no-such-sysroot 3 "kexec-memmap: .*/nonexistent: cannot open the sysroot: No such file" \
	--sysroot "$tmp/nonexistent"

# Usage errors: the message, then the --help hint.
usage() {
	name=$1 pattern=$2
	shift 2
	$run "$tool" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 2 ] && head -1 "$tmp/err" | grep -Eq -- "$pattern" &&
	   tail -1 "$tmp/err" | grep -qx "Try 'kexec-memmap --help'." && [ ! -s "$tmp/out" ]; then
		echo "ok - bad-input: usage $name"
	else
		echo "not ok - bad-input: usage $name (status $rc)"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}
usage unknown-option "unrecognized option '--frobnicate'" --frobnicate
usage unknown-format "unknown format 'xml'" --format=xml
usage bad-max-ranges "--max-ranges 'lots': expected a number" --max-ranges=lots
usage zero-max-ranges "--max-ranges '0': expected a number" --max-ranges=0
usage missing-argument "requires an argument" --sysroot
usage stray-argument "unexpected argument 'extra'" extra

# An unknown firmware type is not fatal: a warning names it.
r=$(sysroot fw-unknown-type); echo 'Vendor Magic' > "$r/sys/firmware/memmap/6/type"
if $run "$tool" --sysroot "$r" --format=e820 > "$tmp/out" 2> "$tmp/err" &&
   grep -q "warning: sys/firmware/memmap/6/type: unknown type 'Vendor Magic', kept as reserved" "$tmp/err" &&
   grep -q "0x000000fd00000000-0x000000ffffffffff\] reserved" "$tmp/out"; then
	echo "ok - bad-input: unknown firmware type is a warning and reserved"
else
	echo "not ok - bad-input: unknown firmware type is a warning and reserved"
fi

# A firmware map that is absent is not an error (arm64): R6.
r=$(sysroot no-fwmap); rm -r "$r/sys/firmware/memmap"
if $run "$tool" --sysroot "$r" --format=json > "$tmp/out" 2> "$tmp/err" && [ ! -s "$tmp/err" ] &&
   grep -q '"source": "iomem"' "$tmp/out"; then
	echo "ok - bad-input: absent firmware map falls back to iomem quietly"
else
	echo "not ok - bad-input: absent firmware map falls back to iomem quietly"
fi
