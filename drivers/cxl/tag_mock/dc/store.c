// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's store: where its contents live while the device's media
 * does not hold them (never accepted, accepted but not decoded, or
 * released without sanitize).
 *
 * The store is sparse: a page is allocated only where the contents were
 * written (debugfs) or, on a move out of the media, are not all zeros, so
 * a backend that was never written costs nothing and its first acceptance
 * copies nothing (the media range is zeroed). Moving contents into the
 * media frees the store's pages for that range, so a tagged byte is held
 * in exactly one place: the store or the media. (A move out leaves the
 * old bytes in the media pages, which belong to no tag then; the next
 * extent bound there overwrites or zeroes every page.)
 *
 * Operations that allocate (a write, a move out of the media) give every
 * page they will write a zeroed page first, which changes no contents,
 * and copy only once they all have one: a failed allocation leaves the
 * store's contents and its memory as they were.
 *
 * Callers serialise operations on one range of a store; operations on
 * disjoint ranges may run at once (two devices moving extents of one
 * backend): the xarray takes its own lock and the page count is atomic.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

/**
 * ctm_store_init() - make an empty store
 * @st: the store
 */
void ctm_store_init(struct ctm_store *st)
{
	xa_init(&st->pages);
	atomic_long_set(&st->nr_pages, 0);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_init);

/**
 * ctm_store_pages() - pages a store holds: the kernel memory it costs
 * @st: the store
 *
 * Return: the number of pages.
 */
unsigned long ctm_store_pages(struct ctm_store *st)
{
	return atomic_long_read(&st->nr_pages);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_pages);

static void store_drop(struct ctm_store *st, unsigned long index)
{
	struct page *page = xa_erase(&st->pages, index);

	if (page) {
		__free_page(page);
		atomic_long_dec(&st->nr_pages);
	}
}

/**
 * ctm_store_zero() - make a range of a store read as zeros
 * @st: the store
 * @off: offset, page aligned
 * @len: bytes, page aligned
 *
 * Its pages go back to the page allocator.
 */
