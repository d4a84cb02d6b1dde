// SPDX-License-Identifier: GPL-2.0-or-later
/* The ELF64 core header builder; see elfcore.h. */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "elfcore.h"

/* The ELF structs' sizes are the format's, not the host's choice. */
_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr is 64 bytes");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr is 56 bytes");
_Static_assert(sizeof(Elf64_Shdr) == 64, "Elf64_Shdr is 64 bytes");

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

#define PUT(base, type, field, v) \
	put((base) + offsetof(type, field), (v), sizeof(((type *)0)->field))

uint64_t elfcore_phnum(const struct elfcore_in *in)
{
	return (uint64_t)in->ncpu_notes + 1 + (in->have_text ? 1 : 0) +
	       (in->dump ? in->dump->n : 0);
}

static bool note_ok(const struct elfcore_note *n)
{
	return n->size && n->addr <= UINT64_MAX - n->size;
}

static int check(const struct elfcore_in *in, uint64_t *phnum)
{
	if (in->machine != EM_X86_64 && in->machine != EM_AARCH64)
		return -EINVAL;
	if (!note_ok(&in->vmcoreinfo) || (in->ncpu_notes && !in->cpu_notes))
		return -EINVAL;
	for (size_t i = 0; i < in->ncpu_notes; i++)
		if (!note_ok(&in->cpu_notes[i]))
			return -EINVAL;
	if (in->have_text && (!in->text_size || in->text_paddr > UINT64_MAX - in->text_size))
		return -EINVAL;
	for (size_t i = 0; in->dump && i < in->dump->n; i++) {
		const struct range *r = &in->dump->v[i];

		if (r->end <= r->start || (i && r->start < in->dump->v[i - 1].end))
			return -EINVAL;
	}
	*phnum = elfcore_phnum(in);
	return *phnum > ELFCORE_MAX_PHDRS ? -E2BIG : 0;
}

static size_t size_of(uint64_t phnum)
{
	return sizeof(Elf64_Ehdr) + (size_t)phnum * sizeof(Elf64_Phdr) +
	       (phnum >= PN_XNUM ? sizeof(Elf64_Shdr) : 0);
}

int elfcore_size(const struct elfcore_in *in, size_t *size)
{
	uint64_t phnum;
	int ret = check(in, &phnum);

	if (ret)
		return ret;
	*size = size_of(phnum);
	return 0;
}

static uint8_t *note(uint8_t *p, const struct elfcore_note *n)
{
	PUT(p, Elf64_Phdr, p_type, PT_NOTE);
	PUT(p, Elf64_Phdr, p_offset, n->addr);
	PUT(p, Elf64_Phdr, p_paddr, n->addr);
	PUT(p, Elf64_Phdr, p_filesz, n->size);
	PUT(p, Elf64_Phdr, p_memsz, n->size);
	return p + sizeof(Elf64_Phdr);
}

static uint8_t *load(uint8_t *p, uint64_t paddr, uint64_t vaddr, uint64_t size)
{
	PUT(p, Elf64_Phdr, p_type, PT_LOAD);
	PUT(p, Elf64_Phdr, p_flags, PF_R | PF_W | PF_X);
	PUT(p, Elf64_Phdr, p_offset, paddr);
	PUT(p, Elf64_Phdr, p_vaddr, vaddr);
	PUT(p, Elf64_Phdr, p_paddr, paddr);
	PUT(p, Elf64_Phdr, p_filesz, size);
	PUT(p, Elf64_Phdr, p_memsz, size);
	return p + sizeof(Elf64_Phdr);
}

int elfcore_fill(const struct elfcore_in *in, void *buf, size_t len)
{
	uint8_t *b = buf, *p;
	uint64_t phnum;
	size_t size;
	int ret = check(in, &phnum);

	if (ret)
		return ret;
	size = size_of(phnum);
	if (len < size)
		return -ENOSPC;
	memset(b, 0, size);

	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
	b[EI_OSABI] = ELFOSABI_NONE;
	PUT(b, Elf64_Ehdr, e_type, ET_CORE);
	PUT(b, Elf64_Ehdr, e_machine, in->machine);
	PUT(b, Elf64_Ehdr, e_version, EV_CURRENT);
	PUT(b, Elf64_Ehdr, e_phoff, sizeof(Elf64_Ehdr));
	PUT(b, Elf64_Ehdr, e_ehsize, sizeof(Elf64_Ehdr));
	PUT(b, Elf64_Ehdr, e_phentsize, sizeof(Elf64_Phdr));
	PUT(b, Elf64_Ehdr, e_phnum, phnum >= PN_XNUM ? PN_XNUM : phnum);
	if (phnum >= PN_XNUM) {
		/* gABI: e_shnum = 1 section, SHT_NULL, sh_info = the count. */
		uint8_t *sh = b + size - sizeof(Elf64_Shdr);

		PUT(b, Elf64_Ehdr, e_shoff, size - sizeof(Elf64_Shdr));
		PUT(b, Elf64_Ehdr, e_shentsize, sizeof(Elf64_Shdr));
		PUT(b, Elf64_Ehdr, e_shnum, 1);
		PUT(b, Elf64_Ehdr, e_shstrndx, SHN_UNDEF);
		PUT(sh, Elf64_Shdr, sh_type, SHT_NULL);
		PUT(sh, Elf64_Shdr, sh_info, phnum);
	}

	p = b + sizeof(Elf64_Ehdr);
	for (size_t i = 0; i < in->ncpu_notes; i++)
		p = note(p, &in->cpu_notes[i]);
	p = note(p, &in->vmcoreinfo);
	if (in->have_text)
		p = load(p, in->text_paddr, in->text_vaddr, in->text_size);
	for (size_t i = 0; in->dump && i < in->dump->n; i++) {
		const struct range *r = &in->dump->v[i];

		p = load(p, r->start, in->have_linear ? r->start + in->linear_offset : 0,
			 r->end - r->start);
	}
	return 0;
}
