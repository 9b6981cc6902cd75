// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for an event log: the handles it hands out, what Get Event
 * Records sees, what Clear Event Records accepts, and how a full log
 * reports the records it had to drop.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "kunit.h"

static void destroy_log(void *log)
{
	ctm_event_log_destroy(log);
}

static struct ctm_event_log *new_log(struct kunit *test)
{
	struct ctm_event_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	ctm_event_log_init(log);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, destroy_log, log),
			0);
	return log;
}

/* @tag marks the record so tests can tell which one came back. */
static void add(struct kunit *test, struct ctm_event_log *log, u8 tag)
{
	struct cxl_event_record_raw rec = { .id = CXL_EVENT_DRAM_UUID };

	rec.event.generic.hdr.length = sizeof(rec);
	/* The log assigns its own handle, whatever the record carries. */
	rec.event.generic.hdr.handle = cpu_to_le16(0xdead);
	rec.event.generic.data[0] = tag;
	KUNIT_ASSERT_EQ(test, ctm_event_add(log, &rec), 0);
}

/*
 * Get Event Records with room for @room records, into a buffer of exactly
 * that size so that KASAN sees any write past it.
 */
static struct cxl_get_event_payload *get(struct kunit *test,
					 struct ctm_event_log *log,
					 unsigned int room)
{
	struct cxl_get_event_payload *pl;
	size_t size = struct_size(pl, records, room);
	size_t len;
	u16 count;

	pl = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pl);
	memset(pl, 0xa5, size);
	len = ctm_events_get(log, pl, size);
	count = le16_to_cpu(pl->record_count);
	KUNIT_EXPECT_LE(test, count, room);
	KUNIT_EXPECT_EQ(test, len, struct_size(pl, records, count));
	return pl;
}

static u16 count_of(const struct cxl_get_event_payload *pl)
{
	return le16_to_cpu(pl->record_count);
}

static u16 handle_of(const struct cxl_get_event_payload *pl, int i)
{
	return le16_to_cpu(pl->records[i].event.generic.hdr.handle);
}

static u8 tag_of(const struct cxl_get_event_payload *pl, int i)
{
	return pl->records[i].event.generic.data[0];
}

/* Records now in @log, read with room to spare. */
static u16 nr_queued(struct kunit *test, struct ctm_event_log *log)
{
	return count_of(get(test, log, 32));
}

static int clear(struct kunit *test, struct ctm_event_log *log, u8 flags,
		 const u16 *handles, u8 nr)
{
	return ctm_events_clear(log, ctm_kunit_clear_payload(test, 0, flags,
							     handles, nr, nr));
}