void ctm_store_zero(struct ctm_store *st, u64 off, u64 len)
{
	unsigned long first = off >> PAGE_SHIFT;
	unsigned long last = (off + len) >> PAGE_SHIFT;
	struct page *page;
	unsigned long index;

	if (!len)
		return;
	xa_for_each_range(&st->pages, index, page, first, last - 1) {
		store_drop(st, index);
		cond_resched();
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_zero);

/**
 * ctm_store_destroy() - free everything a store holds
 * @st: the store
 */
void ctm_store_destroy(struct ctm_store *st)
{
	struct page *page;
	unsigned long index;

	xa_for_each(&st->pages, index, page) {
		store_drop(st, index);
		cond_resched();
	}
	xa_destroy(&st->pages);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_destroy);

/**
 * ctm_store_read() - copy from a store
 * @st: the store
 * @off: offset
 * @buf: where to
 * @len: bytes
 */
void ctm_store_read(struct ctm_store *st, u64 off, void *buf, size_t len)
{
	while (len) {
		size_t in = offset_in_page(off);
		size_t n = min_t(size_t, len, PAGE_SIZE - in);
		struct page *page = xa_load(&st->pages, off >> PAGE_SHIFT);

		if (page)
			memcpy_from_page(buf, page, in, n);
		else
			memset(buf, 0, n);
		buf += n;
		off += n;
		len -= n;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_read);

/* Whether a page of the store holds nothing but zeros. */
static bool store_page_zero(struct page *page)
{
	void *va = kmap_local_page(page);
	bool zero = !memchr_inv(va, 0, PAGE_SIZE);

	kunmap_local(va);
	return zero;
}

/*
 * A store that cannot get memory fails the operation that needed it (a
 * write, a release: Retry Required) rather than having the OOM killer
 * make room for a mock's bytes.
 */
#define STORE_GFP (GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/*
 * Give every page of [off, off + len) that @need says needs one and has
 * none a zeroed page. Zeroed pages read as the missing ones did, so the
 * contents are the same whether this completes or not; on failure the
 * range's zeroed pages are given back, so the memory is too.
 */
static int store_fill(struct ctm_store *st, u64 off, u64 len,
		      bool (*need)(const void *src, u64 at), const void *src)
{
	unsigned long first = off >> PAGE_SHIFT;
	unsigned long last = DIV_ROUND_UP(off + len, PAGE_SIZE);
	unsigned long i;

	for (i = first; i < last; i++) {
		struct page *page;

		/* Every 2 MiB, whether pages were needed or not. */
		if (!((i - first) % (SZ_2M / PAGE_SIZE)))
			cond_resched();
		if (xa_load(&st->pages, i) || !need(src, (u64)i << PAGE_SHIFT))
			continue;
		page = alloc_page(STORE_GFP | __GFP_ZERO);
		if (!page)
			goto undo;
		if (xa_err(xa_store(&st->pages, i, page, STORE_GFP))) {
			__free_page(page);
			goto undo;
		}
		atomic_long_inc(&st->nr_pages);
	}
	return 0;
undo:
	while (i-- > first) {
		struct page *page = xa_load(&st->pages, i);

		if (page && store_page_zero(page))
			store_drop(st, i);
	}
	return -ENOMEM;
}

static bool need_always(const void *src, u64 at)
{
	return true;
}

/**
 * ctm_store_write() - copy into a store
 * @st: the store
 * @off: offset
 * @buf: what to copy
 * @len: bytes
 *
 * Return: 0, or -ENOMEM with the store unchanged.
 */
int ctm_store_write(struct ctm_store *st, u64 off, const void *buf,
		    size_t len)
{
	int rc;

	rc = store_fill(st, off, len, need_always, NULL);
	if (rc)
		return rc;
	while (len) {
		size_t in = offset_in_page(off);
		size_t n = min_t(size_t, len, PAGE_SIZE - in);

		memcpy_to_page(xa_load(&st->pages, off >> PAGE_SHIFT), in, buf,
			       n);
		buf += n;
		off += n;
		len -= n;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_write);

/**
 * ctm_store_move_in() - move a range of a store to the media
 * @st: the store
 * @off: offset, page aligned
 * @dst: the media's pages for the range
 * @len: bytes, page aligned
 *
 * Afterwards the contents are in @dst only: pages the store had are
 * copied and freed, the rest of @dst is zeroed (it may hold what another
 * tag left there).
 */
void ctm_store_move_in(struct ctm_store *st, u64 off, void *dst, u64 len)
{
	for (u64 at = 0; at < len; at += PAGE_SIZE) {
		unsigned long index = (off + at) >> PAGE_SHIFT;
		struct page *page = xa_load(&st->pages, index);

		if (page) {
			memcpy_from_page(dst + at, page, 0, PAGE_SIZE);
			store_drop(st, index);
		} else {
			memset(dst + at, 0, PAGE_SIZE);
		}
		if (!(at & (SZ_2M - 1)))
			cond_resched();
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_move_in);

static bool need_nonzero(const void *src, u64 at)
{
	return memchr_inv(src + at, 0, PAGE_SIZE);
}

/**
 * ctm_store_move_out() - move a range from the media to a store
 * @st: the store
 * @off: offset, page aligned
 * @src: the media's pages for the range
 * @len: bytes, page aligned
 *
 * Pages of @src that are all zeros take no page of the store (one the
 * store had for them is freed). The caller stops using @src for the tag
 * afterwards: the contents are in the store only.
 *
 * Return: 0, or -ENOMEM with the store unchanged.
 */
int ctm_store_move_out(struct ctm_store *st, u64 off, const void *src,
		       u64 len)
{
	int rc;

	/* @src is indexed from @off: shift it to the store's offsets. */
	rc = store_fill(st, off, len, need_nonzero, src - off);
	if (rc)
		return rc;
	for (u64 at = 0; at < len; at += PAGE_SIZE) {
		unsigned long index = (off + at) >> PAGE_SHIFT;
		struct page *page = xa_load(&st->pages, index);

		if (!(at & (SZ_2M - 1)))
			cond_resched();
		if (!page)
			continue;
		if (need_nonzero(src, at))
			memcpy_to_page(page, 0, src + at, PAGE_SIZE);
		else
			store_drop(st, index);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_store_move_out);
