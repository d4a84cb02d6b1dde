#!/bin/sh
# The FDT memory emitter, checked with dtc: compile a .dts, rewrite its
# memory nodes, decompile, and compare with a hand-written expected .dts
# (also put through dtc, so only content is compared, not layout).
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
tool=$build/tests/golden/dtb-set-memory
dts=$srcdir/tests/data/dts
if [ -z "${DTC:-}" ] || [ ! -x "$DTC" ]; then
	echo "skip - dtb: dtc not found (install device-tree-compiler)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# case NAME INPUT EXPECTED RANGES...
case_() {
	name=$1 input=$2 expected=$3
	shift 3
	if "$DTC" -q -I dts -O dtb -o "$tmp/in.dtb" "$dts/$input" &&
	   "$DTC" -q -I dts -O dtb -o "$tmp/want.dtb" "$dts/$expected" &&
	   $run "$tool" "$tmp/in.dtb" "$tmp/out.dtb" "$@" &&
	   "$DTC" -q -s -I dtb -O dts -o "$tmp/out.dts" "$tmp/out.dtb" &&
	   "$DTC" -q -s -I dtb -O dts -o "$tmp/want.dts" "$tmp/want.dtb" &&
	   diff -u "$tmp/want.dts" "$tmp/out.dts" > "$tmp/diff"; then
		echo "ok - dtb: $name"
	else
		echo "not ok - dtb: $name"
		sed 's/^/#   /' "$tmp/diff" 2>/dev/null | head -30
	fi
}

case_ "memory nodes rewritten, reservations and chosen kept" arm64-virt.dts arm64-virt-expected.dts \
	1:40000000-80000000 2:bf000000-c0000000 1:100000000-140000000
case_ "numa ids follow the memory, 32-bit cells" cells-1-1.dts cells-1-1-expected.dts \
	1:80000000-b0000000

"$DTC" -q -I dts -O dtb -o "$tmp/c11.dtb" "$dts/cells-1-1.dts"
if $run "$tool" "$tmp/c11.dtb" "$tmp/x.dtb" 1:100000000-140000000 2> "$tmp/err"; then
	echo "not ok - dtb: an address above 4 GiB in one cell is refused"
else
	grep -q "Numerical result out of range" "$tmp/err" &&
		echo "ok - dtb: an address above 4 GiB in one cell is refused" ||
		echo "not ok - dtb: an address above 4 GiB in one cell is refused"
fi
