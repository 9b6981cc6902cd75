// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic Capacity, the device side: offering capacity by tag, the host's
 * answers, and release. Which backend range an accepted extent's bytes
 * take and where they are lives in binding.c; the records the host reads
 * are encoded in records.c.
 *
 * An extent is pending (offered in a chain of Add Capacity records),
 * accepted (in the device's extent list), or release-pending (accepted,
 * and the device asked the host to give it back). Offered and accepted
 * extents hold their DPA range in a maple tree, so overlap checks and
 * first-fit placement are logarithmic in the number of live extents; a
 * tagged extent also holds a range of its backend's storage, allocated
 * first fit in the backend's own maple tree.
 *
 * Locks: a device's mbox_lock, then ctm_cfg_lock. Every change to an
 * extent's state, to the trees that hold it and to a backend's ranges is
 * made with both held, so readers holding either one see a consistent
 * picture. The bytes themselves are moved with mbox_lock only (see
 * ctm_dc_moves()): ctm_cfg_lock is global, and a move can be gigabytes. The
 * host is never called with either held: the request knobs call it once
 * they dropped them (ctm_dc_request()), other changes tell it from a
 * work item.
 */
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <kunit/visibility.h>
#include <cxl/dcd.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "dc/dc.h"

/**
 * ctm_dc_request() - queue a request knob's records and have the host answer
 * @mem: the device, with none of the mock's locks held
 * @queue: queues the records, under the device's mbox_lock and
 *	   ctm_cfg_lock
 * @req: @queue's
 *
 * What every request knob does. No work item is scheduled for the records
 * (&ctm_mem.sync_notify is set while they are queued): once they are, the
 * host is told and waited for, so that when the knob's write returns the
 * host has read the records and answered them, as scripts written for DCD
 * mocks expect, and a fault injected into the writer reaches the host's
 * handling. Nothing is told while events are held.
 *
 * Return: what @queue returns.
 */
int ctm_dc_request(struct ctm_mem *mem,
		   int (*queue)(struct ctm_mem *mem, void *req), void *req)
{
	int rc;

	scoped_guard(mutex, &mem->mbox_lock) {
		guard(mutex)(&ctm_cfg_lock);
		WRITE_ONCE(mem->sync_notify, true);
		rc = queue(mem, req);
		WRITE_ONCE(mem->sync_notify, false);
	}
	/* The host's answers take the locks just dropped. */
	if (!rc)
		ctm_mem_notify_sync(mem);
	return rc;
}

/* Devices, under ctm_cfg_lock: dc_status finds unbacked extents there. */
LIST_HEAD(ctm_dc_devices);

/**
 * ctm_dc_init() - give a device its empty Dynamic Capacity state
 * @mem: the device, which the host cannot reach yet
 *
 * Return: 0, or -ENOMEM.
 */
int ctm_dc_init(struct ctm_mem *mem)
{
	struct ctm_dc *dc = kzalloc_obj(*dc);

	if (!dc)
		return -ENOMEM;
	dc->mem = mem;
	dc->list_page.max = U32_MAX;
	dc->list_churn.max = U32_MAX;
	dc->lose_records.max = U32_MAX;
	dc->tags = RB_ROOT;
	mt_init_flags(&dc->dpa_map, MT_FLAGS_ALLOC_RANGE);
	INIT_LIST_HEAD(&dc->chains);
	INIT_LIST_HEAD(&dc->named);
	ctm_dc_binding_init(dc);
	mem->dc = dc;
	scoped_guard(mutex, &ctm_cfg_lock)
		list_add_tail(&dc->node, &ctm_dc_devices);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_init);

/* A region-relative range: block-aligned (-EINVAL) and inside (-ERANGE). */
int ctm_dc_check_range(struct ctm_mem *mem, unsigned int r, u64 off,
		       u64 len)
{
	const struct ctm_dc_region_cfg *dc = ctm_dc_region(mem, r);

	if (!len || !IS_ALIGNED(off, dc->block_size) ||
	    !IS_ALIGNED(len, dc->block_size))
		return -EINVAL;
	if (off >= dc->size || len > dc->size - off)
		return -ERANGE;
	return 0;
}

/*
 * What an offer or a release of ranges starts with: the locks that keep
 * the device's extents still, at least one range, a region the device has.
 */
static int dc_ranges_check(struct ctm_mem *mem, unsigned int region,
			   unsigned int n)
{
	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	if (!n)
		return -EINVAL;
	return region < ctm_dc_region_count(&mem->cfg) ? 0 : -ENXIO;
}

