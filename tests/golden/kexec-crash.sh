#!/bin/sh
# kexec -p --dry-run: the crash plan for fake sysroots with one and with two
# "Crash kernel" regions, the kdump tools' command lines, and one clear line
# with the documented status for each kind of bad crash input.
set -u
run=${TEST_RUNNER:-}
if [ "${HOST_ARCH:-$(uname -m)}" != x86_64 ]; then
	echo "skip - kexec-crash: bzImage plans need an x86_64 build; this one loads $HOST_ARCH kernels"
	exit 0
fi
kexec=$build/sbin/kexec
sys=$srcdir/tests/data/sysroots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
	if eval "$2"; then echo "ok - kexec-crash: $1"; else echo "not ok - kexec-crash: $1"; fi
}

$run "$build/tests/golden/mkbzimage" "$tmp/bz"
head -c 300000 /dev/urandom > "$tmp/initrd"

plan() {
	name=$1
	shift
	$run "$kexec" --dry-run "$@" > "$tmp/$name" 2> "$tmp/$name.err"
}

# inside FILE LO HI [LO HI]: every segment lies in one of the ranges (16-digit hex).
inside() {
	f=$1
	shift
	sed -n 's/^segment [0-9]*: [a-z_]* *mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\) .*/\1 \2/p' "$f" |
	while read -r s e; do
		ok=
		set -- "$@"
		lo1=$1 hi1=$2 lo2=${3:-} hi2=${4:-}
		if ! [ "$s" \< "$lo1" ] && ! [ "$hi1" \< "$e" ]; then ok=1; fi
		if [ -n "$lo2" ] && ! [ "$s" \< "$lo2" ] && ! [ "$hi2" \< "$e" ]; then ok=1; fi
		[ -n "$ok" ] || echo "$s-$e"
	done | grep -q . && return 1
	return 0
}

# kdump-utils' kdumpctl: -d -p, KEXEC_ARGS="-s" or not, --command-line, --initrd.
cmd="root=/dev/vda ro console=ttyS0 irqpoll nr_cpus=1 reset_devices"
check "kdumpctl's command line plans a crash load on one region" \
	'plan one -d -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$sys/x86-crash" &&
	 grep -q "^crash region: 0x0000000067000000-0x000000007f000000 (iomem line 15)$" "$tmp/one"'
check "every segment and the entry lie inside the reservation" \
	'[ "$(grep -c "^segment [0-9]" "$tmp/one")" -eq 5 ] &&
	 inside "$tmp/one" 0000000067000000 000000007f000000 &&
	 grep -q "^entry: 0x7[0-9a-f]* (purgatory), then the kernel at 0x67000200$" "$tmp/one"'
check "elfcorehdr= on the command line names the header segment" \
	'hdr=$(sed -n "s/^segment 4: elfcorehdr  mem 0x0*\([0-9a-f]*\)-.*/\1/p" "$tmp/one") &&
	 grep -q "^command line: \"$cmd elfcorehdr=0x158@0x$hdr\"" "$tmp/one" &&
	 grep -q "^elfcorehdr: 0x0*$hdr (0x158 bytes, 5 program headers)$" "$tmp/one"'
cat > "$tmp/one.e820" <<'E820'
BIOS-e820: [mem 0x0000000000001000-0x000000000009fbff] usable
BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved
BIOS-e820: [mem 0x0000000067000000-0x000000007effefff] usable
BIOS-e820: [mem 0x000000007ffe0000-0x000000007fffffff] reserved
BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved
BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved
E820
check "the capture kernel's e820: low RAM, the reservation minus the header, firmware ranges" \
	'grep "^BIOS-e820:" "$tmp/one" | diff - "$tmp/one.e820" >/dev/null'
check "the dump leaves out the first MiB and the reservation" \
	'[ "$(grep "^PT_LOAD:" "$tmp/one" | tr "\n" " ")" = "PT_LOAD: 0x0000000000100000-0x0000000067000000 PT_LOAD: 0x000000007f000000-0x000000007ffe0000 " ]'
