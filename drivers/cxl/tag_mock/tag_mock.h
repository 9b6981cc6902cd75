/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_tag_mock: an emulated CXL Type-3 Dynamic Capacity Device whose
 * capacity is backed by tagged memory. Private header shared by the
 * module's files.
 */
#ifndef __CXL_TAG_MOCK_H__
#define __CXL_TAG_MOCK_H__

#include <linux/configfs.h>
#include <linux/fault-inject.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/maple_tree.h>
#include <linux/xarray.h>
#include <linux/rbtree.h>
#include <linux/workqueue.h>
#include <linux/uuid.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <cxl/emulation.h>

#define CTM_NAME "cxl_tag_mock"

/*
 * CXL Fixed Memory Window bases and sizes are multiples of 256 MiB, and the
 * media is published as one such window.
 */
#define CTM_MEDIA_ALIGN SZ_256M

/**
 * struct ctm_media - the physical range that is the device's media
 * @base: first byte, host physical address
 * @size: length in bytes; 0 when no range was given
 *
 * The range is guest RAM held back from the kernel (mem=): the host maps
 * it through the CXL window the mock publishes, the mock reaches the same
 * pages from the device side.
 */
struct ctm_media {
	phys_addr_t base;
	u64 size;
};

int ctm_media_parse(const char *str, struct ctm_media *media);
int ctm_media_check(const struct ctm_media *media);
extern struct ctm_media ctm_media;
struct device;
struct dentry;
struct ctm_mem;
struct ctm_dc;
struct attribute_group;
int ctm_media_map(struct device *host);
void *ctm_media_addr(u64 hpa, size_t len);
void ctm_scrub(void *dst, u64 len);
void ctm_media_debugfs(struct ctm_mem *mem, struct dentry *dir);
typedef ssize_t (*ctm_copy_fn)(void *obj, u64 off, void *buf, size_t len,
			       bool write);
ssize_t ctm_debugfs_rw(char __user *ubuf, size_t count, loff_t *ppos,
		       bool write, ctm_copy_fn copy, void *obj);

int ctm_input_check(const char *buf, size_t count);
int ctm_parse_u32(const char *buf, size_t count, u32 *val);
int ctm_parse_tag(const char *s, uuid_t *tag);
int ctm_u32_from_user(const char __user *ubuf, size_t count, u32 *val);
void ctm_debugfs_u32(const char *name, struct dentry *dir, u32 *val);

/**
 * struct ctm_u32_knob - a test knob that takes a number in a range
 * @val: the number
 * @min: the least a write may set
 * @max: the most a write may set
 * @hex: shown in hexadecimal (an opcode, a return code)
 */
struct ctm_u32_knob {
	u32 val;
	u32 min;
	u32 max;
	bool hex;
};

void ctm_debugfs_knob(const char *name, struct dentry *dir,
		      struct ctm_u32_knob *knob);

/* The longest a delay_mbox knob holds a command back. */
#define CTM_FAULT_DELAY_MAX_MS 60000

/**
 * struct ctm_faults - a device's fault knobs (see faults.c)
 * @mbox_fail: when a command fails unexecuted
 * @mbox_fail_opcode: the opcode that may fail; 0 for every command
 * @mbox_fail_rc: the return code a failed command answers
 * @mbox_delay: when a command starts late
 * @mbox_delay_opcode: the opcode that may start late; 0 for every command
 * @mbox_delay_ms: by how many milliseconds
 * @commit_fail: when a decoder commit ends in Commit Error
 */
struct ctm_faults {
	struct fault_attr mbox_fail;
	struct ctm_u32_knob mbox_fail_opcode;
	struct ctm_u32_knob mbox_fail_rc;
	struct fault_attr mbox_delay;
	struct ctm_u32_knob mbox_delay_opcode;
	struct ctm_u32_knob mbox_delay_ms;
	struct fault_attr commit_fail;
};

