#!/bin/bash
# End-to-end: boot a Debian kernel in QEMU, load it again with our kexec,
# kexec into it, and check from the serial log what the second kernel got.
#
#   tests/e2e/run.sh [SCENARIO...]        (default: all of them)
#
# Environment: srcdir, build (as tests/run-tests.sh sets them; default: the
# source tree and its build/), E2E=0 to skip, E2E_DIR (scratch, default
# $build/e2e), E2E_CACHE (downloads, default $build/e2e-cache), E2E_TIMEOUT
# (seconds per QEMU run, default 180), E2E_KPKG (a linux-image-*-amd64
# package name instead of the one linux-image-amd64 depends on), E2E_KEXEC
# (another kexec binary for the guests, e.g. kexec-tools' as a negative
# control: its canary and map checks are expected to fail), E2E_KEXEC_ARGS
# (more options for the guest's kexec -l, separated by spaces, no commas,
# e.g. -i), E2E_INITRD_PAD_MB (grow the second kernel's initrd to this many
# MiB with an uncompressed cpio of random bytes; bench/handoff-bench.sh).
#
# Prints "ok - e2e: ..." / "not ok - e2e: ..." lines, "#   " diagnostics,
# or one "skip - e2e: <why>" line when QEMU or the kernel cannot be had.
# Needs no root for the build; QEMU runs with TCG (no KVM).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$(cd "$here/../.." && pwd)}
build=${build:-$srcdir/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
E2E_DIR=${E2E_DIR:-$build/e2e}
E2E_CACHE=${E2E_CACHE:-$build/e2e-cache}
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
ALL_SCENARIOS="plain plain-s virtio-mem kmem-nvdimm dimm-hot kmem-legacy canary"
E2E_NAME=e2e
NOT_OK_TAIL=10
NEED_STAGE2_MSG="no stage-2 output"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

e2e_enabled
need_x86_qemu
need_tools cpio depmod socat readelf gzip dpkg-deb apt-get
need_static_busybox
command -v ndctl >/dev/null || skip "ndctl not found (package ndctl)"

scenarios=${*:-$ALL_SCENARIOS}
# shellcheck disable=SC2086 # a list of names
check_scenario_names "$ALL_SCENARIOS" $scenarios

make_work_dirs
qemu_pidfile

MODULES="virtio_pci virtio_mem libnvdimm nd_pmem nd_e820 nfit dax_pmem device_dax kmem dax_hmem"
ELF_EXTRA_LIBDIRS="/lib /usr/lib"

# base.cpio.gz: busybox, our static kexec, ndctl, modules, /init;
# stage1.img as lib.sh's pack_images makes it.
build_images() {
	new_root /bin/busybox "/bin/busybox --list" || return 1
	if [ -n "${E2E_KEXEC:-}" ]; then
		copy_elf "$E2E_KEXEC" /sbin/kexec || return 1
	else
		strip -o "$ROOT/sbin/kexec" "$build/sbin/kexec-static" &&
		strip -o "$ROOT/sbin/kexec-memmap" "$build/sbin/kexec-memmap-static" || return 1
	fi
	# shellcheck disable=SC2086 # a list of module names
	copy_elf "$(command -v ndctl)" /sbin/ndctl &&
	copy_modules $MODULES &&
	pack_images "$here/init.sh" "${E2E_INITRD_PAD_MB:-}"
}

# ---- one QEMU run: boot, kexec, boot again; a host-timestamped serial log
mon_cmd() {
	local r
	r=$(printf '%s\n' "$1" | socat - "UNIX-CONNECT:$MON" 2>&1 | tr -d '\r' |
		grep -v -e '^QEMU .* monitor' -e '^(qemu)' -e '^$')
	stamp "@@HOST monitor: $1${r:+: $r}"
}
serial_line() {	# the SERIAL_HOOK: hot-plug on the guest's request
	case $1 in
	*"@@E2E WAIT_HOTPLUG"*)
		mon_cmd "object_add memory-backend-ram,id=hot0,size=1G"
		mon_cmd "device_add pc-dimm,id=hotdimm0,memdev=hot0"
		stamp "@@HOST hot-plugged a 1 GiB pc-dimm" ;;
	*) stop_after_purgatory "$1" ;;
	esac
}
SERIAL_HOOK=serial_line
run_qemu() {	# run_qemu SCENARIO DIR
	local scen=$1 dir=$2 kmode=l
	local -a q
	local append="console=ttyS0 panic=-1 memhp_default_state=online e2e_scen=$scen e2e_stage=1"
	q=(qemu-system-x86_64 -M pc -accel tcg -smp 2 -display none -serial stdio -no-reboot
	   -pidfile "$QPID")
	qemu_mem "$scen" "$dir"
	case $scen in
	plain-s) kmode=s ;;
	kmem-nvdimm) q[2]=pc,nvdimm=on ;;
	kmem-legacy)
		# RAM 0x40000000-0x5fffffff becomes legacy pmem (e820 type 12).
		# The second kernel gets no memmap=: only our e820 keeps it off.
		append="$append memmap=512M!1G e2e_s2strip=memmap" ;;
	canary)
		# Legacy pmem at the top of low RAM, where loaders like to put
		# their segments.  The second kernel keeps memmap=, so that it
		# sees pmem there again whatever it was handed.
		append="$append memmap=0x1ffe0000!0x60000000" ;;
	esac
	append="$append e2e_kexec=$kmode"
	if [ -n "${E2E_KEXEC_ARGS:-}" ]; then	# init.sh splits them at the commas
		local -a kargs
		read -ra kargs <<< "$E2E_KEXEC_ARGS"
		append="$append e2e_kargs=$(IFS=,; echo "${kargs[*]}")"
	fi
	MON=$dir/mon.sock
	[ ${#MON} -lt 100 ] || MON=$(mktemp -u /tmp/e2e-mon.XXXXXX)
	rm -f "$MON"
	qemu_logged "$dir" "${q[@]}" "${MEM[@]}" -monitor "unix:$MON,server,nowait" \
		-kernel "$VMLINUZ" -initrd "$STAGE1" -append "$append"
	rm -f "$MON"
}

# ---- checks on the serial log (section, check, iomem1_has, loaded_with,
# no_segment_inside: lib.sh)
# The predicates read the files split out of the log of scenario $D; each
# prints what went wrong.
reached_stage2() { kexec_reached_stage2 'Kernel panic' 5; }
# The --dry-run plan and the loaded one place the same segments and hand
# over the same e820 (the zero page's checksum differs: its RNG seed).
same_plans() {
	[ -s "$D/segments.txt" ] || { echo "no segment lines in the kexec -d output"; return 1; }
	diff <(grep -E '^(segment [0-9]+:|BIOS-e820:)' "$D/dry-run.txt") \
		<(cat "$D/segments.txt" "$D/e820-plan.txt")
}
e820_as_planned() {
	need_stage2 || return 1
	[ -s "$D/e820-plan.txt" ] || { echo "no BIOS-e820 lines in the kexec -d output"; return 1; }
	diff "$D/e820-plan.txt" "$D/e820-2.txt"
}
nothing_usable() {
	need_stage2 || return 1
	[ -s "$D/e820-2.txt" ] || { echo "no BIOS-e820 lines in stage 2"; return 1; }
	awk -f "$here/ranges.awk" -v mode=usable "$D/forbidden.txt" "$D/e820-2.txt"
}
e820_2_has() {
	need_stage2 || return 1
	grep -qxF "$1" "$D/e820-2.txt" && return 0
	echo "stage 2:"
	cat "$D/e820-2.txt"
	return 1
}
iomem2_has() {
	need_stage2 || return 1
	grep -qxF "$1" "$D/iomem2.txt" && return 0
	echo "stage 2 /proc/iomem:"
	grep -v '^ ' "$D/iomem2.txt"
	return 1
}
# The firmware memmap entry that appeared when the DIMM was plugged lies in
# one usable stage-2 e820 range.
hotplugged_usable() {
	need_stage2 || return 1
	[ -s "$D/hot.txt" ] || { echo "no new firmware memmap entry after the hot-plug"; return 1; }
	awk -f "$here/ranges.awk" -v mode=covered "$D/hot.txt" "$D/e820-2.txt"
}
canary_intact() {
	local line
	line=$(grep '^@@E2E CANARY read' "$D/serial.txt")
	grep -q '^@@E2E CANARY written blocks=512$' "$D/serial.txt" &&
		[ -n "$line" ] && [ -z "${line##*intact=512 bad=0}" ] && return 0
	grep '^@@E2E' "$D/serial.txt" | grep -i -e canary -e fail
	return 1
}

check_scenario() {	# check_scenario SCENARIO DIR
	local scen=$1 log=$2/serial.txt
	split_log "$2"
	section fwmap-stage1 "$log" > "$D/fwmap1.txt"
	section e820-stage2 "$log" | sed 's/^\[[^]]*\] //' | grep '^BIOS-e820:' > "$D/e820-2.txt"
	section iomem-stage2 "$log" > "$D/iomem2.txt"
	grep '^BIOS-e820:' "$D/load.txt" > "$D/e820-plan.txt"
	grep -E '^segment [0-9]+:' "$D/load.txt" > "$D/segments.txt"
	awk -f "$here/ranges.awk" -v mode=forbidden "$D/iomem1.txt" > "$D/forbidden.txt"
	sed "s/^/#   e2e: $scen: managed or persistent in stage 1: /" "$D/forbidden.txt"

	check "$scen" "the kexec'd kernel reached /init" reached_stage2
	if [ "$scen" = plain-s ]; then
		check "$scen" "kexec loaded with kexec_file_load" loaded_with kexec_file_load
		return
	fi
	check "$scen" "kexec -d -l loaded with kexec_load" loaded_with kexec_load
	check "$scen" "--dry-run and -d plan the same segments and e820" same_plans
	check "$scen" "stage-2 BIOS-e820 lines equal our plan's ($(wc -l < "$D/e820-plan.txt"))" e820_as_planned
	check "$scen" "no managed or persistent range is usable in stage 2 ($(wc -l < "$D/forbidden.txt") ranges)" \
		nothing_usable
	check "$scen" "no segment in a managed or persistent range ($(wc -l < "$D/segments.txt") segments)" \
		no_segment_inside

	case $scen in
	virtio-mem)
		check "$scen" "stage 1 had System RAM (virtio_mem)" iomem1_has 'System RAM (virtio_mem)' ;;
	kmem-nvdimm)
		check "$scen" "stage 1 had System RAM (kmem)" iomem1_has 'System RAM (kmem)' ;;
	kmem-legacy)
		check "$scen" "stage 1 had System RAM (kmem)" iomem1_has 'System RAM (kmem)'
		check "$scen" "stage 2 got 0x40000000-0x5fffffff as persistent (type 12)" e820_2_has \
			'BIOS-e820: [mem 0x0000000040000000-0x000000005fffffff] persistent (type 12)'
		check "$scen" "stage 2, without memmap=, has it as Persistent Memory (legacy)" iomem2_has \
			'40000000-5fffffff : Persistent Memory (legacy)' ;;
	dimm-hot)
		section fwmap-before-hotplug "$log" | cut -d' ' -f2- > "$D/fwmap0.txt"
		cut -d' ' -f2- "$D/fwmap1.txt" | grep -vxF -f "$D/fwmap0.txt" > "$D/hot.txt"
		check "$scen" "the hot-plugged DIMM ($(head -n 1 "$D/hot.txt" | cut -d' ' -f1-2)) is usable in stage 2" \
			hotplugged_usable ;;
	canary)
		check "$scen" "all 512 pmem canary blocks intact after kexec" canary_intact ;;
	esac
}