check "without proc/kcore, one warning says what is lost" \
	'[ "$(wc -l < "$tmp/one.err")" -eq 1 ] && grep -q "proc/kcore: .*no virtual addresses" "$tmp/one.err"'
check "kexec_file_load (-s) is named as the syscall" \
	'plan file -s -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$sys/x86-crash" &&
	 grep -q "^syscall: kexec_file_load (-s)" "$tmp/file"'
check "--reuse-cmdline drops crashkernel= and BOOT_IMAGE= for -p" \
	'plan reuse -p --reuse-cmdline --append="irqpoll" "$tmp/bz" --sysroot "$sys/x86-crash" &&
	 grep -q "^command line: \"root=/dev/vda ro console=ttyS0 irqpoll elfcorehdr=" "$tmp/reuse"'

check "two regions: both listed, the header at the top of the high one" \
	'plan two -p --reuse-cmdline "$tmp/bz" --initrd="$tmp/initrd" --sysroot "$sys/x86-crash-two" &&
	 grep -q "^crash region: 0x000000006f000000-0x000000007f000000" "$tmp/two" &&
	 grep -q "^crash region: 0x0000000260000000-0x0000000280000000" "$tmp/two" &&
	 grep -q "^segment 4: elfcorehdr  mem 0x000000027ffff000-" "$tmp/two" &&
	 inside "$tmp/two" 000000006f000000 000000007f000000 0000000260000000 0000000280000000 &&
	 grep -q "^BIOS-e820: \[mem 0x0000000260000000-0x000000027fffefff\] usable" "$tmp/two" &&
	 grep -q "^command line: \"root=/dev/vda ro elfcorehdr=0x190@0x27ffff000\"" "$tmp/two"'

check "kexec-memmap --for=kdump shows the same regions and PT_LOADs as the dry run" \
	'$run "$build/sbin/kexec-memmap" --for=kdump --sysroot "$sys/x86-crash-two" > "$tmp/mm" &&
	 [ "$(grep -E "^(crash region|PT_LOAD):" "$tmp/mm")" = "$(grep -E "^(crash region|PT_LOAD):" "$tmp/two")" ]'
check "kexec-memmap --for=kdump --format=e820 differs from the plan only by the header's page" \
	'$run "$build/sbin/kexec-memmap" --for=kdump --format=e820 --sysroot "$sys/x86-crash" |
	 sed "s/0x000000007effffff\] usable/0x000000007effefff] usable/" | diff - "$tmp/one.e820" >/dev/null'
check "-p -u and -u -p unload the crash kernel" \
	'$run "$kexec" --dry-run -p -u | grep -q "would unload the loaded crash kernel" &&
	 $run "$kexec" --dry-run -u -p | grep -q "would unload the loaded crash kernel"'
check "-S -p asks about the crash kernel" \
	'$run "$kexec" -S -p --sysroot "$sys/x86-crash" | grep -q "a crash kernel is not loaded"'
check "-l and -p together are a usage error" \
	'$run "$kexec" --dry-run -l -p "$tmp/bz" 2>/dev/null; [ $? -eq 2 ]'
check "a normal load on the same machine keeps out of the reservation" \
	'plan normal -l "$tmp/bz" --sysroot "$sys/x86-crash" && ! inside "$tmp/normal" 0000000067000000 000000007f000000 &&
	 ! grep -q "^crash" "$tmp/normal"'

# bad NAME STATUS WORDS EDIT: a copy of x86-crash, edited by EDIT, refused
# with exactly one error line on stderr holding WORDS and exit STATUS
# (the proc/kcore warning of a load that got that far aside).
bad() {
	rm -rf "$tmp/root"
	cp -r "$sys/x86-crash" "$tmp/root"
	(cd "$tmp/root" && eval "$4")
	$run "$kexec" --dry-run -p "$tmp/bz" --sysroot "$tmp/root" > /dev/null 2> "$tmp/bad.err"
	st=$? want=$2 words=$3
	check "$1 (exit $2)" \
		'[ $st -eq $want ] && [ "$(grep -vc "^kexec: warning: " "$tmp/bad.err")" -eq 1 ] &&
		 grep -q -- "$words" "$tmp/bad.err"'
}
bad "no reservation names crashkernel=" 8 "no crash kernel reservation: boot with crashkernel=SIZE" \
	'sed -i "/Crash kernel/d" proc/iomem'
