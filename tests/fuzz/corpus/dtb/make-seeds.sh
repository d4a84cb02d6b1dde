#!/bin/sh
# Binary seeds are built at test time, never committed: every .dts of
# tests/data/dts compiled with dtc.  Also a seed itself (any bytes will do).
#   make-seeds.sh OUTDIR   (environment: srcdir, DTC)
set -eu
out=$1
[ -n "${DTC:-}" ] && [ -x "$DTC" ] || exit 0
for f in "$srcdir"/tests/data/dts/*.dts; do
	"$DTC" -q -I dts -O dtb -o "$out/$(basename "$f" .dts).dtb" "$f"
done
