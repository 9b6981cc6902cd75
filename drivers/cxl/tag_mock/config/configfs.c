// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs tree, the only configuration interface of the mock:
 *
 *   /sys/kernel/config/cxl_tag_mock/
 *	features		what the attributes below are
 *	pools/<pool>/		a memory pool, a budget: size, free, used
 *	pools/<pool>/backends/<name>/
 *				a tagged backend within <pool>'s budget:
 *				tag, size (setting it reserves that much of
 *				the budget), state, stored
 *	devices/<name>/		a memory device: ram_size, serial, enable,
 *				dc0..dc7/ (DC regions) and a "pool" symlink
 *
 * Settings of an enabled device are -EBUSY, and so is a backend's size
 * while its tag's capacity is on a device. A pool cannot be removed while
 * it has backends (its backends/ directory is not empty), nor an enabled
 * device (it depends on itself until disabled), nor a backend whose
 * contents back extents (they pin it).
 *
 * Devices also take Dynamic Capacity requests: dc_add, dc_release,
 * dc_force_release, and show dc_extents; backends show dc_status.
 *
 * Lock order: configfs' own locks, a device item's op_lock, the device's
 * notify_lock (held while the host reads the device's events, which takes
 * the host's locks and then the mailbox's), the device's mbox_lock,
 * ctm_cfg_lock, then the platform's and the decoders' locks.
 */
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "config/config.h"
#include "dc/dc.h"

/*
 * The type of an item that has attributes NAME_attrs and is freed by
 * NAME_release() when its last reference goes; the rest of the type, if
 * any (bin attributes), follows.
 */
#define CTM_ITEM_TYPE(name, ...)					\
	static struct configfs_item_operations name##_item_ops = {	\
		.release = name##_release,				\
	};								\
	static const struct config_item_type name##_type = {		\
		.ct_item_ops = &name##_item_ops,			\
		.ct_attrs = name##_attrs,				\
		.ct_owner = THIS_MODULE,				\
		__VA_ARGS__						\
	}

/* The type of a group whose operations follow: it makes the items below. */
#define CTM_GROUP_TYPE(name, ...)					\
	static struct configfs_group_operations name##_group_ops = {	\
		__VA_ARGS__						\
	};								\
	static const struct config_item_type name##_type = {		\
		.ct_group_ops = &name##_group_ops,			\
		.ct_owner = THIS_MODULE,				\
	}

/* ---- backends ------------------------------------------------------- */

static struct configfs_subsystem ctm_subsys;
/* debugfs: pools/<pool>/<backend>, each backend's storage. */
static struct dentry *ctm_debugfs_pools;

/**
 * struct ctm_backend_item - the configfs item of a backend
 * @group: the item
 * @be: the backend, of which the item holds a reference
 */
struct ctm_backend_item {
	struct config_group group;
	struct ctm_backend *be;
};

/*
 * The backend's pin is a configfs dependency on its item: rmdir fails
 * with -EBUSY while one is held. From one of this subsystem's callbacks
 * only the unlocked variant may be taken, which is what configfs allows.
 */
static int backend_depend(struct ctm_backend *be, bool in_callback)
{
	struct ctm_backend_item *bi = be->owner;

	if (in_callback)
		return configfs_depend_item_unlocked(&ctm_subsys,
						     &bi->group.cg_item);
	return configfs_depend_item(&ctm_subsys, &bi->group.cg_item);
}

static void backend_undepend(struct ctm_backend *be)
{
	struct ctm_backend_item *bi = be->owner;

	configfs_undepend_item(&bi->group.cg_item);
}

static const struct ctm_backend_pin_ops backend_pin_ops = {
	.depend = backend_depend,
	.undepend = backend_undepend,
};

static struct ctm_pool *to_pool(struct config_item *item);

static struct ctm_backend_item *to_backend_item(struct config_item *item)
{
	return container_of(to_config_group(item), struct ctm_backend_item,
			    group);
}

static struct ctm_backend *to_backend(struct config_item *item)
{
	return to_backend_item(item)->be;
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

	rc = ctm_input_check(page, count);
	if (rc)
		return rc;
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
static struct ctm_pool *backend_pool(struct config_item *item)
{
	return to_pool(item->ci_parent->ci_parent);
}

/* A pool's or a backend's size: @set applies it under ctm_cfg_lock. */
static ssize_t store_size(struct config_item *item, const char *page,
			  size_t count,
			  int (*set)(struct config_item *item, u64 size))
{
	u64 size;
	int rc = ctm_parse_u64(page, count, &size);

	if (!rc) {
		guard(mutex)(&ctm_cfg_lock);
		rc = set(item, size);
	}
	return rc ? rc : count;
}

static int backend_set_size(struct config_item *item, u64 size)
{
	return ctm_backend_resize(to_backend(item), backend_pool(item), size);
}

static ssize_t backend_size_store(struct config_item *item, const char *page,
				  size_t count)
{
	return store_size(item, page, count, backend_set_size);
}

static ssize_t backend_state_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%s\n", ctm_backend_state(to_backend(item)));
}

