// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the host's Dynamic Capacity rules: record parsing, More
 * chains, validation by tag group and response batching, against a fake
 * host state.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/sizes.h>

#include "cxlmem.h"
#include "dc_chain.h"

/* Two fake regions: A decodes [0, 1G) of DC, B [1G, 2G). */
#define REGION_A ((struct cxl_region *)0x1000)
#define REGION_B ((struct cxl_region *)0x2000)

struct fake_host {
	u64 acc_dpa[4];
	u64 acc_len[4];
	uuid_t acc_tag[4];
	int nr_acc;
	uuid_t live;
	bool has_live;
	bool sharable;
};

static int fake_locate(void *ctx, struct cxl_dc_offer *o)
{
	struct fake_host *h = ctx;

	if (o->dpa + o->len <= SZ_1G)
		o->cxlr = REGION_A;
	else if (o->dpa >= SZ_1G && o->dpa + o->len <= SZ_2G)
		o->cxlr = REGION_B;
	else
		return -ENXIO;
	o->sharable = h->sharable;
	return 0;
}

static bool fake_overlap(void *ctx, u64 dpa, u64 len,
			 struct cxl_dc_offer *acc)
{
	struct fake_host *h = ctx;

	for (int i = 0; i < h->nr_acc; i++) {
		u64 s = h->acc_dpa[i], e = s + h->acc_len[i];

		if (dpa >= e || dpa + len <= s)
			continue;
		acc->dpa = s;
		acc->len = h->acc_len[i];
		uuid_copy(&acc->tag, &h->acc_tag[i]);
		return true;
	}
	return false;
}

static bool fake_tag_live(void *ctx, const uuid_t *tag)
{
	struct fake_host *h = ctx;

	return h->has_live && uuid_equal(tag, &h->live);
}

static const struct cxl_dc_env_ops fake_ops = {
	.locate = fake_locate,
	.overlap = fake_overlap,
	.tag_live = fake_tag_live,
};

static const uuid_t tag_a = UUID_INIT(0x5be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);
static const uuid_t tag_b = UUID_INIT(0x6be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);

static struct cxl_dc_offer offer(u64 dpa, u64 len, const uuid_t *tag, u16 seq)
{
	struct cxl_dc_offer o = { .dpa = dpa, .len = len, .seq = seq };

	if (tag)
		uuid_copy(&o.tag, tag);
	return o;
}

static void make_record(struct cxl_event_dcd *rec, u64 dpa, u64 len,
			const uuid_t *tag, u16 seq, bool more)
{
	memset(rec, 0, sizeof(*rec));
	rec->event_type = CXL_DC_EVENT_ADD_CAPACITY;
	rec->region_index = 0;
	rec->flags = more ? CXL_DC_EVENT_MORE : 0;
	rec->extent.start_dpa = cpu_to_le64(dpa);
	rec->extent.length = cpu_to_le64(len);
	if (tag)
		export_uuid(rec->extent.tag, tag);
	rec->extent.shared_extn_seq = cpu_to_le16(seq);
}

static void record_parse(struct kunit *test)
{
	struct cxl_event_dcd rec;
	struct cxl_dc_offer o;
	bool more;

	make_record(&rec, SZ_2M, SZ_4M, &tag_a, 3, true);
	KUNIT_EXPECT_EQ(test, cxl_dc_record_parse(&rec, &o, &more), 0);
	KUNIT_EXPECT_EQ(test, o.dpa, (u64)SZ_2M);
	KUNIT_EXPECT_EQ(test, o.len, (u64)SZ_4M);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&o.tag, &tag_a));
	KUNIT_EXPECT_EQ(test, o.seq, 3);
	KUNIT_EXPECT_TRUE(test, more);
	KUNIT_EXPECT_EQ(test, o.verdict, 0);

	make_record(&rec, SZ_2M, 0, NULL, 0, false);
	KUNIT_EXPECT_EQ(test, cxl_dc_record_parse(&rec, &o, &more), -EINVAL);
	KUNIT_EXPECT_EQ(test, o.verdict, -EINVAL);
	KUNIT_EXPECT_FALSE(test, more);

	/* Wraps around the DPA space. */
	make_record(&rec, U64_MAX - SZ_2M + 1, SZ_4M, NULL, 0, false);
	KUNIT_EXPECT_EQ(test, cxl_dc_record_parse(&rec, &o, &more), -EINVAL);
}

