// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic Capacity extents on the host: the device offers capacity through
 * its Dynamic Capacity event log, the host judges the offers (dc_chain.c),
 * answers with Add Dynamic Capacity Response, and every accepted extent
 * becomes a device under the DAX device of the region that maps it
 * (regionN/dax_regionN/extentN.M). Extents that share a tag form a group:
 * accepted together, handed to DAX as one device, released together.
 *
 * Each device's share of it (its chain, its extents, the extent lists and
 * DAX hooks of its regions) is under the device's own lock,
 * cxl_dc_state.lock, taken before cxl_rwsem.region and cxl_rwsem.dpa,
 * which are held only while offers are judged against the decoders and
 * their extents made, and before the DAX driver's locks. No holder of
 * either rwsem takes a device's lock, so a device busy with its mailbox
 * never holds up a region or DPA change of the host. Only the host-wide
 * tag tree is shared: cxl_dc_tags_lock, innermost, held for tree
 * operations alone. The device's mailbox is used with its lock held (a
 * device must not wait for the host while it answers a command), never
 * with either rwsem held.
 */
#include <linux/device.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <cxl/dcd.h>

#include "cxlmem.h"
#include "core.h"
#include "trace.h"
#include "dc_chain.h"

/* Tagged extent groups of every device, by tag: tags are host-wide. */
static DEFINE_MUTEX(cxl_dc_tags_lock);
static struct rb_root cxl_dc_tags = RB_ROOT;

/*
 * The most extents the host takes in one Add Capacity chain; a longer
 * chain is answered empty. Read when a device's DC state is set up, so a
 * change applies to devices that probe afterwards.
 */
static unsigned int dc_chain_max = CXL_DC_CHAIN_MAX_DEFAULT;

static int dc_chain_max_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, CXL_DC_EXTENTS_MAX);
}

static const struct kernel_param_ops dc_chain_max_ops = {
	.set = dc_chain_max_set,
	.get = param_get_uint,
};
module_param_cb(dc_chain_max, &dc_chain_max_ops, &dc_chain_max, 0644);
MODULE_PARM_DESC(dc_chain_max,
		 "most extents taken in one Add Capacity chain, 1-4096 (default 100); applies to DC devices that probe later");

/*
 * How long an Add Capacity chain may stay open before it is answered
 * empty, in milliseconds. Read when a chain's first record comes.
 */
static unsigned int dc_chain_timeout_ms = CXL_DC_CHAIN_TIMEOUT_MS;

static int dc_chain_timeout_set(const char *val,
				const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, CXL_DC_CHAIN_TIMEOUT_MIN_MS,
				     CXL_DC_CHAIN_TIMEOUT_MAX_MS);
}

static const struct kernel_param_ops dc_chain_timeout_ops = {
	.set = dc_chain_timeout_set,
	.get = param_get_uint,
};
module_param_cb(dc_chain_timeout_ms, &dc_chain_timeout_ops,
		&dc_chain_timeout_ms, 0644);
MODULE_PARM_DESC(dc_chain_timeout_ms,
		 "ms an Add Capacity chain may stay open before it is answered empty, 100-600000 (default 20000); applies to chains that open later");

/**
 * struct cxl_dc_state - a Dynamic Capacity Device's host-side state
 * @mds: the device
 * @lock: guards all of it, the device's extents in its regions' lists and
 *	  those regions' DAX hooks
 * @chain: the Add Capacity chain being assembled
 * @chain_start: when its first record came (jiffies)
 * @chain_timeout: how long it may stay open (jiffies), fixed when it opens
 * @timeout: answers a chain left open too long
 * @extents: accepted extents by DPA (struct cxl_region_extent)
 * @made: the extents made from the chain's offers, room for the chain's
 *	  limit
 * @rsp: a mailbox payload for Add DC Response and Release DC, so that
 *	 answering the device never fails for want of memory
 * @acted: copies of the DCD log records acted upon whose clearing failed
 *	   (room for a payload of them), under the event log_lock
 * @nr_acted: how many
 */
struct cxl_dc_state {
	struct cxl_memdev_state *mds;
	struct mutex lock; /* see above */
	struct cxl_dc_chain chain;
	unsigned long chain_start;
	unsigned long chain_timeout;
	struct delayed_work timeout;
	struct rb_root extents;
	struct cxl_region_extent **made;
	struct cxl_mbox_dc_response *rsp;
	struct cxl_event_record_raw *acted;
	u16 nr_acted;
};

static struct device *dc_dev(struct cxl_memdev_state *mds)
{
	return mds->cxlds.dev;
}

/* --- the host's view of its extents and tags ---------------------------- */

static struct cxl_region_extent *dc_extent_overlap(struct cxl_dc_state *dc,
						   u64 dpa, u64 len)
{
	struct rb_node *n = dc->extents.rb_node;

	while (n) {
		struct cxl_region_extent *ext =
			rb_entry(n, struct cxl_region_extent, dpa_node);

		if (dpa + len <= ext->dpa)
			n = n->rb_left;
		else if (dpa >= ext->dpa + range_len(&ext->hpa_range))
			n = n->rb_right;
		else
			return ext;
	}
	return NULL;
}

static void dc_extent_link(struct cxl_dc_state *dc,
			   struct cxl_region_extent *ext)
{
	struct rb_node **link = &dc->extents.rb_node, *parent = NULL;

	while (*link) {
		struct cxl_region_extent *o =
			rb_entry(*link, struct cxl_region_extent, dpa_node);

		parent = *link;
		link = ext->dpa < o->dpa ? &(*link)->rb_left :
					   &(*link)->rb_right;
	}
	rb_link_node(&ext->dpa_node, parent, link);
	rb_insert_color(&ext->dpa_node, &dc->extents);
}

static struct cxl_extent_group *dc_tag_find(const uuid_t *tag)
{
	struct rb_node *n = cxl_dc_tags.rb_node;

	lockdep_assert_held(&cxl_dc_tags_lock);

