// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the Dynamic Capacity state machine of the device side:
 * offers, the host's Add Dynamic Capacity Response (whole, split with
 * More, wrong), releases raised by the device and answered by the host,
 * forced release, Sanitize on Release, duplicate offers, injection and
 * preloaded extents. The host is played by these tests, through
 * ctm_mbox_handle() as the cxl core would issue the commands.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "kunit.h"

#define REGION_SIZE SZ_256M
#define BLOCK SZ_2M
/* DC region 0 starts at the end of 256 MiB of static capacity. */
#define R0 SZ_256M
#define R1 (2ULL * SZ_256M)

static const uuid_t tag_a = UUID_INIT(0x5be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);
static const uuid_t tag_b = UUID_INIT(0x6be13bce, 0xae34, 0x4a77, 0xb6, 0xc3,
				      0x16, 0xdf, 0x97, 0x5f, 0xcf, 0x1a);

/*
 * Two DC regions: 0 sanitizes on release, 1 is sharable and does not.
 * The device goes in the suite's exit, before the test's resources, so
 * that its extents let go of backends before those are released.
 */
static struct ctm_mem *new_mem(struct kunit *test)
{
	struct ctm_mem *mem = ctm_kunit_mem(test);

	for (int i = 0; i < 2; i++) {
		mem->cfg.dc[i].size = REGION_SIZE;
		mem->cfg.dc[i].block_size = BLOCK;
	}
	mem->cfg.dc[0].sanitize = true;
	mem->cfg.dc[1].sharable = true;
	test->priv = mem;
	return mem;
}

/* The fixture's own release of the device then finds nothing left. */
static void dc_test_exit(struct kunit *test)
{
	struct ctm_mem *mem = test->priv;

	if (mem)
		ctm_dc_destroy(mem);
}

/* Set every byte of a store's first @size bytes to @val. */
static void store_fill(struct kunit *test, struct ctm_store *st, u8 val,
		       u64 size)
{
	u8 *page = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page, val, PAGE_SIZE);
	for (u64 off = 0; off < size; off += PAGE_SIZE)
		KUNIT_ASSERT_EQ(test, ctm_store_write(st, off, page, PAGE_SIZE),
				0);
}

/* A backend with @tag and @size, its storage filled with @fill. */
static struct ctm_backend *new_backend(struct kunit *test,
				       struct ctm_pool *pool,
				       const uuid_t *tag, u64 size, u8 fill)
{
	struct ctm_backend *be = ctm_kunit_backend(test);
	int rc;

	scoped_guard(mutex, &ctm_cfg_lock) {
		rc = ctm_backend_set_tag(be, tag);
		if (!rc)
			rc = ctm_backend_resize(be, pool, size);
	}
	KUNIT_ASSERT_EQ(test, rc, 0);
	scoped_guard(mutex, &ctm_cfg_lock)
		store_fill(test, &be->store, fill, size);
	return be;
}

/* A backend of tag A, of @size, unfilled, in a 16 MiB pool of its own. */
static struct ctm_backend *backend_a(struct kunit *test, u64 size)
{
	return new_backend(test, ctm_kunit_pool(test, SZ_16M), &tag_a, size,
			   0);
}

static int offer(struct ctm_mem *mem, unsigned int region, const uuid_t *tag,
		 enum ctm_dc_policy policy, struct ctm_dc_range *r,
		 unsigned int n)
{
	guard(mutex)(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	return ctm_dc_offer(mem, region, tag, policy, r, n, NULL);
}

static int offer1(struct ctm_mem *mem, unsigned int region,
		  const uuid_t *tag, u64 off, u64 len)
{
	struct ctm_dc_range r = { off, len };

	return offer(mem, region, tag, CTM_DC_PRESCRIPTIVE, &r, 1);
}

static int release(struct ctm_mem *mem, unsigned int region, u64 off,
		   u64 len, bool force)
{
	struct ctm_dc_range r = { off, len };

	guard(mutex)(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	return ctm_dc_release_ranges(mem, region, &r, 1, force);
}

static int release_tag(struct ctm_mem *mem, const uuid_t *tag, bool force)
{
	guard(mutex)(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	return ctm_dc_release_tag(mem, tag, force);
}

static int mbox(struct ctm_mem *mem, u16 opcode, void *in, size_t in_len,
		void *out, size_t out_len)
{
	struct cxl_mbox_cmd cmd = {
		.opcode = opcode,
		.payload_in = in,
		.size_in = in_len,
		.payload_out = out,
		.size_out = out_len,
	};

	guard(mutex)(&mem->mbox_lock);
	return ctm_mbox_handle(mem, &cmd);
}

/* Add DC Response or Release DC listing @n ranges of (dpa, len) pairs. */
static int respond(struct kunit *test, struct ctm_mem *mem, u16 opcode,
		   u8 flags, const u64 *pairs, unsigned int n)
{
	struct cxl_mbox_dc_response *pl;
	size_t size = struct_size(pl, extent_list, n);

	pl = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pl);
	pl->extent_list_size = cpu_to_le32(n);
	pl->flags = flags;
	for (unsigned int i = 0; i < n; i++) {
		pl->extent_list[i].dpa_start = cpu_to_le64(pairs[2 * i]);
		pl->extent_list[i].length = cpu_to_le64(pairs[2 * i + 1]);
	}
	return mbox(mem, opcode, pl, size, NULL, 0);
}

static int accept(struct kunit *test, struct ctm_mem *mem, u8 flags,
		  const u64 *pairs, unsigned int n)
{
	return respond(test, mem, CXL_MBOX_OP_ADD_DC_RESPONSE, flags, pairs, n);
}

/* The next command with @opcode fails as an injected failure makes it. */
static void fail_next(struct ctm_mem *mem, u16 opcode)
{
	mem->faults.mbox_fail_opcode.val = opcode;
	mem->faults.mbox_fail.probability = 100;
	mem->faults.mbox_fail.verbose = 0;
	atomic_set(&mem->faults.mbox_fail.times, 1);
}

static int host_release(struct kunit *test, struct ctm_mem *mem,
			const u64 *pairs, unsigned int n)
{
	return respond(test, mem, CXL_MBOX_OP_RELEASE_DC, 0, pairs, n);
}

/*
 * Read the DCD log as the host does and clear what was read: the DCD
 * record bodies, in order, into @dcd (room for @max). Returns the count.
 */
static unsigned int read_log(struct kunit *test, struct ctm_mem *mem,
			     struct cxl_event_dcd *dcd, unsigned int max)
{
	struct cxl_get_event_payload *pl;
	struct cxl_mbox_clear_event_payload *clr;
	unsigned int total = 0;
	u8 log = CXL_EVENT_LOG_DCD;
	const uuid_t dc_uuid = CXL_EVENT_DC_UUID;

	pl = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	clr = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pl);
	KUNIT_ASSERT_NOT_NULL(test, clr);
	for (;;) {
		u16 n;

		KUNIT_ASSERT_EQ(test, mbox(mem, CXL_MBOX_OP_GET_EVENT_RECORD,
					   &log, 1, pl, SZ_4K),
				CXL_MBOX_CMD_RC_SUCCESS);
		n = le16_to_cpu(pl->record_count);
		if (!n)
			return total;
		memset(clr, 0, sizeof(*clr));
		clr->event_log = log;
		clr->nr_recs = n;
		for (u16 i = 0; i < n; i++) {
			struct cxl_event_record_raw *rec = &pl->records[i];

			KUNIT_EXPECT_TRUE(test, uuid_equal(&rec->id, &dc_uuid));
			if (total < max)
				memcpy(&dcd[total], &rec->event, sizeof(*dcd));
			total++;
			clr->handles[i] = rec->event.generic.hdr.handle;
		}
		KUNIT_ASSERT_EQ(test, mbox(mem, CXL_MBOX_OP_CLEAR_EVENT_RECORD,
					   clr, struct_size(clr, handles, n),
					   NULL, 0),
				CXL_MBOX_CMD_RC_SUCCESS);
	}
}

/*
 * Untagged extents at the @n ranges @r of region 0, offered and accepted
 * whole (@e: the host's DPA and length pairs), their records read: where
 * a release starts from.
 */
static void untagged_accepted(struct kunit *test, struct ctm_mem *mem,
			      struct ctm_dc_range *r, const u64 *e,
			      unsigned int n)
{
	KUNIT_ASSERT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_PRESCRIPTIVE, r,
				    n), 0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, e, n),
			CXL_MBOX_CMD_RC_SUCCESS);
	read_log(test, mem, NULL, 0);
}