/* The region an absolute DPA range lies in, all of it. */
int ctm_dc_region_of(struct ctm_mem *mem, u64 dpa, u64 len,
		     unsigned int *region)
{
	unsigned int n = ctm_dc_region_count(&mem->cfg);

	for (unsigned int r = 0; r < n; r++) {
		u64 base = ctm_dc_region_base(&mem->cfg, r);

		if (dpa < base || dpa - base >= ctm_dc_region(mem, r)->size)
			continue;
		*region = r;
		return ctm_dc_check_range(mem, r, dpa - base, len);
	}
	return -ERANGE;
}

/**
 * struct ctm_dc_tag - a tag live on a device, for the tags budget
 * @node: in &ctm_dc.tags
 * @tag: the tag
 * @n: pending and accepted extents of the device with it
 */
struct ctm_dc_tag {
	struct rb_node node;
	uuid_t tag;
	unsigned int n;
};

static struct ctm_dc_tag *dc_tag_find(struct ctm_mem *mem, const uuid_t *tag,
				      struct rb_node ***linkp,
				      struct rb_node **parentp)
{
	struct rb_node **link = &mem->dc->tags.rb_node, *parent = NULL;

	while (*link) {
		struct ctm_dc_tag *t = rb_entry(*link, struct ctm_dc_tag, node);
		int c = memcmp(tag, &t->tag, sizeof(*tag));

		if (!c)
			return t;
		parent = *link;
		link = c < 0 ? &(*link)->rb_left : &(*link)->rb_right;
	}
	if (linkp) {
		*linkp = link;
		*parentp = parent;
	}
	return NULL;
}

static int dc_tag_get(struct ctm_mem *mem, const uuid_t *tag)
{
	struct rb_node **link, *parent;
	struct ctm_dc_tag *t;

	if (uuid_is_null(tag))
		return 0;
	t = dc_tag_find(mem, tag, &link, &parent);
	if (!t) {
		t = kzalloc_obj(*t);
		if (!t)
			return -ENOMEM;
		t->tag = *tag;
		rb_link_node(&t->node, parent, link);
		rb_insert_color(&t->node, &mem->dc->tags);
		mem->dc->nr_tags++;
	}
	t->n++;
	return 0;
}

static void dc_tag_put(struct ctm_mem *mem, const uuid_t *tag)
{
	struct ctm_dc_tag *t;

	if (uuid_is_null(tag))
		return;
	t = dc_tag_find(mem, tag, NULL, NULL);
	if (WARN_ON(!t) || --t->n)
		return;
	rb_erase(&t->node, &mem->dc->tags);
	mem->dc->nr_tags--;
	kfree(t);
}

/**
 * ctm_dc_extents_avail() - what the extents budget has left
 * @mem: the device
 *
 * Return: extents the device can still take, pending ones counted.
 */
u32 ctm_dc_extents_avail(struct ctm_mem *mem)
{
	return CTM_MAX_EXTENTS - min(mem->dc->nr_live, CTM_MAX_EXTENTS);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_extents_avail);

/**
 * ctm_dc_tags_avail() - what the tags budget has left
 * @mem: the device
 *
 * Return: distinct tags the device can still take on.
 */
u32 ctm_dc_tags_avail(struct ctm_mem *mem)
{
	return CTM_MAX_TAGS - min(mem->dc->nr_tags, CTM_MAX_TAGS);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_tags_avail);

/* Would @n more extents with @tag overrun a budget (-ENOSPC)? */
int ctm_dc_budget(struct ctm_mem *mem, const uuid_t *tag, unsigned int n)
{
	if (n > ctm_dc_extents_avail(mem))
		return -ENOSPC;
	if (!uuid_is_null(tag) && !dc_tag_find(mem, tag, NULL, NULL) &&
	    !ctm_dc_tags_avail(mem))
		return -ENOSPC;
	return 0;
}

/* An extent counts against the budgets from allocation to free. */
static void dc_ext_uncount(struct ctm_mem *mem, struct ctm_extent *ext)
{
	dc_tag_put(mem, &ext->tag);
	mem->dc->nr_live--;
}

void ctm_dc_ext_free(struct ctm_mem *mem, struct ctm_extent *ext)
{
	dc_ext_uncount(mem, ext);
	kfree(ext);
}

struct ctm_extent *ctm_dc_ext_alloc(struct ctm_mem *mem, unsigned int r,
				    u64 dpa, u64 len, const uuid_t *tag,
				       u16 seq)
{
	struct ctm_extent *ext = kzalloc_obj(*ext);

	if (!ext)
		return NULL;
	if (dc_tag_get(mem, tag)) {
		kfree(ext);
		return NULL;
	}
	mem->dc->nr_live++;
	INIT_LIST_HEAD(&ext->link);
	INIT_LIST_HEAD(&ext->move_link);
	INIT_LIST_HEAD(&ext->named_link);
	ext->mem = mem;
	ext->region = r;
	ext->dpa = dpa;
	ext->len = len;
	ext->tag = *tag;
	ext->seq = seq;
	return ext;
}

