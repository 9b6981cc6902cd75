// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for a device's extent tree and the Dynamic Capacity mailbox
 * commands that read it: Get DC Configuration, Get DC Extent List, and the
 * checks Add DC Response and Release DC make before any state changes.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "kunit.h"

static struct ctm_mem *new_mem(struct kunit *test, unsigned int nr_dc)
{
	struct ctm_mem *mem = ctm_kunit_mem(test);

	for (unsigned int i = 0; i < nr_dc; i++) {
		mem->cfg.dc[i].size = SZ_256M;
		mem->cfg.dc[i].block_size = SZ_2M;
	}
	mem->cfg.dc[0].sanitize = true;
	return mem;
}

static int add_extent(struct ctm_mem *mem, u64 dpa, u64 len)
{
	struct ctm_extent *ext = kzalloc_obj(*ext);
	int rc;

	if (!ext)
		return -ENOMEM;
	INIT_LIST_HEAD(&ext->link);
	INIT_LIST_HEAD(&ext->move_link);
	INIT_LIST_HEAD(&ext->named_link);
	ext->dpa = dpa;
	ext->len = len;
	rc = ctm_extent_insert(mem, ext);
	if (rc)
		kfree(ext);
	return rc;
}

static int run(struct ctm_mem *mem, u16 opcode, void *in, size_t in_len,
	       void *out, size_t *out_len)
{
	struct cxl_mbox_cmd cmd = {
		.opcode = opcode,
		.payload_in = in,
		.size_in = in_len,
		.payload_out = out,
		.size_out = out_len ? *out_len : 0,
	};
	int rc;

	/* As ctm_mbox_send() runs it. */
	scoped_guard(mutex, &mem->mbox_lock)
		rc = ctm_mbox_handle(mem, &cmd);

	if (out_len)
		*out_len = cmd.size_out;
	return rc;
}

static void extents_never_overlap(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);

	KUNIT_ASSERT_EQ(test, add_extent(mem, SZ_256M, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, add_extent(mem, SZ_256M + SZ_2M, SZ_4M), -EEXIST);
	KUNIT_EXPECT_EQ(test, add_extent(mem, SZ_256M - SZ_2M, SZ_4M), -EEXIST);
	KUNIT_EXPECT_EQ(test, add_extent(mem, SZ_256M + SZ_4M, SZ_2M), 0);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 2);
	KUNIT_EXPECT_NOT_NULL(test, ctm_extent_find(mem, SZ_256M, SZ_4M));
	KUNIT_EXPECT_NULL(test, ctm_extent_find(mem, SZ_256M, SZ_2M));
	KUNIT_EXPECT_NOT_NULL(test, ctm_extent_overlap(mem, SZ_256M + SZ_1M,
						       SZ_1M));
	KUNIT_EXPECT_NULL(test, ctm_extent_overlap(mem, SZ_256M + SZ_8M, SZ_2M));
}

static void extent_generation_changes(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);
	u32 gen = mem->dc->ext_gen;

	KUNIT_ASSERT_EQ(test, add_extent(mem, SZ_256M, SZ_2M), 0);
	KUNIT_EXPECT_NE(test, mem->dc->ext_gen, gen);
	gen = mem->dc->ext_gen;
	ctm_extent_remove(mem, ctm_extent_find(mem, SZ_256M, SZ_2M));
	KUNIT_EXPECT_NE(test, mem->dc->ext_gen, gen);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
}

/*
 * A Get DC Configuration that succeeds, answered in a 4 KiB buffer;
 * @len becomes the answer's length.
 */
static struct cxl_mbox_get_dc_config_out *
get_dc_config(struct kunit *test, struct ctm_mem *mem,
	      struct cxl_mbox_get_dc_config_in *in, size_t *len)
{
	struct cxl_mbox_get_dc_config_out *out;

	*len = SZ_4K;
	out = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_CONFIG, in,
				  sizeof(*in), out, len),
			CXL_MBOX_CMD_RC_SUCCESS);
	return out;
}