#ifdef CONFIG_FAULT_INJECTION
void ctm_faults_init(struct ctm_faults *f);
void ctm_faults_debugfs(struct ctm_faults *f, struct dentry *dir);
void ctm_fault_mbox_delay(struct ctm_faults *f, u16 opcode);
int ctm_fault_mbox_rc(struct ctm_faults *f, u16 opcode);
bool ctm_fault_commit(struct ctm_faults *f);
#else
static inline void ctm_faults_init(struct ctm_faults *f)
{
}

static inline void ctm_faults_debugfs(struct ctm_faults *f, struct dentry *dir)
{
}

static inline void ctm_fault_mbox_delay(struct ctm_faults *f, u16 opcode)
{
}

static inline int ctm_fault_mbox_rc(struct ctm_faults *f, u16 opcode)
{
	return 0;
}

static inline bool ctm_fault_commit(struct ctm_faults *f)
{
	return false;
}
#endif
extern struct dentry *ctm_debugfs;

/**
 * struct ctm_hdm_decoder - one emulated HDM decoder's registers
 * @base: Decoder Base (HPA)
 * @size: Decoder Size
 * @tl_skip: Target List (switch) or DPA Skip (endpoint)
 * @ctrl: Decoder Control
 * @dpa_base: endpoint: first DPA decoded, set at commit
 * @dpa_len: endpoint: DPA bytes decoded, set at commit
 */
struct ctm_hdm_decoder {
	u64 base;
	u64 size;
	u64 tl_skip;
	u32 ctrl;
	u64 dpa_base;
	u64 dpa_len;
};

/**
 * struct ctm_hdm - an emulated HDM Decoder Capability Structure
 * @lock: serialises register accesses with device-side lookups
 * @endpoint: endpoint decoders (DPA skip) rather than switch (targets)
 * @nr_decoders: decoder count
 * @nr_targets: targets per switch decoder
 * @dpa_size: endpoint: DPA space the decoders may map
 * @global_ctrl: HDM Decoder Global Control
 * @gen: changes whenever a decoder commits or stops decoding
 * @changed: called when @gen changes, with @lock held: it may only
 *	     schedule work
 * @changed_data: its argument
 * @faults: the device's fault knobs (fail_commit); NULL for a port's
 * @dec: the decoders
 */
struct ctm_hdm {
	spinlock_t lock; /* see above */
	bool endpoint;
	unsigned int nr_decoders;
	unsigned int nr_targets;
	u64 dpa_size;
	u32 global_ctrl;
	u32 gen;
	void (*changed)(void *data);
	void *changed_data;
	struct ctm_faults *faults;
	struct ctm_hdm_decoder dec[] __counted_by(nr_decoders);
};

extern const struct cxl_hdm_emu_ops ctm_hdm_ops;
struct ctm_hdm *ctm_hdm_alloc(unsigned int nr_decoders,
			      unsigned int nr_targets, u64 dpa_size);
u32 ctm_hdm_read(void *data, unsigned int offset);
void ctm_hdm_write(void *data, unsigned int offset, u32 val);
int ctm_hdm_dpa_to_hpa(struct ctm_hdm *hdm, u64 dpa, u64 *hpa);
int __ctm_hdm_dpa_to_hpa(struct ctm_hdm *hdm, u64 dpa, u64 *hpa);
int __ctm_hdm_range_to_hpa(struct ctm_hdm *hdm, u64 dpa, u64 len, u64 *hpa);
bool ctm_hdm_any_committed(struct ctm_hdm *hdm);

/* Event logs: informational, warning, failure, fatal, dynamic capacity. */
#define CTM_NR_EVENT_LOGS 5
#define CTM_EVENT_LOG_SIZE 1024
/* Clear Event Records: Clear All Events */
#define CTM_CLEAR_EVENT_ALL BIT(0)

/**
 * struct ctm_event_log - one event log of a device
 * @records: queued records, oldest first
 * @nr: number of queued records
 * @next_handle: handle of the next record; never 0
 * @overflow: records dropped since the log last had room
 * @first_overflow: timestamp of the first dropped record
 * @last_overflow: timestamp of the last dropped record
 */
