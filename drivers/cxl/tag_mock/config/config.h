/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_tag_mock's configuration: the configfs tree of pools, backends and
 * devices, which drives the Dynamic Capacity engine (dc/dc.h).
 */
#ifndef __CXL_TAG_MOCK_CONFIG_H__
#define __CXL_TAG_MOCK_CONFIG_H__

int ctm_configfs_init(void);
int ctm_configfs_add_default_device(void);
void ctm_configfs_remove_default_device(void);
void ctm_configfs_exit(void);

#endif /* __CXL_TAG_MOCK_CONFIG_H__ */