/*
 * One extent of region 0, at @off for @len (@e: the host's DPA and length
 * pair), offered and accepted.
 */
static void accepted_one(struct kunit *test, struct ctm_mem *mem,
			 const uuid_t *tag, u64 off, u64 len, const u64 *e)
{
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, tag, off, len), 0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
}

/*
 * After the host's answer: @nr extents accepted, and whether an offer
 * still waits for its answer.
 */
static void expect_extents(struct kunit *test, struct ctm_mem *mem, u32 nr,
			   bool pending)
{
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, nr);
	KUNIT_EXPECT_EQ(test, !list_empty(&mem->dc->chains), pending);
}

/* No offer waits for an answer; @nr extents are accepted, all on @be. */
static void expect_settled(struct kunit *test, struct ctm_mem *mem,
			   struct ctm_backend *be, u32 nr)
{
	expect_extents(test, mem, nr, false);
	KUNIT_EXPECT_EQ(test, be->users, nr);
}

/* A response naming the extent @e is refused with @rc: nothing accepted. */
static void expect_refused(struct kunit *test, struct ctm_mem *mem,
			   const u64 *e, int rc)
{
	u32 nr = mem->dc->nr_extents;

	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, e, 1), rc);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, nr);
}

static unsigned int log_count(struct ctm_mem *mem)
{
	return mem->events[CXL_EVENT_LOG_DCD].nr;
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	while ((s = strchr(s, '\n'))) {
		n++;
		s++;
	}
	return n;
}

static const char *status(struct kunit *test, struct ctm_backend *be)
{
	char *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_backend_status(be, page, PAGE_SIZE - 1);
	/* The first line: the tag's state. */
	*strchrnul(page, '\n') = '\0';
	return page;
}

static struct ctm_extent *accepted(struct ctm_mem *mem, u64 dpa, u64 len)
{
	return ctm_extent_find(mem, dpa, len);
}

static void offer_is_one_more_linked_chain(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_8M);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { 8 * BLOCK, 2 * BLOCK },
				    { 4 * BLOCK, BLOCK } };
	struct cxl_event_dcd dcd[4];
	uuid_t tag;

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 3),
			0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 4), 3);
	for (int i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, dcd[i].event_type,
				CXL_DC_EVENT_ADD_CAPACITY);
		KUNIT_EXPECT_EQ(test, dcd[i].region_index, 0);
		KUNIT_EXPECT_EQ(test, dcd[i].flags & CXL_DC_EVENT_MORE,
				i < 2 ? CXL_DC_EVENT_MORE : 0);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[i].extent.start_dpa),
				R0 + r[i].off);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[i].extent.length),
				r[i].len);
		/* Not sharable: every sequence number is 0. */
		KUNIT_EXPECT_EQ(test, le16_to_cpu(dcd[i].extent.shared_extn_seq),
				0);
		import_uuid(&tag, dcd[i].extent.tag);
		KUNIT_EXPECT_TRUE(test, uuid_equal(&tag, &tag_a));
	}
	/* Offered, not bound: the backend's ranges are reserved. */
	KUNIT_EXPECT_EQ(test, be->users, 3);
	/* Each extent holds a reference on the backend. */
	KUNIT_EXPECT_EQ(test, kref_read(&be->ref), 1 + 3);
	KUNIT_EXPECT_STREQ(test, status(test, be), "pending");
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

static void sharable_region_numbers_the_chain(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK },
				    { 2 * BLOCK, BLOCK } };
	struct cxl_event_dcd dcd[3];

	backend_a(test, SZ_8M);
	KUNIT_ASSERT_EQ(test, offer(mem, 1, &tag_a, CTM_DC_PRESCRIPTIVE, r, 3),
			0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 3), 3);
	for (int i = 0; i < 3; i++) {
		/* Defined for a configuration change only (Table 8-57). */
		KUNIT_EXPECT_EQ(test, dcd[i].region_index, 0);
		KUNIT_EXPECT_EQ(test, le16_to_cpu(dcd[i].extent.shared_extn_seq),
				i);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[i].extent.start_dpa),
				R1 + i * BLOCK);
	}
}