bad "a reservation too small for the kernel" 8 "no room for the kernel .* a larger crashkernel= makes room" \
	'sed -i "s/67000000-7effffff : Crash kernel/7e000000-7effffff : Crash kernel/" proc/iomem; echo 16777216 > sys/kernel/kexec_crash_size'
bad "a reservation not page-aligned" 4 "proc/iomem:15: Crash kernel 0x67000800-0x7f000000: not page-aligned" \
	'sed -i "s/67000000-7effffff/67000800-7effffff/" proc/iomem'
bad "a reservation outside System RAM" 4 "proc/iomem:16: Crash kernel 0x7ffe0000-0x7fff0000: not inside System RAM" \
	'sed -i "/Crash kernel/d; s/^7ffe0000-7fffffff : Reserved\$/&\n  7ffe0000-7ffeffff : Crash kernel/" proc/iomem'
bad "kexec_crash_size disagrees" 4 "kexec_crash_size says 0x10000000 bytes, the Crash kernel regions hold 0x18000000" \
	'echo 268435456 > sys/kernel/kexec_crash_size'
bad "no VMCOREINFO" 3 "sys/kernel/vmcoreinfo: No such file or directory (the kernel needs CONFIG_VMCORE_INFO)" \
	'rm sys/kernel/vmcoreinfo'
bad "unreadable crash notes" 3 "cpu1/crash_notes: No such file or directory" \
	'rm sys/devices/system/cpu/cpu1/crash_notes'
bad "malformed VMCOREINFO" 4 "sys/kernel/vmcoreinfo: size: " \
	'echo "0x2d2e000 zz" > sys/kernel/vmcoreinfo'

# ---- real captures: x86-crash-qemu (crashkernel=384M on a 2 GiB guest) and
# x86-crash-qemu-two (crashkernel=512M,high on a 6 GiB guest: the kernel
# reserved 512M high plus its default 256M low), made by
# tests/e2e/capture-crash.sh from Debian's 6.1 kernel in QEMU.
kcore_dir=$srcdir/tests/data/kcore

