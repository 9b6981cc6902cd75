// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the emulated HDM decoder registers: what software reads
 * back, what a commit accepts or refuses, and how an endpoint's decoders
 * place DPA in host physical memory.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include "cxl.h"
#include "kunit.h"

static void free_hdm(void *hdm)
{
	kfree(hdm);
}

static struct ctm_hdm *new_hdm(struct kunit *test, unsigned int decoders,
			       unsigned int targets, u64 dpa_size)
{
	struct ctm_hdm *hdm = ctm_hdm_alloc(decoders, targets, dpa_size);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hdm);
	/* Software enables decoding before it commits, as the core does. */
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, CXL_HDM_DECODER_ENABLE);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_hdm, hdm), 0);
	return hdm;
}

/* Program decoder @i the way the cxl core does: range first, then Control. */
static u32 program(struct ctm_hdm *hdm, int i, u64 base, u64 size, u64 skip,
		   u8 eiw)
{
	u32 ctrl;

	ctm_hdm_write(hdm, CXL_HDM_DECODER0_BASE_LOW_OFFSET(i), lower_32_bits(base));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_BASE_HIGH_OFFSET(i), upper_32_bits(base));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_SIZE_LOW_OFFSET(i), lower_32_bits(size));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_SIZE_HIGH_OFFSET(i), upper_32_bits(size));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_SKIP_LOW(i), lower_32_bits(skip));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_SKIP_HIGH(i), upper_32_bits(skip));
	ctrl = FIELD_PREP(CXL_HDM_DECODER0_CTRL_IW_MASK, eiw) |
	       CXL_HDM_DECODER0_CTRL_HOSTONLY | CXL_HDM_DECODER0_CTRL_COMMIT;
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(i), ctrl);
	return ctm_hdm_read(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(i));
}

/* No decoder maps the DPA. */
#define NOWHERE U64_MAX

/*
 * Where the device finds @dpa in the host's memory, as its callers do:
 * at @want, or NOWHERE.
 */
static void expect_hpa(struct kunit *test, struct ctm_hdm *hdm, u64 dpa,
		       u64 want)
{
	u64 hpa = NOWHERE;
	int rc;

	scoped_guard(spinlock, &hdm->lock)
		rc = __ctm_hdm_range_to_hpa(hdm, dpa, 1, &hpa);
	if (want == NOWHERE) {
		KUNIT_EXPECT_EQ_MSG(test, rc, -ENXIO, "DPA %#llx", dpa);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, rc, 0, "DPA %#llx", dpa);
	KUNIT_EXPECT_EQ_MSG(test, hpa, want, "DPA %#llx", dpa);
}

static u32 ctrl_of(struct ctm_hdm *hdm, int i)
{
	return ctm_hdm_read(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(i));
}

static bool committed(u32 ctrl)
{
	return ctrl & CXL_HDM_DECODER0_CTRL_COMMITTED;
}

static bool commit_error(u32 ctrl)
{
	return ctrl & CXL_HDM_DECODER0_CTRL_COMMIT_ERROR;
}

static void hdm_caps_report_counts(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 8, 4, 0);
	u32 cap = ctm_hdm_read(hdm, CXL_HDM_DECODER_CAP_OFFSET);
	u32 targets = FIELD_GET(CXL_HDM_DECODER_TARGET_COUNT_MASK, cap);

	KUNIT_EXPECT_EQ(test, cxl_hdm_decoder_count(cap), 8);
	KUNIT_EXPECT_EQ(test, targets, 4);

	hdm = new_hdm(test, 1, 0, SZ_1G);
	cap = ctm_hdm_read(hdm, CXL_HDM_DECODER_CAP_OFFSET);
	KUNIT_EXPECT_EQ(test, cxl_hdm_decoder_count(cap), 1);

	hdm = new_hdm(test, 32, 1, 0);
	cap = ctm_hdm_read(hdm, CXL_HDM_DECODER_CAP_OFFSET);
	KUNIT_EXPECT_EQ(test, cxl_hdm_decoder_count(cap), 32);
}