struct ctm_event_log {
	struct list_head records;
	u32 nr;
	u16 next_handle;
	u32 overflow;
	u64 first_overflow;
	u64 last_overflow;
};

struct cxl_event_record_raw;
struct cxl_get_event_payload;
struct cxl_mbox_clear_event_payload;
struct cxl_mbox_cmd;
struct cxl_memdev_state;
struct platform_device;

void ctm_event_log_init(struct ctm_event_log *log);
void ctm_event_log_destroy(struct ctm_event_log *log);
int ctm_event_add(struct ctm_event_log *log,
		  const struct cxl_event_record_raw *rec);
int ctm_event_add_batch(struct ctm_event_log *log,
			const struct cxl_event_record_raw *recs, unsigned int n);
size_t ctm_events_get(struct ctm_event_log *log,
		      struct cxl_get_event_payload *pl, size_t size);
int ctm_events_clear(struct ctm_event_log *log,
		     const struct cxl_mbox_clear_event_payload *pl);

/* Pools, backends and extents are managed in 2 MiB chunks. */
#define CTM_CHUNK SZ_2M

/* Every configfs object and the relations between them. */
extern struct mutex ctm_cfg_lock;

/**
 * struct ctm_pool - a memory pool (configfs pools/<name>)
 * @group: its configfs group
 * @size: bytes its backends may reserve together, 0 until set
 * @used: bytes its backends have reserved
 * @nr_backends: backends with a size reserved here
 * @backends: its backends/ group
 * @debugfs: its debugfs directory, holding one file per backend
 */
struct ctm_pool {
	struct config_group group;
	struct config_group backends;
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
	struct dentry *debugfs;
};

struct ctm_backend *ctm_backend_alloc(const struct ctm_backend_pin_ops *ops,
				      void *owner);
struct ctm_backend *ctm_backend_hold(const uuid_t *tag, bool in_callback);
void ctm_backend_settle(struct ctm_backend *be);
void ctm_backend_get(struct ctm_backend *be);
void ctm_backend_put(struct ctm_backend *be);
void ctm_backend_unpin(struct ctm_backend *be);
void ctm_backend_unpublish(struct ctm_backend *be);
int ctm_pool_set_size(struct ctm_pool *pool, u64 size);
void ctm_pool_release(struct ctm_pool *pool);
u64 ctm_pool_free(struct ctm_pool *pool);
struct ctm_backend *ctm_backend_find(const uuid_t *tag);
int ctm_backend_set_tag(struct ctm_backend *be, const uuid_t *tag);
int ctm_backend_resize(struct ctm_backend *be, struct ctm_pool *pool, u64 size);
int ctm_backend_unreserve(struct ctm_backend *be);
void ctm_backend_release(struct ctm_backend *be);
const char *ctm_backend_state(struct ctm_backend *be);

/* CXL r3.1 allows at most 8 Dynamic Capacity regions per device. */
#define CTM_MAX_DC_REGIONS 8

/**
 * struct ctm_dc_region_cfg - one Dynamic Capacity region
 * @size: bytes, a multiple of @block_size; 0: the region does not exist
 * @block_size: a power of 2, at least 64 bytes
 * @sanitize: Sanitize on Release
 * @sharable: extents carry shared sequence numbers
 * @read_only: its CDAT DSMAS entry says read-only
 * @no_dsmas: the CDAT has no DSMAS entry for it (a faulty device, which a
 *	      host must not use for Dynamic Capacity)
 */
struct ctm_dc_region_cfg {
	u64 size;
	u64 block_size;
	bool sanitize;
	bool sharable;
	bool read_only;
	bool no_dsmas;
};