	while (n) {
		struct cxl_extent_group *g =
			rb_entry(n, struct cxl_extent_group, node);
		int cmp = memcmp(tag, &g->uuid, sizeof(*tag));

		if (!cmp)
			return g;
		n = cmp < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static void dc_tag_link(struct cxl_extent_group *group)
{
	struct rb_node **link = &cxl_dc_tags.rb_node, *parent = NULL;

	lockdep_assert_held(&cxl_dc_tags_lock);

	while (*link) {
		struct cxl_extent_group *g =
			rb_entry(*link, struct cxl_extent_group, node);

		parent = *link;
		link = memcmp(&group->uuid, &g->uuid, sizeof(g->uuid)) < 0 ?
			       &(*link)->rb_left :
			       &(*link)->rb_right;
	}
	rb_link_node(&group->node, parent, link);
	rb_insert_color(&group->node, &cxl_dc_tags);
}

/* Take a group out of the tag tree, if it is in it. */
static void dc_tag_unlink(struct cxl_extent_group *group)
{
	guard(mutex)(&cxl_dc_tags_lock);
	if (!RB_EMPTY_NODE(&group->node))
		rb_erase(&group->node, &cxl_dc_tags);
}

/*
 * The group an accepted extent of @tag on @dc joins: the tag's group, or
 * a new one. Offers are judged under each device's own lock, so two
 * devices may both have found a tag free: the tree decides, under its
 * lock, and the device that comes second gets -EEXIST.
 */
static struct cxl_extent_group *dc_group_get(struct cxl_dc_state *dc,
					     const uuid_t *tag)
{
	struct cxl_extent_group *group, *found;

	lockdep_assert_held(&dc->lock);
	group = kzalloc_obj(*group);
	if (!group)
		return ERR_PTR(-ENOMEM);
	uuid_copy(&group->uuid, tag);
	INIT_LIST_HEAD(&group->extents);
	RB_CLEAR_NODE(&group->node);
	group->dc = dc;
	if (uuid_is_null(tag))
		return group;

	guard(mutex)(&cxl_dc_tags_lock);
	found = dc_tag_find(tag);
	if (!found) {
		dc_tag_link(group);
		return group;
	}
	kfree(group);
	return found->dc == dc ? found : ERR_PTR(-EEXIST);
}

static void dc_group_add(struct cxl_extent_group *group,
			 struct cxl_region_extent *ext)
{
	struct cxl_region_extent *pos;

	/* In sequence order: that is the order DAX maps them in. */
	list_for_each_entry(pos, &group->extents, group_node)
		if (pos->seq > ext->seq)
			break;
	list_add_tail(&ext->group_node, &pos->group_node);
	ext->group = group;
	group->nr++;
}

static void dc_group_del(struct cxl_region_extent *ext)
{
	struct cxl_extent_group *group = ext->group;

	list_del(&ext->group_node);
	ext->group = NULL;
	if (--group->nr)
		return;
	dc_tag_unlink(group);
	kfree(group);
}

/* --- extent devices ------------------------------------------------------- */

static struct cxl_region_extent *to_region_extent(struct device *dev)
{
	return container_of(dev, struct cxl_region_extent, dev);
}

static ssize_t offset_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct cxl_region_extent *ext = to_region_extent(dev);

	return sysfs_emit(buf, "%#llx\n", ext->hpa_range.start -
					  ext->cxlr_dax->hpa_range.start);
}
static DEVICE_ATTR_RO(offset);

static ssize_t length_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%#llx\n",
			  range_len(&to_region_extent(dev)->hpa_range));
}
static DEVICE_ATTR_RO(length);

static ssize_t uuid_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%pUb\n", &to_region_extent(dev)->uuid);
}
static DEVICE_ATTR_RO(uuid);

static struct attribute *cxl_region_extent_attrs[] = {
	&dev_attr_offset.attr,
	&dev_attr_length.attr,
	&dev_attr_uuid.attr,
	NULL
};

static umode_t cxl_region_extent_visible(struct kobject *kobj,
					 struct attribute *a, int n)
{
	struct cxl_region_extent *ext = to_region_extent(kobj_to_dev(kobj));

	/* An untagged extent has no uuid to show. */
	if (a == &dev_attr_uuid.attr && uuid_is_null(&ext->uuid))
		return 0;
	return a->mode;
}

static const struct attribute_group cxl_region_extent_group = {
	.attrs = cxl_region_extent_attrs,
	.is_visible = cxl_region_extent_visible,
};

static const struct attribute_group *cxl_region_extent_groups[] = {
	&cxl_region_extent_group,
	NULL
};

static void cxl_region_extent_release(struct device *dev)
{
	struct cxl_region_extent *ext = to_region_extent(dev);

	ida_free(&ext->cxlr_dax->extent_ida, ext->dev.id);
	put_device(&ext->cxlr_dax->dev);
	kfree(ext);
}

static const struct device_type cxl_region_extent_type = {
	.name = "extent",
	.release = cxl_region_extent_release,
	.groups = cxl_region_extent_groups,
};

/*
 * Make an accepted offer an extent of its region. DAX hears of it with the
 * rest of its group (dc_dax_add_groups()).
 */
static struct cxl_region_extent *dc_extent_add(struct cxl_dc_state *dc,
					       const struct cxl_dc_offer *o)
{
	struct cxl_region *cxlr = o->cxlr;
	struct cxl_dax_region *cxlr_dax = cxlr->cxlr_dax;
	struct cxl_endpoint_decoder *cxled = cxlr->params.targets[0];
	struct cxl_memdev *cxlmd = cxled_to_memdev(cxled);
	struct cxl_region_extent *ext;
	u64 hpa, end;
	int rc;

	lockdep_assert_held(&dc->lock);
	hpa = cxl_dpa_to_hpa(cxlr, cxlmd, o->dpa);
	if (hpa == ULLONG_MAX || check_add_overflow(hpa, o->len - 1, &end) ||
	    end > cxlr_dax->hpa_range.end)
		return ERR_PTR(-ENXIO);

	ext = kzalloc_obj(*ext);
	if (!ext)
		return ERR_PTR(-ENOMEM);
	rc = ida_alloc(&cxlr_dax->extent_ida, GFP_KERNEL);
	if (rc < 0) {
		kfree(ext);
		return ERR_PTR(rc);
	}
	ext->dev.id = rc;
	/* Its release frees its id in the parent's ida. */
	ext->cxlr_dax = cxlr_dax;
	get_device(&cxlr_dax->dev);
	ext->cxled = cxled;
	ext->hpa_range = (struct range){ hpa, hpa + o->len - 1 };
	ext->dpa = o->dpa;
	uuid_copy(&ext->uuid, &o->tag);
	ext->seq = o->seq;

	device_initialize(&ext->dev);
	device_set_pm_not_required(&ext->dev);
	ext->dev.parent = &cxlr_dax->dev;
	ext->dev.type = &cxl_region_extent_type;
	rc = dev_set_name(&ext->dev, "extent%d.%d", cxlr->id, ext->dev.id);
	if (rc)
		goto err;

	ext->group = dc_group_get(dc, &o->tag);
	if (IS_ERR(ext->group)) {
		rc = PTR_ERR(ext->group);
		ext->group = NULL;
		goto err;
	}
	rc = device_add(&ext->dev);
	if (rc) {
		/* An empty group goes with its only would-be member. */
		if (!ext->group->nr) {
			dc_tag_unlink(ext->group);
			kfree(ext->group);
		}
		goto err;
	}
	dc_group_add(ext->group, ext);
	dc_extent_link(dc, ext);
	list_add_tail(&ext->region_node, &cxlr_dax->extents);
	return ext;
err:
	put_device(&ext->dev);
	return ERR_PTR(rc);
}

static void dc_extent_trace(struct cxl_region_extent *ext, int type)
{
	trace_cxl_dynamic_capacity(cxled_to_memdev(ext->cxled), type, ext->dpa,
				   range_len(&ext->hpa_range), &ext->uuid,
				   ext->seq);
}

/* Take an extent out of the host, sending nothing to the device. */
static void dc_extent_remove(struct cxl_region_extent *ext)
{
	struct cxl_memdev *cxlmd = cxled_to_memdev(ext->cxled);
	struct cxl_memdev_state *mds = to_cxl_memdev_state(cxlmd->cxlds);

	lockdep_assert_held(&mds->dc->lock);
	rb_erase(&ext->dpa_node, &mds->dc->extents);
	list_del(&ext->region_node);
	dc_group_del(ext);
	device_unregister(&ext->dev);
}

static bool dc_extent_in(const struct cxl_region_extent *ext, u64 dpa,
			 u64 len)
{
	return len && ext->dpa < dpa + len &&
	       dpa < ext->dpa + range_len(&ext->hpa_range);
}

