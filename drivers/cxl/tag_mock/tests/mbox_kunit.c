// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the emulated mailbox: what each command returns when it
 * is well formed, and that a malformed one gets the return code the
 * specification names and leaves the device as it was.
 */
#include <kunit/test.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "kunit.h"

/* What the core offers: the mock advertises a 4 KiB payload. */
#define PAYLOAD_SIZE SZ_4K
/* Output bytes a handler did not write still hold this. */
#define OUT_FILL 0xa5
/* Command Effects Log effects (CXL r3.1 Table 8-75) */
#define CEL_EFFECT_IMMEDIATE_CONFIG BIT(1)
#define CEL_EFFECT_IMMEDIATE_DATA BIT(2)
#define CEL_EFFECT_IMMEDIATE_POLICY BIT(3)
#define CEL_EFFECT_IMMEDIATE_LOG BIT(4)

/*
 * What each command changes at once, as the specification's effects
 * describe it and QEMU's device declares it: capacity responses change
 * the configuration and data (released capacity may be sanitized).
 */
static u16 cel_effect(u16 opcode)
{
	switch (opcode) {
	case CXL_MBOX_OP_SET_EVT_INT_POLICY:
		return CEL_EFFECT_IMMEDIATE_CONFIG;
	case CXL_MBOX_OP_SET_TIMESTAMP:
		return CEL_EFFECT_IMMEDIATE_POLICY;
	case CXL_MBOX_OP_CLEAR_EVENT_RECORD:
		return CEL_EFFECT_IMMEDIATE_LOG;
	case CXL_MBOX_OP_ADD_DC_RESPONSE:
	case CXL_MBOX_OP_RELEASE_DC:
		return CEL_EFFECT_IMMEDIATE_CONFIG | CEL_EFFECT_IMMEDIATE_DATA;
	default:
		return 0;
	}
}

/* The commands the mock implements, in the order its CEL lists them. */
static const u16 cel_opcodes[] = {
	CXL_MBOX_OP_GET_EVENT_RECORD,
	CXL_MBOX_OP_CLEAR_EVENT_RECORD,
	CXL_MBOX_OP_GET_EVT_INT_POLICY,
	CXL_MBOX_OP_SET_EVT_INT_POLICY,
	CXL_MBOX_OP_SET_TIMESTAMP,
	CXL_MBOX_OP_GET_SUPPORTED_LOGS,
	CXL_MBOX_OP_GET_LOG,
	CXL_MBOX_OP_IDENTIFY,
	CXL_MBOX_OP_GET_PARTITION_INFO,
	CXL_MBOX_OP_GET_HEALTH_INFO,
	CXL_MBOX_OP_GET_DC_CONFIG,
	CXL_MBOX_OP_GET_DC_EXTENT_LIST,
	CXL_MBOX_OP_ADD_DC_RESPONSE,
	CXL_MBOX_OP_RELEASE_DC,
};

#define CEL_SIZE (ARRAY_SIZE(cel_opcodes) * sizeof(struct cxl_cel_entry))

/* Only what the mailbox reaches; one DC region: every command exists. */
static struct ctm_mem *new_mem(struct kunit *test, u64 ram_size)
{
	struct ctm_mem *mem = ctm_kunit_mem(test);

	mem->cfg.ram_size = ram_size;
	mem->cfg.dc[0].size = SZ_256M;
	mem->cfg.dc[0].block_size = SZ_2M;
	return mem;
}

static void *new_out(struct kunit *test, size_t size)
{
	void *out = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	memset(out, OUT_FILL, size);
	return out;
}

static bool untouched(const void *out, size_t size)
{
	return !memchr_inv(out, OUT_FILL, size);
}

/*
 * Issue a command as ctm_mbox_send() does, under mbox_lock. The payloads
 * travel in buffers of exactly size_in and *size_out bytes, so KASAN
 * catches a handler that reads or writes beyond what the command has.
 * On success *size_out becomes the output length.
 */
static int mbox(struct kunit *test, struct ctm_mem *mem, u16 opcode,
		const void *in, size_t size_in, void *out, size_t *size_out)
{
	size_t room = *size_out;
	struct cxl_mbox_cmd cmd = {
		.opcode = opcode,
		.size_in = size_in,
		.size_out = room,
	};
	int rc;

	if (size_in) {
		cmd.payload_in = kunit_kmalloc(test, size_in, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, cmd.payload_in);
		memcpy(cmd.payload_in, in, size_in);
	}
	if (room) {
		cmd.payload_out = kunit_kmalloc(test, room, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, cmd.payload_out);
		memcpy(cmd.payload_out, out, room);
	}

	mutex_lock(&mem->mbox_lock);
	rc = ctm_mbox_handle(mem, &cmd);
	mutex_unlock(&mem->mbox_lock);

	if (room)
		memcpy(out, cmd.payload_out, room);
	if (rc == CXL_MBOX_CMD_RC_SUCCESS) {
		KUNIT_EXPECT_LE(test, cmd.size_out, room);
		*size_out = cmd.size_out;
	}
	return rc;
}