/* A clear that is invalid input clears nothing: @left records stay. */
static void clear_refused(struct kunit *test, struct ctm_event_log *log,
			  u8 flags, const u16 *handles, u8 nr, u16 left)
{
	KUNIT_EXPECT_EQ(test, clear(test, log, flags, handles, nr),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_EQ(test, nr_queued(test, log), left);
}

static void fill(struct kunit *test, struct ctm_event_log *log)
{
	for (int i = 0; i < CTM_EVENT_LOG_SIZE; i++)
		add(test, log, i);
}

/*
 * @n records tagged 0 to @n - 1, read back with room for exactly them;
 * their handles in @h unless it is NULL.
 */
static struct cxl_get_event_payload *add_n(struct kunit *test,
					   struct ctm_event_log *log, int n,
					   u16 *h)
{
	struct cxl_get_event_payload *pl;

	for (int i = 0; i < n; i++)
		add(test, log, i);
	pl = get(test, log, n);
	for (int i = 0; h && i < n; i++)
		h[i] = handle_of(pl, i);
	return pl;
}

/*
 * @n records more than a full log holds: each is refused and counted.
 * Record i carries the device's time OVERFLOW_T0 + i.
 */
#define OVERFLOW_T0 1000
static void overflow(struct kunit *test, struct ctm_event_log *log, int n)
{
	struct cxl_event_record_raw rec = {};

	for (int i = 0; i < n; i++) {
		rec.event.generic.hdr.timestamp = cpu_to_le64(OVERFLOW_T0 + i);
		KUNIT_ASSERT_EQ(test, ctm_event_add(log, &rec), -ENOSPC);
	}
}

static u16 overflow_of(const struct cxl_get_event_payload *pl)
{
	return le16_to_cpu(pl->overflow_err_count);
}

/* A full log that has refused @n records more. */
static struct ctm_event_log *overflowed_log(struct kunit *test, int n)
{
	struct ctm_event_log *log = new_log(test);

	fill(test, log);
	overflow(test, log, n);
	return log;
}

/*
 * What Get Event Records says of overflow: whether the log overflowed,
 * and how many records it refused.
 */
static struct cxl_get_event_payload *
expect_overflow(struct kunit *test, struct ctm_event_log *log, bool on,
		u16 count)
{
	struct cxl_get_event_payload *pl = get(test, log, 1);

	KUNIT_EXPECT_EQ(test, !!(pl->flags & CXL_GET_EVENT_FLAG_OVERFLOW), on);
	KUNIT_EXPECT_EQ(test, overflow_of(pl), count);
	return pl;
}

static void add_assigns_nonzero_increasing_handles(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	const uuid_t dram = CXL_EVENT_DRAM_UUID;
	struct cxl_get_event_payload *pl = add_n(test, log, 5, NULL);

	KUNIT_ASSERT_EQ(test, count_of(pl), 5);
	for (int i = 0; i < 5; i++) {
		KUNIT_EXPECT_NE(test, handle_of(pl, i), 0);
		if (i)
			KUNIT_EXPECT_GT(test, handle_of(pl, i),
					handle_of(pl, i - 1));
		/* Apart from the handle the record is the one given. */
		KUNIT_EXPECT_TRUE(test, uuid_equal(&pl->records[i].id, &dram));
		KUNIT_EXPECT_EQ(test, tag_of(pl, i), i);
	}
	KUNIT_EXPECT_EQ(test, log->nr, 5);
}

static void get_returns_oldest_first(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl;

	add(test, log, 30);
	add(test, log, 10);
	add(test, log, 20);
	pl = get(test, log, 4);
	KUNIT_ASSERT_EQ(test, count_of(pl), 3);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 30);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 1), 10);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 2), 20);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
	KUNIT_EXPECT_EQ(test, pl->reserved1, 0);
}

static void get_sets_more_records_when_room_is_short(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl;

	add_n(test, log, 3, NULL);
	pl = get(test, log, 1);
	KUNIT_ASSERT_EQ(test, count_of(pl), 1);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 0);
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);

	pl = get(test, log, 2);
	KUNIT_ASSERT_EQ(test, count_of(pl), 2);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 0);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 1), 1);
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);

	pl = get(test, log, 0);
	KUNIT_EXPECT_EQ(test, count_of(pl), 0);
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);

	/* Exactly enough room: nothing more to fetch. */
	pl = get(test, log, 3);
	KUNIT_EXPECT_EQ(test, count_of(pl), 3);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
}

static void get_of_empty_log_reports_nothing(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl = get(test, log, 2);

	KUNIT_EXPECT_EQ(test, count_of(pl), 0);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
	KUNIT_EXPECT_EQ(test, overflow_of(pl), 0);
	pl = get(test, log, 0);
	KUNIT_EXPECT_EQ(test, count_of(pl), 0);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
}

static void get_leaves_records_queued(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *first, *again;

	add(test, log, 1);
	add(test, log, 2);
	first = get(test, log, 2);
	again = get(test, log, 2);
	KUNIT_ASSERT_EQ(test, count_of(again), 2);
	KUNIT_EXPECT_MEMEQ(test, again->records, first->records,
			   2 * sizeof(first->records[0]));
}

static void clear_removes_named_oldest_records(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl;
	u16 h[4];

	pl = add_n(test, log, 4, h);
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 2), CXL_MBOX_CMD_RC_SUCCESS);
	pl = get(test, log, 4);
	KUNIT_ASSERT_EQ(test, count_of(pl), 2);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 2);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 1), 3);
	KUNIT_EXPECT_EQ(test, log->nr, 2);

	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &h[2], 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	pl = get(test, log, 4);
	KUNIT_ASSERT_EQ(test, count_of(pl), 1);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 3);

	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &h[3], 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	KUNIT_EXPECT_EQ(test, nr_queued(test, log), 0);
	KUNIT_EXPECT_EQ(test, log->nr, 0);
}

