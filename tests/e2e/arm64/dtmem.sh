#!/bin/bash
# Decode the device-tree memory dump arm64/init.sh prints (section
# dt-memory-stage1 / dt-memory-stage2) into the lines kexec -d prints for
# the tree it built:
#
#   dtb memory: 0x<start, 16 hex digits>-0x<end, exclusive, 16 hex digits>
#
# one per reg entry of every memory node, sorted by address.  The input:
#
#   cells <#address-cells> <#size-cells>
#   node <name> <device_type>
#    00 00 00 00 40 00 00 00 00 00 00 00 80 00 00 00      (od -An -tx1)
#
#   tests/e2e/arm64/dtmem.sh [FILE]      (default: standard input)
#
# Exits 1, with a message on standard error, on input it cannot decode.
# bash arithmetic is 64-bit signed: enough for any physical address.
set -u
ac='' sc='' bytes=() out=()

flush() {	# the reg bytes of one node, as entries
	local entry=$(((ac + sc) * 4)) i j s z
	[ ${#bytes[@]} -gt 0 ] || return 0
	if [ $((${#bytes[@]} % entry)) -ne 0 ]; then
		echo "dtmem: node $node: reg of ${#bytes[@]} bytes is not a multiple of $entry" >&2
		return 1
	fi
	for ((i = 0; i < ${#bytes[@]}; i += entry)); do
		s=0 z=0
		for ((j = 0; j < ac * 4; j++)); do
			s=$((s << 8 | 16#${bytes[i + j]}))
		done
		for ((j = ac * 4; j < entry; j++)); do
			z=$((z << 8 | 16#${bytes[i + j]}))
		done
		out+=("$(printf 'dtb memory: 0x%016x-0x%016x' "$s" $((s + z)))")
	done
	bytes=()
}

node=
while read -r w rest; do
	case $w in
	cells)
		read -r ac sc <<< "$rest"
		case $ac$sc in 11|12|21|22) ;; *)
			echo "dtmem: #address-cells = $ac, #size-cells = $sc: not handled" >&2
			exit 1 ;;
		esac ;;
	node)
		flush || exit 1
		node=${rest%% *} ;;
	[0-9a-f][0-9a-f])
		if [ -z "$ac" ] || [ -z "$node" ]; then
			echo "dtmem: reg bytes before 'cells' and 'node'" >&2
			exit 1
		fi
		# shellcheck disable=SC2206 # the words are hex bytes
		bytes+=($w $rest) ;;
	'') ;;
	*)
		echo "dtmem: cannot read the line '$w $rest'" >&2
		exit 1 ;;
	esac
done < "${1:-/dev/stdin}"
flush || exit 1
[ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}" | LC_ALL=C sort
