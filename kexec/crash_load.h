/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_CRASH_LOAD_H
#define KEXEC_CRASH_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "crash.h"
#include "diag.h"
#include "elfcore.h"
#include "load.h"
#include "range.h"

/*
 * The steps every architecture's kdump load shares, around its normal
 * loader: build the ELF core header, set its pages aside in the
 * reservation, and, once the loader has placed the rest, add the header as
 * a segment and check that everything lies in the reservation.  Pure.
 */

/* The ELF core header of a crash load, and where it goes. */
struct crash_header {
	uint8_t *buf;			/* malloc()ed; the load plan takes it over */
	size_t len;			/* its bytes */
	uint64_t phnum;			/* its program headers */
	uint64_t mem;			/* its physical address */
	struct range_list keep;		/* its pages, which nothing else may use */
	struct range_list rest;		/* the place left for the other segments */
};

/**
 * crash_header_prepare - build the header and set its pages aside
 * @cp: the crash plan
 * @core: what the header describes; core->dump NULL means @cp->dump
 * @place: where the load may go: @cp->place, or a part of it
 * @h: filled on success; release with crash_header_free() unless
 *     crash_header_commit() took it over
 * @err: on failure, "elfcorehdr" and why
 *
 * The header goes at the top of @place, so that the reservation's aligned
 * start stays free for the kernel image.
 *
 * Returns 0, or -E2BIG (more program headers than ELFCORE_MAX_PHDRS),
 * -EINVAL (bad notes or ranges), -ENOSPC (no room in @place) or -ENOMEM.
 */
int crash_header_prepare(const struct crash_plan *cp, const struct elfcore_in *core,
			 const struct range_list *place, struct crash_header *h,
			 struct diag *err);

/**
 * crash_header_commit - add the header to a finished load and check it
 * @cp: the crash plan
 * @h: the prepared header; its buffer passes to @p
 * @p: a load plan built inside @h->rest, purgatory already sealed
 * @err: on failure, the segment outside the reservation
 *
 * The header becomes the last segment, outside purgatory's checksums:
 * the kernel's own crash path leaves it out of its digest too, so that it
 * can be rewritten on memory hotplug (arch/x86/kernel/crash.c,
 * arch_crash_hotplug_support()).  Then every segment and the entry must
 * lie inside one region of @cp.
 *
 * Returns 0, or -EINVAL (no segment or owned slot left, or something
 * outside the reservation: a bug).
 */
int crash_header_commit(const struct crash_plan *cp, struct crash_header *h,
			struct load_plan *p, struct diag *err);

/** crash_header_free - release what crash_header_prepare() made */
void crash_header_free(struct crash_header *h);

#endif