/*
 * Kernel memory the backend's contents take now: what its store holds, the
 * contents the media does not (all-zero pages are not stored). An atomic
 * count: no lock, so that polling it never waits for a move.
 */
static ssize_t backend_stored_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%#llx\n",
			  (u64)ctm_store_pages(&to_backend(item)->store) << PAGE_SHIFT);
}

/*
 * A read changes nothing: orchestrators may poll it. Binary, so that the
 * listing of a tag with many extents is not cut at a page.
 */
static ssize_t backend_dc_status_read(struct config_item *item, void *buf,
				      size_t size)
{
	guard(mutex)(&ctm_cfg_lock);
	return ctm_backend_status(to_backend(item), buf, size);
}

CONFIGFS_ATTR(backend_, tag);
CONFIGFS_ATTR(backend_, size);
CONFIGFS_ATTR_RO(backend_, state);
CONFIGFS_ATTR_RO(backend_, stored);
CONFIGFS_BIN_ATTR_RO(backend_, dc_status, NULL, 0);

static struct configfs_attribute *backend_attrs[] = {
	&backend_attr_tag,
	&backend_attr_size,
	&backend_attr_state,
	&backend_attr_stored,
	NULL,
};

static struct configfs_bin_attribute *backend_bin_attrs[] = {
	&backend_attr_dc_status,
	NULL,
};

/* The item's last reference went; the backend may outlive it, unused. */
static void backend_release(struct config_item *item)
{
	struct ctm_backend_item *bi = to_backend_item(item);

	ctm_backend_put(bi->be);
	kfree(bi);
}

CTM_ITEM_TYPE(backend, .ct_bin_attrs = backend_bin_attrs);

static struct config_group *backends_make_group(struct config_group *group,
						const char *name)
{
	struct ctm_backend_item *bi = kzalloc_obj(*bi);

	if (!bi)
		return ERR_PTR(-ENOMEM);
	bi->be = ctm_backend_alloc(&backend_pin_ops, bi);
	if (!bi->be) {
		kfree(bi);
		return ERR_PTR(-ENOMEM);
	}
	config_group_init_type_name(&bi->group, name, &backend_type);
	ctm_backend_debugfs(bi->be, to_pool(group->cg_item.ci_parent), name);
	return &bi->group;
}

/*
 * Before configfs unlinks the item, and only once nothing depends on it
 * (so no extent uses it): the tag goes first, so no look-up finds a dying
 * backend, then its storage. References may outlive this.
 */
static void backends_disconnect_notify(struct config_group *group,
				       struct config_item *item)
{
	struct ctm_backend *be = to_backend(item);

	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_backend_unpublish(be);
	/* A ctm_backend_hold() midway needs the item linked. */
	wait_var_event(&be->acquiring, !READ_ONCE(be->acquiring));
	/* Waits for readers and writers of the file: none is left after. */
	debugfs_remove(be->debugfs);
	be->debugfs = NULL;
	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_backend_release(be);
}

CTM_GROUP_TYPE(backends, .make_group = backends_make_group,
	       .disconnect_notify = backends_disconnect_notify);

/* ---- pools ---------------------------------------------------------- */

/**
 * struct ctm_pool_item - the configfs item of a pool
 * @group: the item
 * @backends: its backends/ group
 * @pool: the pool, which lives as long as the item: a sized backend is a
 *	  child of the item, and a live device holds a reference on the item
 */
struct ctm_pool_item {
	struct config_group group;
	struct config_group backends;
	struct ctm_pool pool;
};

static struct ctm_pool_item *to_pool_item(struct config_item *item)
{
	return container_of(to_config_group(item), struct ctm_pool_item,
			    group);
}

static struct ctm_pool *to_pool(struct config_item *item)
{
	return &to_pool_item(item)->pool;
}

/* The item a pool is in, for the references live devices hold on it. */
static struct config_item *pool_item(struct ctm_pool *pool)
{
	return &container_of(pool, struct ctm_pool_item, pool)->group.cg_item;
}

static ssize_t pool_size_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%#llx\n", to_pool(item)->size);
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

static int pool_set_size(struct config_item *item, u64 size)
{
	return ctm_pool_set_size(to_pool(item), size);
}

static ssize_t pool_size_store(struct config_item *item, const char *page,
			       size_t count)
{
	return store_size(item, page, count, pool_set_size);
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
	struct ctm_pool_item *pi = to_pool_item(item);

	debugfs_remove(pi->pool.debugfs);
	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_pool_release(&pi->pool);
	kfree(pi);
}