static void bad_offers_change_nothing(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	struct ctm_dc_range two[] = { { 0, 2 * BLOCK }, { BLOCK, BLOCK } };
	struct ctm_dc_range r = { 0, BLOCK };

	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &tag_a, 16 * BLOCK, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, log_count(mem), 1);

	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_b, 0, BLOCK), -ENOENT);
	KUNIT_EXPECT_EQ(test, offer1(mem, 2, &tag_a, 0, BLOCK), -ENXIO);
	KUNIT_EXPECT_EQ(test, offer1(mem, 7, &tag_a, 0, BLOCK), -ENXIO);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, SZ_1M, BLOCK), -EINVAL);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, SZ_1M), -EINVAL);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, REGION_SIZE, BLOCK),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, REGION_SIZE - BLOCK,
				     2 * BLOCK), -ERANGE);
	/* Overlapping each other, or the pending offer. */
	KUNIT_EXPECT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, two,
				    2), -EINVAL);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 15 * BLOCK, 2 * BLOCK),
			-EBUSY);
	/* 2 MiB held, 4 MiB more does not fit a 4 MiB backend. */
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, 2 * BLOCK), -ENOSPC);
	KUNIT_EXPECT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, &r, 0),
			-EINVAL);

	KUNIT_EXPECT_EQ(test, log_count(mem), 1);
	KUNIT_EXPECT_EQ(test, be->users, 1);
	/* The range a refused offer named is still free. */
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, BLOCK), 0);
	KUNIT_EXPECT_EQ(test, log_count(mem), 2);
}

static void free_policy_fills_first_gap(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { 0, 2 * BLOCK } };
	struct ctm_dc_range huge = { 0, REGION_SIZE };

	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 0, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 2 * BLOCK, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_FREE, r, 2), 0);
	/* The one-block gap takes the first, the second goes after. */
	KUNIT_EXPECT_EQ(test, r[0].off, BLOCK);
	KUNIT_EXPECT_EQ(test, r[1].off, 3 * BLOCK);
	KUNIT_EXPECT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_FREE, &huge, 1),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, log_count(mem), 4);
}

static void backend_holds_several_extents_up_to_its_size(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_8M);

	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, SZ_32M, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, SZ_64M, SZ_4M), -ENOSPC);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, SZ_64M, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, be->users, 3);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, SZ_128M, SZ_2M), -ENOSPC);
}

static void response_accepts_and_binds(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = new_backend(test, ctm_kunit_pool(test, SZ_16M),
					     &tag_a, SZ_4M, 0x5a);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { 4 * BLOCK, BLOCK } };
	u64 both[] = { R0, BLOCK, R0 + 4 * BLOCK, BLOCK };
	struct cxl_mbox_get_extent_in in = { .extent_cnt = cpu_to_le32(8) };
	struct cxl_mbox_get_extent_out *out;
	u32 gen = mem->dc->ext_gen;

	out = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 2),
			0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, both, 2),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_NE(test, mem->dc->ext_gen, gen);
	KUNIT_EXPECT_TRUE(test, list_empty(&mem->dc->chains));
	KUNIT_EXPECT_STREQ(test, status(test, be), "accepted");
	KUNIT_ASSERT_NOT_NULL(test, accepted(mem, R0, BLOCK));
	KUNIT_EXPECT_PTR_EQ(test, accepted(mem, R0, BLOCK)->be, be);
	/* Each extent has its own range of the backend. */
	KUNIT_EXPECT_NE(test, accepted(mem, R0, BLOCK)->be_off,
			accepted(mem, R0 + 4 * BLOCK, BLOCK)->be_off);

	KUNIT_ASSERT_EQ(test, mbox(mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST, &in,
				   sizeof(in), out, SZ_4K),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out->total_extent_count), 2);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(out->extent[1].start_dpa),
			R0 + 4 * BLOCK);
	/* Accepted already: no offer is pending any more. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, both, 2),
			CXL_MBOX_CMD_RC_PADDR);
}

static void unlisted_extents_are_dropped(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK } };
	u64 first[] = { R0, BLOCK };

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 2),
			0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, first, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
	/* The dropped extent's reservation and range are free again. */
	KUNIT_EXPECT_EQ(test, be->users, 1);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, BLOCK, BLOCK), 0);

	/* An empty response takes nothing. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	expect_settled(test, mem, be, 1);
}

static void response_must_name_offered_ranges(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, 2 * BLOCK }, { 4 * BLOCK, BLOCK } };
	u64 never[] = { R0 + 8 * BLOCK, BLOCK };
	u64 part[] = { R0, BLOCK };
	u64 twice[] = { R0, 2 * BLOCK, R0, 2 * BLOCK };
	u64 good_then_bad[] = { R0, 2 * BLOCK, R0 + 8 * BLOCK, BLOCK };
	u64 zero[] = { R0, 0 };
	u64 unaligned[] = { R0 + SZ_1M, BLOCK };
	u64 outside[] = { R0 - BLOCK, BLOCK };
	/* Malformed is found in the whole list before any range is looked up. */
	u64 never_then_unaligned[] = { R0 + 8 * BLOCK, BLOCK, R0, SZ_1M };

	const struct {
		const u64 *pairs;
		unsigned int n;
		int rc;
	} bad[] = {
		{ never, 1, CXL_MBOX_CMD_RC_PADDR },
		{ part, 1, CXL_MBOX_CMD_RC_PADDR },
		{ outside, 1, CXL_MBOX_CMD_RC_PADDR },
		{ zero, 1, CXL_MBOX_CMD_RC_EXTLIST },
		{ unaligned, 1, CXL_MBOX_CMD_RC_EXTLIST },
		{ never_then_unaligned, 2, CXL_MBOX_CMD_RC_EXTLIST },
		{ twice, 2, CXL_MBOX_CMD_RC_EXTLIST },
		{ good_then_bad, 2, CXL_MBOX_CMD_RC_PADDR },
	};

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_PRESCRIPTIVE, r,
				    2), 0);
	for (int i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, accept(test, mem, 0, bad[i].pairs,
						 bad[i].n),
				    bad[i].rc, "case %d", i);
	/* Nothing was accepted, the offer still waits for its answer. */
	expect_extents(test, mem, 0, true);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, good_then_bad, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
}

static void responses_answer_the_oldest_offer(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	u64 a[] = { R0, BLOCK };
	u64 b[] = { R0 + 8 * BLOCK, BLOCK };

	/* Nothing offered: no range is an offered one; empty is a no-op. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, a, 1),
			CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 0, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 8 * BLOCK, BLOCK), 0);
	/* Out of order: the second offer's extent is not the first's. */
	expect_refused(test, mem, b, CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, a, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, b, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, b, 1),
			CXL_MBOX_CMD_RC_PADDR);
}

/*
 * An Add DC Response split over payloads with More is one answer, taken
 * with its last payload; an extent listed twice in the series is refused,
 * and a refused payload ends the series with nothing accepted.
 */
