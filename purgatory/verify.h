/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PURGATORY_VERIFY_H
#define PURGATORY_VERIFY_H

/*
 * What purgatory checks before it starts the new kernel, on every
 * architecture.  Pure: it reads the parameter block and the segments it
 * names, and writes its findings one character at a time through a sink
 * that the architecture provides (a UART in purgatory, a buffer in the
 * tests).  Freestanding, and also built for the host and tested there.
 */
#include <stdint.h>

#include "params.h"

/* Where purgatory_verify() writes; '\n' ends a line. */
struct purgatory_out {
	void (*putc)(void *ctx, char c);	/* NULL: say nothing */
	void *ctx;
};

/**
 * purgatory_verify - check the parameter block and the segments it lists
 * @p: the block the loader filled in
 * @out: where to write one line per problem; NULL says nothing
 *
 * The block must carry PURGATORY_MAGIC, PURGATORY_VERSION and at most
 * PURGATORY_MAX_SEGMENTS segments; otherwise that is the one problem
 * reported and no segment is read.  Then, unless @p->flags has
 * PURGATORY_F_NO_CHECKS, every segment must satisfy
 * ckhash64(mem, len, 0) == hash; each one that does not is reported as
 * "kexec-ng purgatory: segment N at 0xADDR (0xLEN bytes) checksum mismatch".
 * Segment addresses are used as pointers, so purgatory runs this where they
 * are identity-mapped.
 *
 * Returns the number of problems reported: 0 when it is safe to jump to
 * @p->entry.
 */
unsigned int purgatory_verify(const struct purgatory_params *p,
			      const struct purgatory_out *out);

#endif
