// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs tree, the only configuration interface of the mock:
 *
 *   /sys/kernel/config/cxl_tag_mock/
 *	features		what the attributes below are
 *	pools/<pool>/		a memory pool: size, free, used
 *	pools/<pool>/backends/<name>/
 *				a tagged backend taking its pages from
 *				<pool>: tag, size (setting it reserves the
 *				pages), state
 *	devices/<name>/		a memory device: ram_size, serial, enable,
 *				dc0..dc7/ (DC regions) and a "pool" symlink
 *
 * Settings of an enabled device are -EBUSY, and so is a backend's size
 * while its tag's capacity is on a device. A pool cannot be removed while
 * it has backends (its backends/ directory is not empty), nor an enabled
 * device (it depends on itself until disabled).
 *
 * Lock order: configfs' own locks, then ctm_cfg_lock, then the platform's
 * and each device's locks.
 */
#include <linux/configfs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "tag_mock.h"

/* ---- backends ------------------------------------------------------- */

static struct ctm_pool *to_pool(struct config_item *item);

static struct ctm_backend *to_backend(struct config_item *item)
{
	return container_of(to_config_group(item), struct ctm_backend, group);
}

static ssize_t backend_tag_show(struct config_item *item, char *page)
{
	struct ctm_backend *be = to_backend(item);

	guard(mutex)(&ctm_cfg_lock);
	if (!be->has_tag)
		return sysfs_emit(page, "\n");
	return sysfs_emit(page, "%pUb\n", &be->tag);
}

static ssize_t backend_tag_store(struct config_item *item, const char *page,
				 size_t count)
{
	char buf[UUID_STRING_LEN + 1];
	uuid_t tag;
	int rc;

	if (count > UUID_STRING_LEN + 1 ||
	    (count == UUID_STRING_LEN + 1 && page[UUID_STRING_LEN] != '\n'))
		return -EINVAL;
	strscpy(buf, page, sizeof(buf));
	rc = uuid_parse(buf, &tag);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	rc = ctm_backend_set_tag(to_backend(item), &tag);
	return rc ? rc : count;
}

static ssize_t backend_size_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", to_backend(item)->size);
}

/* The pool a backend's group sits in: pools/<pool>/backends/<name>. */
static struct ctm_pool *backend_pool(struct ctm_backend *be)
{
	return to_pool(be->group.cg_item.ci_parent->ci_parent);
}

static ssize_t backend_size_store(struct config_item *item, const char *page,
				  size_t count)
{
	struct ctm_backend *be = to_backend(item);
	u64 size;
	int rc;

	rc = kstrtou64(page, 0, &size);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	rc = ctm_backend_resize(be, backend_pool(be), size);
	return rc ? rc : count;
}

static ssize_t backend_state_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%s\n", ctm_backend_state(to_backend(item)));
}

CONFIGFS_ATTR(backend_, tag);
CONFIGFS_ATTR(backend_, size);
CONFIGFS_ATTR_RO(backend_, state);

static struct configfs_attribute *backend_attrs[] = {
	&backend_attr_tag,
	&backend_attr_size,
	&backend_attr_state,
	NULL,
};

static void backend_release(struct config_item *item)
{
	struct ctm_backend *be = to_backend(item);

	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_backend_release(be);
	kfree(be);
}

static struct configfs_item_operations backend_item_ops = {
	.release = backend_release,
};

static const struct config_item_type backend_type = {
	.ct_item_ops = &backend_item_ops,
	.ct_attrs = backend_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *backends_make_group(struct config_group *group,
						const char *name)
{
	struct ctm_backend *be = kzalloc_obj(*be);

	if (!be)
		return ERR_PTR(-ENOMEM);
	config_group_init_type_name(&be->group, name, &backend_type);
	return &be->group;
}

static struct configfs_group_operations backends_group_ops = {
	.make_group = backends_make_group,
};

static const struct config_item_type backends_type = {
	.ct_group_ops = &backends_group_ops,
	.ct_owner = THIS_MODULE,
};

/* ---- pools ---------------------------------------------------------- */

static struct ctm_pool *to_pool(struct config_item *item)
{
	return container_of(to_config_group(item), struct ctm_pool, group);
}

static ssize_t pool_size_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", to_pool(item)->size);
}

static ssize_t pool_size_store(struct config_item *item, const char *page,
			       size_t count)
{
	u64 size;
	int rc;

	rc = kstrtou64(page, 0, &size);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	rc = ctm_pool_set_size(to_pool(item), size);
	return rc ? rc : count;
}

static ssize_t pool_free_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", ctm_pool_free(to_pool(item)));
}

static ssize_t pool_used_show(struct config_item *item, char *page)
{
	struct ctm_pool *pool = to_pool(item);

	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", pool->size - ctm_pool_free(pool));
}

