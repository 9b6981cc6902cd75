// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic Capacity, a tag's bytes: which range of its backend each tagged
 * extent holds, and where those bytes are.
 *
 * Backing is lazy: a backend's contents back an extent only once the
 * host has accepted it. Binding then moves the backend's contents for the
 * extent from its store into the media pages the host decodes the extent
 * at, so the host's mapping reaches the tag's bytes directly; releasing
 * moves them back to the store (or zeroes them with Sanitize on Release).
 * A tagged byte is in one place at a time. When the host's decoders
 * change, the bindings follow them (ctm_dc_map_deferred()).
 *
 * The state machine in capacity.c decides when an extent is bound or
 * unbound; this file moves the bytes, with the locking told at
 * ctm_dc_moves().
 */
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

/*
 * Reserve @ext's share of @be: first fit, contiguous, within its size. A
 * backend its owner can remove must be held by the caller
 * (ctm_backend_hold()) or pinned by extents already: rmdir must see a
 * dependency while extents use it.
 */
int ctm_dc_be_claim(struct ctm_backend *be, struct ctm_extent *ext)
{
	unsigned long off;
	int rc;

	lockdep_assert_held(&ctm_cfg_lock);
	if (be->pin_ops && !be->pinned && !be->holds)
		return -EAGAIN;
	/*
	 * The store keeps a backend's contents by the page, and an extent
	 * owns the store pages of its range: tagged extents are whole pages.
	 */
	if (!PAGE_ALIGNED(ext->len))
		return -EINVAL;
	if (!be->pool || ext->len > be->size)
		return -ENOSPC;
	rc = mtree_alloc_range(&be->alloc, &off, ext, ext->len, 0,
			       be->size - 1, GFP_KERNEL);
	if (rc)
		return rc == -EBUSY ? -ENOSPC : rc;
	ctm_backend_get(be);
	be->users++;
	ext->be = be;
	ext->be_off = off;
	return 0;
}

void ctm_dc_be_unclaim(struct ctm_extent *ext)
{
	struct ctm_backend *be = ext->be;

	if (!be)
		return;
	mtree_erase(&be->alloc, ext->be_off);
	ext->be = NULL;
	/* After the unpin rmdir may take it once ctm_cfg_lock is dropped. */
	if (!--be->users)
		ctm_backend_unpin(be);
	ctm_backend_put(be);
}

/* Where the host decodes @ext, as device-side address, if it does. */
static void *dc_decoded(struct ctm_mem *mem, struct ctm_extent *ext, u64 *hpa)
{
	if (!mem->hdm)
		return NULL;
	scoped_guard(spinlock, &mem->hdm->lock)
		if (__ctm_hdm_range_to_hpa(mem->hdm, ext->dpa, ext->len, hpa))
			return NULL;
	return ctm_media_addr(*hpa, ext->len);
}

/*
 * Moving a tag's bytes between the media and its backend's store, and
 * zeroing media, is long work: up to gigabytes. It is decided and recorded
 * under both locks (the extent goes on the device's moves list, marked
 * moving), done with the device's mbox_lock only (ctm_dc_moves()), and
 * finished under both locks again. mbox_lock keeps the device's extents
 * and their bindings as they are meanwhile: every change to them takes
 * it. What takes only ctm_cfg_lock either does not look at the bytes or
 * refuses a moving range (the backend's debugfs view); other devices'
 * moves are of other ranges, and the store takes disjoint ranges at once.
 */
enum {
	CTM_MOVE_IN = 1,	/* store -> media: bound at acceptance */
	CTM_MOVE_OUT,		/* media -> store: the host stopped decoding it */
	CTM_MOVE_SAVE,		/* copy media -> store before a release */
	CTM_MOVE_SCRUB,		/* zero the media: Sanitize on Release */
};

static void dc_move_queue(struct ctm_mem *mem, struct ctm_extent *ext,
			  u8 move)
{
	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	WARN_ON_ONCE(ext->moving);
	ext->move = move;
	ext->moving = true;
	list_add_tail(&ext->move_link, &mem->dc->moves);
}

/*
 * The contents of a bound extent leave the media for its backend's store
 * where nothing can fail any more (the device goes away, or the host
 * stopped decoding the extent): without memory for them they are lost,
 * zeroed, with a warning. Releases save them first (ctm_dc_queue_save()).
 */
static void dc_move_out(struct ctm_mem *mem, struct ctm_extent *ext,
			const void *va)
{
	struct ctm_store *st = &ext->be->store;

	if (!ctm_store_move_out(st, ext->be_off, va, ext->len))
		return;
	/* From teardown too, when the platform device may be gone. */
	pr_warn("cxl_tag_mock mem%d: tag %pUb lost %#llx bytes: no memory\n",
		mem->id, &ext->tag, ext->len);
	ctm_store_zero(st, ext->be_off, ext->len);
}

