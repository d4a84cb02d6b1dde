#!/bin/sh
# The ELF core header (kexec/elfcore.c) as binutils' readelf reads it: the
# program headers of an x86_64 and an arm64 header compared line by line
# with what the kernel's own kdump path would write for the same machine,
# and a 70,000-range header read through PN_XNUM extended numbering.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
tool=$build/tests/golden/mkelfcore
readelf=${READELF:-readelf}
if ! command -v "$readelf" >/dev/null 2>&1; then
	echo "skip - elfcore: readelf not found (install binutils)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# golden NAME CASE: compare readelf -l's program header lines with stdin.
golden() {
	cat > "$tmp/$2.want"
	if $run "$tool" "$tmp/$2.core" "$2" &&
	   LC_ALL=C "$readelf" -l -W "$tmp/$2.core" > "$tmp/$2.out" 2> "$tmp/$2.err" &&
	   [ ! -s "$tmp/$2.err" ] &&
	   sed -n '/^  Type /,$p' "$tmp/$2.out" | sed '/^$/,$d' > "$tmp/$2.got" &&
	   diff -u "$tmp/$2.want" "$tmp/$2.got" > "$tmp/$2.diff"; then
		echo "ok - elfcore: $1"
	else
		echo "not ok - elfcore: $1"
		sed 's/^/#   /' "$tmp/$2.diff" "$tmp/$2.err" 2>/dev/null | head -30
	fi
}

golden "x86_64: notes first, kernel text, RAM at its direct-map address" x86 <<'EOF'
  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align
  NOTE           0x13fc16000 0x0000000000000000 0x000000013fc16000 0x0001a8 0x0001a8     0
  NOTE           0x13fc56000 0x0000000000000000 0x000000013fc56000 0x0001a8 0x0001a8     0
  NOTE           0x2d2e000 0x0000000000000000 0x0000000002d2e000 0x001000 0x001000     0
  LOAD           0x35600000 0xffffffff81000000 0x0000000035600000 0x3400000 0x3400000 RWE 0
  LOAD           0x100000 0xffff888000100000 0x0000000000100000 0x5ef00000 0x5ef00000 RWE 0
  LOAD           0x77000000 0xffff888077000000 0x0000000077000000 0x8fe0000 0x8fe0000 RWE 0
  LOAD           0x100000000 0xffff888100000000 0x0000000100000000 0xc0000000 0xc0000000 RWE 0
EOF

golden "arm64: the linear map wraps past zero" arm64 <<'EOF'
  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align
  NOTE           0x13fc16000 0x0000000000000000 0x000000013fc16000 0x0001a8 0x0001a8     0
  NOTE           0x4220e000 0x0000000000000000 0x000000004220e000 0x001000 0x001000     0
  LOAD           0x40000000 0xffff000000000000 0x0000000040000000 0x60000000 0x60000000 RWE 0
  LOAD           0xb8000000 0xffff000078000000 0x00000000b8000000 0x8000000 0x8000000 RWE 0
EOF

name="70,000 ranges: e_phnum is PN_XNUM and readelf finds all 70,005 headers"
if $run "$tool" "$tmp/xnum.core" xnum &&
   LC_ALL=C "$readelf" -h -l -W "$tmp/xnum.core" > "$tmp/xnum.out" 2> "$tmp/xnum.err" &&
   [ ! -s "$tmp/xnum.err" ] &&
   grep -q '^  Number of program headers: *65535 (70005)$' "$tmp/xnum.out" &&
   grep -q '^  Number of section headers: *1$' "$tmp/xnum.out" &&
   [ "$(grep -c '^  NOTE ' "$tmp/xnum.out")" -eq 5 ] &&
   [ "$(grep -c '^  LOAD ' "$tmp/xnum.out")" -eq 70000 ] &&
   tail -n 1 "$tmp/xnum.out" | grep -q \
	'^  LOAD  *0x455bc00000 0xffff88c55bc00000 0x000000455bc00000 0x200000 0x200000 RWE 0$'; then
	echo "ok - elfcore: $name"
else
	echo "not ok - elfcore: $name"
	sed 's/^/#   /' "$tmp/xnum.err" 2>/dev/null | head -10
fi
