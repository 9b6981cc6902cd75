/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamic Capacity offers as the host sees them: record parsing, More
 * chains, grouping by tag with validation, and response batching. Nothing
 * here touches a device; the environment (decoders, accepted extents, live
 * tags) is asked through struct cxl_dc_env_ops, so the rules can be tested
 * on their own.
 */
#ifndef __CXL_DC_CHAIN_H__
#define __CXL_DC_CHAIN_H__

#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/sizes.h>
#include <cxl/dcd.h>

/*
 * A chain holds at most a configurable number of extents (then it is
 * answered empty): by default 100, as the v11 DCD series; at most
 * CXL_DC_EXTENTS_MAX, since judging a chain is quadratic in its length.
 */
#define CXL_DC_CHAIN_MAX_DEFAULT 100
/*
 * A chain left open this long is answered with an empty response (by
 * default; the dc_chain_timeout_ms parameter sets it within the bounds).
 * Shorter than the minimum would answer chains a device is still raising.
 */
#define CXL_DC_CHAIN_TIMEOUT_MS 20000
#define CXL_DC_CHAIN_TIMEOUT_MIN_MS 100
#define CXL_DC_CHAIN_TIMEOUT_MAX_MS 600000
/*
 * Extents a host takes from a device's list at region probe, at most:
 * judging them is quadratic in their number (groups and overlaps).
 */
#define CXL_DC_EXTENTS_MAX 4096
/* Extents are mapped with PMD pages: start and length are aligned to it. */
#define CXL_DC_EXTENT_ALIGN SZ_2M

/* Verdicts besides 0 (accept) and -errno (refuse). */
#define CXL_DC_DUPLICATE 1

struct cxl_region;
struct cxl_dc_region_info;
struct device;

/**
 * struct cxl_dc_offer - one extent the device offers (or already has)
 * @dpa: first DPA
 * @len: bytes
 * @tag: tag, null when untagged
 * @seq: shared extent sequence number
 * @region_index: DC region index the record names
 * @verdict: 0 accept, CXL_DC_DUPLICATE (inside an accepted extent; accept
 *	     again, nothing new), or the -errno that refused its group
 * @sharable: set by the environment: the extent lies in a sharable region
 * @cxlr: set by the environment: the region that maps it
 */
struct cxl_dc_offer {
	u64 dpa;
	u64 len;
	uuid_t tag;
	u16 seq;
	u8 region_index;
	int verdict;
	bool sharable;
	struct cxl_region *cxlr;
};

/**
 * struct cxl_dc_chain - Add Capacity records linked by More
 * @offer: the extents, in record order, room for @max
 * @max: the most extents a chain may have
 * @nr: how many
 * @overflow: more than @max records came; answered empty
 * @open: a record with More set came and no record has closed the chain
 */
struct cxl_dc_chain {
	struct cxl_dc_offer *offer;
	int max;
	int nr;
	bool overflow;
	bool open;
};

/**
 * struct cxl_dc_env_ops - what validation asks of the host
 * @locate: find the committed DC region decoder that maps the whole of
 *	    @o; set @o->cxlr and @o->sharable. 0 or -errno.
 * @overlap: whether [dpa, dpa + len) touches an accepted extent; if so,
 *	     one of them is described in @acc (dpa, len, tag)
 * @tag_live: the tag is in use somewhere on the host
 */
struct cxl_dc_env_ops {
	int (*locate)(void *ctx, struct cxl_dc_offer *o);
	bool (*overlap)(void *ctx, u64 dpa, u64 len, struct cxl_dc_offer *acc);
	bool (*tag_live)(void *ctx, const uuid_t *tag);
};

int cxl_dc_extent_parse(const struct cxl_dc_extent *e, struct cxl_dc_offer *o);
int cxl_dc_record_parse(const struct cxl_event_dcd *rec,
			struct cxl_dc_offer *o, bool *more);
int cxl_dc_chain_init(struct cxl_dc_chain *c, int max);
void cxl_dc_chain_free(struct cxl_dc_chain *c);
int cxl_dc_chain_add(struct cxl_dc_chain *c, const struct cxl_dc_offer *o,
		     bool more);
void cxl_dc_chain_reset(struct cxl_dc_chain *c);
void cxl_dc_validate(struct cxl_dc_offer *o, int nr,
		     const struct cxl_dc_env_ops *ops, void *ctx);
u32 cxl_dc_response_batch(struct cxl_mbox_dc_response *rsp, size_t size,
			  const struct cxl_dc_offer *o, int nr, int *pos);

#if IS_ENABLED(CONFIG_KUNIT)
/* dcd.c: one DC region of Get DC Configuration against the spec's rules. */
int cxl_dc_region_check(struct device *dev,
			const struct cxl_dc_region_info *r,
			const struct cxl_dc_region_info *prev, int i);
#endif

#endif /* __CXL_DC_CHAIN_H__ */
