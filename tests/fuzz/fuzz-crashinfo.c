// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: the parsers of a crash load's inputs (kexec/crashinfo.c),
 * and the ELF core header built from what they accept.
 *
 * Input format (the seeds in corpus/crashinfo/ use it): the first byte
 * picks the parser, the rest is the file's bytes, copied to a buffer of
 * exactly its size so AddressSanitizer sees a read past its end.
 *
 *   byte % 5 == 0   crashinfo_parse_u64, base 16 (crash_notes)
 *               1   crashinfo_parse_u64, base 10 (crash_notes_size,
 *                   kexec_crash_size)
 *               2   crashinfo_parse_vmcoreinfo
 *               3   crashinfo_parse_cpulist
 *               4   crashinfo_parse_kcore; the next 8 bytes (little-endian)
 *                   are "Kernel code"'s start, when there are 8
 *
 * The text parsers are checked against a plain reference of the format:
 * they accept exactly the same inputs and give the same numbers.  kcore's
 * answer is checked against the program headers it came from, and an
 * accepted VMCOREINFO note and cpulist go into elfcore_fill(), whose
 * output is read back.
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crashinfo.h"
#include "elfcore.h"
#include "fuzz-check.h"

/* --- a plain reference of the text formats ----------------------------- */

static int ref_digit(char c, unsigned base)
{
	const char *digits = "0123456789abcdef";
	char l = c >= 'A' && c <= 'F' ? (char)(c - 'A' + 'a') : c;
	const char *d = l ? strchr(digits, l) : NULL;

	return d && (unsigned)(d - digits) < base ? (int)(d - digits) : -1;
}

/* Digits in @s[*i..] as a number; false for none or past 2^64 - 1. */
static bool ref_num(const char *s, size_t len, size_t *i, unsigned base, bool prefix,
		    uint64_t *v, bool *overflow)
{
	size_t j = *i;
	unsigned __int128 n = 0;
	bool any = false;

	*overflow = false;
	if (prefix && j + 1 < len && s[j] == '0' && (s[j + 1] == 'x' || s[j + 1] == 'X'))
		j += 2;
	for (; j < len && ref_digit(s[j], base) >= 0; j++) {
		n = n * base + (unsigned)ref_digit(s[j], base);
		if (n > UINT64_MAX)
			*overflow = true;
		any = true;
	}
	if (!any || *overflow)
		return false;
	*i = j;
	*v = (uint64_t)n;
	return true;
}

static bool ref_end(const char *s, size_t len, size_t i)
{
	return i == len || (i + 1 == len && s[i] == '\n');
}

static void check_u64(const char *s, size_t len, unsigned base)
{
	uint64_t v = 0x5a5a, want = 0;
	size_t i = 0;
	bool ovf, ok = ref_num(s, len, &i, base, base == 16, &want, &ovf) && ref_end(s, len, i);
	int ret = crashinfo_parse_u64(s, len, base, &v);

	if (ok) {
		FUZZ_ASSERT(ret == 0 && v == want);
	} else {
		FUZZ_ASSERT(ret == -EINVAL || (ret == -ERANGE && ovf));
		FUZZ_ASSERT(v == 0x5a5a);
	}
}