CONFIGFS_ATTR(pool_, size);
CONFIGFS_ATTR_RO(pool_, free);
CONFIGFS_ATTR_RO(pool_, used);

static struct configfs_attribute *pool_attrs[] = {
	&pool_attr_size,
	&pool_attr_free,
	&pool_attr_used,
	NULL,
};

static void pool_release(struct config_item *item)
{
	struct ctm_pool *pool = to_pool(item);

	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_pool_release(pool);
	kfree(pool);
}

static struct configfs_item_operations pool_item_ops = {
	.release = pool_release,
};

static const struct config_item_type pool_type = {
	.ct_item_ops = &pool_item_ops,
	.ct_attrs = pool_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *pools_make_group(struct config_group *group,
					     const char *name)
{
	struct ctm_pool *pool = kzalloc_obj(*pool);

	if (!pool)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&pool->node);
	config_group_init_type_name(&pool->group, name, &pool_type);
	config_group_init_type_name(&pool->backends, "backends",
				    &backends_type);
	configfs_add_default_group(&pool->backends, &pool->group);
	return &pool->group;
}

static struct configfs_group_operations pools_group_ops = {
	.make_group = pools_make_group,
};

static const struct config_item_type pools_type = {
	.ct_group_ops = &pools_group_ops,
	.ct_owner = THIS_MODULE,
};

static struct config_group ctm_pools_group;

static bool is_pool(struct config_item *item)
{
	return item->ci_type == &pool_type;
}

/* ---- devices -------------------------------------------------------- */

static struct configfs_subsystem ctm_subsys;
static struct ctm_dev_item *ctm_default_dev;

/**
 * struct ctm_dev_item - a device's configuration (configfs devices/<name>)
 * @group: its configfs group
 * @dc: groups dc0..dc7, one per DC region
 * @cfg: the configuration
 * @pool: the pool its tagged capacity comes from, or NULL
 * @mem: the device while enabled
 * @busy: being enabled or disabled
 */
struct ctm_dev_item {
	struct config_group group;
	struct config_group dc[CTM_MAX_DC_REGIONS];
	struct ctm_mem_cfg cfg;
	struct ctm_pool *pool;
	struct ctm_mem *mem;
	bool busy;
};

static struct ctm_dev_item *to_dev_item(struct config_item *item)
{
	return container_of(to_config_group(item), struct ctm_dev_item, group);
}

/* dcN groups: which device and which region. */
static struct ctm_dc_region_cfg *to_dc_cfg(struct config_item *item,
					   struct ctm_dev_item **dev)
{
	struct config_group *g = to_config_group(item);

	*dev = to_dev_item(item->ci_parent);
	return &(*dev)->cfg.dc[g - (*dev)->dc];
}

/* Store a u64 setting unless the device is enabled. */
static ssize_t store_u64(struct ctm_dev_item *dev, u64 *field,
			 const char *page, size_t count)
{
	u64 val;
	int rc;

	rc = kstrtou64(page, 0, &val);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	if (dev->mem || dev->busy)
		return -EBUSY;
	*field = val;
	return count;
}

static ssize_t store_bool(struct ctm_dev_item *dev, bool *field,
			  const char *page, size_t count)
{
	bool val;
	int rc;

	rc = kstrtobool(page, &val);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	if (dev->mem || dev->busy)
		return -EBUSY;
	*field = val;
	return count;
}

static ssize_t show_u64(const u64 *field, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", *field);
}

static ssize_t show_bool(const bool *field, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%d\n", *field);
}

static ssize_t dev_ram_size_show(struct config_item *item, char *page)
{
	return show_u64(&to_dev_item(item)->cfg.ram_size, page);
}

static ssize_t dev_ram_size_store(struct config_item *item, const char *page,
				  size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	return store_u64(dev, &dev->cfg.ram_size, page, count);
}

static ssize_t dev_serial_show(struct config_item *item, char *page)
{
	return show_u64(&to_dev_item(item)->cfg.serial, page);
}

static ssize_t dev_serial_store(struct config_item *item, const char *page,
				size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	return store_u64(dev, &dev->cfg.serial, page, count);
}

CONFIGFS_ATTR(dev_, ram_size);
CONFIGFS_ATTR(dev_, serial);

static ssize_t dc_size_show(struct config_item *item, char *page)
{
	struct ctm_dev_item *dev;

	return show_u64(&to_dc_cfg(item, &dev)->size, page);
}

static ssize_t dc_size_store(struct config_item *item, const char *page,
			     size_t count)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	return store_u64(dev, &r->size, page, count);
}

static ssize_t dc_block_size_show(struct config_item *item, char *page)
{
	struct ctm_dev_item *dev;

	return show_u64(&to_dc_cfg(item, &dev)->block_size, page);
}

