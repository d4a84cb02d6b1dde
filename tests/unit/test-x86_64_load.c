// SPDX-License-Identifier: GPL-2.0-or-later
/* The x86_64 loader: zero page, setup_data chain, placement, purgatory block. */
#include <errno.h>
#include <stdlib.h>

#include "../../purgatory/ckhash.h"
#include "arch/x86_64/bootparam.h"
#include "arch/x86_64/x86_64_load.h"
#include "fakebz.h"
#include "harness.h"
#include "memtype.h"

static uint8_t kbuf[FAKEBZ_SETUP_LEN + 0x10000];
static uint8_t initrd[0x5000];
static uint8_t purg[0x1000];
static uint8_t oldbp[4096];
static const uint8_t seed[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

struct env {
	struct bzimage img;
	struct range_list boot, place;
	struct x86_64_load_in in;
	struct load_plan p;
	struct diag d;
};

static void setup(struct env *e, size_t nboot)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct purgatory_header h = { PURGATORY_MAGIC, PURGATORY_VERSION, 0x40, 0x3000 };
	struct boot_params *old = (struct boot_params *)oldbp;

	memset(e, 0, sizeof(*e));
	fakebz_build(kbuf, &f);
	CHECK_INT(bzimage_probe(kbuf, sizeof(kbuf), &e->img, &e->d), 0);
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
	memset(purg, 0xcc, sizeof(purg));
	memcpy(purg + PURGATORY_HEADER_OFFSET, &h, sizeof(h));

	/* The running kernel's zero page, with firmware facts to keep and an
	 * old setup_data chain to drop. */
	memset(oldbp, 0, sizeof(oldbp));
	memset(old->efi_info, 0xe1, sizeof(old->efi_info));
	memset(old->screen_info, 0x5c, sizeof(old->screen_info));
	old->acpi_rsdp_addr = 0xf59d0;
	old->hdr.hardware_subarch = 0;
	old->hdr.hardware_subarch_data = 0x1234;
	old->hdr.setup_data = 0xdeadbeef000;
	old->e820_entries = 99;

	e->boot.max = e->place.max = 0;
	range_list_add(&e->boot, 0, 0x9fc00, MT_RAM, 0);
	range_list_add(&e->boot, 0x100000, 0x80000000, MT_RAM, 0);
	for (size_t i = 2; i < nboot; i++)	/* small reserved ranges above 4 GiB */
		range_list_add(&e->boot, 0x100000000ull + i * 0x2000, 0x100000000ull + i * 0x2000 + 0x1000,
			       MT_RESERVED, 0);
	range_list_add(&e->place, 0x1000, 0x9fc00, 0, 0);
	range_list_add(&e->place, 0x100000, 0x60000000, 0, 0);	/* pmem above, as in pmem-top */

	e->in = (struct x86_64_load_in){
		.img = &e->img, .initrd = initrd, .initrd_len = sizeof(initrd),
		.cmdline = "console=ttyS0 panic=-1", .boot = &e->boot, .place = &e->place,
		.fw_boot_params = oldbp, .rng_seed = seed, .rng_seed_len = sizeof(seed),
		.purgatory = purg, .purgatory_len = sizeof(purg), .serial_port = 0x3f8,
	};
}

static void teardown(struct env *e)
{
	load_plan_free(&e->p);
	range_list_free(&e->boot);
	range_list_free(&e->place);
}

static const struct load_segment *seg(const struct env *e, const char *what)
{
	for (size_t i = 0; i < e->p.nseg; i++)
		if (!strcmp(e->p.seg[i].what, what))
			return &e->p.seg[i];
	return NULL;
}

