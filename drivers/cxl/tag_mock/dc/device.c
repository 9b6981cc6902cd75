// SPDX-License-Identifier: GPL-2.0
/*
 * A Dynamic Capacity device: an emulated memory device (device/mem.c) with the
 * engine's state, made and taken down in the order the host needs (its
 * extents exist before it can see the device), and the engine's knobs on
 * it: every test knob in the device's debugfs directory, and the
 * injection knobs of existing DCD test scripts also as attributes of the
 * platform device, where those scripts write.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "dc/dc.h"

static int ctm_region_event_raise(void *data, u32 region)
{
	struct ctm_mem *mem = data;

	guard(mutex)(&mem->mbox_lock);
	return ctm_dc_region_event(mem, region);
}

/* debugfs dc_region_event: write a DC region index to raise the event. */
static ssize_t ctm_region_event_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	return ctm_u32_write(ubuf, count, ctm_region_event_raise,
			     file->private_data);
}

static const struct file_operations ctm_region_event_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ctm_region_event_write,
};

/*
 * The knobs of existing DCD test scripts: "<dpa>:<len>:<tag>:<more>[:<seq>]"
 * to add, "<dpa>:<len>:<uuid>" to release. Numbers take any base
 * kstrtou64() knows. Each is a debugfs file of the device, with its other
 * test knobs, and an attribute of the platform device, where the scripts
 * written for cxl_test's mock write; both run knob_write().
 */
static char *next_field(char **s)
{
	return strsep(s, ":");
}

static int parse_u64_field(char **s, u64 *val)
{
	char *f = next_field(s);

	return f ? kstrtou64(f, 0, val) : -EINVAL;
}

/* "0" or nothing is untagged. */
static int parse_tag_field(char **s, uuid_t *tag)
{
	char *f = next_field(s);

	return f ? ctm_parse_tag(f, tag) : -EINVAL;
}

/* A knob's value: what to add (with More and a sequence) or release. */
struct knob_req {
	u64 dpa;
	u64 len;
	uuid_t tag;
	u64 more;
	u64 seq;
	bool force;
};

static int parse_knob(const char *buf, size_t count, struct knob_req *r,
		      bool add, bool shared)
{
	char *str, *s;
	int rc;

	str = ctm_input_dup(buf, count);
	if (IS_ERR(str))
		return PTR_ERR(str);
	s = strim(str);
	*r = (struct knob_req){};
	rc = parse_u64_field(&s, &r->dpa);
	if (!rc)
		rc = parse_u64_field(&s, &r->len);
	if (!rc)
		rc = parse_tag_field(&s, &r->tag);
	if (!rc && add)
		rc = parse_u64_field(&s, &r->more);
	if (!rc && add && (s || shared))
		rc = parse_u64_field(&s, &r->seq);
	if (!rc && (s || r->more > 1 || r->seq > U16_MAX))
		rc = -EINVAL;
	kfree(str);
	return rc;
}

static int inject_queue(struct ctm_mem *mem, void *req)
{
	struct knob_req *r = req;

	return ctm_dc_inject(mem, r->dpa, r->len, &r->tag, r->more, r->seq);
}

static int del_queue(struct ctm_mem *mem, void *req)
{
	struct knob_req *r = req;

	return ctm_dc_inject_release(mem, r->dpa, r->len, &r->tag, r->force);
}

/**
 * struct knob_attr - a compatibility knob
 * @attr: its platform device attribute; its name is the debugfs file's
 * @add: it adds capacity; else it releases some
 * @shared: an add that takes a sequence number
 * @force: a release that needs no answer from the host
 */
struct knob_attr {
	struct device_attribute attr;
	bool add;
	bool shared;
	bool force;
};

/*
 * What a write to knob @k of @mem does, whichever file it came through:
 * @buf holds the @count bytes written, as a store receives them.
 */
static int knob_write(struct ctm_mem *mem, const struct knob_attr *k,
		      const char *buf, size_t count)
{
	struct ctm_backend *be = NULL;
	struct knob_req r;
	int rc;

	rc = parse_knob(buf, count, &r, k->add, k->shared);
	if (rc)
		return rc;
	r.force = k->force;
	/*
	 * Not a configfs callback: the backend is held with the variant of
	 * the configfs dependency that locks configfs' root.
	 */
	if (k->add && !uuid_is_null(&r.tag)) {
		be = ctm_backend_hold(&r.tag, false);
		if (IS_ERR(be))
			return PTR_ERR(be);
	}
	rc = ctm_dc_request(mem, k->add ? inject_queue : del_queue, &r);
	ctm_backend_settle(be);
	return rc;
}

static ssize_t knob_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct knob_attr *k = container_of(attr, struct knob_attr, attr);
	int rc = knob_write(dev_get_platdata(dev), k, buf, count);

	return rc ? rc : count;
}

/*
 * The debugfs file of a knob: the device is the file's data, the knob its
 * aux. debugfs_remove_recursive() in ctm_mem_del() waits for a write in
 * progress, as removing the platform attribute does.
 */
static ssize_t knob_debugfs_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	const struct knob_attr *k = debugfs_get_aux(file);
	char *buf;
	int rc;

	buf = ctm_input_from_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	rc = knob_write(file->private_data, k, buf, count);
	kfree(buf);
	return rc ? rc : count;
}

static const struct file_operations knob_debugfs_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = knob_debugfs_write,
};