static ssize_t dc_block_size_store(struct config_item *item, const char *page,
				   size_t count)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	return store_u64(dev, &r->block_size, page, count);
}

static ssize_t dc_sanitize_on_release_show(struct config_item *item,
					   char *page)
{
	struct ctm_dev_item *dev;

	return show_bool(&to_dc_cfg(item, &dev)->sanitize, page);
}

static ssize_t dc_sanitize_on_release_store(struct config_item *item,
					    const char *page, size_t count)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	return store_bool(dev, &r->sanitize, page, count);
}

static ssize_t dc_sharable_show(struct config_item *item, char *page)
{
	struct ctm_dev_item *dev;

	return show_bool(&to_dc_cfg(item, &dev)->sharable, page);
}

static ssize_t dc_sharable_store(struct config_item *item, const char *page,
				 size_t count)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	return store_bool(dev, &r->sharable, page, count);
}

CONFIGFS_ATTR(dc_, size);
CONFIGFS_ATTR(dc_, block_size);
CONFIGFS_ATTR(dc_, sanitize_on_release);
CONFIGFS_ATTR(dc_, sharable);

static ssize_t dev_enable_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%d\n", !!to_dev_item(item)->mem);
}

/*
 * Creating and destroying a device binds and unbinds drivers, which talk to
 * its mailbox: that never happens under ctm_cfg_lock (the mailbox side may
 * take it). @busy keeps settings and a second enable or disable out
 * meanwhile.
 */
static int dev_enable(struct ctm_dev_item *dev)
{
	struct ctm_mem_cfg cfg;
	struct ctm_mem *mem;
	int rc;

	scoped_guard(mutex, &ctm_cfg_lock) {
		if (dev->busy)
			return -EBUSY;
		if (dev->mem)
			return 0;
		rc = ctm_geometry_check(&dev->cfg);
		if (rc)
			return rc;
		cfg = dev->cfg;
		dev->busy = true;
	}

	mem = ctm_mem_create(&cfg);
	/*
	 * An enabled device stays until disabled: rmdir is -EBUSY. This runs
	 * inside our own attribute write, which already keeps rmdir out, so
	 * the variant that takes no directory lock is the one to use.
	 */
	if (!IS_ERR(mem) && dev != ctm_default_dev) {
		rc = configfs_depend_item_unlocked(&ctm_subsys,
						   &dev->group.cg_item);
		if (rc) {
			ctm_mem_destroy(mem);
			mem = ERR_PTR(rc);
		}
	}

	guard(mutex)(&ctm_cfg_lock);
	dev->busy = false;
	if (IS_ERR(mem))
		return PTR_ERR(mem);
	dev->mem = mem;
	return 0;
}

/* Unless @force, a device a committed decoder still maps stays (-EBUSY). */
static int dev_disable(struct ctm_dev_item *dev, bool force)
{
	struct ctm_mem *mem;

	scoped_guard(mutex, &ctm_cfg_lock) {
		if (dev->busy)
			return -EBUSY;
		if (!dev->mem)
			return 0;
		if (!force && ctm_mem_decoding(dev->mem))
			return -EBUSY;
		mem = dev->mem;
		dev->busy = true;
	}

	ctm_mem_destroy(mem);
	if (dev != ctm_default_dev)
		configfs_undepend_item(&dev->group.cg_item);

	guard(mutex)(&ctm_cfg_lock);
	dev->mem = NULL;
	dev->busy = false;
	return 0;
}

static ssize_t dev_enable_store(struct config_item *item, const char *page,
				size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);
	bool enable;
	int rc;

	rc = kstrtobool(page, &enable);
	if (rc)
		return rc;
	rc = enable ? dev_enable(dev) : dev_disable(dev, false);
	return rc ? rc : count;
}

CONFIGFS_ATTR(dev_, enable);

static struct configfs_attribute *dev_attrs[] = {
	&dev_attr_ram_size,
	&dev_attr_serial,
	&dev_attr_enable,
	NULL,
};

static struct configfs_attribute *dc_attrs[] = {
	&dc_attr_size,
	&dc_attr_block_size,
	&dc_attr_sanitize_on_release,
	&dc_attr_sharable,
	NULL,
};

static const struct config_item_type dc_type = {
	.ct_attrs = dc_attrs,
	.ct_owner = THIS_MODULE,
};

static int dev_allow_link(struct config_item *src, struct config_item *target)
{
	struct ctm_dev_item *dev = to_dev_item(src);

	if (!is_pool(target))
		return -EINVAL;
	guard(mutex)(&ctm_cfg_lock);
	if (dev->mem || dev->busy)
		return -EBUSY;
	if (dev->pool)
		return -EEXIST;
	dev->pool = to_pool(target);
	return 0;
}

static void dev_drop_link(struct config_item *src, struct config_item *target)
{
	guard(mutex)(&ctm_cfg_lock);
	to_dev_item(src)->pool = NULL;
}