static void chain_cap(struct kunit *test, int max)
{
	struct cxl_dc_chain *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct cxl_dc_offer o = offer(0, SZ_2M, NULL, 0);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, cxl_dc_chain_init(c, max), 0);
	KUNIT_EXPECT_EQ(test, cxl_dc_chain_add(c, &o, true), 0);
	KUNIT_EXPECT_TRUE(test, c->open);
	for (i = 1; i < max; i++)
		KUNIT_EXPECT_EQ(test, cxl_dc_chain_add(c, &o, true), 0);
	KUNIT_EXPECT_EQ(test, c->nr, max);
	KUNIT_EXPECT_FALSE(test, c->overflow);
	KUNIT_EXPECT_EQ(test, cxl_dc_chain_add(c, &o, false), -E2BIG);
	KUNIT_EXPECT_EQ(test, c->nr, max);
	KUNIT_EXPECT_TRUE(test, c->overflow);
	KUNIT_EXPECT_FALSE(test, c->open);
	cxl_dc_chain_reset(c);
	KUNIT_EXPECT_EQ(test, c->nr, 0);
	KUNIT_EXPECT_FALSE(test, c->overflow);
	cxl_dc_chain_free(c);
}

/* The limit is a setting, v11's 100 by default, not an array size. */
static void chain_more_and_cap(struct kunit *test)
{
	chain_cap(test, CXL_DC_CHAIN_MAX_DEFAULT);
	chain_cap(test, 1);
	chain_cap(test, 1000);
	chain_cap(test, CXL_DC_EXTENTS_MAX);
}

static void chain_limit_out_of_range(struct kunit *test)
{
	struct cxl_dc_chain c;

	KUNIT_EXPECT_EQ(test, cxl_dc_chain_init(&c, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, cxl_dc_chain_init(&c, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cxl_dc_chain_init(&c, CXL_DC_EXTENTS_MAX + 1),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, c.offer);
}

static void validate_untagged_independent(struct kunit *test)
{
	struct fake_host h = {};
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, NULL, 0),
		offer(SZ_4M, SZ_1M, NULL, 0),		/* 1 MiB: misaligned */
		offer(SZ_8M + SZ_1M, SZ_2M, NULL, 0),	/* misaligned start */
		offer(SZ_2G, SZ_2M, NULL, 0),		/* no decoder */
		offer(SZ_16M, SZ_2M, NULL, 0),
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, 0);
	KUNIT_EXPECT_PTR_EQ(test, o[0].cxlr, REGION_A);
	KUNIT_EXPECT_EQ(test, o[1].verdict, -EINVAL);
	KUNIT_EXPECT_EQ(test, o[2].verdict, -EINVAL);
	KUNIT_EXPECT_EQ(test, o[3].verdict, -ENXIO);
	KUNIT_EXPECT_EQ(test, o[4].verdict, 0);
}

static void validate_group_falls_together(struct kunit *test)
{
	struct fake_host h = {};
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_4M, SZ_2M, &tag_b, 0),
		offer(SZ_2G, SZ_2M, &tag_a, 0),		/* sinks tag_a */
		offer(SZ_8M, SZ_2M, &tag_b, 0),
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, -ENXIO);
	KUNIT_EXPECT_EQ(test, o[2].verdict, -ENXIO);
	KUNIT_EXPECT_EQ(test, o[1].verdict, 0);
	KUNIT_EXPECT_EQ(test, o[3].verdict, 0);
}

