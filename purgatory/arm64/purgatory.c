// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 purgatory, the C half: check the segments, report on the PL011 and
 * stop if one is damaged, otherwise start the new kernel.  entry.S has set
 * up a stack and exception vectors; see it for the machine state.
 *
 * The checks run with the caches on: with the MMU off every data access is
 * Device-nGnRnE, uncached, which makes hashing a 30 MiB Image take tens of
 * seconds on real boards.  So, when the CPU allows it, purgatory builds an
 * identity map of exactly its own image and the segments (idmap.c), turns
 * the MMU and caches on for the check, and before it goes on cleans and
 * invalidates those ranges to the PoC and turns them off again, leaving
 * the machine as booting.rst requires.  A failed check is then repeated
 * with the MMU off, to print the report on the UART, which is not mapped.
 *
 * Everything here must stay position-independent (the loader puts the
 * image anywhere): no initialised pointers in data.
 * tests/golden/purgatory-arm64.sh links the image at several addresses and
 * checks the bytes are the same.
 */
#include <stdbool.h>
#include <stdint.h>

#include "idmap.h"
#include "params.h"
#include "verify.h"

/*
 * The one block the loader fills in (see params.h).  It is zero here, so an
 * image that nobody filled in fails the magic check; it lives in .data, not
 * .bss, so that it is part of the file the loader patches.
 */
struct purgatory_params purgatory_params
	__attribute__((section(".data.purgatory_params"), aligned(16)));

/* The identity map's tables: the level-0 table, and room for every range
 * purgatory maps (its image and up to 16 segments need at most a few each;
 * a map that runs out is not used). */
#define IDMAP_POOL 32
static idmap_table idmap_pool[IDMAP_POOL] __attribute__((aligned(4096)));

/* From the linker script and entry.S; hidden, so that they are reached
 * PC-relative, not through a GOT of link-time addresses. */
#define HIDDEN __attribute__((visibility("hidden")))
extern char purgatory_start[] HIDDEN, __bss_start[] HIDDEN, __bss_end[] HIDDEN, _end[] HIDDEN;

/* entry.S */
void purgatory_main(void) __attribute__((noreturn));
void purgatory_enter_kernel(uint64_t entry, uint64_t arg0) __attribute__((noreturn));
uint64_t arm64_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair, uint64_t inval_start,
			  uint64_t inval_end);
void arm64_mmu_disable(const struct purgatory_params *p, uint64_t start, uint64_t end,
		       uint64_t sctlr);

/* PL011 registers (Arm PrimeCell UART (PL011) TRM), as offsets from the base. */
#define PL011_DR	0x00		/* data register */
#define PL011_FR	0x18		/* flag register */
#define PL011_FR_TXFF	(1u << 5)	/* transmit FIFO full */

/* A stuck or absent UART must not hang us before the kernel starts. */
#define UART_SPIN_LIMIT	1000000

/* Memory attributes, as MAIR_ELx indices. */
#define MAIR_NORMAL_WB	0xffull		/* Attr0: Normal, inner and outer write-back RW-allocate */

/* TCR_ELx fields (Arm ARM, D17.2 "TCR_EL1", "TCR_EL2"). */
#define TCR_T0SZ_48	16ull
#define TCR_IRGN0_WBWA	(1ull << 8)
#define TCR_ORGN0_WBWA	(1ull << 10)
#define TCR_SH0_INNER	(3ull << 12)
#define TCR_TG0_4K	(0ull << 14)
#define TCR_EL1_EPD1	(1ull << 23)	/* no walks through TTBR1 */
#define TCR_EL1_TG1_4K	(2ull << 30)
#define TCR_EL1_IPS_SHIFT 32
#define TCR_EL2_PS_SHIFT 16		/* without E2H */
#define TCR_EL2_RES1	((1ull << 31) | (1ull << 23))

#define HCR_EL2_E2H	(1ull << 34)

static inline uint64_t current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (v >> 2) & 3;
}

static inline uint64_t read_mmfr0(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v));
	return v;
}

static inline uint64_t read_hcr_el2(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, hcr_el2" : "=r"(v));
	return v;
}

