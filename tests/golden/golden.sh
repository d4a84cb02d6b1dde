#!/bin/sh
# Golden tests: kexec-memmap on every fake sysroot against its expected
# JSON, and against the kernel's own BIOS-e820 lines where we have them.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
tool=$build/sbin/kexec-memmap
data=$srcdir/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$data"/sysroots/*/; do
	name=$(basename "$dir")
	for fmt in json e820; do
		want=$data/golden/$name.$fmt
		[ -f "$want" ] || continue
		if $run "$tool" --sysroot "$dir" --format=$fmt > "$tmp/out" 2> "$tmp/err" &&
		   diff -u "$want" "$tmp/out" > "$tmp/diff"; then
			echo "ok - golden: $name --format=$fmt"
		else
			echo "not ok - golden: $name --format=$fmt"
			sed 's/^/#   /' "$tmp/err" "$tmp/diff" | head -40
		fi
	done
done

# Every sysroot must have a JSON expectation: a new one without it is a bug.
for dir in "$data"/sysroots/*/; do
	name=$(basename "$dir")
	if [ -f "$data/golden/$name.json" ]; then
		echo "ok - golden: $name has an expected output"
	else
		echo "not ok - golden: $name has no tests/data/golden/$name.json"
	fi
done
