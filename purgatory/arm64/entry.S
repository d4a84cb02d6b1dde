/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 purgatory, the assembly half: the image header, the entry point,
 * the exception vectors, the MMU switches and the jump to the new kernel.
 *
 * The old kernel's arm64_relocate_new_kernel (arch/arm64/kernel/
 * relocate_kernel.S) branches to offset 0 with the MMU and the caches off,
 * interrupts masked, at EL1, or at EL2 when the kernel was booted there,
 * and with a stack we must not rely on.  Every segment has been cleaned
 * and invalidated to the PoC.
 *
 * Position-independent: every address is formed with adrp/add, relative
 * to the PC, so the image must sit at a 4 KiB aligned address.
 */

/* Mirrors of params.h, which is C only; tests/golden/purgatory-arm64.sh
 * and tests/unit/test-purgatory.c check the built header against it. */
#define PURGATORY_MAGIC		0x504e474b
#define PURGATORY_VERSION	1
#define PURGATORY_HEADER_OFFSET	0x10
#define PARAMS_NR_SEGMENTS	0x0c	/* struct purgatory_params */
#define PARAMS_SEG		0x30
#define SEGMENT_SIZE		24	/* struct purgatory_segment: mem, len, hash */

#define STACK_SIZE	16384

/* SCTLR_ELx bits (Arm ARM, D17.2 "SCTLR_EL1", "SCTLR_EL2"). */
#define SCTLR_M		(1 << 0)	/* MMU */
#define SCTLR_A		(1 << 1)	/* alignment checks */
#define SCTLR_C		(1 << 2)	/* data cache */
#define SCTLR_I		(1 << 12)	/* instruction cache */
#define SCTLR_WXN	(1 << 19)	/* writable means execute-never */

#define CURRENT_EL_EL2	(2 << 2)

	.macro	adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	/* \line = the smallest D-cache line (CTR_EL0.DminLine, in words). */
	.macro	dcache_line, line, tmp
	mrs	\tmp, ctr_el0
	ubfx	\tmp, \tmp, #16, #4
	mov	\line, #4
	lsl	\line, \line, \tmp
	.endm

	/* dc \op over [\start, \end); \start and \tmp are clobbered. */
	.macro	dcache_range, op, start, end, line, tmp
	sub	\tmp, \line, #1
	bic	\start, \start, \tmp
9998:	cmp	\start, \end
	b.hs	9999f
	dc	\op, \start
	add	\start, \start, \line
	b	9998b
9999:
	.endm

	.section .text.entry, "ax", %progbits
	.globl	purgatory_start
	.type	purgatory_start, %function
purgatory_start:
	b	start

	/* struct purgatory_header */
	.org	purgatory_start + PURGATORY_HEADER_OFFSET, 0
	.type	purgatory_header, %object
purgatory_header:
	.long	PURGATORY_MAGIC
	.long	PURGATORY_VERSION
	.long	purgatory_params - purgatory_start
	.long	_end - purgatory_start
	.size	purgatory_header, . - purgatory_header

start:
	msr	daifset, #0xf

	/* Zero .bss (our stack and page tables included) before anything
	 * uses it; it is 16-byte aligned and sized. */
	adr_l	x9, __bss_start
	adr_l	x10, __bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b
2:
	adr_l	x9, stack_top
	mov	sp, x9

	/* An exception halts here rather than in the old kernel's vectors,
	 * which are virtual addresses nobody maps any more. */
	adr_l	x9, vectors
	mrs	x10, CurrentEL
	cmp	x10, #CURRENT_EL_EL2
	b.ne	3f
	msr	vbar_el2, x9
	b	4f
3:	msr	vbar_el1, x9
4:	isb

	mov	x29, xzr
	mov	x30, xzr
	bl	purgatory_main
	b	halt
	.size	purgatory_start, . - purgatory_start

