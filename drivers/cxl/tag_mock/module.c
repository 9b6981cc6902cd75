// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_tag_mock: an emulated CXL Type-3 Dynamic Capacity Device whose
 * capacity is backed by tagged memory. Module parameters, init and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>

#include "config/config.h"
#include "device/device.h"

static int media_param_set(const char *val, const struct kernel_param *kp)
{
	struct ctm_media media;
	int rc;

	rc = ctm_media_parse(val, &media);
	if (rc)
		return rc;
	ctm_media = media;
	return 0;
}

static int media_param_get(char *buf, const struct kernel_param *kp)
{
	if (!ctm_media.size)
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%#llx@%#llx\n", ctm_media.size,
			  (unsigned long long)ctm_media.base);
}

static const struct kernel_param_ops media_param_ops = {
	.set = media_param_set,
	.get = media_param_get,
};
module_param_cb(media, &media_param_ops, NULL, 0444);
MODULE_PARM_DESC(media,
		 "Device media, host memory held back from the kernel: <size>@<base>, e.g. 1G@0x100000000");

static bool default_device = true;
module_param(default_device, bool, 0444);
MODULE_PARM_DESC(default_device, "Create one memory device at load (default: yes)");

static int __init ctm_init(void)
{
	int rc;

	rc = ctm_media_check(&ctm_media);
	if (rc) {
		pr_err("media %#llx@%pa overlaps System RAM\n", ctm_media.size,
		       &ctm_media.base);
		return rc;
	}

	ctm_debugfs = debugfs_create_dir(CTM_NAME, NULL);
	rc = ctm_mem_driver_init();
	if (rc)
		goto err_debugfs;
	rc = ctm_platform_init();
	if (rc)
		goto err_mem_driver;
	/* Last: from here on, user space can make objects. */
	rc = ctm_configfs_init();
	if (rc)
		goto err_platform;
	if (default_device) {
		rc = ctm_configfs_add_default_device();
		if (rc)
			goto err_configfs;
	}
	return 0;

err_configfs:
	ctm_configfs_remove_default_device();
	ctm_configfs_exit();
err_platform:
	ctm_platform_exit();
err_mem_driver:
	ctm_mem_driver_exit();
err_debugfs:
	debugfs_remove(ctm_debugfs);
	return rc;
}

static void __exit ctm_exit(void)
{
	ctm_configfs_remove_default_device();
	ctm_configfs_exit();
	ctm_platform_exit();
	ctm_mem_driver_exit();
	debugfs_remove(ctm_debugfs);
}

module_init(ctm_init);
module_exit(ctm_exit);
MODULE_DESCRIPTION("Emulated CXL Dynamic Capacity Device backed by tagged memory");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("CXL");
/* Ports enumerate only once cxl_port has registered its driver. */
MODULE_SOFTDEP("pre: cxl_port");
