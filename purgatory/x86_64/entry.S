/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 purgatory, the assembly half: the image header, the entry point,
 * and the jump to the new kernel.
 *
 * The old kernel's relocate_kernel (arch/x86/kernel/relocate_kernel_64.S)
 * jumps to offset 0 in 64-bit long mode, paging on, with an identity map
 * of the kexec segments, interrupts off and a stack we must not rely on.
 *
 * Position-independent: every address is formed from %rip at run time.
 */

#define BOOT_CS		0x10	/* boot.rst, 64-bit boot protocol: __BOOT_CS */
#define BOOT_DS		0x18	/* ... and __BOOT_DS */

/* Mirrors of params.h, which is C only; tests/golden/purgatory.sh and
 * tests/unit/test-purgatory.c check the built header against it. */
#define PURGATORY_MAGIC		0x504e474b
#define PURGATORY_VERSION	1
#define PURGATORY_HEADER_OFFSET	0x10

#define STACK_SIZE	16384

	.code64
	.section .text.entry, "ax", @progbits
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	jmp	start64

	/* struct purgatory_header */
	.org	purgatory_start + PURGATORY_HEADER_OFFSET, 0xcc
	.type	purgatory_header, @object
purgatory_header:
	.long	PURGATORY_MAGIC
	.long	PURGATORY_VERSION
	.long	purgatory_params - purgatory_start
	.long	_end - purgatory_start
	.size	purgatory_header, . - purgatory_header

start64:
	cli
	cld

	/* Zero .bss (our stack included) before anything uses it. */
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	xorl	%eax, %eax
	rep stosb

	leaq	stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	call	purgatory_main
	/* purgatory_main does not return; if it ever did, stop here. */
1:	cli
	hlt
	jmp	1b
	.size	purgatory_start, . - purgatory_start

/*
 * void purgatory_enter_kernel(uint64_t entry, uint64_t arg0)
 *
 * boot.rst, "64-bit Boot Protocol": CS = __BOOT_CS, DS = ES = SS =
 * __BOOT_DS, interrupts off, %rsi = boot_params.  arg0 already sits in %rsi
 * by the calling convention.
 */
	.text
	.globl	purgatory_enter_kernel
	.type	purgatory_enter_kernel, @function
purgatory_enter_kernel:
	cli

	/* lgdt takes a 2-byte limit and an 8-byte base: build it on the
	 * stack, since the base is only known at run time. */
	leaq	gdt(%rip), %rax
	subq	$16, %rsp
	movw	$(gdt_end - gdt - 1), 6(%rsp)
	movq	%rax, 8(%rsp)
	lgdt	6(%rsp)
	addq	$16, %rsp

	/* Reload CS with a far return: lretq pops %rip, then %cs. */
	leaq	2f(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq
2:
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* Jump with ret, so that every register but %rsi and %rsp can be
	 * cleared. */
	pushq	%rdi
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	ret
	.size	purgatory_enter_kernel, . - purgatory_enter_kernel

/*
 * Flat descriptors, with the accessed bit already set so that the CPU never
 * writes to this table.
 */
	.section .rodata, "a", @progbits
	.balign	16
gdt:
	.quad	0			/* 0x00: null */
	.quad	0			/* 0x08: unused */
	.quad	0x00af9b000000ffff	/* 0x10: __BOOT_CS: 64-bit code, DPL 0, present */
	.quad	0x00cf93000000ffff	/* 0x18: __BOOT_DS: 32-bit data, writable, present */
gdt_end:

	.section .bss, "aw", @nobits
	.balign	16
stack:
	.skip	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", @progbits
