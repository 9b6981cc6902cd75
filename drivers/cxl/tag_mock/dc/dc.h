/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_tag_mock's Dynamic Capacity engine: pools, tagged backends and their
 * contents, a device's extents, offers, the host's answers and release.
 * It drives the device model (device/device.h) and is driven by the
 * configuration (config/config.h); it calls nothing above it: a
 * backend's owner pins it through struct ctm_backend_pin_ops.
 */
#ifndef __CXL_TAG_MOCK_DC_H__
#define __CXL_TAG_MOCK_DC_H__

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/maple_tree.h>
#include <linux/rbtree.h>
#include <linux/xarray.h>

#include <cxl/dcd.h>

#include "device/device.h"

/* Pools, backends and extents are managed in 2 MiB chunks. */
#define CTM_CHUNK SZ_2M

/* Every configfs object and the relations between them. */
extern struct mutex ctm_cfg_lock;

/**
 * struct ctm_pool - a memory pool: a budget (configfs pools/<name> holds one)
 * @size: bytes its backends may reserve together, 0 until set
 * @used: bytes its backends have reserved
 * @nr_backends: backends with a size reserved here
 * @debugfs: its debugfs directory, holding one file per backend
 */
struct ctm_pool {
	u64 size;
	u64 used;
	unsigned int nr_backends;
	struct dentry *debugfs;
};

/**
 * struct ctm_store - a backend's contents while the media does not hold them
 * @pages: page index -> struct page, for contents that are not all zeros;
 *	   an index without a page reads as zeros
 * @nr_pages: pages held: the kernel memory the store costs
 */
struct ctm_store {
	struct xarray pages;
	atomic_long_t nr_pages;
};

void ctm_store_init(struct ctm_store *st);
unsigned long ctm_store_pages(struct ctm_store *st);
void ctm_store_destroy(struct ctm_store *st);
void ctm_store_zero(struct ctm_store *st, u64 off, u64 len);
void ctm_store_read(struct ctm_store *st, u64 off, void *buf, size_t len);
int ctm_store_write(struct ctm_store *st, u64 off, const void *buf,
		    size_t len);
void ctm_store_move_in(struct ctm_store *st, u64 off, void *dst, u64 len);
int ctm_store_move_out(struct ctm_store *st, u64 off, const void *src,
		       u64 len);

struct ctm_backend;

/**
 * struct ctm_backend_pin_ops - how the owner of a backend (configfs) keeps
 * it from being removed while extents use its storage
 * @depend: make removal fail with -EBUSY until @undepend; @in_callback
 *	    says the caller is one of the owner's own callbacks
 * @undepend: allow removal again
 */
struct ctm_backend_pin_ops {
	int (*depend)(struct ctm_backend *be, bool in_callback);
	void (*undepend)(struct ctm_backend *be);
};

/**
 * struct ctm_backend - a tagged backend: a tag, a size in a pool's budget
 * and the tag's contents (configfs pools/<pool>/backends/<name> makes one)
 * @ref: its lifetime: the owner holds one reference, each extent using its
 *	 storage one, each operation between ctm_backend_hold() and
 *	 ctm_backend_settle() one
 * @pin_ops: its owner's pins, NULL for a backend no one can remove (KUnit)
 * @owner: the owner's object, for @pin_ops
 * @tag: its tag, when @has_tag
 * @has_tag: a tag was set
 * @tag_node: in the tag table, when @has_tag
 * @size: bytes, 0 until set
 * @pool: the pool its size is reserved in, or NULL
 * @store: its contents while no accepted extent has them in the media
 * @users: extents (offered or accepted, on any device) holding a range of
 *	   its storage
 * @pinned: its owner keeps it (@pin_ops), so that rmdir is -EBUSY: while
 *	    @users is non-zero
 * @holds: operations that took it with ctm_backend_hold() and may bind it
 * @acquiring: ctm_backend_hold() calls between look-up and the check that
 *	       the backend is still published; removal waits for them
 * @alloc: those ranges, by backend offset, each pointing at its extent
 * @released: extents of its tag released since the tag was set
 * @view: how its debugfs file reaches its contents
 * @debugfs: its storage in debugfs
 */
struct ctm_backend {
	struct kref ref;
	const struct ctm_backend_pin_ops *pin_ops;
	void *owner;
	uuid_t tag;
	bool has_tag;
	struct rb_node tag_node;
	u64 size;
	struct ctm_pool *pool;
	struct ctm_store store;
	unsigned int users;
	bool pinned;
	unsigned int holds;
	unsigned int acquiring;
	struct maple_tree alloc;
	unsigned long released;
	struct ctm_data_view view;
	struct dentry *debugfs;
};