/**
 * struct dc_skip - the members of a group a Release DC must not name
 * @dpa: start of a range the device took back by force
 * @len: its length
 * @held: the device's extents (Get DC Extent List); NULL: not known
 * @nr_held: how many
 *
 * A forced release of a tag comes as one record per extent: members
 * named by records not handled yet are the device's no more.
 */
struct dc_skip {
	u64 dpa;
	u64 len;
	const struct cxl_dc_offer *held;
	int nr_held;
};

/* Is @ext the device's, to be named in a Release DC (@skip NULL: all)? */
static bool dc_named(const struct cxl_region_extent *ext,
		     const struct dc_skip *skip)
{
	if (!skip)
		return true;
	if (dc_extent_in(ext, skip->dpa, skip->len))
		return false;
	if (!skip->held)
		return true;
	for (int i = 0; i < skip->nr_held; i++)
		if (skip->held[i].dpa == ext->dpa &&
		    skip->held[i].len == range_len(&ext->hpa_range))
			return true;
	return false;
}

static struct cxl_region_extent *dc_group_first(struct cxl_extent_group *g)
{
	return list_first_entry(&g->extents, struct cxl_region_extent,
				group_node);
}

/*
 * Take the members of @group out of the host, sending nothing to the
 * device, but those @keep names (@keep NULL: all of them go). The group
 * goes with its last member: the walk stops there, before reading the
 * freed list. Returns whether the group is left.
 */
static bool dc_group_remove(struct cxl_extent_group *group,
			    const struct dc_skip *keep)
{
	struct cxl_region_extent *ext, *next;

	lockdep_assert_held(&group->dc->lock);
	list_for_each_entry_safe(ext, next, &group->extents, group_node) {
		bool last = group->nr == 1;

		if (keep && dc_named(ext, keep))
			continue;
		dc_extent_trace(ext, CXL_DC_TRACE_RELEASE);
		dc_extent_remove(ext);
		if (last)
			return false;
	}
	return true;
}

/* Hand a group to the region's DAX driver, if one follows the region. */
static int dc_dax_add_group(struct cxl_region_extent *first)
{
	struct cxl_dax_region *cxlr_dax = first->cxlr_dax;
	int rc;

	if (!cxlr_dax->dax_ops || cxlr_dax->dax_leaving)
		return 0;
	rc = cxlr_dax->dax_ops->add_group(cxlr_dax->dax_data, first->group);
	if (rc)
		dev_warn(&first->dev, "DAX cannot use its tag group: %d\n", rc);
	return rc;
}

static int dc_group_give_back(struct cxl_dc_state *dc,
			      struct cxl_extent_group *group);

/*
 * Each group among @ext that DAX does not know yet, once. A group DAX
 * cannot take could never be claimed: it goes back to the device, so that
 * both sides agree it is gone.
 */
static void dc_dax_add_groups(struct cxl_dc_state *dc,
			      struct cxl_region_extent **ext, int nr)
{
	for (int i = 0; i < nr; i++) {
		if (IS_ERR_OR_NULL(ext[i]) || ext[i]->dax_priv ||
		    ext[i] != dc_group_first(ext[i]->group))
			continue;
		if (!dc_dax_add_group(ext[i]))
			continue;
		/* Forget the group's members in @ext: they may go now. */
		for (int j = i + 1; j < nr; j++)
			if (!IS_ERR_OR_NULL(ext[j]) &&
			    ext[j]->group == ext[i]->group)
				ext[j] = NULL;
		dc_group_give_back(dc, ext[i]->group);
		ext[i] = NULL;
	}
}

/* --- mailbox --------------------------------------------------------------- */

/*
 * Only the device's own lock is held while it executes a command: region
 * and DPA changes of the host never wait for a device.
 */
static void dc_mbox_assert_locks(struct cxl_dc_state *dc)
{
	lockdep_assert_held(&dc->lock);
	lockdep_assert_not_held(&cxl_rwsem.region);
	lockdep_assert_not_held(&cxl_rwsem.dpa);
}

static int dc_send_payload(struct cxl_dc_state *dc, u16 opcode, u32 n)
{
	struct cxl_mbox_cmd cmd = {
		.opcode = opcode,
		.payload_in = dc->rsp,
		.size_in = struct_size(dc->rsp, extent_list, n),
	};

	dc_mbox_assert_locks(dc);
	return cxl_internal_send_cmd(&dc->mds->cxlds.cxl_mbox, &cmd);
}

/* Add DC Response or Release DC for the offers not refused. */
static int dc_send(struct cxl_dc_state *dc, u16 opcode,
		   const struct cxl_dc_offer *o, int nr)
{
	size_t size = dc->mds->cxlds.cxl_mbox.payload_size;
	int pos = 0, rc;

	lockdep_assert_held(&dc->lock);
	do {
		u32 n = cxl_dc_response_batch(dc->rsp, size, o, nr, &pos);

		rc = dc_send_payload(dc, opcode, n);
		if (rc)
			return rc;
	} while (pos < nr);
	return 0;
}

/*
 * One Release DC naming every member of @group but those @skip leaves out
 * (split over payloads with More when needed); nothing is sent when no
 * member is left to name.
 */
static int dc_send_group_release(struct cxl_dc_state *dc,
				 struct cxl_extent_group *group,
				 const struct dc_skip *skip)
{
	size_t size = dc->mds->cxlds.cxl_mbox.payload_size;
	u32 room = (size - sizeof(*dc->rsp)) / sizeof(dc->rsp->extent_list[0]);
	struct cxl_mbox_dc_response *rsp = dc->rsp;
	struct cxl_region_extent *ext;
	int left = 0, rc;
	u32 n = 0;

	lockdep_assert_held(&dc->lock);
	list_for_each_entry(ext, &group->extents, group_node)
		left += dc_named(ext, skip);
	if (!left)
		return 0;
	memset(rsp, 0, sizeof(*rsp));
	list_for_each_entry(ext, &group->extents, group_node) {
		struct cxl_extent_range *r = &rsp->extent_list[n];

		if (!dc_named(ext, skip))
			continue;
		memset(r, 0, sizeof(*r));
		r->dpa_start = cpu_to_le64(ext->dpa);
		r->length = cpu_to_le64(range_len(&ext->hpa_range));
		n++;
		left--;
		if (n < room && left)
			continue;
		rsp->flags = left ? CXL_DC_RESPONSE_MORE : 0;
		rsp->extent_list_size = cpu_to_le32(n);
		rc = dc_send_payload(dc, CXL_MBOX_OP_RELEASE_DC, n);
		if (rc) {
			dev_warn(dc_dev(dc->mds), "Release DC %#llx+%#llx: %d\n",
				 ext->dpa, range_len(&ext->hpa_range), rc);
			return rc;
		}
		memset(rsp, 0, sizeof(*rsp));
		n = 0;
	}
	return 0;
}

static int dc_release_range(struct cxl_dc_state *dc, u64 dpa, u64 len)
{
	struct cxl_dc_offer o = { .dpa = dpa, .len = len };
	int rc;

	rc = dc_send(dc, CXL_MBOX_OP_RELEASE_DC, &o, 1);
	if (rc)
		dev_warn(dc_dev(dc->mds), "Release DC %#llx+%#llx: %d\n", dpa,
			 len, rc);
	return rc;
}

