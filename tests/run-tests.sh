#!/bin/sh
# Run every test of kexec-ng and end with "N passed, M failed".
#
#   tests/run-tests.sh SRCDIR BUILDDIR [DTC]
#
# Each suite prints "ok - ..." / "not ok - ..." / "skip - ..." lines; this
# script runs them all, counts, and fails when anything failed.
set -u
srcdir=$1
build=$2
DTC=${3:-}
export srcdir build DTC

log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() {
	# A suite that dies without saying why still counts as a failure.
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | tee -a "$log"
	if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok - '; then
		echo "not ok - $name: exited with status $rc" | tee -a "$log"
	fi
}

for t in "$build"/tests/unit/test-*; do
	[ -x "$t" ] || continue
	run_suite "$(basename "$t")" "$t"
done
for s in "$srcdir"/tests/golden/*.sh; do
	run_suite "$(basename "$s")" sh "$s"
done
for r in "$build"/tests/fuzz/replay-*; do
	[ -x "$r" ] || continue
	target=${r##*/replay-}
	run_suite "replay-$target" "$r" "$srcdir/tests/fuzz/corpus/$target"
done

pass=$(grep -c '^ok - ' "$log")
fail=$(grep -c '^not ok - ' "$log")
skip=$(grep -c '^skip - ' "$log")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
