// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parsers of a crash load's inputs (kexec/crashinfo.c): the sysfs
 * numbers exactly as the kernel prints them, bad input, and /proc/kcore
 * headers built here the way fs/proc/kcore.c writes them.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "crashinfo.h"
#include "harness.h"

static int u64(const char *s, unsigned base, uint64_t *v)
{
	return crashinfo_parse_u64(s, strlen(s), base, v);
}

TEST(numbers_as_sysfs_prints_them)
{
	uint64_t v = 0;

	/* drivers/base/cpu.c: crash_notes "%llx\n", crash_notes_size "%zu\n". */
	CHECK_INT(u64("13fc16000\n", 16, &v), 0);
	CHECK_U64(v, 0x13fc16000);
	CHECK_INT(u64("0x13fc16000", 16, &v), 0);
	CHECK_U64(v, 0x13fc16000);
	CHECK_INT(u64("424\n", 10, &v), 0);
	CHECK_U64(v, 424);
	CHECK_INT(u64("402653184\n", 10, &v), 0);
	CHECK_U64(v, 402653184);
	CHECK_INT(u64("0\n", 10, &v), 0);
	CHECK_U64(v, 0);
	CHECK_INT(u64("ffffffffffffffff", 16, &v), 0);
	CHECK_U64(v, UINT64_MAX);
	CHECK_INT(u64("18446744073709551615\n", 10, &v), 0);
	CHECK_U64(v, UINT64_MAX);
}

TEST(bad_numbers_are_refused_and_v_untouched)
{
	static const char *const bad16[] = {
		"", "\n", "0x", "0x\n", "12 \n", " 12\n", "12\n\n", "12g\n", "-1\n", "+1",
		"12\n3",
	};
	static const char *const bad10[] = { "", "0x10\n", "1a\n", "1.5\n", "\n" };
	uint64_t v = 7;

	for (size_t i = 0; i < sizeof(bad16) / sizeof(bad16[0]); i++)
		CHECK_INT(u64(bad16[i], 16, &v), -EINVAL);
	CHECK_INT(crashinfo_parse_u64("1\0" "2", 3, 16, &v), -EINVAL);
	for (size_t i = 0; i < sizeof(bad10) / sizeof(bad10[0]); i++)
		CHECK_INT(u64(bad10[i], 10, &v), -EINVAL);
	CHECK_INT(u64("10000000000000000\n", 16, &v), -ERANGE);
	CHECK_INT(u64("18446744073709551616\n", 10, &v), -ERANGE);
	CHECK_INT(u64("12", 8, &v), -EINVAL);
	CHECK_U64(v, 7);
}

TEST(vmcoreinfo_in_both_kernel_spellings)
{
	uint64_t a = 0, s = 0;
	struct diag d;
	const char *t;

	/* kernel/ksysfs.c since 4.12: "%pa %x\n". */
	t = "0x0000000002d2e000 1000\n";
	CHECK_INT(crashinfo_parse_vmcoreinfo(t, strlen(t), &a, &s, &d), 0);
	CHECK_U64(a, 0x2d2e000);
	CHECK_U64(s, 0x1000);
	/* Before: "%lx %x\n". */
	t = "13ffd5000 1024";
	CHECK_INT(crashinfo_parse_vmcoreinfo(t, strlen(t), &a, &s, &d), 0);
	CHECK_U64(a, 0x13ffd5000);
	CHECK_U64(s, 0x1024);
}

