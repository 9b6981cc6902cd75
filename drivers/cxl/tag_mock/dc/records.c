// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic Capacity event records, as the host reads them from the DCD
 * event log (CXL r3.1 8.2.9.2.1.6): what each offer, release and region
 * change of the engine tells the host, with the budgets the device has
 * left at the time.
 */
#include <linux/uuid.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>

#include "cxlmem.h"
#include "dc/dc.h"

/**
 * ctm_dc_record() - encode one DC event record
 * @rec: the record
 * @type: what it tells: an add, a release, a forced release, a region
 *	  configuration change
 * @mem: the device, whose budgets it reports
 * @region: the DC region; a record names it only for a configuration
 *	    change, the one type whose Updated Region Index is defined
 *	    (CXL r3.1 Table 8-57)
 * @dpa: the extent's absolute DPA
 * @len: its length
 * @tag: its tag, null for untagged capacity
 * @seq: its shared extent sequence number
 * @more: more records of the same chain follow
 */
void ctm_dc_record(struct cxl_event_record_raw *rec,
		   enum cxl_dc_event_type type, struct ctm_mem *mem,
		   unsigned int region, u64 dpa, u64 len, const uuid_t *tag,
		   u16 seq, bool more)
{
	struct cxl_event_dcd *dcd = (struct cxl_event_dcd *)&rec->event;

	memset(rec, 0, sizeof(*rec));
	rec->id = CXL_EVENT_DC_UUID;
	dcd->hdr.length = sizeof(*rec);
	dcd->hdr.timestamp = cpu_to_le64(ctm_mem_timestamp(mem));
	dcd->event_type = type;
	if (type == CXL_DC_EVENT_REGION_CONFIG_UPDATED)
		dcd->region_index = region;
	dcd->flags = more ? CXL_DC_EVENT_MORE : 0;
	dcd->extent.start_dpa = cpu_to_le64(dpa);
	dcd->extent.length = cpu_to_le64(len);
	export_uuid(dcd->extent.tag, tag);
	dcd->extent.shared_extn_seq = cpu_to_le16(seq);
	dcd->extents_avail = cpu_to_le32(ctm_dc_extents_avail(mem));
	dcd->tags_avail = cpu_to_le32(ctm_dc_tags_avail(mem));
}

/**
 * ctm_dc_region_event() - tell the host a DC region's configuration changed
 * @mem: the device
 * @region: the DC region index
 *
 * Queues one Region Configuration Updated record; a host only logs it.
 * Unlike an offer or a release, which a full log holds back until the
 * host makes room, this is news of something that happened on the device:
 * when the log is full it is lost and counted as overflow, which the host
 * sees in its next Get Event Records (r3.1 8.2.9.2.2).
 *
 * Return: 0 (also when the record overflowed), -ENXIO for a region the
 * device does not have, -ENOMEM.
 */
int ctm_dc_region_event(struct ctm_mem *mem, unsigned int region)
{
	struct cxl_event_record_raw rec;
	int rc;

	lockdep_assert_held(&mem->mbox_lock);
	if (region >= ctm_dc_region_count(&mem->cfg))
		return -ENXIO;
	ctm_dc_record(&rec, CXL_DC_EVENT_REGION_CONFIG_UPDATED, mem, region, 0, 0,
		      &uuid_null, 0, false);
	rc = ctm_event_add(&mem->events[CXL_EVENT_LOG_DCD], &rec);
	if (rc && rc != -ENOSPC)
		return rc;
	ctm_mem_notify(mem);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_region_event);
