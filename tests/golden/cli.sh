#!/bin/sh
# The command line: --help and --version, --check, the man page kept in
# step with the option table and the exit-code table, large inputs.
set -u
# The built programs run through $TEST_RUNNER (qemu-user for a cross
# build); unquoted on purpose: it is a command and its arguments.
run=${TEST_RUNNER:-}
tool=$build/sbin/kexec-memmap
man=$srcdir/man/kexec-memmap.8
data=$srcdir/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
	if eval "$2"; then echo "ok - cli: $1"; else echo "not ok - cli: $1"; fi
}

# man_matches_help TOOL MANPAGE: every option --help lists is documented in
# the man page's OPTIONS, and the reverse (both come from one option table).
man_matches_help() {
	t=$1 m=$2 name=$(basename "$1")
	check "$name --help goes to stdout and exits 0" \
		'$run "$t" --help > "$tmp/help" 2> "$tmp/err" && [ ! -s "$tmp/err" ] && grep -q "^Usage: $name" "$tmp/help"'
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		check "$(basename "$m") documents $opt" "grep -q -- '\\.BR .*$esc' '$m'"
	done
	for opt in $(sed -n '/^\.SH OPTIONS/,/^\.SH [A-Z]/p' "$m" | grep '^\.BR' |
		grep -o '\\-\\-[a-z][a-z\\-]*' | sed 's/\\//g' | sort -u); do
		check "$name --help lists $opt from its man page" "grep -q -- '$opt' '$tmp/help'"
	done
}
man_matches_help "$tool" "$man"
man_matches_help "$build/sbin/kexec" "$srcdir/man/kexec.8"
check "--version exits 0" '$run "$tool" --version | grep -q "^kexec-memmap (kexec-ng) "'
check "kexec --version exits 0" '$run "$build/sbin/kexec" --version | grep -q "^kexec (kexec-ng) "'

# kexec.8 lists exactly the codes of kexec/exitcodes.h; kexec-memmap.8 the
# ones kexec-memmap can return.
man_codes() {
	sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$1" | grep -A1 '^\.TP' | grep -o '^\.B [0-9]*' |
		tr -dc '0-9\n' | sort -n | tr '\n' ' '
}
codes_h=$(grep -o '= [0-9]*,' "$srcdir/kexec/exitcodes.h" | tr -dc '0-9\n' | sort -n | tr '\n' ' ')
check "kexec.8 exit codes match exitcodes.h ($codes_h)" '[ "$codes_h" = "$(man_codes "$srcdir/man/kexec.8")" ]'
check "kexec-memmap.8 exit codes are 0-6 and 10" '[ "0 1 2 3 4 5 6 10 " = "$(man_codes "$man")" ]'

check "--check exits 10 and lists the conflict" \
	'$run "$tool" --check --sysroot "$data/sysroots/x86-kmem-legacy" > "$tmp/out"; [ $? -eq 10 ] &&
	 grep -q "^conflict: 0x40000000-0x60000000 firmware: System RAM; iomem: Persistent Memory (legacy) (line 13); iomem wins: pram" "$tmp/out"'
check "--check exits 0 when the sources agree" \
	'$run "$tool" --check --sysroot "$data/sysroots/x86-virtio-mem" | grep -q "no conflicts"'
check "--check --format=json exits 10 with the whole plan" \
	'$run "$tool" --check --format=json --sysroot "$data/sysroots/x86-dimm-unlisted" > "$tmp/out"; [ $? -eq 10 ] &&
	 grep -q "\"boot\"" "$tmp/out" && grep -q "rule R4" "$tmp/out"'
check "--explain classifies every iomem line" \
	'$run "$tool" --explain --sysroot "$data/sysroots/x86-kmem-nvdimm" > "$tmp/out" &&
	 grep -q "line 29 .*System RAM (kmem): rule R3: driver-managed RAM" "$tmp/out" &&
	 grep -q "dax0.0: rule R5: owner of driver-managed RAM" "$tmp/out" &&
	 [ "$(grep -c "^  line " "$tmp/out")" -eq "$(wc -l < "$data/sysroots/x86-kmem-nvdimm/proc/iomem")" ]'
check "table names the rule of every dropped range" \
	'$run "$tool" --sysroot "$data/sysroots/x86-virtio-mem" | grep -q "System RAM (virtio_mem) (iomem line 29): rule R3: driver-managed RAM"'

# 300 firmware entries: 128 fit the zero page, the rest go to setup_data;
# the builder itself must keep all 300.
mkdir -p "$tmp/fw300/proc"
i=0
while [ $i -lt 300 ]; do
	d=$tmp/fw300/sys/firmware/memmap/$i
	mkdir -p "$d"
	printf '0x%x\n' $((i * 0x200000)) > "$d/start"
	printf '0x%x\n' $((i * 0x200000 + 0x1fffff)) > "$d/end"
	if [ $((i % 2)) -eq 0 ]; then echo "System RAM"; else echo "Reserved"; fi > "$d/type"
	i=$((i + 1))
done
echo "fe000000-fe003fff : 0000:00:04.0" > "$tmp/fw300/proc/iomem"
check "300 firmware entries give 300 e820 lines" \
	'[ "$($run "$tool" --sysroot "$tmp/fw300" --format=e820 | wc -l)" -eq 300 ]'

# 200,000 lines of iomem.
awk 'BEGIN { for (i = 0; i < 100000; i++) {
	printf "%08x-%08x : System RAM\n  %08x-%08x : reserved\n", i * 8192, i * 8192 + 8191,
		i * 8192 + 4096, i * 8192 + 8191 } }' > "$tmp/big-iomem"
mkdir -p "$tmp/big/proc" && mv "$tmp/big-iomem" "$tmp/big/proc/iomem"
check "a 200,000-line iomem gives one RAM range and 100,000 places" \
	'$run "$tool" --sysroot "$tmp/big" --format=json > "$tmp/out" &&
	 [ "$(grep -c "\"type\": \"ram\"" "$tmp/out")" -eq 1 ] &&
	 [ "$(sed -n "/\"place\"/,/\]/p" "$tmp/out" | grep -c "\"start\"")" -eq 100000 ]'
