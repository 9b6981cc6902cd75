/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_tag_mock: an emulated CXL Type-3 Dynamic Capacity Device whose
 * capacity is backed by tagged memory. Private header shared by the
 * module's files.
 */
#ifndef __CXL_TAG_MOCK_H__
#define __CXL_TAG_MOCK_H__

#include <linux/types.h>

#define CTM_NAME "cxl_tag_mock"

/*
 * CXL Fixed Memory Window bases and sizes are multiples of 256 MiB, and the
 * media is published as one such window.
 */
#define CTM_MEDIA_ALIGN SZ_256M

/**
 * struct ctm_media - the physical range that is the device's media
 * @base: first byte, host physical address
 * @size: length in bytes; 0 when no range was given
 *
 * The range is guest RAM held back from the kernel (memmap=): the host maps
 * it through the CXL window the mock publishes, the mock reaches the same
 * pages from the device side.
 */
struct ctm_media {
	phys_addr_t base;
	u64 size;
};

int ctm_media_parse(const char *str, struct ctm_media *media);
int ctm_media_check(const struct ctm_media *media);
extern struct ctm_media ctm_media;

int ctm_configfs_init(void);
void ctm_configfs_exit(void);

int ctm_platform_init(void);
void ctm_platform_exit(void);

#endif /* __CXL_TAG_MOCK_H__ */