static void dc_config_reports_regions(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 3);
	struct cxl_mbox_get_dc_config_in in = { .region_count = 8 };
	struct cxl_mbox_get_dc_config_out *out;
	struct cxl_dc_config_trailer *tr;
	size_t len;

	out = get_dc_config(test, mem, &in, &len);
	KUNIT_EXPECT_EQ(test, out->avail_region_count, 3);
	KUNIT_EXPECT_EQ(test, out->regions_returned, 3);
	KUNIT_EXPECT_EQ(test, len, struct_size(out, region, 3) + sizeof(*tr));
	for (int i = 0; i < 3; i++) {
		struct cxl_dc_region_config *r = &out->region[i];

		KUNIT_EXPECT_EQ(test, le64_to_cpu(r->region_base),
				SZ_256M * (i + 1));
		KUNIT_EXPECT_EQ(test, le64_to_cpu(r->region_decode_length), 1);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(r->region_length), SZ_256M);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(r->region_block_size), SZ_2M);
		KUNIT_EXPECT_EQ(test, r->flags,
				i ? 0 : CXL_DC_REGION_SANITIZE_ON_RELEASE);
	}
	tr = (void *)&out->region[3];
	KUNIT_EXPECT_EQ(test, le32_to_cpu(tr->total_extents_supported),
			CTM_MAX_EXTENTS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(tr->extents_available),
			CTM_MAX_EXTENTS);
}

static void dc_config_pages_by_start_index(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 3);
	struct cxl_mbox_get_dc_config_in in = { .region_count = 1,
						.start_region_index = 2 };
	struct cxl_mbox_get_dc_config_out *out;
	size_t len;

	out = get_dc_config(test, mem, &in, &len);
	KUNIT_EXPECT_EQ(test, out->avail_region_count, 3);
	KUNIT_EXPECT_EQ(test, out->regions_returned, 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(out->region[0].region_base), 3 * SZ_256M);

	in.start_region_index = 3;
	len = SZ_4K;
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_CONFIG, &in,
				  sizeof(in), out, &len),
			CXL_MBOX_CMD_RC_INPUT);
	len = SZ_4K;
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_CONFIG, &in, 1, out,
				  &len), CXL_MBOX_CMD_RC_PAYLOADLEN);
}

static void extent_list_pages_with_generation(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);
	struct cxl_mbox_get_extent_in in = { .extent_cnt = cpu_to_le32(2) };
	struct cxl_mbox_get_extent_out *out;
	size_t len = SZ_4K;

	for (int i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, add_extent(mem, SZ_256M + i * SZ_4M,
						 SZ_2M), 0);
	out = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);

	in.start_extent_index = cpu_to_le32(4);
	KUNIT_ASSERT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST, &in,
				  sizeof(in), out, &len),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out->returned_extent_count), 1);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out->total_extent_count), 5);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out->generation_num), mem->dc->ext_gen);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(out->extent[0].start_dpa),
			SZ_256M + 4 * SZ_4M);

	/* Room for one extent only: the device returns one. */
	len = struct_size(out, extent, 1);
	in.start_extent_index = 0;
	KUNIT_ASSERT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST, &in,
				  sizeof(in), out, &len),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(out->returned_extent_count), 1);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(out->extent[0].start_dpa), SZ_256M);

	len = SZ_4K;
	in.start_extent_index = cpu_to_le32(6);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST, &in,
				  sizeof(in), out, &len),
			CXL_MBOX_CMD_RC_INPUT);
}

/* Page @mem's extent list by @per from @start; check it is in DPA order. */
static void page_list(struct kunit *test, struct ctm_mem *mem, u32 start,
		      u32 per, u32 total)
{
	struct cxl_mbox_get_extent_in in = { .extent_cnt = cpu_to_le32(per) };
	struct cxl_mbox_get_extent_out *out;
	size_t len;

	out = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (u32 i = start; i < total;) {
		u32 got;

		len = SZ_4K;
		in.start_extent_index = cpu_to_le32(i);
		KUNIT_ASSERT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST,
					  &in, sizeof(in), out, &len),
				CXL_MBOX_CMD_RC_SUCCESS);
		got = le32_to_cpu(out->returned_extent_count);
		KUNIT_ASSERT_EQ(test, got, min(per, total - i));
		for (u32 j = 0; j < got; j++)
			KUNIT_EXPECT_EQ(test,
					le64_to_cpu(out->extent[j].start_dpa),
					SZ_256M + (u64)(i + j) * SZ_2M);
		i += got;
	}
}

/*
 * A host pages the list with consecutive start indexes: each page starts
 * where the last one ended, so the whole list costs one walk, not one
 * from the start per page. A change to the list, or a start behind the
 * last page, still gets the right extents.
 */
static void extent_list_paging_is_linear(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);
	const u32 nr = 120;

	for (u32 i = 0; i < nr; i++)
		KUNIT_ASSERT_EQ(test, add_extent(mem, SZ_256M + i * SZ_2M,
						 SZ_2M), 0);
	mem->dc->list_steps = 0;
	page_list(test, mem, 0, 7, nr);
	/* From the start each time it would be 7 + 14 + ... ~ nr^2 / 14. */
	KUNIT_EXPECT_LE(test, mem->dc->list_steps, (u64)nr);

	/* Behind the remembered position, and after a change. */
	page_list(test, mem, 3, 50, nr);
	ctm_extent_remove(mem, ctm_extent_find(mem, SZ_256M + (nr - 1) * SZ_2M,
					       SZ_2M));
	page_list(test, mem, 100, 7, nr - 1);
	KUNIT_EXPECT_NULL(test, ctm_extent_at(mem, nr - 1));
	KUNIT_EXPECT_EQ(test, ctm_extent_at(mem, nr - 2)->dpa,
			SZ_256M + (u64)(nr - 2) * SZ_2M);
}