int ctm_pool_set_size(struct ctm_pool *pool, u64 size);
u64 ctm_pool_free(struct ctm_pool *pool);
void ctm_pool_release(struct ctm_pool *pool);

/* A backend's life: made, referenced, found and held, set, shown, gone. */
struct ctm_backend *ctm_backend_alloc(const struct ctm_backend_pin_ops *ops,
				      void *owner);
void ctm_backend_get(struct ctm_backend *be);
void ctm_backend_put(struct ctm_backend *be);
struct ctm_backend *ctm_backend_find(const uuid_t *tag);
struct ctm_backend *ctm_backend_hold(const uuid_t *tag, bool in_callback);
void ctm_backend_settle(struct ctm_backend *be);
int ctm_backend_set_tag(struct ctm_backend *be, const uuid_t *tag);
int ctm_backend_resize(struct ctm_backend *be, struct ctm_pool *pool, u64 size);
int ctm_backend_unreserve(struct ctm_backend *be);
const char *ctm_backend_state(struct ctm_backend *be);
void ctm_backend_unpin(struct ctm_backend *be);
void ctm_backend_unpublish(struct ctm_backend *be);
void ctm_backend_release(struct ctm_backend *be);

/**
 * struct ctm_dc - a device's Dynamic Capacity state, the engine's own
 * @mem: its device
 * @nr_extents: how many extents the host has (accepted or
 *		release-pending), under the device's mbox_lock
 * @ext_gen: extent list generation number, changes with the list
 * @list_pos: where the last Get DC Extent List page ended: the extent
 *	      at position @list_index (NULL past the end), forgotten when
 *	      the list changes
 * @list_index: position of @list_pos
 * @list_steps: extents stepped over to find page starts, so that tests
 *		see that paging the list is linear
 * @dpa_map: the device's one extent index: the DPA ranges offered and
 *	     accepted extents hold (duplicate offers hold none), for
 *	     lookups, overlap checks and first-fit placement (extent.c)
 * @chains: offers awaiting the host's response, oldest first
 * @unmapped: accepted extents bound to a backend whose range no committed
 *	      decoder mapped when they were bound
 * @map_gen: the device's decoders' generation when @unmapped was last looked at
 * @moves: extents whose bytes are to be moved or zeroed (see binding.c),
 *	   in order; only ever non-empty while the device's mbox_lock is held
 * @named: extents named by a Release Dynamic Capacity series whose last
 *	   payload (without More) has not come yet; they go with it
 * @nr_unbacked: accepted tagged extents without a backend
 * @nr_live: pending (duplicate offers included) and accepted extents, the
 *	     extents budget's use
 * @tags: distinct tags of those extents, with how many of them each
 * @nr_tags: how many, the tags budget's use
 * @node: in the list of devices whose extents dc_status looks through
 * @map_work: moves bound extents' contents after a decoder change
 * @list_page: test knob: extents per Get DC Extent List response at most
 *	       (0: as many as fit), so that a host has to page
 * @list_churn: test knob: this many more Get DC Extent List responses
 *		each change the generation number, as if the list changed
 * @lose_records: test knob: the next offer loses this many of its records,
 *		  from its end, as an overflowing event log loses them
 */
struct ctm_dc {
	struct ctm_mem *mem;
	struct ctm_u32_knob list_page;
	struct ctm_u32_knob list_churn;
	struct ctm_u32_knob lose_records;
	u32 nr_extents;
	u32 ext_gen;
	struct ctm_extent *list_pos;
	u32 list_index;
	u64 list_steps;
	struct maple_tree dpa_map;
	struct list_head chains;
	struct list_head unmapped;
	u32 map_gen;
	struct list_head moves;
	struct list_head named;
	unsigned int nr_unbacked;
	unsigned int nr_live;
	struct rb_root tags;
	unsigned int nr_tags;
	struct list_head node;
	struct work_struct map_work;
};

/**
 * enum ctm_extent_state - where an extent is in its life
 * @CTM_EXT_PENDING: offered, the host has not answered
 * @CTM_EXT_ACCEPTED: the host accepted it
 * @CTM_EXT_RELEASING: the device asked the host to release it
 */
enum ctm_extent_state {
	CTM_EXT_PENDING,
	CTM_EXT_ACCEPTED,
	CTM_EXT_RELEASING,
};

struct ctm_dc_chain;

