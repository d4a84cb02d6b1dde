// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen-iomem: write a fake sysroot with a large, realistic x86 /proc/iomem.
 *
 *   gen-iomem N OUTDIR [FW_MAX]
 *
 * Writes OUTDIR/proc/iomem with about N lines and OUTDIR/sys/firmware/memmap/
 * K/{start,end,type} for the top-level System RAM and Reserved ranges.  The
 * output depends on N and FW_MAX only.
 *
 * The map starts with the low 4 GiB of a QEMU x86 guest (low reserved
 * pages, ROMs, the boot RAM with the kernel's sections and a Crash kernel,
 * the PCI hole).  Above 4 GiB it repeats zones, each:
 *
 *  - a run of adjacent 256 MiB "System RAM" nodes, some with nested
 *    "reserved" children, then a 2 MiB top-level "Reserved";
 *  - non-RAM 256 MiB windows: "PCI Bus" windows whose devices nest bridges
 *    up to 7 levels deep (past the kernel's 5-level indentation cap),
 *    "virtioK" holding "System RAM (virtio_mem)" blocks, "Persistent Memory"
 *    holding a namespace and "daxK.0" with "System RAM (kmem)", "Soft
 *    Reserved" with the same, plain persistent memory, MMCONFIG windows.
 *
 * Each zone adds two firmware map entries (its RAM run and its Reserved),
 * and there are as many zones as keep the firmware map at FW_MAX entries,
 * N/10 by default (at least 8): firmware maps stay short while /proc/iomem
 * grows.  The kernel's e820 table holds at most 3200 entries
 * (E820_MAX_ENTRIES with 1024 NUMA nodes), so FW_MAX=3200 is the largest
 * map real x86 firmware hands over.
 * Addresses strictly increase and children lie inside their parents, so
 * the file parses; OUTDIR/sys/firmware/memmap must not exist yet.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MiB ((uint64_t)1 << 20)
#define WINDOW (256 * MiB)	/* every high element spans one window */
#define MAX_INDENT 5		/* kernel/resource.c: MAX_IORES_LEVEL */

enum fw_type { FW_RAM, FW_RESERVED };

struct fw_entry {
	uint64_t start, end;	/* end exclusive */
	enum fw_type type;
};

struct gen {
	FILE *f;
	uint64_t lines;
	uint64_t rng;
	struct fw_entry *fw;
	size_t nfw, fw_cap;
	unsigned bus, virtio, dax, pmem;
};

static void die(const char *what, const char *path)
{
	fprintf(stderr, "gen-iomem: %s%s%s: %s\n", what, path ? " " : "",
		path ? path : "", strerror(errno));
	exit(1);
}

/* xorshift64*: fixed seed, so the output depends on N only. */
static unsigned rnd(struct gen *g, unsigned n)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return (unsigned)((g->rng * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

static void node(struct gen *g, unsigned depth, uint64_t start, uint64_t end,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One line, as r_show() prints it: [start, end) with an inclusive end. */
static void node(struct gen *g, unsigned depth, uint64_t start, uint64_t end,
		 const char *fmt, ...)
{
	unsigned indent = depth < MAX_INDENT ? depth : MAX_INDENT;
	va_list ap;

	fprintf(g->f, "%*s%08llx-%08llx : ", (int)indent * 2, "",
		(unsigned long long)start, (unsigned long long)(end - 1));
	va_start(ap, fmt);
	vfprintf(g->f, fmt, ap);
	va_end(ap);
	fputc('\n', g->f);
	g->lines++;
}

/* A firmware map entry; adjacent ranges of one type make one entry. */
static void fw_add(struct gen *g, uint64_t start, uint64_t end, enum fw_type type)
{
	struct fw_entry *last = g->nfw ? &g->fw[g->nfw - 1] : NULL;

	if (last && last->end == start && last->type == type) {
		last->end = end;
		return;
	}
	if (g->nfw == g->fw_cap) {
		size_t cap = g->fw_cap ? g->fw_cap * 2 : 64;
		struct fw_entry *v = realloc(g->fw, cap * sizeof(*v));

		if (!v)
			die("out of memory", NULL);
		g->fw = v;
		g->fw_cap = cap;
	}
	g->fw[g->nfw++] = (struct fw_entry){ start, end, type };
}

/* The low 4 GiB of a QEMU pc guest, as in the lab captures. */
static void low_memory(struct gen *g)
{
	node(g, 0, 0x0, 0x1000, "Reserved");
	node(g, 0, 0x1000, 0x9fc00, "System RAM");
	node(g, 0, 0x9fc00, 0xa0000, "Reserved");
	node(g, 0, 0xa0000, 0xc0000, "PCI Bus 0000:00");
	node(g, 0, 0xc0000, 0xc9c00, "Video ROM");
	node(g, 0, 0xca000, 0xcae00, "Adapter ROM");
	node(g, 0, 0xf0000, 0x100000, "Reserved");
	node(g, 1, 0xf0000, 0x100000, "System ROM");
	node(g, 0, 0x100000, 0x7ffdf000, "System RAM");
	node(g, 1, 0x15000000, 0x35000000, "Crash kernel");
	node(g, 1, 0x37a00000, 0x38801d32, "Kernel code");
	node(g, 1, 0x38a00000, 0x392eb000, "Kernel rodata");
	node(g, 1, 0x39400000, 0x39648980, "Kernel data");
	node(g, 1, 0x39d10000, 0x3ae00000, "Kernel bss");
	node(g, 0, 0x7ffdf000, 0x80000000, "Reserved");
	node(g, 0, 0x80000000, 0xfec00000, "PCI Bus 0000:00");
	node(g, 1, 0xfd000000, 0xfe000000, "0000:00:02.0");
	node(g, 1, 0xfeb80000, 0xfebc0000, "0000:00:03.0");
	node(g, 1, 0xfebf0000, 0xfebf1000, "0000:00:02.0");
	node(g, 0, 0xfec00000, 0xfec00400, "IOAPIC 0");
	node(g, 0, 0xfed00000, 0xfed00400, "HPET 0");
	node(g, 1, 0xfed00000, 0xfed00400, "PNP0103:00");
	node(g, 0, 0xfee00000, 0xfee01000, "Local APIC");
	node(g, 0, 0xfffc0000, 0x100000000, "Reserved");

	fw_add(g, 0x0, 0x9fc00, FW_RAM);
	fw_add(g, 0x9fc00, 0xa0000, FW_RESERVED);
	fw_add(g, 0xf0000, 0x100000, FW_RESERVED);
	fw_add(g, 0x100000, 0x7ffdf000, FW_RAM);
	fw_add(g, 0x7ffdf000, 0x80000000, FW_RESERVED);
	fw_add(g, 0xfffc0000, 0x100000000, FW_RESERVED);
}

/* A hot-pluggable RAM block: 256 MiB, up to four nested reservations. */
static void ram_block(struct gen *g, uint64_t at)
{
	unsigned k = rnd(g, 5);

	node(g, 0, at, at + WINDOW, "System RAM");
	for (unsigned i = 0; i < k; i++) {
		uint64_t s = at + (uint64_t)i * (WINDOW / 4) + rnd(g, 16) * MiB;

		node(g, 1, s, s + (1 + rnd(g, 8)) * 64 * 1024, "reserved");
	}
}

/* A PCI window: devices in eight slots, each behind a chain of bridges,
 * so nesting goes past the indentation cap. */
static void pci_window(struct gen *g, uint64_t at)
{
	unsigned bus = g->bus++ % 256, ndev = 1 + rnd(g, 6);

	node(g, 0, at, at + WINDOW, "PCI Bus 0000:%02x", bus);
	for (unsigned d = 0; d < ndev; d++) {
		uint64_t s = at + (uint64_t)d * (WINDOW / 8);
		uint64_t size = WINDOW / 8;
		unsigned levels = 1 + rnd(g, 7);

		for (unsigned l = 1; l <= levels; l++, size /= 2) {
			if (l % 2)
				node(g, l, s, s + size, "0000:%02x:%02x.0", bus, d);
			else
				node(g, l, s, s + size, "PCI Bus 0000:%02x", (bus + l) % 256);
		}
	}
}

/* virtio-mem: a device window with plugged blocks of driver-managed RAM. */
static void virtio_mem(struct gen *g, uint64_t at)
{
	unsigned n = 1 + rnd(g, 8);

	node(g, 0, at, at + WINDOW, "virtio%u", g->virtio++);
	for (unsigned i = 0; i < n; i++) {
		uint64_t s = at + (uint64_t)i * (WINDOW / 8);

		node(g, 1, s, s + WINDOW / 8, "System RAM (virtio_mem)");
	}
}

/* An NVDIMM namespace in devdax mode, onlined as System RAM (kmem). */
static void pmem_kmem(struct gen *g, uint64_t at)
{
	unsigned id = g->dax++;

	node(g, 0, at, at + WINDOW, "Persistent Memory");
	node(g, 1, at, at + 18 * MiB, "namespace%u.0", id);
	node(g, 1, at + 128 * MiB, at + WINDOW, "dax%u.0", id);
	node(g, 2, at + 128 * MiB, at + WINDOW, "System RAM (kmem)");
}

/* EFI specific-purpose memory handed to kmem. */
static void soft_reserved_kmem(struct gen *g, uint64_t at)
{
	unsigned id = g->dax++;

	node(g, 0, at, at + WINDOW, "Soft Reserved");
	node(g, 1, at, at + WINDOW, "dax%u.0", id);
	node(g, 2, at, at + WINDOW, "System RAM (kmem)");
}

/* Persistent memory used as a block device. */
static void pmem_plain(struct gen *g, uint64_t at)
{
	unsigned id = g->pmem++;

	if (rnd(g, 4)) {
		node(g, 0, at, at + WINDOW, "Persistent Memory");
		node(g, 1, at, at + WINDOW, "namespace%u.0", id);
	} else {
		node(g, 0, at, at + WINDOW, "Persistent Memory (legacy)");
		node(g, 1, at, at + WINDOW, "pmem%u", id);
	}
}

static void mmconfig(struct gen *g, uint64_t at)
{
	node(g, 0, at, at + WINDOW, "PCI MMCONFIG %04x [bus 00-ff]", g->bus % 0x10000);
	node(g, 1, at, at + WINDOW, "Reserved");
}

/* One zone: a RAM run and a Reserved (two firmware entries), then non-RAM
 * windows until the zone has used its share of lines. */
static uint64_t zone(struct gen *g, uint64_t at, uint64_t budget, uint64_t n)
{
	uint64_t first = g->lines, run = at;

	do {
		ram_block(g, at);
		at += WINDOW;
	} while (g->lines - first < budget * 55 / 100);
	fw_add(g, run, at, FW_RAM);

	node(g, 0, at, at + 2 * MiB, "Reserved");
	fw_add(g, at, at + 2 * MiB, FW_RESERVED);
	at += WINDOW;

	while (g->lines - first < budget && g->lines < n) {
		unsigned r = rnd(g, 100);

		if (r < 50)
			pci_window(g, at);
		else if (r < 65)
			virtio_mem(g, at);
		else if (r < 75)
			pmem_kmem(g, at);
		else if (r < 82)
			soft_reserved_kmem(g, at);
		else if (r < 92)
			pmem_plain(g, at);
		else
			mmconfig(g, at);
		at += WINDOW;
	}
	return at;
}

static void mkdir_or_die(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		die("cannot create", path);
}

static void write_file(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void write_file(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	va_list ap;

	if (!f)
		die("cannot create", path);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	if (fclose(f))
		die("cannot write", path);
}

static void write_fwmap(const struct gen *g, const char *dir)
{
	static const char *const names[] = { "System RAM", "Reserved" };
	size_t len = strlen(dir) + 64;
	char *p = malloc(len);

	if (!p)
		die("out of memory", NULL);
	snprintf(p, len, "%s/sys", dir);
	mkdir_or_die(p);
	snprintf(p, len, "%s/sys/firmware", dir);
	mkdir_or_die(p);
	snprintf(p, len, "%s/sys/firmware/memmap", dir);
	if (mkdir(p, 0755))
		die("cannot create (it must not exist yet)", p);
	for (size_t i = 0; i < g->nfw; i++) {
		const struct fw_entry *e = &g->fw[i];

		snprintf(p, len, "%s/sys/firmware/memmap/%zu", dir, i);
		mkdir_or_die(p);
		snprintf(p, len, "%s/sys/firmware/memmap/%zu/start", dir, i);
		write_file(p, "0x%llx\n", (unsigned long long)e->start);
		snprintf(p, len, "%s/sys/firmware/memmap/%zu/end", dir, i);
		write_file(p, "0x%llx\n", (unsigned long long)(e->end - 1));
		snprintf(p, len, "%s/sys/firmware/memmap/%zu/type", dir, i);
		write_file(p, "%s\n", names[e->type]);
	}
	free(p);
}

int main(int argc, char **argv)
{
	struct gen g = { .rng = 0x9e3779b97f4a7c15ULL };
	uint64_t n, at = 0x100000000ULL, zones, budget, fw_max;
	static char buf[1 << 20];
	char *end, *path;
	size_t len;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: gen-iomem N OUTDIR [FW_MAX]\n");
		return 2;
	}
	errno = 0;
	n = strtoull(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n == 0 || n > 100000000) {
		fprintf(stderr, "gen-iomem: N must be a number from 1 to 100000000\n");
		return 2;
	}
	fw_max = n / 10;
	if (argc == 4) {
		errno = 0;
		fw_max = strtoull(argv[3], &end, 10);
		if (errno || end == argv[3] || *end || fw_max > 10000000) {
			fprintf(stderr, "gen-iomem: FW_MAX must be a number up to 10000000\n");
			return 2;
		}
	}
	if (fw_max < 8)
		fw_max = 8;

	len = strlen(argv[2]) + 32;
	path = malloc(len);
	if (!path)
		die("out of memory", NULL);
	/* Entries left from another run would join the map: refuse first. */
	snprintf(path, len, "%s/sys/firmware/memmap", argv[2]);
	if (!access(path, F_OK)) {
		errno = EEXIST;
		die("refusing to write into", path);
	}
	mkdir_or_die(argv[2]);
	snprintf(path, len, "%s/proc", argv[2]);
	mkdir_or_die(path);
	snprintf(path, len, "%s/proc/iomem", argv[2]);
	g.f = fopen(path, "w");
	if (!g.f)
		die("cannot create", path);
	setvbuf(g.f, buf, _IOFBF, sizeof(buf));

	low_memory(&g);
	/* Two firmware entries a zone, the low memory's six before them. */
	zones = (fw_max - g.nfw) / 2;
	/* Rounded up, so the zones planned reach N lines. */
	budget = n > g.lines ? (n - g.lines + zones - 1) / zones : 0;
	if (budget < 2)
		budget = 2;
	while (g.lines < n)
		at = zone(&g, at, budget, n);

	if (fclose(g.f))
		die("cannot write", path);
	write_fwmap(&g, argv[2]);
	printf("%s: %llu lines of proc/iomem, %zu firmware map entries\n", argv[2],
	       (unsigned long long)g.lines, g.nfw);
	free(path);
	free(g.fw);
	return 0;
}