TEST(vmcoreinfo_bad_input)
{
	static const struct {
		const char *text;
		int ret;
		const char *field;
	} bad[] = {
		{ "", -EINVAL, "address" },
		{ "\n", -EINVAL, "address" },
		{ "0x2d2e000\n", -EINVAL, "address" },
		{ "0x2d2e000  1000\n", -EINVAL, "size" },
		{ "0x2d2e000\t1000\n", -EINVAL, "address" },
		{ "0x2d2e000 \n", -EINVAL, "size" },
		{ "0x2d2e000 1000 \n", -EINVAL, "size" },
		{ "0x2d2e000 1000\nx", -EINVAL, "size" },
		{ "0x2d2e000 0\n", -EINVAL, "size" },
		{ "0x2d2e000 100001\n", -E2BIG, "size" },
		{ "fffffffffffff800 1000\n", -EINVAL, "address" },
		{ "10000000000000000 1000\n", -EINVAL, "address" },
		{ "zz 1000\n", -EINVAL, "address" },
	};
	uint64_t a = 1, s = 2;
	struct diag d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&d, 0, sizeof(d));
		CHECK_INT(crashinfo_parse_vmcoreinfo(bad[i].text, strlen(bad[i].text), &a, &s, &d),
			  bad[i].ret);
		CHECK_STR(d.field, bad[i].field);
		CHECK(d.msg[0]);
	}
	CHECK_U64(a, 1);
	CHECK_U64(s, 2);
}

struct cpus {
	uint32_t v[64];
	size_t n;
	size_t stop_at;
};

static int add_cpu(void *ctx, uint32_t cpu)
{
	struct cpus *c = ctx;

	if (c->n == c->stop_at)
		return -EINTR;
	if (c->n < 64)
		c->v[c->n] = cpu;
	c->n++;
	return 0;
}

static int cpulist(const char *s, struct cpus *c)
{
	memset(c, 0, sizeof(*c));
	c->stop_at = SIZE_MAX;
	return crashinfo_parse_cpulist(s, strlen(s), add_cpu, c);
}

TEST(cpulists)
{
	struct cpus c;

	CHECK_INT(cpulist("0-3\n", &c), 0);
	CHECK_INT(c.n, 4);
	CHECK_INT(c.v[3], 3);
	CHECK_INT(cpulist("0\n", &c), 0);
	CHECK_INT(c.n, 1);
	CHECK_INT(cpulist("0-1,4,6-7", &c), 0);
	CHECK_INT(c.n, 5);
	CHECK_INT(c.v[2], 4);
	CHECK_INT(c.v[4], 7);
	CHECK_INT(cpulist("\n", &c), 0);
	CHECK_INT(c.n, 0);
	CHECK_INT(cpulist("", &c), 0);
	CHECK_INT(c.n, 0);
	CHECK_INT(cpulist("65535\n", &c), 0);
	CHECK_INT(c.v[0], 65535);
}

TEST(cpulist_bad_input)
{
	static const char *const bad[] = {
		"a", "0-", "-1", "3-1", "0,,1", "0,", ",0", "0 1", "0-3\n\n", "0x1", " 0",
	};
	struct cpus c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = cpulist(bad[i], &c);

		if (ret != -EINVAL)
			harness_fail(__FILE__, __LINE__, "\"%s\" gave %d", bad[i], ret);
	}
	CHECK_INT(cpulist("65536\n", &c), -E2BIG);
	CHECK_INT(cpulist("0-65536\n", &c), -E2BIG);
	CHECK_INT(c.n, 0);
	CHECK_INT(cpulist("99999999999999999999\n", &c), -E2BIG);
	/* The callback stops the walk. */
	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	CHECK_INT(crashinfo_parse_cpulist("0-7", 3, add_cpu, &c), -EINTR);
	CHECK_INT(c.n, 2);
}

/* --- /proc/kcore -------------------------------------------------------- */

struct kload {
	uint64_t vaddr, paddr, size;
};

/* A kcore header as fs/proc/kcore.c, read_kcore(), writes it: a PT_NOTE,
 * then one PT_LOAD per kclist entry, p_paddr -1 where there is none. */
static uint8_t *mkkcore(uint16_t machine, const struct kload *l, size_t n, size_t *len)
{
	size_t size = sizeof(Elf64_Ehdr) + (n + 1) * sizeof(Elf64_Phdr);
	uint8_t *b = calloc(1, size);
	Elf64_Ehdr eh = {
		.e_type = ET_CORE, .e_machine = machine, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (uint16_t)(n + 1),
	};
	Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = size, .p_filesz = 0x1000 };

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(b, &eh, sizeof(eh));
	memcpy(b + sizeof(eh), &note, sizeof(note));
	for (size_t i = 0; i < n; i++) {
		Elf64_Phdr p = {
			.p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = 0x2000 + i,
			.p_vaddr = l[i].vaddr, .p_paddr = l[i].paddr, .p_filesz = l[i].size,
			.p_memsz = l[i].size, .p_align = 4096,
		};

		memcpy(b + sizeof(eh) + (i + 1) * sizeof(p), &p, sizeof(p));
	}
	*len = size;
	return b;
}