static void validate_malformed_sinks_group(struct kunit *test)
{
	struct fake_host h = {};
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_4M, 0, &tag_a, 0),
	};

	o[1].verdict = -EINVAL;		/* as cxl_dc_extent_parse() leaves it */
	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, -EINVAL);
	KUNIT_EXPECT_EQ(test, o[1].verdict, -EINVAL);
}

static void validate_overlaps(struct kunit *test)
{
	struct fake_host h = {
		.acc_dpa = { SZ_64M }, .acc_len = { SZ_8M }, .nr_acc = 1,
	};
	struct cxl_dc_offer o[] = {
		offer(SZ_64M + SZ_2M, SZ_2M, NULL, 0),	/* inside: duplicate */
		offer(SZ_64M + SZ_4M + SZ_2M, SZ_4M, NULL, 0),	/* partial */
		offer(SZ_128M, SZ_4M, NULL, 0),		/* overlaps the next */
		offer(SZ_128M + SZ_2M, SZ_4M, NULL, 0),
		offer(SZ_256M, SZ_2M, NULL, 0),
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, CXL_DC_DUPLICATE);
	KUNIT_EXPECT_EQ(test, o[1].verdict, -EBUSY);
	KUNIT_EXPECT_EQ(test, o[2].verdict, -EBUSY);
	KUNIT_EXPECT_EQ(test, o[3].verdict, -EBUSY);
	KUNIT_EXPECT_EQ(test, o[4].verdict, 0);
}

static void validate_live_tag(struct kunit *test)
{
	struct fake_host h = {
		.acc_dpa = { SZ_64M }, .acc_len = { SZ_8M }, .nr_acc = 1,
		.acc_tag = { tag_a }, .live = tag_a, .has_live = true,
	};
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, &tag_a, 0),		/* new under a live tag */
		offer(SZ_4M, SZ_2M, &tag_b, 0),
	};
	struct cxl_dc_offer dup[] = {
		offer(SZ_64M, SZ_8M, &tag_a, 0),	/* repeats what it has */
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, -EEXIST);
	KUNIT_EXPECT_EQ(test, o[1].verdict, 0);

	cxl_dc_validate(dup, ARRAY_SIZE(dup), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, dup[0].verdict, CXL_DC_DUPLICATE);
}

/*
 * A range the host accepted under one tag, offered under another (or
 * untagged), is not a repeat: it overlaps capacity held for someone else.
 */
static void validate_duplicate_needs_tag(struct kunit *test)
{
	struct fake_host h = {
		.acc_dpa = { SZ_64M, SZ_128M }, .acc_len = { SZ_8M, SZ_4M },
		.acc_tag = { tag_a }, .nr_acc = 2,
		.live = tag_a, .has_live = true,
	};
	struct cxl_dc_offer o[] = {
		offer(SZ_64M, SZ_8M, &tag_b, 0),	/* A's range, tag B */
		offer(SZ_64M + SZ_2M, SZ_2M, NULL, 0),	/* inside A, untagged */
		offer(SZ_128M, SZ_4M, &tag_a, 0),	/* untagged one, tag A */
	};
	struct cxl_dc_offer same[] = {
		offer(SZ_64M + SZ_2M, SZ_2M, &tag_a, 0),	/* A inside A */
		offer(SZ_128M, SZ_2M, NULL, 0),		/* untagged repeat */
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, -EBUSY);
	KUNIT_EXPECT_EQ(test, o[1].verdict, -EBUSY);
	KUNIT_EXPECT_EQ(test, o[2].verdict, -EBUSY);

	cxl_dc_validate(same, ARRAY_SIZE(same), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, same[0].verdict, CXL_DC_DUPLICATE);
	KUNIT_EXPECT_EQ(test, same[1].verdict, CXL_DC_DUPLICATE);
}

