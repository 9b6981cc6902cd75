/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamic Capacity: mailbox payloads and event records (CXL r3.1 8.2.9.2.1.6,
 * 8.2.9.9.9). Shared by the host side and by emulated devices.
 */
#ifndef __CXL_DCD_H__
#define __CXL_DCD_H__

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <cxl/event.h>

#define CXL_MBOX_OP_GET_DC_CONFIG	0x4800
#define CXL_MBOX_OP_GET_DC_EXTENT_LIST	0x4801
#define CXL_MBOX_OP_ADD_DC_RESPONSE	0x4802
#define CXL_MBOX_OP_RELEASE_DC		0x4803

#define CXL_MAX_DC_REGIONS		8
#define CXL_DC_DECODE_UNIT		SZ_256M

/* Get Dynamic Capacity Configuration input (Table 8-164) */
struct cxl_mbox_get_dc_config_in {
	u8 region_count;
	u8 start_region_index;
} __packed;

/* Region configuration entry (Table 8-165) */
#define CXL_DC_REGION_SANITIZE_ON_RELEASE BIT(0)
struct cxl_dc_region_config {
	__le64 region_base;
	__le64 region_decode_length;
	__le64 region_length;
	__le64 region_block_size;
	__le32 region_dsmad_handle;
	u8 flags;
	u8 rsvd[3];
} __packed;

/* Get Dynamic Capacity Configuration output (Table 8-165) */
struct cxl_mbox_get_dc_config_out {
	u8 avail_region_count;
	u8 regions_returned;
	u8 rsvd[6];
	struct cxl_dc_region_config region[];
	/* followed by struct cxl_dc_config_trailer */
} __packed;

struct cxl_dc_config_trailer {
	__le32 total_extents_supported;
	__le32 extents_available;
	__le32 total_tags_supported;
	__le32 tags_available;
} __packed;

/* Dynamic Capacity Extent (Table 8-51) */
struct cxl_dc_extent {
	__le64 start_dpa;
	__le64 length;
	u8 tag[UUID_SIZE];
	__le16 shared_extn_seq;
	u8 rsvd[6];
} __packed;

/* Get Dynamic Capacity Extent List input and output (Tables 8-166, 8-167) */
struct cxl_mbox_get_extent_in {
	__le32 extent_cnt;
	__le32 start_extent_index;
} __packed;

struct cxl_mbox_get_extent_out {
	__le32 returned_extent_count;
	__le32 total_extent_count;
	__le32 generation_num;
	u8 rsvd[4];
	struct cxl_dc_extent extent[];
} __packed;

/* Add Dynamic Capacity Response and Release Dynamic Capacity (Table 8-168) */
#define CXL_DC_RESPONSE_MORE BIT(0)
struct cxl_extent_range {
	__le64 dpa_start;
	__le64 length;
	u8 rsvd[8];
} __packed;

struct cxl_mbox_dc_response {
	__le32 extent_list_size;
	u8 flags;
	u8 rsvd[3];
	struct cxl_extent_range extent_list[];
} __packed;

/* Dynamic Capacity Event Record (Table 8-57) */
#define CXL_EVENT_DC_UUID                                                   \
	UUID_INIT(0xca95afa7, 0xf183, 0x4018, 0x8c, 0x2f, 0x95, 0x26, 0x8e, \
		  0x10, 0x1a, 0x2a)

enum cxl_dc_event_type {
	CXL_DC_EVENT_ADD_CAPACITY = 0,
	CXL_DC_EVENT_RELEASE_CAPACITY = 1,
	CXL_DC_EVENT_FORCED_RELEASE = 2,
	CXL_DC_EVENT_REGION_CONFIG_UPDATED = 3,
	CXL_DC_EVENT_ADD_CAPACITY_RESPONSE = 4,
	CXL_DC_EVENT_CAPACITY_RELEASED = 5,
};

#define CXL_DC_EVENT_MORE BIT(0)

struct cxl_event_dcd {
	struct cxl_event_record_hdr hdr;
	u8 event_type;
	u8 validity_flags;
	__le16 host_id;
	u8 region_index;
	u8 flags;
	u8 rsvd1[2];
	struct cxl_dc_extent extent;
	u8 rsvd2[0x18];
	__le32 extents_avail;
	__le32 tags_avail;
} __packed;
static_assert(sizeof(struct cxl_event_dcd) ==
	      sizeof(struct cxl_event_record_hdr) + 0x50);

#define CXL_EVENT_LOG_DCD		4

#endif /* __CXL_DCD_H__ */
