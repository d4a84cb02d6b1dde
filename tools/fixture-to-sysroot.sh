#!/bin/sh
# Turn a capture from the QEMU lab (shared/fixtures/<name>.txt) into a fake
# sysroot: proc/iomem and sys/firmware/memmap/N/{start,end,type}.
#
#   tools/fixture-to-sysroot.sh CAPTURE.txt OUTDIR [STAGE]
#
# STAGE picks the sections "iomem-STAGE" and "memmap-STAGE" (default
# "stage1": what a loader sees after the scenario's drivers ran).  A capture
# without a memmap section (arm64) gives a sysroot without the directory.
set -eu
capture=$1
out=$2
stage=${3:-stage1}

rm -rf "$out"
mkdir -p "$out/proc"

# Sections are "## name" up to the next "## " or "# " line.
section() {
	awk -v want="## $1" '
		$0 == want { on = 1; next }
		on && (/^## / || /^# /) { exit }
		on { print }
	' "$capture"
}

section "iomem-$stage" | sed '/^$/d' > "$out/proc/iomem"
[ -s "$out/proc/iomem" ] || { echo "$capture: no iomem-$stage section" >&2; exit 1; }

section "memmap-$stage" | sed -e '/^$/d' -e '/^(/d' | while read -r n start end type; do
	d="$out/sys/firmware/memmap/$n"
	mkdir -p "$d"
	printf '%s\n' "$start" > "$d/start"
	printf '%s\n' "$end" > "$d/end"
	printf '%s\n' "$type" > "$d/type"
done
