/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PURGATORY_PARAMS_H
#define PURGATORY_PARAMS_H

/*
 * The one contract between the loader and purgatory, on every
 * architecture.  Purgatory is a flat, position-independent image; at
 * PURGATORY_HEADER_OFFSET it carries a struct purgatory_header that says
 * where its struct purgatory_params lives.  The loader fills that block in
 * its copy of the image and nothing else: no symbol is patched by name.
 *
 * Both sides include this file; it must stay freestanding (only
 * <stdint.h>) and its layout is checked below.  Any change of layout bumps
 * PURGATORY_VERSION.
 */
#include <stdint.h>

#define PURGATORY_MAGIC		0x504e474bu	/* "KGNP" read as little-endian bytes */
#define PURGATORY_VERSION	1u
#define PURGATORY_HEADER_OFFSET	0x10
#define PURGATORY_MAX_SEGMENTS	16

/* purgatory_params.flags */
#define PURGATORY_F_NO_CHECKS	(1u << 0)	/* kexec --no-checks: skip verification */

/* purgatory_params.serial_kind */
#define PURGATORY_SERIAL_NONE		0
#define PURGATORY_SERIAL_8250_PIO	1	/* x86 I/O port, e.g. 0x3f8 */
#define PURGATORY_SERIAL_PL011		2	/* MMIO base */
#define PURGATORY_SERIAL_8250_MMIO	3	/* MMIO base, 8-bit registers */

struct purgatory_header {
	uint32_t magic;			/* 0x00: PURGATORY_MAGIC */
	uint32_t version;		/* 0x04: PURGATORY_VERSION */
	uint32_t params_offset;		/* 0x08: offset of struct purgatory_params */
	uint32_t memsz;			/* 0x0c: bytes needed in memory, bss included */
};

struct purgatory_segment {
	uint64_t mem;			/* 0x00: physical address */
	uint64_t len;			/* 0x08: bytes checked from mem */
	uint64_t hash;			/* 0x10: ckhash64(mem, len, 0) */
};

struct purgatory_params {
	uint32_t magic;			/* 0x00: PURGATORY_MAGIC, set by the loader */
	uint32_t version;		/* 0x04: PURGATORY_VERSION */
	uint32_t flags;			/* 0x08: PURGATORY_F_* */
	uint32_t nr_segments;		/* 0x0c: entries of seg[] in use */
	uint64_t entry;			/* 0x10: where to jump: the kernel's entry */
	uint64_t arg0;			/* 0x18: x86_64: boot_params (rsi); arm64: DTB (x0) */
	uint64_t serial_base;		/* 0x20: port or MMIO base, see serial_kind */
	uint32_t serial_kind;		/* 0x28: PURGATORY_SERIAL_* */
	uint32_t reserved;		/* 0x2c: zero */
	struct purgatory_segment seg[PURGATORY_MAX_SEGMENTS];	/* 0x30 */
};

_Static_assert(sizeof(struct purgatory_header) == 16, "purgatory header layout");
_Static_assert(sizeof(struct purgatory_segment) == 24, "purgatory segment layout");
_Static_assert(__builtin_offsetof(struct purgatory_params, seg) == 0x30, "purgatory params layout");
_Static_assert(sizeof(struct purgatory_params) == 0x30 + 16 * 24, "purgatory params size");

#endif
