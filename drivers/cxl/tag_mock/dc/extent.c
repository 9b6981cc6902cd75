// SPDX-License-Identifier: GPL-2.0
/*
 * A device's Dynamic Capacity extents, in one index: a maple tree of the
 * DPA ranges they hold (&ctm_dc.dpa_map). An offered extent holds its
 * range from the offer on, so that no later offer overlaps it and "free"
 * offers find room by first fit; accepting it only changes its state.
 * What the host has (the accepted and release-pending extents, which
 * Get DC Extent List reports) is the index less the pending offers.
 * Duplicate offers, re-offers of a range an accepted extent holds, hold
 * none. Lookups and changes are logarithmic in the number of extents.
 */
#include <linux/maple_tree.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

/**
 * ctm_extent_hold() - hold an extent's range in its device's index
 * @mem: the device
 * @ext: the extent, holding no range yet
 *
 * Return: 0; -EEXIST when another extent holds any of the range;
 * -ENOMEM.
 */
int ctm_extent_hold(struct ctm_mem *mem, struct ctm_extent *ext)
{
	int rc = mtree_insert_range(&mem->dc->dpa_map, ext->dpa,
				    ext->dpa + ext->len - 1, ext, GFP_KERNEL);

	if (!rc)
		ext->in_map = true;
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_hold);

/**
 * ctm_extent_hold_free() - hold the first free range that fits an extent
 * @mem: the device
 * @ext: the extent, holding no range yet; its length is set
 * @start: the lowest DPA it may take
 * @end: the highest DPA it may take
 *
 * Return: 0, with @ext->dpa set; -ENOSPC when no free range fits;
 * -ENOMEM.
 */
int ctm_extent_hold_free(struct ctm_mem *mem, struct ctm_extent *ext,
			 u64 start, u64 end)
{
	unsigned long dpa;
	int rc;

	rc = mtree_alloc_range(&mem->dc->dpa_map, &dpa, ext, ext->len, start, end,
			       GFP_KERNEL);
	if (rc)
		return rc == -EBUSY ? -ENOSPC : rc;
	ext->dpa = dpa;
	ext->in_map = true;
	return 0;
}

/**
 * ctm_extent_unhold() - give up the range an extent holds, if it holds one
 * @mem: the device
 * @ext: the extent
 */
void ctm_extent_unhold(struct ctm_mem *mem, struct ctm_extent *ext)
{
	if (ext->in_map)
		mtree_erase(&mem->dc->dpa_map, ext->dpa);
	ext->in_map = false;
}

/**
 * ctm_extent_first_in() - the extent holding the lowest DPA of a range
 * @mem: the device
 * @dpa: first DPA of the range
 * @len: its length, non-zero
 *
 * Return: the extent, offered or accepted, or NULL when no extent holds
 * any of the range.
 */
struct ctm_extent *ctm_extent_first_in(struct ctm_mem *mem, u64 dpa, u64 len)
{
	unsigned long index = dpa;

	return mt_find(&mem->dc->dpa_map, &index, dpa + len - 1);
}

static bool ext_is_hosts(const struct ctm_extent *ext)
{
	return ext->state != CTM_EXT_PENDING;
}

/* The host's first extent at or above @dpa, through @last. */
static struct ctm_extent *ext_from(struct ctm_mem *mem, unsigned long dpa,
				   unsigned long last)
{
	struct ctm_extent *ext;

	mt_for_each(&mem->dc->dpa_map, ext, dpa, last)
		if (ext_is_hosts(ext))
			return ext;
	return NULL;
}

/**
 * ctm_extent_overlap() - the first of the host's extents (accepted or
 * release-pending) overlapping a range
 * @mem: the device
 * @dpa: first DPA of the range
 * @len: its length, non-zero
 *
 * Return: the extent, or NULL when the host has none in the range.
 */
struct ctm_extent *ctm_extent_overlap(struct ctm_mem *mem, u64 dpa, u64 len)
{
	return ext_from(mem, dpa, dpa + len - 1);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_overlap);

/**
 * ctm_extent_find() - the host's extent (accepted or release-pending) that
 * is exactly a range
 * @mem: the device
 * @dpa: first DPA
 * @len: length
 *
 * Return: the extent, or NULL.
 */
struct ctm_extent *ctm_extent_find(struct ctm_mem *mem, u64 dpa, u64 len)
{
	struct ctm_extent *ext;