static void split_response_completes_without_more(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_8M);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK },
				    { 2 * BLOCK, BLOCK } };
	u64 e0[] = { R0, BLOCK }, e1[] = { R0 + BLOCK, BLOCK };

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 3),
			0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, CXL_DC_RESPONSE_MORE, e0, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	/* Nothing is accepted before the series' last payload. */
	expect_extents(test, mem, 0, true);
	KUNIT_EXPECT_STREQ(test, status(test, be), "pending");
	/* Listed again in the series: refused, and the series ends. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, e0, 1),
			CXL_MBOX_CMD_RC_EXTLIST);
	expect_extents(test, mem, 0, true);
	/* The next answer starts over; the third was left out: dropped. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, CXL_DC_RESPONSE_MORE, e1, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, e0, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	expect_settled(test, mem, be, 2);
	KUNIT_EXPECT_STREQ(test, status(test, be), "accepted");
}

/*
 * A payload of an Add DC Response series that the device refuses without
 * running it (an injected failure) ends the series: the host, told the
 * response failed, drops the offer and answers it empty, and then
 * neither side holds any of it.
 */
static void injected_add_failure_ends_the_series(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_8M);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK } };
	u64 e0[] = { R0, BLOCK }, e1[] = { R0 + BLOCK, BLOCK };

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 2),
			0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, CXL_DC_RESPONSE_MORE, e0, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	fail_next(mem, CXL_MBOX_OP_ADD_DC_RESPONSE);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, e1, 1),
			CXL_MBOX_CMD_RC_INTERNAL);
	expect_extents(test, mem, 0, true);
	/* The host's empty answer: nothing of the offer is accepted. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	expect_settled(test, mem, be, 0);
}

static void release_waits_for_the_host(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	u64 e[] = { R1, SZ_4M };
	struct cxl_event_dcd dcd[2];

	KUNIT_EXPECT_STREQ(test, status(test, be), "not-found");
	KUNIT_ASSERT_EQ(test, offer1(mem, 1, &tag_a, 0, SZ_4M), 0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	read_log(test, mem, dcd, 2);

	KUNIT_ASSERT_EQ(test, release(mem, 1, 0, SZ_4M, false), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 2), 1);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_RELEASE_CAPACITY);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[0].extent.start_dpa), R1);
	KUNIT_EXPECT_EQ(test, dcd[0].flags, 0);
	KUNIT_EXPECT_STREQ(test, status(test, be), "release-pending");
	/* Still the host's until it answers. */
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
	/* Asking again is a retry: one more record, the same state. */
	KUNIT_EXPECT_EQ(test, release(mem, 1, 0, SZ_4M, false), 0);
	KUNIT_EXPECT_EQ(test, read_log(test, mem, dcd, 2), 1);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_RELEASE_CAPACITY);
	KUNIT_EXPECT_STREQ(test, status(test, be), "release-pending");

	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
	KUNIT_EXPECT_EQ(test, be->users, 0);
	KUNIT_EXPECT_STREQ(test, status(test, be), "released");
	/* Released already. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, release(mem, 1, 0, SZ_4M, false), -ENOENT);
}

static void response_naming_released_extent_is_refused(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	u64 e[] = { R0, BLOCK };
	u64 f[] = { R0 + 2 * BLOCK, BLOCK };

	accepted_one(test, mem, &uuid_null, 0, BLOCK, e);
	KUNIT_ASSERT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 2 * BLOCK, BLOCK), 0);
	/* Released, and not part of the pending offer. */
	expect_refused(test, mem, e, CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, f, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
}

/*
 * A Release DC split over payloads with More releases nothing until its
 * last payload; a refused payload ends the series with nothing released.
 */
static void release_series_goes_with_its_last_payload(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK },
				    { 2 * BLOCK, BLOCK } };
	u64 e[] = { R0, BLOCK, R0 + BLOCK, BLOCK, R0 + 2 * BLOCK, BLOCK };
	u64 bad[] = { R0 + 8 * BLOCK, BLOCK };

	untagged_accepted(test, mem, r, e, 3);

	KUNIT_EXPECT_EQ(test, respond(test, mem, CXL_MBOX_OP_RELEASE_DC,
				      CXL_DC_RESPONSE_MORE, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 3);
	/* Refused: the series ends, e[0] stays with the device. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, bad, 1),
			CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, &e[2], 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_NOT_NULL(test, ctm_extent_find(mem, e[0], e[1]));

	/* A series of two payloads: both go with the second. */
	KUNIT_EXPECT_EQ(test, respond(test, mem, CXL_MBOX_OP_RELEASE_DC,
				      CXL_DC_RESPONSE_MORE, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, &e[4], 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

static void release_takes_whole_extents_only(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, 2 * BLOCK }, { 2 * BLOCK, BLOCK } };
	u64 e[] = { R0, 2 * BLOCK, R0 + 2 * BLOCK, BLOCK };
	u64 half[] = { R0, BLOCK };
	u64 good_and_half[] = { R0 + 2 * BLOCK, BLOCK, R0, BLOCK };
	u64 twice[] = { R0, 2 * BLOCK, R0, 2 * BLOCK };
	u64 unaligned[] = { R0 + SZ_1M, BLOCK }, zero[] = { R0, 0 };
	struct ctm_dc_range both[] = { { 0, 2 * BLOCK }, { 0, 2 * BLOCK } };

	untagged_accepted(test, mem, r, e, 2);

	/* Splitting an extent, spanning two, naming nothing, twice. */
	KUNIT_EXPECT_EQ(test, release(mem, 0, 0, BLOCK, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, release(mem, 0, 0, 3 * BLOCK, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, release(mem, 0, 8 * BLOCK, BLOCK, false),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, release(mem, 0, SZ_1M, BLOCK, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, release(mem, 3, 0, BLOCK, false), -ENXIO);
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		KUNIT_EXPECT_EQ(test, ctm_dc_release_ranges(mem, 0, both, 2,
							    false), -EINVAL);
	}
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &uuid_null, 8 * BLOCK, BLOCK), 0);
	KUNIT_EXPECT_EQ(test, release(mem, 0, 8 * BLOCK, BLOCK, false), -EBUSY);
	KUNIT_EXPECT_EQ(test, log_count(mem), 1);

	/* The host's Release DC is all or nothing. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, half, 1),
			CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, good_and_half, 2),
			CXL_MBOX_CMD_RC_PADDR);
	/* A malformed list: named twice, not whole blocks, empty range. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, twice, 2),
			CXL_MBOX_CMD_RC_EXTLIST);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, unaligned, 1),
			CXL_MBOX_CMD_RC_EXTLIST);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, zero, 1),
			CXL_MBOX_CMD_RC_EXTLIST);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, NULL, 0),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	/* The host may give back what the device did not ask for. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 2),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

static void release_by_tag_takes_every_extent(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	struct ctm_backend *a = new_backend(test, pool, &tag_a, SZ_4M, 0);
	struct ctm_backend *b = new_backend(test, pool, &tag_b, SZ_4M, 0);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { 8 * BLOCK, BLOCK } };
	u64 ea[] = { R0, BLOCK, R0 + 8 * BLOCK, BLOCK };
	u64 eb[] = { R0 + 4 * BLOCK, BLOCK };
	struct cxl_event_dcd dcd[3];

	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 2),
			0);
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &tag_b, 4 * BLOCK, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, release_tag(mem, &tag_a, false), -ENOENT);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, ea, 2),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, eb, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	read_log(test, mem, NULL, 0);

	KUNIT_EXPECT_EQ(test, release_tag(mem, &uuid_null, false), -EINVAL);
	KUNIT_ASSERT_EQ(test, release_tag(mem, &tag_a, false), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 3), 2);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[0].extent.start_dpa), R0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[1].extent.start_dpa),
			R0 + 8 * BLOCK);
	KUNIT_EXPECT_STREQ(test, status(test, a), "release-pending");
	KUNIT_EXPECT_STREQ(test, status(test, b), "accepted");
	/* A retry asks for both again. */
	KUNIT_EXPECT_EQ(test, release_tag(mem, &tag_a, false), 0);
	KUNIT_EXPECT_EQ(test, read_log(test, mem, dcd, 3), 2);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, ea, 2),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_STREQ(test, status(test, a), "released");
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
}