static void validate_sequences(struct kunit *test)
{
	struct fake_host h = {};
	struct cxl_dc_offer plain[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_4M, SZ_2M, &tag_a, 1),		/* not sharable: 0 only */
	};
	struct cxl_dc_offer dense[] = {
		offer(SZ_4M, SZ_2M, &tag_a, 1),
		offer(0, SZ_2M, &tag_a, 0),
	};
	struct cxl_dc_offer gap[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_4M, SZ_2M, &tag_a, 2),
	};
	struct cxl_dc_offer twice[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_4M, SZ_2M, &tag_a, 0),
	};
	struct cxl_dc_offer untagged[] = {
		offer(0, SZ_2M, NULL, 0),
	};

	cxl_dc_validate(plain, ARRAY_SIZE(plain), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, plain[0].verdict, -EINVAL);
	KUNIT_EXPECT_EQ(test, plain[1].verdict, -EINVAL);

	h.sharable = true;
	cxl_dc_validate(dense, ARRAY_SIZE(dense), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, dense[0].verdict, 0);
	KUNIT_EXPECT_EQ(test, dense[1].verdict, 0);
	cxl_dc_validate(gap, ARRAY_SIZE(gap), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, gap[0].verdict, -EINVAL);
	KUNIT_EXPECT_EQ(test, gap[1].verdict, -EINVAL);
	cxl_dc_validate(twice, ARRAY_SIZE(twice), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, twice[1].verdict, -EINVAL);
	cxl_dc_validate(untagged, ARRAY_SIZE(untagged), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, untagged[0].verdict, -EINVAL);
}

static void validate_group_one_region(struct kunit *test)
{
	struct fake_host h = {};
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, &tag_a, 0),
		offer(SZ_1G, SZ_2M, &tag_a, 0),
	};

	cxl_dc_validate(o, ARRAY_SIZE(o), &fake_ops, &h);
	KUNIT_EXPECT_EQ(test, o[0].verdict, -EXDEV);
	KUNIT_EXPECT_EQ(test, o[1].verdict, -EXDEV);
}

#define ROOM_FOR_TWO (sizeof(struct cxl_mbox_dc_response) + \
		      2 * sizeof(struct cxl_extent_range))

static void response_batches(struct kunit *test)
{
	struct cxl_mbox_dc_response *rsp =
		kunit_kzalloc(test, ROOM_FOR_TWO, GFP_KERNEL);
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, NULL, 0),
		offer(SZ_4M, SZ_2M, NULL, 0),
		offer(SZ_8M, SZ_2M, NULL, 0),
		offer(SZ_16M, SZ_2M, NULL, 0),
		offer(SZ_32M, SZ_2M, NULL, 0),
	};
	int pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, rsp);
	o[1].verdict = -EINVAL;
	o[4].verdict = -EINVAL;
	o[3].verdict = CXL_DC_DUPLICATE;

	KUNIT_EXPECT_EQ(test, cxl_dc_response_batch(rsp, ROOM_FOR_TWO, o, 5,
						    &pos), 2);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(rsp->extent_list[0].dpa_start), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(rsp->extent_list[1].dpa_start),
			(u64)SZ_8M);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(rsp->extent_list[1].length),
			(u64)SZ_2M);
	KUNIT_EXPECT_EQ(test, rsp->flags, CXL_DC_RESPONSE_MORE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->extent_list_size), 2);

	/* The duplicate goes out; the refused tail does not keep More set. */
	KUNIT_EXPECT_EQ(test, cxl_dc_response_batch(rsp, ROOM_FOR_TWO, o, 5,
						    &pos), 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(rsp->extent_list[0].dpa_start),
			(u64)SZ_16M);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	KUNIT_EXPECT_EQ(test, pos, 5);
}

