/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cxl_tag_mock's device model: the emulated hardware the cxl core drives
 * (platform, memory devices, HDM decoders, CDAT, mailbox, event logs,
 * media, fault knobs). It calls nothing above it: what the Dynamic
 * Capacity engine adds to a device it adds through ctm_mbox_extend(),
 * the decoders' change callback and the device's &ctm_mem.dc pointer.
 */
#ifndef __CXL_TAG_MOCK_DEVICE_H__
#define __CXL_TAG_MOCK_DEVICE_H__

#include <linux/fault-inject.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
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
int ctm_media_rw(u64 hpa, void *buf, size_t len, bool write);
void ctm_scrub(void *dst, u64 len);
void ctm_media_debugfs(struct ctm_mem *mem, struct dentry *dir);

/**
 * struct ctm_data_view - a debugfs file over the bytes an object holds
 * @copy: copies up to @len bytes (within a page) between @buf and @obj at
 *	  offset @off, a write when @write; returns the bytes copied, 0 at
 *	  the end, or -errno
 * @obj: the object
 */
struct ctm_data_view {
	ssize_t (*copy)(void *obj, u64 off, void *buf, size_t len, bool write);
	void *obj;
};

/*
 * The file operations of a debugfs file that is read and written at the
 * file position, as a regular file is; simple_open() hands @_read and
 * @_write the object the file was made for.
 */
#define CTM_DEBUGFS_FOPS(_name, _read, _write)				\
	static const struct file_operations _name = {			\
		.owner = THIS_MODULE,					\
		.open = simple_open,					\
		.read = _read,						\
		.write = _write,					\
		.llseek = default_llseek,				\
	}

struct dentry *ctm_debugfs_view(const char *name, struct dentry *dir,
				struct ctm_data_view *view, u64 size);

int ctm_input_check(const char *buf, size_t count);
int ctm_parse_u32(const char *buf, size_t count, u32 *val);
int ctm_parse_u64(const char *buf, size_t count, u64 *val);
int ctm_parse_bool(const char *buf, size_t count, bool *val);
char *ctm_input_dup(const char *buf, size_t count);
char *ctm_input_from_user(const char __user *ubuf, size_t count);
int ctm_parse_tag(const char *s, uuid_t *tag);
ssize_t ctm_u32_write(const char __user *ubuf, size_t count,
		      int (*apply)(void *data, u32 val), void *data);

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
void ctm_event_lost(struct ctm_event_log *log,
		    const struct cxl_event_record_raw *recs, unsigned int n);
int ctm_event_add(struct ctm_event_log *log,
		  const struct cxl_event_record_raw *rec);
int ctm_event_add_batch(struct ctm_event_log *log,
			const struct cxl_event_record_raw *recs, unsigned int n);
size_t ctm_events_get(struct ctm_event_log *log,
		      struct cxl_get_event_payload *pl, size_t size);
int ctm_events_clear(struct ctm_event_log *log,
		     const struct cxl_mbox_clear_event_payload *pl);

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
 * @hold_events: the host is not told about new DCD records; a device's
 *		 copy is a test knob that changes while the device lives
 *		 (ctm_mem_hold_events()), the configuration's is the state it
 *		 starts in
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
 * Mailbox commands a device may implement: device/mbox.c's base table
 * and the commands a layer above adds with ctm_mbox_extend() (the
 * Dynamic Capacity commands of dc/commands.c).
 */
#define CTM_DC_MBOX_NR_CMDS 4
#define CTM_MBOX_NR_CMDS (10 + CTM_DC_MBOX_NR_CMDS)

/* Command Effects Log entry effects (CXL r3.1 Table 8-75). */
#define CTM_CEL_EFFECT_NONE 0
#define CTM_CEL_EFFECT_CONFIG_CHANGE_IMMEDIATE BIT(1)
#define CTM_CEL_EFFECT_DATA_CHANGE_IMMEDIATE BIT(2)
#define CTM_CEL_EFFECT_POLICY_CHANGE_IMMEDIATE BIT(3)
#define CTM_CEL_EFFECT_LOG_CHANGE_IMMEDIATE BIT(4)

struct cxl_mbox_cmd;

/**
 * struct ctm_mbox_handler - one command a device implements
 * @opcode: its opcode
 * @effect: its Command Effects Log effects
 * @handle: runs it, with the device's mbox_lock held; returns the
 *	    command's return code
 * @refused: optional: the device answered the command with an injected
 *	     failure (fail_mbox) instead of running it; undoes what a
 *	     refusal of the command by @handle would undo, e.g. drop a
 *	     series of payloads, so that the device agrees with a host told
 *	     the command failed
 */
struct ctm_mbox_handler {
	u16 opcode;
	u16 effect;
	int (*handle)(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd);
	void (*refused)(struct ctm_mem *mem);
};

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
 * @ts_offset: the device's clock minus the host's monotonic clock, from the
 *	       last Set Timestamp
 * @ts_set: a Set Timestamp was received; until then the device's clock
 *	    reads 0
 * @int_policy: last Event Interrupt Policy set (all settings 0 at first)
 * @debugfs: its debugfs directory
 * @media_view: its debugfs media file (its DPA space)
 * @notify_lock: held while the host is told about records; unbind clears
 *		 @mds under it
 * @sync_notify: a request knob is queueing records and tells the host
 *		 itself: no work item for them
 * @notify_work: tells the host that the DCD log has records
 * @faults: fault knobs: failed or late commands, failed decoder commits
 * @mbox_ext: commands a layer above the device model added (the DC
 *	      engine's), after the base ones
 * @nr_mbox_ext: how many
 * @dc: its Dynamic Capacity state, the engine's (dc/capacity.c), once made
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
	u64 ts_offset;
	bool ts_set;
	u8 int_policy[CTM_INT_POLICY_SIZE];
	struct dentry *debugfs;
	struct ctm_data_view media_view;
	struct ctm_faults faults;
	const struct ctm_mbox_handler *mbox_ext;
	unsigned int nr_mbox_ext;
	struct mutex notify_lock; /* see above */
	bool sync_notify;
	struct work_struct notify_work;
	struct ctm_dc *dc;
};

int ctm_mbox_handle(struct ctm_mem *mem, struct cxl_mbox_cmd *cmd);
u64 ctm_mem_timestamp(struct ctm_mem *mem);
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
bool ctm_mem_decoding(struct ctm_mem *mem);
int ctm_mem_driver_init(void);
void ctm_mem_driver_exit(void);

int ctm_platform_init(void);
struct device *ctm_root_port(int id);
void ctm_platform_exit(void);

#endif /* __CXL_TAG_MOCK_DEVICE_H__ */