/* x86_64, KASLR on: the text first, vmalloc and modules with no physical
 * address, then RAM in the randomized direct map, then vmemmap. */
static const struct kload x86_kcore[] = {
	{ 0xffffffffaa000000ull, 0x35600000, 0x3400000 },
	{ 0xffffb5a9c0000000ull, UINT64_MAX, 0x1fffffffffff },
	{ 0xffffffffc0000000ull, UINT64_MAX, 0x3f000000 },
	{ 0xffff9e0bc0001000ull, 0x1000, 0x9e000 },
	{ 0xffff9e0bc0100000ull, 0x100000, 0x7fee0000 },
	{ 0xffff9e0cc0000000ull, 0x100000000, 0x80000000 },
	{ 0xffffe3a600000000ull, UINT64_MAX, 0x6000000 },
};

TEST(kcore_gives_the_linear_map_and_the_text)
{
	struct crashinfo_kcore k;
	struct diag d;
	size_t len, need = 0;
	uint8_t *b = mkkcore(EM_X86_64, x86_kcore, 7, &len);

	CHECK_INT(crashinfo_parse_kcore(b, len, 0x35600000, &k, &need, &d), 0);
	CHECK_INT(k.machine, EM_X86_64);
	CHECK(k.have_linear);
	CHECK_U64(k.linear_offset, 0xffff9e0bc0000000ull);
	CHECK(k.have_text);
	CHECK_U64(k.text_vaddr, 0xffffffffaa000000ull);
	CHECK_U64(k.text_paddr, 0x35600000);
	CHECK_U64(k.text_size, 0x3400000);
	/* Without "Kernel code" there is no text segment. */
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), 0);
	CHECK(k.have_linear);
	CHECK(!k.have_text);
	free(b);
}

TEST(kcore_arm64_text_holds_stext)
{
	/* arm64: the image at 0x40200000 in the kimage area; iomem's "Kernel
	 * code" starts at _stext, 64 KiB in.  The linear map wraps. */
	static const struct kload l[] = {
		{ 0xffffd3c6a2200000ull, 0x40200000, 0x2010000 },
		{ 0xffff000000000000ull, 0x40000000, 0x80000000 },
		{ 0xffff0000c0000000ull, 0x100000000, 0x8000000 },
	};
	struct crashinfo_kcore k;
	struct diag d;
	size_t len, need;
	uint8_t *b = mkkcore(EM_AARCH64, l, 3, &len);

	CHECK_INT(crashinfo_parse_kcore(b, len, 0x40210000, &k, &need, &d), 0);
	CHECK_INT(k.machine, EM_AARCH64);
	CHECK_U64(k.linear_offset, 0xffff000000000000ull - 0x40000000);
	CHECK(k.have_text);
	CHECK_U64(k.text_vaddr, 0xffffd3c6a2200000ull);
	CHECK_U64(k.text_paddr, 0x40200000);
	/* "Kernel code" outside every other segment: no text. */
	CHECK_INT(crashinfo_parse_kcore(b, len, 0x90000000, &k, &need, &d), 0);
	CHECK(!k.have_text);
	free(b);
}

TEST(kcore_short_read_asks_for_more)
{
	struct crashinfo_kcore k;
	struct diag d;
	size_t len, need = 0;
	uint8_t *b = mkkcore(EM_X86_64, x86_kcore, 7, &len);

	CHECK_INT(crashinfo_parse_kcore(b, len - 1, 0, &k, &need, &d), -EMSGSIZE);
	CHECK_U64(need, len);
	CHECK_INT(crashinfo_parse_kcore(b, sizeof(Elf64_Ehdr), 0, &k, &need, &d), -EMSGSIZE);
	CHECK_U64(need, len);
	free(b);
}