/* One queued move, with mbox_lock only. Only a save can fail. */
static int dc_move_run(struct ctm_mem *mem, struct ctm_extent *ext)
{
	void *va = ctm_media_addr(ext->hpa, ext->len);
	int rc;

	if (!va)
		return 0;
	switch (ext->move) {
	case CTM_MOVE_IN:
		ctm_store_move_in(&ext->be->store, ext->be_off, va, ext->len);
		break;
	case CTM_MOVE_OUT:
		dc_move_out(mem, ext, va);
		break;
	case CTM_MOVE_SAVE:
		rc = ctm_store_move_out(&ext->be->store, ext->be_off, va,
					ext->len);
		if (rc)
			return rc;
		ext->saved = true;
		break;
	case CTM_MOVE_SCRUB:
		ctm_scrub(va, ext->len);
		ext->scrubbed = true;
		break;
	}
	return 0;
}

/* The media still holds what a save copied: the copy goes. */
void ctm_dc_unsave(struct ctm_extent *ext)
{
	if (!ext->saved)
		return;
	ctm_store_zero(&ext->be->store, ext->be_off, ext->len);
	ext->saved = false;
}

/*
 * Run the queued moves with ctm_cfg_lock dropped; called and returning
 * with both locks held. A failed save stops the run: the saves made are
 * undone and nothing else ran, so nothing changed. An extent whose move
 * took it out of the media waits on the unmapped list afterwards.
 *
 * Return: 0, or -ENOMEM when a save could not get its pages.
 */
int ctm_dc_moves(struct ctm_mem *mem)
{
	struct ctm_extent *ext, *next;
	int rc = 0;

	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	if (list_empty(&mem->dc->moves))
		return 0;
	mutex_unlock(&ctm_cfg_lock);
	list_for_each_entry(ext, &mem->dc->moves, move_link) {
		rc = dc_move_run(mem, ext);
		if (rc)
			break;
	}
	mutex_lock(&ctm_cfg_lock);
	list_for_each_entry_safe(ext, next, &mem->dc->moves, move_link) {
		/* Only saves can fail, and a batch with saves has nothing else. */
		WARN_ON_ONCE(rc && ext->move != CTM_MOVE_SAVE);
		if (rc)
			ctm_dc_unsave(ext);
		if (ext->move == CTM_MOVE_OUT) {
			ext->mapped = false;
			list_add_tail(&ext->link, &mem->dc->unmapped);
		}
		ext->moving = false;
		list_del_init(&ext->move_link);
	}
	return rc;
}

/*
 * Bind an accepted extent's backend range to the pages the host decodes
 * it at: the contents are to move there (ctm_dc_moves()), and from then on
 * those pages are the tag's storage. Undecoded extents wait on the
 * unmapped list.
 */
void ctm_dc_map(struct ctm_mem *mem, struct ctm_extent *ext)
{
	u64 hpa;

	if (!dc_decoded(mem, ext, &hpa)) {
		list_add_tail(&ext->link, &mem->dc->unmapped);
		return;
	}
	ext->hpa = hpa;
	ext->mapped = true;
	dc_move_queue(mem, ext, CTM_MOVE_IN);
}

/*
 * Before a bound extent leaves the device on a path that can still fail
 * (the host's Release DC, a forced release), its contents are copied to
 * its backend's store while the media keeps them: if one extent of the
 * release cannot get the memory, the ones saved already drop their copy
 * and nothing changed. Sanitized regions keep nothing.
 */
void ctm_dc_queue_save(struct ctm_mem *mem, struct ctm_extent *ext)
{
	if (ext->mapped && ext->be && !ext->moving && !ext->saved &&
	    !ctm_dc_region(mem, ext->region)->sanitize)
		dc_move_queue(mem, ext, CTM_MOVE_SAVE);
}

/*
 * Sanitize on Release zeroes what the host decoded: a bound extent's
 * pages, or an untagged extent's, which are its storage. Queued only once
 * the release can no longer fail.
 */
void ctm_dc_queue_scrub(struct ctm_mem *mem, struct ctm_extent *ext)
{
	u64 hpa;

	if (ext->moving || ext->scrubbed ||
	    !ctm_dc_region(mem, ext->region)->sanitize)
		return;
	if (ext->mapped) {
		dc_move_queue(mem, ext, CTM_MOVE_SCRUB);
	} else if (!ext->be && dc_decoded(mem, ext, &hpa)) {
		ext->hpa = hpa;
		dc_move_queue(mem, ext, CTM_MOVE_SCRUB);
	}
}

/*
 * Undo the binding: the contents go back to the backend's store, or with
 * @sanitize they are zeroed. An untagged extent's storage is the decoded
 * pages themselves. What a release saved or zeroed already is not done
 * again; what is left here is the device's teardown, which cannot fail
 * and has no host to wait for it.
 */
