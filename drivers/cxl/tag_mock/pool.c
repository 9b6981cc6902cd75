// SPDX-License-Identifier: GPL-2.0
/*
 * Memory pools and tagged backends.
 *
 * A pool is a share of the media, carved from its top (host regions are
 * allocated from the bottom of the window up), or, without media, a
 * budget of page-allocator memory. A tagged backend reserves a contiguous
 * range of its pool's 2 MiB chunks when it is linked to the pool; the
 * pages are not bound to any DPA until capacity is added for its tag.
 *
 * Tags are unique across the mock: the tag table is an rbtree keyed by
 * UUID, so a lookup by tag is logarithmic in the number of backends.
 *
 * Everything here runs under ctm_cfg_lock.
 */
#include <linux/genalloc.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <kunit/visibility.h>

#include "tag_mock.h"

/* Serialises every configfs object and the relations between them. */
struct mutex ctm_cfg_lock = __MUTEX_INITIALIZER(ctm_cfg_lock);
EXPORT_SYMBOL_IF_KUNIT(ctm_cfg_lock);

/* Pools with media, ordered by base, for carving. */
static LIST_HEAD(ctm_media_pools);
static struct rb_root ctm_tags = RB_ROOT;

/*
 * gen_pool reports failure as address 0, so chunk addresses are offsets
 * into the pool biased by one chunk.
 */
#define POOL_BIAS CTM_CHUNK

/* The highest gap in the media that fits @size, or -ENOSPC. */
static int media_carve(u64 size, phys_addr_t *base)
{
	phys_addr_t end = ctm_media.base + ctm_media.size;
	struct ctm_pool *p;

	list_for_each_entry_reverse(p, &ctm_media_pools, node) {
		if (end - (p->base + p->size) >= size) {
			*base = end - size;
			return 0;
		}
		end = p->base;
	}
	if (end - ctm_media.base >= size) {
		*base = end - size;
		return 0;
	}
	return -ENOSPC;
}

/* Media bytes no pool other than @pool holds. */
static u64 media_room(struct ctm_pool *pool)
{
	u64 used = 0;
	struct ctm_pool *p;

	list_for_each_entry(p, &ctm_media_pools, node)
		if (p != pool)
			used += p->size;
	return ctm_media.size - used;
}

static void media_pools_insert(struct ctm_pool *pool)
{
	struct ctm_pool *p;

	list_for_each_entry(p, &ctm_media_pools, node) {
		if (p->base > pool->base) {
			list_add_tail(&pool->node, &p->node);
			return;
		}
	}
	list_add_tail(&pool->node, &ctm_media_pools);
}

static void pool_drop_space(struct ctm_pool *pool)
{
	if (!pool->gp)
		return;
	gen_pool_destroy(pool->gp);
	pool->gp = NULL;
	if (ctm_media.size) {
		list_del(&pool->node);
		ctm_window_release(pool->base, pool->size);
	}
	pool->size = 0;
}

/**
 * ctm_pool_set_size() - give a pool its size
 * @pool: the pool
 * @size: bytes, a non-zero multiple of 2 MiB
 *
 * A pool that cannot get the new size keeps its old one (unless a host
 * region took its old range in the meantime).
 *
 * Return: 0, -EINVAL for a bad size, -EBUSY while backends use the pool,
 * -ENOSPC when the media has no free room that large (host regions count
 * as used), -ENOMEM.
 */