/* A pending extent the host did not take: its reservation goes. */
static void dc_drop_pending(struct ctm_mem *mem, struct ctm_extent *ext)
{
	list_del_init(&ext->link);
	ctm_extent_unhold(mem, ext);
	ctm_dc_be_unclaim(ext);
	ctm_dc_ext_free(mem, ext);
}

/* Tagged, accepted, and no backend: release by tag must walk for it. */
bool ctm_dc_unbacked(const struct ctm_extent *ext)
{
	return !ext->be && !uuid_is_null(&ext->tag);
}

/* An accepted extent leaves the device. */
static void dc_release_ext(struct ctm_mem *mem, struct ctm_extent *ext)
{
	list_del_init(&ext->named_link);
	if (ext->be)
		ext->be->released++;
	if (ctm_dc_unbacked(ext))
		mem->dc->nr_unbacked--;
	ctm_dc_unbind(mem, ext, ctm_dc_region(mem, ext->region)->sanitize);
	ctm_extent_unhold(mem, ext);
	dc_ext_uncount(mem, ext);
	ctm_extent_remove(mem, ext);
}

static void dc_chain_free(struct ctm_mem *mem, struct ctm_dc_chain *chain)
{
	struct ctm_extent *ext, *next;

	list_for_each_entry_safe(ext, next, &chain->extents, link)
		dc_drop_pending(mem, ext);
	list_del(&chain->node);
	kfree(chain);
}

/**
 * ctm_dc_destroy() - drop every extent and offer of a device
 * @mem: the device, which the host no longer reaches
 *
 * Accepted tagged extents are unbound without sanitizing: no release
 * happened, so the tag keeps its contents, moved to its backend's store
 * (with ctm_cfg_lock dropped, as every move is). Takes the device's
 * mbox_lock and ctm_cfg_lock.
 */