static void dev_release(struct config_item *item)
{
	kfree(to_dev_item(item));
}

static struct configfs_item_operations dev_item_ops = {
	.allow_link = dev_allow_link,
	.drop_link = dev_drop_link,
	.release = dev_release,
};

static const struct config_item_type dev_type = {
	.ct_item_ops = &dev_item_ops,
	.ct_attrs = dev_attrs,
	.ct_owner = THIS_MODULE,
};

static u64 ctm_next_serial = 0x1000;

static struct ctm_dev_item *dev_item_alloc(const char *name)
{
	struct ctm_dev_item *dev = kzalloc_obj(*dev);
	char dcname[4];

	if (!dev)
		return NULL;
	config_group_init_type_name(&dev->group, name, &dev_type);
	for (int i = 0; i < CTM_MAX_DC_REGIONS; i++) {
		snprintf(dcname, sizeof(dcname), "dc%d", i);
		config_group_init_type_name(&dev->dc[i], dcname, &dc_type);
		configfs_add_default_group(&dev->dc[i], &dev->group);
		dev->cfg.dc[i].block_size = CTM_CHUNK;
	}
	dev->cfg.ram_size = SZ_256M;
	scoped_guard(mutex, &ctm_cfg_lock)
		dev->cfg.serial = ctm_next_serial++;
	return dev;
}

/* An enabled device holds a dependency on itself: it is disabled here. */
static void devices_drop_item(struct config_group *group,
			      struct config_item *item)
{
	WARN_ON(to_dev_item(item)->mem);
	config_item_put(item);
}

static struct config_group *devices_make_group(struct config_group *group,
					       const char *name)
{
	struct ctm_dev_item *dev = dev_item_alloc(name);

	return dev ? &dev->group : ERR_PTR(-ENOMEM);
}

static struct configfs_group_operations devices_group_ops = {
	.make_group = devices_make_group,
	.drop_item = devices_drop_item,
};

static const struct config_item_type devices_type = {
	.ct_group_ops = &devices_group_ops,
	.ct_owner = THIS_MODULE,
};

static struct config_group ctm_devices_group;

/* ---- root ----------------------------------------------------------- */

static ssize_t ctm_features_show(struct config_item *item, char *page)
{
	return sysfs_emit(page,
			  "pools: size free used backends/\n"
			  "backends: tag size state\n"
			  "devices: ram_size serial enable pool dc0-dc7\n"
			  "dc: size block_size sanitize_on_release sharable\n");
}

CONFIGFS_ATTR_RO(ctm_, features);

static struct configfs_attribute *ctm_root_attrs[] = {
	&ctm_attr_features,
	NULL,
};

static const struct config_item_type ctm_root_type = {
	.ct_attrs = ctm_root_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem ctm_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = CTM_NAME,
			.ci_type = &ctm_root_type,
		},
	},
};

/**
 * ctm_configfs_add_default_device() - the device modprobe creates
 *
 * The same object a mkdir in devices/ makes, named "default", with 512 MiB
 * of static capacity, enabled.
 *
 * Return: 0 or a negative errno.
 */
int ctm_configfs_add_default_device(void)
{
	struct ctm_dev_item *dev = dev_item_alloc("default");
	int rc;

	if (!dev)
		return -ENOMEM;
	dev->cfg.ram_size = SZ_512M;
	rc = configfs_register_group(&ctm_devices_group, &dev->group);
	if (rc) {
		kfree(dev);
		return rc;
	}
	ctm_default_dev = dev;
	return dev_enable(dev);
}

int ctm_configfs_init(void)
{
	config_group_init(&ctm_subsys.su_group);
	mutex_init(&ctm_subsys.su_mutex);

	config_group_init_type_name(&ctm_pools_group, "pools", &pools_type);
	configfs_add_default_group(&ctm_pools_group, &ctm_subsys.su_group);
	config_group_init_type_name(&ctm_devices_group, "devices",
				    &devices_type);
	configfs_add_default_group(&ctm_devices_group, &ctm_subsys.su_group);

	return configfs_register_subsystem(&ctm_subsys);
}

/**
 * ctm_configfs_remove_default_device() - undo the default device
 *
 * Before the platform goes: the device is below its host bridge.
 */
void ctm_configfs_remove_default_device(void)
{
	if (!ctm_default_dev)
		return;
	/* Gone from configfs first: no attribute write can race the disable. */
	configfs_unregister_group(&ctm_default_dev->group);
	WARN_ON(dev_disable(ctm_default_dev, true));
	config_item_put(&ctm_default_dev->group.cg_item);
	ctm_default_dev = NULL;
}

void ctm_configfs_exit(void)
{
	configfs_unregister_subsystem(&ctm_subsys);
}
