// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86_64 bzImage loader: Documentation/arch/x86/boot.rst, "64-bit Boot
 * Protocol".  The kernel is entered at its load address + 0x200 in long
 * mode with %rsi pointing at boot_params; purgatory does that last step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootparam.h"
#include "e820.h"
#include "x86_64_load.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static size_t align16(size_t v)
{
	return (v + 15) & ~(size_t)15;
}

/* Fields only the firmware or the first boot loader knew, which the next
 * kernel needs and we cannot derive (zero-page.rst). */
static void copy_firmware_fields(struct boot_params *bp, const struct boot_params *old)
{
	memcpy(bp->screen_info, old->screen_info, sizeof(bp->screen_info));
	memcpy(bp->apm_bios_info, old->apm_bios_info, sizeof(bp->apm_bios_info));
	memcpy(bp->ist_info, old->ist_info, sizeof(bp->ist_info));
	memcpy(bp->sys_desc_table, old->sys_desc_table, sizeof(bp->sys_desc_table));
	memcpy(bp->edid_info, old->edid_info, sizeof(bp->edid_info));
	memcpy(bp->efi_info, old->efi_info, sizeof(bp->efi_info));
	bp->acpi_rsdp_addr = old->acpi_rsdp_addr;
	bp->secure_boot = old->secure_boot;
	bp->hdr.hardware_subarch = old->hdr.hardware_subarch;
	bp->hdr.hardware_subarch_data = old->hdr.hardware_subarch_data;
}

struct params_layout {
	size_t cmdline_off;
	size_t ext_off, ext_len;	/* SETUP_E820_EXT node */
	size_t rng_off, rng_len;	/* SETUP_RNG_SEED node */
	size_t size;
};

static void layout_params(const struct x86_64_load_in *in, struct params_layout *l)
{
	l->cmdline_off = sizeof(struct boot_params);
	l->ext_off = align16(l->cmdline_off + strlen(in->cmdline) + 1);
	l->ext_len = e820_ext_size(in->boot->n);
	l->rng_off = align16(l->ext_off + l->ext_len);
	l->rng_len = in->rng_seed_len ? sizeof(struct setup_data) + in->rng_seed_len : 0;
	l->size = l->rng_off + l->rng_len;
}

