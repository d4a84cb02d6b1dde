// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "arch/arm64/dtb_chosen.h"
#include "plan_print.h"

static const char *file_of(const struct plan_view *v, const struct load_segment *s)
{
	if (!s->from_file)
		return "(built)";
	return !strcmp(s->what, "initrd") ? v->initrd_path : v->kernel_path;
}

/* arm64: the device tree handed over, and its memory nodes read back from it. */
static void dtb_print(FILE *f, const struct load_plan *p)
{
	struct range_list mem = RANGE_LIST_INIT(0);
	const void *fdt = NULL;

	for (size_t i = 0; i < p->nseg; i++)
		if (p->seg[i].mem == p->dtb_addr && !p->seg[i].from_file)
			fdt = p->seg[i].buf;
	fprintf(f, "\ndevice tree: 0x%" PRIx64 " (%zu bytes), memory nodes %s\n", p->dtb_addr,
		p->dtb_len,
		p->dtb_memory == LOAD_DTB_MEM_REWRITTEN ? "rewritten from the plan's boot RAM" :
		p->dtb_memory == LOAD_DTB_MEM_ADDED ?
		"added from the plan's boot RAM (the tree had none)" :
		"left alone: a UEFI boot, the kernel takes its memory map from linux,uefi-mmap-*");
	if (fdt && !dtb_memory_ranges(fdt, &mem))
		for (size_t i = 0; i < mem.n; i++)
			fprintf(f, "dtb memory: 0x%016" PRIx64 "-0x%016" PRIx64 "\n", mem.v[i].start,
				mem.v[i].end);
	range_list_free(&mem);
}

/* kexec -p: the reservation, the ELF core header, what it dumps. */
static void crash_print(FILE *f, const struct plan_view *v)
{
	const struct load_crash *c = &v->load->crash;
	const struct crash_plan *cp = v->crash;
	const struct range_list *d = &cp->dump;
	uint64_t bytes = range_list_bytes(d);

	fprintf(f, "\ncrash reservation: %zu region%s, 0x%" PRIx64 " bytes\n", cp->nregions,
		cp->nregions == 1 ? "" : "s", cp->reserved);
	for (size_t i = 0; i < cp->nregions; i++)
		fprintf(f, "crash region: 0x%016" PRIx64 "-0x%016" PRIx64 " (iomem line %u)\n",
			cp->region[i].start, cp->region[i].end,
			v->mem->iomem->nodes[cp->region[i].node].line);
	fprintf(f, "elfcorehdr: 0x%016" PRIx64 " (0x%zx bytes, %" PRIu64 " program headers%s)\n",
		c->elfcorehdr, c->elfcorehdr_len, c->phnum,
		c->phnum >= 0xffff ? ", extended numbering (PN_XNUM)" : "");
	fprintf(f, "dump: %zu PT_LOADs, 0x%" PRIx64 " bytes%s\n", d->n, bytes,
		cp->machine == EM_X86_64 ?
		"; the first MiB is the capture kernel's, left out" : "");
	for (size_t i = 0; i < d->n; i++)
		fprintf(f, "PT_LOAD: 0x%016" PRIx64 "-0x%016" PRIx64 "\n", d->v[i].start,
			d->v[i].end);
	for (size_t i = 0; i < c->nusable; i++)
		fprintf(f, "linux,usable-memory-range: 0x%016" PRIx64 "-0x%016" PRIx64 "\n",
			c->usable[i].start, c->usable[i].end);
}

