// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of purgatory's checks (purgatory/verify.c), built for the host
 * with segments that point at host buffers and a sink that collects what
 * purgatory would print on the serial port; and of the image the loader
 * embeds (kexec/purgatory_blob.h): x86_64's in an x86_64 build, arm64's in
 * an aarch64 build.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "purgatory/ckhash.h"
#include "purgatory/params.h"
#include "purgatory/verify.h"
#include "purgatory_blob.h"

struct sink {
	char buf[4096];
	size_t n;
};

static void sink_putc(void *ctx, char c)
{
	struct sink *s = ctx;

	if (s->n + 1 < sizeof(s->buf))
		s->buf[s->n++] = c;
	s->buf[s->n] = '\0';
}

static uint8_t seg_a[100], seg_b[4096 + 7], seg_c[1];

/* A filled-in block whose segments are seg_a, seg_b and an empty one. */
static void good_params(struct purgatory_params *p)
{
	memset(p, 0, sizeof(*p));
	p->magic = PURGATORY_MAGIC;
	p->version = PURGATORY_VERSION;
	p->entry = 0x1000000;
	p->arg0 = 0x7000;
	for (size_t i = 0; i < sizeof(seg_a); i++)
		seg_a[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(seg_b); i++)
		seg_b[i] = (uint8_t)(i * 13);
	p->seg[0] = (struct purgatory_segment){ (uintptr_t)seg_a, sizeof(seg_a), 0 };
	p->seg[1] = (struct purgatory_segment){ (uintptr_t)seg_b, sizeof(seg_b), 0 };
	p->seg[2] = (struct purgatory_segment){ (uintptr_t)seg_c, 0, 0 };
	p->nr_segments = 3;
	for (uint32_t i = 0; i < p->nr_segments; i++)
		p->seg[i].hash = ckhash64((const void *)(uintptr_t)p->seg[i].mem,
					  (size_t)p->seg[i].len, 0);
}

static unsigned int verify(const struct purgatory_params *p, struct sink *s)
{
	struct purgatory_out out = { sink_putc, s };

	s->n = 0;
	s->buf[0] = '\0';
	return purgatory_verify(p, &out);
}

static void mismatch_line(char *buf, size_t size, unsigned int i, const void *mem, size_t len)
{
	snprintf(buf, size, "kexec-ng purgatory: segment %u at 0x%" PRIxPTR " (0x%zx bytes)"
		 " checksum mismatch\n", i, (uintptr_t)mem, len);
}

TEST(matching_segments_pass_silently)
{
	struct purgatory_params p;
	struct sink s;

	good_params(&p);
	CHECK_INT(verify(&p, &s), 0);
	CHECK_STR(s.buf, "");
}

TEST(a_damaged_segment_is_reported_with_address_and_length)
{
	struct purgatory_params p;
	struct sink s;
	char want[256];

	good_params(&p);
	seg_b[4096] ^= 0x10;
	mismatch_line(want, sizeof(want), 1, seg_b, sizeof(seg_b));
	CHECK_INT(verify(&p, &s), 1);
	CHECK_STR(s.buf, want);
}

TEST(every_damaged_segment_is_reported)
{
	struct purgatory_params p;
	struct sink s;
	char want[512];

	good_params(&p);
	seg_a[0] ^= 1;
	seg_b[0] ^= 1;
	mismatch_line(want, sizeof(want), 0, seg_a, sizeof(seg_a));
	mismatch_line(want + strlen(want), sizeof(want) - strlen(want), 1, seg_b, sizeof(seg_b));
	CHECK_INT(verify(&p, &s), 2);
	CHECK_STR(s.buf, want);
}

TEST(a_wrong_checksum_on_an_empty_segment_is_reported)
{
	struct purgatory_params p;
	struct sink s;

	/* Length 0: nothing is read, so any address will do. */
	good_params(&p);
	for (uint32_t i = p.nr_segments; i < 15; i++)
		p.seg[i] = p.seg[2];
	p.seg[15] = (struct purgatory_segment){ 0x7c000000, 0, 0x1234 };
	p.nr_segments = 16;
	CHECK_INT(verify(&p, &s), 1);
	CHECK_STR(s.buf, "kexec-ng purgatory: segment 15 at 0x7c000000 (0x0 bytes)"
		  " checksum mismatch\n");
}

TEST(no_checks_flag_reads_no_segment)
{
	struct purgatory_params p;
	struct sink s;

	/* Reading this segment would crash the test. */
	good_params(&p);
	p.seg[0] = (struct purgatory_segment){ 8, (uint64_t)1 << 40, 0 };
	p.flags = PURGATORY_F_NO_CHECKS;
	CHECK_INT(verify(&p, &s), 0);
	CHECK_STR(s.buf, "");
}

TEST(a_block_nobody_filled_in_is_refused)
{
	struct purgatory_params p;
	struct sink s;

	memset(&p, 0, sizeof(p));
	p.nr_segments = 1;
	p.seg[0] = (struct purgatory_segment){ 8, (uint64_t)1 << 40, 0 };
	CHECK_INT(verify(&p, &s), 1);
	CHECK_STR(s.buf, "kexec-ng purgatory: parameter block not filled in: magic 0x0,"
		  " expected 0x504e474b\n");
}

TEST(another_version_is_refused)
{
	struct purgatory_params p;
	struct sink s;

	good_params(&p);
	p.version = PURGATORY_VERSION + 1;
	p.seg[0] = (struct purgatory_segment){ 8, (uint64_t)1 << 40, 0 };
	CHECK_INT(verify(&p, &s), 1);
	CHECK_STR(s.buf, "kexec-ng purgatory: parameter block version 2, expected 1\n");
}