/**
 * struct ctm_extent - a Dynamic Capacity extent of a device
 * @dpa: first DPA
 * @len: bytes
 * @tag: its tag, null when untagged
 * @seq: shared extent sequence number
 * @region: its DC region
 * @state: a &enum ctm_extent_state
 * @in_map: holds its range in &ctm_dc.dpa_map
 * @dup: a re-offer of a range inside an accepted extent
 * @mapped: its backend's contents live at @hpa
 * @saved: while a release is being carried out, its backend's store holds
 *	   a copy of the contents at @hpa, so that the release can no longer
 *	   fail for want of memory (set by the move itself, while @moving)
 * @scrubbed: while a release is being carried out, its media was zeroed
 *	      already (Sanitize on Release; set while @moving)
 * @moving: its bytes are being moved or zeroed with ctm_cfg_lock dropped;
 *	    the backend's debugfs view refuses the range meanwhile
 * @move: what is to be done to its bytes, while on &ctm_dc.moves
 * @move_link: in &ctm_dc.moves
 * @named_link: in &ctm_dc.named
 * @marked: named by the response being checked
 * @staged: named by an earlier payload of an Add Dynamic Capacity
 *	    Response series, accepted with the series' last payload
 * @mem: its device
 * @chain: the offer it is part of, while pending
 * @link: in @chain while pending; in &ctm_dc.unmapped while bound but
 *	  not mapped
 * @be: the backend whose storage backs it, or NULL
 * @be_off: where in @be
 * @hpa: where the host decodes it, while @mapped
 */
struct ctm_extent {
	u64 dpa;
	u64 len;
	uuid_t tag;
	u16 seq;
	u8 region;
	u8 state;
	bool in_map;
	bool dup;
	bool mapped;
	bool saved;
	bool scrubbed;
	bool moving;
	u8 move;
	bool marked;
	bool staged;
	struct ctm_mem *mem;
	struct ctm_dc_chain *chain;
	struct list_head link;
	struct list_head move_link;
	struct list_head named_link;
	struct ctm_backend *be;
	u64 be_off;
	u64 hpa;
};

/**
 * struct ctm_dc_chain - one More-linked Add Capacity offer
 * @node: in &ctm_dc.chains
 * @extents: its extents still pending, in offer order
 * @open: the last record carried More (injection): more may follow
 */
struct ctm_dc_chain {
	struct list_head node;
	struct list_head extents;
	bool open;
};

/* How a configfs offer picks its DPA ranges. */
enum ctm_dc_policy {
	CTM_DC_PRESCRIPTIVE,
	CTM_DC_FREE,
};

/**
 * struct ctm_dc_range - one extent of a request, region-relative
 * @off: offset in the region (filled in by the free policy)
 * @len: bytes
 */
struct ctm_dc_range {
	u64 off;
	u64 len;
};

/**
 * struct ctm_dc_preload - an extent a device starts with
 * @region: its DC region
 * @off: offset in the region
 * @len: bytes
 * @tag: its tag, null for untagged
 * @seq: shared extent sequence number
 */
struct ctm_dc_preload {
	u8 region;
	u64 off;
	u64 len;
	uuid_t tag;
	u16 seq;
};

/* capacity.c's helpers that the engine's other files share. */
int ctm_dc_budget(struct ctm_mem *mem, const uuid_t *tag, unsigned int n);
struct ctm_dc_chain *ctm_dc_chain_alloc(void);
struct ctm_extent *ctm_dc_ext_alloc(struct ctm_mem *mem, unsigned int r,
				    u64 dpa, u64 len, const uuid_t *tag,
				    u16 seq);
void ctm_dc_ext_free(struct ctm_mem *mem, struct ctm_extent *ext);
struct ctm_dc_chain *ctm_dc_open_chain(struct ctm_mem *mem);
int ctm_dc_region_of(struct ctm_mem *mem, u64 dpa, u64 len,
		     unsigned int *region);
int ctm_dc_take_back(struct ctm_mem *mem, struct ctm_extent **exts,
		     unsigned int n, const struct cxl_event_record_raw *recs,
		     unsigned int nr, bool force);
int ctm_dc_check_range(struct ctm_mem *mem, unsigned int r, u64 off, u64 len);
bool ctm_dc_unbacked(const struct ctm_extent *ext);

/* A DC region's configuration on @mem. */
static inline const struct ctm_dc_region_cfg *
ctm_dc_region(struct ctm_mem *mem, unsigned int r)
{
	return &mem->cfg.dc[r];
}

/* binding.c: backend ranges of extents, and the moves of their bytes. */
int ctm_dc_be_claim(struct ctm_backend *be, struct ctm_extent *ext);
void ctm_dc_be_unclaim(struct ctm_extent *ext);
void ctm_dc_map(struct ctm_mem *mem, struct ctm_extent *ext);
int ctm_dc_moves(struct ctm_mem *mem);
void ctm_dc_queue_save(struct ctm_mem *mem, struct ctm_extent *ext);
void ctm_dc_unsave(struct ctm_extent *ext);
void ctm_dc_queue_scrub(struct ctm_mem *mem, struct ctm_extent *ext);
void ctm_dc_unbind(struct ctm_mem *mem, struct ctm_extent *ext,
		   bool sanitize);
