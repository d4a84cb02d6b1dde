#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Handoff benchmark (issue 3): in the QEMU end-to-end run (tests/e2e/run.sh,
# scenario plain, TCG), the time from `kexec -e` to the second kernel's
# first line on the serial console, with and without --no-checks, for our
# kexec and for Debian's kexec-tools side by side, at a 64 MiB initrd.
#
#   bench/handoff-bench.sh SRCDIR BUILDDIR        (make bench-handoff)
#
# Four configurations, HANDOFF_RUNS runs each (default 3), interleaved
# (round-robin, so that a slow spell on the host hits every configuration),
# one QEMU at a time:
#
#   kexec-ng            our static kexec -l           (purgatory: XXH64 of every segment)
#   kexec-ng -i         our static kexec -l -i        (no checks)
#   kexec-tools         /usr/sbin/kexec -l            (purgatory: sha256 of every segment)
#   kexec-tools -i      /usr/sbin/kexec -l -i         (no checks)
#
# kexec-tools goes into the guest as run.sh's E2E_KEXEC (dynamically linked,
# its libraries copied in); it is installed with apt-get when missing and
# never linked or shipped.  The second kernel's initrd is grown to
# HANDOFF_INITRD_MB MiB (default 64) with incompressible padding
# (E2E_INITRD_PAD_MB); E2E_KEXEC_ARGS passes -i.
#
# What is measured, from the host-side timestamps run.sh writes in front of
# every serial line (build/e2e/<scenario>/serial.log):
#
#   from   "@@E2E KEXEC_E ...", which init.sh prints just before `kexec -e`
#   to     "[    0.000000] Linux version ...", the first line the second
#          kernel prints: console=ttyS0 has no early console, so it arrives
#          when the kernel registers the serial console and replays its log
#          (the decompressor prints nothing without earlyprintk).
#
# That span covers kexec -e in the first kernel (sync, device shutdown),
# purgatory (the checks, unless -i), the kernel's decompression and its boot
# up to console registration.  The span to "@@E2E STAGE2 init" (the second
# /init, after the initramfs is unpacked) is printed too, for reference.
#
# Prints one line per run, then per configuration the median and the least
# time, the ratios checks / no-checks per tool and kexec-ng / kexec-tools,
# and the verdict (on the medians) on the target "verification adds under
# 10% at a 64 MiB initrd".  TCG on 2 CPUs is very sensitive to anything
# else the host runs, so before each run the script waits (up to
# HANDOFF_WAIT seconds, default 600) for any other QEMU to end, and each run
# reports how many CPUs the rest of the host kept busy meanwhile (from
# /proc/stat minus the run's own CPU time).  The logs stay in
# BUILDDIR/bench-handoff/.  Exits non-zero only when something could not
# run (no QEMU, no kernel, no kexec-tools, a guest that never reached the
# second kernel), not on a FAIL verdict.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
srcdir=$(cd "$1" && pwd) || exit 1
mkdir -p "$2" || exit 1
build=$(cd "$2" && pwd) || exit 1
RUNS=${HANDOFF_RUNS:-3}
PAD_MB=${HANDOFF_INITRD_MB:-64}
theirs=${HANDOFF_KEXEC_TOOLS:-/usr/sbin/kexec}
out=$build/bench-handoff
WAIT_MAX=${HANDOFF_WAIT:-600}
TARGET=0.10

case $RUNS in ''|*[!0-9]*|0) echo "handoff-bench: HANDOFF_RUNS=$RUNS is not a positive number" >&2; exit 2 ;; esac

is_kexec_tools() { [ -x "$1" ] && "$1" --version 2>&1 | grep -q '^kexec-tools'; }
if ! is_kexec_tools "$theirs"; then
	echo "handoff-bench: installing kexec-tools (apt-get) for the comparison" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kexec-tools >/dev/null
	is_kexec_tools "$theirs" || { echo "handoff-bench: $theirs is not kexec-tools" >&2; exit 1; }
fi

