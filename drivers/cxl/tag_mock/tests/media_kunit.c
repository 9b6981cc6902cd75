// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for parsing the media=<size>@<base> module parameter.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "kunit.h"

struct media_case {
	const char *desc;
	const char *str;
	int rc;
	phys_addr_t base;
	u64 size;
};

static const struct media_case media_cases[] = {
	{ "empty means no media", "", 0, 0, 0 },
	{ "lone newline means no media", "\n", 0, 0, 0 },
	{ "suffixes", "1G@4G", 0, SZ_4G, SZ_1G },
	{ "hex with newline", "0x40000000@0x100000000\n", 0, SZ_4G, SZ_1G },
	{ "base zero", "256M@0", 0, 0, SZ_256M },
	{ "missing @", "1G", -EINVAL },
	{ "no size digits", "@4G", -EINVAL },
	{ "no base digits", "1G@", -EINVAL },
	{ "trailing garbage", "1G@4Gx", -EINVAL },
	{ "two newlines", "1G@4G\n\n", -EINVAL },
	{ "zero size", "0@4G", -EINVAL },
	{ "size not 256M aligned", "100M@4G", -EINVAL },
	{ "base not 256M aligned", "1G@0x100001000", -EINVAL },
	{ "range wraps", "1G@0xfffffffff0000000", -ERANGE },
};

static void media_case_desc(const struct media_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(media, media_cases, media_case_desc);

static void media_parse_cases(struct kunit *test)
{
	const struct media_case *c = test->param_value;
	struct ctm_media m = { .base = 1, .size = 2 };

	KUNIT_EXPECT_EQ(test, ctm_media_parse(c->str, &m), c->rc);
	if (c->rc) {
		/* A rejected value leaves the previous setting alone. */
		KUNIT_EXPECT_EQ(test, m.base, 1);
		KUNIT_EXPECT_EQ(test, m.size, 2);
		return;
	}
	KUNIT_EXPECT_EQ(test, m.base, c->base);
	KUNIT_EXPECT_EQ(test, m.size, c->size);
}

static void media_parse_null_is_invalid(struct kunit *test)
{
	struct ctm_media m = {};

	KUNIT_EXPECT_EQ(test, ctm_media_parse(NULL, &m), -EINVAL);
}

static void media_parse_largest_range(struct kunit *test)
{
	struct ctm_media m = {};

	/* The last 256 MiB of the physical address space ends exactly at the top. */
	KUNIT_EXPECT_EQ(test, ctm_media_parse("256M@0xfffffffff0000000", &m), 0);
	KUNIT_EXPECT_EQ(test, m.base + (m.size - 1), PHYS_ADDR_MAX);
}

static struct kunit_case media_test_cases[] = {
	KUNIT_CASE_PARAM(media_parse_cases, media_gen_params),
	KUNIT_CASE(media_parse_null_is_invalid),
	KUNIT_CASE(media_parse_largest_range),
	{}
};

CTM_KUNIT_SUITE(media);