CTM_ITEM_TYPE(pool);

static struct config_group *pools_make_group(struct config_group *group,
					     const char *name)
{
	struct ctm_pool_item *pi = kzalloc_obj(*pi);

	if (!pi)
		return ERR_PTR(-ENOMEM);
	pi->pool.debugfs = debugfs_create_dir(name, ctm_debugfs_pools);
	config_group_init_type_name(&pi->group, name, &pool_type);
	config_group_init_type_name(&pi->backends, "backends", &backends_type);
	configfs_add_default_group(&pi->backends, &pi->group);
	return &pi->group;
}

CTM_GROUP_TYPE(pools, .make_group = pools_make_group);

static struct config_group ctm_pools_group;

static bool is_pool(struct config_item *item)
{
	return item->ci_type == &pool_type;
}

/* ---- devices -------------------------------------------------------- */

static struct ctm_dev_item *ctm_default_dev;

/**
 * struct ctm_dev_item - a device's configuration (configfs devices/<name>)
 * @group: its configfs group
 * @dc: groups dc0..dc7, one per DC region
 * @cfg: the configuration
 * @pool: the pool the "pool" symlink names, or NULL: configuration only
 * @live_pool: while enabled, the pool its tagged capacity comes from: @pool
 *	       when it was enabled, with a reference, whatever the symlink
 *	       says since (configfs cannot refuse its removal)
 * @mem: the device while enabled
 * @busy: being enabled or disabled
 * @op_lock: serialises enable and disable with the Dynamic Capacity
 *	     operations, which need the device to stay while they run
 * @preload: extents the device starts with, accepted already
 * @nr_preload: how many
 */
struct ctm_dev_item {
	struct config_group group;
	struct config_group dc[CTM_MAX_DC_REGIONS];
	struct ctm_mem_cfg cfg;
	struct ctm_pool *pool;
	struct ctm_pool *live_pool;
	struct ctm_mem *mem;
	bool busy;
	struct mutex op_lock; /* see above */
	struct ctm_dc_preload *preload;
	unsigned int nr_preload;
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

/*
 * A device that is enabled, or on its way up or down, takes no setting:
 * what it was made from stays what its configuration says.
 */
static bool dev_live(struct ctm_dev_item *dev)
{
	lockdep_assert_held(&ctm_cfg_lock);
	return dev->mem || dev->busy;
}

/*
 * Store a u64 setting unless the device is live; @valid, if any, says
 * which values the setting takes (-EINVAL for others).
 */
static ssize_t __store_u64(struct ctm_dev_item *dev, u64 *field,
			   const char *page, size_t count, bool (*valid)(u64))
{
	u64 val;
	int rc;

	rc = ctm_parse_u64(page, count, &val);
	if (rc)
		return rc;
	if (valid && !valid(val))
		return -EINVAL;
	guard(mutex)(&ctm_cfg_lock);
	if (dev_live(dev))
		return -EBUSY;
	*field = val;
	return count;
}

/* @invert: the field holds the opposite of what the user writes. */
static ssize_t __store_bool(struct ctm_dev_item *dev, bool *field,
			    const char *page, size_t count, bool invert)
{
	bool val;
	int rc;

	rc = ctm_parse_bool(page, count, &val);
	if (rc)
		return rc;
	guard(mutex)(&ctm_cfg_lock);
	if (dev_live(dev))
		return -EBUSY;
	*field = val != invert;
	return count;
}

static ssize_t store_u64(struct ctm_dev_item *dev, u64 *field,
			 const char *page, size_t count)
{
	return __store_u64(dev, field, page, count, NULL);
}

static ssize_t store_bool(struct ctm_dev_item *dev, bool *field,
			  const char *page, size_t count)
{
	return __store_bool(dev, field, page, count, false);
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

/*
 * A device setting that is a plain number: shown and stored as such, and
 * only while the device is disabled. @off is its offset in the
 * configuration.
 */
static void *dev_cfg_field(struct config_item *item, size_t off,
			   struct ctm_dev_item **dev)
{
	*dev = to_dev_item(item);
	return (u8 *)&(*dev)->cfg + off;
}

/*
 * The show and store of a setting at a fixed offset of a configuration:
 * @_prefix##_cfg_field() finds the field (and the device) for an item,
 * @_kind says how it is shown and stored (u64 or bool).
 */
#define CFG_ATTR(_prefix, _name, _cfg, _field, _kind)			\
static const size_t _prefix##_##_name##_off = offsetof(_cfg, _field);	\
									\
static ssize_t _prefix##_##_name##_show(struct config_item *item,	\
					char *page)			\
{									\
	struct ctm_dev_item *dev;					\
									\
	return show_##_kind(_prefix##_cfg_field(item,			\
						_prefix##_##_name##_off, \
						&dev), page);		\
}									\
									\
