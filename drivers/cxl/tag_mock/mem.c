// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated memory devices. Each is a platform device (cxl_tag_mock_mem.N)
 * below its root port, standing where a PCI endpoint would; its driver
 * does what cxl_pci does for hardware, through the same core calls, with
 * the mailbox and HDM decoders emulated.
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <cxl/mailbox.h>

#include "cxl.h"
#include "cxlmem.h"
#include "tag_mock.h"

#define CTM_MEM_DECODERS 8
#define CTM_PAYLOAD_SIZE SZ_4K

static DEFINE_IDA(ctm_mem_ida);

static int ctm_mbox_send(struct cxl_mailbox *cxl_mbox, struct cxl_mbox_cmd *cmd)
{
	struct ctm_mem *mem = dev_get_drvdata(cxl_mbox->host);

	/* A slow device: the host waits, the device's state stays visible. */
	ctm_fault_mbox_delay(&mem->faults, cmd->opcode);
	/* One doorbell: the device runs one command at a time. */
	guard(mutex)(&mem->mbox_lock);
	cmd->return_code = ctm_mbox_handle(mem, cmd);
	if (cmd->return_code != CXL_MBOX_CMD_RC_SUCCESS)
		cmd->size_out = 0;
	return 0;
}

static int ctm_mem_probe(struct platform_device *pdev)
{
	struct ctm_mem *mem = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct cxl_dpa_info range_info = {};
	struct cxl_memdev_state *mds;
	struct cxl_dev_state *cxlds;
	struct cxl_memdev *cxlmd;
	int rc;

	platform_set_drvdata(pdev, mem);
	mds = cxl_memdev_state_create(dev, mem->cfg.serial, 0);
	if (IS_ERR(mds))
		return PTR_ERR(mds);
	cxlds = &mds->cxlds;

	rc = cxl_mailbox_init(&cxlds->cxl_mbox, dev);
	if (rc)
		return rc;
	cxlds->cxl_mbox.mbox_send = ctm_mbox_send;
	cxlds->cxl_mbox.payload_size = mem->cfg.payload_size ?: CTM_PAYLOAD_SIZE;
	/* The emulated media is ready as soon as the device exists. */
	cxlds->media_ready = true;

	mds->event.buf = devm_kzalloc(dev, cxlds->cxl_mbox.payload_size,
				      GFP_KERNEL);
	if (!mds->event.buf)
		return -ENOMEM;

	rc = cxl_enumerate_cmds(mds);
	if (rc)
		return rc;
	rc = cxl_set_timestamp(mds);
	if (rc)
		return rc;
	rc = cxl_dev_state_identify(mds);
	if (rc)
		return rc;
	rc = cxl_dev_dc_identify(mds);
	if (rc)
		return rc;
	rc = cxl_mem_dpa_fetch(mds, &range_info);
	if (rc)
		return rc;
	rc = cxl_dpa_setup(cxlds, &range_info);
	if (rc)
		return rc;

	cxlmd = devm_cxl_add_classdev(cxlds);
	if (IS_ERR(cxlmd))
		return PTR_ERR(cxlmd);
	WRITE_ONCE(mem->mds, mds);

	cxl_mem_get_event_records(mds, CXLDEV_EVENT_STATUS_ALL);
	return 0;
}

static void ctm_mem_remove(struct platform_device *pdev)
{
	struct ctm_mem *mem = platform_get_drvdata(pdev);

	/*
	 * No new notification from here on: a knob's is waited for by
	 * notify_lock, the work item's by the cancel, before the core's state
	 * for the device goes.
	 */
	scoped_guard(mutex, &mem->notify_lock)
		WRITE_ONCE(mem->mds, NULL);
	cancel_work_sync(&mem->notify_work);
}

static struct platform_driver ctm_mem_driver = {
	.probe = ctm_mem_probe,
	.remove = ctm_mem_remove,
	.driver = {
		.name = "cxl_tag_mock_mem",
		.suppress_bind_attrs = true,
	},
};