TEST(too_many_segments_are_refused)
{
	struct purgatory_params p;
	struct sink s;

	good_params(&p);
	p.nr_segments = PURGATORY_MAX_SEGMENTS + 1;
	CHECK_INT(verify(&p, &s), 1);
	CHECK_STR(s.buf, "kexec-ng purgatory: parameter block segment count 17, at most 16\n");
}

TEST(the_maximum_number_of_segments_is_accepted)
{
	struct purgatory_params p;
	struct sink s;

	good_params(&p);
	for (uint32_t i = p.nr_segments; i < PURGATORY_MAX_SEGMENTS; i++)
		p.seg[i] = p.seg[i % 3];
	p.nr_segments = PURGATORY_MAX_SEGMENTS;
	CHECK_INT(verify(&p, &s), 0);
	CHECK_STR(s.buf, "");
}

TEST(without_an_output_problems_are_still_counted)
{
	struct purgatory_params p;
	struct purgatory_out silent = { NULL, NULL };

	good_params(&p);
	seg_a[5] ^= 0x80;
	CHECK_INT(purgatory_verify(&p, NULL), 1);
	CHECK_INT(purgatory_verify(&p, &silent), 1);
	p.magic = 0;
	CHECK_INT(purgatory_verify(&p, NULL), 1);
}

#if defined(__x86_64__)
/* The image as the loader gets it. */
static const uint8_t *x86_64_image(size_t *len, struct purgatory_header *h)
{
	const uint8_t *img = purgatory_x86_64_image(len);

	if (*len >= PURGATORY_HEADER_OFFSET + sizeof(*h))
		memcpy(h, img + PURGATORY_HEADER_OFFSET, sizeof(*h));
	else
		memset(h, 0, sizeof(*h));
	return img;
}

TEST(embedded_x86_64_image_has_a_valid_header)
{
	struct purgatory_header h;
	size_t len;

	x86_64_image(&len, &h);
	CHECK_U64(h.magic, PURGATORY_MAGIC);
	CHECK_U64(h.version, PURGATORY_VERSION);
	CHECK(h.params_offset % 8 == 0);
	CHECK(h.params_offset >= PURGATORY_HEADER_OFFSET + sizeof(h));
	CHECK((uint64_t)h.params_offset + sizeof(struct purgatory_params) <= len);
	CHECK(len <= h.memsz);
}

TEST(embedded_x86_64_image_starts_with_a_jump_over_the_header)
{
	struct purgatory_header h;
	size_t len;
	const uint8_t *img = x86_64_image(&len, &h);

	/* jmp rel8: offset 0 is code, and it must not run into the header. */
	CHECK_INT(img[0], 0xeb);
	CHECK(2 + (int8_t)img[1] >= PURGATORY_HEADER_OFFSET + (int)sizeof(h));
}

TEST(embedded_x86_64_image_refuses_to_run_until_filled_in)
{
	struct purgatory_params p;
	struct purgatory_header h;
	struct sink s;
	size_t len;
	const uint8_t *img = x86_64_image(&len, &h);

	if ((uint64_t)h.params_offset + sizeof(p) > len) {
		CHECK(!"params block outside the image");
		return;
	}
	memcpy(&p, img + h.params_offset, sizeof(p));
	CHECK_INT(verify(&p, &s), 1);
	CHECK(strstr(s.buf, "not filled in") != NULL);

	/* Filled in as a loader would, it passes. */
	good_params(&p);
	CHECK_INT(verify(&p, &s), 0);
}
#endif

#if defined(__aarch64__)
/* The arm64 image as the loader gets it (aarch64 builds embed only it). */
static const uint8_t *arm64_image(size_t *len, struct purgatory_header *h)
{
	const uint8_t *img = purgatory_arm64_image(len);

	if (*len >= PURGATORY_HEADER_OFFSET + sizeof(*h))
		memcpy(h, img + PURGATORY_HEADER_OFFSET, sizeof(*h));
	else
		memset(h, 0, sizeof(*h));
	return img;
}

TEST(embedded_arm64_image_has_a_valid_header)
{
	struct purgatory_header h;
	size_t len;

	arm64_image(&len, &h);
	CHECK_U64(h.magic, PURGATORY_MAGIC);
	CHECK_U64(h.version, PURGATORY_VERSION);
	CHECK(h.params_offset % 8 == 0);
	CHECK(h.params_offset >= PURGATORY_HEADER_OFFSET + sizeof(h));
	CHECK((uint64_t)h.params_offset + sizeof(struct purgatory_params) <= len);
	CHECK(len <= h.memsz);
}

TEST(embedded_arm64_image_starts_with_a_branch_over_the_header)
{
	struct purgatory_header h;
	size_t len;
	const uint8_t *img = arm64_image(&len, &h);
	uint32_t insn = (uint32_t)img[0] | (uint32_t)img[1] << 8 | (uint32_t)img[2] << 16 |
			(uint32_t)img[3] << 24;

	/* B imm26: offset 0 is code, and it must not land in the header. */
	CHECK_U64(insn >> 26, 0x05);
	CHECK((insn & 0x03ffffff) * 4 >= PURGATORY_HEADER_OFFSET + sizeof(h));
}

TEST(embedded_arm64_image_refuses_to_run_until_filled_in)
{
	struct purgatory_params p;
	struct purgatory_header h;
	struct sink s;
	size_t len;
	const uint8_t *img = arm64_image(&len, &h);

	if ((uint64_t)h.params_offset + sizeof(p) > len) {
		CHECK(!"params block outside the image");
		return;
	}
	memcpy(&p, img + h.params_offset, sizeof(p));
	CHECK_INT(verify(&p, &s), 1);
	CHECK(strstr(s.buf, "not filled in") != NULL);
}
#endif
