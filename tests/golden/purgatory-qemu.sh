#!/bin/sh
# arm64 purgatory, run for real (aarch64 builds): QEMU's virt machine (TCG)
# starts the built image with the MMU off at EL1, at EL2, and at EL2 with
# VHE, as the old kernel would.  Purgatory checks the segments with its
# identity map and the caches on, turns them off, and starts a stand-in
# kernel (tests/data/qemu-arm64/stub.c) that prints what it was given: x0
# and x1-x3, the MMU and D-cache state, and the TTBR0 purgatory left.  A
# damaged segment must stop it with a message on the PL011 instead.
set -u
run=${TEST_RUNNER:-}
if [ "${HOST_ARCH:-$(uname -m)}" != aarch64 ]; then
	echo "skip - purgatory-qemu: the arm64 purgatory is built by aarch64 builds only"
	exit 0
fi
QEMU=$(command -v qemu-system-aarch64) || {
	echo "skip - purgatory-qemu: qemu-system-aarch64 not found (install qemu-system-arm)"
	exit 0
}
CC=${CC:-cc}
LD=${LD:-ld}
OBJCOPY=${OBJCOPY:-objcopy}
NM=${NM:-nm}
purg=$build/purgatory/arm64.bin
fill=$build/tests/golden/purgatory-fill
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# RAM starts at 1 GiB on virt.  The data segment is 3 MiB and a bit at a
# 2 MiB boundary, so the map has a block and pages; the big one is for the
# timing line.
PURG=0x40100000
STUB=0x40200000
DATA=0x40400000
BIG=0x42000000

ok() { echo "ok - purgatory-qemu: $1"; }
not_ok() { echo "not ok - purgatory-qemu: $1"; }

cat > "$tmp/stub.lds" <<EOS
ENTRY(_start)
SECTIONS {
	. = $STUB;
	.text : { *(.text.entry) *(.text .text.*) }
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	.bss : { *(.bss .bss.* COMMON) }
	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) }
}
EOS
cat > "$tmp/vhe.S" <<EOS
	/* Set HCR_EL2.E2H and TGE, as a VHE kernel runs, then go to purgatory. */
	mrs	x0, hcr_el2
	orr	x0, x0, #(1 << 34)
	orr	x0, x0, #(1 << 27)
	msr	hcr_el2, x0
	isb
	ldr	x1, =$PURG
	br	x1
	.ltorg
EOS
if ! "$CC" -O2 -ffreestanding -fno-pie -mgeneral-regs-only -mstrict-align -fno-stack-protector \
	-c -o "$tmp/stub.o" "$srcdir/tests/data/qemu-arm64/stub.c" 2> "$tmp/err" ||
   ! "$LD" -static -nostdlib -T "$tmp/stub.lds" -o "$tmp/stub.elf" "$tmp/stub.o" 2>> "$tmp/err" ||
   ! "$OBJCOPY" -O binary "$tmp/stub.elf" "$tmp/stub.bin" 2>> "$tmp/err" ||
   ! "$CC" -c -x assembler -o "$tmp/vhe.o" "$tmp/vhe.S" 2>> "$tmp/err" ||
   ! "$OBJCOPY" -O binary -j .text "$tmp/vhe.o" "$tmp/vhe.bin" 2>> "$tmp/err"; then
	not_ok "the stand-in kernel builds"
	sed 's/^/#   /' "$tmp/err"
	exit 1
fi
entry=$("$NM" "$tmp/stub.elf" | awk '$3 == "_start" { print "0x" $1 }')
head -c $((3 * 1024 * 1024 + 123)) /dev/urandom > "$tmp/data"
head -c $((64 * 1024 * 1024)) /dev/urandom > "$tmp/big"
memsz=$(od -An -tu4 -j 28 -N 4 "$purg" | tr -d ' ')

# boot NAME MACHINE CPU PURGATORY [EXTRA...]: run until the stub exits, or
# $limit seconds; the serial output lands in $tmp/NAME.log.  The CPU starts in
# purgatory, unless $pc is emptied for a run that starts elsewhere.
boot() {
	name=$1 machine=$2 cpu=$3 image=$4
	shift 4
	start=$(date +%s.%N)
	timeout "$limit" "$QEMU" -M "$machine" -cpu "$cpu" -m 256M -display none -monitor none \
		-serial "file:$tmp/$name.log" -no-reboot -semihosting-config enable=on,target=native \
		-device "loader,file=$tmp/stub.bin,addr=$STUB" \
		-device "loader,file=$tmp/data,addr=$DATA" "$@" \
		-device "loader,file=$image,addr=$PURG$pc" > "$tmp/$name.out" 2>&1
	awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", e - s }' > "$tmp/$name.time"
}