timing() {	# timing SCENARIO DIR
	local slog=$2/serial.log t1 tk t2 tx
	t1=$(stamp_of '@@E2E STAGE1 init' "$slog")
	tk=$(stamp_of '@@E2E KEXEC_E' "$slog")
	t2=$(stamp_of '@@E2E STAGE2 init' "$slog")
	tx=$(stamp_of '@@HOST qemu exit' "$slog")
	awk -v s="$1" -v t1="$t1" -v tk="$tk" -v t2="$t2" -v tx="$tx" 'BEGIN {
		k = (tk != "" && t2 != "") ? sprintf("%.2f s", t2 - tk) : "-"
		printf "#   e2e: %s: kexec -e -> second /init %s (QEMU start -> first /init %s s, total %s s)\n",
			s, k, t1 == "" ? "-" : t1, tx == "" ? "-" : tx
	}'
}

# ---- main
# The guests run a static kexec; gcc cannot link AddressSanitizer into one.
top=$(cd "$build/.." && pwd)
is_asan_build "$top/Makefile" &&
	skip "an AddressSanitizer build cannot link the guests' static kexec (the plain build runs the e2e)"
if [ -z "${E2E_KEXEC:-}" ]; then
	make_static "$top" "make static (the guests' kexec)"
	[ -x "$build/sbin/kexec-static" ] || not_ok_exit "make static (the guests' kexec)" < /dev/null
fi
rm -f "$E2E_DIR/apt.log"
fetch_kernel amd64 "${E2E_KPKG:-$(kernel_pkg linux-image-amd64)}" \
	'*/kernel/drivers/virtio/*' '*/kernel/drivers/nvdimm/*' \
	'*/kernel/drivers/acpi/nfit/*' '*/kernel/drivers/dax/*' ||
	skip "no kernel: cannot fetch the linux-image-*-amd64 that linux-image-amd64 depends on ($(tail -n 1 "$E2E_DIR/apt.log" 2>/dev/null || echo 'apt-cache knows no linux-image-amd64: run apt-get update'))"
build_images 2> "$E2E_DIR/images.log" ||
	not_ok_exit "build the initramfs" < "$E2E_DIR/images.log"
echo "#   e2e: kernel $KVER, $(stat -c %s "$E2E_DIR/img/base.cpio.gz") bytes of base initramfs${E2E_INITRD_PAD_MB:+, padded to $(stat -c %s "$E2E_DIR/img/payload/initrd.img") bytes for the second kernel}, TCG"

# shellcheck disable=SC2086 # a list of names
run_scenarios $scenarios
[ $NFAIL -eq 0 ]