int x86_64_load(const struct x86_64_load_in *in, struct load_plan *out, struct diag *err)
{
	const struct bzimage *img = in->img;
	struct load_plan p = { 0 };
	struct purgatory_header ph;
	struct purgatory_params pp = { 0 };
	struct params_layout l;
	struct seg_req req[4];
	struct boot_params *bp;
	uint8_t *params = NULL, *purg = NULL;
	size_t n = 0, failed = 0, cmdlen = strlen(in->cmdline);
	uint64_t initrd_max;
	int ret;

	if (cmdlen > img->cmdline_size)
		return diag_set(err, -E2BIG, 0, "cmdline_size",
			    "command line is %zu bytes, the kernel accepts at most %u", cmdlen,
			    img->cmdline_size);
	ret = load_check_purgatory(in->purgatory, in->purgatory_len, &ph, err);
	if (ret)
		return ret;

	/* Where each piece may go; see boot.rst for the initrd limit. */
	initrd_max = img->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G ?
		     4 * GiB : (uint64_t)img->initrd_addr_max + 1;
	if (initrd_max > 4 * GiB)
		initrd_max = 4 * GiB;
	layout_params(in, &l);
	req[n++] = (struct seg_req){
		.what = "kernel", .memsz = img->init_size, .align = img->kernel_alignment,
		.min = MiB, .max = UINT64_MAX, .pref = img->pref_address,
	};
	if (in->initrd_len)
		req[n++] = (struct seg_req){
			.what = "initrd", .memsz = in->initrd_len, .align = SEG_PAGE,
			.min = MiB, .max = initrd_max, .top_down = true,
		};
	req[n++] = (struct seg_req){
		.what = "boot_params", .memsz = l.size, .align = SEG_PAGE,
		.min = MiB, .max = 4 * GiB, .top_down = true,
	};
	req[n++] = (struct seg_req){
		.what = "purgatory", .memsz = ph.memsz, .align = SEG_PAGE,
		.min = MiB, .max = 4 * GiB, .top_down = true,
	};
	ret = seg_place(in->place, req, n, &failed);
	if (ret == -ENOSPC)
		return diag_set(err, ret, 0, req[failed].what,
			    "no room for the %s (0x%llx bytes) in the memory a load may use",
			    req[failed].what, (unsigned long long)req[failed].memsz);
	if (ret)
		return diag_set(err, ret, 0, "segments", "cannot place the segments");

	params = calloc(1, l.size);
	purg = malloc(in->purgatory_len);
	if (!params || !purg) {
		free(params);
		free(purg);
		return diag_set(err, -ENOMEM, 0, "memory", "out of memory");
	}
	p.owned[p.nowned++] = params;
	p.owned[p.nowned++] = purg;

	/* The zero page. */
	{
		uint64_t base = req[n - 2].mem, cmd = base + l.cmdline_off;
		uint64_t chain = 0;

		bp = (struct boot_params *)params;
		memcpy((uint8_t *)bp + offsetof(struct boot_params, hdr),
		       img->setup + offsetof(struct boot_params, hdr),
		       img->hdr_end - offsetof(struct boot_params, hdr));
		/* After the image's header: hardware_subarch lives inside it. */
		if (in->fw_boot_params)
			copy_firmware_fields(bp, (const struct boot_params *)in->fw_boot_params);
		if (in->acpi_rsdp)
			bp->acpi_rsdp_addr = in->acpi_rsdp;
		bp->hdr.type_of_loader = 0xff;	/* boot.rst: "undefined" loader */
		bp->hdr.cmd_line_ptr = (uint32_t)cmd;
		bp->ext_cmd_line_ptr = (uint32_t)(cmd >> 32);
		memcpy(params + l.cmdline_off, in->cmdline, cmdlen + 1);
		if (in->initrd_len) {
			bp->hdr.ramdisk_image = (uint32_t)req[1].mem;
			bp->ext_ramdisk_image = (uint32_t)(req[1].mem >> 32);
			bp->hdr.ramdisk_size = (uint32_t)in->initrd_len;
			bp->ext_ramdisk_size = (uint32_t)((uint64_t)in->initrd_len >> 32);
		}

		/* A fresh setup_data chain, built back to front; the old one
		 * described the previous boot's memory and is never kept. */
		if (l.rng_len) {
			struct setup_data sd = {
				.next = 0, .type = SETUP_RNG_SEED, .len = (uint32_t)in->rng_seed_len,
			};

			memcpy(params + l.rng_off, &sd, sizeof(sd));
			memcpy(params + l.rng_off + sizeof(sd), in->rng_seed, in->rng_seed_len);
			chain = base + l.rng_off;
		}
		ret = e820_encode(in->boot, bp, l.ext_len ? params + l.ext_off : NULL, l.ext_len);
		if (ret) {
			load_plan_free(&p);
			return diag_set(err, ret, 0, "e820", "the memory map cannot be encoded");
		}
		if (l.ext_len) {
			memcpy(params + l.ext_off, &chain, sizeof(chain));	/* setup_data.next */
			chain = base + l.ext_off;
		}
		bp->hdr.setup_data = chain;
		p.e820_zeropage = bp->e820_entries;
		p.e820_ext = (unsigned)(in->boot->n - bp->e820_entries);
		p.cmdline_addr = cmd;
		p.cmdline_len = cmdlen;
	}

	/* The segments, in address-independent order: kernel, initrd, params, purgatory. */
	load_add_segment(&p, "kernel", img->kernel, img->kernel_len, req[0].mem, img->init_size,
			 img->setup_len, true);
	if (in->initrd_len)
		load_add_segment(&p, "initrd", in->initrd, in->initrd_len, req[1].mem,
				 in->initrd_len, 0, true);
	load_add_segment(&p, "boot_params", params, l.size, req[n - 2].mem, l.size, 0, false);

	/* Purgatory's parameter block: the one place the loader writes into it. */
	memcpy(purg, in->purgatory, in->purgatory_len);
	pp.flags = in->purgatory_flags;
	pp.entry = req[0].mem + BZ_ENTRY64_OFFSET;
	pp.arg0 = req[n - 2].mem;
	pp.serial_kind = in->serial_port ? PURGATORY_SERIAL_8250_PIO : PURGATORY_SERIAL_NONE;
	pp.serial_base = in->serial_port;
	load_seal_purgatory(&p, purg, in->purgatory_len, &ph, req[n - 1].mem, &pp);

	p.kernel_entry = pp.entry;
	*out = p;
	return 0;
}