/* A no-input command with its whole output room. */
static int mbox_query(struct kunit *test, struct ctm_mem *mem, u16 opcode,
		      void *out, size_t *size_out)
{
	return mbox(test, mem, opcode, NULL, 0, out, size_out);
}

/*
 * Each of the @n input lengths in @lens, of @in, is refused as a wrong
 * payload length, with @room bytes of output room (at @out) each time.
 */
static void expect_bad_lengths(struct kunit *test, struct ctm_mem *mem,
			       u16 opcode, const void *in, const size_t *lens,
			       int n, void *out, size_t room)
{
	for (int i = 0; i < n; i++) {
		size_t size = room;

		KUNIT_EXPECT_EQ_MSG(test, mbox(test, mem, opcode, in, lens[i],
					       out, &size),
				    CXL_MBOX_CMD_RC_PAYLOADLEN,
				    "%zu bytes in", lens[i]);
	}
}

/*
 * A query with a page of output room: it answers exactly @len bytes, the
 * answer @want (every byte of it), and leaves the rest of the room alone.
 */
static void expect_answer(struct kunit *test, u16 opcode, const void *want,
			  size_t len)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);
	size_t size = PAYLOAD_SIZE;

	KUNIT_ASSERT_EQ(test, mbox_query(test, mem, opcode, out, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, len);
	KUNIT_EXPECT_MEMEQ(test, out, want, len);
	KUNIT_EXPECT_TRUE(test, untouched(out + len, PAYLOAD_SIZE - len));
}

static void expect_rejects_input_and_short_room(struct kunit *test,
						u16 opcode, size_t out_len)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);
	u8 in[8] = {};
	/* These commands take no input: any input payload is too long. */
	const size_t lens[] = { 1, sizeof(in) };
	size_t size;

	expect_bad_lengths(test, mem, opcode, in, lens, ARRAY_SIZE(lens), out,
			   PAYLOAD_SIZE);
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));

	size = out_len - 1;
	KUNIT_EXPECT_EQ(test, mbox_query(test, mem, opcode, out, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	size = 0;
	KUNIT_EXPECT_EQ(test, mbox_query(test, mem, opcode, NULL, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));

	/* Exactly enough room is enough. */
	size = out_len;
	KUNIT_EXPECT_EQ(test, mbox_query(test, mem, opcode, out, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, out_len);
}

static void identify_reports_ram_capacity(struct kunit *test)
{
	/*
	 * Capacities are in 256 MiB units; 512 MiB is all volatile. Partition
	 * alignment 0: the partitions cannot be changed. No label storage
	 * area, no poison handling: those fields stay 0.
	 */
	struct cxl_mbox_identify want = {
		.total_capacity = cpu_to_le64(2),
		.volatile_capacity = cpu_to_le64(2),
		.info_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE),
		.warning_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE),
		.failure_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE),
		.fatal_event_log_size = cpu_to_le16(CTM_EVENT_LOG_SIZE),
	};

	strscpy(want.fw_revision, "cxl_tag_mock", sizeof(want.fw_revision));
	expect_answer(test, CXL_MBOX_OP_IDENTIFY, &want, sizeof(want));
}

