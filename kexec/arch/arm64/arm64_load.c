// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 Image loader: Documentation/arch/arm64/booting.rst.  The
 * kernel is entered at its load address with the MMU and D-cache off,
 * x0 = the device tree's physical address and x1 = x2 = x3 = 0; purgatory
 * does that last step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "arm64_load.h"
#include "dtb_chosen.h"
#include "dtb_mem.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* booting.rst: the initrd must lie "within a 1 GB aligned physical memory
 * window of up to 32 GB in size that fully covers the kernel Image as well". */
#define INITRD_WINDOW_ALIGN	GiB
#define INITRD_WINDOW_SIZE	(32 * GiB)
/* booting.rst, flags bit 3 set: the image lies within the 48-bit range. */
#define PHYS_ANY_LIMIT		(1ull << 48)

/* The source tree must be whole and sound before anything is built on it. */
static int check_source_dtb(const struct arm64_load_in *in, struct diag *err)
{
	int ret;

	if (!in->dtb || !in->dtb_len)
		return diag_set(err, -EINVAL, 0, "dtb", "no device tree to start from");
	if (in->dtb_len < sizeof(struct fdt_header) || fdt_check_header(in->dtb))
		return diag_set(err, -EINVAL, 0, "dtb", "not a flattened device tree (bad header)");
	if (fdt_totalsize(in->dtb) > in->dtb_len)
		return diag_set(err, -EINVAL, 0, "dtb", "truncated: the header says 0x%x bytes, there are 0x%zx",
			    fdt_totalsize(in->dtb), in->dtb_len);
	ret = fdt_check_full(in->dtb, fdt_totalsize(in->dtb));
	if (ret)
		return diag_set(err, -EINVAL, 0, "dtb", "corrupt device tree: %s", fdt_strerror(ret));
	if (fdt_path_offset(in->dtb, "/chosen") < 0)
		return diag_set(err, -EINVAL, 0, "dtb", "no /chosen node");
	return 0;
}

/*
 * The tree for the next kernel, in a new buffer: memory nodes from the
 * plan (unless UEFI), /chosen for this load, packed and checked.
 */
