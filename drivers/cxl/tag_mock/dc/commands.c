// SPDX-License-Identifier: GPL-2.0
/*
 * The Dynamic Capacity commands of the emulated mailbox (CXL r3.1
 * 8.2.9.9.9): the engine's answers to the host, added to a device's
 * command table with ctm_mbox_extend() when the device is made
 * (ctm_dc_mem_create()). Each checks its
 * payload before it touches the device, as every handler does.
 */
#include <linux/string.h>
#include <linux/uuid.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "dc/dc.h"

static int mbox_get_dc_config(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_dc_config_in *in = cmd->payload_in;
	struct cxl_mbox_get_dc_config_out *out = cmd->payload_out;
	unsigned int avail = ctm_dc_region_count(&mem->cfg);
	struct cxl_dc_config_trailer *trailer;
	unsigned int n, room;

	if (cmd->size_in != sizeof(*in))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (in->start_region_index >= avail && (avail || in->region_count))
		return CXL_MBOX_CMD_RC_INPUT;
	if (cmd->size_out < sizeof(*out) + sizeof(*trailer))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;

	room = (cmd->size_out - sizeof(*out) - sizeof(*trailer)) /
	       sizeof(out->region[0]);
	n = min3((unsigned int)in->region_count,
		 avail - min_t(unsigned int, in->start_region_index, avail),
		 room);
	memset(out, 0, struct_size(out, region, n) + sizeof(*trailer));
	out->avail_region_count = avail;
	out->regions_returned = n;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int r = in->start_region_index + i;
		const struct ctm_dc_region_cfg *dc = &mem->cfg.dc[r];
		struct cxl_dc_region_config *e = &out->region[i];

		e->region_base = cpu_to_le64(ctm_dc_region_base(&mem->cfg, r));
		e->region_decode_length =
			cpu_to_le64(DIV_ROUND_UP(dc->size, CXL_DC_DECODE_UNIT));
		e->region_length = cpu_to_le64(dc->size);
		e->region_block_size = cpu_to_le64(dc->block_size);
		e->region_dsmad_handle = cpu_to_le32(r);
		e->flags = dc->sanitize ? CXL_DC_REGION_SANITIZE_ON_RELEASE : 0;
	}
	trailer = (void *)&out->region[n];
	trailer->total_extents_supported = cpu_to_le32(CTM_MAX_EXTENTS);
	trailer->extents_available = cpu_to_le32(ctm_dc_extents_avail(mem));
	trailer->total_tags_supported = cpu_to_le32(CTM_MAX_TAGS);
	trailer->tags_available = cpu_to_le32(ctm_dc_tags_avail(mem));
	cmd->size_out = struct_size(out, region, n) + sizeof(*trailer);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_dc_extent_list(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_extent_in *in = cmd->payload_in;
	struct cxl_mbox_get_extent_out *out = cmd->payload_out;
	struct ctm_extent *ext, *last = NULL;
	u32 start, want, room, n = 0;

	if (cmd->size_in != sizeof(*in))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	start = le32_to_cpu(in->start_extent_index);
	want = le32_to_cpu(in->extent_cnt);
	if (start > mem->dc->nr_extents)
		return CXL_MBOX_CMD_RC_INPUT;
	if (cmd->size_out < sizeof(*out))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	/* What the host is about to map must be in its pages first. */
	ctm_dc_map_deferred(mem);
	room = (cmd->size_out - sizeof(*out)) / sizeof(out->extent[0]);
	if (READ_ONCE(mem->dc->list_page.val))
		room = min(room, READ_ONCE(mem->dc->list_page.val));

	memset(out, 0, sizeof(*out));
	for (ext = ctm_extent_at(mem, start); ext && n < min(want, room);
	     ext = ctm_extent_next(ext), n++) {
		struct cxl_dc_extent *e = &out->extent[n];

		memset(e, 0, sizeof(*e));
		e->start_dpa = cpu_to_le64(ext->dpa);
		e->length = cpu_to_le64(ext->len);
		export_uuid(e->tag, &ext->tag);
		e->shared_extn_seq = cpu_to_le16(ext->seq);
		last = ext;
	}
	if (last)
		ctm_extent_page_end(mem, last, start + n - 1);
	out->returned_extent_count = cpu_to_le32(n);
	out->total_extent_count = cpu_to_le32(mem->dc->nr_extents);
	out->generation_num = cpu_to_le32(mem->dc->ext_gen);
	/* The test knob: the list "changes" under a host that pages it. */
	if (mem->dc->list_churn.val) {
		mem->dc->list_churn.val--;
		mem->dc->ext_gen++;
	}
	cmd->size_out = struct_size(out, extent, n);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

/* Add DC Response and Release DC share a payload: check its length. */
static bool dc_response_len_ok(struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_dc_response *pl = cmd->payload_in;

	return cmd->size_in >= sizeof(*pl) &&
	       cmd->size_in == struct_size(pl, extent_list,
					   le32_to_cpu(pl->extent_list_size));
}

/*
 * An Add DC Response or a Release DC: @respond checks and applies it. A
 * payload of the wrong length ends its series as any refused one does
 * (@refused).
 */
static int dc_response(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd,
		       int (*respond)(struct ctm_mem *mem, const void *payload),
		       void (*refused)(struct ctm_mem *mem))
{
	int rc;

	if (!dc_response_len_ok(cmd)) {
		refused(mem);
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	}
	rc = respond(mem, cmd->payload_in);
	if (rc == CXL_MBOX_CMD_RC_SUCCESS)
		cmd->size_out = 0;
	return rc;
}

/*
 * Accepted extents must be ones offered in the oldest pending chain; a
 * series of payloads takes effect with its last.
 */
static int mbox_add_dc_response(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	return dc_response(mem, cmd, ctm_dc_add_response, ctm_dc_add_refused);
}

/*
 * Each released range must be an accepted extent, whole; then they all go
 * (all or nothing).
 */
static int mbox_release_dc(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	return dc_response(mem, cmd, ctm_dc_release_response,
			   ctm_dc_release_refused);
}

/*
 * Accepting or releasing capacity changes what the device decodes (its
 * configuration) and what the host reads there (data: released capacity
 * may be sanitized).
 */
#define CTM_DC_RESPONSE_EFFECTS \
	(CTM_CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE | \
	 CTM_CEL_EFFECT_DATA_CHANGE_IMMEDIATE)

/* In the order the Command Effects Log lists them, after the base ones. */
const struct ctm_mbox_handler ctm_dc_mbox_handlers[CTM_DC_MBOX_NR_CMDS] = {
	{ CXL_MBOX_OP_GET_DC_CONFIG, CTM_CEL_EFFECT_NONE, mbox_get_dc_config },
	{ CXL_MBOX_OP_GET_DC_EXTENT_LIST, CTM_CEL_EFFECT_NONE,
	  mbox_get_dc_extent_list },
	{ CXL_MBOX_OP_ADD_DC_RESPONSE, CTM_DC_RESPONSE_EFFECTS,
	  mbox_add_dc_response, ctm_dc_add_refused },
	{ CXL_MBOX_OP_RELEASE_DC, CTM_DC_RESPONSE_EFFECTS, mbox_release_dc,
	  ctm_dc_release_refused },
};
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_mbox_handlers);