/*
 * Give a group the host has (and DAX does not use) back to the device:
 * one Release DC, then its extents go. When the device refuses, the host
 * keeps them, as the device does, and DAX gets them back.
 */
static int dc_group_give_back(struct cxl_dc_state *dc,
			      struct cxl_extent_group *group)
{
	int rc;

	lockdep_assert_held(&dc->lock);
	rc = dc_send_group_release(dc, group, NULL);
	if (rc)
		return rc;
	dc_group_remove(group, NULL);
	return 0;
}

/* --- validation against the host's state ------------------------------------ */

/**
 * struct dc_env - what offers are judged against
 * @mds: the device that made them
 * @only: for extents a device already has, the region being probed: the
 *	  others are not this call's business
 */
struct dc_env {
	struct cxl_memdev_state *mds;
	struct cxl_region *only;
};

struct dc_locate {
	const struct cxl_dc_offer *o;
	struct cxl_dev_state *cxlds;
};

/* A decoder of a committed DC region mapping all of the range. */
static int dc_match_range(struct device *dev, const void *data)
{
	const struct dc_locate *l = data;
	struct cxl_endpoint_decoder *cxled;
	struct cxl_region *cxlr;

	if (!is_endpoint_decoder(dev))
		return 0;
	cxled = to_cxl_endpoint_decoder(dev);
	if (!cxled->dpa_res || cxled->part < 0 ||
	    l->cxlds->part[cxled->part].mode != CXL_PARTMODE_DYNAMIC_RAM_1)
		return 0;
	if (l->o->dpa < cxled->dpa_res->start ||
	    l->o->dpa + l->o->len - 1 > cxled->dpa_res->end)
		return 0;
	cxlr = cxled->cxld.region;
	return cxlr && cxlr->params.state == CXL_CONFIG_COMMIT;
}

/* As dc_match_range(), and the region's DAX device is there for extents. */
static int dc_match_decoder(struct device *dev, const void *data)
{
	return dc_match_range(dev, data) &&
	       to_cxl_endpoint_decoder(dev)->cxld.region->cxlr_dax;
}

static int dc_locate(void *ctx, struct cxl_dc_offer *o)
{
	struct dc_env *env = ctx;
	struct cxl_memdev *cxlmd = env->mds->cxlds.cxlmd;
	struct dc_locate l = { .o = o, .cxlds = &env->mds->cxlds };
	struct cxl_endpoint_decoder *cxled;
	struct device *dev;

	lockdep_assert_held(&cxl_rwsem.region);
	lockdep_assert_held(&cxl_rwsem.dpa);
	/*
	 * Adopting extents at region probe, those of other regions (or of
	 * none yet) are simply not this region's: -ENODEV, not logged.
	 */
	if (!cxlmd || !cxlmd->endpoint)
		return env->only ? -ENODEV : -ENXIO;
	dev = device_find_child(&cxlmd->endpoint->dev, &l, dc_match_decoder);
	if (!dev)
		return env->only ? -ENODEV : -ENXIO;
	cxled = to_cxl_endpoint_decoder(dev);
	o->cxlr = cxled->cxld.region;
	put_device(dev);
	if (env->only && o->cxlr != env->only)
		return -ENODEV;
	/* Linux maps DC region 0 only; CDAT says whether it is sharable. */
	o->sharable = env->mds->dc_region[0].sharable;
	return 0;
}

static bool dc_overlap(void *ctx, u64 dpa, u64 len, struct cxl_dc_offer *acc)
{
	struct dc_env *env = ctx;
	struct cxl_region_extent *ext;

	ext = dc_extent_overlap(env->mds->dc, dpa, len);
	if (!ext)
		return false;
	acc->dpa = ext->dpa;
	acc->len = range_len(&ext->hpa_range);
	uuid_copy(&acc->tag, &ext->uuid);
	return true;
}

/* Is @tag live on the host, in a group of any device? */
static bool dc_tag_live(void *ctx, const uuid_t *tag)
{
	guard(mutex)(&cxl_dc_tags_lock);
	return dc_tag_find(tag);
}

static const struct cxl_dc_env_ops dc_env_ops = {
	.locate = dc_locate,
	.overlap = dc_overlap,
	.tag_live = dc_tag_live,
};

static void dc_log_refused(struct cxl_memdev_state *mds,
			   const struct cxl_dc_offer *o, int nr)
{
	for (int i = 0; i < nr; i++)
		if (o[i].verdict < 0 && o[i].verdict != -ENODEV)
			dev_warn_ratelimited(dc_dev(mds),
					     "DC extent %#llx+%#llx tag %pUb seq %u refused: %d\n",
					     o[i].dpa, o[i].len, &o[i].tag,
					     o[i].seq, o[i].verdict);
}

/* --- the event log ------------------------------------------------------- */

static bool dc_same_group(const struct cxl_dc_offer *a,
			  const struct cxl_dc_offer *b)
{
	return a == b || (!uuid_is_null(&a->tag) && uuid_equal(&a->tag, &b->tag));
}

/*
 * Make the host's extents for the accepted offers @o[0..@nr) into @made
 * (NULL for an offer refused before). A group the host cannot make whole
 * is refused whole: what was made of it goes, and its members' verdicts
 * become the error. So DAX never gets part of a group: a device of the
 * wrong size, or a shared group's members at the wrong offsets.
 */
static void dc_make_groups(struct cxl_dc_state *dc, struct cxl_dc_offer *o,
			   struct cxl_region_extent **made, int nr)
{
	for (int i = 0; i < nr; i++) {
		made[i] = NULL;
		if (o[i].verdict)
			continue;
		made[i] = dc_extent_add(dc, &o[i]);
		if (IS_ERR(made[i]))
			o[i].verdict = PTR_ERR(made[i]);
	}
	for (int i = 0; i < nr; i++) {
		struct cxl_dc_offer *bad = &o[i];

		if (!IS_ERR(made[i]))
			continue;
		/* A tag another device took meanwhile: refused as live. */
		if (bad->verdict == -EEXIST)
			dc_log_refused(dc->mds, bad, 1);
		else
			dev_warn(dc_dev(dc->mds), "DC extent %#llx+%#llx tag %pUb refused: cannot add it: %d\n",
				 bad->dpa, bad->len, &bad->tag, bad->verdict);
		for (int j = 0; j < nr; j++) {
			if (j == i || !dc_same_group(bad, &o[j]))
				continue;
			if (!IS_ERR_OR_NULL(made[j]))
				dc_extent_remove(made[j]);
			if (o[j].verdict >= 0)
				o[j].verdict = bad->verdict;
			made[j] = NULL;
		}
		made[i] = NULL;
	}
}

/* Make the host's extents for the accepted offers of a chain. */
static void dc_make_accepted(struct cxl_dc_state *dc)
{
	dc_make_groups(dc, dc->chain.offer, dc->made, dc->chain.nr);
}

/*
 * Judge a closed chain against the host's decoders and make what the host
 * accepts, under the rwsems: no decoder changes meanwhile.
 */
