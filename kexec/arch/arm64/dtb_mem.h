/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_ARM64_DTB_MEM_H
#define KEXEC_ARM64_DTB_MEM_H

#include <stddef.h>

#include "range.h"

/**
 * dtb_memory_extra - the room dtb_set_memory() needs to write @map into @fdt
 * @fdt: the blob as it is now (any valid blob, not yet opened for writing)
 * @map: the map that will be written
 *
 * One RAM range can become several nodes (split for #size-cells = 1, or
 * where old nodes with different NUMA ids met), so the room depends on
 * both.  Open the blob with fdt_open_into() into fdt_totalsize() plus this.
 */
size_t dtb_memory_extra(const void *fdt, const struct range_list *map);

/**
 * dtb_set_memory - rewrite the /memory nodes from the plan's RAM
 * @fdt: a writable blob (fdt_open_into()), changed in place
 * @map: a normal typed list; only its MT_RAM ranges are written
 *
 * Deletes every child of / whose device_type is "memory" and adds one
 * memory@<start> node per RAM range, with "reg" in the root's
 * #address-cells and #size-cells (devicetree spec, section 3.4).  A range
 * too large for one size cell is split.  Where an old node carried a
 * numa-node-id, the new nodes covering its memory keep it.
 * Nothing is changed when the map cannot be written.
 *
 * Returns 0, or:
 * -EINVAL the blob is not a valid device tree;
 * -ERANGE a cell size other than 1 or 2, or an address or size that the
 *         cells cannot hold;
 * -ENOSPC the blob's buffer is too small;
 * -ENOMEM.
 */
int dtb_set_memory(void *fdt, const struct range_list *map);

/**
 * dtb_errno - a libfdt error as the negative errno our loaders return
 * @fdt_err: a negative -FDT_ERR_* code
 *
 * -FDT_ERR_NOSPACE is -ENOSPC, -FDT_ERR_BADNCELLS -ERANGE,
 * -FDT_ERR_NOTFOUND -ENOENT, anything else -EINVAL.
 */
int dtb_errno(int fdt_err);

#endif
