/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_MEMTYPE_H
#define KEXEC_MEMTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Memory types are the x86 e820 type numbers (arch/x86/include/asm/e820/types.h),
 * because that is the richest vocabulary any source gives us and the e820
 * encoder can then write them unchanged.  arm64 uses only MT_RAM.
 */
enum memtype {
	MT_NONE = 0,
	MT_RAM = 1,
	MT_RESERVED = 2,
	MT_ACPI = 3,
	MT_NVS = 4,
	MT_UNUSABLE = 5,
	MT_PMEM = 7,
	MT_PRAM = 12,
	MT_SOFT_RESERVED = 0xefffffff,
};

/**
 * memtype_from_kernel_name - map a kernel type string to a memory type
 * @name: the string, as /sys/firmware/memmap/N/type or a /proc/iomem name
 *        writes it (not NUL-terminated)
 * @len: its length
 * @type: set to the type on success
 *
 * Knows every string of the kernel's e820_type_to_string(), including
 * "Unknown E820 type" (kept as reserved) and both spellings of reserved.
 * "System RAM (driver)" is not a type name: it is driver-managed RAM.
 *
 * Returns true when @name is a known type string.
 */
bool memtype_from_kernel_name(const char *name, size_t len, enum memtype *type);

/** memtype_kernel_name - the kernel's string for @type ("System RAM", ...) */
const char *memtype_kernel_name(enum memtype type);

/** memtype_short_name - our stable name for @type, as in JSON ("ram", "soft-reserved") */
const char *memtype_short_name(enum memtype type);

/** memtype_e820_name - the word the kernel's BIOS-e820 lines use ("usable", ...) */
const char *memtype_e820_name(enum memtype type);

/** memtype_is_persistent - true for pmem, legacy pmem and soft-reserved memory */
bool memtype_is_persistent(enum memtype type);

#endif