static void hdm_alloc_rejects_unencodable_counts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_hdm_alloc(0, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_hdm_alloc(3, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_hdm_alloc(18, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_hdm_alloc(34, 1, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ctm_hdm_alloc(4, 9, 0)), -EINVAL);
}

static void hdm_commit_in_order_only(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 1, SZ_4G, SZ_256M, 0, 0)));
	KUNIT_EXPECT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	/* Software clears Commit after an error before it tries again. */
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(1), 0);
	KUNIT_EXPECT_FALSE(test, commit_error(ctrl_of(hdm, 1)));
	KUNIT_EXPECT_TRUE(test, committed(program(hdm, 1, SZ_4G + SZ_256M,
						  SZ_256M, 0, 0)));
}

static void hdm_commit_rejects_bad_ranges(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 0, SZ_4G, 0, 0, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0), 0);
	KUNIT_EXPECT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_512M, 0, 0)));
	/* Overlaps decoder 0. */
	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 1, SZ_4G + SZ_256M,
						     SZ_256M, 0, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(1), 0);
	/* Past the device's DPA capacity: 512M used, 256M skipped, 512M asked. */
	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 1, SZ_8G, SZ_512M,
						     SZ_256M, 0)));
}

static void hdm_commit_requires_ascending_bases(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_8G, SZ_256M, 0, 0)));
	/* Below decoder 0, though not overlapping it. */
	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 1, SZ_4G, SZ_256M, 0, 0)));
}

static void hdm_reset_out_of_order_keeps_others(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 1, SZ_8G, SZ_256M, 0, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0), 0);
	KUNIT_EXPECT_TRUE(test, ctm_hdm_any_committed(hdm));
	expect_hpa(test, hdm, SZ_256M, SZ_8G);
	expect_hpa(test, hdm, 0, NOWHERE);
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(1), 0);
	KUNIT_EXPECT_FALSE(test, ctm_hdm_any_committed(hdm));
}

static void hdm_endpoint_refuses_interleave(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 0, SZ_4G, SZ_512M, 0, 1)));
}

static void hdm_switch_interleave_bounded_by_targets(struct kunit *test)
{
	struct ctm_hdm *one = new_hdm(test, 4, 1, 0);
	struct ctm_hdm *two = new_hdm(test, 4, 2, 0);

	KUNIT_EXPECT_TRUE(test, commit_error(program(one, 0, SZ_4G, SZ_512M, 0, 1)));
	KUNIT_EXPECT_TRUE(test, committed(program(two, 0, SZ_4G, SZ_512M, 0, 1)));
}

static void hdm_endpoint_dpa_follows_skip(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 1, SZ_8G, SZ_256M,
						  SZ_256M, 0)));

	expect_hpa(test, hdm, 0x1000, SZ_4G + 0x1000);
	/* DPA 256M..512M is skipped: nothing decodes it. */
	expect_hpa(test, hdm, SZ_256M, NOWHERE);
	expect_hpa(test, hdm, SZ_512M + 0x2000, SZ_8G + 0x2000);
	expect_hpa(test, hdm, SZ_512M + SZ_256M, NOWHERE);
}

static void hdm_decodes_only_when_enabled(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	expect_hpa(test, hdm, 0, SZ_4G);
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, 0);
	KUNIT_EXPECT_EQ(test, ctm_hdm_read(hdm, CXL_HDM_DECODER_CTRL_OFFSET), 0);
	expect_hpa(test, hdm, 0, NOWHERE);
}

static void hdm_committed_range_is_read_only(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_BASE_HIGH_OFFSET(0), 2);
	KUNIT_EXPECT_EQ(test, ctm_hdm_read(hdm, CXL_HDM_DECODER0_BASE_HIGH_OFFSET(0)),
			1);
}

static void hdm_reset_uncommits(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0), 0);
	KUNIT_EXPECT_FALSE(test, committed(ctrl_of(hdm, 0)));
	expect_hpa(test, hdm, 0, NOWHERE);
}

static void hdm_lock_survives_reset(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);
	u32 ctrl;

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	ctrl = ctm_hdm_read(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0),
		      ctrl | CXL_HDM_DECODER0_CTRL_LOCK);
	/* Lock is only taken with Commit; a committed decoder ignores it. */
	KUNIT_EXPECT_FALSE(test, ctrl_of(hdm, 0) & CXL_HDM_DECODER0_CTRL_LOCK);

	hdm = new_hdm(test, 2, 0, SZ_1G);
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_SIZE_LOW_OFFSET(0), SZ_256M);
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0),
		      CXL_HDM_DECODER0_CTRL_LOCK | CXL_HDM_DECODER0_CTRL_COMMIT);
	KUNIT_ASSERT_TRUE(test, committed(ctrl_of(hdm, 0)));
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0), 0);
	KUNIT_EXPECT_TRUE(test, committed(ctrl_of(hdm, 0)));
}