	if (!len)
		return NULL;
	ext = ctm_extent_overlap(mem, dpa, len);
	return ext && ext->dpa == dpa && ext->len == len ? ext : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_find);

/*
 * Any change to the host's extents: a new generation for Get DC Extent
 * List, and the remembered page end is stale.
 */
static void ext_list_changed(struct ctm_mem *mem)
{
	mem->dc->ext_gen++;
	mem->dc->list_pos = NULL;
}

/**
 * ctm_extent_insert() - make an extent the host's: accepted
 * @mem: the device
 * @ext: the extent; the range it holds already (an offer's), or none
 *	 (an extent made accepted, as preloaded ones are)
 *
 * Return: 0, or -EEXIST when it would overlap another extent (nothing
 * changed then); -ENOMEM.
 */
int ctm_extent_insert(struct ctm_mem *mem, struct ctm_extent *ext)
{
	if (!ext->in_map) {
		int rc = ctm_extent_hold(mem, ext);

		if (rc)
			return rc;
	}
	ext->mem = mem;
	ext->state = CTM_EXT_ACCEPTED;
	mem->dc->nr_extents++;
	ext_list_changed(mem);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_insert);

/**
 * ctm_extent_remove() - drop an accepted extent and free it
 * @mem: the device
 * @ext: the extent, the host's
 */
void ctm_extent_remove(struct ctm_mem *mem, struct ctm_extent *ext)
{
	ctm_extent_unhold(mem, ext);
	mem->dc->nr_extents--;
	ext_list_changed(mem);
	kfree(ext);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_remove);

/**
 * ctm_extents_destroy() - drop every extent of a device
 * @mem: the device, whose offers are gone already
 */
void ctm_extents_destroy(struct ctm_mem *mem)
{
	struct ctm_extent *ext;
	unsigned long index = 0;

	mt_for_each(&mem->dc->dpa_map, ext, index, ULONG_MAX)
		kfree(ext);
	mtree_destroy(&mem->dc->dpa_map);
	mem->dc->nr_extents = 0;
	ext_list_changed(mem);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extents_destroy);

/**
 * ctm_extent_first() - the host's extent with the lowest DPA
 * @mem: the device
 *
 * Return: the extent, or NULL when the host has none.
 */
struct ctm_extent *ctm_extent_first(struct ctm_mem *mem)
{
	return ext_from(mem, 0, ULONG_MAX);
}

/**
 * ctm_extent_next() - the host's extent after another in DPA order
 * @ext: one of the host's extents
 *
 * Return: the next one, or NULL after the last.
 */
struct ctm_extent *ctm_extent_next(struct ctm_extent *ext)
{
	return ext_from(ext->mem, ext->dpa + ext->len, ULONG_MAX);
}

/**
 * ctm_extent_at() - the host's extent at a position of the DPA-ordered list
 * @mem: the device
 * @index: the position, from 0
 *
 * A host pages Get DC Extent List with consecutive start indexes. The page
 * before ended at a remembered position (ctm_extent_page_end()), so a page
 * starting there or after it walks on from it: reading the whole list costs
 * one walk of it, not one walk from the start per page. Any change to the
 * list forgets the position.
 *
 * Return: the extent, or NULL when @index is past the end.
 */
struct ctm_extent *ctm_extent_at(struct ctm_mem *mem, u32 index)
{
	struct ctm_extent *ext;
	u32 i = 0;

	if (index >= mem->dc->nr_extents)
		return NULL;
	if (mem->dc->list_pos && mem->dc->list_index <= index) {
		ext = mem->dc->list_pos;
		i = mem->dc->list_index;
	} else {
		ext = ctm_extent_first(mem);
	}
	for (; ext && i < index; i++, mem->dc->list_steps++)
		ext = ctm_extent_next(ext);
	return ext;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_at);

/**
 * ctm_extent_page_end() - remember where a page of the extent list ended
 * @mem: the device
 * @last: the page's last extent
 * @index: its position
 *
 * The next page's first extent, the one after @last, is remembered as
 * position @index + 1.
 */
void ctm_extent_page_end(struct ctm_mem *mem, struct ctm_extent *last,
			 u32 index)
{
	mem->dc->list_pos = ctm_extent_next(last);
	mem->dc->list_index = index + 1;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_page_end);