static ssize_t _prefix##_##_name##_store(struct config_item *item,	\
					 const char *page, size_t count) \
{									\
	struct ctm_dev_item *dev;					\
	void *field = _prefix##_cfg_field(item, _prefix##_##_name##_off, \
					  &dev);			\
									\
	return store_##_kind(dev, field, page, count);			\
}

#define DEV_U64_ATTR(_name, _field)					\
	CFG_ATTR(dev, _name, struct ctm_mem_cfg, _field, u64)

DEV_U64_ATTR(ram_size, ram_size);
DEV_U64_ATTR(serial, serial);

static ssize_t dev_dc_gap_show(struct config_item *item, char *page)
{
	return show_u64(&to_dev_item(item)->cfg.dc_gap, page);
}

/* DC regions start on 256 MiB boundaries: so does what precedes. */
static bool dc_gap_valid(u64 gap)
{
	return IS_ALIGNED(gap, SZ_256M);
}

static ssize_t dev_dc_gap_store(struct config_item *item, const char *page,
				size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	return __store_u64(dev, &dev->cfg.dc_gap, page, count, dc_gap_valid);
}

static ssize_t dev_payload_size_show(struct config_item *item, char *page)
{
	return show_u64(&to_dev_item(item)->cfg.payload_size, page);
}

/*
 * A small payload makes a host page through every list (event records,
 * DC configuration, extent lists, responses): the mock's buffers are 4 KiB.
 */
static bool payload_size_valid(u64 size)
{
	return size >= SZ_256 && size <= SZ_4K && is_power_of_2(size);
}

static ssize_t dev_payload_size_store(struct config_item *item,
				      const char *page, size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	return __store_u64(dev, &dev->cfg.payload_size, page, count,
			   payload_size_valid);
}

CONFIGFS_ATTR(dev_, ram_size);
CONFIGFS_ATTR(dev_, serial);
CONFIGFS_ATTR(dev_, dc_gap);
CONFIGFS_ATTR(dev_, payload_size);

/*
 * A DC region setting, a number or a flag, stored while disabled: @off is
 * its offset in the region's configuration.
 */
static void *dc_cfg_field(struct config_item *item, size_t off,
			  struct ctm_dev_item **dev)
{
	return (u8 *)to_dc_cfg(item, dev) + off;
}

#define DC_CFG_ATTR(_name, _field, _kind)				\
	CFG_ATTR(dc, _name, struct ctm_dc_region_cfg, _field, _kind)

DC_CFG_ATTR(size, size, u64);
DC_CFG_ATTR(block_size, block_size, u64);
DC_CFG_ATTR(sanitize_on_release, sanitize, bool);
DC_CFG_ATTR(sharable, sharable, bool);
DC_CFG_ATTR(read_only, read_only, bool);

/* Shown and set the way round a user thinks of it: 1, the entry exists. */
static ssize_t dc_dsmas_show(struct config_item *item, char *page)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%d\n", !r->no_dsmas);
}

static ssize_t dc_dsmas_store(struct config_item *item, const char *page,
			      size_t count)
{
	struct ctm_dev_item *dev;
	struct ctm_dc_region_cfg *r = to_dc_cfg(item, &dev);

	return __store_bool(dev, &r->no_dsmas, page, count, true);
}

CONFIGFS_ATTR(dc_, size);
CONFIGFS_ATTR(dc_, block_size);
CONFIGFS_ATTR(dc_, sanitize_on_release);
CONFIGFS_ATTR(dc_, sharable);
CONFIGFS_ATTR(dc_, read_only);
CONFIGFS_ATTR(dc_, dsmas);

static ssize_t dev_enable_show(struct config_item *item, char *page)
{
	guard(mutex)(&ctm_cfg_lock);
	return sysfs_emit(page, "%d\n", !!to_dev_item(item)->mem);
}

static void preload_settle(struct ctm_backend **held, unsigned int n)
{
	if (!held)
		return;
	for (unsigned int i = 0; i < n; i++)
		ctm_backend_settle(held[i]);
	kfree(held);
}

/*
 * The backends of the preloaded tags, held while the device binds them
 * (entry i's backend at i, or NULL: a tag named twice is held once).
 */
static struct ctm_backend **preload_hold(const struct ctm_dc_preload *pre,
					 unsigned int n)
{
	struct ctm_backend **held;

	if (!n)
		return NULL;
	held = kcalloc(n, sizeof(*held), GFP_KERNEL);
	if (!held)
		return ERR_PTR(-ENOMEM);
	for (unsigned int i = 0; i < n; i++) {
		bool seen = uuid_is_null(&pre[i].tag);

		for (unsigned int j = 0; j < i && !seen; j++)
			seen = uuid_equal(&pre[j].tag, &pre[i].tag);
		if (seen)
			continue;
		held[i] = ctm_backend_hold(&pre[i].tag, true);
		if (IS_ERR(held[i])) {
			int rc = PTR_ERR(held[i]);

			held[i] = NULL;
			preload_settle(held, n);
			return ERR_PTR(rc);
		}
	}
	return held;
}

