// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the checks every knob write goes through: a value is
 * taken whole or refused.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "kunit.h"

static void input_embedded_nul_is_einval(struct kunit *test)
{
	static const char v[] = "0x10000000\0junk\n";

	KUNIT_EXPECT_EQ(test, ctm_input_check(v, sizeof(v) - 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctm_input_check("\0", 1), -EINVAL);
	/* The NUL after the value, where configfs puts it, is not in it. */
	KUNIT_EXPECT_EQ(test, ctm_input_check(v, 10), 0);
	KUNIT_EXPECT_EQ(test, ctm_input_check(v, 11), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctm_input_check("", 0), 0);
}

static void input_page_long_is_efbig(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, '1', PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctm_input_check(buf, PAGE_SIZE - 2), 0);
	KUNIT_EXPECT_EQ(test, ctm_input_check(buf, PAGE_SIZE - 1), -EFBIG);
	KUNIT_EXPECT_EQ(test, ctm_input_check(buf, PAGE_SIZE), -EFBIG);
	/* Too long wins over a NUL: what the writer must fix first. */
	buf[0] = '\0';
	KUNIT_EXPECT_EQ(test, ctm_input_check(buf, PAGE_SIZE - 1), -EFBIG);
}

static void parse_u32_whole_value(struct kunit *test)
{
	static const struct {
		const char *s;
		int rc;
		u32 val;
	} cases[] = {
		{ "5\n", 0, 5 },
		{ "0x10", 0, 16 },
		{ "4294967295", 0, U32_MAX },
		{ "0x100000000", -ERANGE },
		{ "4294967296", -ERANGE },
		{ "18446744073709551615", -ERANGE },
		{ "99999999999999999999999", -ERANGE },
		{ "-1", -EINVAL },
		{ "", -EINVAL },
		{ "5 junk", -EINVAL },
		/* Past the 23 characters a simple attribute would look at. */
		{ "000000000000000000000000000000000007", 0, 7 },
		{ "00000000000000000000000000000000000x", -EINVAL },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 val = 0xdead;
		int rc;

		rc = ctm_parse_u32(cases[i].s, strlen(cases[i].s), &val);
		KUNIT_EXPECT_EQ_MSG(test, rc, cases[i].rc, "'%s'", cases[i].s);
		if (!rc)
			KUNIT_EXPECT_EQ_MSG(test, val, cases[i].val, "'%s'",
					    cases[i].s);
		else
			KUNIT_EXPECT_EQ(test, val, 0xdead);
	}
}

static void parse_u32_nul_is_einval(struct kunit *test)
{
	static const char v[] = "5\0junk\n";
	u32 val = 0xdead;

	KUNIT_EXPECT_EQ(test, ctm_parse_u32(v, sizeof(v) - 1, &val), -EINVAL);
	KUNIT_EXPECT_EQ(test, val, 0xdead);
}

/* Every knob that names capacity by tag reads the field the same way. */
static void parse_tag_one_rule(struct kunit *test)
{
	static const uuid_t a = UUID_INIT(0x5be13bce, 0xae34, 0x4a77, 0xb6,
					  0xc3, 0x16, 0xdf, 0x97, 0x5f, 0xcf,
					  0x1a);
	uuid_t tag = a;

	KUNIT_EXPECT_EQ(test, ctm_parse_tag("", &tag), 0);
	KUNIT_EXPECT_TRUE(test, uuid_is_null(&tag));
	tag = a;
	KUNIT_EXPECT_EQ(test, ctm_parse_tag("0", &tag), 0);
	KUNIT_EXPECT_TRUE(test, uuid_is_null(&tag));
	KUNIT_EXPECT_EQ(test, ctm_parse_tag("5be13bce-ae34-4a77-b6c3-16df975fcf1a",
					    &tag), 0);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&tag, &a));
	KUNIT_EXPECT_EQ(test, ctm_parse_tag("00", &tag), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctm_parse_tag("{5be13bce-ae34-4a77-b6c3-16df975fcf1a}",
					    &tag), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctm_parse_tag("5be13bce-ae34-4a77-b6c3-16df975fcf1", &tag),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&tag, &a));
}

static struct kunit_case input_test_cases[] = {
	KUNIT_CASE(input_embedded_nul_is_einval),
	KUNIT_CASE(input_page_long_is_efbig),
	KUNIT_CASE(parse_u32_whole_value),
	KUNIT_CASE(parse_u32_nul_is_einval),
	KUNIT_CASE(parse_tag_one_rule),
	{}
};

CTM_KUNIT_SUITE(input);