TEST(kcore_pn_xnum_reads_section_zero)
{
	struct crashinfo_kcore k;
	struct diag d;
	size_t len, need = 0;
	uint8_t *b = mkkcore(EM_X86_64, x86_kcore, 7, &len), *c;
	Elf64_Shdr sh = { .sh_type = SHT_NULL, .sh_info = 8 };
	uint16_t xnum = PN_XNUM;
	uint64_t shoff = len;

	c = calloc(1, len + sizeof(sh));
	memcpy(c, b, len);
	memcpy(c + offsetof(Elf64_Ehdr, e_phnum), &xnum, 2);
	memcpy(c + offsetof(Elf64_Ehdr, e_shoff), &shoff, 8);
	memcpy(c + len, &sh, sizeof(sh));
	CHECK_INT(crashinfo_parse_kcore(c, len, 0, &k, &need, &d), -EMSGSIZE);
	CHECK_U64(need, len + sizeof(sh));
	CHECK_INT(crashinfo_parse_kcore(c, len + sizeof(sh), 0x35600000, &k, &need, &d), 0);
	CHECK(k.have_text);
	shoff = 0;
	memcpy(c + offsetof(Elf64_Ehdr, e_shoff), &shoff, 8);
	CHECK_INT(crashinfo_parse_kcore(c, len + sizeof(sh), 0, &k, &need, &d), -EINVAL);
	free(b);
	free(c);
}

TEST(kcore_bad_input)
{
	struct crashinfo_kcore k = { .machine = 77 };
	struct diag d;
	size_t len, need;
	uint8_t *b = mkkcore(EM_X86_64, x86_kcore, 7, &len);
	struct kload many[CRASHINFO_KCORE_MAX_OFFSETS + 1];
	uint8_t *m;

	CHECK_INT(crashinfo_parse_kcore(b, 10, 0, &k, &need, &d), -EINVAL);
	b[EI_CLASS] = ELFCLASS32;
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -EINVAL);
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2MSB;
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -EINVAL);
	b[EI_DATA] = ELFDATA2LSB;
	b[offsetof(Elf64_Ehdr, e_type)] = ET_EXEC;
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -EINVAL);
	b[offsetof(Elf64_Ehdr, e_type)] = ET_CORE;
	b[offsetof(Elf64_Ehdr, e_phentsize)] = 32;
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -EINVAL);
	b[offsetof(Elf64_Ehdr, e_phentsize)] = sizeof(Elf64_Phdr);
	b[0] = 0;
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -EINVAL);
	CHECK_STR(d.msg, "not an ELF file");
	/* Program headers far past any real kcore. */
	b[0] = ELFMAG0;
	memset(b + offsetof(Elf64_Ehdr, e_phoff), 0xff, 8);
	CHECK_INT(crashinfo_parse_kcore(b, len, 0, &k, &need, &d), -E2BIG);
	CHECK_INT(k.machine, 77);
	free(b);

	for (size_t i = 0; i < CRASHINFO_KCORE_MAX_OFFSETS + 1; i++)
		many[i] = (struct kload){ 0xffff000000000000ull + i * 0x1000000000ull, i << 30,
					  0x1000 };
	m = mkkcore(EM_X86_64, many, CRASHINFO_KCORE_MAX_OFFSETS + 1, &len);
	CHECK_INT(crashinfo_parse_kcore(m, len, 0, &k, &need, &d), -EINVAL);
	free(m);
	m = mkkcore(EM_X86_64, many, CRASHINFO_KCORE_MAX_OFFSETS, &len);
	CHECK_INT(crashinfo_parse_kcore(m, len, 0, &k, &need, &d), 0);
	free(m);
}

TEST(kcore_with_no_physical_addresses_has_no_linear_map)
{
	static const struct kload l[] = { { 0xffffb5a9c0000000ull, UINT64_MAX, 0x1000 } };
	struct crashinfo_kcore k;
	struct diag d;
	size_t len, need;
	uint8_t *b = mkkcore(EM_X86_64, l, 1, &len);

	CHECK_INT(crashinfo_parse_kcore(b, len, 0x1000000, &k, &need, &d), 0);
	CHECK(!k.have_linear);
	CHECK(!k.have_text);
	free(b);
}