/*
 * Creating and destroying a device binds and unbinds drivers, which talk to
 * its mailbox: that never happens under ctm_cfg_lock (the mailbox side may
 * take it). @busy keeps settings and a second enable or disable out
 * meanwhile.
 */
static int dev_enable(struct ctm_dev_item *dev)
{
	struct ctm_pool *pool = NULL;
	struct ctm_backend **held;
	struct ctm_mem_cfg cfg;
	struct ctm_mem *mem;
	int rc;

	guard(mutex)(&dev->op_lock);
	scoped_guard(mutex, &ctm_cfg_lock) {
		if (dev->busy)
			return -EBUSY;
		if (dev->mem)
			return 0;
		rc = ctm_geometry_check(&dev->cfg);
		if (rc)
			return rc;
		cfg = dev->cfg;
		/*
		 * The live device keeps the pool it was enabled with, until
		 * disabled, whatever happens to the symlink meanwhile.
		 */
		pool = dev->pool;
		if (pool)
			config_item_get(pool_item(pool));
		dev->busy = true;
	}

	held = preload_hold(dev->preload, dev->nr_preload);
	mem = IS_ERR(held) ? ERR_CAST(held) :
			     ctm_dc_mem_create(&cfg, dev->preload,
					       dev->nr_preload);
	if (!IS_ERR(held))
		preload_settle(held, dev->nr_preload);
	/*
	 * An enabled device stays until disabled: rmdir is -EBUSY. This runs
	 * inside our own attribute write, which already keeps rmdir out, so
	 * the variant that takes no directory lock is the one to use.
	 */
	if (!IS_ERR(mem) && dev != ctm_default_dev) {
		rc = configfs_depend_item_unlocked(&ctm_subsys,
						   &dev->group.cg_item);
		if (rc) {
			ctm_dc_mem_destroy(mem);
			mem = ERR_PTR(rc);
		}
	}

	scoped_guard(mutex, &ctm_cfg_lock) {
		dev->busy = false;
		if (!IS_ERR(mem)) {
			dev->mem = mem;
			dev->live_pool = pool;
			return 0;
		}
	}
	/* Outside the lock: the last reference releases the pool. */
	if (pool)
		config_item_put(pool_item(pool));
	return PTR_ERR(mem);
}

/* Unless @force, a device a committed decoder still maps stays (-EBUSY). */
static int dev_disable(struct ctm_dev_item *dev, bool force)
{
	struct ctm_pool *pool;
	struct ctm_mem *mem;

	guard(mutex)(&dev->op_lock);
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

	ctm_dc_mem_destroy(mem);
	if (dev != ctm_default_dev)
		configfs_undepend_item(&dev->group.cg_item);

	scoped_guard(mutex, &ctm_cfg_lock) {
		dev->mem = NULL;
		dev->busy = false;
		pool = dev->live_pool;
		dev->live_pool = NULL;
	}
	if (pool)
		config_item_put(pool_item(pool));
	return 0;
}

/* A flag written to a device, which @set applies live or not. */
static ssize_t dev_store_flag(struct config_item *item, const char *page,
			      size_t count,
			      int (*set)(struct ctm_dev_item *dev, bool val))
{
	bool val;
	int rc = ctm_parse_bool(page, count, &val);

	if (!rc)
		rc = set(to_dev_item(item), val);
	return rc ? rc : count;
}

static int dev_set_enable(struct ctm_dev_item *dev, bool enable)
{
	return enable ? dev_enable(dev) : dev_disable(dev, false);
}

static ssize_t dev_enable_store(struct config_item *item, const char *page,
				size_t count)
{
	return dev_store_flag(item, page, count, dev_set_enable);
}

CONFIGFS_ATTR(dev_, enable);

/*
 * Dynamic Capacity requests. Words are separated by blanks; numbers take
 * any base kstrtou64() knows; a tag is a UUID, or 0 for untagged.
 */
static char *next_word(char **s)
{
	char *w;

	if (!*s)
		return NULL;
	*s = skip_spaces(*s);
	w = strsep(s, " \t\n");
	return w && *w ? w : NULL;
}

static int parse_tag(const char *w, uuid_t *tag)
{
	return w ? ctm_parse_tag(w, tag) : -EINVAL;
}

static int parse_region(const char *w, unsigned int *region)
{
	return w ? kstrtouint(w, 0, region) : -EINVAL;
}