static void check_vmcoreinfo(const char *s, size_t len)
{
	uint64_t a = 1, sz = 2, wa = 0, ws = 0;
	size_t i = 0;
	bool ovf, ok;
	struct diag d;
	int ret = crashinfo_parse_vmcoreinfo(s, len, &a, &sz, &d);

	ok = ref_num(s, len, &i, 16, true, &wa, &ovf) && i < len && s[i] == ' ';
	if (ok) {
		i++;
		ok = ref_num(s, len, &i, 16, true, &ws, &ovf) && ref_end(s, len, i) && ws &&
		     ws <= CRASHINFO_NOTE_MAX && wa <= UINT64_MAX - ws;
	}
	if (!ok) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -E2BIG);
		FUZZ_ASSERT(a == 1 && sz == 2);
		FUZZ_ASSERT(memchr(d.msg, '\0', sizeof(d.msg)) && d.msg[0]);
		return;
	}
	FUZZ_ASSERT(ret == 0 && a == wa && sz == ws);

	/* An accepted note becomes a header's PT_NOTE, read back. */
	{
		struct range_list dump = RANGE_LIST_INIT(0);
		struct elfcore_in in = {
			.machine = EM_X86_64, .vmcoreinfo = { a, sz }, .dump = &dump,
		};
		uint8_t buf[64 + 2 * 56];
		Elf64_Phdr p;
		size_t size;

		FUZZ_ASSERT(!range_list_add(&dump, 0x100000, 0x200000, 0, 0));
		FUZZ_ASSERT(elfcore_size(&in, &size) == 0 && size == sizeof(buf));
		FUZZ_ASSERT(elfcore_fill(&in, buf, sizeof(buf)) == 0);
		memcpy(&p, buf + 64, sizeof(p));
		FUZZ_ASSERT(p.p_type == PT_NOTE && p.p_paddr == a && p.p_offset == a &&
			    p.p_filesz == sz && p.p_memsz == sz);
		range_list_free(&dump);
	}
}

struct cpu_walk {
	uint32_t n;
	uint32_t last;
	struct elfcore_note notes[64];
};

static int on_cpu(void *ctx, uint32_t cpu)
{
	struct cpu_walk *w = ctx;

	FUZZ_ASSERT(cpu < CRASHINFO_MAX_CPUS);
	if (w->n < 64)
		w->notes[w->n] = (struct elfcore_note){ 0x100000000ull + cpu * 0x40000ull, 0x1a8 };
	w->last = cpu;
	w->n++;
	/* Bound the work: a list may name every one of 65,536 CPUs. */
	return w->n > 4096 ? -ECANCELED : 0;
}

/* The reference cpulist walk: counts the CPUs, or -1 when malformed. */
static long ref_cpulist(const char *s, size_t len, bool *big)
{
	size_t i = 0;
	long n = 0;

	*big = false;
	if (ref_end(s, len, 0))
		return 0;
	for (;;) {
		uint64_t lo, hi;
		bool ovf;

		if (!ref_num(s, len, &i, 10, false, &lo, &ovf)) {
			*big = ovf;
			return -1;
		}
		hi = lo;
		if (i < len && s[i] == '-') {
			i++;
			if (!ref_num(s, len, &i, 10, false, &hi, &ovf)) {
				*big = ovf;
				return -1;
			}
			if (hi < lo)
				return -1;
		}
		if (hi >= CRASHINFO_MAX_CPUS) {
			*big = true;
			return -1;
		}
		n += (long)(hi - lo + 1);
		if (ref_end(s, len, i))
			return n;
		if (s[i] != ',')
			return -1;
		i++;
	}
}

static void check_cpulist(const char *s, size_t len)
{
	struct cpu_walk w = { 0 };
	bool big;
	long want = ref_cpulist(s, len, &big);
	int ret = crashinfo_parse_cpulist(s, len, on_cpu, &w);

	if (ret == -ECANCELED) {
		/* Stopped by on_cpu(): the list named more than 4096 CPUs, or
		 * was cut short before a mistake the walk had not reached. */
		FUZZ_ASSERT(w.n == 4097);
		return;
	}
	if (want < 0) {
		FUZZ_ASSERT(ret == (big ? -E2BIG : -EINVAL));
		return;
	}
	FUZZ_ASSERT(ret == 0 && w.n == (uint32_t)want);
	if (w.n && w.n <= 64) {
		struct range_list dump = RANGE_LIST_INIT(0);
		struct elfcore_in in = {
			.machine = EM_AARCH64, .cpu_notes = w.notes, .ncpu_notes = w.n,
			.vmcoreinfo = { 0x4220e000, 0x1000 }, .dump = &dump,
		};
		uint8_t buf[64 + 66 * 56];
		size_t size;

		FUZZ_ASSERT(!range_list_add(&dump, 0x40000000, 0x80000000, 0, 0));
		FUZZ_ASSERT(elfcore_size(&in, &size) == 0 && size == 64 + (w.n + 2) * 56);
		FUZZ_ASSERT(elfcore_fill(&in, buf, sizeof(buf)) == 0);
		for (uint32_t i = 0; i < w.n; i++) {
			Elf64_Phdr p;

			memcpy(&p, buf + 64 + i * 56, sizeof(p));
			FUZZ_ASSERT(p.p_type == PT_NOTE && p.p_paddr == w.notes[i].addr);
		}
		range_list_free(&dump);
	}
}

