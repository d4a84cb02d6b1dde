// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in for the kernel that arm64 purgatory starts, for
 * tests/golden/purgatory-qemu.sh: a bare-metal program for QEMU's virt
 * machine that prints the machine state booting.rst constrains, and what
 * purgatory's identity map left in the translation registers, on the
 * PL011, then exits through semihosting.
 *
 *   STUB el=1 x0=0x48000000 x1=0x0 x2=0x0 x3=0x0 mmu=off dcache=off ttbr0=0x...
 */
#include <stdint.h>

#define PL011_DR	0x09000000ul
#define PL011_FR	0x09000018ul
#define PL011_FR_TXFF	(1u << 5)

void stub_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3) __attribute__((noreturn));

__asm__(".section .text.entry, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	adrp x9, stack_top\n"
	"	add x9, x9, :lo12:stack_top\n"
	"	mov sp, x9\n"
	"	b stub_main\n"
	".section .bss\n"
	".balign 16\n"
	"	.skip 4096\n"
	"stack_top:\n"
	".text\n");

static void putc_(char c)
{
	while (*(volatile uint32_t *)PL011_FR & PL011_FR_TXFF)
		;
	*(volatile uint32_t *)PL011_DR = (uint8_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint64_t v)
{
	char buf[19];
	int i = 18;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	puts_(buf + i);
}

#define SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })

void stub_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	static const uint64_t exit_block[2] = { 0x20026, 0 };	/* ADP_Stopped_ApplicationExit */
	uint64_t el = (SYSREG(CurrentEL) >> 2) & 3;
	uint64_t sctlr = el == 2 ? SYSREG(sctlr_el2) : SYSREG(sctlr_el1);
	uint64_t ttbr0 = el == 2 ? SYSREG(ttbr0_el2) : SYSREG(ttbr0_el1);

	puts_("STUB el=");
	putc_((char)('0' + el));
	puts_(" x0=");
	puthex(x0);
	puts_(" x1=");
	puthex(x1);
	puts_(" x2=");
	puthex(x2);
	puts_(" x3=");
	puthex(x3);
	puts_(sctlr & 1 ? " mmu=on" : " mmu=off");
	puts_(sctlr & 4 ? " dcache=on" : " dcache=off");
	puts_(" ttbr0=");
	puthex(ttbr0 & 0x0000fffffffff000ull);
	puts_("\r\n");

	/* Semihosting SYS_EXIT. */
	{
		register uint64_t r0 __asm__("x0") = 0x18;
		register const uint64_t *r1 __asm__("x1") = exit_block;

		__asm__ volatile("hlt #0xf000" : : "r"(r0), "r"(r1) : "memory");
	}
	for (;;)
		__asm__ volatile("wfi");
}
