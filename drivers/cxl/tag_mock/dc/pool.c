// SPDX-License-Identifier: GPL-2.0
/*
 * Memory pools and tagged backends.
 *
 * A pool is a budget: the bytes its tagged backends may hold together.
 * A backend reserves its size of the budget when it is sized; nothing is
 * allocated then. Its contents live in exactly one place at a time: in
 * its store (store.c) until capacity for its tag is accepted and decoded,
 * then in the media pages the host decodes (binding.c), and in the store
 * again once released. See Documentation/driver-api/cxl/cxl-tag-mock-design.rst,
 * "Where a tag's bytes are".
 *
 * Tags are unique across the mock: the tag table is an rbtree keyed by
 * UUID, so a lookup by tag is logarithmic in the number of backends.
 *
 * A backend lives as long as its references (struct ctm_backend): its
 * owner's, and those of the extents that use its storage. Its owner, the
 * configfs item, also pins it while extents use it (struct
 * ctm_backend_pin_ops), so that rmdir fails with -EBUSY then.
 *
 * Everything here runs under ctm_cfg_lock but reference counting and
 * ctm_backend_hold()/ctm_backend_settle(), which take it themselves.
 */
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

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

static void backend_free(struct kref *ref)
{
	kfree(container_of(ref, struct ctm_backend, ref));
}

/**
 * ctm_backend_alloc() - make a backend: no tag, no size, no contents
 * @ops: how its owner pins it, or NULL when nothing can remove it
 * @owner: the owner's object, for @ops
 *
 * The caller holds the one reference; ctm_backend_release() empties it
 * once it is unused, and ctm_backend_put() of the last reference frees it.
 *
 * Return: the backend, or NULL.
 */
struct ctm_backend *ctm_backend_alloc(const struct ctm_backend_pin_ops *ops,
				      void *owner)
{
	struct ctm_backend *be = kzalloc_obj(*be);

	if (!be)
		return NULL;
	kref_init(&be->ref);
	be->pin_ops = ops;
	be->owner = owner;
	/* Ranges are placed first fit: the tree tracks its gaps. */
	mt_init_flags(&be->alloc, MT_FLAGS_ALLOC_RANGE);
	ctm_store_init(&be->store);
	RB_CLEAR_NODE(&be->tag_node);
	return be;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_alloc);

/**
 * ctm_backend_get() - take a reference on a backend
 * @be: the backend
 */
void ctm_backend_get(struct ctm_backend *be)
{
	kref_get(&be->ref);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_get);

/**
 * ctm_backend_put() - drop a reference on a backend
 * @be: the backend
 *
 * The last one frees it, taking no lock: a reference may be dropped
 * anywhere.
 */
void ctm_backend_put(struct ctm_backend *be)
{
	kref_put(&be->ref, backend_free);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_put);

static void backend_undepend(struct ctm_backend *be)
{
	if (be->pin_ops)
		be->pin_ops->undepend(be);
}

/**
 * ctm_backend_hold() - take the backend of a tag for an operation that may
 * bind its storage to extents
 * @tag: the tag
 * @in_callback: the caller is a callback of the backend's owner (configfs)
 *
 * rmdir of a backend whose storage backs extents must fail with -EBUSY,
 * and configfs only knows that from a dependency on the item. Taking one
 * takes configfs' locks, and rmdir's disconnect_notify takes ctm_cfg_lock,
 * so it is taken with ctm_cfg_lock dropped: the backend is looked up and
 * referenced under the lock, the dependency taken without it, then the
 * backend is checked to be still published. Removal waits for the calls
 * between those steps, so the owner never lets go of it under a
 * dependency being taken. Call ctm_backend_settle() when the operation is
 * done: the dependency becomes the backend's pin if the operation left
 * extents on it.
 *
 * Return: the backend, NULL when no backend has @tag, or an ERR_PTR:
 * -ENOENT when the backend is being removed or lost its tag meanwhile.
 */
struct ctm_backend *ctm_backend_hold(const uuid_t *tag, bool in_callback)
{
	struct ctm_backend *be;
	bool live;
	int rc = 0;

	scoped_guard(mutex, &ctm_cfg_lock) {
		be = ctm_backend_find(tag);
		if (!be)
			return NULL;
		ctm_backend_get(be);
		be->acquiring++;
	}
	if (be->pin_ops)
		rc = be->pin_ops->depend(be, in_callback);
	scoped_guard(mutex, &ctm_cfg_lock) {
		live = !rc && ctm_backend_find(tag) == be;
		if (live)
			be->holds++;
		be->acquiring--;
	}
	wake_up_var(&be->acquiring);
	if (live)
		return be;
	if (!rc)
		backend_undepend(be);
	ctm_backend_put(be);
	return ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_hold);

/**
 * ctm_backend_settle() - end an operation that held a backend
 * @be: what ctm_backend_hold() returned (NULL and ERR_PTRs are ignored)
 *
 * Not under ctm_cfg_lock.
 */
void ctm_backend_settle(struct ctm_backend *be)
{
	bool keep;

	if (IS_ERR_OR_NULL(be))
		return;
	scoped_guard(mutex, &ctm_cfg_lock) {
		be->holds--;
		/* Extents on it: the dependency stays, as its pin. */
		keep = be->users && !be->pinned;
		if (keep)
			be->pinned = true;
	}
	if (!keep)
		backend_undepend(be);
	ctm_backend_put(be);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_settle);

/**
 * ctm_backend_unpin() - the last extent left a backend: rmdir may take it
 * @be: the backend, under ctm_cfg_lock
 */
void ctm_backend_unpin(struct ctm_backend *be)
{
	lockdep_assert_held(&ctm_cfg_lock);
	if (!be->pinned)
		return;
	be->pinned = false;
	backend_undepend(be);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_unpin);

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