static void check_kcore(const uint8_t *b, size_t len, uint64_t kphys)
{
	struct crashinfo_kcore k;
	struct diag d;
	size_t need = 0;
	uint64_t phoff, phnum;
	bool seen_linear = false, seen_text = false;
	int ret = crashinfo_parse_kcore(b, len, kphys, &k, &need, &d);

	if (ret == -EMSGSIZE) {
		FUZZ_ASSERT(need > len && need <= CRASHINFO_KCORE_MAX_HEADERS + sizeof(Elf64_Shdr));
		return;
	}
	if (ret) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -E2BIG);
		FUZZ_ASSERT(memchr(d.msg, '\0', sizeof(d.msg)) && d.msg[0]);
		return;
	}
	FUZZ_ASSERT(len >= sizeof(Elf64_Ehdr));
	memcpy(&phoff, b + offsetof(Elf64_Ehdr, e_phoff), 8);
	phnum = (uint64_t)b[offsetof(Elf64_Ehdr, e_phnum)] |
		(uint64_t)b[offsetof(Elf64_Ehdr, e_phnum) + 1] << 8;
	if (phnum == PN_XNUM) {
		uint64_t shoff;
		uint32_t info;

		memcpy(&shoff, b + offsetof(Elf64_Ehdr, e_shoff), 8);
		memcpy(&info, b + shoff + offsetof(Elf64_Shdr, sh_info), 4);
		phnum = info;
	}
	FUZZ_ASSERT(phoff + phnum * sizeof(Elf64_Phdr) <= len);
	FUZZ_ASSERT(!k.have_text || k.have_linear);
	for (uint64_t i = 0; i < phnum; i++) {
		Elf64_Phdr p;

		memcpy(&p, b + phoff + i * sizeof(p), sizeof(p));
		if (p.p_type != PT_LOAD || p.p_paddr == UINT64_MAX || !p.p_memsz)
			continue;
		if (p.p_vaddr - p.p_paddr == k.linear_offset)
			seen_linear = true;
		if (k.have_text && p.p_vaddr == k.text_vaddr && p.p_paddr == k.text_paddr &&
		    p.p_memsz == k.text_size)
			seen_text = true;
	}
	FUZZ_ASSERT(seen_linear == k.have_linear);
	if (k.have_text) {
		FUZZ_ASSERT(seen_text);
		FUZZ_ASSERT(k.text_vaddr - k.text_paddr != k.linear_offset);
		FUZZ_ASSERT(k.text_paddr <= kphys && kphys - k.text_paddr < k.text_size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t which;
	uint64_t kphys = 0;
	char *copy;
	size_t len;

	if (!size)
		return 0;
	which = data[0] % 5;
	data++;
	size--;
	if (which == 4 && size >= 8) {
		for (int i = 7; i >= 0; i--)
			kphys = kphys << 8 | data[i];
		data += 8;
		size -= 8;
	}
	len = size;
	copy = malloc(len ? len : 1);
	if (!copy)
		return 0;
	if (len)
		memcpy(copy, data, len);
	switch (which) {
	case 0:
		check_u64(copy, len, 16);
		break;
	case 1:
		check_u64(copy, len, 10);
		break;
	case 2:
		check_vmcoreinfo(copy, len);
		break;
	case 3:
		check_cpulist(copy, len);
		break;
	default:
		check_kcore((const uint8_t *)copy, len, kphys);
		break;
	}
	free(copy);
	return 0;
}