static void clear_rejects_wrong_handle(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	u16 h[3];

	add_n(test, log, 3, h);
	/* Not the oldest record. */
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &h[1], 1),
			CXL_MBOX_CMD_RC_HANDLE);
	/* No such record. */
	h[2] = h[1] + 100;
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &h[2], 1),
			CXL_MBOX_CMD_RC_HANDLE);
	/* The first handle is right, the second is not: still nothing goes. */
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 3), CXL_MBOX_CMD_RC_HANDLE);
	h[1] = h[0];
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 2), CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, nr_queued(test, log), 3);
	KUNIT_EXPECT_EQ(test, log->nr, 3);
}

static void clear_rejects_out_of_order_handles(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl = add_n(test, log, 3, NULL);
	u16 h[3];

	h[0] = handle_of(pl, 1);
	h[1] = handle_of(pl, 0);
	h[2] = handle_of(pl, 2);
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 2), CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 3), CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, nr_queued(test, log), 3);
}

static void clear_rejects_more_handles_than_records(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	u16 h[3];

	add_n(test, log, 2, h);
	/* The handle the next record would get. */
	h[2] = h[1] + 1;
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 3), CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, nr_queued(test, log), 2);

	/* An empty log has no handle to clear. */
	log = new_log(test);
	h[0] = 1;
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 1), CXL_MBOX_CMD_RC_HANDLE);
}

static void clear_all_empties_log(struct kunit *test)
{
	/* The case Clear All is for: an overflowed log. */
	struct ctm_event_log *log = overflowed_log(test, 1);
	struct cxl_get_event_payload *pl;

	KUNIT_EXPECT_EQ(test, clear(test, log, CTM_CLEAR_EVENT_ALL, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);
	pl = get(test, log, 2);
	KUNIT_EXPECT_EQ(test, count_of(pl), 0);
	KUNIT_EXPECT_EQ(test, pl->flags, 0);
	KUNIT_EXPECT_EQ(test, log->nr, 0);

	/* The log is usable again, and its handles are still not 0. */
	add(test, log, 7);
	pl = get(test, log, 2);
	KUNIT_ASSERT_EQ(test, count_of(pl), 1);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 7);
	KUNIT_EXPECT_NE(test, handle_of(pl, 0), 0);
}

static void clear_all_with_handles_is_invalid(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	const u16 h[] = { 1 };

	add_n(test, log, 2, NULL);
	clear_refused(test, log, CTM_CLEAR_EVENT_ALL, h, 1, 2);
}

static void clear_all_needs_an_overflow(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);

	add_n(test, log, 2, NULL);
	clear_refused(test, log, CTM_CLEAR_EVENT_ALL, NULL, 0, 2);
}

static void clear_rejects_unknown_flags(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	const u16 h[] = { 1 };

	add(test, log, 0);
	clear_refused(test, log, BIT(1), h, 1, 1);
	clear_refused(test, log, 0x80, NULL, 0, 1);
	clear_refused(test, log, 0xff, NULL, 0, 1);
}

static void full_log_counts_overflow(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl;
	u64 first, last;

	fill(test, log);
	pl = get(test, log, 1);
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_MORE_RECORDS);

	overflow(test, log, 3);
	KUNIT_EXPECT_EQ(test, log->nr, CTM_EVENT_LOG_SIZE);

	pl = get(test, log, 1);
	first = le64_to_cpu(pl->first_overflow_timestamp);
	last = le64_to_cpu(pl->last_overflow_timestamp);
	KUNIT_EXPECT_EQ(test, pl->flags, CXL_GET_EVENT_FLAG_OVERFLOW |
			CXL_GET_EVENT_FLAG_MORE_RECORDS);
	KUNIT_EXPECT_EQ(test, overflow_of(pl), 3);
	/* The times of the first and last records lost. */
	KUNIT_EXPECT_EQ(test, first, OVERFLOW_T0);
	KUNIT_EXPECT_EQ(test, last, OVERFLOW_T0 + 2);
	/* The new records are the ones dropped: the oldest is still there. */
	KUNIT_ASSERT_EQ(test, count_of(pl), 1);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 0);
}