# dump_minus_1m SYSROOT: kexec-memmap's dump list, [0, 1 MiB) cut away, as
# the dry run's "PT_LOAD: 0x<16>-0x<16>" lines.
dump_minus_1m() {
	$run "$build/sbin/kexec-memmap" --format=json --sysroot "$1" |
	sed -n '/"dump"/,/\]/s/.*"start": "0x\([0-9a-f]*\)", "end": "0x\([0-9a-f]*\)".*/\1 \2/p' |
	while read -r s e; do
		s=$((0x$s)) e=$((0x$e))
		[ "$e" -le 1048576 ] && continue
		[ "$s" -lt 1048576 ] && s=1048576
		printf 'PT_LOAD: 0x%016x-0x%016x\n' "$s" "$e"
	done
}
# with_kcore NAME: a copy of the sysroot NAME with proc/kcore's captured
# header bytes (tests/data/kcore/NAME.hex, od -t x1 output) turned back into
# a file; prints the copy's path.
with_kcore() {
	rm -rf "$tmp/$1.k"
	cp -r "$sys/$1" "$tmp/$1.k"
	# shellcheck disable=SC2059 # the format is the octal escapes
	printf "$(awk 'BEGIN { h = "0123456789abcdef" }
		{ for (i = 1; i <= NF; i++)
			printf "\\%03o", (index(h, substr($i, 1, 1)) - 1) * 16 + index(h, substr($i, 2, 1)) - 1 }' \
		"$kcore_dir/$1.hex")" > "$tmp/$1.k/proc/kcore"
	echo "$tmp/$1.k"
}
# outside_all FILE LO HI [LO HI]: no PT_LOAD of FILE overlaps a range.
outside_all() {
	f=$1
	shift
	sed -n 's/^PT_LOAD: 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)$/\1 \2/p' "$f" | {
		bad=0
		while read -r s e; do
			set -- "$@"
			while [ $# -ge 2 ]; do
				if [ "$s" \< "$2" ] && [ "$1" \< "$e" ]; then bad=1; fi
				shift 2
			done
		done
		[ $bad = 0 ]
	}
}

q1=$sys/x86-crash-qemu
check "qemu one region: the plan names the captured Crash kernel and agrees with kexec_crash_size" \
	'plan q1 -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$q1" &&
	 [ "$(grep "^crash" "$tmp/q1")" = "crash reservation: 1 region, 0x18000000 bytes
crash region: 0x0000000067000000-0x000000007f000000 (iomem line 15)" ] &&
	 [ "$(cat "$q1/sys/kernel/kexec_crash_size")" -eq $((0x18000000)) ]'
check "qemu one region: every segment and the entry inside the reservation" \
	'[ "$(grep -c "^segment [0-9]" "$tmp/q1")" -eq 5 ] &&
	 inside "$tmp/q1" 0000000067000000 000000007f000000 &&
	 grep -q "^entry: 0x\(6[7-9a-f]\|7[0-9a-e]\)[0-9a-f]\{6\} (purgatory), then the kernel at 0x67000200$" "$tmp/q1"'
check "qemu one region: the PT_LOADs are the dump list minus [0, 1 MiB)" \
	'dump_minus_1m "$q1" > "$tmp/q1.want" && [ -s "$tmp/q1.want" ] &&
	 grep "^PT_LOAD:" "$tmp/q1" | diff - "$tmp/q1.want" >/dev/null &&
	 [ "$(tr "\n" " " < "$tmp/q1.want")" = "PT_LOAD: 0x0000000000100000-0x0000000067000000 PT_LOAD: 0x000000007f000000-0x000000007ffe0000 " ] &&
	 outside_all "$tmp/q1" 0000000000000000 0000000000100000 0000000067000000 000000007f000000'
check "qemu one region: the capture kernel's e820 is low RAM, the reservation minus the header, the firmware ranges" \
	'[ "$(grep "^BIOS-e820:" "$tmp/q1")" = "BIOS-e820: [mem 0x0000000000001000-0x000000000009fbff] usable
BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved
BIOS-e820: [mem 0x0000000067000000-0x000000007effefff] usable
BIOS-e820: [mem 0x000000007ffe0000-0x000000007fffffff] reserved
BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved
BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved" ]'
check "qemu one region: 2 CPU notes, VMCOREINFO and 2 PT_LOADs in the header; the captured VMCOREINFO address" \
	'grep -q "^elfcorehdr: 0x000000007efff000 (0x158 bytes, 5 program headers)$" "$tmp/q1" &&
	 grep -q "^command line: \"$cmd elfcorehdr=0x158@0x7efff000\"" "$tmp/q1" &&
	 [ "$(cat "$q1/sys/kernel/vmcoreinfo")" = "0x0000000001202000 1024" ]'
check "qemu one region: with the captured proc/kcore headers, no warning and a kernel-text PT_LOAD more" \
	'k=$(with_kcore x86-crash-qemu) && plan q1k -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$k" &&
	 [ ! -s "$tmp/q1k.err" ] && grep -q "^elfcorehdr: 0x000000007efff000 (0x190 bytes, 6 program headers)$" "$tmp/q1k" &&
	 [ "$(grep "^PT_LOAD:" "$tmp/q1k")" = "$(grep "^PT_LOAD:" "$tmp/q1")" ]'

q2=$sys/x86-crash-qemu-two
check "qemu two regions: both captured regions, low first; kexec_crash_size is the high one's" \
	'plan q2 -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$q2" &&
	 [ "$(grep "^crash" "$tmp/q2")" = "crash reservation: 2 regions, 0x30000000 bytes
crash region: 0x00000000af000000-0x00000000bf000000 (iomem line 11)
crash region: 0x000000019f000000-0x00000001bf000000 (iomem line 28)" ] &&
	 [ "$(cat "$q2/sys/kernel/kexec_crash_size")" -eq $((0x20000000)) ]'
check "qemu two regions: every segment inside a region; the kernel low, the header at the top of the high one" \
	'[ "$(grep -c "^segment [0-9]" "$tmp/q2")" -eq 5 ] &&
	 inside "$tmp/q2" 00000000af000000 00000000bf000000 000000019f000000 00000001bf000000 &&
	 grep -q "^segment 0: kernel      mem 0x00000000af000000-" "$tmp/q2" &&
	 grep -q "^segment 4: elfcorehdr  mem 0x00000001befff000-0x00000001bf000000 " "$tmp/q2" &&
	 grep -q "^entry: 0x\(af\|b[0-9a-e]\)[0-9a-f]\{6\} (purgatory), then the kernel at 0xaf000200$" "$tmp/q2" &&
	 grep -q "^command line: \"$cmd elfcorehdr=0x1c8@0x1befff000\"" "$tmp/q2"'
check "qemu two regions: the PT_LOADs are the dump list minus [0, 1 MiB), outside both regions" \
	'dump_minus_1m "$q2" > "$tmp/q2.want" && [ -s "$tmp/q2.want" ] &&
	 grep "^PT_LOAD:" "$tmp/q2" | diff - "$tmp/q2.want" >/dev/null &&
	 [ "$(tr "\n" " " < "$tmp/q2.want")" = "PT_LOAD: 0x0000000000100000-0x00000000af000000 PT_LOAD: 0x00000000bf000000-0x00000000bffe0000 PT_LOAD: 0x0000000100000000-0x000000019f000000 PT_LOAD: 0x00000001bf000000-0x00000001c0000000 " ] &&
	 outside_all "$tmp/q2" 0000000000000000 0000000000100000 00000000af000000 00000000bf000000 000000019f000000 00000001bf000000 &&
	 grep -q "^elfcorehdr: 0x00000001befff000 (0x1c8 bytes, 7 program headers)$" "$tmp/q2"'
# The kernel's own crash path (crash_setup_memmap_entries) gives the capture
# kernel crashk_low_res as RAM besides crashk_res, and leaves both out of
# the core (elf_header_exclude_ranges): so must we.
check "qemu two regions: the capture kernel's e820 holds both regions as RAM (the high one minus the header)" \
	'[ "$(grep "^BIOS-e820:" "$tmp/q2")" = "BIOS-e820: [mem 0x0000000000001000-0x000000000009fbff] usable
BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved
BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved
BIOS-e820: [mem 0x00000000af000000-0x00000000beffffff] usable
BIOS-e820: [mem 0x00000000bffe0000-0x00000000bfffffff] reserved
BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved
BIOS-e820: [mem 0x000000019f000000-0x00000001beffefff] usable
BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved" ]'
check "qemu two regions: kexec-memmap --for=kdump shows the same regions and PT_LOADs" \
	'$run "$build/sbin/kexec-memmap" --for=kdump --sysroot "$q2" > "$tmp/q2mm" &&
	 [ "$(grep -E "^(crash region|PT_LOAD):" "$tmp/q2mm")" = "$(grep -E "^(crash region|PT_LOAD):" "$tmp/q2")" ]'
check "qemu two regions: with the captured proc/kcore headers, no warning and a kernel-text PT_LOAD more" \
	'k=$(with_kcore x86-crash-qemu-two) && plan q2k -p --command-line="$cmd" --initrd="$tmp/initrd" "$tmp/bz" --sysroot "$k" &&
	 [ ! -s "$tmp/q2k.err" ] && grep -q "^elfcorehdr: 0x00000001befff000 (0x200 bytes, 8 program headers)$" "$tmp/q2k" &&
	 [ "$(grep "^PT_LOAD:" "$tmp/q2k")" = "$(grep "^PT_LOAD:" "$tmp/q2")" ]'
