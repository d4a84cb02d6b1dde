// SPDX-License-Identifier: GPL-2.0-or-later
/* The bzImage probe: a good image, and one clear error per bad field. */
#include <errno.h>
#include <stdlib.h>

#include "arch/x86_64/bzimage.h"
#include "fakebz.h"
#include "harness.h"

static uint8_t buf[FAKEBZ_SETUP_LEN + 0x20000];

static int probe_with(const struct fakebz *f, size_t cut, struct bzimage *img, struct diag *d)
{
	size_t len = fakebz_build(buf, f);

	return bzimage_probe(buf, cut ? cut : len, img, d);
}

TEST(good_image_fields_are_read)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct bzimage img;
	struct diag d;

	CHECK_INT(probe_with(&f, 0, &img, &d), 0);
	CHECK_INT(img.version, 0x020f);
	CHECK_INT(img.setup_len, FAKEBZ_SETUP_LEN);
	CHECK(img.kernel == buf + FAKEBZ_SETUP_LEN);
	CHECK_INT(img.kernel_len, 0x10000);
	CHECK_INT(img.hdr_end, 0x26c);
	CHECK_U64(img.kernel_alignment, 0x200000);
	CHECK_U64(img.init_size, 0x3f98000);
	CHECK_U64(img.pref_address, 0x1000000);
	CHECK_U64(img.cmdline_size, 2047);
	CHECK_U64(img.initrd_addr_max, 0x7fffffff);
	CHECK_INT(img.xloadflags & BZ_XLF_KERNEL_64, BZ_XLF_KERNEL_64);
}

TEST(zero_setup_sects_means_four)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct bzimage img;
	struct diag d;

	fakebz_build(buf, &f);
	buf[0x1f1] = 0;
	CHECK_INT(bzimage_probe(buf, FAKEBZ_SETUP_LEN + f.kernel_len, &img, &d), 0);
	CHECK_INT(img.setup_len, 5 * 512);
}

static void expect(const struct fakebz *f, size_t cut, int ret, const char *field, const char *words)
{
	struct bzimage img;
	struct diag d = { 0 };

	CHECK_INT(probe_with(f, cut, &img, &d), ret);
	CHECK_STR(d.field, field);
	if (!strstr(d.msg, words))
		harness_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", d.msg, words);
}

TEST(not_a_bzimage_is_enoexec)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct bzimage img;
	struct diag d;

	fakebz_build(buf, &f);
	buf[0x1fe] = 0;
	CHECK_INT(bzimage_probe(buf, sizeof(buf), &img, &d), -ENOEXEC);
	CHECK_STR(d.field, "boot_flag");
	fakebz_build(buf, &f);
	buf[0x202] = 'X';
	CHECK_INT(bzimage_probe(buf, sizeof(buf), &img, &d), -ENOEXEC);
	CHECK_STR(d.field, "header");
	CHECK_INT(bzimage_probe("\x7f" "ELF", 4, &img, &d), -ENOEXEC);
	CHECK_STR(d.field, "size");
}

TEST(old_boot_protocol)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	f.version = 0x020b;
	expect(&f, 0, -EINVAL, "version", "protocol 2.11, expected 2.12 or later");
}

TEST(thirty_two_bit_only_kernel)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	f.xloadflags = 0;
	expect(&f, 0, -EINVAL, "xloadflags", "32-bit-only");
}

TEST(not_relocatable)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	f.relocatable = 0;
	expect(&f, 0, -EINVAL, "relocatable_kernel", "not relocatable");
}

TEST(alignment_not_a_power_of_two)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	f.kernel_alignment = 0x300000;
	expect(&f, 0, -EINVAL, "kernel_alignment", "0x300000 is not a power of two");
}

TEST(init_size_smaller_than_kernel)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	f.init_size = 0x1000;
	expect(&f, 0, -EINVAL, "init_size", "smaller than the protected-mode kernel");
	f.init_size = 0;
	expect(&f, 0, -EINVAL, "init_size", "zero");
}

TEST(truncated_kernel)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	expect(&f, FAKEBZ_SETUP_LEN + 0x100, -EINVAL, "syssize", "truncated");
}

TEST(truncated_in_setup)
{
	struct fakebz f = FAKEBZ_DEFAULTS;

	expect(&f, 0x240, -EINVAL, "size", "truncated inside the setup header");
	expect(&f, 0x400, -EINVAL, "setup_sects", "4 setup sectors but the file is only 1024 bytes");
}
