// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for device geometry: which configurations a device accepts
 * and where its DC regions sit in DPA space.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "kunit.h"

static void geometry_accepts_static_and_dc(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_region_count(&cfg), 2);
}

static void geometry_accepts_dc_only(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	cfg.ram_size = 0;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_region_base(&cfg, 0), 0);
}

static void geometry_rejects_empty_device(struct kunit *test)
{
	struct ctm_mem_cfg cfg = {};

	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
}

static void geometry_rejects_unaligned_static(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	cfg.ram_size = SZ_256M + SZ_2M;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
}

static void geometry_rejects_gap_between_regions(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	cfg.dc[0].size = 0;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
	cfg = ctm_kunit_two_regions();
	cfg.dc[7] = (struct ctm_dc_region_cfg){ .size = SZ_2M,
						.block_size = SZ_2M };
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
}

static void geometry_rejects_bad_block_size(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	cfg.dc[1].block_size = 32;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
	cfg.dc[1].block_size = 3 * SZ_1M;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
	/* The size must be whole blocks. */
	cfg.dc[1].block_size = SZ_256M;
	cfg.dc[1].size = SZ_128M;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
	cfg.dc[1].block_size = 64;
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), 0);
}

static void geometry_rejects_huge_sizes(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	cfg.ram_size = round_down(U64_MAX, SZ_256M);
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
	cfg = ctm_kunit_two_regions();
	cfg.dc[1].size = round_down(U64_MAX, SZ_2M);
	KUNIT_EXPECT_EQ(test, ctm_geometry_check(&cfg), -EINVAL);
}

static void geometry_regions_follow_decode_lengths(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();

	/* Static 256M, then dc0 (128M decodes 256M), then dc1 (512M). */
	KUNIT_EXPECT_EQ(test, ctm_dc_region_base(&cfg, 0), SZ_256M);
	KUNIT_EXPECT_EQ(test, ctm_dc_region_base(&cfg, 1), SZ_512M);
	KUNIT_EXPECT_EQ(test, ctm_dpa_size(&cfg), SZ_1G);

	cfg.dc[0].size = 0;
	cfg.dc[1].size = 0;
	KUNIT_EXPECT_EQ(test, ctm_dpa_size(&cfg), SZ_256M);
}

static struct kunit_case geometry_test_cases[] = {
	KUNIT_CASE(geometry_accepts_static_and_dc),
	KUNIT_CASE(geometry_accepts_dc_only),
	KUNIT_CASE(geometry_rejects_empty_device),
	KUNIT_CASE(geometry_rejects_unaligned_static),
	KUNIT_CASE(geometry_rejects_gap_between_regions),
	KUNIT_CASE(geometry_rejects_bad_block_size),
	KUNIT_CASE(geometry_rejects_huge_sizes),
	KUNIT_CASE(geometry_regions_follow_decode_lengths),
	{}
};

CTM_KUNIT_SUITE(geometry);
