#!/bin/sh
# Sysroots for the scenarios the lab describes (shared/lab/README.md,
# steps 5 and 6) but whose captures are not in shared/fixtures: the
# /proc/iomem text follows the lab's description of the guest; the firmware
# map is the plain guest's, which is what the lab saw (the firmware map is
# built before memmap= applies).
#
#   tools/make-synthetic-sysroots.sh tests/data/sysroots
set -eu
out=$1
plain=$out/x86-plain

head_lines='00000000-00000fff : Reserved
00001000-0009fbff : System RAM
0009fc00-0009ffff : Reserved
000a0000-000bffff : PCI Bus 0000:00
000c0000-000c9bff : Video ROM
000ca000-000cadff : Adapter ROM
000cb000-000cb5ff : Adapter ROM
000f0000-000fffff : Reserved
  000f0000-000fffff : System ROM'
tail_lines='7ffe0000-7fffffff : Reserved
80000000-febfffff : PCI Bus 0000:00
  fd000000-fdffffff : 0000:00:02.0
  feb80000-febbffff : 0000:00:03.0
fec00000-fec003ff : IOAPIC 0
fed00000-fed003ff : HPET 0
fee00000-fee00fff : Local APIC
fffc0000-ffffffff : Reserved
fd00000000-ffffffffff : Reserved'

mk() {
	name=$1
	rm -rf "${out:?}/$name"
	mkdir -p "$out/$name/proc" "$out/$name/sys/firmware"
	cp -r "$plain/sys/firmware/memmap" "$out/$name/sys/firmware/"
	{
		printf '%s\n' "$head_lines"
		cat
		printf '%s\n' "$tail_lines"
	} > "$out/$name/proc/iomem"
}

# memmap=512M!1G, namespace converted to devdax, then to kmem.
mk x86-kmem-legacy <<'EOF2'
00100000-3fffffff : System RAM
  2e000000-2ee01d31 : Kernel code
  2f000000-2f8eafff : Kernel rodata
40000000-5fffffff : Persistent Memory (legacy)
  40000000-411fffff : namespace0.0
  48000000-5fffffff : dax0.0
    48000000-5fffffff : System RAM (kmem)
60000000-7ffdffff : System RAM
EOF2

# memmap=512M%1G-1+0xefffffff: Soft Reserved, dax_hmem, then kmem.
mk x86-kmem-hmem <<'EOF2'
00100000-3fffffff : System RAM
  2e000000-2ee01d31 : Kernel code
40000000-5fffffff : hmem.0
  40000000-5fffffff : Soft Reserved
    40000000-5fffffff : dax0.0
      40000000-5fffffff : System RAM (kmem)
60000000-7ffdffff : System RAM
EOF2

# memmap=0x1ffe0000!0x60000000: legacy pmem at the top of low RAM, where
# kexec-tools put its segments and lost 69 of 512 canary blocks.
mk x86-pmem-top <<'EOF2'
00100000-5fffffff : System RAM
  2e000000-2ee01d31 : Kernel code
60000000-7ffdffff : Persistent Memory (legacy)
  60000000-7ffdffff : namespace0.0
    60000000-7ffdffff : pmem0
EOF2

# A hot-plugged DIMM the firmware map does not list (as a kernel whose
# firmware map missed the hotplug would show it).
mk x86-dimm-unlisted <<'EOF2'
00100000-7ffdffff : System RAM
  2e000000-2ee01d31 : Kernel code
EOF2
# The DIMM sits above 4 GiB, after the PCI window: insert it in order.
awk '{ print } /^fffc0000-ffffffff : Reserved$/ { print "100000000-13fffffff : System RAM" }' \
	"$out/x86-dimm-unlisted/proc/iomem" > "$out/x86-dimm-unlisted/proc/iomem.new"
mv "$out/x86-dimm-unlisted/proc/iomem.new" "$out/x86-dimm-unlisted/proc/iomem"