static void identify_capacity_follows_config(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_4G + SZ_256M);
	struct cxl_mbox_identify *id = new_out(test, sizeof(*id));
	size_t size = sizeof(*id);
	u64 total, vol;

	KUNIT_ASSERT_EQ(test, mbox_query(test, mem, CXL_MBOX_OP_IDENTIFY, id,
					 &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	total = le64_to_cpu(id->total_capacity);
	vol = le64_to_cpu(id->volatile_capacity);
	KUNIT_EXPECT_EQ(test, total, 17);
	KUNIT_EXPECT_EQ(test, vol, 17);
}

static void identify_rejects_bad_lengths(struct kunit *test)
{
	expect_rejects_input_and_short_room(test, CXL_MBOX_OP_IDENTIFY,
					    sizeof(struct cxl_mbox_identify));
}

static void partition_info_reports_ram_as_volatile(struct kunit *test)
{
	/* No persistent capacity; no change is pending: "next" is 0. */
	const struct cxl_mbox_get_partition_info want = {
		.active_volatile_cap = cpu_to_le64(2),
	};

	expect_answer(test, CXL_MBOX_OP_GET_PARTITION_INFO, &want,
		      sizeof(want));
}

static void partition_info_rejects_bad_lengths(struct kunit *test)
{
	expect_rejects_input_and_short_room(test,
					    CXL_MBOX_OP_GET_PARTITION_INFO,
					    sizeof(struct cxl_mbox_get_partition_info));
}

static void supported_logs_lists_only_the_cel(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_get_supported_logs *gsl = new_out(test, PAYLOAD_SIZE);
	const uuid_t cel = DEFINE_CXL_CEL_UUID;
	size_t size = PAYLOAD_SIZE;
	size_t len = struct_size(gsl, entry, 1);
	u16 entries;
	u32 log_size;

	KUNIT_ASSERT_EQ(test, mbox_query(test, mem,
					 CXL_MBOX_OP_GET_SUPPORTED_LOGS, gsl,
					 &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, len);
	entries = le16_to_cpu(gsl->entries);
	KUNIT_ASSERT_EQ(test, entries, 1);
	KUNIT_EXPECT_TRUE(test, uuid_equal(&gsl->entry[0].uuid, &cel));
	log_size = le32_to_cpu(gsl->entry[0].size);
	KUNIT_EXPECT_EQ(test, log_size, CEL_SIZE);
	KUNIT_EXPECT_TRUE(test, untouched((u8 *)gsl + len, PAYLOAD_SIZE - len));
}

static void supported_logs_rejects_bad_lengths(struct kunit *test)
{
	struct cxl_mbox_get_supported_logs *gsl;

	expect_rejects_input_and_short_room(test,
					    CXL_MBOX_OP_GET_SUPPORTED_LOGS,
					    struct_size(gsl, entry, 1));
}

static struct cxl_mbox_get_log get_log_in(const uuid_t *uuid, u32 offset,
					  u32 length)
{
	struct cxl_mbox_get_log gl = {
		.offset = cpu_to_le32(offset),
		.length = cpu_to_le32(length),
	};

	uuid_copy(&gl.uuid, uuid);
	return gl;
}

static int get_cel(struct kunit *test, struct ctm_mem *mem, u32 offset,
		   u32 length, void *out, size_t *size_out)
{
	const uuid_t cel = DEFINE_CXL_CEL_UUID;
	struct cxl_mbox_get_log gl = get_log_in(&cel, offset, length);

	return mbox(test, mem, CXL_MBOX_OP_GET_LOG, &gl, sizeof(gl), out,
		    size_out);
}

static void get_log_returns_the_cel(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_cel_entry *ent = new_out(test, PAYLOAD_SIZE);
	size_t size = PAYLOAD_SIZE;

	KUNIT_ASSERT_EQ(test, get_cel(test, mem, 0, CEL_SIZE, ent, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_ASSERT_EQ(test, size, CEL_SIZE);
	for (int i = 0; i < ARRAY_SIZE(cel_opcodes); i++) {
		u16 opcode = le16_to_cpu(ent[i].opcode);
		u16 effect = le16_to_cpu(ent[i].effect);

		KUNIT_EXPECT_EQ_MSG(test, opcode, cel_opcodes[i], "entry %d", i);
		KUNIT_EXPECT_EQ_MSG(test, effect, cel_effect(opcode),
				    "opcode %#x", opcode);
	}
	KUNIT_EXPECT_TRUE(test, untouched((u8 *)ent + CEL_SIZE,
					  PAYLOAD_SIZE - CEL_SIZE));
}

static void get_log_windows_match_the_full_log(struct kunit *test)
{
	static const struct {
		u32 offset;
		u32 length;
	} windows[] = {
		{ 0, sizeof(struct cxl_cel_entry) },
		{ 2 * sizeof(struct cxl_cel_entry), 3 * sizeof(struct cxl_cel_entry) },
		{ CEL_SIZE - sizeof(struct cxl_cel_entry), sizeof(struct cxl_cel_entry) },
		/* Windows need not follow entry boundaries. */
		{ 1, 6 },
		{ 0, CEL_SIZE - 1 },
		{ 1, CEL_SIZE - 1 },
		{ 0, 0 },
		{ CEL_SIZE, 0 },
	};
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	u8 *full = new_out(test, CEL_SIZE);
	u8 *part = new_out(test, PAYLOAD_SIZE);
	size_t size = CEL_SIZE;

	KUNIT_ASSERT_EQ(test, get_cel(test, mem, 0, CEL_SIZE, full, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	for (int i = 0; i < ARRAY_SIZE(windows); i++) {
		u32 off = windows[i].offset, len = windows[i].length;

		memset(part, OUT_FILL, PAYLOAD_SIZE);
		size = PAYLOAD_SIZE;
		KUNIT_EXPECT_EQ_MSG(test, get_cel(test, mem, off, len, part, &size),
				    CXL_MBOX_CMD_RC_SUCCESS, "window %u+%u", off, len);
		KUNIT_EXPECT_EQ_MSG(test, size, len, "window %u+%u", off, len);
		KUNIT_EXPECT_MEMEQ_MSG(test, part, full + off, len,
				       "window %u+%u", off, len);
		KUNIT_EXPECT_TRUE_MSG(test, untouched(part + len, PAYLOAD_SIZE - len),
				      "window %u+%u", off, len);
	}

	/* Room for exactly the window is enough. */
	size = sizeof(struct cxl_cel_entry);
	KUNIT_EXPECT_EQ(test, get_cel(test, mem, 4, sizeof(struct cxl_cel_entry),
				      part, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, part, full + 4, sizeof(struct cxl_cel_entry));
}

static void get_log_rejects_unknown_uuid(struct kunit *test)
{
	const uuid_t debug = DEFINE_CXL_VENDOR_DEBUG_UUID;
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);
	struct cxl_mbox_get_log gl;
	size_t size = PAYLOAD_SIZE;

	gl = get_log_in(&debug, 0, 4);
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_LOG, &gl,
				   sizeof(gl), out, &size),
			CXL_MBOX_CMD_RC_LOG);
	gl = get_log_in(&uuid_null, 0, 4);
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_LOG, &gl,
				   sizeof(gl), out, &size),
			CXL_MBOX_CMD_RC_LOG);
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
}

static void get_log_rejects_range_beyond_log(struct kunit *test)
{
	static const struct {
		u32 offset;
		u32 length;
	} bad[] = {
		{ 0, CEL_SIZE + 1 },
		{ 1, CEL_SIZE },
		{ CEL_SIZE, 1 },
		{ CEL_SIZE + 1, 0 },
		{ CEL_SIZE - 1, 2 },
		/* offset + length wraps to inside the log */
		{ 4, U32_MAX - 3 },
		{ U32_MAX, 1 },
		{ U32_MAX, 0 },
	};
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);

	for (int i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t size = PAYLOAD_SIZE;

		KUNIT_EXPECT_EQ_MSG(test, get_cel(test, mem, bad[i].offset,
						  bad[i].length, out, &size),
				    CXL_MBOX_CMD_RC_INPUT, "window %u+%u",
				    bad[i].offset, bad[i].length);
	}
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
}

static void get_log_rejects_bad_lengths(struct kunit *test)
{
	const uuid_t cel = DEFINE_CXL_CEL_UUID;
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);
	struct {
		struct cxl_mbox_get_log gl;
		u8 extra;
	} __packed in = { .gl = get_log_in(&cel, 0, 4) };
	const size_t lens[] = { sizeof(in.gl) - 1, sizeof(in), 0 };
	size_t size;

	expect_bad_lengths(test, mem, CXL_MBOX_OP_GET_LOG, &in, lens,
			   ARRAY_SIZE(lens), out, PAYLOAD_SIZE);

	/* The host asks for more than it has room for. */
	size = CEL_SIZE - 1;
	KUNIT_EXPECT_EQ(test, get_cel(test, mem, 0, CEL_SIZE, out, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	size = 3;
	KUNIT_EXPECT_EQ(test, get_cel(test, mem, 4, 4, out, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
}

/*
 * Every opcode, with no payload either way: the CEL's commands fail on
 * their lengths, and every other opcode is unsupported, so the CEL tells
 * the host exactly what the device implements.
 */
static void cel_lists_exactly_the_supported_opcodes(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	unsigned int supported = 0;

	for (u32 op = 0; op <= U16_MAX; op++) {
		struct cxl_mbox_cmd cmd = { .opcode = op };
		bool listed = false;
		int rc;

		for (int i = 0; i < ARRAY_SIZE(cel_opcodes); i++)
			listed |= cel_opcodes[i] == op;
		mutex_lock(&mem->mbox_lock);
		rc = ctm_mbox_handle(mem, &cmd);
		mutex_unlock(&mem->mbox_lock);
		if (listed) {
			supported++;
			KUNIT_EXPECT_EQ_MSG(test, rc, CXL_MBOX_CMD_RC_PAYLOADLEN,
					    "opcode %#x", op);
		} else if (rc != CXL_MBOX_CMD_RC_UNSUPPORTED) {
			KUNIT_FAIL(test, "opcode %#x: rc %d, not in the CEL",
				   op, rc);
		}
	}
	KUNIT_EXPECT_EQ(test, supported, ARRAY_SIZE(cel_opcodes));
}

static struct cxl_event_record_raw test_record(u8 tag)
{
	struct cxl_event_record_raw rec = { .id = CXL_EVENT_GEN_MEDIA_UUID };

	rec.event.generic.hdr.length = sizeof(rec);
	rec.event.generic.data[0] = tag;
	return rec;
}

static void add_records(struct kunit *test, struct ctm_mem *mem, int log,
			int n, u8 first_tag)
{
	for (int i = 0; i < n; i++) {
		struct cxl_event_record_raw rec = test_record(first_tag + i);

		KUNIT_ASSERT_EQ(test, ctm_event_add(&mem->events[log], &rec), 0);
	}
}

/* Get Event Records on @log with @room bytes of output. */
static int get_records(struct kunit *test, struct ctm_mem *mem, u8 log,
		       struct cxl_get_event_payload *pl, size_t *room)
{
	return mbox(test, mem, CXL_MBOX_OP_GET_EVENT_RECORD, &log, sizeof(log),
		    pl, room);
}

static u16 nr_records(struct kunit *test, struct ctm_mem *mem, u8 log)
{
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	size_t size = PAYLOAD_SIZE;

	KUNIT_EXPECT_EQ(test, get_records(test, mem, log, pl, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	return le16_to_cpu(pl->record_count);
}

static u16 record_handle(const struct cxl_get_event_payload *pl, int i)
{
	return le16_to_cpu(pl->records[i].event.generic.hdr.handle);
}

static void get_event_records_returns_queued_records(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	const uuid_t gen_media = CXL_EVENT_GEN_MEDIA_UUID;
	size_t size = PAYLOAD_SIZE;
	u16 count, overflow;

	add_records(test, mem, CXL_EVENT_TYPE_WARN, 3, 10);
	KUNIT_ASSERT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_WARN, pl,
					  &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, struct_size(pl, records, 3));
	count = le16_to_cpu(pl->record_count);
	overflow = le16_to_cpu(pl->overflow_err_count);
	KUNIT_ASSERT_EQ(test, count, 3);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
	KUNIT_EXPECT_EQ(test, overflow, 0);
	for (int i = 0; i < 3; i++) {
		KUNIT_EXPECT_TRUE(test, uuid_equal(&pl->records[i].id,
						   &gen_media));
		KUNIT_EXPECT_EQ(test, pl->records[i].event.generic.data[0],
				10 + i);
		KUNIT_EXPECT_NE(test, record_handle(pl, i), 0);
	}

	/* The logs are separate: the others stay empty. */
	for (u8 log = 0; log < CTM_NR_EVENT_LOGS; log++)
		if (log != CXL_EVENT_TYPE_WARN)
			KUNIT_EXPECT_EQ_MSG(test, nr_records(test, mem, log), 0,
					    "log %u", log);
	/* The dynamic capacity log is the last one and exists. */
	add_records(test, mem, CTM_NR_EVENT_LOGS - 1, 1, 0);
	KUNIT_EXPECT_EQ(test, nr_records(test, mem, CTM_NR_EVENT_LOGS - 1), 1);
}

static void get_event_records_sets_more_when_room_is_short(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	size_t size = struct_size(pl, records, 2);
	u16 count;

	add_records(test, mem, CXL_EVENT_TYPE_INFO, 3, 0);
	KUNIT_ASSERT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_INFO, pl,
					  &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	count = le16_to_cpu(pl->record_count);
	KUNIT_EXPECT_EQ(test, count, 2);
	KUNIT_EXPECT_EQ(test, size, struct_size(pl, records, 2));
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);
	KUNIT_EXPECT_EQ(test, pl->records[0].event.generic.data[0], 0);
	KUNIT_EXPECT_EQ(test, pl->records[1].event.generic.data[0], 1);

	/* Just the header: no record fits, yet the host learns there are some. */
	size = sizeof(*pl);
	KUNIT_ASSERT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_INFO, pl,
					  &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	count = le16_to_cpu(pl->record_count);
	KUNIT_EXPECT_EQ(test, count, 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(*pl));
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);
}

static void get_event_records_rejects_bad_log(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	size_t size = PAYLOAD_SIZE;

	add_records(test, mem, CXL_EVENT_TYPE_INFO, 1, 0);
	KUNIT_EXPECT_EQ(test, get_records(test, mem, CTM_NR_EVENT_LOGS, pl,
					  &size),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_EQ(test, get_records(test, mem, U8_MAX, pl, &size),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_TRUE(test, untouched(pl, PAYLOAD_SIZE));
}

static void get_event_records_rejects_bad_lengths(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	u8 in[2] = { CXL_EVENT_TYPE_INFO, 0 };
	size_t size = PAYLOAD_SIZE;

	add_records(test, mem, CXL_EVENT_TYPE_INFO, 1, 0);
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_EVENT_RECORD, NULL,
				   0, pl, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_EVENT_RECORD, in,
				   sizeof(in), pl, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	size = sizeof(*pl) - 1;
	KUNIT_EXPECT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_INFO, pl,
					  &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	KUNIT_EXPECT_TRUE(test, untouched(pl, PAYLOAD_SIZE));
}

/* A Clear Event Records input naming @nr handles; @size_in may disagree. */
static int clear_records(struct kunit *test, struct ctm_mem *mem, u8 log,
			 const u16 *handles, u8 nr, size_t size_in)
{
	struct cxl_mbox_clear_event_payload *pl;
	size_t room = 0;

	pl = ctm_kunit_clear_payload(test, log, 0, handles, nr, U8_MAX);
	return mbox(test, mem, CXL_MBOX_OP_CLEAR_EVENT_RECORD, pl, size_in,
		    NULL, &room);
}

static void clear_event_records_removes_named_records(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_get_event_payload *pl = new_out(test, PAYLOAD_SIZE);
	struct cxl_mbox_clear_event_payload *cl;
	size_t size = PAYLOAD_SIZE;
	u16 handles[2], count;

	add_records(test, mem, CXL_EVENT_TYPE_FAIL, 3, 0);
	KUNIT_ASSERT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_FAIL, pl,
					  &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	handles[0] = record_handle(pl, 0);
	handles[1] = record_handle(pl, 1);

	KUNIT_EXPECT_EQ(test, clear_records(test, mem, CXL_EVENT_TYPE_FAIL,
					    handles, 2,
					    struct_size(cl, handles, 2)),
			CXL_MBOX_CMD_RC_SUCCESS);

	size = PAYLOAD_SIZE;
	KUNIT_ASSERT_EQ(test, get_records(test, mem, CXL_EVENT_TYPE_FAIL, pl,
					  &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	count = le16_to_cpu(pl->record_count);
	KUNIT_ASSERT_EQ(test, count, 1);
	KUNIT_EXPECT_EQ(test, pl->records[0].event.generic.data[0], 2);
}

static void clear_event_records_rejects_bad_log(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_clear_event_payload *cl;
	const u16 handle = 1;

	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		add_records(test, mem, i, 1, 0);
	KUNIT_EXPECT_EQ(test, clear_records(test, mem, CTM_NR_EVENT_LOGS,
					    &handle, 1,
					    struct_size(cl, handles, 1)),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_EQ(test, clear_records(test, mem, U8_MAX, &handle, 1,
					    struct_size(cl, handles, 1)),
			CXL_MBOX_CMD_RC_INPUT);
	for (u8 log = 0; log < CTM_NR_EVENT_LOGS; log++)
		KUNIT_EXPECT_EQ_MSG(test, nr_records(test, mem, log), 1,
				    "log %u", log);
}

static void clear_event_records_rejects_bad_lengths(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_clear_event_payload *cl;
	const u16 handles[] = { 1, 2 };

	const struct {
		u8 nr;
		size_t size_in;
	} bad[] = {
		/* Shorter than the fixed part. */
		{ 0, sizeof(*cl) - 1 },
		{ 0, 0 },
		/* Fewer handles than nr_recs says. */
		{ 2, struct_size(cl, handles, 1) },
		/* More. */
		{ 1, struct_size(cl, handles, 2) },
		{ 1, struct_size(cl, handles, 1) + 1 },
	};

	add_records(test, mem, CXL_EVENT_TYPE_INFO, 2, 0);
	for (int i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, clear_records(test, mem,
							CXL_EVENT_TYPE_INFO,
							handles, bad[i].nr,
							bad[i].size_in),
				    CXL_MBOX_CMD_RC_PAYLOADLEN,
				    "%u handles in %zu bytes", bad[i].nr,
				    bad[i].size_in);
	KUNIT_EXPECT_EQ(test, nr_records(test, mem, CXL_EVENT_TYPE_INFO), 2);
}

static void clear_event_records_rejects_wrong_handle(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_clear_event_payload *cl;
	const u16 handles[] = { 2, 1 };

	add_records(test, mem, CXL_EVENT_TYPE_FATAL, 2, 0);
	KUNIT_EXPECT_EQ(test, clear_records(test, mem, CXL_EVENT_TYPE_FATAL,
					    handles, 2,
					    struct_size(cl, handles, 2)),
			CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, nr_records(test, mem, CXL_EVENT_TYPE_FATAL), 2);
}

/* The device's clock counts on from what the host set, within a minute. */
static void expect_clock(struct kunit *test, struct ctm_mem *mem, u64 set)
{
	u64 t = ctm_mem_timestamp(mem);

	KUNIT_EXPECT_GE(test, t, set);
	KUNIT_EXPECT_LT(test, t - set, 60 * NSEC_PER_SEC);
}

static void set_timestamp_stores_value(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_set_timestamp_in ts = {
		.timestamp = cpu_to_le64(0x123456789abcdef0ULL),
	};
	void *out = new_out(test, PAYLOAD_SIZE);
	size_t size = 0;

	KUNIT_ASSERT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_TIMESTAMP, &ts,
				   sizeof(ts), NULL, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, 0);
	expect_clock(test, mem, 0x123456789abcdef0ULL);

	/* Output room the command does not use is left alone. */
	size = PAYLOAD_SIZE;
	ts.timestamp = cpu_to_le64(42);
	KUNIT_ASSERT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_TIMESTAMP, &ts,
				   sizeof(ts), out, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, 0);
	expect_clock(test, mem, 42);
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
}

static void set_timestamp_rejects_bad_lengths(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct {
		struct cxl_mbox_set_timestamp_in ts;
		u8 extra;
	} __packed in = { .ts.timestamp = cpu_to_le64(7) };
	const size_t lens[] = { sizeof(in.ts) - 1, sizeof(in), 0 };

	expect_bad_lengths(test, mem, CXL_MBOX_OP_SET_TIMESTAMP, &in, lens,
			   ARRAY_SIZE(lens), NULL, 0);
	/* Never set: the device's clock still reads 0. */
	KUNIT_EXPECT_EQ(test, ctm_mem_timestamp(mem), 0);
}

/* Get Event Interrupt Policy, with a page of room: its length. */
static size_t get_policy(struct kunit *test, struct ctm_mem *mem, u8 *out)
{
	size_t size = PAYLOAD_SIZE;

	KUNIT_ASSERT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_EVT_INT_POLICY,
				   NULL, 0, out, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	return size;
}

/* Set the policy to the @len bytes @in, then Get it into @out. */
static size_t set_and_get_policy(struct kunit *test, struct ctm_mem *mem,
				 const u8 *in, size_t len, u8 *out)
{
	size_t size = 0;

	KUNIT_ASSERT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_EVT_INT_POLICY,
				   in, len, NULL, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	return get_policy(test, mem, out);
}

static void evt_int_policy_takes_four_or_five_bytes(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	u8 *out = new_out(test, PAYLOAD_SIZE);
	u8 five[] = { 0x11, 0x21, 0x31, 0x41, 0x51 };
	u8 four[] = { 0x12, 0x22, 0x32, 0x42 };

	/* Five bytes set the DCD settings too; Get returns all five. */
	KUNIT_ASSERT_EQ(test, set_and_get_policy(test, mem, five, sizeof(five),
						 out), sizeof(five));
	KUNIT_EXPECT_MEMEQ(test, out, five, sizeof(five));

	/* Four bytes (a CXL 2.0 host) leave the DCD settings alone. */
	set_and_get_policy(test, mem, four, sizeof(four), out);
	KUNIT_EXPECT_MEMEQ(test, out, four, sizeof(four));
	KUNIT_EXPECT_EQ(test, out[4], 0x51);
}

static void evt_int_policy_rejects_bad_input(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	u8 six[] = { 0x11, 0x21, 0x31, 0x41, 0x51, 0 };
	u8 rsvd[] = { 0x11, 0x21, 0x33, 0x41, 0x51 };
	u8 *out = new_out(test, PAYLOAD_SIZE);
	const size_t lens[] = { sizeof(six), 3 };
	size_t size = 0;

	expect_bad_lengths(test, mem, CXL_MBOX_OP_SET_EVT_INT_POLICY, six,
			   lens, ARRAY_SIZE(lens), NULL, 0);
	/* Interrupt mode 3 is reserved. */
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_EVT_INT_POLICY,
				   rsvd, sizeof(rsvd), NULL, &size),
			CXL_MBOX_CMD_RC_INPUT);
	/* Nothing was set; Get needs room for five bytes and no input. */
	get_policy(test, mem, out);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(out, 0, 5));
	size = 4;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_EVT_INT_POLICY,
				   NULL, 0, out, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
	size = PAYLOAD_SIZE;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_EVT_INT_POLICY,
				   six, 1, out, &size),
			CXL_MBOX_CMD_RC_PAYLOADLEN);
}

static void health_info_reports_healthy_device(struct kunit *test)
{
	/*
	 * All zero but the temperature: no maintenance needed, media normal,
	 * no alerts, no life used, no dirty shutdown, no corrected errors.
	 */
	const struct cxl_mbox_get_health_info_out want = {
		.device_temperature = cpu_to_le16(25),
	};

	expect_answer(test, CXL_MBOX_OP_GET_HEALTH_INFO, &want, sizeof(want));
}

static void health_info_rejects_bad_lengths(struct kunit *test)
{
	expect_rejects_input_and_short_room(test, CXL_MBOX_OP_GET_HEALTH_INFO,
					    sizeof(struct cxl_mbox_get_health_info_out));
}

static void unknown_opcode_is_unsupported(struct kunit *test)
{
	/* Sanitize, beyond any command set, "invalid", and two unimplemented. */
	static const u16 opcodes[] = {
		CXL_MBOX_OP_SANITIZE, 0xffff, CXL_MBOX_OP_INVALID,
		CXL_MBOX_OP_GET_TIMESTAMP, CXL_MBOX_OP_GET_LSA,
	};
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	void *out = new_out(test, PAYLOAD_SIZE);
	u8 in[16] = {};

	for (int i = 0; i < ARRAY_SIZE(opcodes); i++) {
		size_t size = PAYLOAD_SIZE;

		KUNIT_EXPECT_EQ_MSG(test, mbox(test, mem, opcodes[i], NULL, 0,
					       out, &size),
				    CXL_MBOX_CMD_RC_UNSUPPORTED,
				    "opcode %#x", opcodes[i]);
		KUNIT_EXPECT_EQ_MSG(test, mbox(test, mem, opcodes[i], in,
					       sizeof(in), out, &size),
				    CXL_MBOX_CMD_RC_UNSUPPORTED,
				    "opcode %#x", opcodes[i]);
	}
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
	KUNIT_EXPECT_EQ(test, ctm_mem_timestamp(mem), 0);
}

#ifdef CONFIG_FAULT_INJECTION
/* Arm a device's fail_mbox knob as a test writes its debugfs files. */
static void arm_fail(struct ctm_mem *mem, u16 opcode, u16 rc, int times)
{
	mem->faults.mbox_fail_opcode.val = opcode;
	mem->faults.mbox_fail_rc.val = rc;
	mem->faults.mbox_fail.probability = 100;
	atomic_set(&mem->faults.mbox_fail.times, times);
	mem->faults.mbox_fail.verbose = 0;
}

static void injected_failure_executes_nothing(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	struct cxl_mbox_set_timestamp_in ts = { .timestamp = cpu_to_le64(7) };
	size_t size = 0;

	arm_fail(mem, CXL_MBOX_OP_SET_TIMESTAMP, CXL_MBOX_CMD_RC_BUSY, 1);
	/* Another command runs as always and does not use up the fault. */
	size = PAYLOAD_SIZE;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_IDENTIFY, NULL, 0,
				   new_out(test, PAYLOAD_SIZE), &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	size = 0;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_TIMESTAMP, &ts,
				   sizeof(ts), NULL, &size),
			CXL_MBOX_CMD_RC_BUSY);
	KUNIT_EXPECT_EQ(test, ctm_mem_timestamp(mem), 0);
	/* Once: the next try is executed. */
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_SET_TIMESTAMP, &ts,
				   sizeof(ts), NULL, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	expect_clock(test, mem, 7);
}

