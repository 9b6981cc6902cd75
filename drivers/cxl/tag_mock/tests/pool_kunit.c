// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pools and tagged backends: sizes, reservations, the tag
 * table, and what a failed operation leaves behind (nothing changed).
 *
 * While ctm_cfg_lock is held only EXPECTs are used: a failed ASSERT ends the
 * test thread without unlocking, and every later user would hang.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "kunit.h"

static const uuid_t tag_a = UUID_INIT(0x5be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);
static const uuid_t tag_b = UUID_INIT(0x6be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);

static void pool_size_must_be_whole_chunks(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, SZ_1M), -EINVAL);
	KUNIT_EXPECT_EQ(test, pool->size, SZ_16M);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_16M);
}

static void backend_reserves_and_returns_pages(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	struct ctm_backend *be = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_4M), 0);
	KUNIT_EXPECT_PTR_EQ(test, be->pool, pool);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_16M - SZ_4M);
	KUNIT_EXPECT_STREQ(test, ctm_backend_state(be), "reserved");
	KUNIT_EXPECT_EQ(test, ctm_backend_unreserve(be), 0);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_16M);
	KUNIT_EXPECT_STREQ(test, ctm_backend_state(be), "unreserved");
}

static void backend_resize_failure_keeps_reservation(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	struct ctm_backend *be = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_32M), -ENOSPC);
	KUNIT_EXPECT_EQ(test, be->size, SZ_4M);
	KUNIT_EXPECT_PTR_EQ(test, be->pool, pool);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_16M - SZ_4M);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_1M), -EINVAL);
	KUNIT_EXPECT_EQ(test, be->size, SZ_4M);
}

static void pool_exhaustion_is_enospc(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_8M);
	struct ctm_backend *a = ctm_kunit_backend(test), *b = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(a, pool, SZ_6M), 0);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(b, pool, SZ_4M), -ENOSPC);
	KUNIT_EXPECT_NULL(test, b->pool);
	KUNIT_EXPECT_EQ(test, b->size, 0);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(b, pool, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), 0);
}

static void pool_with_backends_is_busy(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_8M);
	struct ctm_backend *be = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, SZ_16M), -EBUSY);
	KUNIT_EXPECT_EQ(test, pool->size, SZ_8M);
}

static void backend_in_use_is_busy(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_8M);
	struct ctm_backend *be = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(be, &tag_a), 0);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_2M), 0);
	be->users = 1;
	KUNIT_EXPECT_EQ(test, ctm_backend_unreserve(be), -EBUSY);
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_4M), -EBUSY);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(be, &tag_b), -EBUSY);
	KUNIT_EXPECT_STREQ(test, ctm_backend_state(be), "in-use");
	be->users = 0;
}

static void tags_are_unique_and_found(struct kunit *test)
{
	struct ctm_backend *a = ctm_kunit_backend(test), *b = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(a, &uuid_null), -EINVAL);
	KUNIT_EXPECT_FALSE(test, a->has_tag);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(a, &tag_a), 0);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(b, &tag_a), -EEXIST);
	KUNIT_EXPECT_FALSE(test, b->has_tag);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(b, &tag_b), 0);
	KUNIT_EXPECT_PTR_EQ(test, ctm_backend_find(&tag_a), a);
	KUNIT_EXPECT_PTR_EQ(test, ctm_backend_find(&tag_b), b);

	/* A backend that changes tag frees the old one. */
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(a, &tag_b), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, ctm_backend_find(&tag_a), a);
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(b, &uuid_null), -EINVAL);
	ctm_backend_release(b);
	KUNIT_EXPECT_NULL(test, ctm_backend_find(&tag_b));
	KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(a, &tag_b), 0);
	KUNIT_EXPECT_NULL(test, ctm_backend_find(&tag_a));
	KUNIT_EXPECT_PTR_EQ(test, ctm_backend_find(&tag_b), a);
}