/**
 * struct ctm_mem_cfg - what a mock memory device is made of
 * @ram_size: static volatile capacity, a multiple of 256 MiB
 * @serial: serial number
 * @hold_events: the host is not told about new DCD records (a test knob;
 *		 the only setting that can change while the device exists)
 * @dc_gap: DPA left unused between the static capacity and DC region 0,
 *	    a multiple of 256 MiB (a Linux host, as mainline, then uses the
 *	    device without Dynamic Capacity)
 * @payload_size: mailbox payload bytes, a power of 2 from 256 (CXL r3.1
 *		  8.2.8.4.3) to 4096; 0: 4096
 * @dc: Dynamic Capacity regions, in DPA order from the first 256 MiB
 *	boundary after the static capacity and @dc_gap
 */
struct ctm_mem_cfg {
	u64 ram_size;
	u64 serial;
	u64 dc_gap;
	u64 payload_size;
	bool hold_events;
	struct ctm_dc_region_cfg dc[CTM_MAX_DC_REGIONS];
};

int ctm_geometry_check(const struct ctm_mem_cfg *cfg);
/* DSMAS handle of the static RAM partition; DC region i has handle i. */
#define CTM_DSMAD_RAM CTM_MAX_DC_REGIONS
void *ctm_cdat_build(const struct ctm_mem_cfg *cfg, size_t *len);
unsigned int ctm_dc_region_count(const struct ctm_mem_cfg *cfg);
u64 ctm_dc_region_base(const struct ctm_mem_cfg *cfg, unsigned int i);
u64 ctm_dpa_size(const struct ctm_mem_cfg *cfg);

/* Event Interrupt Policy: four settings bytes and the DCD one. */
#define CTM_INT_POLICY_SIZE 5

/*
 * Mailbox commands a device may implement: mbox.c's base table and the
 * Dynamic Capacity commands of dc_mbox.c.
 */
#define CTM_DC_MBOX_NR_CMDS 4
#define CTM_MBOX_NR_CMDS (10 + CTM_DC_MBOX_NR_CMDS)

/* Command Effects Log entry effects (CXL r3.1 Table 8-75). */
#define CTM_CEL_EFFECT_NONE 0
#define CTM_CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE BIT(1)

struct cxl_mbox_cmd;

/**
 * struct ctm_mbox_handler - one command a device implements
 * @opcode: its opcode
 * @effect: its Command Effects Log effects
 * @handle: runs it, with the device's mbox_lock held; returns the
 *	    command's return code
 */
struct ctm_mbox_handler {
	u16 opcode;
	u16 effect;
	int (*handle)(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd);
};

extern const struct ctm_mbox_handler ctm_dc_mbox_handlers[CTM_DC_MBOX_NR_CMDS];

/**
 * struct ctm_mbox_stat - how one mailbox command fared on a device
 * @runs: times the host sent it
 * @fails: times it did not end in Success
 */
struct ctm_mbox_stat {
	u64 runs;
	u64 fails;
};

/**
 * struct ctm_mem - one emulated memory device
 * @id: instance number; also its root port's number
 * @cfg: its configuration, fixed while it exists
 * @pdev: the device hosting the memdev (cxlds->dev)
 * @hdm: its HDM decoders
 * @emu: how the cxl core reaches @hdm
 * @cdat: its CDAT, which @emu hands to the core
 * @mds: the core's state for it, while bound
 * @mbox_lock: the mailbox executes one command at a time
 * @events: event logs, under @mbox_lock
 * @mbox_stat: per command of the handler table, under @mbox_lock
 * @timestamp: last Set Timestamp value
 * @int_policy: last Event Interrupt Policy set (all settings 0 at first)
 * @debugfs: its debugfs directory
 * @notify_lock: held while the host is told about records; unbind clears
 *		 @mds under it
 * @sync_notify: a request knob is queueing records and tells the host
 *		 itself: no work item for them
 * @notify_work: tells the host that the DCD log has records
 * @faults: fault knobs: failed or late commands, failed decoder commits
 * @mbox_ext: commands a layer above the device model added (the DC
 *	      engine's), after the base ones
 * @nr_mbox_ext: how many
 * @dc: its Dynamic Capacity state, the engine's (dc.c), once made
 */