/* "<off>:<len>[,<off>:<len>...]", or with !@with_off "<len>[,<len>...]". */
static int parse_ranges(char *w, bool with_off, struct ctm_dc_range **out,
			unsigned int *nr)
{
	struct ctm_dc_range *r;
	unsigned int n = 1;
	char *tok;
	int rc = 0;

	if (!w)
		return -EINVAL;
	for (char *c = w; *c; c++)
		n += *c == ',';
	r = kcalloc(n, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	for (unsigned int i = 0; i < n && !rc; i++) {
		char *len;

		tok = strsep(&w, ",");
		len = with_off ? strchr(tok, ':') : tok;
		if (!len) {
			rc = -EINVAL;
			break;
		}
		if (with_off) {
			*len++ = '\0';
			rc = kstrtou64(tok, 0, &r[i].off);
		}
		if (!rc)
			rc = kstrtou64(len, 0, &r[i].len);
	}
	if (rc) {
		kfree(r);
		return rc;
	}
	*out = r;
	*nr = n;
	return 0;
}

/**
 * struct dc_request - a Dynamic Capacity request written to a device
 * @region: the DC region
 * @tag: the tag offered, or released by tag
 * @policy: how an offer's ranges are placed
 * @ranges: the ranges offered or released
 * @n: how many
 * @pool: the pool an offer's tagged capacity comes from
 * @by_tag: a release of every extent of @tag
 * @force: a forced release
 */
struct dc_request {
	unsigned int region;
	uuid_t tag;
	enum ctm_dc_policy policy;
	struct ctm_dc_range *ranges;
	unsigned int n;
	struct ctm_pool *pool;
	bool by_tag;
	bool force;
};

/*
 * Run @queue with the live device: op_lock keeps it while the host
 * answers, after the mock's locks are dropped.
 */
static int dev_dc_request(struct ctm_dev_item *dev,
			  int (*queue)(struct ctm_mem *mem, void *req),
			  struct dc_request *req)
{
	guard(mutex)(&dev->op_lock);
	if (!dev->mem)
		return -ENODEV;
	req->pool = dev->live_pool;
	return ctm_dc_request(dev->mem, queue, req);
}

static int dc_add_queue(struct ctm_mem *mem, void *data)
{
	struct dc_request *req = data;

	return ctm_dc_offer(mem, req->region, &req->tag, req->policy,
			    req->ranges, req->n, req->pool);
}

static int dc_release_queue(struct ctm_mem *mem, void *data)
{
	struct dc_request *req = data;

	if (req->by_tag)
		return ctm_dc_release_tag(mem, &req->tag, req->force);
	return ctm_dc_release_ranges(mem, req->region, req->ranges, req->n,
				     req->force);
}

/*
 * "<region> <tag> prescriptive <off>:<len>[,<off>:<len>...]" or
 * "<region> <tag> free <len>[,<len>...]".
 */
static int parse_dc_add(char *s, struct dc_request *req)
{
	char *w;
	int rc;

	rc = parse_region(next_word(&s), &req->region);
	if (!rc)
		rc = parse_tag(next_word(&s), &req->tag);
	if (rc)
		return rc;
	w = next_word(&s);
	if (w && !strcmp(w, "free"))
		req->policy = CTM_DC_FREE;
	else if (!w || strcmp(w, "prescriptive"))
		return -EINVAL;
	rc = parse_ranges(next_word(&s), req->policy == CTM_DC_PRESCRIPTIVE,
			  &req->ranges, &req->n);
	return !rc && next_word(&s) ? -EINVAL : rc;
}

/* "<region> <off>:<len>[,<off>:<len>...]" or "tag <uuid>". */
static int parse_dc_release(char *s, struct dc_request *req)
{
	char *w = next_word(&s);
	int rc;

	if (w && !strcmp(w, "tag")) {
		req->by_tag = true;
		rc = parse_tag(next_word(&s), &req->tag);
	} else {
		rc = parse_region(w, &req->region);
		if (!rc)
			rc = parse_ranges(next_word(&s), true, &req->ranges,
					  &req->n);
	}
	return !rc && next_word(&s) ? -EINVAL : rc;
}

/* Parse a request written to a device; on success it owns @req->ranges. */
static int parse_dc_request(const char *page, size_t count,
			    int (*parse)(char *s, struct dc_request *req),
			    struct dc_request *req)
{
	char *str = ctm_input_dup(page, count);
	int rc;

	if (IS_ERR(str))
		return PTR_ERR(str);
	rc = parse(str, req);
	kfree(str);
	if (rc) {
		kfree(req->ranges);
		req->ranges = NULL;
	}
	return rc;
}

/* dc_add: one write is one offer, one More-linked chain. */
static ssize_t dev_dc_add_store(struct config_item *item, const char *page,
				size_t count)
{
	struct dc_request req = { .policy = CTM_DC_PRESCRIPTIVE };
	struct ctm_backend *be = NULL;
	int rc;

	rc = parse_dc_request(page, count, parse_dc_add, &req);
	if (rc)
		return rc;
	if (!uuid_is_null(&req.tag)) {
		be = ctm_backend_hold(&req.tag, true);
		if (IS_ERR(be)) {
			rc = PTR_ERR(be);
			goto out;
		}
	}
	rc = dev_dc_request(to_dev_item(item), dc_add_queue, &req);
	ctm_backend_settle(be);
out:
	kfree(req.ranges);
	return rc ? rc : count;
}

static ssize_t dev_dc_release(struct ctm_dev_item *dev, const char *page,
			      size_t count, bool force)
{
	struct dc_request req = { .force = force };
	int rc;

	rc = parse_dc_request(page, count, parse_dc_release, &req);
	if (!rc)
		rc = dev_dc_request(dev, dc_release_queue, &req);
	kfree(req.ranges);
	return rc ? rc : count;
}

static ssize_t dev_dc_release_store(struct config_item *item,
				    const char *page, size_t count)
{
	return dev_dc_release(to_dev_item(item), page, count, false);
}

static ssize_t dev_dc_force_release_store(struct config_item *item,
					  const char *page, size_t count)
{
	return dev_dc_release(to_dev_item(item), page, count, true);
}

/* Binary like dc_status: a listing of many extents is not cut. */
static ssize_t dev_dc_extents_read(struct config_item *item, void *buf,
				   size_t size)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	guard(mutex)(&dev->op_lock);
	if (!dev->mem)
		return 0;
	guard(mutex)(&dev->mem->mbox_lock);
	return ctm_dc_extents_show(dev->mem, buf, size);
}

