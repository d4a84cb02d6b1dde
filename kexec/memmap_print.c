// SPDX-License-Identifier: GPL-2.0-or-later
/* Writing a memory plan as a table, as BIOS-e820 lines or as JSON. */
#include <inttypes.h>
#include <string.h>

#include "memmap_print.h"
#include "memtype.h"

void memmap_conflict_resolution(const struct memmap_conflict *c, char *buf, size_t size)
{
	if (c->rule == R4_ORDINARY)
		snprintf(buf, size, "kept as ram (rule R4: System RAM the firmware map does not list)");
	else if (c->fw_type == MT_RAM)
		snprintf(buf, size, "iomem wins: %s (rule R5)", memtype_short_name(c->result));
	else
		snprintf(buf, size, "firmware type kept: %s (rule R5)", memtype_short_name(c->result));
}

void memmap_drop_reason(const struct memmap_drop *d, char *buf, size_t size)
{
	if (d->rule == R3_DRIVER)
		snprintf(buf, size, "rule R3: driver-managed RAM");
	else
		snprintf(buf, size, "rule R5: iomem claims it, boot gets %s",
			 memtype_short_name(d->became));
}

static void json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);	/* bytes, read as Latin-1 */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
	json_string(f, s, strlen(s));
}

static void json_ranges(FILE *f, const char *key, const struct range_list *l,
			bool typed, bool last)
{
	fprintf(f, "  \"%s\": [", key);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(f, "%s\n    {\"start\": \"0x%" PRIx64 "\", \"end\": \"0x%" PRIx64 "\"",
			i ? "," : "", l->v[i].start, l->v[i].end);
		if (typed)
			fprintf(f, ", \"type\": \"%s\"", memtype_short_name(l->v[i].type));
		fputc('}', f);
	}
	fprintf(f, "%s]%s\n", l->n ? "\n  " : "", last ? "" : ",");
}

static const struct iomem_node *node_of(const struct memmap_view *v, int32_t i)
{
	return i >= 0 && (size_t)i < v->iomem->n ? &v->iomem->nodes[i] : NULL;
}

static void print_json(FILE *f, const struct memmap_view *v)
{
	const struct memmap_plan *p = v->plan;
	char why[160];

	fprintf(f, "{\n  \"source\": \"%s\",\n",
		p->from_fwmap ? "firmware-memmap" : "iomem");
	json_ranges(f, "boot", &p->boot, true, false);
	json_ranges(f, "place", &p->place, false, false);
	json_ranges(f, "dump", &p->dump, false, false);

	fprintf(f, "  \"dropped\": [");
	for (size_t i = 0; i < p->ndrops; i++) {
		const struct memmap_drop *d = &p->drops[i];
		const struct iomem_node *n = node_of(v, d->node);

		fprintf(f, "%s\n    {\"start\": \"0x%" PRIx64 "\", \"end\": \"0x%" PRIx64
			"\", \"name\": ", i ? "," : "", d->start, d->end);
		json_string(f, n ? n->name : "", n ? n->name_len : 0);
		memmap_drop_reason(d, why, sizeof(why));
		fprintf(f, ", \"reason\": ");
		json_cstr(f, why);
		fputc('}', f);
	}
	fprintf(f, "%s],\n", p->ndrops ? "\n  " : "");

	fprintf(f, "  \"conflicts\": [");
	for (size_t i = 0; i < p->nconflicts; i++) {
		const struct memmap_conflict *c = &p->conflicts[i];
		const struct iomem_node *n = node_of(v, c->node);

		fprintf(f, "%s\n    {\"start\": \"0x%" PRIx64 "\", \"end\": \"0x%" PRIx64
			"\", \"firmware\": ", i ? "," : "", c->start, c->end);
		json_cstr(f, memtype_kernel_name(c->fw_type));
		fprintf(f, ", \"iomem\": ");
		json_string(f, n ? n->name : "", n ? n->name_len : 0);
		memmap_conflict_resolution(c, why, sizeof(why));
		fprintf(f, ", \"resolution\": ");
		json_cstr(f, why);
		fputc('}', f);
	}
	fprintf(f, "%s]\n}\n", p->nconflicts ? "\n  " : "");
}

static void print_e820(FILE *f, const struct memmap_view *v)
{
	const struct range_list *b = &v->plan->boot;

	/* arch/x86/kernel/e820.c, e820__print_table(): inclusive ends. */
	for (size_t i = 0; i < b->n; i++)
		fprintf(f, "BIOS-e820: [mem 0x%016" PRIx64 "-0x%016" PRIx64 "] %s\n",
			b->v[i].start, b->v[i].end - 1, memtype_e820_name(b->v[i].type));
}

static const char *human(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%" PRIu64 " B", bytes);
	else
		snprintf(buf, size, "%.1f %ciB", v, units[u]);
	return buf;
}

