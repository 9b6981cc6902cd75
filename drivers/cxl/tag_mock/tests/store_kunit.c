// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of a backend's store: sparse, and a byte is either in the
 * store or in the media, never in both.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "kunit.h"

#define SPAN	(4 * PAGE_SIZE)

struct store_fixture {
	struct ctm_store st;
	u8 *media;
	u8 *buf;
};

static int store_test_init(struct kunit *test)
{
	struct store_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->media = kunit_kmalloc(test, SPAN, GFP_KERNEL);
	f->buf = kunit_kmalloc(test, SPAN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->media);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	ctm_store_init(&f->st);
	test->priv = f;
	return 0;
}

static void store_test_exit(struct kunit *test)
{
	struct store_fixture *f = test->priv;

	ctm_store_destroy(&f->st);
}

static void store_empty_reads_zeros_and_costs_nothing(struct kunit *test)
{
	struct store_fixture *f = test->priv;

	memset(f->buf, 0xa5, SPAN);
	ctm_store_read(&f->st, 0, f->buf, SPAN);
	KUNIT_EXPECT_NULL(test, memchr_inv(f->buf, 0, SPAN));
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 0);
}

static void store_write_reads_back_across_pages(struct kunit *test)
{
	struct store_fixture *f = test->priv;
	static const char v[] = "tagged bytes across a page boundary";
	u64 off = PAGE_SIZE - 8;

	KUNIT_ASSERT_EQ(test, ctm_store_write(&f->st, off, v, sizeof(v)), 0);
	/* Only the two pages the value touches. */
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 2);
	ctm_store_read(&f->st, off, f->buf, sizeof(v));
	KUNIT_EXPECT_MEMEQ(test, f->buf, v, sizeof(v));
	/* Around it, zeros. */
	ctm_store_read(&f->st, 0, f->buf, off);
	KUNIT_EXPECT_NULL(test, memchr_inv(f->buf, 0, off));
}

static void store_move_in_leaves_one_copy(struct kunit *test)
{
	struct store_fixture *f = test->priv;
	static const char v[] = "preloaded";

	KUNIT_ASSERT_EQ(test, ctm_store_write(&f->st, PAGE_SIZE, v, sizeof(v)),
			0);
	/* The media holds another tag's old bytes. */
	memset(f->media, 0x5a, SPAN);
	ctm_store_move_in(&f->st, 0, f->media, SPAN);

	KUNIT_EXPECT_MEMEQ(test, f->media + PAGE_SIZE, v, sizeof(v));
	KUNIT_EXPECT_NULL(test, memchr_inv(f->media, 0, PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(f->media + PAGE_SIZE + sizeof(v), 0,
					   SPAN - PAGE_SIZE - sizeof(v)));
	/* The store gave its page up: the media holds the only copy. */
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 0);
}

static void store_move_out_skips_zero_pages(struct kunit *test)
{
	struct store_fixture *f = test->priv;

	memset(f->media, 0, SPAN);
	memset(f->media + 2 * PAGE_SIZE, 0x3c, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ctm_store_move_out(&f->st, SPAN, f->media, SPAN),
			0);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 1);
	ctm_store_read(&f->st, SPAN, f->buf, SPAN);
	KUNIT_EXPECT_MEMEQ(test, f->buf, f->media, SPAN);
}

static void store_move_out_frees_pages_now_zero(struct kunit *test)
{
	struct store_fixture *f = test->priv;

	memset(f->buf, 0x77, SPAN);
	KUNIT_ASSERT_EQ(test, ctm_store_write(&f->st, 0, f->buf, SPAN), 0);
	KUNIT_ASSERT_EQ(test, ctm_store_pages(&f->st), 4);
	/* The host zeroed all but the last page while it held the range. */
	memset(f->media, 0, SPAN);
	memset(f->media + 3 * PAGE_SIZE, 0x11, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, ctm_store_move_out(&f->st, 0, f->media, SPAN), 0);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 1);
	ctm_store_read(&f->st, 0, f->buf, SPAN);
	KUNIT_EXPECT_MEMEQ(test, f->buf, f->media, SPAN);
}

static void store_zero_drops_only_its_range(struct kunit *test)
{
	struct store_fixture *f = test->priv;

	memset(f->buf, 0x42, SPAN);
	KUNIT_ASSERT_EQ(test, ctm_store_write(&f->st, 0, f->buf, SPAN), 0);
	ctm_store_zero(&f->st, PAGE_SIZE, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 2);
	ctm_store_read(&f->st, 0, f->buf, SPAN);
	KUNIT_EXPECT_EQ(test, f->buf[0], 0x42);
	KUNIT_EXPECT_NULL(test, memchr_inv(f->buf + PAGE_SIZE, 0,
					   2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, f->buf[3 * PAGE_SIZE], 0x42);
	ctm_store_zero(&f->st, 0, 0);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&f->st), 2);
}

static struct kunit_case store_test_cases[] = {
	KUNIT_CASE(store_empty_reads_zeros_and_costs_nothing),
	KUNIT_CASE(store_write_reads_back_across_pages),
	KUNIT_CASE(store_move_in_leaves_one_copy),
	KUNIT_CASE(store_move_out_skips_zero_pages),
	KUNIT_CASE(store_move_out_frees_pages_now_zero),
	KUNIT_CASE(store_zero_drops_only_its_range),
	{}
};

CTM_KUNIT_SUITE(store, .init = store_test_init,
		.exit = store_test_exit);