/* dc_preload: "<region>:<off>:<len>[:<tag>[:<seq>]]" entries. */
static int parse_preload(char *w, struct ctm_dc_preload *p)
{
	char *f[5] = {};
	unsigned int n = 0;
	u64 v;
	int rc;

	while (w && n < ARRAY_SIZE(f))
		f[n++] = strsep(&w, ":");
	if (w || n < 3)
		return -EINVAL;
	rc = kstrtou64(f[0], 0, &v);
	if (rc)
		return rc;
	if (v >= CTM_MAX_DC_REGIONS)
		return -EINVAL;
	p->region = v;
	rc = kstrtou64(f[1], 0, &p->off);
	if (!rc)
		rc = kstrtou64(f[2], 0, &p->len);
	if (rc)
		return rc;
	p->tag = uuid_null;
	if (n > 3) {
		rc = parse_tag(f[3], &p->tag);
		if (rc)
			return rc;
	}
	p->seq = 0;
	return n > 4 ? kstrtou16(f[4], 0, &p->seq) : 0;
}

/*
 * Entries are separated by blanks or commas: blanks may repeat, but a
 * comma separates two entries, so one with no entry on either side is
 * an entry left out.
 */
static bool preload_commas_ok(const char *s)
{
	bool entry = false, comma = false;

	for (; *s; s++) {
		if (*s == ',') {
			if (!entry)
				return false;
			entry = false;
			comma = true;
		} else if (!isspace(*s)) {
			entry = true;
		}
	}
	return entry || !comma;
}

static ssize_t dev_dc_preload_store(struct config_item *item,
				    const char *page, size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);
	struct ctm_dc_preload *pre = NULL;
	unsigned int n = 0, max = 0;
	char *str, *s, *w;
	int rc = 0;

	str = ctm_input_dup(page, count);
	if (IS_ERR(str))
		return PTR_ERR(str);
	if (!preload_commas_ok(str)) {
		kfree(str);
		return -EINVAL;
	}
	for (s = str; *s; s++)
		max += *s == ':';
	/* Each entry has at least two colons. */
	max = max / 2 + 1;
	pre = kcalloc(max, sizeof(*pre), GFP_KERNEL);
	if (!pre) {
		kfree(str);
		return -ENOMEM;
	}
	s = str;
	while (!rc && s) {
		w = strsep(&s, " \t\n,");
		if (!*w)
			continue;
		rc = n < max ? parse_preload(w, &pre[n++]) : -EINVAL;
	}
	kfree(str);
	if (rc) {
		kfree(pre);
		return rc;
	}

	guard(mutex)(&dev->op_lock);
	guard(mutex)(&ctm_cfg_lock);
	if (dev_live(dev)) {
		kfree(pre);
		return -EBUSY;
	}
	kfree(dev->preload);
	dev->preload = n ? pre : NULL;
	dev->nr_preload = n;
	if (!n)
		kfree(pre);
	return count;
}

