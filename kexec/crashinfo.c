// SPDX-License-Identifier: GPL-2.0-or-later
/* The parsers of a crash load's kernel inputs; see crashinfo.h. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crashinfo.h"

static int digit(char c, unsigned base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned)d < base ? d : -1;
}

/*
 * The number at @buf[*pos], in @base; with @prefix, an optional "0x" first.
 * Moves *pos past it.  Returns 0, -EINVAL (no digit) or -ERANGE.
 */
static int number(const char *buf, size_t len, size_t *pos, unsigned base, bool prefix,
		  uint64_t *v)
{
	size_t i = *pos, first;
	uint64_t n = 0;
	int d;

	if (prefix && len - i >= 2 && buf[i] == '0' && (buf[i + 1] == 'x' || buf[i + 1] == 'X'))
		i += 2;
	first = i;
	for (; i < len && (d = digit(buf[i], base)) >= 0; i++) {
		if (n > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		n = n * base + (uint64_t)d;
	}
	if (i == first)
		return -EINVAL;
	*pos = i;
	*v = n;
	return 0;
}

/* Nothing but one optional newline from @pos on. */
static bool at_end(const char *buf, size_t len, size_t pos)
{
	return pos == len || (pos + 1 == len && buf[pos] == '\n');
}

int crashinfo_parse_u64(const char *buf, size_t len, unsigned base, uint64_t *v)
{
	size_t pos = 0;
	uint64_t n;
	int ret;

	if (base != 10 && base != 16)
		return -EINVAL;
	ret = number(buf, len, &pos, base, base == 16, &n);
	if (ret)
		return ret;
	if (!at_end(buf, len, pos))
		return -EINVAL;
	*v = n;
	return 0;
}

int crashinfo_parse_vmcoreinfo(const char *buf, size_t len, uint64_t *addr, uint64_t *size,
			       struct diag *err)
{
	uint64_t a, s;
	size_t pos = 0;
	int ret;

	ret = number(buf, len, &pos, 16, true, &a);
	if (ret)
		return diag_set(err, -EINVAL, 0, "address",
				"expected \"ADDR SIZE\" in hex, as the kernel writes it");
	if (pos >= len || buf[pos] != ' ')
		return diag_set(err, -EINVAL, 0, "address", "expected one space after the address");
	pos++;
	ret = number(buf, len, &pos, 16, true, &s);
	if (ret || !at_end(buf, len, pos))
		return diag_set(err, -EINVAL, 0, "size",
				"expected the note's size in hex after the address");
	if (!s)
		return diag_set(err, -EINVAL, 0, "size", "the note's size is 0");
	if (s > CRASHINFO_NOTE_MAX)
		return diag_set(err, -E2BIG, 0, "size",
				"a note of 0x%llx bytes, more than the 0x%x accepted",
				(unsigned long long)s, CRASHINFO_NOTE_MAX);
	if (a > UINT64_MAX - s)
		return diag_set(err, -EINVAL, 0, "address",
				"the note at 0x%llx wraps past the top of memory",
				(unsigned long long)a);
	*addr = a;
	*size = s;
	return 0;
}

int crashinfo_parse_cpulist(const char *buf, size_t len,
			    int (*fn)(void *ctx, uint32_t cpu), void *ctx)
{
	size_t pos = 0;

	if (at_end(buf, len, 0))
		return 0;
	for (;;) {
		uint64_t lo, hi;
		int ret;

		ret = number(buf, len, &pos, 10, false, &lo);
		if (ret)
			return ret == -ERANGE ? -E2BIG : ret;
		hi = lo;
		if (pos < len && buf[pos] == '-') {
			pos++;
			ret = number(buf, len, &pos, 10, false, &hi);
			if (ret)
				return ret == -ERANGE ? -E2BIG : ret;
			if (hi < lo)
				return -EINVAL;
		}
		if (hi >= CRASHINFO_MAX_CPUS)
			return -E2BIG;
		for (uint64_t c = lo; c <= hi; c++) {
			ret = fn(ctx, (uint32_t)c);
			if (ret)
				return ret;
		}
		if (at_end(buf, len, pos))
			return 0;
		if (buf[pos] != ',')
			return -EINVAL;
		pos++;
	}
}

/* --- /proc/kcore ------------------------------------------------------- */

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

struct offset_bytes {
	uint64_t offset;
	uint64_t bytes;
};

/* Add @bytes to @offset's tally; -EINVAL when the table is full. */
static int tally(struct offset_bytes *t, size_t *n, uint64_t offset, uint64_t bytes)
{
	for (size_t i = 0; i < *n; i++) {
		if (t[i].offset == offset) {
			t[i].bytes = t[i].bytes > UINT64_MAX - bytes ? UINT64_MAX :
				     t[i].bytes + bytes;
			return 0;
		}
	}
	if (*n == CRASHINFO_KCORE_MAX_OFFSETS)
		return -EINVAL;
	t[(*n)++] = (struct offset_bytes){ offset, bytes };
	return 0;
}

int crashinfo_parse_kcore(const void *buf, size_t len, uint64_t kernel_phys,
			  struct crashinfo_kcore *out, size_t *need, struct diag *err)
{
	const uint8_t *b = buf;
	struct offset_bytes t[CRASHINFO_KCORE_MAX_OFFSETS];
	struct crashinfo_kcore k = { 0 };
	uint64_t phoff, phnum, shoff, end;
	size_t nt = 0, best = 0;

	if (len < sizeof(Elf64_Ehdr) || memcmp(b, ELFMAG, SELFMAG))
		return diag_set(err, -EINVAL, 0, "header", "not an ELF file");
	if (b[EI_CLASS] != ELFCLASS64 || b[EI_DATA] != ELFDATA2LSB)
		return diag_set(err, -EINVAL, 0, "header", "not a 64-bit little-endian ELF file");
	if (le(b + offsetof(Elf64_Ehdr, e_type), 2) != ET_CORE)
		return diag_set(err, -EINVAL, 0, "header", "not a core file (e_type %llu)",
				(unsigned long long)le(b + offsetof(Elf64_Ehdr, e_type), 2));
	if (le(b + offsetof(Elf64_Ehdr, e_phentsize), 2) != sizeof(Elf64_Phdr))
		return diag_set(err, -EINVAL, 0, "header",
				"program headers of %llu bytes, expected %zu",
				(unsigned long long)le(b + offsetof(Elf64_Ehdr, e_phentsize), 2),
				sizeof(Elf64_Phdr));
	k.machine = (uint16_t)le(b + offsetof(Elf64_Ehdr, e_machine), 2);
	phoff = le(b + offsetof(Elf64_Ehdr, e_phoff), 8);
	phnum = le(b + offsetof(Elf64_Ehdr, e_phnum), 2);
	shoff = le(b + offsetof(Elf64_Ehdr, e_shoff), 8);

	/* gABI, extended numbering: the real count is section 0's sh_info. */
	if (phnum == PN_XNUM) {
		if (!shoff || shoff > CRASHINFO_KCORE_MAX_HEADERS)
			return diag_set(err, shoff ? -E2BIG : -EINVAL, 0, "header",
					"e_phnum is PN_XNUM but there is no section header 0");
		if (len < shoff + sizeof(Elf64_Shdr)) {
			*need = (size_t)shoff + sizeof(Elf64_Shdr);
			return diag_set(err, -EMSGSIZE, 0, "header",
					"read 0x%zx bytes of the headers", *need);
		}
		phnum = le(b + shoff + offsetof(Elf64_Shdr, sh_info), 4);
	}
	if (phoff > CRASHINFO_KCORE_MAX_HEADERS ||
	    phnum > (CRASHINFO_KCORE_MAX_HEADERS - phoff) / sizeof(Elf64_Phdr))
		return diag_set(err, -E2BIG, 0, "header",
				"%llu program headers at 0x%llx, more than accepted",
				(unsigned long long)phnum, (unsigned long long)phoff);
	end = phoff + phnum * sizeof(Elf64_Phdr);
	if (len < end) {
		*need = (size_t)end;
		return diag_set(err, -EMSGSIZE, 0, "header",
				"read 0x%zx bytes of the headers", *need);
	}

	for (uint64_t i = 0; i < phnum; i++) {
		const uint8_t *p = b + phoff + i * sizeof(Elf64_Phdr);
		uint64_t vaddr = le(p + offsetof(Elf64_Phdr, p_vaddr), 8);
		uint64_t paddr = le(p + offsetof(Elf64_Phdr, p_paddr), 8);
		uint64_t memsz = le(p + offsetof(Elf64_Phdr, p_memsz), 8);

		if (le(p + offsetof(Elf64_Phdr, p_type), 4) != PT_LOAD || paddr == UINT64_MAX ||
		    !memsz)
			continue;
		if (tally(t, &nt, vaddr - paddr, memsz))
			return diag_set(err, -EINVAL, 0, "program headers",
					"more than %d virtual-to-physical offsets",
					CRASHINFO_KCORE_MAX_OFFSETS);
	}
	for (size_t i = 1; i < nt; i++)
		if (t[i].bytes > t[best].bytes)
			best = i;
	if (nt) {
		k.have_linear = true;
		k.linear_offset = t[best].offset;
	}

	for (uint64_t i = 0; kernel_phys && nt > 1 && i < phnum; i++) {
		const uint8_t *p = b + phoff + i * sizeof(Elf64_Phdr);
		uint64_t vaddr = le(p + offsetof(Elf64_Phdr, p_vaddr), 8);
		uint64_t paddr = le(p + offsetof(Elf64_Phdr, p_paddr), 8);
		uint64_t memsz = le(p + offsetof(Elf64_Phdr, p_memsz), 8);

		if (le(p + offsetof(Elf64_Phdr, p_type), 4) != PT_LOAD || paddr == UINT64_MAX ||
		    !memsz || vaddr - paddr == k.linear_offset)
			continue;
		if (paddr <= kernel_phys && kernel_phys - paddr < memsz) {
			k.have_text = true;
			k.text_vaddr = vaddr;
			k.text_paddr = paddr;
			k.text_size = memsz;
			break;
		}
	}
	*out = k;
	return 0;
}
