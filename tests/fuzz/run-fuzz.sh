#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the libFuzzer targets for a while each, from a copy of the seed corpus.
#
#   tests/fuzz/run-fuzz.sh SRCDIR BUILDDIR SECONDS TARGET...
#
# For each TARGET, BUILDDIR/tests/fuzz/libfuzzer-TARGET runs for SECONDS on
# a copy of SRCDIR/tests/fuzz/corpus/TARGET in a temporary directory, so new
# inputs never land in the source tree, with SRCDIR/tests/fuzz/TARGET.dict
# as its dictionary when there is one.  A crash input is kept under
# BUILDDIR/tests/fuzz/crashes-TARGET/ and its path printed.  Prints
# "ok - fuzz-T: N runs in S s" / "not ok - fuzz-T: ..." per target and
# "N passed, M failed" at the end; exits 1 on any failure, 77 when every
# target was skipped (no libFuzzer binary: clang was not found).
set -u

if [ $# -lt 4 ]; then
	echo "usage: $0 SRCDIR BUILDDIR SECONDS TARGET..." >&2
	exit 2
fi
srcdir=$1
build=$2
seconds=$3
shift 3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kexec-ng-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
skip=0
for t in "$@"; do
	bin=$build/tests/fuzz/libfuzzer-$t
	seeds=$srcdir/tests/fuzz/corpus/$t
	if [ ! -x "$bin" ]; then
		echo "skip - fuzz-$t: $bin not built (needs clang with -fsanitize=fuzzer)"
		skip=$((skip + 1))
		continue
	fi
	if [ ! -d "$seeds" ]; then
		echo "not ok - fuzz-$t: no seed corpus at $seeds"
		fail=$((fail + 1))
		continue
	fi
	case $t in
	iomem) max_len=65536 ;;
	*) max_len=16384 ;;
	esac

	corpus=$tmp/corpus-$t
	mkdir -p "$corpus"
	cp "$seeds"/* "$corpus"/
	# Binary seeds are generated at test time (make-seeds.sh).
	if [ -f "$seeds/make-seeds.sh" ]; then
		srcdir=$srcdir build=$build sh "$seeds/make-seeds.sh" "$corpus"
	fi
	crashes=$build/tests/fuzz/crashes-$t
	mkdir -p "$crashes"
	log=$tmp/log-$t
	dict=$srcdir/tests/fuzz/$t.dict
	[ -f "$dict" ] || dict=

	"$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 ${dict:+-dict="$dict"} \
		-artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok - fuzz-$t: $runs runs in $secs s ($(find "$corpus" -type f | wc -l) inputs in the corpus)"
		pass=$((pass + 1))
		continue
	fi
	artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "not ok - fuzz-$t: exit status $rc${artifact:+, crash input $artifact}"
	# Enough of the report to see where it broke: libFuzzer's own frames
	# and libc's are left out.
	grep -E '^(==[0-9]+==|    #[0-9]+ |SUMMARY)' "$log" |
		grep -v -E 'fuzzer::|__sanitizer_|libc_start|libc\.so| in _start ' |
		head -n 25 | sed 's/^/# /'
	if [ -n "$artifact" ] && [ -f "$artifact" ]; then
		if [ "$(wc -c <"$artifact")" -le 512 ]; then
			echo "# input (hex): $(od -An -v -tx1 "$artifact" | tr -d ' \n')"
		fi
		echo "# replay: $bin $artifact"
	fi
	fail=$((fail + 1))
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ] || exit 1
[ $pass -gt 0 ] || exit 77
exit 0
