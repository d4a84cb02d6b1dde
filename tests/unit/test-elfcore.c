// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF core header builder (kexec/elfcore.c), read back through
 * <elf.h>'s structs and checked field by field against the ELF gABI and
 * what fs/proc/vmcore.c expects.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "elfcore.h"
#include "harness.h"

/* A Debian x86_64 guest: __PAGE_OFFSET with 4-level paging, KASLR off. */
#define X86_LINEAR 0xffff888000000000ull
/* arm64, 48-bit VA: PAGE_OFFSET 0xffff000000000000, PHYS_OFFSET 1 GiB. */
#define ARM64_LINEAR (0xffff000000000000ull - 0x40000000ull)

static const struct elfcore_note cpus[4] = {
	{ 0x13fc16000, 0x1a8 }, { 0x13fc56000, 0x1a8 },
	{ 0x13fc96000, 0x1a8 }, { 0x13fcd6000, 0x1a8 },
};

struct hdr {
	uint8_t *buf;
	size_t size;
	Elf64_Ehdr eh;
};

static Elf64_Phdr phdr(const struct hdr *h, size_t i)
{
	Elf64_Phdr p;

	memcpy(&p, h->buf + h->eh.e_phoff + i * sizeof(p), sizeof(p));
	return p;
}

/* Build into an exactly sized buffer; the caller frees h->buf. */
static int build(const struct elfcore_in *in, struct hdr *h)
{
	int ret;

	memset(h, 0, sizeof(*h));
	ret = elfcore_size(in, &h->size);
	if (ret)
		return ret;
	h->buf = malloc(h->size);
	if (!h->buf)
		return -ENOMEM;
	ret = elfcore_fill(in, h->buf, h->size);
	if (!ret)
		memcpy(&h->eh, h->buf, sizeof(h->eh));
	return ret;
}

static void dump_list(struct range_list *l, size_t n, uint64_t base, uint64_t stride,
		      uint64_t len)
{
	for (size_t i = 0; i < n; i++)
		CHECK_INT(range_list_add(l, base + i * stride, base + i * stride + len, 0, 0), 0);
}