static void tag_table_scales(struct kunit *test)
{
	const int n = 1000;
	struct ctm_backend **be = kunit_kcalloc(test, n, sizeof(*be),
						GFP_KERNEL);
	uuid_t tag;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, be);
	for (i = 0; i < n; i++)
		be[i] = ctm_kunit_backend(test);
	guard(mutex)(&ctm_cfg_lock);
	for (i = 0; i < n; i++) {
		generate_random_uuid(tag.b);
		KUNIT_EXPECT_EQ(test, ctm_backend_set_tag(be[i], &tag), 0);
	}
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_PTR_EQ(test, ctm_backend_find(&be[i]->tag), be[i]);
	for (i = 0; i < n; i++)
		ctm_backend_release(be[i]);
	KUNIT_EXPECT_NULL(test, ctm_backend_find(&be[0]->tag));
}

/* Refused before any allocation: no warning for an absurd size either. */
static void pool_size_beyond_room_is_enospc(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, 0xffffffffffe00000ULL),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, pool->size, SZ_16M);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_16M);
}

static void backend_resize_failure_keeps_contents(struct kunit *test)
{
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_8M);
	struct ctm_backend *a = ctm_kunit_backend(test), *be = ctm_kunit_backend(test);
	static const u8 mark = 0xa5;
	u8 first, last;

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_ASSERT_EQ(test, ctm_backend_resize(a, pool, SZ_2M), 0);
	KUNIT_ASSERT_EQ(test, ctm_backend_resize(be, pool, SZ_4M), 0);
	/* Its first and last bytes stand for its contents. */
	KUNIT_ASSERT_EQ(test, ctm_store_write(&be->store, 0, &mark, 1), 0);
	KUNIT_ASSERT_EQ(test, ctm_store_write(&be->store, SZ_4M - 1, &mark, 1),
			0);
	/*
	 * Fits the pool, not the room its own reservation and the free
	 * budget make: nothing changes, contents included.
	 */
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_8M), -ENOSPC);
	KUNIT_EXPECT_EQ(test, be->size, SZ_4M);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), SZ_2M);
	ctm_store_read(&be->store, 0, &first, 1);
	ctm_store_read(&be->store, SZ_4M - 1, &last, 1);
	KUNIT_EXPECT_EQ(test, first, mark);
	KUNIT_EXPECT_EQ(test, last, mark);
	/* A resize that succeeds gives a fresh, zeroed reservation. */
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, SZ_6M), 0);
	ctm_store_read(&be->store, 0, &first, 1);
	ctm_store_read(&be->store, SZ_6M - 1, &last, 1);
	KUNIT_EXPECT_EQ(test, first, 0);
	KUNIT_EXPECT_EQ(test, last, 0);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&be->store), 0);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), 0);
}

/*
 * A pool is a budget, bounded by where its bytes can be: the kernel's
 * memory and the media. Sizing one allocates nothing.
 */
static void pool_size_is_a_budget(struct kunit *test)
{
	u64 room = ((u64)totalram_pages() << PAGE_SHIFT) + ctm_media.size;
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	struct ctm_backend *be = ctm_kunit_backend(test);

	room = ALIGN_DOWN(room, SZ_2M);
	guard(mutex)(&ctm_cfg_lock);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, room + SZ_2M), -ENOSPC);
	KUNIT_EXPECT_EQ(test, pool->size, SZ_16M);
	KUNIT_EXPECT_EQ(test, ctm_pool_set_size(pool, room), 0);
	/* A backend as large as the pool reserves it all and holds no page. */
	KUNIT_EXPECT_EQ(test, ctm_backend_resize(be, pool, room), 0);
	KUNIT_EXPECT_EQ(test, ctm_pool_free(pool), 0);
	KUNIT_EXPECT_EQ(test, pool->used, room);
	KUNIT_EXPECT_EQ(test, ctm_store_pages(&be->store), 0);
}

/* A backend being removed is out of the tag table before it goes. */
static void unpublished_backend_is_not_found(struct kunit *test)
{
	struct ctm_backend *be = ctm_kunit_backend(test);

	guard(mutex)(&ctm_cfg_lock);
	KUNIT_ASSERT_EQ(test, ctm_backend_set_tag(be, &tag_a), 0);
	ctm_backend_unpublish(be);
	KUNIT_EXPECT_NULL(test, ctm_backend_find(&tag_a));
	KUNIT_EXPECT_TRUE(test, be->has_tag);
	ctm_backend_release(be);
	KUNIT_EXPECT_NULL(test, ctm_backend_find(&tag_a));
}