static void forced_release_drops_at_once(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	u64 e[] = { R0, BLOCK };
	struct cxl_event_dcd dcd[2];

	accepted_one(test, mem, &tag_a, 0, BLOCK, e);
	KUNIT_ASSERT_EQ(test, release(mem, 0, 0, BLOCK, false), 0);
	read_log(test, mem, NULL, 0);
	/* Forcing also takes what waits for the host already. */
	KUNIT_ASSERT_EQ(test, release_tag(mem, &tag_a, true), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 2), 1);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_FORCED_RELEASE);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
	KUNIT_EXPECT_EQ(test, be->users, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&be->ref), 1);
	KUNIT_EXPECT_STREQ(test, status(test, be), "released");
	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_PADDR);
	/* The range may be offered again. */
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &tag_a, 0, BLOCK), 0);
}

/* Whether every byte of the backend's store is @val. */
static bool backend_is(struct ctm_backend *be, u8 val)
{
	u8 *page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	bool is = page;

	guard(mutex)(&ctm_cfg_lock);
	for (u64 off = 0; is && off < be->size; off += PAGE_SIZE) {
		ctm_store_read(&be->store, off, page, PAGE_SIZE);
		is = !memchr_inv(page, val, PAGE_SIZE);
	}
	kfree(page);
	return is;
}

static void sanitize_on_release_zeroes_the_tag(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	struct ctm_backend *a = new_backend(test, pool, &tag_a, SZ_2M, 0x5a);
	struct ctm_backend *b = new_backend(test, pool, &tag_b, SZ_2M, 0x6b);
	u64 ea[] = { R0, BLOCK };
	u64 eb[] = { R1, BLOCK };

	accepted_one(test, mem, &tag_a, 0, BLOCK, ea);
	KUNIT_ASSERT_EQ(test, offer1(mem, 1, &tag_b, 0, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, eb, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_TRUE(test, backend_is(a, 0x5a));
	KUNIT_EXPECT_TRUE(test, backend_is(b, 0x6b));
	/* Region 0 sanitizes on release, region 1 does not. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, ea, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, eb, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_TRUE(test, backend_is(a, 0));
	KUNIT_EXPECT_TRUE(test, backend_is(b, 0x6b));
}

static void dropped_offer_keeps_backend_contents(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *a = new_backend(test, ctm_kunit_pool(test, SZ_16M),
					    &tag_a, SZ_2M, 0x5a);

	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &tag_a, 0, BLOCK), 0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_TRUE(test, backend_is(a, 0x5a));
	KUNIT_EXPECT_STREQ(test, status(test, a), "not-found");
}

static int inject(struct ctm_mem *mem, u64 dpa, u64 len, const uuid_t *tag,
		  bool more, u16 seq)
{
	guard(mutex)(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	return ctm_dc_inject(mem, dpa, len, tag, more, seq);
}

static void duplicate_offer_is_accepted_once(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	u64 e[] = { R0, 2 * BLOCK };
	u64 inside[] = { R0 + BLOCK, BLOCK };
	u64 across[] = { R0 + BLOCK, 2 * BLOCK };

	accepted_one(test, mem, &tag_a, 0, 2 * BLOCK, e);
	/* Injected re-offers inside and across the accepted extent. */
	KUNIT_ASSERT_EQ(test, inject(mem, R0 + BLOCK, BLOCK, &tag_a, true, 0),
			0);
	KUNIT_ASSERT_EQ(test, inject(mem, R0 + BLOCK, 2 * BLOCK, &tag_a, false,
				     0), 0);
	KUNIT_EXPECT_EQ(test, be->users, 1);
	/* Across is not inside one accepted extent: a wrong address. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, CXL_DC_RESPONSE_MORE, across,
				     1), CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, inside, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	expect_settled(test, mem, be, 1);
}

static void injected_more_holds_the_chain_open(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct cxl_event_dcd dcd[3];
	u64 both[] = { R0, BLOCK, R0 + 4 * BLOCK, BLOCK };

	KUNIT_EXPECT_EQ(test, inject(mem, R0 + SZ_1M, BLOCK, &uuid_null, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, inject(mem, SZ_128M, BLOCK, &uuid_null, 0, 0),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, inject(mem, R0 + REGION_SIZE - BLOCK, 2 * BLOCK,
				     &uuid_null, 0, 0), -ERANGE);
	KUNIT_ASSERT_EQ(test, inject(mem, R0, BLOCK, &tag_a, true, 0), 0);
	KUNIT_EXPECT_EQ(test, inject(mem, R0, BLOCK, &tag_a, false, 0), -EBUSY);
	/* A configfs offer would land inside the open chain. */
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &uuid_null, 16 * BLOCK, BLOCK),
			-EBUSY);
	KUNIT_ASSERT_EQ(test, inject(mem, R0 + 4 * BLOCK, BLOCK, &tag_a, false,
				     1), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 3), 2);
	KUNIT_EXPECT_EQ(test, dcd[0].flags, CXL_DC_EVENT_MORE);
	KUNIT_EXPECT_EQ(test, dcd[1].flags, 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dcd[1].extent.shared_extn_seq), 1);
	/* No backend has tag A: accepted unbacked. */
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, both, 2),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_NULL(test, accepted(mem, R0, BLOCK)->be);
	/* Tag release finds them without a backend, the slow way. */
	KUNIT_EXPECT_EQ(test, release_tag(mem, &tag_a, true), 0);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