static void hdm_range_has_256m_granularity(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);

	ctm_hdm_write(hdm, CXL_HDM_DECODER0_BASE_LOW_OFFSET(0), 0x1234567f);
	KUNIT_EXPECT_EQ(test, ctm_hdm_read(hdm, CXL_HDM_DECODER0_BASE_LOW_OFFSET(0)),
			0x10000000);
	/* Out-of-range offsets read 0 and writes to them are dropped. */
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(2), ~0U);
	KUNIT_EXPECT_EQ(test, ctrl_of(hdm, 2), 0);
}

/* Bindings follow the generation: Enable changes what is decoded too. */
static void hdm_enable_changes_generation(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 2, 0, SZ_1G);
	u32 gen;

	gen = hdm->gen;
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, 0);
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, CXL_HDM_DECODER_ENABLE);
	/* Nothing committed: nothing decoded before or after. */
	KUNIT_EXPECT_EQ(test, hdm->gen, gen);

	KUNIT_ASSERT_TRUE(test, committed(program(hdm, 0, SZ_1G, SZ_256M, 0,
						  0)));
	gen = hdm->gen;
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, 0);
	KUNIT_EXPECT_NE(test, hdm->gen, gen);
	gen = hdm->gen;
	/* Writing the same value again changes nothing. */
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, 0);
	KUNIT_EXPECT_EQ(test, hdm->gen, gen);
	ctm_hdm_write(hdm, CXL_HDM_DECODER_CTRL_OFFSET, CXL_HDM_DECODER_ENABLE);
	KUNIT_EXPECT_NE(test, hdm->gen, gen);
}

#ifdef CONFIG_FAULT_INJECTION
static void hdm_commit_fault_sets_commit_error(struct kunit *test)
{
	struct ctm_hdm *hdm = new_hdm(test, 4, 0, SZ_1G);
	struct ctm_faults *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	ctm_faults_init(f);
	f->commit_fail.probability = 100;
	f->commit_fail.verbose = 0;
	hdm->faults = f;
	/* A commit that would succeed ends in Commit Error, decoding nothing. */
	KUNIT_EXPECT_TRUE(test, commit_error(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
	KUNIT_EXPECT_FALSE(test, ctm_hdm_any_committed(hdm));
	/* Once (times 1): software clears Commit and tries again. */
	ctm_hdm_write(hdm, CXL_HDM_DECODER0_CTRL_OFFSET(0), 0);
	KUNIT_EXPECT_TRUE(test, committed(program(hdm, 0, SZ_4G, SZ_256M, 0, 0)));
}
#endif

static struct kunit_case hdm_test_cases[] = {
	KUNIT_CASE(hdm_caps_report_counts),
	KUNIT_CASE(hdm_alloc_rejects_unencodable_counts),
	KUNIT_CASE(hdm_commit_in_order_only),
	KUNIT_CASE(hdm_commit_rejects_bad_ranges),
	KUNIT_CASE(hdm_commit_requires_ascending_bases),
	KUNIT_CASE(hdm_reset_out_of_order_keeps_others),
	KUNIT_CASE(hdm_endpoint_refuses_interleave),
	KUNIT_CASE(hdm_switch_interleave_bounded_by_targets),
	KUNIT_CASE(hdm_endpoint_dpa_follows_skip),
	KUNIT_CASE(hdm_decodes_only_when_enabled),
	KUNIT_CASE(hdm_committed_range_is_read_only),
	KUNIT_CASE(hdm_reset_uncommits),
	KUNIT_CASE(hdm_lock_survives_reset),
	KUNIT_CASE(hdm_range_has_256m_granularity),
	KUNIT_CASE(hdm_enable_changes_generation),
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_CASE(hdm_commit_fault_sets_commit_error),
#endif
	{}
};

CTM_KUNIT_SUITE(hdm);