mkdir -p "$out/logs" || exit 1
rm -f "$out"/logs/* "$out/runs.txt"

CONFIGS="ng ng-i kt kt-i"
label() {
	case $1 in
	ng) echo "kexec-ng" ;; ng-i) echo "kexec-ng -i" ;;
	kt) echo "kexec-tools" ;; kt-i) echo "kexec-tools -i" ;;
	esac
}

# busy_jiffies: CPU time the whole host has spent busy, steal included
# (user nice system irq softirq steal), in 1/100 s.
busy_jiffies() { awk '/^cpu / { printf "%d\n", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# wait_quiet: wait, up to HANDOFF_WAIT seconds, for any other QEMU (another
# session's e2e, say) to end: two TCG guests on 2 CPUs slow each other.
# Sets NOTE.
wait_quiet() {
	local waited=0
	NOTE=
	while pgrep qemu-system >/dev/null; do
		if [ $waited -ge "$WAIT_MAX" ]; then
			NOTE=" [another QEMU still running after $waited s]"
			return
		fi
		sleep 5
		waited=$((waited + 5))
	done
	[ $waited -eq 0 ] || NOTE=" [waited $waited s for another QEMU]"
}

# one_run CONFIG I: one QEMU run of scenario plain; appends to runs.txt
#   CONFIG I FIRST INIT LOAD OTHERS "FIRST-LINE-TEXT"
# FIRST: @@E2E KEXEC_E -> the second "Linux version" line, INIT: -> @@E2E
# STAGE2 init, LOAD: guest uptime across kexec -d -l (seconds; "-" when the
# second kernel never spoke), OTHERS: CPUs the rest of the host kept busy
# on average during the run (host busy time minus this run's).
one_run() {
	local cfg=$1 i=$2 log=$out/logs/$1-$2 line b0 b1 w0 w1 cpu
	local t_first t_init t_load t_others
	local -a env=(srcdir="$srcdir" build="$build" E2E=1 E2E_DIR="$out/e2e"
		      E2E_INITRD_PAD_MB="$PAD_MB")
	case $cfg in
	ng) env+=(E2E_KEXEC= E2E_KEXEC_ARGS=) ;;
	ng-i) env+=(E2E_KEXEC= E2E_KEXEC_ARGS=-i) ;;
	kt) env+=(E2E_KEXEC="$theirs" E2E_KEXEC_ARGS=) ;;
	kt-i) env+=(E2E_KEXEC="$theirs" E2E_KEXEC_ARGS=-i) ;;
	esac
	wait_quiet
	b0=$(busy_jiffies)
	w0=${EPOCHREALTIME/./}
	TIMEFORMAT='%3U %3S'
	{ time env "${env[@]}" bash "$srcdir/tests/e2e/run.sh" plain > "$log.out" 2>&1; } 2> "$log.cpu"
	w1=${EPOCHREALTIME/./}
	b1=$(busy_jiffies)
	if grep -q '^skip - e2e:' "$log.out"; then
		echo "handoff-bench: cannot run: $(grep '^skip - e2e:' "$log.out")" >&2
		exit 1
	fi
	cpu=$(tail -n 1 "$log.cpu")
	t_others=$(awk -v b="$((b1 - b0))" -v w="$((w1 - w0))" -v c="$cpu" 'BEGIN {
		split(c, u, " ")
		o = (b / 100 - u[1] - u[2]) / (w / 1e6)
		printf "%.2f", o < 0 ? 0 : o
	}')
	cp "$out/e2e/plain/serial.log" "$log.serial.log" 2>/dev/null || : > "$log.serial.log"
	line=$(awk -v cfg="$cfg" -v i="$i" -v o="$t_others" '
		index($0, "@@E2E kexec load start uptime=") { sub(/.*uptime=/, ""); l0 = $0 }
		index($0, "@@E2E kexec load rc=") { sub(/.*uptime=/, ""); l1 = $0 }
		!tk && index($0, "@@E2E KEXEC_E") { tk = $1; next }
		tk && first == "" && NF > 1 { first = $0; sub(/^[^ ]* /, "", first); gsub(/"/, "", first) }
		tk && !tl && / Linux version / { tl = $1 }
		tk && !ti && index($0, "@@E2E STAGE2 init") { ti = $1 }
		END {
			if (!tk || !tl || !ti) { printf "%s %s - - - %s \"%.60s\"\n", cfg, i, o, first; exit }
			printf "%s %s %.3f %.3f %.2f %s \"%.60s\"\n", cfg, i, tl - tk, ti - tk,
				(l0 != "" && l1 != "") ? l1 - l0 : -1, o, first
		}' "$log.serial.log")
	echo "$line" >> "$out/runs.txt"
	read -r _ _ t_first t_init t_load _ <<< "$line"
	printf '%-15s run %d: ' "$(label "$cfg")" "$i"
	if [ "$t_first" = - ]; then
		echo "no second kernel (see $log.out, $log.serial.log)$NOTE"
		tail -n 5 "$log.out" | sed 's/^/    /'
		return 1
	fi
	echo "kexec -e -> first line $t_first s, -> /init $t_init s;" \
		"guest kexec -l $t_load s; rest of the host busy: $t_others CPUs$NOTE"
	case $line in
	*'"[    0.000000] Linux version '*) ;;
	*) echo "    the first line after kexec -e was not the second kernel's Linux version: ${line#*\"}" ;;
	esac
}

echo "handoff: kexec -e -> second kernel's first line (\"Linux version\"), QEMU TCG, scenario plain"
echo "host: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "initrd: $PAD_MB MiB (incompressible); kexec-tools: $("$theirs" --version 2>&1 | head -n 1) ($theirs)"
echo "$RUNS runs per configuration, round-robin; logs in $out/logs"
echo

failed=0
for i in $(seq 1 "$RUNS"); do
	for cfg in $CONFIGS; do
		one_run "$cfg" "$i" || failed=$((failed + 1))
	done
done
sed -n 's/^#   e2e: kernel /kernel /p' "$out/logs/ng-1.out" | head -n 1
echo "host load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

awk -v configs="$CONFIGS" -v target="$TARGET" -v pad="$PAD_MB" '
# stat(CFG, COL): the median of column COL over the good runs of CFG; sets
# lo (the least), n (how many).
function stat(cfg, col,   a, i, j, t) {
	n = 0
	for (i = 1; i <= nr; i++)
		if (c[i] == cfg && v[i, 3] != "-")
			a[++n] = v[i, col] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	lo = n ? a[1] : -1
	if (n == 0)
		return -1
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.3f", a / b) : "-" }
function pct(a, b) { return (a > 0 && b > 0) ? sprintf("%+.1f%%", (a / b - 1) * 100) : "-" }
{
	nr++; c[nr] = $1
	for (k = 3; k <= 6; k++)
		v[nr, k] = $k
	if ($3 != "" && $3 != "-" && $6 >= 0.25)
		busy++
	if ($3 != "-")
		good++
}
END {
	split(configs, cf, " ")
	name["ng"] = "kexec-ng"; name["ng-i"] = "kexec-ng -i"
	name["kt"] = "kexec-tools"; name["kt-i"] = "kexec-tools -i"
	printf "%-15s %4s %12s %10s %10s %10s %12s\n", "configuration", "runs",
	       "first line", "(least)", "/init", "kexec -l", "host busy"
	for (k = 1; k in cf; k++) {
		f = cf[k]
		m[f] = stat(f, 3); least[f] = lo; cnt = n
		mi = stat(f, 4); ml = stat(f, 5); mo = stat(f, 6)
		printf "%-15s %4d %10.2f s %8.2f s %8.2f s %8.2f s %7.2f CPUs\n", name[f], cnt,
		       m[f], least[f], mi, ml, mo
	}
	print "medians over the runs that reached the second kernel; first line:"
	print "@@E2E KEXEC_E -> the second kernel\047s \"[    0.000000] Linux version\" line;"
	print "/init: -> @@E2E STAGE2 init; kexec -l: guest uptime across kexec -d -l;"
	print "host busy: CPUs the rest of the host kept busy during the run"
	print ""
	printf "%-34s %8s %8s   %-14s\n", "", "medians", "least", "(checks cost)"
	printf "%-34s %8s %8s   %+.2f s\n", "checks / no-checks, kexec-ng:",
	       ratio(m["ng"], m["ng-i"]), ratio(least["ng"], least["ng-i"]), m["ng"] - m["ng-i"]
	printf "%-34s %8s %8s   %+.2f s\n", "checks / no-checks, kexec-tools:",
	       ratio(m["kt"], m["kt-i"]), ratio(least["kt"], least["kt-i"]), m["kt"] - m["kt-i"]
	printf "%-34s %8s %8s\n", "kexec-ng / kexec-tools, checks:",
	       ratio(m["ng"], m["kt"]), ratio(least["ng"], least["kt"])
	printf "%-34s %8s %8s\n", "kexec-ng / kexec-tools, -i:",
	       ratio(m["ng-i"], m["kt-i"]), ratio(least["ng-i"], least["kt-i"])
	print ""
	if (busy)
		printf "note: in %d of %d runs the rest of the host kept 0.25 CPU or more busy; TCG times then swing by seconds\n", busy, good
	printf "target: verification adds under %d%% at a %d MiB initrd\n", target * 100, pad
	if (m["ng"] > 0 && m["ng-i"] > 0)
		printf "verdict: %s: kexec-ng checks add %s (medians %.2f s / %.2f s; least %s)\n",
		       m["ng"] / m["ng-i"] - 1 < target ? "PASS" : "FAIL", pct(m["ng"], m["ng-i"]),
		       m["ng"], m["ng-i"], pct(least["ng"], least["ng-i"])
	else
		print "verdict: none: a kexec-ng configuration has no successful run"
}' "$out/runs.txt"

[ "$failed" -eq 0 ] || { echo "handoff-bench: $failed run(s) did not reach the second kernel" >&2; exit 1; }