void ctm_dc_unbind_all(struct ctm_mem *mem);
void ctm_dc_binding_init(struct ctm_dc *dc);

/* records.c: the DC event records the host reads. */
void ctm_dc_record(struct cxl_event_record_raw *rec,
		   enum cxl_dc_event_type type, struct ctm_mem *mem,
		   unsigned int region, u64 dpa, u64 len, const uuid_t *tag,
		   u16 seq, bool more);

/* Every DC device's engine state (struct ctm_dc), under ctm_cfg_lock. */
extern struct list_head ctm_dc_devices;

int ctm_dc_init(struct ctm_mem *mem);
void ctm_dc_destroy(struct ctm_mem *mem);
int ctm_dc_offer(struct ctm_mem *mem, unsigned int region, const uuid_t *tag,
		 enum ctm_dc_policy policy, struct ctm_dc_range *ranges,
		 unsigned int n, struct ctm_pool *pool);
int ctm_dc_release_ranges(struct ctm_mem *mem, unsigned int region,
			  const struct ctm_dc_range *ranges, unsigned int n,
			  bool force);
int ctm_dc_release_tag(struct ctm_mem *mem, const uuid_t *tag, bool force);
int ctm_dc_inject(struct ctm_mem *mem, u64 dpa, u64 len, const uuid_t *tag,
		  bool more, u16 seq);
int ctm_dc_inject_release(struct ctm_mem *mem, u64 dpa, u64 len,
			  const uuid_t *tag, bool force);
int ctm_dc_preload(struct ctm_mem *mem, const struct ctm_dc_preload *pre,
		   unsigned int n);
int ctm_dc_add_response(struct ctm_mem *mem, const void *payload);
int ctm_dc_release_response(struct ctm_mem *mem, const void *payload);
void ctm_dc_release_refused(struct ctm_mem *mem);
void ctm_dc_add_refused(struct ctm_mem *mem);
void ctm_dc_map_deferred(struct ctm_mem *mem);
int ctm_dc_region_event(struct ctm_mem *mem, unsigned int region);
void ctm_dc_decoders_changed(void *data);
int ctm_dc_request(struct ctm_mem *mem,
		   int (*queue)(struct ctm_mem *mem, void *req), void *req);
const char *ctm_dc_state_name(const struct ctm_extent *ext);
ssize_t ctm_backend_status(struct ctm_backend *be, char *buf, size_t size);
ssize_t ctm_dc_extents_show(struct ctm_mem *mem, char *buf, size_t size);
void ctm_backend_debugfs(struct ctm_backend *be, struct ctm_pool *pool,
			 const char *name);

int ctm_extent_hold(struct ctm_mem *mem, struct ctm_extent *ext);
int ctm_extent_hold_free(struct ctm_mem *mem, struct ctm_extent *ext,
			 u64 start, u64 end);
void ctm_extent_unhold(struct ctm_mem *mem, struct ctm_extent *ext);
struct ctm_extent *ctm_extent_first_in(struct ctm_mem *mem, u64 dpa, u64 len);
struct ctm_extent *ctm_extent_first(struct ctm_mem *mem);
struct ctm_extent *ctm_extent_overlap(struct ctm_mem *mem, u64 dpa, u64 len);
struct ctm_extent *ctm_extent_find(struct ctm_mem *mem, u64 dpa, u64 len);
int ctm_extent_insert(struct ctm_mem *mem, struct ctm_extent *ext);
void ctm_extent_remove(struct ctm_mem *mem, struct ctm_extent *ext);
void ctm_extents_destroy(struct ctm_mem *mem);
struct ctm_extent *ctm_extent_at(struct ctm_mem *mem, u32 index);
struct ctm_extent *ctm_extent_next(struct ctm_extent *ext);
void ctm_extent_page_end(struct ctm_mem *mem, struct ctm_extent *last,
			 u32 index);

/* Extents and tags a device tracks: a budget, not a table size. */
#define CTM_MAX_EXTENTS 65536
#define CTM_MAX_TAGS 65536

u32 ctm_dc_extents_avail(struct ctm_mem *mem);
u32 ctm_dc_tags_avail(struct ctm_mem *mem);

extern const struct ctm_mbox_handler ctm_dc_mbox_handlers[CTM_DC_MBOX_NR_CMDS];

struct ctm_mem *ctm_dc_mem_create(const struct ctm_mem_cfg *cfg,
				  const struct ctm_dc_preload *pre,
				  unsigned int nr_pre);
void ctm_dc_mem_destroy(struct ctm_mem *mem);

#endif /* __CXL_TAG_MOCK_DC_H__ */