TEST(segments_are_placed_inside_place_and_never_overlap)
{
	struct env e;

	setup(&e, 7);
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	CHECK_INT(e.p.nseg, 4);
	CHECK_U64(seg(&e, "kernel")->mem, 0x1000000);	/* pref_address */
	CHECK_U64(seg(&e, "kernel")->memsz, 0x3f98000);
	CHECK_U64(seg(&e, "initrd")->mem, 0x60000000 - 0x5000);
	for (size_t i = 0; i < e.p.nseg; i++) {
		const struct load_segment *s = &e.p.seg[i];
		bool in = false;

		for (size_t k = 0; k < e.place.n; k++)
			in |= s->mem >= e.place.v[k].start && s->mem + s->memsz <= e.place.v[k].end;
		CHECK(in);
		CHECK(!(s->mem & 0xfff) && !(s->memsz & 0xfff));
		for (size_t j = 0; j < i; j++)
			CHECK(s->mem >= e.p.seg[j].mem + e.p.seg[j].memsz ||
			      e.p.seg[j].mem >= s->mem + s->memsz);
	}
	CHECK_U64(e.p.entry, seg(&e, "purgatory")->mem);
	CHECK_U64(e.p.kernel_entry, 0x1000200);
	teardown(&e);
}

TEST(zero_page_takes_the_image_header_and_our_pointers)
{
	struct env e;
	const struct boot_params *bp;
	const struct load_segment *ps;

	setup(&e, 7);
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	ps = seg(&e, "boot_params");
	bp = ps->buf;
	CHECK_INT(bp->hdr.boot_flag, 0xaa55);
	CHECK_U64(bp->hdr.header, 0x53726448);
	CHECK_INT(bp->hdr.version, 0x020f);
	CHECK_INT(bp->hdr.type_of_loader, 0xff);
	CHECK_U64(bp->hdr.cmd_line_ptr, ps->mem + 4096);
	CHECK_INT(bp->ext_cmd_line_ptr, 0);
	CHECK_STR((const char *)ps->buf + 4096, "console=ttyS0 panic=-1");
	CHECK_U64(bp->hdr.ramdisk_image, seg(&e, "initrd")->mem);
	CHECK_U64(bp->hdr.ramdisk_size, sizeof(initrd));
	CHECK_INT(bp->e820_entries, 7);
	CHECK_U64(bp->e820_table[1].addr, 0x100000);
	CHECK_U64(bp->e820_table[1].size, 0x7ff00000);
	CHECK_INT(bp->e820_table[1].type, 1);
	teardown(&e);
}

TEST(firmware_fields_are_kept_and_the_old_chain_is_not)
{
	struct env e;
	const struct boot_params *bp;
	uint8_t efi[0x20];

	setup(&e, 7);
	e.in.acpi_rsdp = 0;
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	bp = seg(&e, "boot_params")->buf;
	memset(efi, 0xe1, sizeof(efi));
	CHECK(!memcmp(bp->efi_info, efi, sizeof(efi)));
	CHECK_INT(bp->screen_info[0], 0x5c);
	CHECK_U64(bp->acpi_rsdp_addr, 0xf59d0);
	CHECK_U64(bp->hdr.hardware_subarch_data, 0x1234);
	CHECK(bp->hdr.setup_data != 0xdeadbeef000);
	teardown(&e);

	setup(&e, 7);
	e.in.acpi_rsdp = 0x7ffe1b88;	/* from the EFI system table */
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	CHECK_U64(((const struct boot_params *)seg(&e, "boot_params")->buf)->acpi_rsdp_addr, 0x7ffe1b88);
	teardown(&e);
}

/* Walk the setup_data chain inside the boot_params segment. */
static const struct setup_data *node_at(const struct load_segment *ps, uint64_t addr)
{
	if (addr < ps->mem || addr + sizeof(struct setup_data) > ps->mem + ps->bufsz)
		return NULL;
	return (const struct setup_data *)((const uint8_t *)ps->buf + (addr - ps->mem));
}

