// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated device's mailbox: one handler per command, each checking
 * its payload before it touches the device. Malformed input gets the
 * return code the specification names and changes nothing; an opcode the
 * device does not implement is "unsupported".
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "tag_mock.h"

/* Command Effects Log entry effects (CXL r3.1 Table 8-75). */
#define CEL_EFFECT_NONE 0
#define CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE BIT(1)

static int mbox_identify(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_identify id = {};

	if (cmd->size_in)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (cmd->size_out < sizeof(id))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;

	strscpy(id.fw_revision, "cxl_tag_mock", sizeof(id.fw_revision));
	id.total_capacity =
		cpu_to_le64(mem->cfg.ram_size / CXL_CAPACITY_MULTIPLIER);
	id.volatile_capacity = id.total_capacity;
	/* Partitions are fixed: Get Partition Info is not needed. */
	id.partition_align = 0;
	id.info_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE);
	id.warning_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE);
	id.failure_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE);
	id.fatal_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE);
	memcpy(cmd->payload_out, &id, sizeof(id));
	cmd->size_out = sizeof(id);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_partition_info(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_partition_info pi = {};

	if (cmd->size_in)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (cmd->size_out < sizeof(pi))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	pi.active_volatile_cap =
		cpu_to_le64(mem->cfg.ram_size / CXL_CAPACITY_MULTIPLIER);
	memcpy(cmd->payload_out, &pi, sizeof(pi));
	cmd->size_out = sizeof(pi);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_supported_logs(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_supported_logs *gsl = cmd->payload_out;
	size_t len = struct_size(gsl, entry, 1);
	const uuid_t cel = DEFINE_CXL_CEL_UUID;

	if (cmd->size_in)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (cmd->size_out < len)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	memset(gsl, 0, len);
	gsl->entries = cpu_to_le16(1);
	gsl->entry[0].uuid = cel;
	gsl->entry[0].size = cpu_to_le32(ctm_cel_size(mem));
	cmd->size_out = len;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_log(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	const uuid_t cel = DEFINE_CXL_CEL_UUID;
	struct cxl_mbox_get_log *gl = cmd->payload_in;
	u32 offset, length, size = ctm_cel_size(mem);

	if (cmd->size_in != sizeof(*gl))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (!uuid_equal(&gl->uuid, &cel))
		return CXL_MBOX_CMD_RC_LOG;
	offset = le32_to_cpu(gl->offset);
	length = le32_to_cpu(gl->length);
	if (offset > size || length > size - offset)
		return CXL_MBOX_CMD_RC_INPUT;
	if (length > cmd->size_out)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	ctm_cel_read(mem, cmd->payload_out, offset, length);
	cmd->size_out = length;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_event_records(struct ctm_mem *mem,
				  struct cxl_mbox_cmd *cmd)
{
	struct cxl_get_event_payload *pl = cmd->payload_out;
	u8 log;

	if (cmd->size_in != sizeof(log))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	log = *(u8 *)cmd->payload_in;
	if (log >= CTM_NR_EVENT_LOGS)
		return CXL_MBOX_CMD_RC_INPUT;
	if (cmd->size_out < sizeof(*pl))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	cmd->size_out = ctm_events_get(&mem->events[log], pl, cmd->size_out);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_clear_event_records(struct ctm_mem *mem,
				    struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_clear_event_payload *pl = cmd->payload_in;

	if (cmd->size_in < sizeof(*pl) ||
	    cmd->size_in != struct_size(pl, handles, pl->nr_recs))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (pl->event_log >= CTM_NR_EVENT_LOGS)
		return CXL_MBOX_CMD_RC_INPUT;
	cmd->size_out = 0;
	return ctm_events_clear(&mem->events[pl->event_log], pl);
}

static int mbox_set_timestamp(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_set_timestamp_in *ts = cmd->payload_in;

	if (cmd->size_in != sizeof(*ts))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	mem->timestamp = le64_to_cpu(ts->timestamp);
	cmd->size_out = 0;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

/*
 * Event Interrupt Policy (CXL r3.1 8.2.9.2.4, .5): a CXL 3 device reports
 * five settings bytes, the fifth for the Dynamic Capacity log, and takes
 * four (a CXL 2.0 host, which leaves the fifth alone) or five. The mock
 * has no interrupt to raise: it calls the host's event reader itself
 * (see Documentation/driver-api/cxl/cxl-tag-mock.rst); the policy is kept
 * so that a host reads back what it set.
 */
static int mbox_get_evt_int_policy(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	if (cmd->size_in)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (cmd->size_out < sizeof(mem->int_policy))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	memcpy(cmd->payload_out, mem->int_policy, sizeof(mem->int_policy));
	cmd->size_out = sizeof(mem->int_policy);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static_assert(sizeof(struct cxl_event_interrupt_policy) == CTM_INT_POLICY_SIZE);

/* Interrupt mode 3 is reserved (r3.1 Table 8-59). */
#define CTM_INT_MODE_MASK GENMASK(1, 0)
#define CTM_INT_MODE_RSVD 3

static int mbox_set_evt_int_policy(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	const u8 *in = cmd->payload_in;
	size_t n = cmd->size_in;

	if (n != CXL_EVENT_INT_POLICY_BASE_SIZE &&
	    n != sizeof(mem->int_policy))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	for (size_t i = 0; i < n; i++)
		if ((in[i] & CTM_INT_MODE_MASK) == CTM_INT_MODE_RSVD)
			return CXL_MBOX_CMD_RC_INPUT;
	memcpy(mem->int_policy, in, n);
	cmd->size_out = 0;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_get_health_info(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_health_info_out hi = {};

	if (cmd->size_in)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	if (cmd->size_out < sizeof(hi))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	/* Normal health, media normal, no errors, 25 C. */
	hi.device_temperature = cpu_to_le16(25);
	memcpy(cmd->payload_out, &hi, sizeof(hi));
	cmd->size_out = sizeof(hi);
	return CXL_MBOX_CMD_RC_SUCCESS;
}

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
	if (start > mem->nr_extents)
		return CXL_MBOX_CMD_RC_INPUT;
	if (cmd->size_out < sizeof(*out))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	/* What the host is about to map must be in its pages first. */
	ctm_dc_map_deferred(mem);
	room = (cmd->size_out - sizeof(*out)) / sizeof(out->extent[0]);
	if (READ_ONCE(mem->list_page))
		room = min(room, READ_ONCE(mem->list_page));

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
	out->total_extent_count = cpu_to_le32(mem->nr_extents);
	out->generation_num = cpu_to_le32(mem->ext_gen);
	/* The test knob: the list "changes" under a host that pages it. */
	if (mem->list_churn) {
		mem->list_churn--;
		mem->ext_gen++;
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

/* Accepted extents must be ones offered in the oldest pending chain. */
static int mbox_add_dc_response(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	int rc;

	if (!dc_response_len_ok(cmd))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	rc = ctm_dc_add_response(mem, cmd->payload_in);
	if (rc == CXL_MBOX_CMD_RC_SUCCESS)
		cmd->size_out = 0;
	return rc;
}

/*
 * Each released range must be an accepted extent, whole; then they all go
 * (all or nothing).
 */
static int mbox_release_dc(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	int rc;

	if (!dc_response_len_ok(cmd))
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	rc = ctm_dc_release_response(mem, cmd->payload_in);
	if (rc == CXL_MBOX_CMD_RC_SUCCESS)
		cmd->size_out = 0;
	return rc;
}

/**
 * struct ctm_mbox_handler - one command the device implements
 * @opcode: its opcode
 * @effect: its Command Effects Log effects
 * @dc: a Dynamic Capacity command: only devices with DC regions have it
 * @handle: runs it
 */
struct ctm_mbox_handler {
	u16 opcode;
	u16 effect;
	bool dc;
	int (*handle)(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd);
};

/* Also the Command Effects Log: what is here is what the device supports. */
static const struct ctm_mbox_handler ctm_mbox_handlers[] = {
	{ CXL_MBOX_OP_GET_EVENT_RECORD, CEL_EFFECT_NONE, false,
	  mbox_get_event_records },
	{ CXL_MBOX_OP_CLEAR_EVENT_RECORD, CEL_EFFECT_NONE, false,
	  mbox_clear_event_records },
	{ CXL_MBOX_OP_GET_EVT_INT_POLICY, CEL_EFFECT_NONE, false,
	  mbox_get_evt_int_policy },
	{ CXL_MBOX_OP_SET_EVT_INT_POLICY, CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE,
	  false, mbox_set_evt_int_policy },
	{ CXL_MBOX_OP_SET_TIMESTAMP, CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE, false,
	  mbox_set_timestamp },
	{ CXL_MBOX_OP_GET_SUPPORTED_LOGS, CEL_EFFECT_NONE, false,
	  mbox_get_supported_logs },
	{ CXL_MBOX_OP_GET_LOG, CEL_EFFECT_NONE, false, mbox_get_log },
	{ CXL_MBOX_OP_IDENTIFY, CEL_EFFECT_NONE, false, mbox_identify },
	{ CXL_MBOX_OP_GET_PARTITION_INFO, CEL_EFFECT_NONE, false,
	  mbox_get_partition_info },
	{ CXL_MBOX_OP_GET_HEALTH_INFO, CEL_EFFECT_NONE, false,
	  mbox_get_health_info },
	{ CXL_MBOX_OP_GET_DC_CONFIG, CEL_EFFECT_NONE, true, mbox_get_dc_config },
	{ CXL_MBOX_OP_GET_DC_EXTENT_LIST, CEL_EFFECT_NONE, true,
	  mbox_get_dc_extent_list },
	{ CXL_MBOX_OP_ADD_DC_RESPONSE, CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE, true,
	  mbox_add_dc_response },
	{ CXL_MBOX_OP_RELEASE_DC, CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE, true,
	  mbox_release_dc },
};

static_assert(ARRAY_SIZE(ctm_mbox_handlers) == CTM_MBOX_NR_CMDS);

static bool ctm_mbox_has(struct ctm_mem *mem, const struct ctm_mbox_handler *h)
{
	return !h->dc || ctm_dc_region_count(&mem->cfg);
}

/**
 * ctm_cel_size() - bytes of a device's Command Effects Log
 * @mem: the device
 *
 * Return: the size: one entry per command the device implements.
 */
u32 ctm_cel_size(struct ctm_mem *mem)
{
	u32 n = 0;

	for (int i = 0; i < ARRAY_SIZE(ctm_mbox_handlers); i++)
		n += ctm_mbox_has(mem, &ctm_mbox_handlers[i]);
	return n * sizeof(struct cxl_cel_entry);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_cel_size);

/**
 * ctm_cel_read() - copy part of a device's Command Effects Log
 * @mem: the device
 * @buf: where to
 * @offset: from this byte of the log
 * @length: this many bytes, within ctm_cel_size()
 */
void ctm_cel_read(struct ctm_mem *mem, void *buf, u32 offset, u32 length)
{
	struct cxl_cel_entry cel[ARRAY_SIZE(ctm_mbox_handlers)];
	int n = 0;

	for (int i = 0; i < ARRAY_SIZE(ctm_mbox_handlers); i++) {
		const struct ctm_mbox_handler *h = &ctm_mbox_handlers[i];

		if (!ctm_mbox_has(mem, h))
			continue;
		cel[n].opcode = cpu_to_le16(h->opcode);
		cel[n].effect = cpu_to_le16(h->effect);
		n++;
	}
	memcpy(buf, (u8 *)cel + offset, length);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_cel_read);

/**
 * ctm_mbox_handle() - execute one mailbox command on a device
 * @mem: the device
 * @cmd: the command; size_out is the room in payload_out on entry and the
 *	 output length on return
 *
 * Return: the command's return code (CXL_MBOX_CMD_RC_*).
 */
int ctm_mbox_handle(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	for (int i = 0; i < ARRAY_SIZE(ctm_mbox_handlers); i++) {
		const struct ctm_mbox_handler *h = &ctm_mbox_handlers[i];

		if (h->opcode == cmd->opcode && ctm_mbox_has(mem, h)) {
			int rc = ctm_fault_mbox_rc(&mem->faults, cmd->opcode);

			if (!rc)
				rc = h->handle(mem, cmd);

			mem->mbox_stat[i].runs++;
			mem->mbox_stat[i].fails += rc != CXL_MBOX_CMD_RC_SUCCESS;
			return rc;
		}
	}
	return CXL_MBOX_CMD_RC_UNSUPPORTED;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_mbox_handle);

/*
 * "<opcode> <runs> <fails>" per command the device implements: a test
 * can tell how many commands a host sent for one action (a release round
 * is one Release DC) and that none was refused.
 */
static int mbox_stat_show(struct seq_file *m, void *unused)
{
	struct ctm_mem *mem = m->private;

	guard(mutex)(&mem->mbox_lock);
	for (int i = 0; i < ARRAY_SIZE(ctm_mbox_handlers); i++) {
		const struct ctm_mbox_handler *h = &ctm_mbox_handlers[i];

		if (ctm_mbox_has(mem, h))
			seq_printf(m, "%#06x %llu %llu\n", h->opcode,
				   mem->mbox_stat[i].runs,
				   mem->mbox_stat[i].fails);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mbox_stat);

/**
 * ctm_mbox_debugfs() - add a device's mailbox statistics to debugfs
 * @mem: the device
 * @dir: its debugfs directory
 */
void ctm_mbox_debugfs(struct ctm_mem *mem, struct dentry *dir)
{
	debugfs_create_file("mailbox", 0400, dir, mem, &mbox_stat_fops);
}
