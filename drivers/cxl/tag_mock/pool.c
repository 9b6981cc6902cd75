// SPDX-License-Identifier: GPL-2.0
/*
 * Memory pools and tagged backends.
 *
 * A pool is a budget: the bytes its tagged backends may hold together.
 * A backend reserves its size of the budget when it is sized; nothing is
 * allocated then. Its contents live in exactly one place at a time: in
 * its store (store.c) until capacity for its tag is accepted and decoded,
 * then in the media pages the host decodes (dc.c), and in the store again
 * once released. See Documentation/driver-api/cxl/cxl-tag-mock-design.rst,
 * "Where a tag's bytes are".
 *
 * Tags are unique across the mock: the tag table is an rbtree keyed by
 * UUID, so a lookup by tag is logarithmic in the number of backends.
 *
 * Everything here runs under ctm_cfg_lock.
 */
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "tag_mock.h"

/* Serialises every configfs object and the relations between them. */
struct mutex ctm_cfg_lock = __MUTEX_INITIALIZER(ctm_cfg_lock);
EXPORT_SYMBOL_IF_KUNIT(ctm_cfg_lock);

static struct rb_root ctm_tags = RB_ROOT;

/**
 * ctm_pool_set_size() - give a pool its size
 * @pool: the pool
 * @size: bytes, a non-zero multiple of 2 MiB
 *
 * A pool is a budget, not memory: nothing is allocated here. Its backends'
 * contents are in the device's media while accepted and decoded, in the
 * kernel's memory (each backend's store, allocated as it is written)
 * otherwise, so a pool larger than both together could never hold its
 * backends' contents, and is refused.
 *
 * Return: 0, -EINVAL for a bad size, -EBUSY while backends use the pool,
 * -ENOSPC when @size is more than the kernel's memory and the media
 * together.
 */
int ctm_pool_set_size(struct ctm_pool *pool, u64 size)
{
	u64 room = ((u64)totalram_pages() << PAGE_SHIFT) + ctm_media.size;

	lockdep_assert_held(&ctm_cfg_lock);
	if (!size || !IS_ALIGNED(size, CTM_CHUNK))
		return -EINVAL;
	if (pool->nr_backends)
		return -EBUSY;
	if (size > room)
		return -ENOSPC;
	pool->size = size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_pool_set_size);

/**
 * ctm_pool_release() - forget a pool's size
 * @pool: the pool, with no backends
 */
void ctm_pool_release(struct ctm_pool *pool)
{
	lockdep_assert_held(&ctm_cfg_lock);
	WARN_ON(pool->nr_backends);
	pool->size = 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_pool_release);

/**
 * ctm_pool_free() - bytes of a pool that no backend has reserved
 * @pool: the pool
 *
 * Return: the bytes; 0 for a pool without a size.
 */
u64 ctm_pool_free(struct ctm_pool *pool)
{
	return pool->size - pool->used;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_pool_free);

/**
 * ctm_backend_init() - make a new backend's empty range tree
 * @be: the backend, zeroed
 */
void ctm_backend_init(struct ctm_backend *be)
{
	/* Ranges are placed first fit: the tree tracks its gaps. */
	mt_init_flags(&be->alloc, MT_FLAGS_ALLOC_RANGE);
	ctm_store_init(&be->store);
	RB_CLEAR_NODE(&be->tag_node);
	/*
	 * Extents take references on the item; one made outside configfs
	 * (KUnit) has a count too, and no release to run.
	 */
	config_group_init(&be->group);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_init);

static int tag_cmp(const uuid_t *a, const uuid_t *b)
{
	return memcmp(a, b, sizeof(*a));
}

/**
 * ctm_backend_find() - the backend with a tag
 * @tag: the tag
 *
 * Return: the backend, or NULL.
 */
struct ctm_backend *ctm_backend_find(const uuid_t *tag)
{
	struct rb_node *n = ctm_tags.rb_node;