static void injected_release_covers_touched_extents(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, 2 * BLOCK }, { 2 * BLOCK, BLOCK } };
	u64 e[] = { R0, 2 * BLOCK, R0 + 2 * BLOCK, BLOCK };
	struct cxl_event_dcd dcd[3];

	untagged_accepted(test, mem, r, e, 2);
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		/* Permissive: a range nothing holds is the host's to judge. */
		KUNIT_EXPECT_EQ(test, ctm_dc_inject_release(mem, R0 + 8 * BLOCK,
							    BLOCK, &uuid_null,
							    false), 0);
		/* Forced, it must take something. */
		KUNIT_EXPECT_EQ(test, ctm_dc_inject_release(mem, R0 + 8 * BLOCK,
							    BLOCK, &uuid_null,
							    true), -ENOENT);
		/* Part of the first extent: the whole one is asked back. */
		KUNIT_EXPECT_EQ(test, ctm_dc_inject_release(mem, R0 + BLOCK,
							    BLOCK, &uuid_null,
							    false), 0);
		KUNIT_EXPECT_EQ(test, accepted(mem, R0, 2 * BLOCK)->state,
				CTM_EXT_RELEASING);
		KUNIT_EXPECT_EQ(test, accepted(mem, R0 + 2 * BLOCK,
					       BLOCK)->state,
				CTM_EXT_ACCEPTED);
		KUNIT_EXPECT_EQ(test, ctm_dc_inject_release(mem, R0, 3 * BLOCK,
							    &uuid_null, true),
				0);
	}
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 3), 3);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_RELEASE_CAPACITY);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[0].extent.start_dpa),
			R0 + 8 * BLOCK);
	KUNIT_EXPECT_EQ(test, dcd[1].event_type, CXL_DC_EVENT_RELEASE_CAPACITY);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[1].extent.start_dpa), R0 + BLOCK);
	KUNIT_EXPECT_EQ(test, dcd[2].event_type, CXL_DC_EVENT_FORCED_RELEASE);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

static void preload_makes_accepted_extents(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	struct ctm_dc_preload pre[] = {
		{ .region = 0, .off = 0, .len = BLOCK },
		{ .region = 1, .off = BLOCK, .len = BLOCK, .tag = tag_a,
		  .seq = 0 },
	};
	struct ctm_dc_preload overlap = { .region = 0, .off = 0, .len = BLOCK };
	struct ctm_dc_preload nowhere = { .region = 4, .len = BLOCK };
	int rc;

	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		rc = ctm_dc_preload(mem, pre, ARRAY_SIZE(pre));
		KUNIT_EXPECT_EQ(test, rc, 0);
		KUNIT_EXPECT_EQ(test, ctm_dc_preload(mem, &overlap, 1), -EBUSY);
		KUNIT_EXPECT_EQ(test, ctm_dc_preload(mem, &nowhere, 1), -ENXIO);
	}
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_STREQ(test, status(test, be), "accepted");
	KUNIT_ASSERT_NOT_NULL(test, accepted(mem, R1 + BLOCK, BLOCK));
	KUNIT_EXPECT_PTR_EQ(test, accepted(mem, R1 + BLOCK, BLOCK)->be, be);
	/* Nothing was offered: no record, no pending chain. */
	KUNIT_EXPECT_EQ(test, log_count(mem), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&mem->dc->chains));
}

static void full_log_refuses_whole_offer(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	unsigned int room = CTM_EVENT_LOG_SIZE - 1;
	struct ctm_dc_range *r = kunit_kcalloc(test, room, sizeof(*r),
					       GFP_KERNEL);
	struct ctm_dc_range two[] = { { 0, 64 * 1024 }, { 0, 64 * 1024 } };

	KUNIT_ASSERT_NOT_NULL(test, r);
	mem->cfg.dc[0].block_size = 64 * 1024;
	for (unsigned int i = 0; i < room; i++)
		r[i].len = 64 * 1024;
	KUNIT_ASSERT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_FREE, r, room),
			0);
	KUNIT_EXPECT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_FREE, two, 2),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, log_count(mem), room);
}

/*
 * A thousand live extents and a hundred tags, each its own backend: no
 * table fills up, and releasing by tag finds exactly that tag's extents.
 */
static void thousand_extents_live_at_once(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_pool *pool = ctm_kunit_pool(test, 100 * SZ_2M);
	struct ctm_backend **be = kunit_kcalloc(test, 100, sizeof(*be),
						GFP_KERNEL);
	u64 *pairs = kunit_kcalloc(test, 2 * 10, sizeof(*pairs), GFP_KERNEL);
	struct ctm_dc_range *r = kunit_kcalloc(test, 10, sizeof(*r),
					       GFP_KERNEL);
	uuid_t tag;

	KUNIT_ASSERT_NOT_NULL(test, be);
	KUNIT_ASSERT_NOT_NULL(test, pairs);
	KUNIT_ASSERT_NOT_NULL(test, r);
	/* 64 KiB blocks: ten tags of ten extents per chain. */
	mem->cfg.dc[0].block_size = 64 * 1024;
	for (int t = 0; t < 100; t++) {
		tag = tag_a;
		tag.b[15] = t;
		be[t] = new_backend(test, pool, &tag, SZ_2M, 0);
	}
	for (int t = 0; t < 100; t++) {
		tag = tag_a;
		tag.b[15] = t;
		for (int i = 0; i < 10; i++)
			r[i] = (struct ctm_dc_range){ 0, 64 * 1024 };
		KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag, CTM_DC_FREE, r, 10),
				0);
		for (int i = 0; i < 10; i++) {
			pairs[2 * i] = R0 + r[i].off;
			pairs[2 * i + 1] = r[i].len;
		}
		KUNIT_ASSERT_EQ(test, accept(test, mem, 0, pairs, 10),
				CXL_MBOX_CMD_RC_SUCCESS);
		/* The host clears what it read, so the log never fills. */
		if (t % 50 == 49)
			read_log(test, mem, NULL, 0);
	}
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1000);
	KUNIT_EXPECT_EQ(test, be[42]->users, 10);
	/* The listing has every one of them, well beyond a page. */
	scoped_guard(mutex, &mem->mbox_lock) {
		ssize_t len = ctm_dc_extents_show(mem, NULL, 0);
		char *buf;

		KUNIT_ASSERT_GT(test, len, PAGE_SIZE);
		buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_EXPECT_EQ(test, ctm_dc_extents_show(mem, buf, len), len);
		KUNIT_EXPECT_EQ(test, count_lines(buf), 1000);
		/* A short buffer gets what fits. */
		KUNIT_EXPECT_EQ(test, ctm_dc_extents_show(mem, buf, 10), 10);
	}
	tag = tag_a;
	tag.b[15] = 42;
	KUNIT_EXPECT_EQ(test, release_tag(mem, &tag, true), 0);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 990);
	KUNIT_EXPECT_EQ(test, be[42]->users, 0);
	KUNIT_EXPECT_EQ(test, be[41]->users, 10);
}

