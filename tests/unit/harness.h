/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

/*
 * A tiny test harness: each TEST() is one behaviour, registered at start-up
 * and run in order.  Output is TAP-like ("ok - prog: name" / "not ok - ...")
 * and tests/run-tests.sh counts it.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

void harness_register(const char *name, void (*fn)(void));
void harness_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void reg_##name(void)	\
	{								\
		harness_register(#name, name);				\
	}								\
	static void name(void)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			harness_fail(__FILE__, __LINE__, "%s", #cond);	\
	} while (0)

#define CHECK_INT(a, b)							\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		if (a_ != b_)						\
			harness_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", \
				     #a, a_, #b, b_);			\
	} while (0)

#define CHECK_U64(a, b)							\
	do {								\
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);	\
		if (a_ != b_)						\
			harness_fail(__FILE__, __LINE__, "%s == 0x%" PRIx64 ", expected 0x%" PRIx64, \
				     #a, a_, b_);			\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (!a_ || strcmp(a_, b_))				\
			harness_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", \
				     #a, a_ ? a_ : "(null)", b_);	\
	} while (0)

#endif