static void dc_judge_chain(struct cxl_dc_state *dc)
{
	struct cxl_memdev_state *mds = dc->mds;
	struct cxl_dc_chain *c = &dc->chain;
	struct dc_env env = { .mds = mds };

	lockdep_assert_held(&cxl_rwsem.region);
	lockdep_assert_held(&cxl_rwsem.dpa);
	lockdep_assert_held(&dc->lock);
	if (c->overflow) {
		dev_warn_ratelimited(dc_dev(mds),
				     "DC offer of more than %d extents refused\n",
				     c->max);
		for (int i = 0; i < c->nr; i++)
			c->offer[i].verdict = -E2BIG;
	} else {
		cxl_dc_validate(c->offer, c->nr, &dc_env_ops, &env);
		dc_log_refused(mds, c->offer, c->nr);
	}
	dc_make_accepted(dc);
}

/*
 * Answer a judged chain, then hand the new groups to DAX. The answer names
 * only what the host could make; if it cannot be sent, what was made goes
 * and an empty answer tells the device to drop the offer: either way the
 * offer is answered. The made extents stay under the device's lock: a
 * region going away meanwhile waits for it in cxl_dc_region_teardown()
 * before its extents are released. Its decoders may have been reset by
 * then (a region is decommitted before it is unbound), so the device may
 * hear the answer for a range it no longer decodes: the release follows.
 */
static void dc_answer_chain(struct cxl_dc_state *dc)
{
	struct cxl_memdev_state *mds = dc->mds;
	struct cxl_dc_chain *c = &dc->chain;
	int rc;

	rc = dc_send(dc, CXL_MBOX_OP_ADD_DC_RESPONSE, c->offer, c->nr);
	/*
	 * Invalid Physical Address: the device answers its offers in order
	 * and takes these extents for those of an older offer, one whose
	 * records the host never saw (lost to an event log overflow). That
	 * offer is dropped with an empty response, and this answer is sent
	 * once more; if it fails again, this offer is dropped too. Either
	 * way both sides are in step again.
	 */
	if (rc == -EFAULT) {
		dev_warn(dc_dev(mds), "Add DC Response refused: the device's oldest offer is not this one; dropping it\n");
		rc = dc_send(dc, CXL_MBOX_OP_ADD_DC_RESPONSE, NULL, 0) ?:
		     dc_send(dc, CXL_MBOX_OP_ADD_DC_RESPONSE, c->offer, c->nr);
	}
	if (rc) {
		for (int i = 0; i < c->nr; i++) {
			if (!IS_ERR_OR_NULL(dc->made[i]))
				dc_extent_remove(dc->made[i]);
			dc->made[i] = NULL;
		}
		rc = dc_send(dc, CXL_MBOX_OP_ADD_DC_RESPONSE, NULL, 0);
		dev_warn(dc_dev(mds), "Add DC Response failed: offer dropped (empty response: %d)\n",
			 rc);
		goto out;
	}
	for (int i = 0; i < c->nr; i++)
		if (!IS_ERR_OR_NULL(dc->made[i]))
			dc_extent_trace(dc->made[i], CXL_DC_TRACE_ADD);
	dc_dax_add_groups(dc, dc->made, c->nr);
out:
	cxl_dc_chain_reset(c);
}

/* Answer the open chain empty, its offers refused with @err. */
static void dc_drop_chain(struct cxl_dc_state *dc, int err)
{
	lockdep_assert_held(&dc->lock);
	for (int i = 0; i < dc->chain.nr; i++)
		dc->chain.offer[i].verdict = err;
	dc_send(dc, CXL_MBOX_OP_ADD_DC_RESPONSE, dc->chain.offer,
		dc->chain.nr);
	/*
	 * The offer is answered: a device takes it as done, and whatever
	 * record comes next starts a new offer.
	 */
	cxl_dc_chain_reset(&dc->chain);
}

static void dc_chain_timeout(struct work_struct *work)
{
	struct cxl_dc_state *dc =
		container_of(work, struct cxl_dc_state, timeout.work);

	/* Under the lock: a chain opened meanwhile has its own start. */
	guard(mutex)(&dc->lock);
	if (!dc->chain.open ||
	    time_before(jiffies, dc->chain_start + dc->chain_timeout))
		return;
	dev_warn(dc_dev(dc->mds), "DC offer left open: answered empty\n");
	dc_drop_chain(dc, -ETIMEDOUT);
}

/**
 * cxl_dc_records_lost() - the device's DCD event log overflowed
 * @mds: the device
 *
 * Called once the log has been read to its end after Get Event Records
 * reported an overflow. A device queues an offer's records together, so
 * a chain still open now lost its closing record (More clear) to the
 * overflow and will never close: it is answered now, empty, so that the
 * device drops the offer whole, rather than left open to absorb the
 * records of the next offer (whose answer the device would then refuse).
 */
void cxl_dc_records_lost(struct cxl_memdev_state *mds)
{
	struct cxl_dc_state *dc = mds->dc;

	lockdep_assert_held(&mds->event.log_lock);
	if (!dc)
		return;
	guard(mutex)(&dc->lock);
	if (!dc->chain.open)
		return;
	dev_warn(dc_dev(mds), "DC records lost to an event log overflow: the open offer (%d extents read) is answered empty\n",
		 dc->chain.nr);
	dc_drop_chain(dc, -ENODATA);
}

static void dc_add_record(struct cxl_dc_state *dc,
			  const struct cxl_event_dcd *rec)
{
	struct cxl_dc_offer o;
	bool more;

	if (cxl_dc_record_parse(rec, &o, &more))
		dev_warn_ratelimited(dc_dev(dc->mds),
				     "malformed DC extent %#llx+%#llx\n", o.dpa,
				     o.len);

	guard(mutex)(&dc->lock);
	if (!dc->chain.nr && !dc->chain.overflow) {
		dc->chain_start = jiffies;
		dc->chain_timeout =
			msecs_to_jiffies(READ_ONCE(dc_chain_timeout_ms));
		mod_delayed_work(system_percpu_wq, &dc->timeout,
				 dc->chain_timeout);
	}
	cxl_dc_chain_add(&dc->chain, &o, more);
	if (more)
		return;
	cancel_delayed_work(&dc->timeout);
	scoped_guard(rwsem_read, &cxl_rwsem.region)
		scoped_guard(rwsem_read, &cxl_rwsem.dpa)
			dc_judge_chain(dc);
	/* The device hears the answer with only its own lock held. */
	dc_answer_chain(dc);
}

/* Is [dpa, dpa + len) inside a committed DC region of the device? */
static bool dc_range_mapped(struct cxl_memdev_state *mds, u64 dpa, u64 len)
{
	struct cxl_dc_offer o = { .dpa = dpa, .len = len };
	struct dc_locate l = { .o = &o, .cxlds = &mds->cxlds };
	struct cxl_memdev *cxlmd = mds->cxlds.cxlmd;
	struct device *dev;

	lockdep_assert_held(&cxl_rwsem.region);
	lockdep_assert_held(&cxl_rwsem.dpa);
	if (!cxlmd || !cxlmd->endpoint)
		return false;
	dev = device_find_child(&cxlmd->endpoint->dev, &l, dc_match_range);
	put_device(dev);
	return dev;
}

/*
 * Release the tag group holding each extent in the range: one Release DC
 * per group names all its members, so that a later record of the same
 * round, naming a member already gone with its group, finds nothing to
 * send. A range the host does not hold:
 * - inside one of its DC regions, it was released already (or never
 *   accepted): nothing to say;
 * - outside any, no region of the host maps it: released at once
 *   (r3.1 8.2.9.2.1.6), so that the device is not left waiting.
 */
