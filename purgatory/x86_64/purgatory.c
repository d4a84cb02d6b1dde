// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86_64 purgatory, the C half: check the segments, report on the serial
 * port and stop if one is damaged, otherwise start the new kernel.
 * entry.S has set up a stack; see it for the machine state.
 *
 * Everything here must stay position-independent (the loader puts the
 * image anywhere): no initialised pointers in data, since those would be
 * absolute addresses fixed at link time.  tests/golden/purgatory.sh links
 * the image at two addresses and checks the bytes are the same.
 */
#include <stdint.h>

#include "params.h"
#include "verify.h"

/*
 * The one block the loader fills in (see params.h).  It is zero here, so an
 * image that nobody filled in fails the magic check; it lives in .data, not
 * .bss, so that it is part of the file the loader patches.
 */
struct purgatory_params purgatory_params
	__attribute__((section(".data.purgatory_params"), aligned(16)));

void purgatory_main(void) __attribute__((noreturn));
void purgatory_enter_kernel(uint64_t entry, uint64_t arg0) __attribute__((noreturn));

/* 8250/16550 registers, as offsets from the base port. */
#define UART_THR	0	/* transmit holding register */
#define UART_LSR	5	/* line status register */
#define UART_LSR_THRE	0x20	/* THR empty: ready for the next byte */

/* A stuck or absent UART must not hang us before the kernel starts. */
#define UART_SPIN_LIMIT	1000000

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static void uart_8250_pio_putc_raw(uint16_t base, char c)
{
	for (unsigned int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (inb(base + UART_LSR) & UART_LSR_THRE)
			break;
	}
	outb((uint8_t)c, base + UART_THR);
}

/*
 * The UART is used as the old kernel left it: purgatory knows neither the
 * clock nor the baud rate, so it does not program the divisor.
 */
static void uart_8250_pio_putc(void *ctx, char c)
{
	uint16_t base = (uint16_t)(uintptr_t)ctx;

	if (c == '\n')
		uart_8250_pio_putc_raw(base, '\r');
	uart_8250_pio_putc_raw(base, c);
}

static __attribute__((noreturn)) void halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void purgatory_main(void)
{
	const struct purgatory_params *p = &purgatory_params;
	/*
	 * Built at run time: a function pointer in initialised data would be
	 * an absolute address.  Only port I/O UARTs are driven: the kernel's
	 * identity map covers RAM, not necessarily an MMIO UART.
	 */
	struct purgatory_out out = { 0 };

	if (p->serial_kind == PURGATORY_SERIAL_8250_PIO && p->serial_base <= 0xffff) {
		out.putc = uart_8250_pio_putc;
		out.ctx = (void *)(uintptr_t)p->serial_base;
	}
	if (purgatory_verify(p, &out))
		halt();
	purgatory_enter_kernel(p->entry, p->arg0);
}