/* What an owner sees of the pins: a stand-in for configfs' dependencies. */
struct pin_count {
	int depends;
	int undepends;
	bool refuse;
};

static int count_depend(struct ctm_backend *be, bool in_callback)
{
	struct pin_count *c = be->owner;

	if (c->refuse)
		return -ENOENT;
	c->depends++;
	return 0;
}

static void count_undepend(struct ctm_backend *be)
{
	struct pin_count *c = be->owner;

	c->undepends++;
}

static const struct ctm_backend_pin_ops count_pin_ops = {
	.depend = count_depend,
	.undepend = count_undepend,
};

/*
 * A hold pins the backend through its owner and takes a reference; the
 * pin stays only while extents use it, until the last one unpins it. A
 * pin the owner refuses fails the hold and leaves nothing held.
 */
static void backend_pins_through_its_owner(struct kunit *test)
{
	struct pin_count *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct ctm_backend *be, *held;

	KUNIT_ASSERT_NOT_NULL(test, c);
	be = ctm_kunit_backend_owned(test, &count_pin_ops, c);
	scoped_guard(mutex, &ctm_cfg_lock)
		KUNIT_ASSERT_EQ(test, ctm_backend_set_tag(be, &tag_a), 0);

	held = ctm_backend_hold(&tag_a, true);
	KUNIT_ASSERT_PTR_EQ(test, held, be);
	KUNIT_EXPECT_EQ(test, c->depends, 1);
	KUNIT_EXPECT_EQ(test, kref_read(&be->ref), 2);
	ctm_backend_settle(held);
	/* Nothing used it: the pin goes with the hold. */
	KUNIT_EXPECT_EQ(test, c->undepends, 1);
	KUNIT_EXPECT_FALSE(test, be->pinned);
	KUNIT_EXPECT_EQ(test, kref_read(&be->ref), 1);

	held = ctm_backend_hold(&tag_a, false);
	KUNIT_ASSERT_PTR_EQ(test, held, be);
	scoped_guard(mutex, &ctm_cfg_lock)
		be->users = 1;	/* as an extent binding it would */
	ctm_backend_settle(held);
	KUNIT_EXPECT_TRUE(test, be->pinned);
	KUNIT_EXPECT_EQ(test, c->undepends, 1);
	scoped_guard(mutex, &ctm_cfg_lock) {
		be->users = 0;
		ctm_backend_unpin(be);
	}
	KUNIT_EXPECT_EQ(test, c->undepends, 2);
	KUNIT_EXPECT_FALSE(test, be->pinned);

	c->refuse = true;
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_backend_hold(&tag_a, true)), -ENOENT);
	KUNIT_EXPECT_EQ(test, be->holds, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&be->ref), 1);
	/* No tag, no backend. */
	KUNIT_EXPECT_NULL(test, ctm_backend_hold(&tag_b, true));
}

static struct kunit_case pool_test_cases[] = {
	KUNIT_CASE(pool_size_beyond_room_is_enospc),
	KUNIT_CASE(pool_size_is_a_budget),
	KUNIT_CASE(backend_resize_failure_keeps_contents),
	KUNIT_CASE(unpublished_backend_is_not_found),
	KUNIT_CASE(pool_size_must_be_whole_chunks),
	KUNIT_CASE(backend_reserves_and_returns_pages),
	KUNIT_CASE(backend_resize_failure_keeps_reservation),
	KUNIT_CASE(pool_exhaustion_is_enospc),
	KUNIT_CASE(pool_with_backends_is_busy),
	KUNIT_CASE(backend_in_use_is_busy),
	KUNIT_CASE(tags_are_unique_and_found),
	KUNIT_CASE(tag_table_scales),
	KUNIT_CASE(backend_pins_through_its_owner),
	{}
};

CTM_KUNIT_SUITE(pool);