static void dc_release_record(struct cxl_dc_state *dc,
			      const struct cxl_event_dcd *rec)
{
	struct cxl_memdev_state *mds = dc->mds;
	struct cxl_region_extent *ext;
	struct cxl_dc_offer o;
	bool more, mapped, any = false;

	if (cxl_dc_record_parse(rec, &o, &more)) {
		dev_warn_ratelimited(dc_dev(mds),
				     "malformed DC release %#llx+%#llx\n",
				     o.dpa, o.len);
		return;
	}

	guard(mutex)(&dc->lock);
	while ((ext = dc_extent_overlap(dc, o.dpa, o.len))) {
		struct cxl_extent_group *group = ext->group;
		struct cxl_dax_region *cxlr_dax = ext->cxlr_dax;
		bool dax = cxlr_dax->dax_ops && dc_group_first(group)->dax_priv;

		any = true;
		/*
		 * A group is one DAX device: while it is in use (or its DAX
		 * driver is leaving) nothing is released, and the device asks
		 * again later. The trace says so, for whoever waits for the
		 * capacity to come back.
		 */
		if (cxlr_dax->dax_leaving ||
		    (dax && cxlr_dax->dax_ops->release(cxlr_dax->dax_data,
						       group))) {
			dc_extent_trace(ext, CXL_DC_TRACE_RELEASE_DEFERRED);
			return;
		}
		if (dc_group_give_back(dc, group)) {
			/* The device keeps it, so does the host, for DAX too. */
			if (dax)
				dc_dax_add_group(dc_group_first(group));
			return;
		}
	}
	if (any)
		return;
	/* Whether a region maps it is read under the rwsems, sent without. */
	scoped_guard(rwsem_read, &cxl_rwsem.region)
		scoped_guard(rwsem_read, &cxl_rwsem.dpa)
			mapped = dc_range_mapped(mds, o.dpa, o.len);
	if (mapped)
		dev_dbg(dc_dev(mds), "DC release %#llx+%#llx: not held\n",
			o.dpa, o.len);
	else
		dc_release_range(dc, o.dpa, o.len);
}

static int dc_get_extents(struct cxl_memdev_state *mds,
			  struct cxl_dc_offer **offers, int *nr);

/*
 * Forced Capacity Release: the device has taken the range back already
 * and the host cannot refuse (r3.1 8.2.9.2.1.6). Every group with an
 * extent in the range leaves DAX at once (the device using it is killed:
 * its mappings fault rather than reach capacity that may soon hold
 * another tag), and the extents in the range go without a word to the
 * device. A group is mapped whole or not at all, so its other members are
 * released normally, in one Release DC; if the device refuses that, the
 * host keeps them, as the device does, and DAX gets them as a group.
 */
static void dc_forced_record(struct cxl_dc_state *dc,
			     const struct cxl_event_dcd *rec)
{
	struct cxl_dc_offer *held __free(kvfree) = NULL;
	struct cxl_memdev_state *mds = dc->mds;
	struct cxl_region_extent *ext;
	struct dc_skip skip = {};
	struct cxl_dc_offer o;
	bool more;

	if (cxl_dc_record_parse(rec, &o, &more)) {
		dev_warn_ratelimited(dc_dev(mds),
				     "malformed DC forced release %#llx+%#llx\n",
				     o.dpa, o.len);
		return;
	}
	dev_warn(dc_dev(mds), "DC capacity %#llx+%#llx forcibly released\n",
		 o.dpa, o.len);

	guard(mutex)(&dc->lock);
	if (!dc_extent_overlap(dc, o.dpa, o.len))
		return;
	/*
	 * A tag taken back by force comes as a record per extent: name in
	 * Release DC only the members the device still has (when its list
	 * cannot be read, all of them; it may refuse some then).
	 */
	skip.dpa = o.dpa;
	skip.len = o.len;
	if (!dc_get_extents(mds, &held, &skip.nr_held))
		skip.held = held;
	while ((ext = dc_extent_overlap(dc, o.dpa, o.len))) {
		struct cxl_extent_group *group = ext->group;
		struct cxl_dax_region *cxlr_dax = ext->cxlr_dax;

		if (cxlr_dax->dax_ops && !cxlr_dax->dax_leaving)
			cxlr_dax->dax_ops->revoke(cxlr_dax->dax_data, group);
		/*
		 * The members in range (and those the device took back by
		 * other records) are gone on the device already; when it
		 * refuses to take the rest, the host keeps those, as the
		 * device does, and DAX gets them back as a group.
		 */
		if (!dc_send_group_release(dc, group, &skip))
			dc_group_remove(group, NULL);
		else if (dc_group_remove(group, &skip))
			dc_dax_add_group(dc_group_first(group));
	}
}

/* Acted upon already: its clearing failed and the device gave it again. */
static bool dc_record_acted(struct cxl_dc_state *dc,
			    const struct cxl_event_record_raw *raw)
{
	lockdep_assert_held(&dc->mds->event.log_lock);
	for (u16 i = 0; i < dc->nr_acted; i++)
		if (!memcmp(&dc->acted[i], raw, sizeof(*raw)))
			return true;
	return false;
}

/**
 * cxl_dc_records_cleared() - note which DCD log records the device cleared
 * @mds: the device
 * @pl: the records just read and acted upon
 * @nr_cleared: how many of them, from the first, the device cleared
 *
 * Records acted upon must be cleared, or the device hands them out again
 * and the host acts twice: an offer answered twice has the second answer
 * taken for the device's next offer, which the host has not read yet.
 * When Clear Event Records fails, the records it left are remembered, and
 * when the device gives them again they are cleared with the next ones,
 * not acted upon again. A record is the same when all its bytes are
 * (its handle and timestamp included).
 */
void cxl_dc_records_cleared(struct cxl_memdev_state *mds,
			    const struct cxl_get_event_payload *pl,
			    u16 nr_cleared)
{
	size_t room = (mds->cxlds.cxl_mbox.payload_size - sizeof(*pl)) /
		      sizeof(pl->records[0]);
	struct cxl_dc_state *dc = mds->dc;
	/* No more than the payload holds, whatever the device's count says. */
	size_t n = min_t(size_t, le16_to_cpu(pl->record_count), room);

	lockdep_assert_held(&mds->event.log_lock);
	if (!dc)
		return;
	n = nr_cleared < n ? n - nr_cleared : 0;
	memcpy(dc->acted, &pl->records[nr_cleared], n * sizeof(*dc->acted));
	dc->nr_acted = n;
}

/**
 * cxl_dc_handle_record() - act on a record of the Dynamic Capacity event log
 * @mds: the device
 * @raw: the record
 *
 * Add Capacity records are collected until one without More closes their
 * chain, which is then judged and answered; Release Capacity releases the
 * tag groups in the range; Forced Capacity Release revokes them at once;
 * the other event types are logged. A malformed
 * record is refused and logged; it never stops the log from being read.
 */
