// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic Capacity Device discovery: whether a memory device supports
 * Dynamic Capacity, and the DC regions it reports.
 */
#include <linux/device.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string_choices.h>
#include <cxl/dcd.h>
#include <kunit/visibility.h>

#include "cxlmem.h"
#include "core.h"
#include "dc_chain.h"

/* All four DC commands: bits 0-3 of dcd_cmds, for opcodes 0x4800-0x4803. */
#define CXL_DCD_CMDS_ALL GENMASK(3, 0)

/**
 * cxl_dcd_supported() - does a device support Dynamic Capacity
 * @mds: the device
 *
 * A host uses Dynamic Capacity only when the device's Command Effects Log
 * lists all four DC commands. cxl_dev_dc_identify() withdraws support
 * from a device whose configuration makes no sense.
 *
 * Return: true when it does.
 */
bool cxl_dcd_supported(struct cxl_memdev_state *mds)
{
	return (mds->dcd_cmds & CXL_DCD_CMDS_ALL) == CXL_DCD_CMDS_ALL;
}
EXPORT_SYMBOL_NS_GPL(cxl_dcd_supported, "CXL");

/*
 * r3.1 8.2.9.9.9.1: bases on 256 MiB boundaries, each region within its
 * decode length and made of whole blocks of a power-of-2 size of at least
 * 64 bytes, regions in ascending DPA order without overlap. A region must
 * end inside the DPA space: every later check adds base and length.
 */