# stub_ok NAME EL: the stand-in kernel ran at EL with booting.rst's state,
# after an identity map inside purgatory's memory.
stub_ok() {
	line=$(tr -d '\r' < "$tmp/$1.log" | grep '^STUB ')
	want="STUB el=$2 x0=$DATA x1=0x0 x2=0x0 x3=0x0 mmu=off dcache=off ttbr0="
	case $line in
	"$want"*) ;;
	*) return 1 ;;
	esac
	ttbr=${line##*ttbr0=}
	[ $((ttbr)) -ge $((PURG)) ] && [ $((ttbr)) -lt $((PURG + memsz)) ]
}

report() {
	sed 's/^/#   /' "$tmp/$1.log" "$tmp/$1.out" | head -10
}

$run "$fill" "$purg" "$tmp/good.bin" "$entry" "$DATA" 0x9000000 0 "$STUB=$tmp/stub.bin" \
	"$DATA=$tmp/data" || { not_ok "purgatory-fill"; exit 1; }

pc=,cpu-num=0
limit=30
for case in "el1 virt cortex-a57" "el2 virt,virtualization=on cortex-a57"; do
	set -- $case
	boot "$1" "$2" "$3" "$tmp/good.bin"
	el=${1#el}
	if stub_ok "$1" "$el"; then
		ok "at EL$el, the kernel gets x0 = arg0, x1-x3 = 0, MMU and D-cache off, after checks with the identity map"
	else
		not_ok "at EL$el, the kernel gets x0 = arg0, x1-x3 = 0, MMU and D-cache off, after checks with the identity map"
		report "$1"
	fi
done

# VHE: a trampoline below the stub sets E2H and TGE, then jumps to purgatory.
# (QEMU puts its own device tree at the start of RAM.)
pc=
boot vhe virt,virtualization=on max "$tmp/good.bin" -device "loader,file=$tmp/vhe.bin,addr=0x401f0000,cpu-num=0"
pc=,cpu-num=0
if stub_ok vhe 2; then
	ok "at EL2 with VHE (E2H = 1), the same"
else
	not_ok "at EL2 with VHE (E2H = 1), the same"
	report vhe
fi

# A damaged segment: the message on the PL011, and no kernel.
cp "$tmp/data" "$tmp/data.good"
printf 'X' | dd of="$tmp/data" bs=1 seek=2000000 conv=notrunc 2>/dev/null
limit=8		# purgatory halts for good: give it time to print, no more
boot bad virt cortex-a57 "$tmp/good.bin"
limit=30
if tr -d '\r' < "$tmp/bad.log" | grep -qx "kexec-ng purgatory: segment 1 at $DATA (0x30007b bytes) checksum mismatch" &&
   ! grep -q '^STUB' "$tmp/bad.log"; then
	ok "a damaged segment is reported on the PL011 and the kernel is not started"
else
	not_ok "a damaged segment is reported on the PL011 and the kernel is not started"
	report bad
fi

# --no-checks: no check, so no identity map either.
$run "$fill" "$purg" "$tmp/nochk.bin" "$entry" "$DATA" 0x9000000 1 "$STUB=$tmp/stub.bin" \
	"$DATA=$tmp/data.good"
boot nochk virt cortex-a57 "$tmp/nochk.bin"
if tr -d '\r' < "$tmp/nochk.log" | grep -q "^STUB el=1 x0=$DATA .* mmu=off dcache=off ttbr0=0x0$"; then
	ok "with PURGATORY_F_NO_CHECKS the kernel starts at once"
else
	not_ok "with PURGATORY_F_NO_CHECKS the kernel starts at once"
	report nochk
fi

# What the check costs under TCG (not a test: TCG does not model caches).
cp "$tmp/data.good" "$tmp/data"
$run "$fill" "$purg" "$tmp/big-on.bin" "$entry" "$DATA" 0 0 "$STUB=$tmp/stub.bin" \
	"$DATA=$tmp/data" "$BIG=$tmp/big"
$run "$fill" "$purg" "$tmp/big-off.bin" "$entry" "$DATA" 0 1 "$STUB=$tmp/stub.bin" \
	"$DATA=$tmp/data" "$BIG=$tmp/big"
boot big-on virt cortex-a57 "$tmp/big-on.bin" -device "loader,file=$tmp/big,addr=$BIG"
boot big-off virt cortex-a57 "$tmp/big-off.bin" -device "loader,file=$tmp/big,addr=$BIG"
if stub_ok big-on 1; then
	echo "# purgatory-qemu: 64 MiB checked under TCG: QEMU run $(cat "$tmp/big-on.time") s with checks, $(cat "$tmp/big-off.time") s without"
else
	not_ok "64 MiB are checked"
	report big-on
fi