static void check_ehdr(const struct hdr *h, uint16_t machine, uint16_t phnum)
{
	CHECK(!memcmp(h->eh.e_ident, ELFMAG, SELFMAG));
	CHECK_INT(h->eh.e_ident[EI_CLASS], ELFCLASS64);
	CHECK_INT(h->eh.e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_INT(h->eh.e_ident[EI_VERSION], EV_CURRENT);
	CHECK_INT(h->eh.e_ident[EI_OSABI], ELFOSABI_NONE);
	for (int i = EI_ABIVERSION; i < EI_NIDENT; i++)
		CHECK_INT(h->eh.e_ident[i], 0);
	CHECK_INT(h->eh.e_type, ET_CORE);
	CHECK_INT(h->eh.e_machine, machine);
	CHECK_INT(h->eh.e_version, EV_CURRENT);
	CHECK_U64(h->eh.e_entry, 0);
	CHECK_U64(h->eh.e_phoff, sizeof(Elf64_Ehdr));
	CHECK_INT(h->eh.e_flags, 0);
	CHECK_INT(h->eh.e_ehsize, sizeof(Elf64_Ehdr));
	CHECK_INT(h->eh.e_phentsize, sizeof(Elf64_Phdr));
	CHECK_INT(h->eh.e_phnum, phnum);
}

static void check_note(const struct hdr *h, size_t i, const struct elfcore_note *n)
{
	Elf64_Phdr p = phdr(h, i);

	CHECK_INT(p.p_type, PT_NOTE);
	CHECK_INT(p.p_flags, 0);
	CHECK_U64(p.p_offset, n->addr);
	CHECK_U64(p.p_vaddr, 0);
	CHECK_U64(p.p_paddr, n->addr);
	CHECK_U64(p.p_filesz, n->size);
	CHECK_U64(p.p_memsz, n->size);
	CHECK_U64(p.p_align, 0);
}

static void check_load(const struct hdr *h, size_t i, uint64_t paddr, uint64_t vaddr,
		       uint64_t size)
{
	Elf64_Phdr p = phdr(h, i);

	CHECK_INT(p.p_type, PT_LOAD);
	CHECK_INT(p.p_flags, PF_R | PF_W | PF_X);
	CHECK_U64(p.p_offset, paddr);
	CHECK_U64(p.p_vaddr, vaddr);
	CHECK_U64(p.p_paddr, paddr);
	CHECK_U64(p.p_filesz, size);
	CHECK_U64(p.p_memsz, size);
	CHECK_U64(p.p_align, 0);
}

TEST(x86_header_notes_text_and_loads)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 4,
		.vmcoreinfo = { 0x2d2e000, 0x1000 },
		.have_text = true, .text_vaddr = 0xffffffff81000000ull,
		.text_paddr = 0x35600000, .text_size = 0x3400000,
		.have_linear = true, .linear_offset = X86_LINEAR, .dump = &dump,
	};
	struct hdr h;

	range_list_add(&dump, 0x100000, 0x5f000000, 0, 0);
	range_list_add(&dump, 0x77000000, 0x7ffe0000, 0, 0);
	range_list_add(&dump, 0x100000000, 0x1c0000000, 0, 0);
	CHECK_U64(elfcore_phnum(&in), 4 + 1 + 1 + 3);
	CHECK_INT(build(&in, &h), 0);
	CHECK_U64(h.size, 64 + 9 * 56);
	check_ehdr(&h, EM_X86_64, 9);
	CHECK_U64(h.eh.e_shoff, 0);
	CHECK_INT(h.eh.e_shentsize, 0);
	CHECK_INT(h.eh.e_shnum, 0);
	CHECK_INT(h.eh.e_shstrndx, 0);
	for (size_t i = 0; i < 4; i++)
		check_note(&h, i, &cpus[i]);
	check_note(&h, 4, &in.vmcoreinfo);
	check_load(&h, 5, 0x35600000, 0xffffffff81000000ull, 0x3400000);
	check_load(&h, 6, 0x100000, X86_LINEAR + 0x100000, 0x5ef00000);
	check_load(&h, 7, 0x77000000, X86_LINEAR + 0x77000000, 0x8fe0000);
	check_load(&h, 8, 0x100000000, X86_LINEAR + 0x100000000, 0xc0000000);
	free(h.buf);
	range_list_free(&dump);
}

TEST(arm64_linear_addresses_wrap_past_zero)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_AARCH64, .cpu_notes = cpus, .ncpu_notes = 1,
		.vmcoreinfo = { 0x4220e000, 0x1000 },
		.have_linear = true, .linear_offset = ARM64_LINEAR, .dump = &dump,
	};
	struct hdr h;

	range_list_add(&dump, 0x40000000, 0xa0000000, 0, 0);
	range_list_add(&dump, 0x100000000, 0x108000000, 0, 0);
	CHECK_INT(build(&in, &h), 0);
	check_ehdr(&h, EM_AARCH64, 4);
	check_note(&h, 0, &cpus[0]);
	check_note(&h, 1, &in.vmcoreinfo);
	check_load(&h, 2, 0x40000000, 0xffff000000000000ull, 0x60000000);
	check_load(&h, 3, 0x100000000, 0xffff0000c0000000ull, 0x8000000);
	free(h.buf);
	range_list_free(&dump);
}

TEST(unknown_linear_map_gives_vaddr_zero)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .vmcoreinfo = { 0x2d2e000, 0x1000 }, .dump = &dump,
	};
	struct hdr h;

	range_list_add(&dump, 0x100000, 0x200000, 0, 0);
	CHECK_INT(build(&in, &h), 0);
	check_ehdr(&h, EM_X86_64, 2);
	check_note(&h, 0, &in.vmcoreinfo);
	check_load(&h, 1, 0x100000, 0, 0x100000);
	free(h.buf);
	range_list_free(&dump);
}