VISIBLE_IF_KUNIT int cxl_dc_region_check(struct device *dev,
					 const struct cxl_dc_region_info *r,
					 const struct cxl_dc_region_info *prev,
					 int i)
{
	u64 end;

	if (!IS_ALIGNED(r->base, CXL_DC_DECODE_UNIT) || !r->decode_len ||
	    !r->len || r->len > r->decode_len ||
	    check_add_overflow(r->base, r->decode_len, &end)) {
		dev_warn(dev, "DC region %d: bad range base %#llx len %#llx decode %#llx\n",
			 i, r->base, r->len, r->decode_len);
		return -EINVAL;
	}
	if (r->blk_size < 64 || !is_power_of_2(r->blk_size) ||
	    !IS_ALIGNED(r->len, r->blk_size)) {
		dev_warn(dev, "DC region %d: bad block size %#llx\n", i,
			 r->blk_size);
		return -EINVAL;
	}
	if (prev && r->base < prev->base + prev->decode_len) {
		dev_warn(dev, "DC region %d: not after region %d\n", i, i - 1);
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_region_check);

/*
 * One chunk of Get DC Configuration: up to @count regions from region
 * @start, @count chosen so that they fit in the mailbox payload.
 */
static int cxl_get_dc_config(struct cxl_memdev_state *mds, u8 start,
			     u8 count, struct cxl_mbox_get_dc_config_out *out,
			     size_t size)
{
	struct cxl_mbox_get_dc_config_in in = {
		.region_count = count,
		.start_region_index = start,
	};
	struct cxl_mbox_cmd cmd = {
		.opcode = CXL_MBOX_OP_GET_DC_CONFIG,
		.payload_in = &in,
		.size_in = sizeof(in),
		.payload_out = out,
		.size_out = size,
		.min_out = sizeof(*out),
	};
	int rc;

	rc = cxl_internal_send_cmd(&mds->cxlds.cxl_mbox, &cmd);
	if (rc)
		return rc;
	if (out->regions_returned > count ||
	    cmd.size_out < struct_size(out, region, out->regions_returned))
		return -EIO;
	return 0;
}

/*
 * Mainline's rule (7.4): the DC partition sits directly above the static
 * capacity, with no unused DPA between them. CXL r3.1 8.2.9.9.9.1 only
 * asks for a 256 MiB aligned base, and so does the static capacity
 * (Identify reports it in 256 MiB units), so a device that leaves a gap
 * is allowed by the letter of the specification but not used here.
 */
static bool cxl_dc_above_static(struct cxl_memdev_state *mds)
{
	const struct cxl_dc_region_info *r = &mds->dc_region[0];

	if (r->base == mds->total_bytes)
		return true;
	dev_warn(mds->cxlds.dev,
		 "DC region 0 at %#llx is not directly above the static capacity (%#llx): Dynamic Capacity disabled\n",
		 r->base, mds->total_bytes);
	return false;
}

/**
 * cxl_dev_dc_identify() - read a device's Dynamic Capacity configuration
 * @mds: the device, its commands enumerated (cxl_enumerate_cmds())
 *
 * Reads Get Dynamic Capacity Configuration in chunks bounded by the
 * mailbox payload and records each region in @mds. A device whose
 * configuration does not make sense, or whose DC region 0 does not sit
 * directly above its static capacity, is used without Dynamic Capacity,
 * with a warning; that is not an error for the device.
 *
 * Return: 0, or -errno when the mailbox fails.
 */
int cxl_dev_dc_identify(struct cxl_memdev_state *mds)
{
	struct cxl_mailbox *cxl_mbox = &mds->cxlds.cxl_mbox;
	struct device *dev = mds->cxlds.dev;
	struct cxl_mbox_get_dc_config_out *out;
	int avail = -1, n = 0, rc = 0;
	size_t chunk;

	mds->nr_dc_regions = 0;
	if (!cxl_dcd_supported(mds))
		return 0;

	/*
	 * As many regions a chunk as the payload holds with the header and
	 * the trailer (r3.1 Table 8-180), at most all 8.
	 */
	chunk = 0;
	if (cxl_mbox->payload_size > sizeof(*out) +
				     sizeof(struct cxl_dc_config_trailer))
		chunk = (cxl_mbox->payload_size - sizeof(*out) -
			 sizeof(struct cxl_dc_config_trailer)) /
			sizeof(out->region[0]);
	chunk = min_t(size_t, chunk, CXL_MAX_DC_REGIONS);
	if (!chunk) {
		dev_warn(dev, "mailbox payload too small for Get DC Configuration: Dynamic Capacity disabled\n");
		mds->dcd_cmds = 0;
		return 0;
	}

	out = kvmalloc(cxl_mbox->payload_size, GFP_KERNEL);
	if (!out)
		return -ENOMEM;

	do {
		rc = cxl_get_dc_config(mds, n, chunk, out,
				       cxl_mbox->payload_size);
		if (rc)
			goto out;
		if (avail < 0)
			avail = out->avail_region_count;
		/* A count that changes or pages that stall are not usable. */
		if (out->avail_region_count != avail ||
		    avail > CXL_MAX_DC_REGIONS ||
		    (n < avail && !out->regions_returned) ||
		    out->regions_returned > avail - n) {
			dev_warn(dev, "Get DC Configuration: inconsistent region counts\n");
			goto disable;
		}
		for (int i = 0; i < out->regions_returned; i++, n++) {
			struct cxl_dc_region_config *e = &out->region[i];
			struct cxl_dc_region_info *r = &mds->dc_region[n];

			r->base = le64_to_cpu(e->region_base);
			r->decode_len = le64_to_cpu(e->region_decode_length);
			r->len = le64_to_cpu(e->region_length);
			r->blk_size = le64_to_cpu(e->region_block_size);
			r->dsmad_handle = le32_to_cpu(e->region_dsmad_handle);
			r->flags = e->flags;
			if (r->decode_len > U64_MAX / CXL_DC_DECODE_UNIT) {
				dev_warn(dev, "DC region %d: decode length overflows\n", n);
				goto disable;
			}
			r->decode_len *= CXL_DC_DECODE_UNIT;
			if (cxl_dc_region_check(dev, r, n ? r - 1 : NULL, n))
				goto disable;
		}
	} while (n < avail);

	if (n && !cxl_dc_above_static(mds))
		goto disable;
	mds->nr_dc_regions = n;
	dev_dbg(dev, "%d DC region%s\n", n, str_plural(n));
	if (n)
		rc = cxl_dc_state_init(mds);
	goto out;

disable:
	mds->dcd_cmds = 0;
	memset(mds->dc_region, 0, sizeof(mds->dc_region));
out:
	kvfree(out);
	return rc;
}
EXPORT_SYMBOL_NS_GPL(cxl_dev_dc_identify, "CXL");
