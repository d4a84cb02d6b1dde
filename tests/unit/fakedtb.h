/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_FAKEDTB_H
#define TESTS_FAKEDTB_H

/*
 * Synthetic device trees for the arm64 tests, written at test time with
 * libfdt's sequential-write API: a QEMU virt-like root with the cell sizes,
 * memory nodes and /chosen properties a test asks for.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

struct fakedtb {
	uint32_t ac, sc;		/* the root's #address-cells, #size-cells */
	bool chosen;			/* has a /chosen node */
	const char *bootargs;		/* its bootargs, or NULL for none */
	bool old_initrd;		/* linux,initrd-start/-end of a previous boot */
	bool uefi;			/* linux,uefi-mmap-* as the EFI stub leaves them */
	bool stale;			/* kaslr-seed, rng-seed and kdump properties */
	int nmem;			/* memory nodes, each one range of mem[] */
	uint64_t mem[2][2];		/* start, size */
	bool reserved;			/* a /memreserve/ and /reserved-memory/secmon */
	size_t pad;			/* a property of this many bytes in the root */
};

static inline int fakedtb_cells(void *sw, const char *name, uint32_t n, uint64_t v)
{
	fdt32_t c[2] = { cpu_to_fdt32((uint32_t)(v >> 32)), cpu_to_fdt32((uint32_t)v) };

	return fdt_property(sw, name, n == 2 ? c : c + 1, (int)(4 * n));
}

static inline int fakedtb_reg(void *sw, uint32_t ac, uint32_t sc, uint64_t start, uint64_t size)
{
	fdt32_t r[4];
	int n = 0;

	if (ac == 2)
		r[n++] = cpu_to_fdt32((uint32_t)(start >> 32));
	r[n++] = cpu_to_fdt32((uint32_t)start);
	if (sc == 2)
		r[n++] = cpu_to_fdt32((uint32_t)(size >> 32));
	r[n++] = cpu_to_fdt32((uint32_t)size);
	return fdt_property(sw, "reg", r, 4 * n);
}

/* Build the tree into @buf; returns 0 or a libfdt error.  The result is packed. */
static inline int fakedtb_build(void *buf, int size, const struct fakedtb *f)
{
	static const uint8_t old_seed[8] = { 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1 };
	int r = fdt_create(buf, size);

#define FDT_TRY(x) do { if (!r) r = (x); } while (0)
	if (f->reserved)
		FDT_TRY(fdt_add_reservemap_entry(buf, 0x48000000, 0x2415000));
	FDT_TRY(fdt_finish_reservemap(buf));
	FDT_TRY(fdt_begin_node(buf, ""));
	FDT_TRY(fdt_property_u32(buf, "#address-cells", f->ac));
	FDT_TRY(fdt_property_u32(buf, "#size-cells", f->sc));
	FDT_TRY(fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	if (f->pad) {
		void *p = NULL;

		FDT_TRY(fdt_property_placeholder(buf, "padding", (int)f->pad, &p));
		if (!r)
			memset(p, 0x5a, f->pad);
	}
	for (int i = 0; i < f->nmem; i++) {
		char name[32];

		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)f->mem[i][0]);
		FDT_TRY(fdt_begin_node(buf, name));
		FDT_TRY(fdt_property_string(buf, "device_type", "memory"));
		FDT_TRY(fakedtb_reg(buf, f->ac, f->sc, f->mem[i][0], f->mem[i][1]));
		FDT_TRY(fdt_end_node(buf));
	}
	if (f->reserved) {
		FDT_TRY(fdt_begin_node(buf, "reserved-memory"));
		FDT_TRY(fdt_property_u32(buf, "#address-cells", f->ac));
		FDT_TRY(fdt_property_u32(buf, "#size-cells", f->sc));
		FDT_TRY(fdt_property(buf, "ranges", NULL, 0));
		FDT_TRY(fdt_begin_node(buf, "secmon@bf000000"));
		FDT_TRY(fakedtb_reg(buf, f->ac, f->sc, 0xbf000000, 0x1000000));
		FDT_TRY(fdt_property(buf, "no-map", NULL, 0));
		FDT_TRY(fdt_end_node(buf));
		FDT_TRY(fdt_end_node(buf));
	}
	if (f->chosen) {
		FDT_TRY(fdt_begin_node(buf, "chosen"));
		if (f->bootargs)
			FDT_TRY(fdt_property_string(buf, "bootargs", f->bootargs));
		FDT_TRY(fdt_property_string(buf, "stdout-path", "/pl011@9000000"));
		if (f->old_initrd) {
			FDT_TRY(fakedtb_cells(buf, "linux,initrd-start", f->ac, 0x48000000));
			FDT_TRY(fakedtb_cells(buf, "linux,initrd-end", f->ac, 0x4a415000));
		}
		if (f->uefi) {
			FDT_TRY(fdt_property_u64(buf, "linux,uefi-system-table", 0xbfed0018));
			FDT_TRY(fdt_property_u64(buf, "linux,uefi-mmap-start", 0xbe0d6018));
			FDT_TRY(fdt_property_u32(buf, "linux,uefi-mmap-size", 0x1950));
			FDT_TRY(fdt_property_u32(buf, "linux,uefi-mmap-desc-size", 0x30));
			FDT_TRY(fdt_property_u32(buf, "linux,uefi-mmap-desc-ver", 1));
		}
		if (f->stale) {
			FDT_TRY(fdt_property(buf, "kaslr-seed", old_seed, 8));
			FDT_TRY(fdt_property(buf, "rng-seed", old_seed, 8));
			FDT_TRY(fakedtb_cells(buf, "linux,elfcorehdr", 2, 0x7f000000));
			FDT_TRY(fdt_property(buf, "linux,usable-memory-range", old_seed, 8));
			FDT_TRY(fdt_property(buf, "linux,ima-kexec-buffer", old_seed, 8));
		}
		FDT_TRY(fdt_end_node(buf));
	}
	FDT_TRY(fdt_begin_node(buf, "pl011@9000000"));
	FDT_TRY(fdt_property_string(buf, "compatible", "arm,pl011"));
	FDT_TRY(fakedtb_reg(buf, f->ac, f->sc, 0x9000000, 0x1000));
	FDT_TRY(fdt_end_node(buf));
	FDT_TRY(fdt_end_node(buf));
	FDT_TRY(fdt_finish(buf));
#undef FDT_TRY
	return r;
}

/* QEMU virt with 2 GiB at 1 GiB, as tests/data/sysroots/arm64-plain. */
#define FAKEDTB_VIRT { .ac = 2, .sc = 2, .chosen = true, .bootargs = "console=ttyAMA0", \
		       .nmem = 1, .mem = { { 0x40000000, 0x80000000 } }, .reserved = true }

#endif