#define KNOB_ATTR(_name, _add, _shared, _force)				\
	static struct knob_attr knob_##_name = {			\
		.attr = __ATTR(_name, 0200, NULL, knob_store),		\
		.add = _add, .shared = _shared, .force = _force,	\
	}

KNOB_ATTR(dc_inject_extent, true, false, false);
KNOB_ATTR(dc_inject_shared_extent, true, true, false);
KNOB_ATTR(dc_del_extent, false, false, false);
KNOB_ATTR(dc_force_del_extent, false, false, true);

static struct attribute *ctm_mem_dc_attrs[] = {
	&knob_dc_inject_extent.attr.attr,
	&knob_dc_inject_shared_extent.attr.attr,
	&knob_dc_del_extent.attr.attr,
	&knob_dc_force_del_extent.attr.attr,
	NULL,
};

static umode_t ctm_mem_dc_visible(struct kobject *kobj, struct attribute *a,
				  int n)
{
	struct ctm_mem *mem = dev_get_platdata(kobj_to_dev(kobj));

	return ctm_dc_region_count(&mem->cfg) ? a->mode : 0;
}

static const struct attribute_group ctm_mem_dc_group = {
	.attrs = ctm_mem_dc_attrs,
	.is_visible = ctm_mem_dc_visible,
};

static const struct attribute_group *ctm_dc_mem_groups[] = {
	&ctm_mem_dc_group,
	NULL,
};

/*
 * debugfs dc_hold_events: the live state, which starts as the device's
 * configuration says (configfs dc_hold_events, read at enable).
 */
static ssize_t hold_events_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct ctm_mem *mem = file->private_data;
	char buf[3];
	int len;

	len = scnprintf(buf, sizeof(buf), "%d\n",
			READ_ONCE(mem->cfg.hold_events));
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t hold_events_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	bool hold;
	char *buf;
	int rc;

	buf = ctm_input_from_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	rc = ctm_parse_bool(buf, count, &hold);
	kfree(buf);
	if (rc)
		return rc;
	ctm_mem_hold_events(file->private_data, hold);
	return count;
}

CTM_DEBUGFS_FOPS(hold_events_fops, hold_events_read, hold_events_write);

/*
 * Every test knob of the device is here. The compatibility knobs are
 * where their platform attributes are: on devices with DC regions.
 */
static void dc_device_debugfs(struct ctm_mem *mem)
{
	ctm_debugfs_knob("dc_list_page", mem->debugfs, &mem->dc->list_page);
	ctm_debugfs_knob("dc_list_churn", mem->debugfs, &mem->dc->list_churn);
	ctm_debugfs_knob("dc_lose_records", mem->debugfs,
			 &mem->dc->lose_records);
	debugfs_create_file("dc_region_event", 0200, mem->debugfs, mem,
			    &ctm_region_event_fops);
	debugfs_create_file("dc_hold_events", 0600, mem->debugfs, mem,
			    &hold_events_fops);
	if (!ctm_dc_region_count(&mem->cfg))
		return;
	for (struct attribute **a = ctm_mem_dc_attrs; *a; a++) {
		struct knob_attr *k = container_of(*a, struct knob_attr,
						   attr.attr);

		debugfs_create_file_aux((*a)->name, 0200, mem->debugfs, mem, k,
					&knob_debugfs_fops);
	}
}

/**
 * ctm_dc_mem_create() - create a Dynamic Capacity device and bind it
 * @cfg: its configuration
 * @pre: extents it starts with, accepted already
 * @nr_pre: how many
 *
 * Return: the device, or an ERR_PTR: what ctm_mem_alloc() and
 * ctm_mem_add() return, or what ctm_dc_preload() returns for @pre.
 */
struct ctm_mem *ctm_dc_mem_create(const struct ctm_mem_cfg *cfg,
				  const struct ctm_dc_preload *pre,
				  unsigned int nr_pre)
{
	struct ctm_mem *mem;
	int rc;

	mem = ctm_mem_alloc(cfg);
	if (IS_ERR(mem))
		return mem;
	rc = ctm_dc_init(mem);
	if (rc) {
		ctm_mem_free(mem);
		return ERR_PTR(rc);
	}
	ctm_mbox_extend(mem, ctm_dc_mbox_handlers);
	mem->hdm->changed = ctm_dc_decoders_changed;
	mem->hdm->changed_data = mem;
	/* Before the host can see the device: its extents exist at probe. */
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		rc = ctm_dc_preload(mem, pre, nr_pre);
	}
	if (rc)
		goto err;
	rc = ctm_mem_add(mem, ctm_dc_mem_groups);
	if (rc)
		goto err;
	/* Only now: until ctm_mem_del(), nothing frees what they reach. */
	dc_device_debugfs(mem);
	return mem;

err:
	ctm_dc_destroy(mem);
	ctm_mem_free(mem);
	return ERR_PTR(rc);
}

/**
 * ctm_dc_mem_destroy() - unbind and remove a Dynamic Capacity device
 * @mem: the device
 *
 * The host and the knobs let go of the device first; then its extents go,
 * their contents back to their backends' stores, then the device.
 */
void ctm_dc_mem_destroy(struct ctm_mem *mem)
{
	ctm_mem_del(mem);
	ctm_dc_destroy(mem);
	ctm_mem_free(mem);
}