/* Pending and accepted extents and distinct live tags use the budgets. */
static void budgets_count_live_extents_and_tags(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK } };
	u64 e[] = { R0, BLOCK };
	struct cxl_event_dcd dcd[2];
	unsigned int live, tags;

	backend_a(test, SZ_8M);
	KUNIT_ASSERT_EQ(test, offer(mem, 0, &tag_a, CTM_DC_PRESCRIPTIVE, r, 2),
			0);
	KUNIT_EXPECT_EQ(test, ctm_dc_extents_avail(mem), CTM_MAX_EXTENTS - 2);
	KUNIT_EXPECT_EQ(test, ctm_dc_tags_avail(mem), CTM_MAX_TAGS - 1);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 2), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(dcd[1].extents_avail),
			CTM_MAX_EXTENTS - 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(dcd[1].tags_avail),
			CTM_MAX_TAGS - 1);
	/* One accepted, the other dropped with the offer. */
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, ctm_dc_extents_avail(mem), CTM_MAX_EXTENTS - 1);
	KUNIT_EXPECT_EQ(test, ctm_dc_tags_avail(mem), CTM_MAX_TAGS - 1);

	/* Near the ends of the budgets: what would overrun is refused. */
	live = mem->dc->nr_live;
	tags = mem->dc->nr_tags;
	mem->dc->nr_live = CTM_MAX_EXTENTS - 1;
	KUNIT_EXPECT_EQ(test, offer(mem, 0, &uuid_null, CTM_DC_PRESCRIPTIVE,
				    &r[1], 1), 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_extents_avail(mem), 0);
	KUNIT_EXPECT_EQ(test, offer1(mem, 0, &uuid_null, 4 * BLOCK, BLOCK),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, inject(mem, R0 + 4 * BLOCK, BLOCK, &uuid_null,
				     false, 0), -ENOSPC);
	/* Never wraps, even past the budget. */
	mem->dc->nr_live = CTM_MAX_EXTENTS + 5;
	KUNIT_EXPECT_EQ(test, ctm_dc_extents_avail(mem), 0);
	/* The untagged offer above is live too. */
	mem->dc->nr_live = live + 1;
	mem->dc->nr_tags = CTM_MAX_TAGS;
	KUNIT_EXPECT_EQ(test, ctm_dc_tags_avail(mem), 0);
	KUNIT_EXPECT_EQ(test, inject(mem, R0 + 4 * BLOCK, BLOCK, &tag_b,
				     false, 0), -ENOSPC);
	mem->dc->nr_tags = tags;
	KUNIT_EXPECT_EQ(test, log_count(mem), 1);
}

/* Extents of a tag that had no backend when added are the tag's too. */
static void status_counts_unbacked_extents(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_pool *pool = ctm_kunit_pool(test, SZ_16M);
	u64 e[] = { R0 + BLOCK, BLOCK };
	struct ctm_backend *be;

	KUNIT_ASSERT_EQ(test, inject(mem, R0 + BLOCK, BLOCK, &tag_b, false, 0),
			0);
	KUNIT_ASSERT_EQ(test, accept(test, mem, 0, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, accepted(mem, R0 + BLOCK, BLOCK));
	KUNIT_EXPECT_NULL(test, accepted(mem, R0 + BLOCK, BLOCK)->be);
	be = new_backend(test, pool, &tag_b, SZ_4M, 0);
	KUNIT_EXPECT_STREQ(test, status(test, be), "accepted");
	KUNIT_ASSERT_EQ(test, release_tag(mem, &tag_b, false), 0);
	KUNIT_EXPECT_STREQ(test, status(test, be), "release-pending");
	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_STREQ(test, status(test, be), "not-found");
}

/* A host that accepts nothing answers with an empty response. */
static void empty_response_drops_the_offer(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	u64 e[] = { R0, BLOCK };

	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &tag_a, 0, BLOCK), 0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_TRUE(test, list_empty(&mem->dc->chains));
	KUNIT_EXPECT_EQ(test, be->users, 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_extents_avail(mem), CTM_MAX_EXTENTS);
	/* The next offer is answered on its own. */
	KUNIT_ASSERT_EQ(test, offer1(mem, 0, &tag_a, 0, BLOCK), 0);
	KUNIT_EXPECT_EQ(test, accept(test, mem, 0, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_STREQ(test, status(test, be), "accepted");
}

/* A Release DC that fails leaves the extent to be asked for again. */
static void failed_release_is_retried(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_backend *be = backend_a(test, SZ_4M);
	u64 e[] = { R0, BLOCK }, wrong[] = { R0, 2 * BLOCK };
	struct cxl_event_dcd dcd[1];

	accepted_one(test, mem, &tag_a, 0, BLOCK, e);
	read_log(test, mem, NULL, 0);
	KUNIT_ASSERT_EQ(test, release(mem, 0, 0, BLOCK, false), 0);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, wrong, 1),
			CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, accepted(mem, R0, BLOCK)->state,
			CTM_EXT_RELEASING);
	read_log(test, mem, NULL, 0);
	/* Retried by range, and by the permissive knob. */
	KUNIT_EXPECT_EQ(test, release(mem, 0, 0, BLOCK, false), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 1), 1);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_RELEASE_CAPACITY);
	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		KUNIT_EXPECT_EQ(test, ctm_dc_inject_release(mem, R0, BLOCK,
							    &tag_a, false), 0);
	}
	KUNIT_EXPECT_EQ(test, read_log(test, mem, NULL, 0), 1);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
	KUNIT_EXPECT_STREQ(test, status(test, be), "released");
}

