# Range checks on the end-to-end logs (tests/e2e/run.sh), 64-bit safe:
# awk numbers are doubles, exact only up to 2^53, so addresses are never
# turned into numbers.  Each is written as "x" and 16 lower-case hex digits;
# strings of equal length compare like the numbers they spell, and the "x"
# keeps awk from comparing them as decimal numbers.
#
#   awk -f ranges.awk -v mode=forbidden IOMEM
#       the driver-managed and persistent ranges of a /proc/iomem, one
#       "START END NAME" line each (inclusive, 16 hex digits)
#   awk -f ranges.awk -v mode=usable FORBIDDEN E820
#       the "BIOS-e820: ... usable" lines that overlap a forbidden range
#   awk -f ranges.awk -v mode=segments FORBIDDEN SEGMENTS
#       the "segment N: ... mem 0xS-0xE" lines (E exclusive) that do
#   awk -f ranges.awk -v mode=covered RANGES E820
#       the ranges ("0xS 0xE ...", inclusive) no single usable line covers
# The check modes print what they find and exit 1 if they find anything.

function key(h) {
	h = tolower(h)
	sub(/^0x/, "", h)
	while (length(h) < 16)
		h = "0" h
	return "x" h
}

# Inclusive [a, b] and [c, d] overlap.
function overlap(a, b, c, d) { return a <= d && c <= b }

# A /proc/iomem line: "<2 spaces per level>START-END : NAME".
function iomem_line(   depth, r, name, i) {
	match($0, /^ */)
	depth = RLENGTH / 2
	r = substr($0, RLENGTH + 1)
	i = index(r, " : ")
	if (i == 0)
		return
	name = substr(r, i + 3)
	split(substr(r, 1, i - 1), se, "-")
	parent = depth > 0 ? names[depth - 1] : ""
	names[depth] = name
	if (name ~ /^System RAM \((kmem|virtio_mem)\)/ ||
	    (name ~ /^System RAM/ && depth > 0 && parent !~ /^System RAM/) ||
	    name ~ /^Persistent Memory/ || name == "Soft Reserved")
		printf "%s %s %s\n", substr(key(se[1]), 2), substr(key(se[2]), 2), name
}

# "BIOS-e820: [mem 0xS-0xE] TYPE": sets e_s, e_e, e_type.
function e820_line(   r) {
	if (!match($0, /\[mem 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+\]/))
		return 0
	r = substr($0, RSTART + 5, RLENGTH - 6)
	split(r, se, "-")
	e_s = key(se[1])
	e_e = key(se[2])
	e_type = substr($0, RSTART + RLENGTH + 1)
	return 1
}

mode == "forbidden" { iomem_line(); next }

# The first file of the check modes: the ranges to check against.
FILENAME == ARGV[1] {
	fs[++nf] = key($1)
	fe[nf] = key($2)
	fl[nf] = $0
	next
}

mode == "usable" && /^BIOS-e820:/ {
	if (!e820_line() || e_type != "usable")
		next
	for (i = 1; i <= nf; i++)
		if (overlap(e_s, e_e, fs[i], fe[i])) {
			printf "%s overlaps %s\n", $0, fl[i]
			bad++
		}
	next
}

mode == "segments" && /^segment [0-9]+:/ {
	if (!match($0, /mem 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+/))
		next
	split(substr($0, RSTART + 4, RLENGTH - 4), se, "-")
	# [s, e) against [c, d]: s <= d and c < e.
	s = key(se[1])
	e = key(se[2])
	for (i = 1; i <= nf; i++)
		if (s <= fe[i] && fs[i] < e) {
			printf "%s lies in %s\n", $0, fl[i]
			bad++
		}
	next
}

mode == "covered" && /^BIOS-e820:/ {
	if (e820_line() && e_type == "usable")
		for (i = 1; i <= nf; i++)
			if (e_s <= fs[i] && fe[i] <= e_e)
				cov[i] = 1
	next
}

END {
	if (mode == "covered")
		for (i = 1; i <= nf; i++)
			if (!cov[i]) {
				printf "%s is not inside one usable BIOS-e820 range\n", fl[i]
				bad++
			}
	exit (bad > 0)
}