void cxl_dc_handle_record(struct cxl_memdev_state *mds,
			  const struct cxl_event_record_raw *raw)
{
	const struct cxl_event_dcd *rec = (const void *)&raw->event;
	struct cxl_dc_state *dc = mds->dc;

	if (!dc) {
		dev_warn_ratelimited(dc_dev(mds),
				     "DC event record from a device without DC\n");
		return;
	}
	if (dc_record_acted(dc, raw))
		return;
	/*
	 * DC turned off since (cxl_memdev_dc_disable()) is still answered:
	 * no decoder maps the partition any more, so an offer is refused
	 * with an empty response and a release is given back at once,
	 * rather than left pending on the device for ever.
	 */

	switch (rec->event_type) {
	case CXL_DC_EVENT_ADD_CAPACITY:
		dc_add_record(dc, rec);
		break;
	case CXL_DC_EVENT_RELEASE_CAPACITY:
		dc_release_record(dc, rec);
		break;
	case CXL_DC_EVENT_FORCED_RELEASE:
		dc_forced_record(dc, rec);
		break;
	case CXL_DC_EVENT_REGION_CONFIG_UPDATED:
		/* A device may raise it as often as it likes. */
		dev_info_ratelimited(dc_dev(mds),
				     "DC region %u configuration updated\n",
				     rec->region_index);
		break;
	case CXL_DC_EVENT_ADD_CAPACITY_RESPONSE:
	case CXL_DC_EVENT_CAPACITY_RELEASED:
		dev_dbg(dc_dev(mds), "DC event %u\n", rec->event_type);
		break;
	default:
		dev_warn_ratelimited(dc_dev(mds), "unknown DC event type %u\n",
				     rec->event_type);
		break;
	}
}

static void dc_state_free(void *data)
{
	struct cxl_dc_state *dc = data;

	cancel_delayed_work_sync(&dc->timeout);
	dc->mds->dc = NULL;
	kvfree(dc->acted);
	kvfree(dc->rsp);
	kvfree(dc->made);
	cxl_dc_chain_free(&dc->chain);
	mutex_destroy(&dc->lock);
	kfree(dc);
}

/**
 * cxl_dc_state_init() - set up the host-side state of a DC device
 * @mds: the device, its DC regions read
 *
 * Return: 0 or -errno.
 */
int cxl_dc_state_init(struct cxl_memdev_state *mds)
{
	int max = READ_ONCE(dc_chain_max);
	struct cxl_dc_state *dc;

	dc = kzalloc_obj(*dc);
	if (!dc)
		return -ENOMEM;
	dc->rsp = kvzalloc(mds->cxlds.cxl_mbox.payload_size, GFP_KERNEL);
	/* A payload holds fewer records than its size in bytes. */
	dc->acted = kvmalloc(mds->cxlds.cxl_mbox.payload_size, GFP_KERNEL);
	dc->made = kvcalloc(max, sizeof(*dc->made), GFP_KERNEL);
	if (!dc->rsp || !dc->acted || !dc->made ||
	    cxl_dc_chain_init(&dc->chain, max)) {
		kvfree(dc->made);
		kvfree(dc->acted);
		kvfree(dc->rsp);
		kfree(dc);
		return -ENOMEM;
	}
	dc->mds = mds;
	mutex_init(&dc->lock);
	dc->extents = RB_ROOT;
	INIT_DELAYED_WORK(&dc->timeout, dc_chain_timeout);
	mds->dc = dc;
	return devm_add_action_or_reset(dc_dev(mds), dc_state_free, dc);
}

/* --- regions ------------------------------------------------------------ */

/* Page through Get DC Extent List; restart when the list changes. */
#define CXL_DC_EXTENT_LIST_TRIES 5

static int dc_get_extents(struct cxl_memdev_state *mds,
			  struct cxl_dc_offer **offers, int *nr)
{
	struct cxl_mailbox *cxl_mbox = &mds->cxlds.cxl_mbox;
	size_t size = cxl_mbox->payload_size;
	u32 room = (size - sizeof(struct cxl_mbox_get_extent_out)) /
		   sizeof(struct cxl_dc_extent);
	struct cxl_mbox_get_extent_out *out __free(kvfree) =
		kvzalloc(size, GFP_KERNEL);

	dc_mbox_assert_locks(mds->dc);
	if (!out)
		return -ENOMEM;
	for (int tries = 0; tries < CXL_DC_EXTENT_LIST_TRIES; tries++) {
		struct cxl_dc_offer *o = NULL;
		u32 total = 0, gen = 0, n = 0;
		bool changed = false;
		int rc = 0;

		do {
			struct cxl_mbox_get_extent_in in = {
				.extent_cnt = cpu_to_le32(room),
				.start_extent_index = cpu_to_le32(n),
			};
			struct cxl_mbox_cmd cmd = {
				.opcode = CXL_MBOX_OP_GET_DC_EXTENT_LIST,
				.payload_in = &in,
				.size_in = sizeof(in),
				.payload_out = out,
				.size_out = size,
				.min_out = sizeof(*out),
			};
			u32 got;

			rc = cxl_internal_send_cmd(cxl_mbox, &cmd);
			if (rc)
				break;
			got = le32_to_cpu(out->returned_extent_count);
			if (!o) {
				total = le32_to_cpu(out->total_extent_count);
				gen = le32_to_cpu(out->generation_num);
				if (total > CXL_DC_EXTENTS_MAX) {
					rc = -E2BIG;
					break;
				}
				o = kvcalloc(max(total, 1U), sizeof(*o),
					     GFP_KERNEL);
				if (!o) {
					rc = -ENOMEM;
					break;
				}
			}
			if (le32_to_cpu(out->total_extent_count) != total ||
			    le32_to_cpu(out->generation_num) != gen) {
				changed = true;
				break;
			}
			if (got > total - n ||
			    cmd.size_out < struct_size(out, extent, got) ||
			    (!got && n < total)) {
				rc = -EIO;
				break;
			}
			for (u32 i = 0; i < got; i++, n++)
				cxl_dc_extent_parse(&out->extent[i], &o[n]);
		} while (n < total);

		if (rc || changed) {
			kvfree(o);
			if (rc)
				return rc;
			continue;
		}
		*offers = o;
		*nr = n;
		return 0;
	}
	return -EAGAIN;
}

/*
 * Extents the device already has, in the region being probed. A list the
 * host cannot read fails the probe: a region up without them would leave
 * the device holding capacity the host never learns of, while the device
 * counts it as the host's. Binding the region again retries.
 */
static int dc_region_adopt(struct cxl_region *cxlr,
			   struct cxl_memdev_state *mds)
{
	struct cxl_region_extent **made;
	struct cxl_dc_state *dc = mds->dc;
	struct cxl_dc_offer *o = NULL;
	struct dc_env env = { .mds = mds, .only = cxlr };
	int nr = 0, rc;

	/*
	 * Read the list and adopt it under the device's lock: a release
	 * handled in between would free capacity the host then adopts. The
	 * rwsems are taken only to judge the extents against the decoders.
	 */
	guard(mutex)(&dc->lock);
	rc = dc_get_extents(mds, &o, &nr);
	if (rc) {
		dev_warn(&cxlr->dev, "cannot read the device's extents: %d\n",
			 rc);
		return rc;
	}
	made = kvcalloc(max(nr, 1), sizeof(*made), GFP_KERNEL);
	if (!made) {
		kvfree(o);
		return -ENOMEM;
	}
	down_read(&cxl_rwsem.region);
	down_read(&cxl_rwsem.dpa);
	cxl_dc_validate(o, nr, &dc_env_ops, &env);
	dc_log_refused(mds, o, nr);
	/*
	 * Accepted before: nothing is acknowledged again. A group the host
	 * cannot make whole (another device adopted the tag first, or memory
	 * ran out) is left with the device whole, as a refused one is.
	 */
	dc_make_groups(dc, o, made, nr);
	for (int i = 0; i < nr; i++)
		if (made[i])
			dc_extent_trace(made[i], CXL_DC_TRACE_ADD);
	up_read(&cxl_rwsem.dpa);
	up_read(&cxl_rwsem.region);
	/* A group DAX cannot take goes back to the device: rwsems dropped. */
	dc_dax_add_groups(dc, made, nr);
	kvfree(made);
	kvfree(o);
	return 0;
}

