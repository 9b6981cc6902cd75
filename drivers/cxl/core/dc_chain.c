// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules a host applies to Dynamic Capacity offers (CXL r3.1 8.2.9.2.1.6,
 * 8.2.9.9.9.3): records chained by More are answered together; extents are
 * judged by tag group, and a group stands or falls as a whole; the answer
 * lists the accepted extents, split over several responses when it does not
 * fit in one payload.
 */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "dc_chain.h"

/**
 * cxl_dc_extent_parse() - read an extent from its wire format
 * @e: the extent as the device sent it
 * @o: the offer to fill; its verdict is -EINVAL when the extent is malformed
 *
 * Return: 0, or -EINVAL for an empty extent or one that wraps around the
 * DPA space.
 */
int cxl_dc_extent_parse(const struct cxl_dc_extent *e, struct cxl_dc_offer *o)
{
	memset(o, 0, sizeof(*o));
	o->dpa = le64_to_cpu(e->start_dpa);
	o->len = le64_to_cpu(e->length);
	import_uuid(&o->tag, e->tag);
	o->seq = le16_to_cpu(e->shared_extn_seq);
	if (!o->len || o->dpa + o->len < o->dpa)
		o->verdict = -EINVAL;
	return o->verdict;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_extent_parse);

/**
 * cxl_dc_record_parse() - read the extent of a Dynamic Capacity event record
 * @rec: the record body
 * @o: the offer to fill
 * @more: set when the record says more records of its chain follow
 *
 * Return: as cxl_dc_extent_parse(); @o and @more are filled either way.
 */
int cxl_dc_record_parse(const struct cxl_event_dcd *rec,
			struct cxl_dc_offer *o, bool *more)
{
	int rc = cxl_dc_extent_parse(&rec->extent, o);

	o->region_index = rec->region_index;
	*more = rec->flags & CXL_DC_EVENT_MORE;
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_record_parse);

/**
 * cxl_dc_chain_init() - make an empty chain
 * @c: the chain
 * @max: the most extents it may hold, 1 to CXL_DC_EXTENTS_MAX
 *
 * Return: 0, -EINVAL for @max out of range, or -ENOMEM.
 */
int cxl_dc_chain_init(struct cxl_dc_chain *c, int max)
{
	memset(c, 0, sizeof(*c));
	if (max < 1 || max > CXL_DC_EXTENTS_MAX)
		return -EINVAL;
	c->offer = kvcalloc(max, sizeof(*c->offer), GFP_KERNEL);
	if (!c->offer)
		return -ENOMEM;
	c->max = max;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_chain_init);

/**
 * cxl_dc_chain_free() - free what cxl_dc_chain_init() allocated
 * @c: the chain
 */
void cxl_dc_chain_free(struct cxl_dc_chain *c)
{
	kvfree(c->offer);
	c->offer = NULL;
	c->max = 0;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_chain_free);

/**
 * cxl_dc_chain_add() - add an offer to the open chain
 * @c: the chain
 * @o: the offer (a malformed one too: it sinks its tag group)
 * @more: the record that carried it had More set
 *
 * Return: 0, or -E2BIG once the chain has more than its limit of
 * extents: it is then answered with an empty response when it closes.
 */
int cxl_dc_chain_add(struct cxl_dc_chain *c, const struct cxl_dc_offer *o,
		     bool more)
{
	if (c->nr < c->max)
		c->offer[c->nr++] = *o;
	else
		c->overflow = true;
	c->open = more;
	return c->overflow ? -E2BIG : 0;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_chain_add);

/**
 * cxl_dc_chain_reset() - forget a chain once it is answered
 * @c: the chain
 */
void cxl_dc_chain_reset(struct cxl_dc_chain *c)
{
	c->nr = 0;
	c->overflow = false;
	c->open = false;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_chain_reset);

static bool ranges_overlap(const struct cxl_dc_offer *a,
			   const struct cxl_dc_offer *b)
{
	return a->dpa < b->dpa + b->len && b->dpa < a->dpa + a->len;
}

/* The checks that need only the extent itself and the host's state. */
static void validate_one(struct cxl_dc_offer *o,
			 const struct cxl_dc_env_ops *ops, void *ctx)
{
	struct cxl_dc_offer acc;
	int rc;

	if (o->verdict < 0)
		return;
	if (!IS_ALIGNED(o->dpa, CXL_DC_EXTENT_ALIGN) ||
	    !IS_ALIGNED(o->len, CXL_DC_EXTENT_ALIGN)) {
		o->verdict = -EINVAL;
		return;
	}
	rc = ops->locate(ctx, o);
	if (rc) {
		o->verdict = rc;
		return;
	}
	if (!ops->overlap(ctx, o->dpa, o->len, &acc))
		return;
	/*
	 * Inside an accepted extent of the same tag (or both untagged) it is
	 * a repeat of what the host has. Under another tag it names capacity
	 * the host holds for someone else: never the same extent.
	 */
	if (o->dpa >= acc.dpa && o->dpa + o->len <= acc.dpa + acc.len &&
	    uuid_equal(&o->tag, &acc.tag))
		o->verdict = CXL_DC_DUPLICATE;
	else
		o->verdict = -EBUSY;
}

