#!/bin/sh
# Load benchmark (issue 3): `kexec --dry-run -l` of a real Debian bzImage
# with a 256 MiB initrd, side by side with Debian's kexec-tools, printed as
# ratios.
#
#   bench/load-bench.sh SRCDIR BUILDDIR
#
# kexec-tools has no dry run, so it runs in an unprivileged user namespace
# (no CAP_SYS_BOOT: the kernel would refuse any kexec call) under strace,
# which makes kexec_load, kexec_file_load and reboot fail with EPERM before
# they reach the kernel.  Nothing here loads a kernel.
set -eu
srcdir=$1
build=$2
cache=${BENCH_CACHE:-$build/bench-cache}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"

measure=$build/bench/measure
[ -x "$measure" ] || { echo "load-bench: build $measure first (make bench-load)" >&2; exit 1; }

# The kernel: the one linux-image-amd64 depends on today, cached.
kernel=$(ls "$cache"/vmlinuz-* 2>/dev/null | head -1 || true)
if [ -z "$kernel" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
	[ -n "$pkg" ] || { echo "load-bench: cannot resolve linux-image-amd64 (apt-get update?)" >&2; exit 1; }
	(cd "$cache" && apt-get download -q "$pkg" >/dev/null)
	dpkg-deb --fsys-tarfile "$cache/$pkg"_*.deb | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
	cp "$work"/boot/vmlinuz-* "$cache/"
	kernel=$(ls "$cache"/vmlinuz-* | head -1)
fi
initrd=$work/initrd-256M
head -c 268435456 /dev/urandom > "$initrd"

if ! command -v kexec >/dev/null || ! kexec --version 2>&1 | grep -q kexec-tools; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kexec-tools >/dev/null
fi
theirs=$(command -v kexec)
ours=$build/sbin/kexec
args="-l $kernel --initrd=$initrd --append=console=ttyS0"

# best3 LABEL CMD...: the best wall time of three runs, with its memory.
best3() {
	label=$1
	shift
	best=
	for i in 1 2 3; do
		"$measure" "$@" > /dev/null 2> "$work/m" || true
		line=$(tail -1 "$work/m")
		s=$(echo "$line" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
		if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then
			best=$s
			bestline=$line
		fi
	done
	echo "$label $bestline"
}

# Warm the page cache so every tool reads from memory.
cat "$kernel" "$initrd" > /dev/null

floor=$(best3 floor cat "$kernel" "$initrd")
mine=$(best3 kexec-ng "$ours" --dry-run $args)
theirs_line=$(best3 kexec-tools unshare -r strace -f -qq --seccomp-bpf -o /dev/null \
	-e trace=kexec_load,kexec_file_load,reboot \
	-e inject=kexec_load,kexec_file_load,reboot:error=EPERM "$theirs" $args)

field() { echo "$1" | sed "s/.*$2=\([0-9.]*\).*/\1/"; }
printf '%s\n' "$floor" "$mine" "$theirs_line" | while read -r label rest; do
	printf '%-12s %8.3f s  peak RSS %7d KiB  peak anon %7d KiB  exit %s\n' "$label" \
		"$(field "$rest" seconds)" "$(field "$rest" maxrss_kb)" "$(field "$rest" anon_peak_kb)" \
		"$(field "$rest" status)"
done
t_ours=$(field "$mine" seconds)
t_theirs=$(field "$theirs_line" seconds)
echo "kernel: $kernel; initrd: 256 MiB"
printf 'time ratio kexec-ng / kexec-tools: %.3f (target: kexec-ng at most 0.25 s: %s)\n' \
	"$(echo "$t_ours / $t_theirs" | bc -l)" "$(echo "$t_ours <= 0.25" | bc | sed 's/1/met/;s/0/MISSED/')"
printf 'peak anonymous memory kexec-ng / kexec-tools: %s / %s KiB\n' \
	"$(field "$mine" anon_peak_kb)" "$(field "$theirs_line" anon_peak_kb)"