	lockdep_assert_held(&ctm_cfg_lock);
	while (n) {
		struct ctm_backend *be = rb_entry(n, struct ctm_backend, tag_node);
		int c = tag_cmp(tag, &be->tag);

		if (!c)
			return be;
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_find);

static int tag_insert(struct ctm_backend *be)
{
	struct rb_node **link = &ctm_tags.rb_node, *parent = NULL;

	while (*link) {
		struct ctm_backend *o = rb_entry(*link, struct ctm_backend,
						 tag_node);
		int c = tag_cmp(&be->tag, &o->tag);

		if (!c)
			return -EEXIST;
		parent = *link;
		link = c < 0 ? &(*link)->rb_left : &(*link)->rb_right;
	}
	rb_link_node(&be->tag_node, parent, link);
	rb_insert_color(&be->tag_node, &ctm_tags);
	return 0;
}

/**
 * ctm_backend_set_tag() - give a backend its tag
 * @be: the backend
 * @tag: a non-null UUID no other backend has
 *
 * Return: 0, -EINVAL for the null UUID, -EBUSY while capacity for the
 * current tag is on a device or being offered, -EEXIST when another backend has the tag.
 */
int ctm_backend_set_tag(struct ctm_backend *be, const uuid_t *tag)
{
	uuid_t old = be->tag;
	bool had = be->has_tag;
	int rc;

	lockdep_assert_held(&ctm_cfg_lock);
	if (uuid_is_null(tag))
		return -EINVAL;
	if (be->users || be->holds)
		return -EBUSY;
	if (had && uuid_equal(tag, &be->tag))
		return 0;
	if (had)
		rb_erase(&be->tag_node, &ctm_tags);
	be->tag = *tag;
	rc = tag_insert(be);
	if (rc) {
		be->tag = old;
		if (had)
			WARN_ON(tag_insert(be));
		return rc;
	}
	be->has_tag = true;
	/* Release history is per tag: a new tag starts "not-found". */
	be->released = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_set_tag);

/**
 * ctm_backend_unreserve() - give a backend's reservation back to its pool
 * @be: the backend
 *
 * Return: 0, -EBUSY while capacity for its tag is on a device.
 */
int ctm_backend_unreserve(struct ctm_backend *be)
{
	lockdep_assert_held(&ctm_cfg_lock);
	if (!be->pool)
		return 0;
	if (be->users || be->holds)
		return -EBUSY;
	be->pool->used -= be->size;
	ctm_store_destroy(&be->store);
	be->pool->nr_backends--;
	be->pool = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_unreserve);

/**
 * ctm_backend_resize() - set a backend's size, reserving it in its pool
 * @be: the backend
 * @pool: the pool whose budget it takes
 * @size: bytes, a non-zero multiple of 2 MiB
 *
 * The backend starts over zeroed at its new size. On failure nothing
 * changes: the backend keeps its size, its reservation and its contents.
 *
 * Return: 0, -EINVAL for a bad size or a pool without size, -EBUSY while
 * capacity for the tag is on a device (or being offered), -ENOSPC when
 * the pool has no room.
 */
int ctm_backend_resize(struct ctm_backend *be, struct ctm_pool *pool, u64 size)
{
	struct ctm_pool *old = be->pool;
	u64 room;

	lockdep_assert_held(&ctm_cfg_lock);
	if (!size || !IS_ALIGNED(size, CTM_CHUNK))
		return -EINVAL;
	if (!pool->size || (old && old != pool))
		return -EINVAL;
	if (be->users || be->holds)
		return -EBUSY;
	/* The backend's own reservation is room for its new size. */
	room = ctm_pool_free(pool) + (old ? be->size : 0);
	if (size > room)
		return -ENOSPC;
	if (!old)
		pool->nr_backends++;
	else
		pool->used -= be->size;
	pool->used += size;
	be->pool = pool;
	be->size = size;
	/* A new size starts zeroed: the store is emptied. */
	ctm_store_destroy(&be->store);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_resize);

/**
 * ctm_backend_unpublish() - take a backend's tag out of the tag table
 * @be: the backend
 *
 * No look-up by tag finds it afterwards; it keeps the tag it shows.
 */
void ctm_backend_unpublish(struct ctm_backend *be)
{
	lockdep_assert_held(&ctm_cfg_lock);
	if (be->has_tag && !RB_EMPTY_NODE(&be->tag_node))
		rb_erase(&be->tag_node, &ctm_tags);
	RB_CLEAR_NODE(&be->tag_node);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_unpublish);

/**
 * ctm_backend_release() - forget a backend: its tag and its contents
 * @be: the backend, unused
 */
void ctm_backend_release(struct ctm_backend *be)
{
	lockdep_assert_held(&ctm_cfg_lock);
	WARN_ON(ctm_backend_unreserve(be));
	mtree_destroy(&be->alloc);
	ctm_backend_unpublish(be);
	be->has_tag = false;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_release);

/**
 * ctm_backend_state() - what configfs shows as a backend's state
 * @be: the backend
 *
 * Return: "unreserved", "reserved" or "in-use".
 */
const char *ctm_backend_state(struct ctm_backend *be)
{
	if (be->users)
		return "in-use";
	return be->pool ? "reserved" : "unreserved";
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_state);