/*
 * News of the device that the host cannot be asked to wait for: a full
 * DCD log counts it as overflow, the write that raised it succeeds.
 */
static void region_event_overflows_a_full_log(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_event_log *log = &mem->events[CXL_EVENT_LOG_DCD];

	guard(mutex)(&mem->mbox_lock);
	for (int i = 0; i < CTM_EVENT_LOG_SIZE; i++)
		KUNIT_ASSERT_EQ(test, ctm_dc_region_event(mem, i % 2), 0);
	KUNIT_EXPECT_EQ(test, log->nr, CTM_EVENT_LOG_SIZE);
	KUNIT_EXPECT_EQ(test, log->overflow, 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_region_event(mem, 0), 0);
	KUNIT_EXPECT_EQ(test, ctm_dc_region_event(mem, 1), 0);
	KUNIT_EXPECT_EQ(test, log->nr, CTM_EVENT_LOG_SIZE);
	KUNIT_EXPECT_EQ(test, log->overflow, 2);
	/* A region the device does not have is refused, and not counted. */
	KUNIT_EXPECT_EQ(test, ctm_dc_region_event(mem, 2), -ENXIO);
	KUNIT_EXPECT_EQ(test, log->overflow, 2);
}

/*
 * Records carry the device's clock (CXL r3.1 8.2.9.4.2): 0 until the host
 * sets it with Set Timestamp, then counting on from what it set. Only a
 * configuration change names a region (Updated Region Index).
 */
static void records_carry_the_device_clock(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	__le64 ts = cpu_to_le64(1000 * NSEC_PER_SEC);
	struct cxl_event_dcd dcd[2];
	u64 t;

	backend_a(test, SZ_4M);
	KUNIT_ASSERT_EQ(test, offer1(mem, 1, &tag_a, 0, BLOCK), 0);
	scoped_guard(mutex, &mem->mbox_lock)
		KUNIT_ASSERT_EQ(test, ctm_dc_region_event(mem, 1), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 2), 2);
	KUNIT_EXPECT_EQ(test, dcd[0].event_type, CXL_DC_EVENT_ADD_CAPACITY);
	KUNIT_EXPECT_EQ(test, dcd[0].region_index, 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[0].hdr.timestamp), 0);
	KUNIT_EXPECT_EQ(test, dcd[1].event_type,
			CXL_DC_EVENT_REGION_CONFIG_UPDATED);
	KUNIT_EXPECT_EQ(test, dcd[1].region_index, 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(dcd[1].hdr.timestamp), 0);

	KUNIT_ASSERT_EQ(test, mbox(mem, CXL_MBOX_OP_SET_TIMESTAMP, &ts,
				   sizeof(ts), NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	scoped_guard(mutex, &mem->mbox_lock)
		KUNIT_ASSERT_EQ(test, ctm_dc_region_event(mem, 0), 0);
	KUNIT_ASSERT_EQ(test, read_log(test, mem, dcd, 1), 1);
	t = le64_to_cpu(dcd[0].hdr.timestamp);
	KUNIT_EXPECT_GE(test, t, 1000 * NSEC_PER_SEC);
	KUNIT_EXPECT_LT(test, t, 1060 * NSEC_PER_SEC);
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * A payload of the series the device refuses without running it (an
 * injected failure) ends the series as a refusal of its own does: what
 * earlier payloads named stays with the device, as the host keeps it.
 */
static void injected_release_failure_ends_the_series(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test);
	struct ctm_dc_range r[] = { { 0, BLOCK }, { BLOCK, BLOCK } };
	u64 e[] = { R0, BLOCK, R0 + BLOCK, BLOCK };

	untagged_accepted(test, mem, r, e, 2);
	KUNIT_EXPECT_EQ(test, respond(test, mem, CXL_MBOX_OP_RELEASE_DC,
				      CXL_DC_RESPONSE_MORE, e, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	fail_next(mem, CXL_MBOX_OP_RELEASE_DC);
	KUNIT_EXPECT_EQ(test, host_release(test, mem, &e[2], 1),
			CXL_MBOX_CMD_RC_INTERNAL);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	/* The next release names only its own extent. */
	KUNIT_EXPECT_EQ(test, host_release(test, mem, &e[2], 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
	KUNIT_EXPECT_NOT_NULL(test, ctm_extent_find(mem, e[0], e[1]));
}
#endif

static struct kunit_case dc_test_cases[] = {
	KUNIT_CASE(budgets_count_live_extents_and_tags),
	KUNIT_CASE(status_counts_unbacked_extents),
	KUNIT_CASE(empty_response_drops_the_offer),
	KUNIT_CASE(region_event_overflows_a_full_log),
	KUNIT_CASE(records_carry_the_device_clock),
	KUNIT_CASE(failed_release_is_retried),
	KUNIT_CASE(offer_is_one_more_linked_chain),
	KUNIT_CASE(sharable_region_numbers_the_chain),
	KUNIT_CASE(bad_offers_change_nothing),
	KUNIT_CASE(free_policy_fills_first_gap),
	KUNIT_CASE(backend_holds_several_extents_up_to_its_size),
	KUNIT_CASE(response_accepts_and_binds),
	KUNIT_CASE(unlisted_extents_are_dropped),
	KUNIT_CASE(response_must_name_offered_ranges),
	KUNIT_CASE(responses_answer_the_oldest_offer),
	KUNIT_CASE(split_response_completes_without_more),
	KUNIT_CASE(injected_add_failure_ends_the_series),
	KUNIT_CASE(release_waits_for_the_host),
	KUNIT_CASE(response_naming_released_extent_is_refused),
	KUNIT_CASE(release_takes_whole_extents_only),
	KUNIT_CASE(release_series_goes_with_its_last_payload),
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_CASE(injected_release_failure_ends_the_series),
#endif
	KUNIT_CASE(release_by_tag_takes_every_extent),
	KUNIT_CASE(forced_release_drops_at_once),
	KUNIT_CASE(sanitize_on_release_zeroes_the_tag),
	KUNIT_CASE(dropped_offer_keeps_backend_contents),
	KUNIT_CASE(duplicate_offer_is_accepted_once),
	KUNIT_CASE(injected_more_holds_the_chain_open),
	KUNIT_CASE(injected_release_covers_touched_extents),
	KUNIT_CASE(preload_makes_accepted_extents),
	KUNIT_CASE(full_log_refuses_whole_offer),
	KUNIT_CASE(thousand_extents_live_at_once),
	{}
};

CTM_KUNIT_SUITE(dc, .exit = dc_test_exit);
