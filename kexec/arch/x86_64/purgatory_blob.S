/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86_64 purgatory image, embedded whole.  PURGATORY_X86_64_BIN is the
 * path of the flat image built from purgatory/ (see purgatory/Makefile.frag);
 * kexec/purgatory_blob.h declares the symbols.
 */
	.section .rodata.purgatory_x86_64, "a", @progbits
	.balign	16
	.globl	purgatory_x86_64_start
	.type	purgatory_x86_64_start, @object
purgatory_x86_64_start:
	.incbin	PURGATORY_X86_64_BIN
	.globl	purgatory_x86_64_end
	.type	purgatory_x86_64_end, @object
purgatory_x86_64_end:
	.size	purgatory_x86_64_start, purgatory_x86_64_end - purgatory_x86_64_start

	.section .note.GNU-stack, "", @progbits