static int build_dtb(const struct arm64_load_in *in, uint64_t initrd_mem, void **out,
		     size_t *out_len, enum load_dtb_memory *mode, struct diag *err)
{
	struct dtb_chosen c = {
		.bootargs = in->cmdline,
		.initrd = in->initrd_len != 0,
		.initrd_start = initrd_mem,
		.initrd_end = initrd_mem + in->initrd_len,
	};
	bool uefi = dtb_is_uefi(in->dtb);
	size_t size;
	void *fdt;
	int ret;

	if (in->crash) {
		c.crash = true;
		c.elfcorehdr_start = in->crash->elfcorehdr_start;
		c.elfcorehdr_size = in->crash->elfcorehdr_size;
		c.nusable = in->crash->nusable;
		memcpy(c.usable, in->crash->usable, sizeof(c.usable));
	}

	if (in->seed && in->seed_len >= 8) {
		c.kaslr = true;
		for (int i = 0; i < 8; i++)
			c.kaslr_seed = c.kaslr_seed << 8 | in->seed[i];
		if (in->seed_len > 8) {
			c.rng_seed = in->seed + 8;
			c.rng_seed_len = in->seed_len - 8;
		}
	}
	size = (size_t)fdt_totalsize(in->dtb) + dtb_chosen_extra(&c) +
	       (uefi ? 0 : dtb_memory_extra(in->dtb, in->boot));
	if (size > INT32_MAX)
		return diag_set(err, -E2BIG, 0, "dtb", "device tree of 0x%x bytes is too large",
			    fdt_totalsize(in->dtb));
	fdt = malloc(size);
	if (!fdt)
		return diag_set(err, -ENOMEM, 0, "memory", "out of memory");
	ret = fdt_open_into(in->dtb, fdt, (int)size);
	if (ret) {
		free(fdt);
		return diag_set(err, -EINVAL, 0, "dtb", "cannot open the device tree: %s", fdt_strerror(ret));
	}

	if (uefi) {
		*mode = LOAD_DTB_MEM_UEFI;
	} else {
		*mode = dtb_has_memory(in->dtb) ? LOAD_DTB_MEM_REWRITTEN : LOAD_DTB_MEM_ADDED;
		ret = dtb_set_memory(fdt, in->boot);
		if (ret == -ERANGE) {
			free(fdt);
			return diag_set(err, ret, 0, "dtb",
				    "#address-cells = %d, #size-cells = %d cannot hold the RAM to describe",
				    fdt_address_cells(in->dtb, 0), fdt_size_cells(in->dtb, 0));
		}
		if (ret) {
			free(fdt);
			return diag_set(err, ret, 0, "dtb", "cannot write the memory nodes: %s", strerror(-ret));
		}
	}
	ret = dtb_set_chosen(fdt, &c);
	if (ret == -ERANGE) {
		free(fdt);
		return diag_set(err, ret, 0, "dtb",
			    "#address-cells = %d cannot hold the initrd at 0x%llx-0x%llx%s",
			    fdt_address_cells(in->dtb, 0), (unsigned long long)c.initrd_start,
			    (unsigned long long)c.initrd_end,
			    c.crash ? " or the crash reservation" : "");
	}
	if (ret) {
		free(fdt);
		return diag_set(err, ret == -ENOENT ? -EINVAL : ret, 0, "dtb", "cannot write /chosen: %s",
			    ret == -ENOENT ? "no /chosen node" : strerror(-ret));
	}
	fdt_pack(fdt);
	ret = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (ret) {
		free(fdt);
		return diag_set(err, -EINVAL, 0, "dtb", "the device tree built fails fdt_check_full: %s",
			    fdt_strerror(ret));
	}
	if (fdt_totalsize(fdt) > ARM64_DTB_MAX) {
		size = fdt_totalsize(fdt);
		free(fdt);
		return diag_set(err, -E2BIG, 0, "dtb",
			    "the device tree would be 0x%zx bytes, the boot protocol allows at most 2 MiB",
			    size);
	}
	*out = fdt;
	*out_len = fdt_totalsize(fdt);
	return 0;
}

static int no_room(struct diag *err, int ret, const struct seg_req *q)
{
	if (ret == -ENOSPC)
		return diag_set(err, ret, 0, q->what,
			    "no room for the %s (0x%llx bytes) in the memory a load may use",
			    q->what, (unsigned long long)q->memsz);
	return diag_set(err, ret, 0, "segments", "cannot place the segments");
}

enum { K, I, D, P };	/* the order of seg_req[]: kernel, initrd, dtb, purgatory */

/*
 * Where everything goes.  The initrd's window depends on where the kernel
 * went, so the kernel is placed alone first, then everything again with
 * the kernel preferring that spot, which is still free.
 */
static int place(const struct arm64_load_in *in, const struct purgatory_header *ph,
		 struct seg_req *req, struct diag *err)
{
	const struct arm64_image *img = in->img;
	struct seg_req r[4];
	size_t failed = 0, n = 0, pick[4];
	uint64_t below, lo, kend;
	int ret;

	req[K] = (struct seg_req){
		.what = "kernel", .memsz = img->text_offset + img->image_size,
		.align = ARM64_IMAGE_BASE_ALIGN,
		.max = img->phys_any ? PHYS_ANY_LIMIT : UINT64_MAX,
	};
	ret = seg_place(in->place, req, 1, &failed);
	if (ret)
		return no_room(err, ret, &req[K]);

