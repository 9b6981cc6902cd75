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
#include <linux/timekeeping.h>
#include <linux/uuid.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "device/device.h"

/*
 * The answer to a query, which takes no input: whole, or not at all when
 * the host left too little room for it.
 */
static int mbox_reply(struct cxl_mbox_cmd *cmd, const void *out, size_t len)
{
	if (cmd->size_in || cmd->size_out < len)
		return CXL_MBOX_CMD_RC_PAYLOADLEN;
	memcpy(cmd->payload_out, out, len);
	cmd->size_out = len;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

static int mbox_identify(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_identify id = {};

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
	return mbox_reply(cmd, &id, sizeof(id));
}

static int mbox_get_partition_info(struct ctm_mem *mem,
				   struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_partition_info pi = {};

	pi.active_volatile_cap =
		cpu_to_le64(mem->cfg.ram_size / CXL_CAPACITY_MULTIPLIER);
	return mbox_reply(cmd, &pi, sizeof(pi));
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
	WRITE_ONCE(mem->ts_offset, le64_to_cpu(ts->timestamp) - ktime_get_ns());
	/*
	 * Once set, the clock stays set: only the offset changes after.
	 * Pairs with ctm_mem_timestamp(): the offset is there first.
	 */
	smp_store_release(&mem->ts_set, true);
	cmd->size_out = 0;
	return CXL_MBOX_CMD_RC_SUCCESS;
}

/**
 * ctm_mem_timestamp() - the device's clock, for the records it makes
 * @mem: the device
 *
 * CXL r3.1 8.2.9.4.2: the host sets the device's timestamp (ns since the
 * epoch); the device counts on from there. A device whose timestamp was
 * never set reports 0 in the records it makes.
 *
 * Return: the time in ns, or 0.
 */
u64 ctm_mem_timestamp(struct ctm_mem *mem)
{
	/* Pairs with mbox_set_timestamp(): a set clock has its offset. */
	if (!smp_load_acquire(&mem->ts_set))
		return 0;
	return ktime_get_ns() + READ_ONCE(mem->ts_offset);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_mem_timestamp);

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
	return mbox_reply(cmd, mem->int_policy, sizeof(mem->int_policy));
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

	/* Normal health, media normal, no errors, 25 C. */
	hi.device_temperature = cpu_to_le16(25);
	return mbox_reply(cmd, &hi, sizeof(hi));
}

/* Also the Command Effects Log: what is here is what the device supports. */
static const struct ctm_mbox_handler ctm_mbox_handlers[] = {
	{ CXL_MBOX_OP_GET_EVENT_RECORD, CTM_CEL_EFFECT_NONE,
	  mbox_get_event_records },
	{ CXL_MBOX_OP_CLEAR_EVENT_RECORD, CTM_CEL_EFFECT_LOG_CHANGE_IMMEDIATE,
	  mbox_clear_event_records },
	{ CXL_MBOX_OP_GET_EVT_INT_POLICY, CTM_CEL_EFFECT_NONE,
	  mbox_get_evt_int_policy },
	{ CXL_MBOX_OP_SET_EVT_INT_POLICY, CTM_CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE,
	  mbox_set_evt_int_policy },
	{ CXL_MBOX_OP_SET_TIMESTAMP, CTM_CEL_EFFECT_POLICY_CHANGE_IMMEDIATE,
	  mbox_set_timestamp },
	{ CXL_MBOX_OP_GET_SUPPORTED_LOGS, CTM_CEL_EFFECT_NONE,
	  mbox_get_supported_logs },
	{ CXL_MBOX_OP_GET_LOG, CTM_CEL_EFFECT_NONE, mbox_get_log },
	{ CXL_MBOX_OP_IDENTIFY, CTM_CEL_EFFECT_NONE, mbox_identify },
	{ CXL_MBOX_OP_GET_PARTITION_INFO, CTM_CEL_EFFECT_NONE,
	  mbox_get_partition_info },
	{ CXL_MBOX_OP_GET_HEALTH_INFO, CTM_CEL_EFFECT_NONE,
	  mbox_get_health_info },
};

#define CTM_MBOX_NR_BASE ARRAY_SIZE(ctm_mbox_handlers)
static_assert(CTM_MBOX_NR_BASE + CTM_DC_MBOX_NR_CMDS == CTM_MBOX_NR_CMDS);

/*
 * Command @i of the device: the base table, then the commands the DC
 * engine added (ctm_mbox_extend()), the order of the Command Effects Log.
 * NULL when the device does not implement it: a device without DC regions
 * has no DC commands.
 */
static const struct ctm_mbox_handler *mbox_cmd(struct ctm_mem *mem,
					       unsigned int i)
{
	if (i < CTM_MBOX_NR_BASE)
		return &ctm_mbox_handlers[i];
	i -= CTM_MBOX_NR_BASE;
	if (i >= mem->nr_mbox_ext || !ctm_dc_region_count(&mem->cfg))
		return NULL;
	return &mem->mbox_ext[i];
}

/**
 * ctm_mbox_extend() - give a device the commands of a layer above it
 * @mem: the device, before the host can reach it
 * @h: the commands, CTM_DC_MBOX_NR_CMDS of them
 *
 * The DC engine's commands (dc/commands.c) are added this way, so that the
 * device model does not call up into the engine.
 */
void ctm_mbox_extend(struct ctm_mem *mem, const struct ctm_mbox_handler *h)
{
	mem->mbox_ext = h;
	mem->nr_mbox_ext = CTM_DC_MBOX_NR_CMDS;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_mbox_extend);

/**
 * ctm_cel_size() - bytes of a device's Command Effects Log
 * @mem: the device
 *
 * Return: the size: one entry per command the device implements.
 */
u32 ctm_cel_size(struct ctm_mem *mem)
{
	u32 n = 0;

	for (unsigned int i = 0; i < CTM_MBOX_NR_CMDS; i++)
		n += !!mbox_cmd(mem, i);
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
	struct cxl_cel_entry cel[CTM_MBOX_NR_CMDS];
	int n = 0;

	for (unsigned int i = 0; i < CTM_MBOX_NR_CMDS; i++) {
		const struct ctm_mbox_handler *h = mbox_cmd(mem, i);

		if (!h)
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
	for (unsigned int i = 0; i < CTM_MBOX_NR_CMDS; i++) {
		const struct ctm_mbox_handler *h = mbox_cmd(mem, i);

		if (h && h->opcode == cmd->opcode) {
			int rc = ctm_fault_mbox_rc(&mem->faults, cmd->opcode);

			if (!rc)
				rc = h->handle(mem, cmd);
			else if (h->refused)
				h->refused(mem);

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
	for (unsigned int i = 0; i < CTM_MBOX_NR_CMDS; i++) {
		const struct ctm_mbox_handler *h = mbox_cmd(mem, i);

		if (h)
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
