/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_CRASHINFO_H
#define KEXEC_CRASHINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * The parsers of what a crash load reads from the running kernel, as pure
 * functions of the bytes the edge read.  The formats are the kernel's own:
 *
 *   sys/kernel/vmcoreinfo                       "%pa %x\n" (kernel/ksysfs.c,
 *                                               vmcoreinfo_show: "0x" and 16
 *                                               hex digits, then the note's
 *                                               size in hex; before 4.12
 *                                               "%lx %x\n", no "0x")
 *   sys/devices/system/cpu/cpuN/crash_notes     "%llx\n" (drivers/base/cpu.c)
 *   sys/devices/system/cpu/cpuN/crash_notes_size "%zu\n", decimal
 *   sys/kernel/kexec_crash_size                 "%zd\n", decimal
 *   sys/devices/system/cpu/possible             a cpulist, "0-3,8"
 *                                               (Documentation/ABI, cpu lists)
 *   proc/kcore                                  an ELF64 ET_CORE file whose
 *                                               PT_LOADs carry the running
 *                                               kernel's virtual addresses
 *                                               (fs/proc/kcore.c)
 *
 * Text parsers accept exactly what the kernel writes, plus one optional
 * final newline; they never read past @len and need no NUL.
 */

/* The largest VMCOREINFO note accepted: the kernel's is one page
 * (VMCOREINFO_NOTE_SIZE in include/linux/vmcore_info.h). */
#define CRASHINFO_NOTE_MAX (1u << 20)
/* The most CPUs a cpulist may name. */
#define CRASHINFO_MAX_CPUS (1u << 16)
/* The most distinct virtual-to-physical offsets kcore's PT_LOADs may use:
 * the linear map, the kernel text, and a few more in old kernels. */
#define CRASHINFO_KCORE_MAX_OFFSETS 8
/* The most bytes kcore's headers may take: 64 MiB, over a million PT_LOADs. */
#define CRASHINFO_KCORE_MAX_HEADERS ((size_t)64 << 20)

/**
 * crashinfo_parse_u64 - one number alone in a sysfs file
 * @buf: the text
 * @len: its length
 * @base: 16 (an optional "0x" is accepted) or 10
 * @v: set on success
 *
 * Returns 0, or -EINVAL (empty, a bad digit, anything but one final
 * newline after the number) or -ERANGE (past 2^64 - 1).
 */
int crashinfo_parse_u64(const char *buf, size_t len, unsigned base, uint64_t *v);

/**
 * crashinfo_parse_vmcoreinfo - "ADDR SIZE" of sys/kernel/vmcoreinfo
 * @buf: the text
 * @len: its length
 * @addr: set to the note's physical address
 * @size: set to its size in bytes
 * @err: on failure, what was wrong
 *
 * Both numbers are hex, the address with or without "0x", separated by
 * one space.  Returns 0, or -EINVAL (malformed, a zero size, or a note
 * that wraps past 2^64) or -E2BIG (a size above CRASHINFO_NOTE_MAX).
 */
int crashinfo_parse_vmcoreinfo(const char *buf, size_t len, uint64_t *addr, uint64_t *size,
			       struct diag *err);

/**
 * crashinfo_parse_cpulist - the CPUs of a cpulist such as "0-3,8\n"
 * @buf: the text
 * @len: its length
 * @fn: called once per CPU, in the list's order; a non-zero return stops
 *      the walk and is returned
 * @ctx: passed to @fn
 *
 * Ranges must be ascending ("3-1" is refused) and decimal.  An empty list
 * (just "\n") names no CPU.  Returns 0, @fn's return, -EINVAL (malformed)
 * or -E2BIG (a CPU number at or past CRASHINFO_MAX_CPUS).
 */
int crashinfo_parse_cpulist(const char *buf, size_t len,
			    int (*fn)(void *ctx, uint32_t cpu), void *ctx);

/* What /proc/kcore says about the running kernel's address space. */
struct crashinfo_kcore {
	uint16_t machine;		/* e_machine */
	bool have_linear;
	uint64_t linear_offset;		/* virtual - physical in the linear map, mod 2^64 */
	bool have_text;			/* the kernel image: kcore.c's KCORE_TEXT */
	uint64_t text_vaddr;		/* _text */
	uint64_t text_paddr;		/* __pa_symbol(_text) */
	uint64_t text_size;		/* _end - _text */
};

/**
 * crashinfo_parse_kcore - the address facts in /proc/kcore's headers
 * @buf: the start of /proc/kcore
 * @len: how many bytes of it were read
 * @kernel_phys: the physical start of /proc/iomem's "Kernel code", or 0
 *               when unknown (then no text segment is reported)
 * @out: filled on success
 * @need: on -EMSGSIZE, how many bytes from the start hold every header
 * @err: on failure, what was wrong
 *
 * kcore's PT_LOADs with a physical address (p_paddr not -1) are the linear
 * map (KCORE_RAM: p_vaddr = __va(p_paddr)) and the kernel image
 * (KCORE_TEXT: p_vaddr = _text, p_paddr = __pa_symbol(_text)).  The linear
 * map's offset is the one shared by the most bytes; the text segment is
 * the one with another offset that holds @kernel_phys.
 *
 * Returns 0, or:
 * -EMSGSIZE @buf stops before the last program header: read @need bytes;
 * -EINVAL   not a 64-bit little-endian ET_CORE file with 56-byte program
 *           headers, or more than CRASHINFO_KCORE_MAX_OFFSETS offsets;
 * -E2BIG    the headers would take more than CRASHINFO_KCORE_MAX_HEADERS.
 */
int crashinfo_parse_kcore(const void *buf, size_t len, uint64_t kernel_phys,
			  struct crashinfo_kcore *out, size_t *need, struct diag *err);

#endif