static void clear_ends_overflow(struct kunit *test)
{
	struct ctm_event_log *log = overflowed_log(test, 1);
	struct cxl_event_record_raw rec = {};
	struct cxl_get_event_payload *pl;
	u16 oldest;

	oldest = handle_of(get(test, log, 1), 0);
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &oldest, 1),
			CXL_MBOX_CMD_RC_SUCCESS);
	pl = expect_overflow(test, log, false, 0);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 1);

	/* The room made is usable; filling it again overflows anew. */
	KUNIT_EXPECT_EQ(test, ctm_event_add(log, &rec), 0);
	overflow(test, log, 1);
	expect_overflow(test, log, true, 1);
}

/* Overflow stays until the host has consumed records and cleared them. */
static void overflow_survives_clear_that_removes_nothing(struct kunit *test)
{
	struct ctm_event_log *log = overflowed_log(test, 2);
	u16 wrong;

	wrong = handle_of(get(test, log, 2), 1);
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, &wrong, 1),
			CXL_MBOX_CMD_RC_HANDLE);
	KUNIT_EXPECT_EQ(test, clear(test, log, CTM_CLEAR_EVENT_ALL, &wrong, 1),
			CXL_MBOX_CMD_RC_INPUT);
	KUNIT_EXPECT_EQ(test, clear(test, log, BIT(7), NULL, 0),
			CXL_MBOX_CMD_RC_INPUT);
	/* An empty handle list clears no record. */
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, NULL, 0),
			CXL_MBOX_CMD_RC_SUCCESS);

	expect_overflow(test, log, true, 2);
	KUNIT_EXPECT_EQ(test, log->nr, CTM_EVENT_LOG_SIZE);
}

static void overflow_count_saturates(struct kunit *test)
{
	struct ctm_event_log *log = overflowed_log(test, U16_MAX + 10);

	/* The 16-bit count sticks at its maximum rather than wrapping. */
	expect_overflow(test, log, true, U16_MAX);
}

static void handle_wraps_to_one(struct kunit *test)
{
	struct ctm_event_log *log = new_log(test);
	struct cxl_get_event_payload *pl;
	u16 h[2];

	log->next_handle = 0xffff;
	pl = add_n(test, log, 3, NULL);
	KUNIT_ASSERT_EQ(test, count_of(pl), 3);
	KUNIT_EXPECT_EQ(test, handle_of(pl, 0), 0xffff);
	KUNIT_EXPECT_EQ(test, handle_of(pl, 1), 1);
	KUNIT_EXPECT_EQ(test, handle_of(pl, 2), 2);

	/* Clearing across the wrap works like any other. */
	h[0] = 0xffff;
	h[1] = 1;
	KUNIT_EXPECT_EQ(test, clear(test, log, 0, h, 2), CXL_MBOX_CMD_RC_SUCCESS);
	pl = get(test, log, 3);
	KUNIT_ASSERT_EQ(test, count_of(pl), 1);
	KUNIT_EXPECT_EQ(test, tag_of(pl, 0), 2);
}

static struct kunit_case events_test_cases[] = {
	KUNIT_CASE(add_assigns_nonzero_increasing_handles),
	KUNIT_CASE(get_returns_oldest_first),
	KUNIT_CASE(get_sets_more_records_when_room_is_short),
	KUNIT_CASE(get_of_empty_log_reports_nothing),
	KUNIT_CASE(get_leaves_records_queued),
	KUNIT_CASE(clear_removes_named_oldest_records),
	KUNIT_CASE(clear_rejects_wrong_handle),
	KUNIT_CASE(clear_rejects_out_of_order_handles),
	KUNIT_CASE(clear_rejects_more_handles_than_records),
	KUNIT_CASE(clear_all_empties_log),
	KUNIT_CASE(clear_all_with_handles_is_invalid),
	KUNIT_CASE(clear_all_needs_an_overflow),
	KUNIT_CASE(clear_rejects_unknown_flags),
	KUNIT_CASE(full_log_counts_overflow),
	KUNIT_CASE(clear_ends_overflow),
	KUNIT_CASE(overflow_survives_clear_that_removes_nothing),
	KUNIT_CASE(overflow_count_saturates),
	KUNIT_CASE(handle_wraps_to_one),
	{}
};

CTM_KUNIT_SUITE(events);