/* A listing that does not fit a page is refused (-EFBIG), never cut. */
static ssize_t dev_dc_preload_show(struct config_item *item, char *page)
{
	struct ctm_dev_item *dev = to_dev_item(item);
	char line[96];
	size_t len = 0;

	guard(mutex)(&dev->op_lock);
	for (unsigned int i = 0; i < dev->nr_preload; i++) {
		const struct ctm_dc_preload *p = &dev->preload[i];
		int n;

		if (uuid_is_null(&p->tag))
			n = scnprintf(line, sizeof(line), "%u:0x%llx:0x%llx\n",
				      p->region, p->off, p->len);
		else
			n = scnprintf(line, sizeof(line),
				      "%u:0x%llx:0x%llx:%pUb:%u\n", p->region,
				      p->off, p->len, &p->tag, p->seq);
		if (len + n > PAGE_SIZE - 1)
			return -EFBIG;
		memcpy(page + len, line, n);
		len += n;
	}
	page[len] = '\0';
	return len;
}

/*
 * The state the device starts in when enabled: configuration like the
 * others. The live state is the device's debugfs dc_hold_events, with
 * every other test knob, and this keeps showing what was configured.
 */
static ssize_t dev_dc_hold_events_show(struct config_item *item, char *page)
{
	return show_bool(&to_dev_item(item)->cfg.hold_events, page);
}

static ssize_t dev_dc_hold_events_store(struct config_item *item,
					const char *page, size_t count)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	return store_bool(dev, &dev->cfg.hold_events, page, count);
}

CONFIGFS_ATTR_WO(dev_, dc_add);
CONFIGFS_ATTR_WO(dev_, dc_release);
CONFIGFS_ATTR_WO(dev_, dc_force_release);
CONFIGFS_BIN_ATTR_RO(dev_, dc_extents, NULL, 0);
CONFIGFS_ATTR(dev_, dc_preload);
CONFIGFS_ATTR(dev_, dc_hold_events);

static struct configfs_attribute *dev_attrs[] = {
	&dev_attr_ram_size,
	&dev_attr_serial,
	&dev_attr_dc_gap,
	&dev_attr_payload_size,
	&dev_attr_enable,
	&dev_attr_dc_add,
	&dev_attr_dc_release,
	&dev_attr_dc_force_release,
	&dev_attr_dc_preload,
	&dev_attr_dc_hold_events,
	NULL,
};

static struct configfs_attribute *dc_attrs[] = {
	&dc_attr_size,
	&dc_attr_block_size,
	&dc_attr_sanitize_on_release,
	&dc_attr_sharable,
	&dc_attr_read_only,
	&dc_attr_dsmas,
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
	if (dev_live(dev))
		return -EBUSY;
	if (dev->pool)
		return -EEXIST;
	dev->pool = to_pool(target);
	return 0;
}

/*
 * drop_link cannot fail: for an enabled device the symlink only edits the
 * configuration, the live device keeps its pool until disabled.
 */
static void dev_drop_link(struct config_item *src, struct config_item *target)
{
	guard(mutex)(&ctm_cfg_lock);
	to_dev_item(src)->pool = NULL;
}

static void dev_release(struct config_item *item)
{
	struct ctm_dev_item *dev = to_dev_item(item);

	kfree(dev->preload);
	kfree(dev);
}

static struct configfs_item_operations dev_item_ops = {
	.allow_link = dev_allow_link,
	.drop_link = dev_drop_link,
	.release = dev_release,
};

static struct configfs_bin_attribute *dev_bin_attrs[] = {
	&dev_attr_dc_extents,
	NULL,
};

static const struct config_item_type dev_type = {
	.ct_item_ops = &dev_item_ops,
	.ct_attrs = dev_attrs,
	.ct_bin_attrs = dev_bin_attrs,
	.ct_owner = THIS_MODULE,
};

static u64 ctm_next_serial = 0x1000;

static struct ctm_dev_item *dev_item_alloc(const char *name)
{
	struct ctm_dev_item *dev = kzalloc_obj(*dev);
	char dcname[4];

	if (!dev)
		return NULL;
	mutex_init(&dev->op_lock);
	dev->cfg.payload_size = SZ_4K;
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

CTM_GROUP_TYPE(devices, .make_group = devices_make_group,
	       .drop_item = devices_drop_item);

static struct config_group ctm_devices_group;

/* ---- root ----------------------------------------------------------- */

static ssize_t ctm_features_show(struct config_item *item, char *page)
{
	return sysfs_emit(page,
			  "pools: size free used backends/\n"
			  "backends: tag size state stored dc_status\n"
			  "devices: ram_size serial dc_gap payload_size enable pool dc0-dc7 dc_add dc_release dc_force_release dc_extents dc_preload dc_hold_events\n"
			  "dc: size block_size sanitize_on_release sharable read_only dsmas\n");
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

	ctm_debugfs_pools = debugfs_create_dir("pools", ctm_debugfs);
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
