// SPDX-License-Identifier: GPL-2.0
/*
 * A device's accepted Dynamic Capacity extents, in an rbtree by DPA:
 * lookups, inserts and removals are logarithmic in the number of live
 * extents, and the tree never holds two that overlap.
 */
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "tag_mock.h"

static struct ctm_extent *to_extent(struct rb_node *node)
{
	return rb_entry(node, struct ctm_extent, node);
}

/**
 * ctm_extent_overlap() - the first accepted extent overlapping a range
 * @mem: the device
 * @dpa: first DPA of the range
 * @len: its length, non-zero
 *
 * Return: the extent, or NULL when the range is free.
 */
struct ctm_extent *ctm_extent_overlap(struct ctm_mem *mem, u64 dpa, u64 len)
{
	struct rb_node *n = mem->extents.rb_node;

	while (n) {
		struct ctm_extent *ext = to_extent(n);

		if (dpa + len <= ext->dpa)
			n = n->rb_left;
		else if (dpa >= ext->dpa + ext->len)
			n = n->rb_right;
		else
			return ext;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_overlap);

/**
 * ctm_extent_find() - the accepted extent that is exactly a range
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

/**
 * ctm_extent_insert() - add an accepted extent
 * @mem: the device
 * @ext: the extent, not in any tree
 *
 * Return: 0, or -EEXIST when it overlaps one already there.
 */
int ctm_extent_insert(struct ctm_mem *mem, struct ctm_extent *ext)
{
	struct rb_node **link = &mem->extents.rb_node, *parent = NULL;

	while (*link) {
		struct ctm_extent *o = to_extent(*link);

		parent = *link;
		if (ext->dpa + ext->len <= o->dpa)
			link = &(*link)->rb_left;
		else if (ext->dpa >= o->dpa + o->len)
			link = &(*link)->rb_right;
		else
			return -EEXIST;
	}
	rb_link_node(&ext->node, parent, link);
	rb_insert_color(&ext->node, &mem->extents);
	mem->nr_extents++;
	mem->ext_gen++;
	mem->list_pos = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_insert);

/**
 * ctm_extent_remove() - drop an accepted extent and free it
 * @mem: the device
 * @ext: the extent, in @mem's tree
 */
void ctm_extent_remove(struct ctm_mem *mem, struct ctm_extent *ext)
{
	rb_erase(&ext->node, &mem->extents);
	mem->nr_extents--;
	mem->ext_gen++;
	mem->list_pos = NULL;
	kfree(ext);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_remove);

/**
 * ctm_extents_destroy() - drop every extent of a device
 * @mem: the device
 */
void ctm_extents_destroy(struct ctm_mem *mem)
{
	struct ctm_extent *ext, *next;

	rbtree_postorder_for_each_entry_safe(ext, next, &mem->extents, node)
		kfree(ext);
	mem->extents = RB_ROOT;
	mem->nr_extents = 0;
	mem->ext_gen++;
	mem->list_pos = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extents_destroy);

/**
 * ctm_extent_at() - the accepted extent at a position of the DPA-ordered list
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
	struct rb_node *node;
	u32 i = 0;

	if (index >= mem->nr_extents)
		return NULL;
	if (mem->list_pos && mem->list_index <= index) {
		node = mem->list_pos;
		i = mem->list_index;
	} else {
		node = rb_first(&mem->extents);
	}
	for (; node && i < index; i++, mem->list_steps++)
		node = rb_next(node);
	return node ? to_extent(node) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_at);

/**
 * ctm_extent_next() - the accepted extent after another in DPA order
 * @ext: an extent in its device's tree
 *
 * Return: the next one, or NULL after the last.
 */
struct ctm_extent *ctm_extent_next(struct ctm_extent *ext)
{
	struct rb_node *node = rb_next(&ext->node);

	return node ? to_extent(node) : NULL;
}

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
	struct rb_node *next = rb_next(&last->node);

	mem->list_pos = next;
	mem->list_index = index + 1;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extent_page_end);