int ctm_mem_driver_init(void)
{
	return platform_driver_register(&ctm_mem_driver);
}

void ctm_mem_driver_exit(void)
{
	platform_driver_unregister(&ctm_mem_driver);
}

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

static void ctm_mem_free(struct ctm_mem *mem)
{
	debugfs_remove_recursive(mem->debugfs);
	ctm_dc_destroy(mem);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_destroy(&mem->events[i]);
	kfree(mem->hdm);
	kfree(mem->cdat);
	ida_free(&ctm_mem_ida, mem->id);
	kfree(mem);
}

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

static ssize_t inject_store(struct device *dev, const char *buf, size_t count,
			    bool shared)
{
	struct ctm_mem *mem = dev_get_platdata(dev);
	struct ctm_backend *be = NULL;
	char *str, *s;
	u64 dpa, len, more, seq = 0;
	uuid_t tag;
	int rc;

	rc = ctm_input_check(buf, count);
	if (rc)
		return rc;
	str = kstrndup(buf, count, GFP_KERNEL);
	if (!str)
		return -ENOMEM;
	s = strim(str);
	rc = parse_u64_field(&s, &dpa);
	if (!rc)
		rc = parse_u64_field(&s, &len);
	if (!rc)
		rc = parse_tag_field(&s, &tag);
	if (!rc)
		rc = parse_u64_field(&s, &more);
	if (!rc && (s || shared))
		rc = parse_u64_field(&s, &seq);
	if (!rc && (s || more > 1 || seq > U16_MAX))
		rc = -EINVAL;
	kfree(str);
	if (rc)
		return rc;
	/*
	 * Not a configfs callback: the backend is held with the variant of
	 * the configfs dependency that locks configfs' root.
	 */
	if (!uuid_is_null(&tag)) {
		be = ctm_backend_hold(&tag, false);
		if (IS_ERR(be))
			return PTR_ERR(be);
	}
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		WRITE_ONCE(mem->sync_notify, true);
		rc = ctm_dc_inject(mem, dpa, len, &tag, more, seq);
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
	char *str, *s;
	u64 dpa, len;
	uuid_t tag;
	int rc;

	rc = ctm_input_check(buf, count);
	if (rc)
		return rc;
	str = kstrndup(buf, count, GFP_KERNEL);
	if (!str)
		return -ENOMEM;
	s = strim(str);
	rc = parse_u64_field(&s, &dpa);
	if (!rc)
		rc = parse_u64_field(&s, &len);
	if (!rc)
		rc = parse_tag_field(&s, &tag);
	if (!rc && s)
		rc = -EINVAL;
	kfree(str);
	if (rc)
		return rc;

	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		WRITE_ONCE(mem->sync_notify, true);
		rc = ctm_dc_inject_release(mem, dpa, len, &tag, force);
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

static const struct attribute_group *ctm_mem_groups[] = {
	&ctm_mem_dc_group,
	NULL,
};

/**
 * ctm_mem_create() - create an emulated memory device and bind it
 * @cfg: its configuration
 * @pre: extents it starts with, accepted already
 * @nr_pre: how many
 *
 * Return: the device, or an ERR_PTR: -EINVAL for a capacity that is not a
 * multiple of 256 MiB, -ENOSPC when every root port is taken, -ENXIO when
 * the driver did not bind (the kernel log says why), or what
 * ctm_dc_preload() returns for @pre.
 */
struct ctm_mem *ctm_mem_create(const struct ctm_mem_cfg *cfg,
			       const struct ctm_dc_preload *pre,
			       unsigned int nr_pre)
{
	struct platform_device *pdev;
	char name[32];
	struct device *rp;
	struct ctm_mem *mem;
	int rc;

	if (!IS_ALIGNED(cfg->ram_size, CXL_CAPACITY_MULTIPLIER))
		return ERR_PTR(-EINVAL);

	mem = kzalloc_obj(*mem);
	if (!mem)
		return ERR_PTR(-ENOMEM);
	mem->id = ida_alloc(&ctm_mem_ida, GFP_KERNEL);
	if (mem->id < 0) {
		rc = mem->id;
		kfree(mem);
		return ERR_PTR(rc);
	}
	mem->cfg = *cfg;
	mutex_init(&mem->mbox_lock);
	ctm_faults_init(&mem->faults);
	ctm_dc_init(mem);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_init(&mem->events[i]);
	/* Before the host can see the device: its extents exist at probe. */
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		rc = ctm_dc_preload(mem, pre, nr_pre);
	}
	if (rc)
		goto err_free;

	mem->hdm = ctm_hdm_alloc(CTM_MEM_DECODERS, 0, ctm_dpa_size(cfg));
	if (IS_ERR(mem->hdm)) {
		rc = PTR_ERR(mem->hdm);
		mem->hdm = NULL;
		goto err_free;
	}
	mem->hdm->changed = ctm_dc_decoders_changed;
	mem->hdm->changed_data = mem;
	mem->hdm->faults = &mem->faults;
	mem->emu = (struct cxl_emu){
		.hdm = &ctm_hdm_ops,
		.hdm_data = mem->hdm,
	};
	mem->cdat = ctm_cdat_build(cfg, &mem->emu.cdat_len);
	if (!mem->cdat) {
		rc = -ENOMEM;
		goto err_free;
	}
	mem->emu.cdat = mem->cdat;
	snprintf(name, sizeof(name), "cxl_tag_mock_mem.%d", mem->id);
	mem->debugfs = debugfs_create_dir(name, ctm_debugfs);
	ctm_media_debugfs(mem, mem->debugfs);
	ctm_mbox_debugfs(mem, mem->debugfs);
	ctm_faults_debugfs(&mem->faults, mem->debugfs);
	ctm_debugfs_u32("dc_list_page", mem->debugfs, &mem->list_page);
	ctm_debugfs_u32("dc_list_churn", mem->debugfs, &mem->list_churn);
	debugfs_create_file("dc_region_event", 0200, mem->debugfs, mem,
			    &ctm_region_event_fops);

	rp = ctm_root_port(mem->id);
	if (IS_ERR(rp)) {
		rc = PTR_ERR(rp);
		goto err_free;
	}

	pdev = platform_device_alloc("cxl_tag_mock_mem", mem->id);
	if (!pdev) {
		rc = -ENOMEM;
		goto err_free;
	}
	pdev->dev.parent = rp;
	pdev->dev.platform_data = mem;
	pdev->dev.groups = ctm_mem_groups;
	rc = cxl_emu_register(&pdev->dev, &mem->emu);
	if (rc)
		goto err_put;
	mem->pdev = pdev;
	rc = platform_device_add(pdev);
	if (rc)
		goto err_emu;
	if (!pdev->dev.driver) {
		rc = -ENXIO;
		goto err_del;
	}
	return mem;

err_del:
	platform_device_del(pdev);
err_emu:
	cxl_emu_unregister(&pdev->dev);
err_put:
	/* platform_data is ours: keep the release from freeing it. */
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
err_free:
	ctm_mem_free(mem);
	return ERR_PTR(rc);
}

/**
 * ctm_mem_decoding() - does a committed decoder map the device
 * @mem: the device
 *
 * Return: true while the host decodes any of its DPA (a region is live).
 */
bool ctm_mem_decoding(struct ctm_mem *mem)
{
	return ctm_hdm_any_committed(mem->hdm);
}

/**
 * ctm_mem_destroy() - unbind and remove an emulated memory device
 * @mem: the device
 *
 * The memdev, its endpoint port and decoders go with the platform device;
 * only then are the emulated registers freed.
 */
void ctm_mem_destroy(struct ctm_mem *mem)
{
	struct platform_device *pdev = mem->pdev;

	platform_device_del(pdev);
	cxl_emu_unregister(&pdev->dev);
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
	ctm_mem_free(mem);
}