/*
 * uint64_t arm64_mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair,
 *                           uint64_t inval_start, uint64_t inval_end)
 *
 * Turn on the MMU with the identity map at ttbr0, and the caches.  Returns
 * SCTLR_ELx as it was, for arm64_mmu_disable().  [inval_start, inval_end)
 * is what we wrote with the caches off (.bss: the tables and the stack):
 * a line the old kernel's speculation left in the cache for it would now
 * be stale, so it is invalidated first; no line can be dirty.
 */
	.text
	.globl	arm64_mmu_enable
	.type	arm64_mmu_enable, %function
arm64_mmu_enable:
	dcache_line x9, x10
	dcache_range ivac, x3, x4, x9, x10
	dsb	sy

	mrs	x10, CurrentEL
	cmp	x10, #CURRENT_EL_EL2
	b.eq	1f
	msr	mair_el1, x2
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	orr	x11, x0, #SCTLR_M
	orr	x11, x11, #SCTLR_C
	orr	x11, x11, #SCTLR_I
	bic	x11, x11, #SCTLR_A
	bic	x11, x11, #SCTLR_WXN
	msr	sctlr_el1, x11
	isb
	ret
1:	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	ic	iallu
	dsb	nsh
	isb
	mrs	x0, sctlr_el2
	orr	x11, x0, #SCTLR_M
	orr	x11, x11, #SCTLR_C
	orr	x11, x11, #SCTLR_I
	bic	x11, x11, #SCTLR_A
	bic	x11, x11, #SCTLR_WXN
	msr	sctlr_el2, x11
	isb
	ret
	.size	arm64_mmu_enable, . - arm64_mmu_enable

/*
 * void arm64_mmu_disable(const struct purgatory_params *p, uint64_t start,
 *                        uint64_t end, uint64_t sctlr)
 *
 * Clean and invalidate to the PoC, by address, purgatory's own image
 * [start, end) (its stack is dirty) and every segment, then put SCTLR_ELx
 * back: MMU and caches off, as booting.rst wants them for the kernel.
 * Registers only from the first clean to the switch: a store in between
 * would dirty a line again.
 */
	.globl	arm64_mmu_disable
	.type	arm64_mmu_disable, %function
arm64_mmu_disable:
	dcache_line x9, x10
	dcache_range civac, x1, x2, x9, x10

	ldr	w11, [x0, #PARAMS_NR_SEGMENTS]
	add	x12, x0, #PARAMS_SEG
1:	cbz	w11, 2f
	ldp	x13, x14, [x12]		/* mem, len */
	add	x14, x13, x14
	dcache_range civac, x13, x14, x9, x10
	add	x12, x12, #SEGMENT_SIZE
	sub	w11, w11, #1
	b	1b
2:	dsb	sy

	mrs	x10, CurrentEL
	cmp	x10, #CURRENT_EL_EL2
	b.eq	3f
	msr	sctlr_el1, x3
	isb
	ic	iallu
	tlbi	vmalle1
	dsb	nsh
	isb
	ret
3:	msr	sctlr_el2, x3
	isb
	ic	iallu
	tlbi	alle2
	dsb	nsh
	isb
	ret
	.size	arm64_mmu_disable, . - arm64_mmu_disable

/*
 * void purgatory_enter_kernel(uint64_t entry, uint64_t arg0)
 *
 * booting.rst, "Call the kernel image": x0 = the device tree, x1 = x2 =
 * x3 = 0, MMU and D-cache off, interrupts masked, at EL2 or EL1.
 */
	.globl	purgatory_enter_kernel
	.type	purgatory_enter_kernel, %function
purgatory_enter_kernel:
	mov	x4, x0
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
	.size	purgatory_enter_kernel, . - purgatory_enter_kernel

	.type	halt, %function
halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
	.size	halt, . - halt

/* Sixteen entries of 0x80 bytes, the table 2 KiB aligned (VBAR_ELx). */
	.balign	2048
	.type	vectors, %object
vectors:
	.rept	16
	b	halt
	.balign	0x80
	.endr
	.size	vectors, . - vectors

	.section .bss, "aw", %nobits
	.balign	16
stack:
	.skip	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", %progbits
