// SPDX-License-Identifier: GPL-2.0
/*
 * A Dynamic Capacity device: an emulated memory device (device/mem.c) with the
 * engine's state, made and taken down in the order the host needs (its
 * extents exist before it can see the device), and the engine's knobs on
 * it: the compatibility injection attributes of existing DCD test scripts
 * on the platform device, and test knobs in the device's debugfs
 * directory.
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "dc/dc.h"

/* debugfs dc_region_event: write a DC region index to raise the event. */
static ssize_t ctm_region_event_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct ctm_mem *mem = file->private_data;
	u32 region;
	int rc;

	rc = ctm_u32_from_user(ubuf, count, &region);
	if (rc)
		return rc;
	scoped_guard(mutex, &mem->mbox_lock)
		rc = ctm_dc_region_event(mem, region);
	return rc ? rc : count;
}

static const struct file_operations ctm_region_event_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ctm_region_event_write,
};

/*
 * The compatibility knobs of existing DCD test scripts, on the platform
 * device: "<dpa>:<len>:<tag>:<more>[:<seq>]" to add, "<dpa>:<len>:<uuid>"
 * to release. Numbers take any base kstrtou64() knows.
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
};

static int parse_knob(const char *buf, size_t count, struct knob_req *r,
		      bool add, bool shared)
{
	char *str, *s;
	int rc;

	rc = ctm_input_check(buf, count);
	if (rc)
		return rc;
	str = kstrndup(buf, count, GFP_KERNEL);
	if (!str)
		return -ENOMEM;
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

static ssize_t inject_store(struct device *dev, const char *buf, size_t count,
			    bool shared)
{
	struct ctm_mem *mem = dev_get_platdata(dev);
	struct ctm_backend *be = NULL;
	struct knob_req r;
	int rc;

	rc = parse_knob(buf, count, &r, true, shared);
	if (rc)
		return rc;
	/*
	 * Not a configfs callback: the backend is held with the variant of
	 * the configfs dependency that locks configfs' root.
	 */
	if (!uuid_is_null(&r.tag)) {
		be = ctm_backend_hold(&r.tag, false);
		if (IS_ERR(be))
			return PTR_ERR(be);
	}
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		WRITE_ONCE(mem->sync_notify, true);
		rc = ctm_dc_inject(mem, r.dpa, r.len, &r.tag, r.more, r.seq);
		WRITE_ONCE(mem->sync_notify, false);
	}
	ctm_backend_settle(be);
	if (rc)
		return rc;
	ctm_dc_notify_sync(mem);
	return count;
}

static ssize_t dc_inject_extent_store(struct device *dev,
				      struct device_attribute *attr,
				      const char *buf, size_t count)
{
	return inject_store(dev, buf, count, false);
}

static ssize_t dc_inject_shared_extent_store(struct device *dev,
					     struct device_attribute *attr,
					     const char *buf, size_t count)
{
	return inject_store(dev, buf, count, true);
}

static ssize_t del_store(struct device *dev, const char *buf, size_t count,
			 bool force)
{
	struct ctm_mem *mem = dev_get_platdata(dev);
	struct knob_req r;
	int rc;

	rc = parse_knob(buf, count, &r, false, false);
	if (rc)
		return rc;
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		WRITE_ONCE(mem->sync_notify, true);
		rc = ctm_dc_inject_release(mem, r.dpa, r.len, &r.tag, force);
		WRITE_ONCE(mem->sync_notify, false);
	}
	if (rc)
		return rc;
	ctm_dc_notify_sync(mem);
	return count;
}

static ssize_t dc_del_extent_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	return del_store(dev, buf, count, false);
}

static ssize_t dc_force_del_extent_store(struct device *dev,
					 struct device_attribute *attr,
					 const char *buf, size_t count)
{
	return del_store(dev, buf, count, true);
}

static DEVICE_ATTR_WO(dc_inject_extent);
static DEVICE_ATTR_WO(dc_inject_shared_extent);
static DEVICE_ATTR_WO(dc_del_extent);
static DEVICE_ATTR_WO(dc_force_del_extent);

static struct attribute *ctm_mem_dc_attrs[] = {
	&dev_attr_dc_inject_extent.attr,
	&dev_attr_dc_inject_shared_extent.attr,
	&dev_attr_dc_del_extent.attr,
	&dev_attr_dc_force_del_extent.attr,
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

static void dc_device_debugfs(struct ctm_mem *mem)
{
	ctm_debugfs_u32("dc_list_page", mem->debugfs, &mem->dc->list_page);
	ctm_debugfs_u32("dc_list_churn", mem->debugfs, &mem->dc->list_churn);
	debugfs_create_file("dc_region_event", 0200, mem->debugfs, mem,
			    &ctm_region_event_fops);
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