static void response_empty(struct kunit *test)
{
	struct cxl_mbox_dc_response *rsp =
		kunit_kzalloc(test, ROOM_FOR_TWO, GFP_KERNEL);
	struct cxl_dc_offer o[] = {
		offer(0, SZ_2M, NULL, 0),
		offer(SZ_4M, SZ_2M, NULL, 0),
	};
	int pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, rsp);
	o[0].verdict = -EINVAL;
	o[1].verdict = -EBUSY;
	KUNIT_EXPECT_EQ(test, cxl_dc_response_batch(rsp, ROOM_FOR_TWO, o, 2,
						    &pos), 0);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->extent_list_size), 0);
	KUNIT_EXPECT_EQ(test, pos, 2);

	/* No offers at all (a chain of refused records): still one answer. */
	pos = 0;
	KUNIT_EXPECT_EQ(test, cxl_dc_response_batch(rsp, ROOM_FOR_TWO, o, 0,
						    &pos), 0);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
}

/* A DC region of Get DC Configuration, in bytes, as dcd.c keeps it. */
static struct cxl_dc_region_info dc_cfg(u64 base, u64 decode_len, u64 len,
					u64 blk_size)
{
	return (struct cxl_dc_region_info){ .base = base,
					    .decode_len = decode_len,
					    .len = len,
					    .blk_size = blk_size };
}

static void config_region_rules(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "cxl_dc_cfg");
	struct cxl_dc_region_info r, prev = dc_cfg(0, SZ_256M, SZ_256M, SZ_2M);

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	r = dc_cfg(SZ_256M, SZ_512M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), 0);
	/* Directly after the previous region's decode length: fine. */
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, &prev, 1), 0);

	r = dc_cfg(SZ_256M + SZ_2M, SZ_256M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, 0, 0, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, SZ_256M, 0, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, SZ_256M, SZ_512M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);

	/* Block sizes: a power of 2, at least 64 bytes, dividing the length. */
	r = dc_cfg(SZ_256M, SZ_256M, SZ_256M, 32);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, SZ_256M, SZ_256M, 3 * SZ_1M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, SZ_256M, SZ_256M - SZ_1M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(SZ_256M, SZ_256M, SZ_256M, 64);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), 0);

	/* Overlapping the previous region's decode length. */
	prev = dc_cfg(0, SZ_512M, SZ_256M, SZ_2M);
	r = dc_cfg(SZ_256M, SZ_256M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, &prev, 1), -EINVAL);
}

/*
 * base + decode length past 2^64: every later check (partition end,
 * extent ranges) adds them, so such a region is refused here, also when
 * each number alone is well formed.
 */
static void config_region_overflow(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "cxl_dc_cfg");
	u64 top = ALIGN_DOWN(U64_MAX, SZ_256M);
	struct cxl_dc_region_info r;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	r = dc_cfg(top, SZ_512M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	/* Ending exactly at 2^64 wraps the end to 0: refused too. */
	r = dc_cfg(top, SZ_256M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
	r = dc_cfg(top - SZ_256M, SZ_256M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), 0);
	r = dc_cfg(SZ_256M, U64_MAX - SZ_128M, SZ_256M, SZ_2M);
	KUNIT_EXPECT_EQ(test, cxl_dc_region_check(dev, &r, NULL, 0), -EINVAL);
}

static struct kunit_case dc_chain_cases[] = {
	KUNIT_CASE(record_parse),
	KUNIT_CASE(chain_more_and_cap),
	KUNIT_CASE(chain_limit_out_of_range),
	KUNIT_CASE(validate_untagged_independent),
	KUNIT_CASE(validate_group_falls_together),
	KUNIT_CASE(validate_malformed_sinks_group),
	KUNIT_CASE(validate_overlaps),
	KUNIT_CASE(validate_live_tag),
	KUNIT_CASE(validate_duplicate_needs_tag),
	KUNIT_CASE(validate_sequences),
	KUNIT_CASE(validate_group_one_region),
	KUNIT_CASE(response_batches),
	KUNIT_CASE(response_empty),
	KUNIT_CASE(config_region_rules),
	KUNIT_CASE(config_region_overflow),
	{}
};

static struct kunit_suite dc_chain_suite = {
	.name = "cxl_dc_chain",
	.test_cases = dc_chain_cases,
};

kunit_test_suite(dc_chain_suite);

MODULE_DESCRIPTION("KUnit tests for CXL Dynamic Capacity offers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
