// SPDX-License-Identifier: GPL-2.0-or-later
/* Memory type names, as the kernel writes them and as we print them. */
#include <string.h>

#include "memtype.h"

struct memtype_name {
	const char *kernel;
	enum memtype type;
};

/* arch/x86/kernel/e820.c, e820_type_to_string(), plus the lowercase
 * "reserved" that memblock and arm64 use in /proc/iomem. */
static const struct memtype_name kernel_names[] = {
	{ "System RAM", MT_RAM },
	{ "Reserved", MT_RESERVED },
	{ "reserved", MT_RESERVED },
	{ "ACPI Tables", MT_ACPI },
	{ "ACPI Non-volatile Storage", MT_NVS },
	{ "Unusable memory", MT_UNUSABLE },
	{ "Persistent Memory", MT_PMEM },
	{ "Persistent Memory (legacy)", MT_PRAM },
	{ "Soft Reserved", MT_SOFT_RESERVED },
	{ "Unknown E820 type", MT_RESERVED },
};

bool memtype_from_kernel_name(const char *name, size_t len, enum memtype *type)
{
	for (size_t i = 0; i < sizeof(kernel_names) / sizeof(kernel_names[0]); i++) {
		const char *k = kernel_names[i].kernel;

		if (strlen(k) == len && memcmp(k, name, len) == 0) {
			*type = kernel_names[i].type;
			return true;
		}
	}
	return false;
}

const char *memtype_kernel_name(enum memtype type)
{
	switch (type) {
	case MT_RAM: return "System RAM";
	case MT_RESERVED: return "Reserved";
	case MT_ACPI: return "ACPI Tables";
	case MT_NVS: return "ACPI Non-volatile Storage";
	case MT_UNUSABLE: return "Unusable memory";
	case MT_PMEM: return "Persistent Memory";
	case MT_PRAM: return "Persistent Memory (legacy)";
	case MT_SOFT_RESERVED: return "Soft Reserved";
	case MT_NONE: break;
	}
	return "none";
}

const char *memtype_short_name(enum memtype type)
{
	switch (type) {
	case MT_RAM: return "ram";
	case MT_RESERVED: return "reserved";
	case MT_ACPI: return "acpi";
	case MT_NVS: return "nvs";
	case MT_UNUSABLE: return "unusable";
	case MT_PMEM: return "pmem";
	case MT_PRAM: return "pram";
	case MT_SOFT_RESERVED: return "soft-reserved";
	case MT_NONE: break;
	}
	return "none";
}

/* arch/x86/kernel/e820.c, e820_print_type(). */
const char *memtype_e820_name(enum memtype type)
{
	switch (type) {
	case MT_RAM: return "usable";
	case MT_RESERVED: return "reserved";
	case MT_SOFT_RESERVED: return "soft reserved";
	case MT_ACPI: return "ACPI data";
	case MT_NVS: return "ACPI NVS";
	case MT_UNUSABLE: return "unusable";
	case MT_PMEM: return "persistent (type 7)";
	case MT_PRAM: return "persistent (type 12)";
	case MT_NONE: break;
	}
	return "type 0";
}

bool memtype_is_persistent(enum memtype type)
{
	return type == MT_PMEM || type == MT_PRAM || type == MT_SOFT_RESERVED;
}
