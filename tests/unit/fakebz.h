/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FAKEBZ_H
#define TESTS_FAKEBZ_H

/*
 * A synthetic bzImage for tests, laid out by Documentation/arch/x86/boot.rst:
 * four setup sectors after the boot sector, a 2.15 setup header, and a
 * protected-mode part of kernel_len bytes whose bytes are a counter.  It is
 * never booted, only parsed and placed.
 */
#include <stdint.h>
#include <string.h>

struct fakebz {
	uint16_t version;		/* 0x020f */
	uint16_t xloadflags;		/* 0x0003: 64-bit entry, above 4G */
	uint8_t relocatable;		/* 1 */
	uint32_t kernel_alignment;	/* 0x200000 */
	uint32_t init_size;		/* 0x3f98000 */
	uint64_t pref_address;		/* 0x1000000 */
	uint32_t cmdline_size;		/* 2047 */
	uint32_t initrd_addr_max;	/* 0x7fffffff */
	size_t kernel_len;		/* 0x10000 */
};

#define FAKEBZ_DEFAULTS { 0x020f, 0x0003, 1, 0x200000, 0x3f98000, 0x1000000, 2047, 0x7fffffff, 0x10000 }
#define FAKEBZ_SETUP_LEN (5 * 512)

static inline void fakebz_put(uint8_t *b, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* Writes FAKEBZ_SETUP_LEN + f->kernel_len bytes to @b. */
static inline size_t fakebz_build(uint8_t *b, const struct fakebz *f)
{
	size_t len = FAKEBZ_SETUP_LEN + f->kernel_len;

	memset(b, 0, FAKEBZ_SETUP_LEN);
	b[0x1f1] = 4;				/* setup_sects */
	fakebz_put(b, 0x1f4, f->kernel_len / 16, 4);	/* syssize */
	fakebz_put(b, 0x1fa, 0xffff, 2);	/* vid_mode: normal */
	fakebz_put(b, 0x1fe, 0xaa55, 2);	/* boot_flag */
	b[0x200] = 0xeb;			/* jmp short ... */
	b[0x201] = 0x6a;			/* ... to 0x26c: the end of a 2.15 header */
	fakebz_put(b, 0x202, 0x53726448, 4);	/* "HdrS" */
	fakebz_put(b, 0x206, f->version, 2);
	b[0x211] = 0x01;			/* loadflags: LOADED_HIGH */
	fakebz_put(b, 0x214, 0x100000, 4);	/* code32_start */
	fakebz_put(b, 0x22c, f->initrd_addr_max, 4);
	fakebz_put(b, 0x230, f->kernel_alignment, 4);
	b[0x234] = f->relocatable;
	fakebz_put(b, 0x236, f->xloadflags, 2);
	fakebz_put(b, 0x238, f->cmdline_size, 4);
	fakebz_put(b, 0x258, f->pref_address, 8);
	fakebz_put(b, 0x260, f->init_size, 4);
	for (size_t i = 0; i < f->kernel_len; i++)
		b[FAKEBZ_SETUP_LEN + i] = (uint8_t)(i * 7 + 3);
	return len;
}

#endif