int ctm_pool_set_size(struct ctm_pool *pool, u64 size)
{
	static const char name[] = "cxl_tag_mock pool";
	phys_addr_t base = 0;
	struct gen_pool *gp;
	int rc;

	lockdep_assert_held(&ctm_cfg_lock);
	if (!size || !IS_ALIGNED(size, CTM_CHUNK))
		return -EINVAL;
	if (pool->nr_backends)
		return -EBUSY;
	/*
	 * Refused before anything is allocated: the chunk bitmap alone of an
	 * absurd size would be huge. With media, a pool fits in the room
	 * other pools leave (host regions are checked when the range is
	 * claimed); without media, backends take kernel memory: half of it
	 * at most.
	 */
	if (ctm_media.size ? size > media_room(pool) :
			     size > (u64)totalram_pages() << (PAGE_SHIFT - 1))
		return -ENOSPC;
	gp = gen_pool_create(ilog2(CTM_CHUNK), NUMA_NO_NODE);
	if (!gp)
		return -ENOMEM;
	rc = gen_pool_add(gp, POOL_BIAS, size, NUMA_NO_NODE);
	if (rc) {
		gen_pool_destroy(gp);
		return rc;
	}

	if (ctm_media.size) {
		/* The pool's own current range is free for its new size. */
		if (pool->gp) {
			list_del(&pool->node);
			ctm_window_release(pool->base, pool->size);
		}
		/*
		 * Claiming the range in the window keeps host regions off it;
		 * that fails where a region already is.
		 */
		rc = media_carve(size, &base);
		if (!rc && ctm_window_claim(base, size, name))
			rc = -ENOSPC;
		if (rc) {
			gen_pool_destroy(gp);
			if (!pool->gp)
				return rc;
			/* The old range was free a moment ago: take it back. */
			if (ctm_window_claim(pool->base, pool->size, name)) {
				gen_pool_destroy(pool->gp);
				pool->gp = NULL;
				pool->size = 0;
			} else {
				media_pools_insert(pool);
			}
			return rc;
		}
	}

	if (pool->gp)
		gen_pool_destroy(pool->gp);
	pool->gp = gp;
	pool->size = size;
	pool->base = base;
	if (ctm_media.size)
		media_pools_insert(pool);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_pool_set_size);

/**
 * ctm_pool_release() - give a pool's space back
 * @pool: the pool, with no backends
 */
void ctm_pool_release(struct ctm_pool *pool)
{
	lockdep_assert_held(&ctm_cfg_lock);
	WARN_ON(pool->nr_backends);
	pool_drop_space(pool);
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
	return pool->gp ? gen_pool_avail(pool->gp) : 0;
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
 * ctm_backend_unreserve() - give a backend's pages back to its pool
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
	gen_pool_free(be->pool->gp, be->offset + POOL_BIAS, be->size);
	ctm_store_destroy(&be->store);
	be->pool->nr_backends--;
	be->pool = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_unreserve);

/* Take the pool range at offset @off back, exactly where it was. */
static void be_retake_range(struct ctm_pool *pool, u64 off, u64 size)
{
	struct genpool_data_fixed fixed = { .offset = off };

	WARN_ON(!gen_pool_alloc_algo(pool->gp, size, gen_pool_fixed_alloc,
				     &fixed));
}

/**
 * ctm_backend_resize() - set a backend's size, reserving its pages
 * @be: the backend
 * @pool: the pool it takes pages from
 * @size: bytes, a non-zero multiple of 2 MiB
 *
 * The old reservation goes with its contents, and the new one starts
 * zeroed. On failure nothing changes: the backend keeps its size, its
 * range of the pool and its contents.
 *
 * Return: 0, -EINVAL for a bad size or a pool without size, -EBUSY while
 * capacity for the tag is on a device (or being offered), -ENOSPC when
 * the pool has no room, -ENOMEM.
 */
int ctm_backend_resize(struct ctm_backend *be, struct ctm_pool *pool, u64 size)
{
	struct ctm_pool *old = be->pool;
	unsigned long addr;
	int rc = 0;

	lockdep_assert_held(&ctm_cfg_lock);
	if (!size || !IS_ALIGNED(size, CTM_CHUNK))
		return -EINVAL;
	if (!pool->gp || (old && old != pool))
		return -EINVAL;
	if (be->users || be->holds)
		return -EBUSY;
	if (size > pool->size)
		return -ENOSPC;
	/*
	 * The old range is free for the new size, but only given back for
	 * good once the new one is had: until then it is retaken exactly,
	 * so its pages and their contents stay the backend's.
	 */
	if (old)
		gen_pool_free(pool->gp, be->offset + POOL_BIAS, be->size);
	addr = gen_pool_alloc(pool->gp, size);
	if (!addr)
		rc = -ENOSPC;
	if (rc) {
		if (old)
			be_retake_range(pool, be->offset, be->size);
		return rc;
	}
	if (!old)
		pool->nr_backends++;
	be->offset = addr - POOL_BIAS;
	be->pool = pool;
	be->size = size;
	/* A new reservation starts zeroed: its store is emptied. */
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
 * ctm_backend_release() - forget a backend: its tag and its pages
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
