/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ELFCORE_H
#define KEXEC_ELFCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "range.h"

/*
 * The ELF core header a capture kernel turns into /proc/vmcore, built the
 * way the kernel's own kdump path builds it (kernel/crash_core.c,
 * crash_prepare_elf64_headers()) and read the way fs/proc/vmcore.c reads it
 * (parse_crash_elf64_headers()):
 *
 *   Elf64_Ehdr, ET_CORE, e_phoff = 64
 *   one PT_NOTE per CPU: p_offset = p_paddr = the CPU's crash_notes
 *   one PT_NOTE for VMCOREINFO
 *   the kernel image's PT_LOAD, when known: p_vaddr = _text
 *   one PT_LOAD per dump range: p_offset = p_paddr = its start,
 *       p_vaddr = its linear-map address (or 0 when unknown)
 *   past 65,534 program headers: one section header (gABI, "Extended
 *       Program Header Numbering": e_phnum = PN_XNUM, the count in
 *       section 0's sh_info)
 *
 * The notes come first because vmcore.c merges them by overwriting the
 * first program headers (merge_note_headers_elf64()).  Every p_offset is a
 * physical address: the capture kernel rewrites them to file offsets.
 * Like libfdt, the builder sizes first, then fills a buffer the caller owns;
 * it allocates nothing.  All fields are written little-endian
 * (ELFDATA2LSB), whatever the host.
 */

/* A capture kernel reads the header into one allocation of at most
 * MAX_PAGE_ORDER pages (fs/proc/vmcore.c, __get_free_pages): 4 MiB with
 * 4 KiB pages.  More program headers than this would not be read. */
#define ELFCORE_MAX_PHDRS ((4u << 20) / 56u - 2u)

struct elfcore_note {
	uint64_t addr;		/* physical address of the note buffer */
	uint64_t size;		/* its size in bytes */
};

struct elfcore_in {
	uint16_t machine;		/* EM_X86_64 or EM_AARCH64 */
	const struct elfcore_note *cpu_notes;	/* one per possible CPU */
	size_t ncpu_notes;
	struct elfcore_note vmcoreinfo;	/* sys/kernel/vmcoreinfo */
	bool have_text;			/* the kernel image's PT_LOAD */
	uint64_t text_vaddr, text_paddr, text_size;
	bool have_linear;		/* p_vaddr = p_paddr + linear_offset, mod 2^64 */
	uint64_t linear_offset;
	const struct range_list *dump;	/* a normal list: one PT_LOAD each */
};

/**
 * elfcore_phnum - how many program headers the header will have
 * @in: what it describes
 */
uint64_t elfcore_phnum(const struct elfcore_in *in);

/**
 * elfcore_size - the bytes elfcore_fill() will write
 * @in: what the header describes
 * @size: set on success
 *
 * Returns 0, or:
 * -EINVAL a machine other than EM_X86_64 or EM_AARCH64, a note of size 0
 *         or wrapping past 2^64, no VMCOREINFO note, a dump list that is
 *         not normal, or an empty text segment;
 * -E2BIG  more program headers than ELFCORE_MAX_PHDRS.
 */
int elfcore_size(const struct elfcore_in *in, size_t *size);

/**
 * elfcore_fill - write the header
 * @in: what the header describes
 * @buf: where to write it
 * @len: the room at @buf; at least elfcore_size()
 *
 * Writes exactly elfcore_size() bytes; the rest of @buf is left alone.
 * Returns 0, -ENOSPC when @len is too small, or elfcore_size()'s errors;
 * nothing is written on failure.
 */
int elfcore_fill(const struct elfcore_in *in, void *buf, size_t len);

#endif