/*
 * The verdict on a group: its members are @o[i] for every i set in
 * @members. Sharable regions need a tag and the sequence numbers 0..n-1,
 * each once; other regions take sequence 0 only. A tag may be live in one
 * place on the host only: a group that brings anything new under a live
 * tag is refused, one that only repeats accepted extents is not.
 */
static int group_verdict(struct cxl_dc_offer *o, unsigned long *members,
			 int nr, int n)
{
	unsigned long *seen __free(bitmap) = bitmap_zalloc(n, GFP_KERNEL);
	bool all_dup = true, sharable = false;
	struct cxl_region *cxlr = NULL;
	int i;

	if (!seen)
		return -ENOMEM;
	for_each_set_bit(i, members, nr) {
		if (o[i].verdict < 0)
			return o[i].verdict;
		if (cxlr && o[i].cxlr != cxlr)
			return -EXDEV;
		cxlr = o[i].cxlr;
		sharable |= o[i].sharable;
		all_dup &= o[i].verdict == CXL_DC_DUPLICATE;
	}
	for_each_set_bit(i, members, nr) {
		if (!sharable) {
			if (o[i].seq)
				return -EINVAL;
			continue;
		}
		if (uuid_is_null(&o[i].tag) || o[i].seq >= n ||
		    test_and_set_bit(o[i].seq, seen))
			return -EINVAL;
	}
	return all_dup ? 0 : 1;
}

/**
 * cxl_dc_validate() - judge offers by tag group
 * @o: the offers: a closed chain, or the extents a device already has
 * @nr: how many
 * @ops: the host's state
 * @ctx: passed to @ops
 *
 * Each offer must be 2 MiB aligned, mapped by a committed DC region decoder
 * and clear of accepted extents (or inside one of the same tag: a
 * duplicate; under another tag it is refused, -EBUSY); offers of one
 * call must not overlap one another. Untagged offers are groups of one;
 * tagged offers group by tag, and a group must lie in one region, follow
 * the sequence rules and not reuse a live tag. Any failure refuses the
 * whole group: every member's verdict becomes the first error found.
 */
void cxl_dc_validate(struct cxl_dc_offer *o, int nr,
		     const struct cxl_dc_env_ops *ops, void *ctx)
{
	unsigned long *done __free(bitmap) = bitmap_zalloc(nr, GFP_KERNEL);
	unsigned long *members __free(bitmap) = bitmap_zalloc(nr, GFP_KERNEL);
	int i, j;

	for (i = 0; i < nr; i++)
		validate_one(&o[i], ops, ctx);
	/* A refused offer (malformed, say) does not sink the others. */
	for (i = 0; i < nr; i++)
		for (j = i + 1; j < nr; j++)
			if (o[i].verdict >= 0 && o[j].verdict >= 0 &&
			    ranges_overlap(&o[i], &o[j])) {
				o[i].verdict = -EBUSY;
				o[j].verdict = -EBUSY;
			}

	if (!done || !members) {
		for (i = 0; i < nr; i++)
			o[i].verdict = -ENOMEM;
		return;
	}

	for (i = 0; i < nr; i++) {
		int n = 0, rc;

		if (test_bit(i, done))
			continue;
		bitmap_zero(members, nr);
		for (j = i; j < nr; j++) {
			if (test_bit(j, done))
				continue;
			if (j != i && (uuid_is_null(&o[i].tag) ||
				       !uuid_equal(&o[i].tag, &o[j].tag)))
				continue;
			__set_bit(j, members);
			__set_bit(j, done);
			n++;
		}
		rc = group_verdict(o, members, nr, n);
		if (rc > 0 && !uuid_is_null(&o[i].tag) &&
		    ops->tag_live(ctx, &o[i].tag))
			rc = -EEXIST;
		if (rc >= 0)
			continue;
		for_each_set_bit(j, members, nr)
			o[j].verdict = rc;
	}
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_validate);

/**
 * cxl_dc_response_batch() - fill one Add DC Response payload
 * @rsp: the payload
 * @size: room in @rsp
 * @o: the offers, judged
 * @nr: how many
 * @pos: the first offer not yet answered; advanced past those answered
 *
 * Lists accepted offers (duplicates too) from @pos on, as many as fit, and
 * sets More when accepted offers remain for a later payload. Called until
 * *@pos reaches @nr; the first call always yields a payload, possibly an
 * empty one, which is how a host accepts nothing.
 *
 * Return: the number of extents in @rsp.
 */
u32 cxl_dc_response_batch(struct cxl_mbox_dc_response *rsp, size_t size,
			  const struct cxl_dc_offer *o, int nr, int *pos)
{
	size_t room = (size - sizeof(*rsp)) / sizeof(rsp->extent_list[0]);
	u32 n = 0;

	memset(rsp, 0, sizeof(*rsp));
	for (; *pos < nr && n < room; (*pos)++) {
		struct cxl_extent_range *r = &rsp->extent_list[n];

		if (o[*pos].verdict < 0)
			continue;
		memset(r, 0, sizeof(*r));
		r->dpa_start = cpu_to_le64(o[*pos].dpa);
		r->length = cpu_to_le64(o[*pos].len);
		n++;
	}
	while (*pos < nr && o[*pos].verdict < 0)
		(*pos)++;
	if (*pos < nr)
		rsp->flags |= CXL_DC_RESPONSE_MORE;
	rsp->extent_list_size = cpu_to_le32(n);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_dc_response_batch);
