// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs tree, the only configuration interface of the mock:
 *
 *   /sys/kernel/config/cxl_tag_mock/
 *	pools/		memory pools carved from the media
 *	devices/	emulated memory devices
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "tag_mock.h"

static const struct config_item_type ctm_pools_type = {
	.ct_owner = THIS_MODULE,
};

static const struct config_item_type ctm_devices_type = {
	.ct_owner = THIS_MODULE,
};

static const struct config_item_type ctm_root_type = {
	.ct_owner = THIS_MODULE,
};

static struct config_group ctm_pools_group;
static struct config_group ctm_devices_group;

static struct configfs_subsystem ctm_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = CTM_NAME,
			.ci_type = &ctm_root_type,
		},
	},
};

int ctm_configfs_init(void)
{
	config_group_init(&ctm_subsys.su_group);
	mutex_init(&ctm_subsys.su_mutex);

	config_group_init_type_name(&ctm_pools_group, "pools", &ctm_pools_type);
	configfs_add_default_group(&ctm_pools_group, &ctm_subsys.su_group);
	config_group_init_type_name(&ctm_devices_group, "devices",
				    &ctm_devices_type);
	configfs_add_default_group(&ctm_devices_group, &ctm_subsys.su_group);

	return configfs_register_subsystem(&ctm_subsys);
}

void ctm_configfs_exit(void)
{
	configfs_unregister_subsystem(&ctm_subsys);
}