	/* booting.rst, flags bit 3 clear: memory below the kernel is not in
	 * its linear map, so the initrd and device tree go above it. */
	below = img->phys_any ? 0 : req[K].mem;
	lo = req[K].mem & ~(INITRD_WINDOW_ALIGN - 1);
	kend = req[K].mem + req[K].memsz;
	if (kend - lo > INITRD_WINDOW_SIZE)
		return diag_set(err, -ENOSPC, 0, "kernel", "image_size 0x%llx leaves no 32 GiB initrd window",
			    (unsigned long long)img->image_size);
	req[K].pref = req[K].mem;
	req[I] = (struct seg_req){
		.what = "initrd", .memsz = in->initrd_len, .align = SEG_PAGE,
		.min = lo > below ? lo : below, .max = lo + INITRD_WINDOW_SIZE,
	};
	/* A whole 2 MiB region of RAM of its own: booting.rst says the kernel
	 * maps the tree cacheable with blocks of up to 2 MiB, so nothing in
	 * its region may need other attributes; within place, nothing does. */
	req[D] = (struct seg_req){
		.what = "dtb", .memsz = ARM64_DTB_MAX, .align = ARM64_DTB_MAX, .min = below,
		.max = UINT64_MAX,
	};
	req[P] = (struct seg_req){
		.what = "purgatory", .memsz = ph->memsz, .align = SEG_PAGE, .max = UINT64_MAX,
	};

	/* Without an initrd, its request is left out. */
	for (size_t i = 0; i < 4; i++) {
		if (i == I && !in->initrd_len)
			continue;
		pick[n] = i;
		r[n++] = req[i];
	}
	ret = seg_place(in->place, r, n, &failed);
	if (ret)
		return no_room(err, ret, &r[failed]);
	for (size_t i = 0; i < n; i++)
		req[pick[i]] = r[i];
	return 0;
}

int arm64_load(const struct arm64_load_in *in, struct load_plan *out, struct diag *err)
{
	const struct arm64_image *img = in->img;
	struct load_plan p = { 0 };
	struct purgatory_header ph;
	struct purgatory_params pp = { 0 };
	struct seg_req req[4];
	enum load_dtb_memory mode = LOAD_DTB_NONE;
	const char *bootargs;
	uint8_t *purg;
	void *dtb = NULL;
	size_t dtb_len = 0;
	int ret, chosen;

	ret = load_check_purgatory(in->purgatory, in->purgatory_len, &ph, err);
	if (!ret)
		ret = check_source_dtb(in, err);
	if (!ret)
		ret = place(in, &ph, req, err);
	if (ret)
		return ret;

	ret = build_dtb(in, req[I].mem, &dtb, &dtb_len, &mode, err);
	if (ret)
		return ret;
	p.owned[p.nowned++] = dtb;
	purg = malloc(in->purgatory_len);
	if (!purg) {
		load_plan_free(&p);
		return diag_set(err, -ENOMEM, 0, "memory", "out of memory");
	}
	memcpy(purg, in->purgatory, in->purgatory_len);
	p.owned[p.nowned++] = purg;

	/* The segments, in address-independent order: kernel, initrd, dtb, purgatory. */
	load_add_segment(&p, "kernel", img->data, img->len, req[K].mem + img->text_offset,
			 img->image_size, 0, true);
	if (in->initrd_len)
		load_add_segment(&p, "initrd", in->initrd, in->initrd_len, req[I].mem,
				 in->initrd_len, 0, true);
	load_add_segment(&p, "dtb", dtb, dtb_len, req[D].mem, dtb_len, 0, false);

	pp.flags = in->purgatory_flags;
	pp.entry = req[K].mem + img->text_offset;
	pp.arg0 = req[D].mem;
	pp.serial_kind = in->serial_base ? PURGATORY_SERIAL_PL011 : PURGATORY_SERIAL_NONE;
	pp.serial_base = in->serial_base;
	load_seal_purgatory(&p, purg, in->purgatory_len, &ph, req[P].mem, &pp);

	p.kernel_entry = pp.entry;
	p.dtb_addr = req[D].mem;
	p.dtb_len = dtb_len;
	p.dtb_memory = mode;
	chosen = fdt_path_offset(dtb, "/chosen");
	bootargs = chosen >= 0 ? fdt_getprop(dtb, chosen, "bootargs", NULL) : NULL;
	p.cmdline_addr = bootargs ? req[D].mem + (uint64_t)(bootargs - (const char *)dtb) : 0;
	p.cmdline_len = strlen(in->cmdline);
	*out = p;
	return 0;
}