static void rules_text(uint16_t rules, char *buf, size_t size)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int r = R1_IOMEM_TREE; r <= R9_PLACE && k + 4 < size; r++) {
		if (rules & RULE_BIT(r))
			k += (size_t)snprintf(buf + k, size - k, "%sR%d", k ? " " : "", r);
	}
}

static void table_ranges(FILE *f, const char *title, const struct range_list *l, bool typed)
{
	char sz[32], rules[48];

	fprintf(f, "\n%s: %zu range%s, %s\n", title, l->n, l->n == 1 ? "" : "s",
		human(range_list_bytes(l), sz, sizeof(sz)));
	for (size_t i = 0; i < l->n; i++) {
		rules_text(l->v[i].rules, rules, sizeof(rules));
		fprintf(f, "  0x%016" PRIx64 "-0x%016" PRIx64 "  %10s", l->v[i].start,
			l->v[i].end, human(l->v[i].end - l->v[i].start, sz, sizeof(sz)));
		if (typed)
			fprintf(f, "  %-13s", memtype_short_name(l->v[i].type));
		fprintf(f, "  %s\n", rules);
	}
}

static void print_table(FILE *f, const struct memmap_view *v)
{
	const struct memmap_plan *p = v->plan;
	char why[160];

	if (p->from_fwmap)
		fprintf(f, "Memory plan: /sys/firmware/memmap (%zu entries) is the base (rule R5), "
			"cross-checked with /proc/iomem (%zu lines).\n", v->fw->n, v->iomem->n);
	else
		fprintf(f, "Memory plan: no /sys/firmware/memmap, so the base is the top level of "
			"/proc/iomem (%zu lines, rule R6).\n", v->iomem->n);
	fprintf(f, "Ranges are [start-end), end exclusive.\n");

	table_ranges(f, "boot (the next kernel's memory map)", &p->boot, true);
	table_ranges(f, "place (where a normal load may put segments)", &p->place, false);
	table_ranges(f, "dump (what a kdump core describes)", &p->dump, false);

	fprintf(f, "\ndropped (not handed to the next kernel as RAM): %zu\n", p->ndrops);
	for (size_t i = 0; i < p->ndrops; i++) {
		const struct memmap_drop *d = &p->drops[i];
		const struct iomem_node *n = node_of(v, d->node);

		memmap_drop_reason(d, why, sizeof(why));
		fprintf(f, "  0x%016" PRIx64 "-0x%016" PRIx64 "  %.*s (iomem line %u): %s\n",
			d->start, d->end, n ? (int)n->name_len : 0, n ? n->name : "",
			n ? n->line : 0, why);
	}

	fprintf(f, "\nconflicts (the firmware map and /proc/iomem disagree): %zu\n", p->nconflicts);
	for (size_t i = 0; i < p->nconflicts; i++) {
		const struct memmap_conflict *c = &p->conflicts[i];
		const struct iomem_node *n = node_of(v, c->node);

		memmap_conflict_resolution(c, why, sizeof(why));
		fprintf(f, "  0x%016" PRIx64 "-0x%016" PRIx64 "  firmware: %s", c->start, c->end,
			memtype_kernel_name(c->fw_type));
		if (c->fw_entry >= 0 && v->fw && (size_t)c->fw_entry < v->fw->n)
			fprintf(f, " (entry %u)", v->fw->v[c->fw_entry].index);
		fprintf(f, "; iomem: %.*s (line %u); %s\n", n ? (int)n->name_len : 0,
			n ? n->name : "", n ? n->line : 0, why);
	}

	if (!v->explain)
		return;
	fprintf(f, "\nexplain: every /proc/iomem line\n");
	for (size_t i = 0; i < v->iomem->n; i++) {
		const struct iomem_node *n = &v->iomem->nodes[i];

		fprintf(f, "  line %-6u %*s0x%" PRIx64 "-0x%" PRIx64 " %.*s: %s\n", n->line,
			(int)(2 * n->depth), "", n->start, n->end, (int)n->name_len, n->name,
			memmap_class_reason(p->node_class[i]));
	}
	if (v->fw) {
		fprintf(f, "\nexplain: every firmware map entry (rule R2)\n");
		for (size_t i = 0; i < v->fw->n; i++)
			fprintf(f, "  entry %-4u 0x%" PRIx64 "-0x%" PRIx64 " %s\n", v->fw->v[i].index,
				v->fw->v[i].start, v->fw->v[i].end, memtype_kernel_name(v->fw->v[i].type));
	}
}

void memmap_print(FILE *f, const struct memmap_view *v, enum memmap_format fmt)
{
	switch (fmt) {
	case MEMMAP_FMT_TABLE:
		print_table(f, v);
		break;
	case MEMMAP_FMT_E820:
		print_e820(f, v);
		break;
	case MEMMAP_FMT_JSON:
		print_json(f, v);
		break;
	}
}
