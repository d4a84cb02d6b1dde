#!/bin/sh
# Run every test of kexec-ng and end with "N passed, M failed".
#
#   tests/run-tests.sh SRCDIR BUILDDIR [DTC]
#
# From the environment (make check sets them): HOST_ARCH, the architecture
# the build loads (default: this machine's); TEST_RUNNER, a command the
# built programs run through, e.g. "qemu-aarch64-static -L
# /usr/aarch64-linux-gnu" for a cross build (default: none).
#
# Each suite prints "ok - ..." / "not ok - ..." / "skip - ..." lines; this
# script runs them all, counts, and fails when anything failed.
set -u
srcdir=$1
build=$2
DTC=${3:-}
HOST_ARCH=${HOST_ARCH:-$(uname -m)}
TEST_RUNNER=${TEST_RUNNER:-}
export srcdir build DTC HOST_ARCH TEST_RUNNER

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
	# shellcheck disable=SC2086 # the runner is a command and its arguments
	run_suite "$(basename "$t")" $TEST_RUNNER "$t"
done
for s in "$srcdir"/tests/golden/*.sh; do
	run_suite "$(basename "$s")" sh "$s"
done
for r in "$build"/tests/fuzz/replay-*; do
	[ -x "$r" ] || continue
	target=${r##*/replay-}
	corpus=$srcdir/tests/fuzz/corpus/$target
	# Binary seeds are generated, not committed (make-seeds.sh).
	gen=$(mktemp -d)
	[ -f "$corpus/make-seeds.sh" ] && sh "$corpus/make-seeds.sh" "$gen"
	# shellcheck disable=SC2086
	run_suite "replay-$target" $TEST_RUNNER "$r" "$corpus" "$gen"
	rm -rf "$gen"
done
# QEMU: boot, kexec with our loader, boot again (a few minutes; E2E=0 skips).
# The guests are of the architecture this build loads: an aarch64 build
# (a cross build such as .ci/run's build-arm64) runs the arm64 test with
# its own static kexec, any other build the x86_64 one.
if [ "$HOST_ARCH" = aarch64 ]; then
	run_suite e2e-arm64 bash "$srcdir/tests/e2e/run-arm64.sh"
	# kdump: crash a guest, check /proc/vmcore and makedumpfile (E2E=0 skips).
	run_suite e2e-arm64-kdump bash "$srcdir/tests/e2e/run-arm64-kdump.sh"
else
	run_suite e2e sh "$srcdir/tests/e2e/run.sh"
	# kdump: crash a guest, check /proc/vmcore and makedumpfile (E2E=0 skips).
	run_suite e2e-kdump bash "$srcdir/tests/e2e/run-kdump.sh"
fi

pass=$(grep -c '^ok - ' "$log")
fail=$(grep -c '^not ok - ' "$log")
skip=$(grep -c '^skip - ' "$log")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