/**
 * cxl_dc_region_probe() - bind a dynamic_ram_1 region
 * @cxlr: the region, committed
 *
 * A DC region maps one device (no interleave): its DAX device is made, and
 * the extents the device already has in it are adopted.
 *
 * Return: 0 or -errno.
 */
int cxl_dc_region_probe(struct cxl_region *cxlr)
{
	struct cxl_region_params *p = &cxlr->params;
	struct cxl_memdev_state *mds;
	struct cxl_memdev *cxlmd;
	int rc;

	if (p->nr_targets != 1) {
		dev_dbg(&cxlr->dev, "dynamic_ram_1 regions do not interleave\n");
		return -ENXIO;
	}
	cxlmd = cxled_to_memdev(p->targets[0]);
	mds = to_cxl_memdev_state(cxlmd->cxlds);
	if (!mds || !mds->dc)
		return -ENXIO;

	rc = devm_cxl_add_dax_region(cxlr);
	if (rc)
		return rc;
	return dc_region_adopt(cxlr, mds);
}

/**
 * cxl_dc_region_publish() - a DC region's DAX device is ready for extents
 * @cxlr: the region
 * @cxlr_dax: its DAX device, registered
 */
void cxl_dc_region_publish(struct cxl_region *cxlr,
			   struct cxl_dax_region *cxlr_dax)
{
	guard(mutex)(&cxlr_dax->dc->lock);
	cxlr->cxlr_dax = cxlr_dax;
}

/**
 * cxl_dc_region_state() - the DC state of the one device a region maps
 * @cxlr: a committed dynamic_ram_1 region, under cxl_rwsem.region
 *
 * The state is freed after the region is gone: the device's endpoint
 * decoders, which the region needs, go first.
 *
 * Return: the state, or NULL when the device has no Dynamic Capacity.
 */
struct cxl_dc_state *cxl_dc_region_state(struct cxl_region *cxlr)
{
	struct cxl_endpoint_decoder *cxled = cxlr->params.targets[0];
	struct cxl_memdev_state *mds;

	lockdep_assert_held(&cxl_rwsem.region);
	if (!cxled)
		return NULL;
	mds = to_cxl_memdev_state(cxled_to_memdev(cxled)->cxlds);
	return mds ? mds->dc : NULL;
}

/*
 * One Release DC per group. Nothing can map the extents any more: whatever
 * the device answers, the host keeps nothing (a refusal is logged).
 */
static void dc_region_release_all(struct cxl_dax_region *cxlr_dax)
{
	struct cxl_region_extent *ext;

	lockdep_assert_held(&cxlr_dax->dc->lock);
	while (!list_empty(&cxlr_dax->extents)) {
		struct cxl_extent_group *group;

		ext = list_first_entry(&cxlr_dax->extents,
				       struct cxl_region_extent, region_node);
		group = ext->group;
		dc_send_group_release(cxlr_dax->dc, group, NULL);
		dc_group_remove(group, NULL);
	}
}

/**
 * cxl_dc_region_teardown() - give every extent of a region back
 * @cxlr_dax: the region's DAX device, its driver gone
 *
 * Destroying a region (or unbinding its driver) releases its extents to
 * the device: nothing can map them any more.
 */
void cxl_dc_region_teardown(struct cxl_dax_region *cxlr_dax)
{
	guard(mutex)(&cxlr_dax->dc->lock);
	cxlr_dax->cxlr->cxlr_dax = NULL;
	dc_region_release_all(cxlr_dax);
}

/**
 * cxl_dax_region_attach() - a DAX driver starts following a DC region
 * @cxlr_dax: the region's DAX device
 * @ops: how to tell the driver about extents
 * @data: passed to @ops
 *
 * The groups the region already has are added first.
 */
void cxl_dax_region_attach(struct cxl_dax_region *cxlr_dax,
			   const struct cxl_dc_dax_ops *ops, void *data)
{
	struct cxl_region_extent *ext;

	guard(mutex)(&cxlr_dax->dc->lock);
	cxlr_dax->dax_ops = ops;
	cxlr_dax->dax_data = data;
	cxlr_dax->dax_leaving = false;
restart:
	list_for_each_entry(ext, &cxlr_dax->extents, region_node) {
		if (ext->dax_priv || ext != dc_group_first(ext->group) ||
		    !dc_dax_add_group(ext))
			continue;
		/* DAX cannot take it: give it back; the list changes then. */
		if (!dc_group_give_back(cxlr_dax->dc, ext->group))
			goto restart;
	}
}
EXPORT_SYMBOL_NS_GPL(cxl_dax_region_attach, "CXL");

/**
 * cxl_dax_region_leave() - a DAX driver starts unbinding from a DC region
 * @cxlr_dax: the region's DAX device
 *
 * Its devices are about to be unregistered: until cxl_dax_region_detach(),
 * releases of its groups are deferred and forced releases leave the
 * devices to their unregistering.
 */
void cxl_dax_region_leave(struct cxl_dax_region *cxlr_dax)
{
	guard(mutex)(&cxlr_dax->dc->lock);
	cxlr_dax->dax_leaving = true;
}
EXPORT_SYMBOL_NS_GPL(cxl_dax_region_leave, "CXL");

/**
 * cxl_dax_region_detach() - a DAX driver stops following a DC region
 * @cxlr_dax: the region's DAX device, its devices gone
 *
 * After the driver unbound (cxl_dax_region_leave() was called), the
 * region's extents go back to the device, as DCD tools expect of
 * unloading dax_cxl: the region then lists none. Capacity the device adds
 * later is still accepted and listed, and a driver that attaches again
 * gets it. When the driver's probe failed instead, the extents stay.
 * Either way the driver's handles on them are forgotten.
 */
void cxl_dax_region_detach(struct cxl_dax_region *cxlr_dax)
{
	struct cxl_region_extent *ext;
	bool unbound;

	guard(mutex)(&cxlr_dax->dc->lock);
	unbound = cxlr_dax->dax_leaving;
	cxlr_dax->dax_ops = NULL;
	cxlr_dax->dax_data = NULL;
	cxlr_dax->dax_leaving = false;
	list_for_each_entry(ext, &cxlr_dax->extents, region_node)
		ext->dax_priv = NULL;
	if (unbound)
		dc_region_release_all(cxlr_dax);
}
EXPORT_SYMBOL_NS_GPL(cxl_dax_region_detach, "CXL");

/**
 * is_cxl_dc_region() - does a region map Dynamic Capacity
 * @cxlr: the region
 *
 * Return: true for a dynamic_ram_1 region.
 */
bool is_cxl_dc_region(struct cxl_region *cxlr)
{
	return cxlr->mode == CXL_PARTMODE_DYNAMIC_RAM_1;
}
EXPORT_SYMBOL_NS_GPL(is_cxl_dc_region, "CXL");
