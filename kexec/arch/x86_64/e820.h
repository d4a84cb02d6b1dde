/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_X86_64_E820_H
#define KEXEC_X86_64_E820_H

#include <stddef.h>

#include "bootparam.h"
#include "range.h"

/**
 * e820_ext_size - bytes of the SETUP_E820_EXT blob a map needs
 * @nranges: entries in the map
 *
 * Returns 0 when the zero page's 128 slots hold them all, else the size of
 * one setup_data node (header included) holding the rest.
 */
size_t e820_ext_size(size_t nranges);

/**
 * e820_encode - write a typed map into the zero page and its extension
 * @map: a normal typed list (the plan's boot list); types are e820 numbers
 * @bp: its e820_entries and e820_table are written
 * @ext: a buffer of e820_ext_size(@map->n) bytes for the entries past 128,
 *       written as one SETUP_E820_EXT setup_data node with next = 0; may be
 *       NULL when that size is 0
 * @ext_size: size of @ext
 *
 * The first 128 entries go into boot_params, the rest into @ext, as the
 * kernel reads them (arch/x86/kernel/e820.c, e820__memory_setup_extended).
 * Nothing is written on failure.
 *
 * Returns 0, or:
 * -EINVAL an entry has no type or is empty, or @map is not sorted;
 * -ENOSPC @ext_size is too small;
 * -E2BIG the extension would not fit a setup_data length.
 */
int e820_encode(const struct range_list *map, struct boot_params *bp,
		void *ext, size_t ext_size);

#endif