TEST(fill_writes_exactly_the_size)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 2,
		.vmcoreinfo = { 0x2d2e000, 0x1000 }, .dump = &dump,
	};
	uint8_t buf[1024];
	size_t size = 0;

	range_list_add(&dump, 0x100000, 0x200000, 0, 0);
	CHECK_INT(elfcore_size(&in, &size), 0);
	CHECK_U64(size, 64 + 4 * 56);
	memset(buf, 0xa5, sizeof(buf));
	CHECK_INT(elfcore_fill(&in, buf, size - 1), -ENOSPC);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 0xa5) {
			harness_fail(__FILE__, __LINE__, "byte %zu written by a failed fill", i);
			break;
		}
	CHECK_INT(elfcore_fill(&in, buf, sizeof(buf)), 0);
	for (size_t i = size; i < sizeof(buf); i++)
		if (buf[i] != 0xa5) {
			harness_fail(__FILE__, __LINE__, "byte %zu past the header written", i);
			break;
		}
	range_list_free(&dump);
}

TEST(fields_are_little_endian_bytes)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_AARCH64, .vmcoreinfo = { 0x0102030405060708ull, 0x1000 },
		.dump = &dump,
	};
	struct hdr h;

	range_list_add(&dump, 0x100000, 0x200000, 0, 0);
	CHECK_INT(build(&in, &h), 0);
	CHECK_INT(h.buf[18], EM_AARCH64 & 0xff);	/* e_machine */
	CHECK_INT(h.buf[19], EM_AARCH64 >> 8);
	CHECK_INT(h.buf[56], 2);			/* e_phnum */
	CHECK_INT(h.buf[57], 0);
	/* The note's p_offset: byte 8 of the first program header. */
	for (int i = 0; i < 8; i++)
		CHECK_INT(h.buf[64 + 8 + i], 8 - i);
	free(h.buf);
	range_list_free(&dump);
}

TEST(bad_inputs_are_refused)
{
	struct range_list dump = RANGE_LIST_INIT(0), bad = RANGE_LIST_INIT(0);
	struct elfcore_note zero = { 0x1000, 0 }, wrap = { UINT64_MAX - 0xfff, 0x1001 };
	struct elfcore_in ok = {
		.machine = EM_X86_64, .vmcoreinfo = { 0x2d2e000, 0x1000 }, .dump = &dump,
	}, in;
	size_t size;

	range_list_add(&dump, 0x100000, 0x200000, 0, 0);
	CHECK_INT(elfcore_size(&ok, &size), 0);

	in = ok;
	in.machine = EM_386;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	in = ok;
	in.vmcoreinfo.size = 0;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	in = ok;
	in.vmcoreinfo = wrap;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	in = ok;
	in.cpu_notes = &zero;
	in.ncpu_notes = 1;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	in = ok;
	in.ncpu_notes = 1;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	in = ok;
	in.have_text = true;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);

	/* Not normal: out of order, then overlapping. */
	bad.v = (struct range[2]){ { .start = 0x200000, .end = 0x300000 },
				   { .start = 0x100000, .end = 0x180000 } };
	bad.n = 2;
	in = ok;
	in.dump = &bad;
	CHECK_INT(elfcore_size(&in, &size), -EINVAL);
	bad.v = (struct range[2]){ { .start = 0x100000, .end = 0x300000 },
				   { .start = 0x200000, .end = 0x400000 } };
	CHECK_INT(elfcore_fill(&in, &size, sizeof(size)), -EINVAL);
	range_list_free(&dump);
}

TEST(more_headers_than_a_capture_kernel_reads_is_e2big)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .vmcoreinfo = { 0x2d2e000, 0x1000 }, .dump = &dump,
	};
	size_t size;

	dump_list(&dump, ELFCORE_MAX_PHDRS - 1, 0x100000000ull, 0x200000, 0x100000);
	CHECK_INT(elfcore_size(&in, &size), 0);
	CHECK(size <= 4u << 20);
	CHECK_INT(range_list_add(&dump, 0x1000000000000ull, 0x1000000100000ull, 0, 0), 0);
	CHECK_INT(elfcore_size(&in, &size), -E2BIG);
	range_list_free(&dump);
}

