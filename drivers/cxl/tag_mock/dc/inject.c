// SPDX-License-Identifier: GPL-2.0
/*
 * Injection, the compatibility path of existing DCD test scripts (the
 * platform device's dc_*_extent knobs, dc/device.c): records queued as
 * the script says, More chains and shared sequences included, with the
 * host deciding what they mean. Permissive where configfs' dc_add and
 * dc_release are strict, as the scripts expect.
 */
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>

#include "dc/dc.h"

/*
 * The DC region a script's range is in, all of it; under the locks that
 * keep the device's extents still while the records are queued.
 */
static int inject_region(struct ctm_mem *mem, u64 dpa, u64 len,
			 unsigned int *region)
{
	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	return ctm_dc_region_of(mem, dpa, len, region);
}

/**
 * ctm_dc_inject() - queue one Add Capacity record (compatibility knob)
 * @mem: the device
 * @dpa: absolute DPA
 * @len: bytes
 * @tag: the tag, null for untagged
 * @more: the record carries More: the chain stays open for the next one
 * @seq: its shared extent sequence number
 *
 * What test scripts of hosts inject: one record at a time, with whatever
 * More flag and sequence number they want, so that the host's checks can
 * be driven. A range inside or across accepted extents is queued as a
 * duplicate offer: it holds nothing, and the host may accept it again only
 * while it lies inside one accepted extent. A tag whose backend exists
 * takes its storage from that backend, otherwise the extent is unbacked.
 *
 * Return: 0; -EINVAL for a misaligned or empty range; -ERANGE for one not
 * inside a DC region; -EBUSY when it overlaps a pending offer; -ENOSPC
 * when the tag's backend has no room; -EAGAIN when the DCD log is full;
 * -ENOMEM.
 */
int ctm_dc_inject(struct ctm_mem *mem, u64 dpa, u64 len, const uuid_t *tag,
		  bool more, u16 seq)
{
	struct ctm_event_log *log = &mem->events[CXL_EVENT_LOG_DCD];
	struct cxl_event_record_raw rec;
	struct ctm_dc_chain *chain, *new = NULL;
	struct ctm_backend *be = NULL;
	struct ctm_extent *ext, *o;
	unsigned long index = dpa;
	bool dup = false;
	unsigned int r;
	int rc;

	rc = inject_region(mem, dpa, len, &r);
	if (rc)
		return rc;
	mt_for_each(&mem->dc->dpa_map, o, index, dpa + len - 1) {
		if (o->state == CTM_EXT_PENDING)
			return -EBUSY;
		dup = true;
	}
	rc = ctm_dc_budget(mem, tag, 1);
	if (rc)
		return rc;
	if (log->nr >= CTM_EVENT_LOG_SIZE)
		return -EAGAIN;
	if (!uuid_is_null(tag) && !dup)
		be = ctm_backend_find(tag);

	chain = ctm_dc_open_chain(mem);
	if (!chain) {
		new = ctm_dc_chain_alloc();
		if (!new)
			return -ENOMEM;
		chain = new;
	}
	ext = ctm_dc_ext_alloc(mem, r, dpa, len, tag, seq);
	if (!ext) {
		rc = -ENOMEM;
		goto err_chain;
	}
	ext->chain = chain;
	ext->dup = dup;
	if (!dup) {
		rc = ctm_extent_hold(mem, ext);
		if (!rc && be)
			rc = ctm_dc_be_claim(be, ext);
		if (rc)
			goto err_ext;
	}
	ctm_dc_record(&rec, CXL_DC_EVENT_ADD_CAPACITY, mem, r, dpa, len, tag, seq,
		      more);
	rc = ctm_event_add_batch(log, &rec, 1);
	if (rc)
		goto err_ext;
	list_add_tail(&ext->link, &chain->extents);
	chain->open = more;
	if (new)
		list_add_tail(&new->node, &mem->dc->chains);
	ctm_mem_notify(mem);
	return 0;

err_ext:
	ctm_extent_unhold(mem, ext);
	ctm_dc_be_unclaim(ext);
	ctm_dc_ext_free(mem, ext);
err_chain:
	kfree(new);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_inject);

/**
 * ctm_dc_inject_release() - queue one release record for a range
 * (compatibility knob)
 * @mem: the device
 * @dpa: absolute DPA
 * @len: bytes; the range may cover part of an extent
 * @tag: the tag the record names
 * @force: a Forced Capacity Release record: the extents go now
 *
 * Permissive, as the knobs of existing DCD test scripts are: a Release
 * Capacity record is queued for any range inside a DC region, accepted or
 * not, whole extents or not, and the host decides what to release. Every
 * accepted extent the range touches becomes release-pending (the host
 * gives back whole extents), or with @force leaves the device (with
 * ctm_cfg_lock dropped while the contents are saved, as
 * ctm_dc_release_ranges() does).
 *
 * Return: 0; -EINVAL for a misaligned or empty range; -ERANGE outside a DC
 * region; with @force, -ENOENT when no accepted extent is in the range;
 * -EAGAIN when the DCD log is full; -ENOMEM.
 */
int ctm_dc_inject_release(struct ctm_mem *mem, u64 dpa, u64 len,
			  const uuid_t *tag, bool force)
{
	struct ctm_extent **exts __free(kvfree) = NULL;
	struct cxl_event_record_raw rec;
	struct ctm_extent *ext;
	unsigned long index = dpa;
	unsigned int r, n = 0;
	int rc;

	rc = inject_region(mem, dpa, len, &r);
	if (rc)
		return rc;
	mt_for_each(&mem->dc->dpa_map, ext, index, dpa + len - 1)
		n += ext->state != CTM_EXT_PENDING;
	/* The host decides what a Release Capacity record releases. */
	if (!n && force)
		return -ENOENT;
	exts = kvcalloc(max(n, 1U), sizeof(*exts), GFP_KERNEL);
	if (!exts)
		return -ENOMEM;
	n = 0;
	index = dpa;
	mt_for_each(&mem->dc->dpa_map, ext, index, dpa + len - 1)
		if (ext->state != CTM_EXT_PENDING)
			exts[n++] = ext;
	ctm_dc_record(&rec, force ? CXL_DC_EVENT_FORCED_RELEASE :
				CXL_DC_EVENT_RELEASE_CAPACITY,
		  mem, r, dpa, len, tag, 0, false);
	return ctm_dc_take_back(mem, exts, n, &rec, 1, force);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_inject_release);
