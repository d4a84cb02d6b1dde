// SPDX-License-Identifier: GPL-2.0-or-later
/* The arm64 Image probe (kexec/arch/arm64/image.c) and the wrong-architecture message. */
#include <errno.h>

#include "arch/arm64/image.h"
#include "arch/formats.h"
#include "fakebz.h"
#include "fakeimage.h"
#include "harness.h"

static uint8_t buf[0x20000];

static int parse(const struct fakeimage *f, size_t len, struct arm64_image *img, struct diag *d)
{
	fakeimage_build(buf, f);
	memset(d, 0, sizeof(*d));
	return arm64_image_parse(buf, len, img, d);
}

TEST(a_plain_image_is_read)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	CHECK_INT(parse(&f, f.len, &img, &d), 0);
	CHECK(img.data == buf);
	CHECK_U64(img.len, 0x10000);
	CHECK_U64(img.text_offset, 0);
	CHECK_U64(img.image_size, 0x2000000);
	CHECK_U64(img.flags, 0xa);
	CHECK_INT(img.page_size, 4096);
	CHECK(img.phys_any);
	CHECK(!img.efi_stub);
}

TEST(an_image_with_an_efi_stub_is_read)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.efi = 1;
	CHECK_INT(parse(&f, f.len, &img, &d), 0);
	CHECK(img.efi_stub);
}

TEST(the_page_size_bits_are_decoded)
{
	static const unsigned int want[] = { 0, 4096, 16384, 65536 };
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	for (uint64_t v = 0; v < 4; v++) {
		f.flags = v << 1;
		CHECK_INT(parse(&f, f.len, &img, &d), 0);
		CHECK_INT(img.page_size, want[v]);
		CHECK(!img.phys_any);
	}
}

TEST(a_text_offset_is_kept)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.text_offset = 0x80000;
	CHECK_INT(parse(&f, f.len, &img, &d), 0);
	CHECK_U64(img.text_offset, 0x80000);
}

TEST(a_short_file_is_not_an_image)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	CHECK_INT(parse(&f, 63, &img, &d), -ENOEXEC);
	CHECK_STR(d.field, "size");
}

TEST(no_magic_is_not_an_image)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.magic = 0x644d5242;
	CHECK_INT(parse(&f, f.len, &img, &d), -ENOEXEC);
	CHECK_STR(d.field, "magic");
	CHECK_STR(d.msg, "no \"ARM\\x64\" at offset 0x38: not an arm64 Image");
}

TEST(an_x86_bzimage_is_not_an_image)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	fakebz_build(buf, &f);
	CHECK_INT(arm64_image_parse(buf, FAKEBZ_SETUP_LEN + f.kernel_len, &img, &d), -ENOEXEC);
}

TEST(a_big_endian_kernel_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.flags |= 1;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "flags");
	CHECK(strstr(d.msg, "big-endian") != NULL);
}

TEST(image_size_zero_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.image_size = 0;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "image_size");
	CHECK(strstr(d.msg, "3.17") != NULL);
}

TEST(a_text_offset_off_a_page_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.text_offset = 0x80010;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "text_offset");
	f.text_offset = 0x200000;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "text_offset");
}

TEST(a_file_longer_than_image_size_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.image_size = 0x8000;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "image_size");
	CHECK_STR(d.msg, "0x8000 is smaller than the file (0x10000 bytes)");
}

TEST(a_truncated_efi_image_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.efi = 1;
	f.pe_end = f.len;
	CHECK_INT(parse(&f, 0x8000, &img, &d), -EINVAL);
	CHECK_STR(d.field, "size");
	CHECK_STR(d.msg, "truncated: the PE/COFF sections end at 0x10000, the file has 0x8000 bytes");
}

TEST(an_efi_image_cut_inside_its_headers_is_truncated)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.efi = 1;
	CHECK_INT(parse(&f, 0x48, &img, &d), -EINVAL);
	CHECK(strstr(d.msg, "truncated") != NULL);
	CHECK_INT(parse(&f, 0x60, &img, &d), -EINVAL);
	CHECK(strstr(d.msg, "truncated inside the PE/COFF section table") != NULL);
}

TEST(an_efi_stub_of_another_machine_is_refused)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img;
	struct diag d;

	f.efi = 1;
	fakeimage_build(buf, &f);
	fakeimage_put(buf, FAKEIMAGE_PE_OFFSET + 4, 0x8664, 2);
	CHECK_INT(arm64_image_parse(buf, f.len, &img, &d), -EINVAL);
	CHECK_STR(d.field, "pe_machine");
}

TEST(a_failed_parse_leaves_the_output_alone)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct arm64_image img = { .len = 12345 };
	struct diag d;

	f.image_size = 0;
	CHECK_INT(parse(&f, f.len, &img, &d), -EINVAL);
	CHECK_U64(img.len, 12345);
}

TEST(an_x86_bzimage_is_named_as_the_wrong_architecture)
{
	struct fakebz f = FAKEBZ_DEFAULTS;
	struct diag d = { 0 };

	fakebz_build(buf, &f);
	CHECK(kexec_format_foreign(buf, FAKEBZ_SETUP_LEN + f.kernel_len, "aarch64", &d));
	CHECK_STR(d.field, "");
	CHECK_STR(d.msg, "wrong architecture: this is an x86_64 bzImage, and this kexec loads aarch64 kernels");
}

TEST(an_arm64_image_is_named_as_the_wrong_architecture)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct diag d = { 0 };

	fakeimage_build(buf, &f);
	CHECK(kexec_format_foreign(buf, f.len, "x86_64", &d));
	CHECK_STR(d.msg, "wrong architecture: this is an aarch64 Image, and this kexec loads x86_64 kernels");
}

TEST(a_broken_image_of_another_architecture_is_still_named)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct diag d = { 0 };

	f.image_size = 0;
	fakeimage_build(buf, &f);
	CHECK(kexec_format_foreign(buf, f.len, "x86_64", &d));
	CHECK(strstr(d.msg, "aarch64 Image") != NULL);
}

TEST(an_unknown_file_or_a_native_one_is_not_foreign)
{
	struct fakeimage f = FAKEIMAGE_DEFAULTS;
	struct diag d = { .msg = "untouched" };

	memset(buf, 0x33, 4096);
	CHECK(!kexec_format_foreign(buf, 4096, "x86_64", &d));
	fakeimage_build(buf, &f);
	CHECK(!kexec_format_foreign(buf, f.len, "aarch64", &d));
	CHECK_STR(d.msg, "untouched");
}
