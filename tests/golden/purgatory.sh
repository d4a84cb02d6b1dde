#!/bin/sh
# The purgatory image this build embeds (x86_64 or arm64) as built: its
# header against params.h, nothing left undefined, and position
# independence, shown by linking the same objects at other addresses with
# the build's own binutils and comparing the flat images byte for byte.
set -u
case ${HOST_ARCH:-$(uname -m)} in
x86_64)
	arch=x86_64
	bases="0x12340 0x200000 0x7c000000 0xfff00000"
	;;
aarch64)
	arch=arm64
	# adrp addresses 4 KiB pages: the image is placed, and linked, at a page.
	bases="0x1000 0x200000 0x7c000000 0xfff00000"
	;;
*)
	echo "skip - purgatory: no purgatory for ${HOST_ARCH:-$(uname -m)}"
	exit 0
	;;
esac
elf=$build/purgatory/$arch.elf
bin=$build/purgatory/$arch.bin
objdir=$build/purgatory/$arch
lds=$srcdir/purgatory/$arch/purgatory.lds
params_h=$srcdir/purgatory/params.h
CC=${CC:-cc}
LD=${LD:-ld}
NM=${NM:-nm}
OBJCOPY=${OBJCOPY:-objcopy}
# Keep in step with PURGATORY_LDFLAGS in purgatory/Makefile.frag; the
# "relinked at 0" case below fails if they drift apart.
ldflags="-static -nostdlib --no-undefined --no-dynamic-linker --build-id=none -z noexecstack"

if [ ! -f "$bin" ] || [ ! -f "$elf" ]; then
	echo "not ok - purgatory: $bin or $elf was not built"
	exit 1
fi
for tool in "$CC" "$LD" "$NM" "$OBJCOPY"; do
	if ! command -v "$tool" > /dev/null 2>&1; then
		echo "skip - purgatory: $tool not found (install binutils)"
		exit 0
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
	echo "ok - purgatory: $arch: $1"
}
not_ok() {
	echo "not ok - purgatory: $arch: $*"
}

# u32 FILE OFFSET: a little-endian 32-bit word.
u32() {
	od -An -tu1 -j "$2" -N4 "$1" |
		awk '{ printf "%d\n", $1 + $2 * 256 + $3 * 65536 + $4 * 16777216 }'
}

# define NAME: a number #defined in params.h.
define() {
	v=$(sed -n "s/^#define $1[[:space:]]\{1,\}\([0-9a-fA-Fx]\{1,\}\).*/\1/p" "$params_h")
	echo $((v))
}

magic=$(define PURGATORY_MAGIC)
version=$(define PURGATORY_VERSION)
hdr=$(define PURGATORY_HEADER_OFFSET)
max_seg=$(define PURGATORY_MAX_SEGMENTS)
params_size=$((0x30 + 24 * max_seg))	# the _Static_assert in params.h
size=$(wc -c < "$bin")

# link BASE OUT [EXTRA_OBJ]: the build's objects, in the build's (sorted)
# order, linked at BASE and flattened to OUT.
link() {
	# shellcheck disable=SC2086 # $ldflags and the optional object are lists
	"$LD" $ldflags --defsym=purgatory_link_base="$1" -T "$lds" -o "$2.elf" \
		"$objdir"/*.o ${3:-} 2> "$2.err" &&
		"$OBJCOPY" -O binary "$2.elf" "$2" 2>> "$2.err"
}

# -- The header
h_magic=$(u32 "$bin" "$hdr")
h_version=$(u32 "$bin" $((hdr + 4)))
h_params=$(u32 "$bin" $((hdr + 8)))
h_memsz=$(u32 "$bin" $((hdr + 12)))

[ "$h_magic" = "$magic" ] && ok "header magic is PURGATORY_MAGIC" ||
	not_ok "header magic is PURGATORY_MAGIC (got $h_magic, want $magic)"
[ "$h_version" = "$version" ] && ok "header version is PURGATORY_VERSION" ||
	not_ok "header version is PURGATORY_VERSION (got $h_version, want $version)"
if [ $((h_params + params_size)) -le "$size" ] && [ "$size" -le "$h_memsz" ]; then
	ok "parameter block lies in the file, the file within memsz"
else
	not_ok "parameter block lies in the file, the file within memsz" \
		"(params_offset $h_params + $params_size, file $size, memsz $h_memsz)"
fi
[ $((h_params % 8)) -eq 0 ] && ok "parameter block is 8-byte aligned" ||
	not_ok "parameter block is 8-byte aligned (offset $h_params)"
nonzero=$(od -An -tx1 -v -j "$h_params" -N "$params_size" "$bin" | tr -d ' \n0')
[ -z "$nonzero" ] && ok "parameter block is all zero until the loader fills it" ||
	not_ok "parameter block is all zero until the loader fills it"
want_params=$("$NM" "$elf" | awk '$3 == "purgatory_params" { print $1 }')
[ -n "$want_params" ] && [ $((0x$want_params)) -eq "$h_params" ] &&
	ok "params_offset is where purgatory_params is" ||
	not_ok "params_offset is where purgatory_params is" \
		"(header $h_params, symbol 0x$want_params)"
want_end=$("$NM" "$elf" | awk '$3 == "_end" { print $1 }')
[ -n "$want_end" ] && [ $((0x$want_end)) -eq "$h_memsz" ] &&
	ok "memsz reaches the end of .bss" ||
	not_ok "memsz reaches the end of .bss (header $h_memsz, _end 0x$want_end)"
start=$("$NM" "$elf" | awk '$3 == "purgatory_start" { print $1 }')
[ -n "$start" ] && [ $((0x$start)) -eq 0 ] && ok "the entry point is at offset 0" ||
	not_ok "the entry point is at offset 0 (purgatory_start at 0x$start)"

# -- Nothing undefined: purgatory runs with nothing else in memory.
"$NM" -u "$elf" > "$tmp/undef"
[ ! -s "$tmp/undef" ] && ok "no undefined symbols" || {
	not_ok "no undefined symbols"
	sed 's/^/#   /' "$tmp/undef"
}

# -- Position independence
if link 0 "$tmp/at0" && cmp -s "$bin" "$tmp/at0"; then
	ok "relinked at 0, the image is the build's"
else
	not_ok "relinked at 0, the image is the build's"
	sed 's/^/#   /' "$tmp/at0.err"
fi
for base in $bases; do
	if link $base "$tmp/at$base" && cmp -s "$bin" "$tmp/at$base"; then
		ok "linked at $base, the image is byte-identical"
	else
		not_ok "linked at $base, the image is byte-identical"
		sed 's/^/#   /' "$tmp/at$base.err"
		cmp -l "$bin" "$tmp/at$base" 2>&1 | head -5 | sed 's/^/#   /'
	fi
done

# The comparison must be able to fail: one absolute address is enough.
printf '\t.data\n\t.quad purgatory_start\n\t.section .note.GNU-stack,"",%%progbits\n' |
	"$CC" -c -x assembler -o "$tmp/abs.o" -
if link 0 "$tmp/abs0" "$tmp/abs.o" && link 0x200000 "$tmp/abs2m" "$tmp/abs.o" &&
   ! cmp -s "$tmp/abs0" "$tmp/abs2m"; then
	ok "an absolute address in the image would be caught"
else
	not_ok "an absolute address in the image would be caught"
fi