static void injected_failure_of_any_opcode(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	size_t size = PAYLOAD_SIZE;
	void *out = new_out(test, PAYLOAD_SIZE);

	arm_fail(mem, 0, CXL_MBOX_CMD_RC_INTERNAL, 2);
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_IDENTIFY, NULL, 0,
				   out, &size),
			CXL_MBOX_CMD_RC_INTERNAL);
	size = PAYLOAD_SIZE;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_HEALTH_INFO,
				   NULL, 0, out, &size),
			CXL_MBOX_CMD_RC_INTERNAL);
	/* A failed command wrote nothing. */
	KUNIT_EXPECT_TRUE(test, untouched(out, PAYLOAD_SIZE));
	size = PAYLOAD_SIZE;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_IDENTIFY, NULL, 0,
				   out, &size),
			CXL_MBOX_CMD_RC_SUCCESS);
	/* An opcode the device lacks stays unsupported, armed or not. */
	arm_fail(mem, 0, CXL_MBOX_CMD_RC_INTERNAL, 1);
	size = 0;
	KUNIT_EXPECT_EQ(test, mbox(test, mem, 0xcafe, NULL, 0, NULL, &size),
			CXL_MBOX_CMD_RC_UNSUPPORTED);
}
#endif

/*
 * The device model has only the base commands: the Dynamic Capacity ones
 * are the engine's, added with ctm_mbox_extend().
 */