void plan_print(FILE *f, const struct plan_view *v)
{
	const struct load_plan *p = v->load;
	const struct purgatory_params *pp = &p->pparams;
	const struct memmap_plan *mp = v->mem->plan;
	char why[160];

	fprintf(f, "image: %s (%s)\n", v->kernel_path, v->format);
	fprintf(f, "initrd: %s\n", v->initrd_path ? v->initrd_path : "(none)");
	fprintf(f, "command line: \"%s\" (%zu bytes at 0x%" PRIx64 ")\n", v->cmdline,
		p->cmdline_len, p->cmdline_addr);
	fprintf(f, "syscall: %s\n", v->syscall);
	fprintf(f, "entry: 0x%" PRIx64 " (purgatory), then the kernel at 0x%" PRIx64 "\n",
		p->entry, p->kernel_entry);

	fprintf(f, "\nsegments: %zu\n", p->nseg);
	for (size_t i = 0; i < p->nseg; i++) {
		const struct load_segment *s = &p->seg[i];

		fprintf(f, "segment %zu: %-11s mem 0x%016" PRIx64 "-0x%016" PRIx64
			" memsz 0x%" PRIx64 " from %s", i, s->what, s->mem, s->mem + s->memsz,
			s->memsz, file_of(v, s));
		if (s->from_file)
			fprintf(f, " bytes 0x%" PRIx64 "-0x%" PRIx64, s->file_off,
				s->file_off + (uint64_t)s->bufsz);
		else
			fprintf(f, " (0x%zx bytes)", s->bufsz);
		fputc('\n', f);
	}

	fprintf(f, "\npurgatory: entry 0x%" PRIx64 ", arg 0x%" PRIx64 ", checks %s, serial %s 0x%" PRIx64 "\n",
		pp->entry, pp->arg0, pp->flags & PURGATORY_F_NO_CHECKS ? "off (--no-checks)" : "on",
		pp->serial_kind == PURGATORY_SERIAL_NONE ? "none" :
		pp->serial_kind == PURGATORY_SERIAL_8250_PIO ? "port" : "mmio", pp->serial_base);
	for (uint32_t i = 0; i < pp->nr_segments; i++)
		fprintf(f, "  check 0x%016" PRIx64 " +0x%" PRIx64 " ckhash64 0x%016" PRIx64 "\n",
			pp->seg[i].mem, pp->seg[i].len, pp->seg[i].hash);

	if (v->crash && p->crash.on)
		crash_print(f, v);
	if (p->dtb_len) {
		dtb_print(f, p);
	} else if (v->crash && p->crash.on) {
		/* The capture kernel's map, printed as the plan's would be. */
		struct memmap_plan capture = *v->mem->plan;
		struct memmap_view cv = *v->mem;

		capture.boot = p->crash.map;
		cv.plan = &capture;
		fprintf(f, "\ne820 (capture kernel): %u entries in boot_params, %u in SETUP_E820_EXT\n",
			p->e820_zeropage, p->e820_ext);
		memmap_print(f, &cv, MEMMAP_FMT_E820);
	} else {
		fprintf(f, "\ne820: %u entries in boot_params, %u in SETUP_E820_EXT\n",
			p->e820_zeropage, p->e820_ext);
		memmap_print(f, v->mem, MEMMAP_FMT_E820);
	}

	fprintf(f, "\nmemory map decisions: %s\n", mp->from_fwmap ?
		"/sys/firmware/memmap is the base, cross-checked with /proc/iomem" :
		"no firmware map: the base is /proc/iomem");
	for (size_t i = 0; i < mp->ndrops; i++) {
		const struct memmap_drop *d = &mp->drops[i];
		const struct iomem_node *n = &v->mem->iomem->nodes[d->node];

		memmap_drop_reason(d, why, sizeof(why));
		fprintf(f, "dropped: 0x%016" PRIx64 "-0x%016" PRIx64 " %.*s: %s\n", d->start, d->end,
			(int)n->name_len, n->name, why);
	}
	for (size_t i = 0; i < mp->nconflicts; i++) {
		const struct memmap_conflict *c = &mp->conflicts[i];
		const struct iomem_node *n = &v->mem->iomem->nodes[c->node];

		memmap_conflict_resolution(c, why, sizeof(why));
		fprintf(f, "conflict: 0x%016" PRIx64 "-0x%016" PRIx64 " firmware: %s; iomem: %.*s; %s\n",
			c->start, c->end, memtype_kernel_name(c->fw_type), (int)n->name_len, n->name, why);
	}
	if (!mp->ndrops && !mp->nconflicts)
		fprintf(f, "nothing dropped, no conflicts\n");
}