/* The boundary: 65,534 headers fit e_phnum, 65,535 need PN_XNUM. */
TEST(pn_xnum_starts_at_65535_headers)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .vmcoreinfo = { 0x2d2e000, 0x1000 }, .dump = &dump,
	};
	struct hdr h;

	dump_list(&dump, 65533, 0x100000000ull, 0x200000, 0x100000);
	CHECK_INT(build(&in, &h), 0);
	CHECK_INT(h.eh.e_phnum, 65534);
	CHECK_U64(h.eh.e_shoff, 0);
	CHECK_U64(h.size, 64 + 65534ull * 56);
	free(h.buf);
	dump_list(&dump, 1, 0x800000000000ull, 0, 0x1000);
	CHECK_INT(build(&in, &h), 0);
	CHECK_INT(h.eh.e_phnum, PN_XNUM);
	CHECK_U64(h.size, 64 + 65535ull * 56 + 64);
	free(h.buf);
	range_list_free(&dump);
}

TEST(pn_xnum_with_70000_ranges)
{
	struct range_list dump = RANGE_LIST_INIT(0);
	struct elfcore_in in = {
		.machine = EM_X86_64, .cpu_notes = cpus, .ncpu_notes = 4,
		.vmcoreinfo = { 0x2d2e000, 0x1000 },
		.have_text = true, .text_vaddr = 0xffffffff81000000ull,
		.text_paddr = 0x1000000, .text_size = 0x2000000,
		.have_linear = true, .linear_offset = X86_LINEAR, .dump = &dump,
	};
	uint64_t total = 4 + 1 + 1 + 70000;
	Elf64_Shdr sh;
	struct hdr h;
	size_t bad = 0;

	/* virtio-mem style: 70,000 plugged 2 MiB blocks, 4 MiB apart. */
	dump_list(&dump, 70000, 0x100000000ull, 0x400000, 0x200000);
	CHECK_INT(build(&in, &h), 0);
	check_ehdr(&h, EM_X86_64, PN_XNUM);
	CHECK_U64(h.size, 64 + total * 56 + 64);
	CHECK_U64(h.eh.e_shoff, 64 + total * 56);
	CHECK_INT(h.eh.e_shentsize, sizeof(Elf64_Shdr));
	CHECK_INT(h.eh.e_shnum, 1);
	CHECK_INT(h.eh.e_shstrndx, SHN_UNDEF);
	memcpy(&sh, h.buf + h.eh.e_shoff, sizeof(sh));
	CHECK_INT(sh.sh_name, 0);
	CHECK_INT(sh.sh_type, SHT_NULL);
	CHECK_U64(sh.sh_flags, 0);
	CHECK_U64(sh.sh_addr, 0);
	CHECK_U64(sh.sh_offset, 0);
	CHECK_U64(sh.sh_size, 0);
	CHECK_INT(sh.sh_link, 0);
	CHECK_U64(sh.sh_info, total);
	CHECK_U64(sh.sh_addralign, 0);
	CHECK_U64(sh.sh_entsize, 0);
	for (size_t i = 0; i < 4; i++)
		check_note(&h, i, &cpus[i]);
	check_note(&h, 4, &in.vmcoreinfo);
	check_load(&h, 5, 0x1000000, 0xffffffff81000000ull, 0x2000000);
	for (size_t i = 0; i < 70000 && bad < 3; i++) {
		Elf64_Phdr p = phdr(&h, 6 + i);
		uint64_t s = 0x100000000ull + i * 0x400000;

		if (p.p_type != PT_LOAD || p.p_paddr != s || p.p_offset != s ||
		    p.p_vaddr != X86_LINEAR + s || p.p_filesz != 0x200000 || p.p_memsz != 0x200000 ||
		    p.p_flags != (PF_R | PF_W | PF_X)) {
			harness_fail(__FILE__, __LINE__, "PT_LOAD %zu is wrong", i);
			bad++;
		}
	}
	free(h.buf);
	range_list_free(&dump);
}
