/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The arm64 purgatory image, embedded whole.  PURGATORY_ARM64_BIN is the
 * path of the flat image built from purgatory/ (see purgatory/Makefile.frag);
 * kexec/purgatory_blob.h declares the symbols.
 */
	.section .rodata.purgatory_arm64, "a", %progbits
	.balign	16
	.globl	purgatory_arm64_start
	.type	purgatory_arm64_start, %object
purgatory_arm64_start:
	.incbin	PURGATORY_ARM64_BIN
	.globl	purgatory_arm64_end
	.type	purgatory_arm64_end, %object
purgatory_arm64_end:
	.size	purgatory_arm64_start, purgatory_arm64_end - purgatory_arm64_start

	.section .note.GNU-stack, "", %progbits