void ctm_dc_unbind(struct ctm_mem *mem, struct ctm_extent *ext, bool sanitize)
{
	void *va = NULL;
	u64 hpa;

	if (ext->mapped)
		va = ctm_media_addr(ext->hpa, ext->len);
	else if (!ext->be && sanitize)
		va = dc_decoded(mem, ext, &hpa);

	if (sanitize) {
		if (va && !ext->scrubbed)
			ctm_scrub(va, ext->len);
		if (ext->be)
			ctm_store_zero(&ext->be->store, ext->be_off, ext->len);
	} else if (ext->mapped && va && ext->be && !ext->saved) {
		dc_move_out(mem, ext, va);
	}
	if (ext->state != CTM_EXT_PENDING && ext->be && !ext->mapped)
		list_del_init(&ext->link);
	ext->mapped = false;
	ext->saved = false;
	ext->scrubbed = false;
	ctm_dc_be_unclaim(ext);
}

/**
 * ctm_dc_unbind_all() - unbind every accepted extent of a device
 * @mem: the device, with its mbox_lock and ctm_cfg_lock held, which the
 *	 host no longer reaches
 *
 * No release happened, so each tag keeps its contents: they move back to
 * its backend's store (with ctm_cfg_lock dropped, as every move is).
 */
void ctm_dc_unbind_all(struct ctm_mem *mem)
{
	struct ctm_extent *ext;

	for (ext = ctm_extent_first(mem); ext; ext = ctm_extent_next(ext))
		if (ext->mapped)
			dc_move_queue(mem, ext, CTM_MOVE_OUT);
	ctm_dc_moves(mem);
	for (ext = ctm_extent_first(mem); ext; ext = ctm_extent_next(ext))
		ctm_dc_unbind(mem, ext, false);
}

/**
 * ctm_dc_map_deferred() - make bindings follow the decoders
 * @mem: the device
 *
 * Runs after a decoder committed or stopped (from a work item) and before
 * the host looks at extents (Get Dynamic Capacity Extent List, Add
 * Dynamic Capacity Response), whichever comes first. A bound extent whose
 * pages the host no longer decodes where they were takes its contents
 * back to its backend's store; then every bound extent that is not
 * mapped moves its contents to the pages the host decodes it at now, if
 * any. Nothing happens unless the decoders changed since the last time,
 * so the walk over the extents is paid once per decoder change. The
 * copies run with ctm_cfg_lock dropped (ctm_dc_moves()).
 */
void ctm_dc_map_deferred(struct ctm_mem *mem)
{
	struct ctm_extent *ext, *next;
	LIST_HEAD(todo);
	u32 gen;

	lockdep_assert_held(&mem->mbox_lock);
	if (!mem->hdm)
		return;
	scoped_guard(spinlock, &mem->hdm->lock)
		gen = mem->hdm->gen;
	if (gen == mem->dc->map_gen)
		return;
	mem->dc->map_gen = gen;
	guard(mutex)(&ctm_cfg_lock);
	for (ext = ctm_extent_first(mem); ext; ext = ctm_extent_next(ext)) {
		u64 hpa;

		if (!ext->mapped)
			continue;
		if (dc_decoded(mem, ext, &hpa) && hpa == ext->hpa)
			continue;
		dc_move_queue(mem, ext, CTM_MOVE_OUT);
	}
	/* Out first: one going in may be decoded where one going out was. */
	ctm_dc_moves(mem);
	list_splice_init(&mem->dc->unmapped, &todo);
	list_for_each_entry_safe(ext, next, &todo, link) {
		list_del_init(&ext->link);
		ctm_dc_map(mem, ext);
	}
	ctm_dc_moves(mem);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_map_deferred);

static void dc_map_work(struct work_struct *work)
{
	struct ctm_mem *mem = container_of(work, struct ctm_dc, map_work)->mem;

	guard(mutex)(&mem->mbox_lock);
	ctm_dc_map_deferred(mem);
}

/**
 * ctm_dc_decoders_changed() - a decoder of the device committed or stopped
 * @data: the device
 *
 * Called with the decoders' spinlock held, so the contents move later,
 * from a work item; the host's next look at extents does it first if the
 * work has not run yet.
 */
void ctm_dc_decoders_changed(void *data)
{
	struct ctm_mem *mem = data;

	schedule_work(&mem->dc->map_work);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_decoders_changed);

/**
 * ctm_dc_binding_init() - the binding state of a new device's engine
 * @dc: the engine state
 */
void ctm_dc_binding_init(struct ctm_dc *dc)
{
	INIT_LIST_HEAD(&dc->unmapped);
	INIT_LIST_HEAD(&dc->moves);
	INIT_WORK(&dc->map_work, dc_map_work);
}
