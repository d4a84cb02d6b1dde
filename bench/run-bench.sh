#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The memory-range builder's cost on generated inputs, against a baseline.
#
#   bench/run-bench.sh SRCDIR BUILDDIR
#
# For 1,000, 100,000 and 1,000,000 lines of /proc/iomem (bench/gen-iomem,
# firmware map of N/10 entries), and once more for 1,000,000 lines with a
# firmware map of 3200 entries, the most the kernel's e820 table holds,
# times
#
#   kexec-memmap --sysroot DIR --format=json >/dev/null
#
# (best of 3 wall-clock runs after one warm-up, pinned to CPU 0 when
# taskset works) and its peak RSS (/usr/bin/time -f %M, when present),
# and the same for the baseline a script would otherwise run: awk for the
# top-level "System RAM" lines and cat of every firmware map file.  Ends
# with the verdict on the target "1,000,000-line iomem reconciled in under
# 1 s on one core".  Inputs go to a temporary directory under $TMPDIR
# (/tmp by default), removed at exit.  Exits non-zero only when something
# could not run, not on a slow verdict.
#
# BENCH_SIZES overrides the cases: "N" or "N:FW_MAX" (gen-iomem's third
# argument), separated by spaces.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
build=$2
gen=$build/bench/gen-iomem
tool=$build/sbin/kexec-memmap
SIZES=${BENCH_SIZES:-"1000 100000 1000000 1000000:3200"}
RUNS=3

for b in "$gen" "$tool"; do
	if [ ! -x "$b" ]; then
		echo "run-bench: $b is not built (run make bench)" >&2
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kexec-ng-bench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

pin=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	pin="taskset -c 0"
fi
timer=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$work/t" true 2>/dev/null; then
	timer=/usr/bin/time
fi

now() {
	date +%s.%N
}

# Seconds between two now() stamps.
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'
}

min() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'
}

ours() {
	$pin "$tool" --sysroot "$1" --format=json >/dev/null
}

# What a script reads to get the same facts, without nesting or reconciling.
# shellcheck disable=SC2016 # expanded by the inner sh
baseline() {
	$pin sh -c '
		awk "/^[0-9a-f]+-[0-9a-f]+ : System RAM\$/ { print \$1 }" "$1/proc/iomem"
		find "$1/sys/firmware/memmap" -type f -exec cat {} +
	' sh "$1" >/dev/null
}

# best_of FUNCTION DIR: the least wall-clock time of RUNS runs, after a
# warm-up run that also fills the page cache.
best_of() {
	"$1" "$2" || return 1
	best=
	i=0
	while [ $i -lt $RUNS ]; do
		t0=$(now)
		"$1" "$2" || return 1
		t1=$(now)
		best=$(min "$best" "$(elapsed "$t0" "$t1")")
		i=$((i + 1))
	done
	echo "$best"
}

# Peak RSS in KiB, or "-" without GNU time.
peak_rss() {
	if [ -z "$timer" ]; then
		echo -
		return
	fi
	$timer -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || { echo -; return; }
	tail -n 1 "$work/rss"
}

echo "kexec-memmap --format=json against awk + cat; best of $RUNS, ${pin:-not pinned}"
echo "host: $(nproc) CPUs, $(uname -sr), awk is $(readlink -f "$(command -v awk)")"
echo

results=$work/results
: >"$results"
for spec in $SIZES; do
	n=${spec%%:*}
	fw_max=
	[ "$spec" = "$n" ] || fw_max=${spec#*:}
	dir=$work/n$n-$fw_max
	# shellcheck disable=SC2086 # no FW_MAX, no argument
	"$gen" "$n" "$dir" $fw_max >/dev/null || exit 1
	lines=$(wc -l <"$dir/proc/iomem")
	fw=$(find "$dir/sys/firmware/memmap" -mindepth 1 -maxdepth 1 -type d | wc -l)
	t_ours=$(best_of ours "$dir") || { echo "run-bench: kexec-memmap failed on $dir" >&2; exit 1; }
	t_base=$(best_of baseline "$dir") || { echo "run-bench: the baseline failed on $dir" >&2; exit 1; }
	# shellcheck disable=SC2086 # $pin is a command or nothing
	rss_ours=$(peak_rss $pin "$tool" --sysroot "$dir" --format=json)
	echo "$n $lines $fw $t_ours $t_base $rss_ours ${fw_max:--}" >>"$results"
	rm -rf "$dir"
done

awk '
function nlogn(x) { return x * log(x) }
{
	n[NR] = $2; fw[NR] = $3; ours[NR] = $4; base[NR] = $5; rss[NR] = $6; fwmax[NR] = $7
}
END {
	printf "%10s %8s %9s %11s %9s %9s %10s\n", "lines", "fw ents", "ours (s)", "baseline (s)",
	       "ratio", "ns/line", "peak RSS"
	for (i = 1; i <= NR; i++)
		printf "%10d %8d %9.4f %11.4f %9.2f %9.1f %10s\n", n[i], fw[i], ours[i], base[i],
		       ours[i] / base[i], ours[i] / n[i] * 1e9,
		       rss[i] == "-" ? "-" : sprintf("%.1f MiB", rss[i] / 1024)
	print ""
	# Growth along the cases with the default firmware map (N/10).
	p = 0
	for (i = 1; i <= NR; i++) {
		if (fwmax[i] != "-")
			continue
		if (p) {
			g = ours[i] / ours[p]
			e = nlogn(n[i]) / nlogn(n[p])
			printf "growth %d -> %d lines: time x%.1f, n log n x%.1f, ratio %.2f%s\n",
			       n[p], n[i], g, e, g / e,
			       g / e <= 1.2 ? " (within n log n)" : " (worse than n log n)"
		}
		p = i
	}
	head = 0
	for (i = 1; i <= NR; i++) {
		if (n[i] < 1000000)
			continue
		if (!head++)
			printf "\ntarget: 1,000,000-line iomem reconciled in under 1 s on one core\n"
		printf "verdict: %s: %d lines, %d firmware entries, in %.3f s\n",
		       ours[i] < 1 ? "PASS" : "FAIL", n[i], fw[i], ours[i]
	}
}' "$results"