static void pl011_putc_raw(uintptr_t base, char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(base + PL011_FR);
	volatile uint32_t *dr = (volatile uint32_t *)(base + PL011_DR);

	for (unsigned int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (!(*fr & PL011_FR_TXFF))
			break;
	}
	*dr = (uint8_t)c;
}

/*
 * The UART is used as the old kernel left it: purgatory knows neither the
 * clock nor the baud rate, so it does not program the divisors.
 */
static void pl011_putc(void *ctx, char c)
{
	uintptr_t base = (uintptr_t)ctx;

	if (c == '\n')
		pl011_putc_raw(base, '\r');
	pl011_putc_raw(base, c);
}

static __attribute__((noreturn)) void halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

static bool params_usable(const struct purgatory_params *p)
{
	return p->magic == PURGATORY_MAGIC && p->version == PURGATORY_VERSION &&
	       p->nr_segments <= PURGATORY_MAX_SEGMENTS;
}

/*
 * Map the image and the segments and turn the MMU and caches on.  Returns
 * false, with nothing changed, when the CPU or the addresses do not allow
 * it; the check then runs with the caches off, only slower.
 */
static bool caches_on(const struct purgatory_params *p, uint64_t *sctlr)
{
	static const uint8_t pa_bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t el = current_el(), mmfr0 = read_mmfr0(), parange = mmfr0 & 0xf, tcr;
	bool el2 = el == 2 && !(read_hcr_el2() & HCR_EL2_E2H);	/* EL2's own regime */
	struct idmap m;

	/* At EL2 with E2H the EL2&0 regime takes the EL1 formats. */
	if (el != 1 && el != 2)
		return false;
	if (((mmfr0 >> 28) & 0xf) == 0xf)	/* TGran4: no 4 KiB granule */
		return false;
	if (parange > 5)
		parange = 5;			/* 52 bits would need FEAT_LPA2 */
	idmap_init(&m, idmap_pool, IDMAP_POOL, 1ull << pa_bits[parange],
		   IDMAP_AF | IDMAP_SH_INNER | IDMAP_ATTRIDX(0) | (el2 ? IDMAP_AP1 : 0));
	if (idmap_add(&m, (uintptr_t)purgatory_start, (uintptr_t)_end))
		return false;
	for (uint32_t i = 0; i < p->nr_segments; i++) {
		if (idmap_add(&m, p->seg[i].mem, p->seg[i].mem + p->seg[i].len))
			return false;
	}
	tcr = TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K;
	if (el2)
		tcr |= TCR_EL2_RES1 | parange << TCR_EL2_PS_SHIFT;
	else
		tcr |= TCR_EL1_EPD1 | TCR_EL1_TG1_4K | parange << TCR_EL1_IPS_SHIFT;
	*sctlr = arm64_mmu_enable((uintptr_t)idmap_pool[0], tcr, MAIR_NORMAL_WB,
				  (uintptr_t)__bss_start, (uintptr_t)__bss_end);
	return true;
}

void purgatory_main(void)
{
	const struct purgatory_params *p = &purgatory_params;
	/* Built at run time: a function pointer in initialised data would be
	 * an absolute address. */
	struct purgatory_out out = { 0 };
	uint64_t sctlr = 0;
	bool cached = false;

	if (params_usable(p) && !(p->flags & PURGATORY_F_NO_CHECKS))
		cached = caches_on(p, &sctlr);
	if (purgatory_verify(p, 0)) {
		if (cached)
			arm64_mmu_disable(p, (uintptr_t)purgatory_start, (uintptr_t)_end, sctlr);
		if (p->serial_kind == PURGATORY_SERIAL_PL011 && p->serial_base) {
			out.putc = pl011_putc;
			out.ctx = (void *)(uintptr_t)p->serial_base;
		}
		purgatory_verify(p, &out);
		halt();
	}
	if (cached)
		arm64_mmu_disable(p, (uintptr_t)purgatory_start, (uintptr_t)_end, sctlr);
	purgatory_enter_kernel(p->entry, p->arg0);
}