void ctm_dc_destroy(struct ctm_mem *mem)
{
	struct ctm_dc_chain *chain, *next;
	struct ctm_dc_tag *t, *tn;

	if (!mem->dc)
		return;
	/* No decoder change reaches the engine's state from here on. */
	if (mem->hdm) {
		guard(spinlock)(&mem->hdm->lock);
		mem->hdm->changed = NULL;
	}
	cancel_work_sync(&mem->dc->map_work);
	guard(mutex)(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	/* What a preload that failed part way queued. */
	ctm_dc_moves(mem);
	list_for_each_entry_safe(chain, next, &mem->dc->chains, node)
		dc_chain_free(mem, chain);
	ctm_dc_unbind_all(mem);
	ctm_extents_destroy(mem);
	INIT_LIST_HEAD(&mem->dc->named);
	mem->dc->nr_unbacked = 0;
	rbtree_postorder_for_each_entry_safe(t, tn, &mem->dc->tags, node)
		kfree(t);
	list_del(&mem->dc->node);
	kfree(mem->dc);
	mem->dc = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_destroy);

struct ctm_dc_chain *ctm_dc_open_chain(struct ctm_mem *mem)
{
	struct ctm_dc_chain *last;

	last = list_last_entry_or_null(&mem->dc->chains, struct ctm_dc_chain, node);
	return last && last->open ? last : NULL;
}

struct ctm_dc_chain *ctm_dc_chain_alloc(void)
{
	struct ctm_dc_chain *chain = kzalloc_obj(*chain);

	if (chain)
		INIT_LIST_HEAD(&chain->extents);
	return chain;
}

static int dc_range_cmp(const void *a, const void *b)
{
	const struct ctm_dc_range *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * Ranges of one request that overlap each other make it malformed, which
 * is told apart from overlaps with other capacity before anything is
 * reserved.
 */
static int dc_ranges_disjoint(const struct ctm_dc_range *ranges,
			      unsigned int n)
{
	struct ctm_dc_range *sorted;
	int rc = 0;

	if (n < 2)
		return 0;
	sorted = kvmemdup(ranges, array_size(n, sizeof(*ranges)), GFP_KERNEL);
	if (!sorted)
		return -ENOMEM;
	sort(sorted, n, sizeof(*sorted), dc_range_cmp, NULL);
	for (unsigned int i = 1; i < n && !rc; i++)
		if (sorted[i].off < sorted[i - 1].off + sorted[i - 1].len)
			rc = -EINVAL;
	kvfree(sorted);
	return rc;
}

/* The backend that backs @tag on @mem's behalf, or an errno. */
static struct ctm_backend *dc_backend(const uuid_t *tag, struct ctm_pool *pool)
{
	struct ctm_backend *be = ctm_backend_find(tag);

	if (!be)
		return ERR_PTR(-ENOENT);
	if (pool && be->pool && be->pool != pool)
		return ERR_PTR(-EXDEV);
	return be;
}

/**
 * ctm_dc_offer() - offer capacity for a tag as one More-linked chain
 * @mem: the device
 * @region: the DC region
 * @tag: the tag; null for untagged capacity, which has no backend
 * @policy: whether @ranges name offsets or only lengths
 * @ranges: the extents, region-relative; with %CTM_DC_FREE the offsets
 *	    are chosen here (first fit) and written back
 * @n: how many, at least one
 * @pool: the device's pool, whose backends alone may back it, or NULL
 *
 * Nothing is queued unless everything fits: one Add Capacity record per
 * extent, More set on all but the last, shared sequence numbers 0..n-1 on
 * a sharable region. Each tagged extent reserves a range of the backend
 * now; its contents are bound only when the host accepts it.
 *
 * Return: 0; -EINVAL for no extents, a zero length, misaligned ranges or
 * ranges of the request that overlap each other; -ERANGE for a range
 * outside the region; -ENXIO for a region the device does not have;
 * -ENOENT when no backend has @tag; -EXDEV when it is in a pool other than
 * @pool; -ENOSPC when the backend has no room left for these lengths
 * (counting what its tag holds already) or the free policy finds no room
 * in the region; -EBUSY when a range overlaps capacity already offered or
 * accepted, or an injected chain is still open; -EAGAIN when the DCD log
 * cannot take the records now; -ENOMEM.
 */
int ctm_dc_offer(struct ctm_mem *mem, unsigned int region, const uuid_t *tag,
		 enum ctm_dc_policy policy, struct ctm_dc_range *ranges,
		 unsigned int n, struct ctm_pool *pool)
{
	struct ctm_event_log *log = &mem->events[CXL_EVENT_LOG_DCD];
	struct cxl_event_record_raw *recs = NULL;
	struct ctm_backend *be = NULL;
	struct ctm_dc_chain *chain;
	struct ctm_extent *ext, *next;
	const struct ctm_dc_region_cfg *dc;
	unsigned int lost;
	u64 base;
	int rc;

	rc = dc_ranges_check(mem, region, n);
	if (rc)
		return rc;
	dc = ctm_dc_region(mem, region);
	base = ctm_dc_region_base(&mem->cfg, region);
	for (unsigned int i = 0; i < n; i++) {
		rc = ctm_dc_check_range(mem, region,
					policy == CTM_DC_FREE ? 0 : ranges[i].off,
				    ranges[i].len);
		if (rc)
			return rc;
	}
	if (policy == CTM_DC_PRESCRIPTIVE) {
		rc = dc_ranges_disjoint(ranges, n);
		if (rc)
			return rc;
	}
	if (!uuid_is_null(tag)) {
		be = dc_backend(tag, pool);
		if (IS_ERR(be))
			return PTR_ERR(be);
	}
	if (ctm_dc_open_chain(mem))
		return -EBUSY;
	rc = ctm_dc_budget(mem, tag, n);
	if (rc)
		return rc;
	if (n > CTM_EVENT_LOG_SIZE - log->nr)
		return -EAGAIN;

	chain = ctm_dc_chain_alloc();
	recs = kvcalloc(n, sizeof(*recs), GFP_KERNEL);
	if (!chain || !recs) {
		rc = -ENOMEM;
		goto err;
	}
	for (unsigned int i = 0; i < n; i++) {
		ext = ctm_dc_ext_alloc(mem, region, base + ranges[i].off,
				       ranges[i].len, tag, dc->sharable ? i : 0);
		if (!ext) {
			rc = -ENOMEM;
			goto err;
		}
		ext->chain = chain;
		list_add_tail(&ext->link, &chain->extents);
		if (policy == CTM_DC_FREE) {
			rc = ctm_extent_hold_free(mem, ext, base,
						  base + dc->size - 1);
			if (!rc)
				ranges[i].off = ext->dpa - base;
		} else {
			rc = ctm_extent_first_in(mem, ext->dpa, ext->len) ? -EBUSY :
				ctm_extent_hold(mem, ext);
		}
		if (!rc && be)
			rc = ctm_dc_be_claim(be, ext);
		if (rc)
			goto err;
		ctm_dc_record(&recs[i], CXL_DC_EVENT_ADD_CAPACITY, mem, region,
			      ext->dpa, ext->len, tag, ext->seq, i + 1 < n);
	}
	/*
	 * The test knob: the offer stands, but the log loses its last
	 * records, as one too small for them does, and says so (overflow).
	 */
	lost = min(n, mem->dc->lose_records.val);
	rc = ctm_event_add_batch(log, recs, n - lost);
	if (rc)
		goto err;
	if (lost) {
		mem->dc->lose_records.val = 0;
		ctm_event_lost(log, &recs[n - lost], lost);
	}
	kvfree(recs);
	list_add_tail(&chain->node, &mem->dc->chains);
	ctm_mem_notify(mem);
	return 0;

err:
	if (chain) {
		list_for_each_entry_safe(ext, next, &chain->extents, link)
			dc_drop_pending(mem, ext);
		kfree(chain);
	}
	kvfree(recs);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_offer);

/*
 * Ask the host to release @exts, or take them back (@force), with @recs
 * (@nr of them) as what the host hears. A forced release saves the
 * contents while the media still has them and queues the records before
 * it changes anything: either can fail, and then nothing changed. Only
 * then is the media zeroed and the capacity gone.
 */
int ctm_dc_take_back(struct ctm_mem *mem, struct ctm_extent **exts,
		     unsigned int n, const struct cxl_event_record_raw *recs,
			unsigned int nr, bool force)
{
	struct ctm_event_log *log = &mem->events[CXL_EVENT_LOG_DCD];
	int rc = 0;

	/* Room first: a forced release saves gigabytes before it queues. */
	if (nr > CTM_EVENT_LOG_SIZE - log->nr)
		return -EAGAIN;
	if (force) {
		for (unsigned int i = 0; i < n; i++)
			ctm_dc_queue_save(mem, exts[i]);
		rc = ctm_dc_moves(mem);
	}
	if (!rc)
		rc = ctm_event_add_batch(log, recs, nr);
	if (rc) {
		for (unsigned int i = 0; i < n; i++)
			ctm_dc_unsave(exts[i]);
		return rc;
	}
	if (force) {
		/* Zeroing cannot fail: done once the release cannot. */
		for (unsigned int i = 0; i < n; i++)
			ctm_dc_queue_scrub(mem, exts[i]);
		ctm_dc_moves(mem);
	}
	for (unsigned int i = 0; i < n; i++) {
		/* Forced: the capacity is gone now, the host only hears of it. */
		if (force)
			dc_release_ext(mem, exts[i]);
		else
			exts[i]->state = CTM_EXT_RELEASING;
	}
	ctm_mem_notify(mem);
	return 0;
}

/* One record for each extent. */
static int dc_release_exts(struct ctm_mem *mem, struct ctm_extent **exts,
			   unsigned int n, bool force)
{
	struct cxl_event_record_raw *recs;
	int rc;

	recs = kvcalloc(n, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		ctm_dc_record(&recs[i],
			      force ? CXL_DC_EVENT_FORCED_RELEASE :
				  CXL_DC_EVENT_RELEASE_CAPACITY,
			  mem, exts[i]->region, exts[i]->dpa, exts[i]->len,
			  &exts[i]->tag, exts[i]->seq, false);
	rc = ctm_dc_take_back(mem, exts, n, recs, n, force);
	kvfree(recs);
	return rc;
}

/**
 * ctm_dc_release_ranges() - ask the host to give back extents, or take them
 * @mem: the device
 * @region: the DC region the ranges are relative to
 * @ranges: each exactly one whole accepted extent
 * @n: how many, at least one
 * @force: Forced Capacity Release: the extents go now
 *
 * Without @force each extent gets a Release Capacity record and becomes
 * release-pending until the host's Release Dynamic Capacity for it. For
 * an extent whose release is pending already this is a retry: a host
 * that kept it (a DAX device held it) sends nothing and waits to be
 * asked again.
 *
 * Called with @mem's mbox_lock and ctm_cfg_lock held. With @force the
 * extents' contents are saved (or zeroed) with ctm_cfg_lock dropped for
 * the while: the device's mbox_lock keeps its extents as they are.
 *
 * Return: 0; -EINVAL for no ranges, misaligned ones, a range that is not
 * exactly one accepted extent (it would split one, or span several) or a
 * range named twice; -ERANGE outside the region; -ENXIO for a region the
 * device does not have; -ENOENT when no accepted extent is there; -EBUSY
 * when the range is offered and not accepted yet; -EAGAIN when the DCD
 * log has no room; -ENOMEM, also when with @force there is no memory to
 * keep the contents in (nothing changed).
 */
int ctm_dc_release_ranges(struct ctm_mem *mem, unsigned int region,
			  const struct ctm_dc_range *ranges, unsigned int n,
			  bool force)
{
	struct ctm_extent **exts;
	unsigned int i;
	u64 base;
	int rc = 0;

	rc = dc_ranges_check(mem, region, n);
	if (rc)
		return rc;
	base = ctm_dc_region_base(&mem->cfg, region);
	exts = kvcalloc(n, sizeof(*exts), GFP_KERNEL);
	if (!exts)
		return -ENOMEM;
	for (i = 0; i < n && !rc; i++) {
		u64 dpa = base + ranges[i].off, len = ranges[i].len;
		struct ctm_extent *ext;

		rc = ctm_dc_check_range(mem, region, ranges[i].off, len);
		if (rc)
			break;
		ext = ctm_extent_first_in(mem, dpa, len);
		if (!ext)
			rc = -ENOENT;
		else if (ext->state == CTM_EXT_PENDING)
			rc = -EBUSY;
		else if (ext->dpa != dpa || ext->len != len || ext->marked)
			rc = -EINVAL;
		else
			ext->marked = true;
		exts[i] = ext;
	}
	for (unsigned int j = 0; j < i; j++)
		if (exts[j])
			exts[j]->marked = false;
	if (!rc)
		rc = dc_release_exts(mem, exts, n, force);
	kvfree(exts);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_release_ranges);

/* Accepted extents of @mem with @tag: through its backend when it has one. */
static unsigned int dc_tag_extents(struct ctm_mem *mem, const uuid_t *tag,
				   struct ctm_extent **exts, unsigned int max)
{
	struct ctm_backend *be = ctm_backend_find(tag);
	struct ctm_extent *ext;
	unsigned int n = 0;

	if (be) {
		unsigned long index = 0;

		mt_for_each(&be->alloc, ext, index, ULONG_MAX) {
			if (ext->mem != mem || ext->state == CTM_EXT_PENDING ||
			    !uuid_equal(&ext->tag, tag))
				continue;
			if (exts && n < max)
				exts[n] = ext;
			n++;
		}
	}
	/*
	 * Injected extents of a tag no backend has, or had when they were
	 * offered, are found the slow way, only when there are any.
	 */
	if (!mem->dc->nr_unbacked)
		return n;
	for (ext = ctm_extent_first(mem); ext; ext = ctm_extent_next(ext)) {
		if (ext->be || !uuid_equal(&ext->tag, tag))
			continue;
		if (exts && n < max)
			exts[n] = ext;
		n++;
	}
	return n;
}

/**
 * ctm_dc_release_tag() - release every accepted extent of a tag
 * @mem: the device
 * @tag: the tag, not null
 * @force: Forced Capacity Release: the extents go now
 *
 * Extents whose release is pending already are asked again (a retry),
 * as ctm_dc_release_ranges() does, and ctm_cfg_lock is dropped as there.
 *
 * Return: 0; -EINVAL for the null tag; -ENOENT when the device has no
 * accepted extent with @tag; -EAGAIN when the DCD log has no room;
 * -ENOMEM.
 */
int ctm_dc_release_tag(struct ctm_mem *mem, const uuid_t *tag, bool force)
{
	struct ctm_extent **exts;
	unsigned int n;
	int rc;

	lockdep_assert_held(&mem->mbox_lock);
	lockdep_assert_held(&ctm_cfg_lock);
	if (uuid_is_null(tag))
		return -EINVAL;
	n = dc_tag_extents(mem, tag, NULL, 0);
	if (!n)
		return -ENOENT;
	exts = kvcalloc(n, sizeof(*exts), GFP_KERNEL);
	if (!exts)
		return -ENOMEM;
	dc_tag_extents(mem, tag, exts, n);
	rc = dc_release_exts(mem, exts, n, force);
	kvfree(exts);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_release_tag);

/* The pending extent of @chain that is exactly [dpa, dpa + len). */
static struct ctm_extent *dc_chain_find(struct ctm_mem *mem,
					struct ctm_dc_chain *chain, u64 dpa,
					u64 len)
{
	struct ctm_extent *ext = ctm_extent_first_in(mem, dpa, len);

	if (ext && ext->state == CTM_EXT_PENDING && ext->chain == chain &&
	    ext->dpa == dpa && ext->len == len)
		return ext;
	/* Duplicate offers hold no range in the map: look in the chain. */
	list_for_each_entry(ext, &chain->extents, link)
		if (ext->dup && ext->dpa == dpa && ext->len == len)
			return ext;
	return NULL;
}

/* A duplicate offer may be accepted while one accepted extent holds it. */
static bool dc_dup_ok(struct ctm_mem *mem, struct ctm_extent *ext)
{
	struct ctm_extent *o = ctm_extent_overlap(mem, ext->dpa, ext->len);

	return o && o->dpa <= ext->dpa &&
	       ext->dpa + ext->len <= o->dpa + o->len;
}

static void dc_accept(struct ctm_mem *mem, struct ctm_extent *ext)
{
	list_del_init(&ext->link);
	ext->chain = NULL;
	ext->staged = false;
	/* The host's duplicate rule: accepted already, nothing to bind. */
	if (ext->dup) {
		ctm_dc_ext_free(mem, ext);
		return;
	}
	ext->state = CTM_EXT_ACCEPTED;
	mem->dc->nr_unbacked += ctm_dc_unbacked(ext);
	/* Its range was held in the map: it cannot overlap. */
	WARN_ON(ctm_extent_insert(mem, ext));
	if (ext->be)
		ctm_dc_map(mem, ext);
}

/* The oldest offer, which an Add Dynamic Capacity Response answers. */
static struct ctm_dc_chain *dc_oldest_chain(struct ctm_mem *mem)
{
	return list_first_entry_or_null(&mem->dc->chains, struct ctm_dc_chain,
					node);
}

/*
 * An Add Dynamic Capacity Response series that will not complete (a
 * payload was refused): what its earlier payloads named is not accepted.
 * The offer stays pending for the host's next answer, which starts over.
 */
static void dc_chain_unstage(struct ctm_dc_chain *chain)
{
	struct ctm_extent *ext;

	if (!chain)
		return;
	list_for_each_entry(ext, &chain->extents, link)
		ext->staged = false;
}

/**
 * ctm_dc_add_refused() - an Add Dynamic Capacity Response the device
 * refused without running it
 * @mem: the device, its mbox_lock held
 *
 * As for a payload ctm_dc_add_response() refuses: the series ends, and
 * nothing its earlier payloads named is accepted.
 */
void ctm_dc_add_refused(struct ctm_mem *mem)
{
	lockdep_assert_held(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	dc_chain_unstage(dc_oldest_chain(mem));
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_add_refused);

/*
 * What each range of an Add DC Response or Release DC list must be before
 * it is looked up, checked for the whole list first as QEMU's device
 * does: inside one DC region (else Invalid Physical Address) and whole
 * blocks of it, at least one (else the list is malformed: Invalid Extent
 * List, CXL r3.1 8.2.9.9.9.3 and .4).
 */
static int dc_response_ranges_rc(struct ctm_mem *mem,
				 const struct cxl_mbox_dc_response *pl, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		unsigned int r;

		switch (ctm_dc_region_of(mem,
					 le64_to_cpu(pl->extent_list[i].dpa_start),
					 le64_to_cpu(pl->extent_list[i].length),
					 &r)) {
		case 0:
			continue;
		case -EINVAL:
			return CXL_MBOX_CMD_RC_EXTLIST;
		default:
			return CXL_MBOX_CMD_RC_PADDR;
		}
	}
	return CXL_MBOX_CMD_RC_SUCCESS;
}

/**
 * ctm_dc_add_response() - execute Add Dynamic Capacity Response
 * @mem: the device
 * @payload: the input, its length checked against its count
 *
 * The response answers the oldest offer. Every range it lists must be an
 * extent of that offer, exactly, listed once in the response. A response
 * with More set is followed by more for the same offer, and the series is
 * one answer: what all its payloads list is accepted and bound with the
 * last one (More clear), and whatever the host did not accept is dropped.
 * A payload refused (here or by an injected failure) ends the series
 * with nothing accepted: the host, told the response failed, holds none
 * of the offer, and its next response answers the offer anew.
 *
 * With no offer pending, an empty response is a no-op, as on QEMU's
 * device, and any range it lists is not an offered one.
 *
 * Return: CXL_MBOX_CMD_RC_SUCCESS; _EXTLIST for a range that is not whole
 * blocks of its region, or one listed twice (in this payload or an
 * earlier one of the series); _PADDR for a range outside the DC regions
 * or not an extent of the offer (never offered, offered in another chain,
 * accepted already, or no offer pending), or a duplicate offer no
 * accepted extent holds any more.
 */
int ctm_dc_add_response(struct ctm_mem *mem, const void *payload)
{
	const struct cxl_mbox_dc_response *pl = payload;
	u32 n = le32_to_cpu(pl->extent_list_size);
	struct ctm_extent *ext, *next;
	struct ctm_dc_chain *chain;
	int rc;
	u32 i;

	lockdep_assert_held(&mem->mbox_lock);
	chain = dc_oldest_chain(mem);
	if (chain)
		ctm_dc_map_deferred(mem);
	guard(mutex)(&ctm_cfg_lock);
	rc = dc_response_ranges_rc(mem, pl, n);
	if (!chain)
		return rc || !n ? rc : CXL_MBOX_CMD_RC_PADDR;
	for (i = 0; i < n && !rc; i++) {
		u64 dpa = le64_to_cpu(pl->extent_list[i].dpa_start);
		u64 len = le64_to_cpu(pl->extent_list[i].length);

		ext = dc_chain_find(mem, chain, dpa, len);
		if (!ext || (ext->dup && !dc_dup_ok(mem, ext)))
			rc = CXL_MBOX_CMD_RC_PADDR;
		else if (ext->marked || ext->staged)
			rc = CXL_MBOX_CMD_RC_EXTLIST;
		else
			ext->marked = true;
	}
	list_for_each_entry(ext, &chain->extents, link) {
		ext->staged |= ext->marked && !rc;
		ext->marked = false;
	}
	if (rc) {
		dc_chain_unstage(chain);
		return rc;
	}
	if (pl->flags & CXL_DC_RESPONSE_MORE)
		return CXL_MBOX_CMD_RC_SUCCESS;

	list_for_each_entry_safe(ext, next, &chain->extents, link)
		if (ext->staged)
			dc_accept(mem, ext);
	dc_chain_free(mem, chain);
	/* The contents are in place before the host hears it went well. */
	ctm_dc_moves(mem);
	return CXL_MBOX_CMD_RC_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_add_response);

/* The accepted extent that entry @i of a response names. */
static struct ctm_extent *
dc_response_ext(struct ctm_mem *mem, const struct cxl_mbox_dc_response *pl,
		u32 i)
{
	return ctm_extent_find(mem, le64_to_cpu(pl->extent_list[i].dpa_start),
			       le64_to_cpu(pl->extent_list[i].length));
}

/*
 * A Release Dynamic Capacity series that will not complete (a payload was
 * refused): what its earlier payloads named stays, as the host keeps it.
 */
static void dc_named_drop(struct ctm_mem *mem)
{
	struct ctm_extent *ext, *next;

	list_for_each_entry_safe(ext, next, &mem->dc->named, named_link) {
		ctm_dc_unsave(ext);
		list_del_init(&ext->named_link);
	}
}

/**
 * ctm_dc_release_refused() - a Release Dynamic Capacity the device refused
 * without running it
 * @mem: the device, its mbox_lock held
 *
 * As for a payload ctm_dc_release_response() refuses: the host keeps the
 * whole series, so what its earlier payloads named stays too.
 */
void ctm_dc_release_refused(struct ctm_mem *mem)
{
	lockdep_assert_held(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	dc_named_drop(mem);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_release_refused);

/**
 * ctm_dc_release_response() - execute Release Dynamic Capacity
 * @mem: the device
 * @payload: the input, its length checked against its count
 *
 * Each range must be an accepted extent, whole, named once in the series;
 * then they all go (all or nothing), unbound from their backends,
 * sanitized where the region says.
 * The host may release extents the device did not ask for. A payload with
 * More set names extents that go with the series' last payload: a later
 * payload refused (for want of memory too) leaves every extent of the
 * series with the device, as the host, told the release failed, keeps
 * them all.
 *
 * Return: CXL_MBOX_CMD_RC_SUCCESS; _INPUT for an empty list; _EXTLIST for
 * a range that is not whole blocks of its region, or one named twice in
 * the series; _PADDR for a range outside the DC regions or not exactly an
 * accepted extent; _RETRY when the memory to
 * keep the released contents in (a backend's store) is missing: nothing
 * was released, and the host may send the command again.
 */
int ctm_dc_release_response(struct ctm_mem *mem, const void *payload)
{
	const struct cxl_mbox_dc_response *pl = payload;
	u32 n = le32_to_cpu(pl->extent_list_size);
	struct ctm_extent *ext, *next;
	int rc;

	lockdep_assert_held(&mem->mbox_lock);
	guard(mutex)(&ctm_cfg_lock);
	if (!n) {
		dc_named_drop(mem);
		return CXL_MBOX_CMD_RC_INPUT;
	}
	rc = dc_response_ranges_rc(mem, pl, n);
	/* Named by this payload or an earlier one of its series. */
	for (u32 i = 0; i < n && !rc; i++) {
		ext = dc_response_ext(mem, pl, i);
		if (!ext)
			rc = CXL_MBOX_CMD_RC_PADDR;
		else if (!list_empty(&ext->named_link))
			rc = CXL_MBOX_CMD_RC_EXTLIST;
		else
			list_add_tail(&ext->named_link, &mem->dc->named);
	}
	if (rc) {
		dc_named_drop(mem);
		return rc;
	}
	/* Saved already when an earlier payload named them. */
	list_for_each_entry(ext, &mem->dc->named, named_link)
		ctm_dc_queue_save(mem, ext);
	/* No memory to keep the contents in: nothing changes. */
	if (ctm_dc_moves(mem)) {
		dc_named_drop(mem);
		return CXL_MBOX_CMD_RC_RETRY;
	}
	/* More follows: the series is released whole, with its last payload. */
	if (pl->flags & CXL_DC_RESPONSE_MORE)
		return CXL_MBOX_CMD_RC_SUCCESS;
	list_for_each_entry(ext, &mem->dc->named, named_link)
		ctm_dc_queue_scrub(mem, ext);
	ctm_dc_moves(mem);
	list_for_each_entry_safe(ext, next, &mem->dc->named, named_link)
		dc_release_ext(mem, ext);
	return CXL_MBOX_CMD_RC_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_release_response);
