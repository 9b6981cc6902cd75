// SPDX-License-Identifier: GPL-2.0
/*
 * Preload: the extents a device has when the host first sees it, accepted
 * already (configfs dc_preload). The host adopts them when a region
 * binds, through Get DC Extent List.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

/**
 * ctm_dc_preload() - give a new device extents that are accepted already
 * @mem: the device, not yet visible to the host
 * @pre: the extents
 * @n: how many
 *
 * Tagged extents bind to their tag's backend now; their contents move to
 * the pages the host decodes them at once a decoder maps them (see
 * ctm_dc_map_deferred()). A tag without a backend makes an unbacked
 * extent, as an injection does.
 *
 * Return: 0; -ENXIO for a region the device does not have; -EINVAL or
 * -ERANGE for a bad range; -EBUSY for ranges that overlap; -ENOSPC when a
 * backend has no room; -ENOMEM. On failure the extents made so far stay,
 * for ctm_dc_destroy().
 */
int ctm_dc_preload(struct ctm_mem *mem, const struct ctm_dc_preload *pre,
		   unsigned int n)
{
	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	for (unsigned int i = 0; i < n; i++) {
		const struct ctm_dc_preload *p = &pre[i];
		struct ctm_backend *be = NULL;
		struct ctm_extent *ext;
		int rc;

		if (p->region >= ctm_dc_region_count(&mem->cfg))
			return -ENXIO;
		rc = ctm_dc_check_range(mem, p->region, p->off, p->len);
		if (!rc)
			rc = ctm_dc_budget(mem, &p->tag, 1);
		if (rc)
			return rc;
		ext = ctm_dc_ext_alloc(mem, p->region,
				       ctm_dc_region_base(&mem->cfg, p->region) +
					   p->off,
				   p->len, &p->tag, p->seq);
		if (!ext)
			return -ENOMEM;
		rc = ctm_extent_hold(mem, ext);
		if (rc) {
			ctm_dc_ext_free(mem, ext);
			return rc == -EEXIST ? -EBUSY : rc;
		}
		if (!uuid_is_null(&p->tag))
			be = ctm_backend_find(&p->tag);
		if (be) {
			rc = ctm_dc_be_claim(be, ext);
			if (rc) {
				ctm_extent_unhold(mem, ext);
				ctm_dc_ext_free(mem, ext);
				return rc;
			}
		}
		ext->state = CTM_EXT_ACCEPTED;
		mem->dc->nr_unbacked += ctm_dc_unbacked(ext);
		WARN_ON(ctm_extent_insert(mem, ext));
		if (be)
			ctm_dc_map(mem, ext);
	}
	ctm_dc_moves(mem);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_preload);
