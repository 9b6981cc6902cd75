// SPDX-License-Identifier: GPL-2.0
/*
 * The device's event logs (CXL r3.1 8.2.9.2). Records queue until the host
 * clears them; a log holds up to CTM_EVENT_LOG_SIZE records (reported in
 * Identify) and counts what it had to drop as overflow, with the first and
 * last overflow timestamps, as the specification describes.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "device/device.h"

struct ctm_event {
	struct list_head node;
	struct cxl_event_record_raw rec;
};

/**
 * ctm_event_log_init() - make an empty event log
 * @log: the log
 */
void ctm_event_log_init(struct ctm_event_log *log)
{
	INIT_LIST_HEAD(&log->records);
	log->nr = 0;
	log->next_handle = 1;
	log->overflow = 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_event_log_init);

/**
 * ctm_event_log_destroy() - drop every queued record of a log
 * @log: the log
 */
void ctm_event_log_destroy(struct ctm_event_log *log)
{
	struct ctm_event *ev, *next;

	list_for_each_entry_safe(ev, next, &log->records, node) {
		list_del(&ev->node);
		kfree(ev);
	}
	log->nr = 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_event_log_destroy);

/**
 * ctm_event_lost() - count records a log had no room for
 * @log: the log
 * @recs: the records lost
 * @n: how many
 *
 * Overflow (CXL r3.1 8.2.9.2.2): the count, and the device's times of the
 * first and last record lost, as the records carry them.
 */
void ctm_event_lost(struct ctm_event_log *log,
		    const struct cxl_event_record_raw *recs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		u64 t = le64_to_cpu(recs[i].event.generic.hdr.timestamp);

		if (!log->overflow++)
			log->first_overflow = t;
		log->last_overflow = t;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctm_event_lost);

/**
 * ctm_event_add() - queue a record
 * @log: the log
 * @rec: the record; its handle is assigned here
 *
 * Return: 0, -ENOSPC when the log is full (the record is counted as
 * overflow), -ENOMEM.
 */
int ctm_event_add(struct ctm_event_log *log,
		  const struct cxl_event_record_raw *rec)
{
	struct ctm_event *ev;

	if (log->nr >= CTM_EVENT_LOG_SIZE) {
		ctm_event_lost(log, rec, 1);
		return -ENOSPC;
	}
	ev = kzalloc_obj(*ev);
	if (!ev)
		return -ENOMEM;
	ev->rec = *rec;
	/* Handles are non-zero; 0 means "no record". */
	ev->rec.event.generic.hdr.handle = cpu_to_le16(log->next_handle);
	if (!++log->next_handle)
		log->next_handle = 1;
	list_add_tail(&ev->node, &log->records);
	log->nr++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_event_add);

/**
 * ctm_event_add_batch() - queue several records, all or none
 * @log: the log
 * @recs: the records; their handles are assigned here
 * @n: how many
 *
 * An offer or a release is one unit for the host: queueing part of it
 * would hand the host a chain without its end. So the log must have room
 * for all of them, and nothing counts as overflow when it has not.
 *
 * Return: 0, -EAGAIN when the log has no room for @n more records now,
 * -ENOMEM.
 */
int ctm_event_add_batch(struct ctm_event_log *log,
			const struct cxl_event_record_raw *recs, unsigned int n)
{
	struct ctm_event *ev, *next;
	LIST_HEAD(batch);

	if (n > CTM_EVENT_LOG_SIZE - log->nr)
		return -EAGAIN;
	for (unsigned int i = 0; i < n; i++) {
		ev = kzalloc_obj(*ev);
		if (!ev)
			goto err;
		ev->rec = recs[i];
		list_add_tail(&ev->node, &batch);
	}
	list_for_each_entry(ev, &batch, node) {
		ev->rec.event.generic.hdr.handle = cpu_to_le16(log->next_handle);
		if (!++log->next_handle)
			log->next_handle = 1;
	}
	list_splice_tail(&batch, &log->records);
	log->nr += n;
	return 0;

err:
	list_for_each_entry_safe(ev, next, &batch, node)
		kfree(ev);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_event_add_batch);

/**
 * ctm_events_get() - fill a Get Event Records output payload
 * @log: the log
 * @pl: the payload
 * @size: room in @pl, at least the header
 *
 * Return: the payload length used.
 */
size_t ctm_events_get(struct ctm_event_log *log,
		      struct cxl_get_event_payload *pl, size_t size)
{
	size_t room = (size - sizeof(*pl)) / sizeof(pl->records[0]);
	struct ctm_event *ev;
	u16 n = 0;

	memset(pl, 0, sizeof(*pl));
	list_for_each_entry(ev, &log->records, node) {
		if (n == room) {
			pl->flags |= CXL_GET_EVENT_FLAG_MORE_RECORDS;
			break;
		}
		pl->records[n++] = ev->rec;
	}
	pl->record_count = cpu_to_le16(n);
	if (log->overflow) {
		pl->flags |= CXL_GET_EVENT_FLAG_OVERFLOW;
		pl->overflow_err_count = cpu_to_le16(min(log->overflow, U16_MAX));
		pl->first_overflow_timestamp = cpu_to_le64(log->first_overflow);
		pl->last_overflow_timestamp = cpu_to_le64(log->last_overflow);
	}
	return struct_size(pl, records, n);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_events_get);

/**
 * ctm_events_clear() - execute Clear Event Records on a log
 * @log: the log
 * @pl: the input payload, its length already checked
 *
 * Clear All Events is for a log that overflowed (r3.1 8.2.9.2.3): every
 * record goes, and the handle list must be empty. Otherwise the handles
 * must name the oldest records, in order: one that does not changes
 * nothing and fails the command.
 *
 * Return: CXL_MBOX_CMD_RC_SUCCESS, _INPUT or _HANDLE.
 */
int ctm_events_clear(struct ctm_event_log *log,
		     const struct cxl_mbox_clear_event_payload *pl)
{
	struct ctm_event *ev, *next;
	int i = 0;

	if (pl->clear_flags & ~CTM_CLEAR_EVENT_ALL)
		return CXL_MBOX_CMD_RC_INPUT;
	if (pl->clear_flags & CTM_CLEAR_EVENT_ALL) {
		if (pl->nr_recs || !log->overflow)
			return CXL_MBOX_CMD_RC_INPUT;
		ctm_event_log_destroy(log);
		log->overflow = 0;
		return CXL_MBOX_CMD_RC_SUCCESS;
	}

	list_for_each_entry(ev, &log->records, node) {
		if (i == pl->nr_recs)
			break;
		if (ev->rec.event.generic.hdr.handle != pl->handles[i])
			return CXL_MBOX_CMD_RC_HANDLE;
		i++;
	}
	if (i != pl->nr_recs)
		return CXL_MBOX_CMD_RC_HANDLE;

	list_for_each_entry_safe(ev, next, &log->records, node) {
		if (!i--)
			break;
		list_del(&ev->node);
		kfree(ev);
		log->nr--;
	}
	/*
	 * Clearing makes room: the overflow condition is over. An empty
	 * handle list makes none, and the host has consumed nothing.
	 */
	if (pl->nr_recs)
		log->overflow = 0;
	return CXL_MBOX_CMD_RC_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_events_clear);