static void dc_commands_come_from_the_engine(struct kunit *test)
{
	struct ctm_mem *mem = new_mem(test, SZ_512M);
	size_t size = PAYLOAD_SIZE;

	mem->mbox_ext = NULL;
	mem->nr_mbox_ext = 0;
	KUNIT_EXPECT_EQ(test, ctm_cel_size(mem),
			(CTM_MBOX_NR_CMDS - CTM_DC_MBOX_NR_CMDS) *
			sizeof(struct cxl_cel_entry));
	KUNIT_EXPECT_EQ(test, mbox(test, mem, CXL_MBOX_OP_GET_DC_EXTENT_LIST,
				   NULL, 0, new_out(test, PAYLOAD_SIZE), &size),
			CXL_MBOX_CMD_RC_UNSUPPORTED);
	ctm_mbox_extend(mem, ctm_dc_mbox_handlers);
	KUNIT_EXPECT_EQ(test, ctm_cel_size(mem), CEL_SIZE);
}

static struct kunit_case mbox_test_cases[] = {
	KUNIT_CASE(identify_reports_ram_capacity),
	KUNIT_CASE(identify_capacity_follows_config),
	KUNIT_CASE(identify_rejects_bad_lengths),
	KUNIT_CASE(partition_info_reports_ram_as_volatile),
	KUNIT_CASE(partition_info_rejects_bad_lengths),
	KUNIT_CASE(supported_logs_lists_only_the_cel),
	KUNIT_CASE(supported_logs_rejects_bad_lengths),
	KUNIT_CASE(get_log_returns_the_cel),
	KUNIT_CASE(get_log_windows_match_the_full_log),
	KUNIT_CASE(get_log_rejects_unknown_uuid),
	KUNIT_CASE(get_log_rejects_range_beyond_log),
	KUNIT_CASE(get_log_rejects_bad_lengths),
	KUNIT_CASE(cel_lists_exactly_the_supported_opcodes),
	KUNIT_CASE(get_event_records_returns_queued_records),
	KUNIT_CASE(get_event_records_sets_more_when_room_is_short),
	KUNIT_CASE(get_event_records_rejects_bad_log),
	KUNIT_CASE(get_event_records_rejects_bad_lengths),
	KUNIT_CASE(clear_event_records_removes_named_records),
	KUNIT_CASE(clear_event_records_rejects_bad_log),
	KUNIT_CASE(clear_event_records_rejects_bad_lengths),
	KUNIT_CASE(clear_event_records_rejects_wrong_handle),
	KUNIT_CASE(set_timestamp_stores_value),
	KUNIT_CASE(set_timestamp_rejects_bad_lengths),
	KUNIT_CASE(evt_int_policy_takes_four_or_five_bytes),
	KUNIT_CASE(evt_int_policy_rejects_bad_input),
	KUNIT_CASE(health_info_reports_healthy_device),
	KUNIT_CASE(health_info_rejects_bad_lengths),
	KUNIT_CASE(unknown_opcode_is_unsupported),
	KUNIT_CASE(dc_commands_come_from_the_engine),
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_CASE(injected_failure_executes_nothing),
	KUNIT_CASE(injected_failure_of_any_opcode),
#endif
	{}
};

CTM_KUNIT_SUITE(mbox);