static void dc_response_without_an_offer(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);
	struct cxl_mbox_dc_response pl = {};

	/* Nothing offered, nothing accepted: a no-op, as on QEMU's device. */
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_ADD_DC_RESPONSE, &pl,
				  sizeof(pl), NULL, NULL),
			CXL_MBOX_CMD_RC_SUCCESS);
	/* The count says one entry, the payload has none. */
	pl.extent_list_size = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_ADD_DC_RESPONSE, &pl,
				  sizeof(pl), NULL, NULL),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
}

static void release_names_whole_extents(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 1);
	struct {
		struct cxl_mbox_dc_response hdr;
		struct cxl_extent_range range;
	} __packed pl = {
		.hdr.extent_list_size = cpu_to_le32(1),
		.range.dpa_start = cpu_to_le64(SZ_256M),
		.range.length = cpu_to_le64(SZ_2M),
	};

	KUNIT_ASSERT_EQ(test, add_extent(mem, SZ_256M, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_RELEASE_DC, &pl, sizeof(pl),
				  NULL, NULL), CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 1);
	pl.range.length = cpu_to_le64(SZ_4M);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_RELEASE_DC, &pl, sizeof(pl),
				  NULL, NULL), CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, mem->dc->nr_extents, 0);
	/* Released already: nothing is there to release. */
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_RELEASE_DC, &pl, sizeof(pl),
				  NULL, NULL), CXL_MBOX_CMD_RC_PADDR);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_RELEASE_DC, &pl,
				  sizeof(pl) - 1, NULL, NULL),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
}

static void dc_commands_need_dc_regions(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, 0);
	struct cxl_mbox_get_dc_config_in in = { .region_count = 1 };
	struct cxl_mbox_dc_response pl = {};
	u8 out[64];
	size_t len = sizeof(out);

	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_GET_DC_CONFIG, &in,
				  sizeof(in), out, &len),
			CXL_MBOX_CMD_RC_UNSUPPORTED);

	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_ADD_DC_RESPONSE, &pl,
				  sizeof(pl), NULL, NULL),
			CXL_MBOX_CMD_RC_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, run(mem, CXL_MBOX_OP_RELEASE_DC, &pl, sizeof(pl),
				  NULL, NULL), CXL_MBOX_CMD_RC_UNSUPPORTED);
}

/* Which of the four DC opcodes a device's CEL lists, as bits 0-3. */
static unsigned int cel_dc_opcodes(struct kunit *test, struct ctm_mem *mem)
{
	u32 size = ctm_cel_size(mem);
	struct cxl_cel_entry *cel = kunit_kzalloc(test, size, GFP_KERNEL);
	unsigned int found = 0;

	KUNIT_ASSERT_NOT_NULL(test, cel);
	ctm_cel_read(mem, cel, 0, size);
	for (u32 i = 0; i < size / sizeof(*cel); i++) {
		u16 op = le16_to_cpu(cel[i].opcode);

		if (op >= CXL_MBOX_OP_GET_DC_CONFIG && op <= CXL_MBOX_OP_RELEASE_DC)
			found |= BIT(op - CXL_MBOX_OP_GET_DC_CONFIG);
	}
	return found;
}

static void cel_lists_dc_opcodes_with_dc_regions(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cel_dc_opcodes(test, new_mem(test, 1)), 0xf);
	KUNIT_EXPECT_EQ(test, cel_dc_opcodes(test, new_mem(test, 0)), 0);
}

static struct kunit_case extent_test_cases[] = {
	KUNIT_CASE(extents_never_overlap),
	KUNIT_CASE(extent_generation_changes),
	KUNIT_CASE(dc_config_reports_regions),
	KUNIT_CASE(dc_config_pages_by_start_index),
	KUNIT_CASE(extent_list_pages_with_generation),
	KUNIT_CASE(extent_list_paging_is_linear),
	KUNIT_CASE(dc_response_without_an_offer),
	KUNIT_CASE(release_names_whole_extents),
	KUNIT_CASE(dc_commands_need_dc_regions),
	KUNIT_CASE(cel_lists_dc_opcodes_with_dc_regions),
	{}
};

CTM_KUNIT_SUITE(extent);
