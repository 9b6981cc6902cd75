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
}
EXPORT_SYMBOL_IF_KUNIT(ctm_extents_destroy);
