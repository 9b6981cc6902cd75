// SPDX-License-Identifier: GPL-2.0
/*
 * A device's DPA layout: the static (RAM) partition from DPA 0, then up
 * to eight Dynamic Capacity regions, each starting on a 256 MiB boundary
 * (its base and decode length are reported in 256 MiB units) right after
 * the previous one's decode length.
 */
#include <linux/bits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/sizes.h>
#include <kunit/visibility.h>

#include "device/device.h"

#define DC_DECODE_UNIT SZ_256M
/*
 * No size is larger than this (64 TiB): sums of the nine sizes cannot wrap
 * and Identify's 256 MiB units fit.
 */
#define CTM_MAX_SIZE BIT_ULL(46)

/**
 * ctm_dc_region_count() - how many DC regions a configuration has
 * @cfg: the configuration
 *
 * Return: the number of leading regions with a non-zero size.
 */
unsigned int ctm_dc_region_count(const struct ctm_mem_cfg *cfg)
{
	unsigned int n = 0;

	while (n < CTM_MAX_DC_REGIONS && cfg->dc[n].size)
		n++;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_region_count);

/**
 * ctm_dc_region_base() - the first DPA of DC region @i
 * @cfg: the configuration, valid per ctm_geometry_check()
 * @i: region index, at most ctm_dc_region_count()
 *
 * Return: the base; for @i equal to the count, the end of the DPA space.
 */
u64 ctm_dc_region_base(const struct ctm_mem_cfg *cfg, unsigned int i)
{
	u64 base = round_up(cfg->ram_size, DC_DECODE_UNIT) + cfg->dc_gap;

	for (unsigned int j = 0; j < i; j++)
		base += round_up(cfg->dc[j].size, DC_DECODE_UNIT);
	return base;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_region_base);

/**
 * ctm_dpa_size() - the DPA space a device decodes
 * @cfg: the configuration
 *
 * Return: bytes from DPA 0 to the end of the last DC region's decode
 * length, or the static capacity when there is no DC region.
 */
u64 ctm_dpa_size(const struct ctm_mem_cfg *cfg)
{
	unsigned int n = ctm_dc_region_count(cfg);

	return n ? ctm_dc_region_base(cfg, n) : cfg->ram_size;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dpa_size);

/**
 * ctm_geometry_check() - is a device configuration one the device can be
 * @cfg: the configuration
 *
 * Static capacity is a multiple of 256 MiB. DC regions are used from 0 up
 * with no gap; each has a power-of-2 block size of at least 64 bytes and a
 * size that is a non-zero multiple of it. A device has some capacity, and
 * no size is above 64 TiB.
 *
 * Return: 0 or -EINVAL.
 */
int ctm_geometry_check(const struct ctm_mem_cfg *cfg)
{
	unsigned int n = ctm_dc_region_count(cfg);

	if (!IS_ALIGNED(cfg->ram_size, DC_DECODE_UNIT) ||
	    cfg->ram_size > CTM_MAX_SIZE)
		return -EINVAL;
	/* DPA nobody maps, between the static capacity and DC region 0. */
	if (!IS_ALIGNED(cfg->dc_gap, DC_DECODE_UNIT) ||
	    cfg->dc_gap > CTM_MAX_SIZE || (cfg->dc_gap && !n))
		return -EINVAL;
	if (!cfg->ram_size && !n)
		return -EINVAL;
	for (unsigned int i = 0; i < CTM_MAX_DC_REGIONS; i++) {
		const struct ctm_dc_region_cfg *r = &cfg->dc[i];

		if (i >= n) {
			/* Nothing may follow the first absent region. */
			if (r->size)
				return -EINVAL;
			continue;
		}
		if (r->size > CTM_MAX_SIZE)
			return -EINVAL;
		if (r->block_size < 64 || !is_power_of_2(r->block_size))
			return -EINVAL;
		if (!IS_ALIGNED(r->size, r->block_size))
			return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_geometry_check);