TEST(setup_data_chain_holds_e820_extension_then_rng_seed)
{
	struct env e;
	const struct load_segment *ps;
	const struct boot_params *bp;
	const struct setup_data *ext, *rng;
	struct boot_e820_entry ent;

	setup(&e, 300);
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	ps = seg(&e, "boot_params");
	bp = ps->buf;
	CHECK_INT(bp->e820_entries, 128);
	CHECK_INT(e.p.e820_zeropage, 128);
	CHECK_INT(e.p.e820_ext, 172);
	ext = node_at(ps, bp->hdr.setup_data);
	CHECK(ext != NULL);
	if (!ext)
		return;
	CHECK_INT(ext->type, SETUP_E820_EXT);
	CHECK_INT(ext->len, 172 * 20);
	memcpy(&ent, ext->data + 171 * 20, sizeof(ent));
	CHECK_U64(ent.addr, e.boot.v[299].start);
	rng = node_at(ps, ext->next);
	CHECK(rng != NULL);
	if (!rng)
		return;
	CHECK_INT(rng->type, SETUP_RNG_SEED);
	CHECK_INT(rng->len, 32);
	CHECK(!memcmp(rng->data, seed, 32));
	CHECK_U64(rng->next, 0);
	teardown(&e);
}

TEST(purgatory_block_holds_entry_args_and_checksums)
{
	struct env e;
	const struct load_segment *pg;
	struct purgatory_params pp;

	setup(&e, 7);
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	pg = seg(&e, "purgatory");
	CHECK_U64(pg->memsz, 0x3000);
	memcpy(&pp, (const uint8_t *)pg->buf + 0x40, sizeof(pp));
	CHECK_U64(pp.magic, PURGATORY_MAGIC);
	CHECK_U64(pp.version, PURGATORY_VERSION);
	CHECK_U64(pp.entry, seg(&e, "kernel")->mem + 0x200);
	CHECK_U64(pp.arg0, seg(&e, "boot_params")->mem);
	CHECK_INT(pp.serial_kind, PURGATORY_SERIAL_8250_PIO);
	CHECK_U64(pp.serial_base, 0x3f8);
	CHECK_INT(pp.nr_segments, 3);
	for (uint32_t i = 0; i < pp.nr_segments; i++) {
		CHECK_U64(pp.seg[i].mem, e.p.seg[i].mem);
		CHECK_U64(pp.seg[i].len, e.p.seg[i].bufsz);
		CHECK_U64(pp.seg[i].hash, ckhash64(e.p.seg[i].buf, e.p.seg[i].bufsz, 0));
	}
	CHECK_U64(pp.seg[0].len, 0x10000);	/* the kernel's file bytes, not init_size */
	CHECK(!memcmp(pg->buf, purg, 0x40));	/* only the block was written */
	teardown(&e);
}

TEST(no_checks_sets_the_flag_and_no_hashes)
{
	struct env e;
	struct purgatory_params pp;

	setup(&e, 7);
	e.in.purgatory_flags = PURGATORY_F_NO_CHECKS;
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	memcpy(&pp, (const uint8_t *)seg(&e, "purgatory")->buf + 0x40, sizeof(pp));
	CHECK_INT(pp.flags, PURGATORY_F_NO_CHECKS);
	CHECK_U64(pp.seg[0].hash, 0);
	teardown(&e);
}

TEST(command_line_longer_than_the_kernel_takes)
{
	struct env e;
	char *big = malloc(2049);

	setup(&e, 7);
	memset(big, 'a', 2048);
	big[2048] = '\0';
	e.in.cmdline = big;
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), -E2BIG);
	CHECK(strstr(e.d.msg, "2048 bytes, the kernel accepts at most 2047") != NULL);
	big[2047] = '\0';
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), 0);
	teardown(&e);
	free(big);
}

TEST(no_room_names_the_segment)
{
	struct env e;

	setup(&e, 7);
	e.place.n = 0;
	range_list_add(&e.place, 0x100000, 0x4000000, 0, 0);	/* 63 MiB: no kernel fits at 16 MiB */
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), -ENOSPC);
	CHECK_STR(e.d.field, "kernel");
	teardown(&e);
}

TEST(bad_purgatory_image_is_refused)
{
	struct env e;

	setup(&e, 7);
	purg[PURGATORY_HEADER_OFFSET] ^= 0xff;
	CHECK_INT(x86_64_load(&e.in, &e.p, &e.d), -EINVAL);
	CHECK_STR(e.d.field, "purgatory");
	teardown(&e);
}
