#!/bin/sh
# Binary seeds are built at test time, never committed: synthetic bzImages
# from tests/golden/mkbzimage.  Also a seed itself (any bytes will do).
#   make-seeds.sh OUTDIR   (environment: build, TEST_RUNNER)
set -eu
out=$1
mk="${TEST_RUNNER:-} $build/tests/golden/mkbzimage"
$mk "$out/default" kernel_len=0x1000
$mk "$out/v2.12" kernel_len=0x1000 version=0x020c
$mk "$out/below-4g" kernel_len=0x1000 xloadflags=1 initrd_addr_max=0x37ffffff
$mk "$out/big-init" kernel_len=0x800 init_size=0x7000000 kernel_alignment=0x1000000
$mk "$out/no-pref" kernel_len=0x800 pref_address=0
head -c 1600 "$out/default" > "$out/truncated"