struct ctm_mem {
	int id;
	struct ctm_mem_cfg cfg;
	struct platform_device *pdev;
	struct ctm_hdm *hdm;
	struct cxl_emu emu;
	void *cdat;
	struct cxl_memdev_state *mds;
	struct mutex mbox_lock; /* see above */
	struct ctm_event_log events[CTM_NR_EVENT_LOGS];
	struct ctm_mbox_stat mbox_stat[CTM_MBOX_NR_CMDS];
	u64 timestamp;
	u8 int_policy[CTM_INT_POLICY_SIZE];
	struct dentry *debugfs;
	struct ctm_faults faults;
	const struct ctm_mbox_handler *mbox_ext;
	unsigned int nr_mbox_ext;
	struct mutex notify_lock; /* see above */
	bool sync_notify;
	struct work_struct notify_work;
	struct ctm_dc *dc;
};

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
 * @moves: extents whose bytes are to be moved or zeroed (see dc.c), in
 *	   order; only ever non-empty while the device's mbox_lock is held
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
 */
struct ctm_dc {
	struct ctm_mem *mem;
	u32 list_page;
	u32 list_churn;
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
 * @in_map: holds its range in &ctm_mem.dpa_map
 * @dup: a re-offer of a range inside an accepted extent
 * @mapped: its backend's contents live at @hpa
 * @saved: while a release is being carried out, its backend's store holds
 *	   a copy of the contents at @hpa, so that the release can no longer
 *	   fail for want of memory (set by the move itself, while @moving)
 * @scrubbed: while a release is being carried out, its media was zeroed
 *	      already (Sanitize on Release; set while @moving)
 * @moving: its bytes are being moved or zeroed with ctm_cfg_lock dropped;
 *	    the backend's debugfs view refuses the range meanwhile
 * @move: what is to be done to its bytes, while on &ctm_mem.moves
 * @move_link: in &ctm_mem.moves
 * @named_link: in &ctm_mem.named
 * @marked: named by the response being checked
 * @mem: its device
 * @chain: the offer it is part of, while pending
 * @link: in @chain while pending; in &ctm_mem.unmapped while bound but
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
 * @node: in &ctm_mem.chains
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
void ctm_dc_map_deferred(struct ctm_mem *mem);
int ctm_dc_region_event(struct ctm_mem *mem, unsigned int region);
void ctm_dc_decoders_changed(void *data);
void ctm_dc_notify_sync(struct ctm_mem *mem);
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

int ctm_mbox_handle(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd);
u32 ctm_cel_size(struct ctm_mem *mem);
void ctm_cel_read(struct ctm_mem *mem, void *buf, u32 offset, u32 length);
void ctm_mbox_debugfs(struct ctm_mem *mem, struct dentry *dir);
void ctm_mbox_extend(struct ctm_mem *mem, const struct ctm_mbox_handler *h);

struct ctm_mem *ctm_mem_alloc(const struct ctm_mem_cfg *cfg);
int ctm_mem_add(struct ctm_mem *mem, const struct attribute_group **groups);
void ctm_mem_del(struct ctm_mem *mem);
void ctm_mem_free(struct ctm_mem *mem);
void ctm_mem_notify(struct ctm_mem *mem);
void ctm_mem_notify_sync(struct ctm_mem *mem);
void ctm_mem_hold_events(struct ctm_mem *mem, bool hold);
struct ctm_mem *ctm_dc_mem_create(const struct ctm_mem_cfg *cfg,
				  const struct ctm_dc_preload *pre,
				  unsigned int nr_pre);
void ctm_dc_mem_destroy(struct ctm_mem *mem);
bool ctm_mem_decoding(struct ctm_mem *mem);
int ctm_mem_driver_init(void);
void ctm_mem_driver_exit(void);

int ctm_configfs_init(void);
int ctm_configfs_add_default_device(void);
void ctm_configfs_remove_default_device(void);
void ctm_configfs_exit(void);

int ctm_platform_init(void);
struct device *ctm_root_port(int id);
void ctm_platform_exit(void);

#endif /* __CXL_TAG_MOCK_H__ */
