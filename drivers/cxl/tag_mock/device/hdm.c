// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated HDM Decoder Capability Structures (CXL r3.1 8.2.4.20), one per
 * emulated port. The cxl core reads and writes these registers exactly as
 * it does MMIO ones (cxl/emulation.h); this file is the hardware side:
 * which bits are writable, what a commit checks, and, for an endpoint, how
 * a committed decoder maps host physical addresses to DPA.
 */
#include <linux/bitfield.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <kunit/visibility.h>
#include <cxl/emulation.h>

#include "cxl.h"
#include "device/device.h"

#define HDM_DECODER_STRIDE 0x20
#define HDM_DECODER_FIRST 0x10
/* base and size are decoded in 256 MiB units: bits 27:0 of LOW read 0 */
#define HDM_LOW_MASK GENMASK(31, 28)
#define HDM_CTRL_WRITABLE                                                    \
	(CXL_HDM_DECODER0_CTRL_IG_MASK | CXL_HDM_DECODER0_CTRL_IW_MASK |     \
	 CXL_HDM_DECODER0_CTRL_LOCK | CXL_HDM_DECODER0_CTRL_COMMIT |        \
	 CXL_HDM_DECODER0_CTRL_HOSTONLY)

static int hdm_count_encoding(unsigned int count)
{
	if (!count)
		return -EINVAL;
	if (count == 1)
		return 0;
	if (count % 2 || count > 32)
		return -EINVAL;
	if (count <= 16)
		return count / 2;
	if (count % 4)
		return -EINVAL;
	return count / 4 + 4;
}

/**
 * ctm_hdm_alloc() - allocate the register state of one port's decoders
 * @nr_decoders: decoder count; one the capability register can encode
 * @nr_targets: targets per decoder (switch ports), 0 for an endpoint
 * @dpa_size: for an endpoint, the DPA space its decoders may map
 *
 * Return: the state, ERR_PTR(-EINVAL) for a count the register cannot
 * express, ERR_PTR(-ENOMEM).
 */
struct ctm_hdm *ctm_hdm_alloc(unsigned int nr_decoders,
			      unsigned int nr_targets, u64 dpa_size)
{
	struct ctm_hdm *hdm;

	if (hdm_count_encoding(nr_decoders) < 0 || nr_targets > 8)
		return ERR_PTR(-EINVAL);
	hdm = kzalloc(struct_size(hdm, dec, nr_decoders), GFP_KERNEL);
	if (!hdm)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&hdm->lock);
	hdm->nr_decoders = nr_decoders;
	hdm->nr_targets = nr_targets;
	hdm->endpoint = !nr_targets;
	hdm->dpa_size = dpa_size;
	return hdm;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_hdm_alloc);

static u32 hdm_cap(struct ctm_hdm *hdm)
{
	return FIELD_PREP(CXL_HDM_DECODER_COUNT_MASK,
			  hdm_count_encoding(hdm->nr_decoders)) |
	       FIELD_PREP(CXL_HDM_DECODER_TARGET_COUNT_MASK, hdm->nr_targets) |
	       CXL_HDM_DECODER_INTERLEAVE_11_8 |
	       CXL_HDM_DECODER_INTERLEAVE_14_12;
}

/* Which decoder and which of its registers @offset names. */
static struct ctm_hdm_decoder *hdm_decoder_at(struct ctm_hdm *hdm,
					      unsigned int offset,
					      unsigned int *reg)
{
	unsigned int i;

	if (offset < HDM_DECODER_FIRST || offset % 4)
		return NULL;
	i = (offset - HDM_DECODER_FIRST) / HDM_DECODER_STRIDE;
	if (i >= hdm->nr_decoders)
		return NULL;
	*reg = offset - HDM_DECODER_STRIDE * i;
	return &hdm->dec[i];
}

/*
 * The 64-bit field a decoder register is one half of (base, size, target
 * list or DPA skip) and whether it is the high half; NULL for Control and
 * reserved offsets.
 */
static u64 *hdm_field(struct ctm_hdm_decoder *d, unsigned int reg, bool *high)
{
	*high = reg == CXL_HDM_DECODER0_BASE_HIGH_OFFSET(0) ||
		reg == CXL_HDM_DECODER0_SIZE_HIGH_OFFSET(0) ||
		reg == CXL_HDM_DECODER0_TL_HIGH(0);
	switch (reg) {
	case CXL_HDM_DECODER0_BASE_LOW_OFFSET(0):
	case CXL_HDM_DECODER0_BASE_HIGH_OFFSET(0):
		return &d->base;
	case CXL_HDM_DECODER0_SIZE_LOW_OFFSET(0):
	case CXL_HDM_DECODER0_SIZE_HIGH_OFFSET(0):
		return &d->size;
	case CXL_HDM_DECODER0_TL_LOW(0):
	case CXL_HDM_DECODER0_TL_HIGH(0):
		return &d->tl_skip;
	}
	return NULL;
}

/**
 * ctm_hdm_read() - read one 32-bit register
 * @data: the &struct ctm_hdm
 * @offset: offset in the capability structure
 *
 * Return: the register; reserved and out-of-range offsets read as 0.
 */
u32 ctm_hdm_read(void *data, unsigned int offset)
{
	struct ctm_hdm *hdm = data;
	struct ctm_hdm_decoder *d;
	unsigned int reg;
	bool high;
	u64 *f;

	guard(spinlock)(&hdm->lock);
	if (offset == CXL_HDM_DECODER_CAP_OFFSET)
		return hdm_cap(hdm);
	if (offset == CXL_HDM_DECODER_CTRL_OFFSET)
		return hdm->global_ctrl;
	d = hdm_decoder_at(hdm, offset, &reg);
	if (!d)
		return 0;
	if (reg == CXL_HDM_DECODER0_CTRL_OFFSET(0))
		return d->ctrl;
	f = hdm_field(d, reg, &high);
	if (!f)
		return 0;
	return high ? upper_32_bits(*f) : lower_32_bits(*f);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_hdm_read);

static u64 hdm_set_low(u64 old, u32 val, u32 mask)
{
	return (old & ~(u64)U32_MAX) | (val & mask);
}

static u64 hdm_set_high(u64 old, u32 val)
{
	return ((u64)val << 32) | lower_32_bits(old);
}

/* A write to one half of a 64-bit field of an uncommitted decoder. */
static void hdm_write_field(struct ctm_hdm *hdm, struct ctm_hdm_decoder *d,
			    unsigned int reg, u32 val)
{
	bool high;
	u64 *f = hdm_field(d, reg, &high);

	if (!f)
		return;
	if (high)
		*f = hdm_set_high(*f, val);
	else if (f == &d->tl_skip && !hdm->endpoint)
		/* A port's Target List Low: each byte is a target. */
		*f = hdm_set_low(*f, val, U32_MAX);
	else
		/* Base, size and an endpoint's DPA Skip: 256 MiB units. */
		*f = hdm_set_low(*f, val, HDM_LOW_MASK);
}

static bool hdm_committed(const struct ctm_hdm_decoder *d)
{
	return d->ctrl & CXL_HDM_DECODER0_CTRL_COMMITTED;
}

/*
 * The checks a device makes when software sets Commit. Decoders commit in
 * order, decode a non-empty range that overlaps no other committed
 * decoder, with a valid interleave; an endpoint's DPA (the previous
 * decoder's end plus this one's skip) must fit the device.
 */
static bool hdm_commit_ok(struct ctm_hdm *hdm, struct ctm_hdm_decoder *d)
{
	unsigned int i = d - hdm->dec;
	int ways, granularity;
	u64 end, dpa_len, dpa_end, prev_end = 0;

	if (i && !hdm_committed(&hdm->dec[i - 1]))
		return false;
	if (!d->size || check_add_overflow(d->base, d->size - 1, &end))
		return false;
	if (eiw_to_ways(FIELD_GET(CXL_HDM_DECODER0_CTRL_IW_MASK, d->ctrl),
			&ways) ||
	    eig_to_granularity(FIELD_GET(CXL_HDM_DECODER0_CTRL_IG_MASK, d->ctrl),
			       &granularity))
		return false;

	/*
	 * r3.1 8.2.4.20.12: a decoder decodes above the one before it
	 * (Base[m+1] >= Base[m] + Size[m]), which also rules out overlap.
	 */
	if (i && d->base < hdm->dec[i - 1].base + hdm->dec[i - 1].size)
		return false;

	if (!hdm->endpoint)
		return ways <= hdm->nr_targets;

	/*
	 * The device's storage is the host memory its decoders map, so each
	 * device decodes its own range: no interleave across devices.
	 */
	if (ways != 1)
		return false;
	dpa_len = d->size;
	if (i)
		prev_end = hdm->dec[i - 1].dpa_base + hdm->dec[i - 1].dpa_len;
	if (check_add_overflow(prev_end, d->tl_skip, &d->dpa_base) ||
	    check_add_overflow(d->dpa_base, dpa_len, &dpa_end) ||
	    dpa_end > hdm->dpa_size)
		return false;
	d->dpa_len = dpa_len;
	return true;
}

/*
 * What the device decodes changed: extents bound to a backend follow their
 * pages (the device side moves them from a work item).
 */
static void hdm_changed(struct ctm_hdm *hdm)
{
	hdm->gen++;
	if (hdm->changed)
		hdm->changed(hdm->changed_data);
}

static bool hdm_any_committed(struct ctm_hdm *hdm)
{
	for (unsigned int i = 0; i < hdm->nr_decoders; i++)
		if (hdm_committed(&hdm->dec[i]))
			return true;
	return false;
}

static void hdm_write_ctrl(struct ctm_hdm *hdm, struct ctm_hdm_decoder *d,
			   u32 val)
{
	bool commit = val & CXL_HDM_DECODER0_CTRL_COMMIT;

	/* A locked, committed decoder changes only through a reset. */
	if (hdm_committed(d) && (d->ctrl & CXL_HDM_DECODER0_CTRL_LOCK))
		return;

	if (!commit) {
		if (hdm_committed(d))
			hdm_changed(hdm);
		d->ctrl = val & HDM_CTRL_WRITABLE;
		d->dpa_base = 0;
		d->dpa_len = 0;
		return;
	}
	if (hdm_committed(d))
		return;

	d->ctrl = val & HDM_CTRL_WRITABLE;
	if (hdm_commit_ok(hdm, d) && !ctm_fault_commit(hdm->faults)) {
		d->ctrl |= CXL_HDM_DECODER0_CTRL_COMMITTED;
		hdm_changed(hdm);
	} else {
		d->ctrl |= CXL_HDM_DECODER0_CTRL_COMMIT_ERROR;
	}
}

/**
 * ctm_hdm_write() - write one 32-bit register
 * @data: the &struct ctm_hdm
 * @offset: offset in the capability structure
 * @val: the value
 *
 * Writes to read-only bits and reserved offsets are dropped, as are
 * writes to a committed decoder's range and target or skip registers.
 * Setting Commit decides synchronously between Committed and Error.
 */
void ctm_hdm_write(void *data, unsigned int offset, u32 val)
{
	struct ctm_hdm *hdm = data;
	struct ctm_hdm_decoder *d;
	unsigned int reg;

	guard(spinlock)(&hdm->lock);
	if (offset == CXL_HDM_DECODER_CTRL_OFFSET) {
		u32 old = hdm->global_ctrl;

		/* Poison On Decode Error is not advertised: only Enable sticks. */
		hdm->global_ctrl = val & CXL_HDM_DECODER_ENABLE;
		/*
		 * Enable gates every committed decoder: flipping it changes
		 * what is decoded as much as a commit or a reset does.
		 */
		if ((old ^ hdm->global_ctrl) & CXL_HDM_DECODER_ENABLE &&
		    hdm_any_committed(hdm))
			hdm_changed(hdm);
		return;
	}
	d = hdm_decoder_at(hdm, offset, &reg);
	if (!d)
		return;
	if (reg == CXL_HDM_DECODER0_CTRL_OFFSET(0)) {
		hdm_write_ctrl(hdm, d, val);
		return;
	}
	if (!hdm_committed(d))
		hdm_write_field(hdm, d, reg, val);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_hdm_write);

const struct cxl_hdm_emu_ops ctm_hdm_ops = {
	.read = ctm_hdm_read,
	.write = ctm_hdm_write,
};

/**
 * ctm_hdm_any_committed() - does any decoder decode
 * @hdm: the decoders
 *
 * Return: true when at least one is committed.
 */
bool ctm_hdm_any_committed(struct ctm_hdm *hdm)
{
	guard(spinlock)(&hdm->lock);
	return hdm_any_committed(hdm);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_hdm_any_committed);

/**
 * __ctm_hdm_range_to_hpa() - the host address of a DPA range, if one
 * committed decoder maps all of it
 * @hdm: the endpoint's decoders, locked
 * @dpa: first DPA
 * @len: bytes, non-zero
 * @hpa: the host address of @dpa, on success
 *
 * Two decoders may map adjacent DPA at unrelated addresses, so a range is
 * one contiguous piece of the host's memory only inside one decoder. The
 * host may reset decoders out of order: every committed one is looked
 * at, and nothing decodes until HDM Decoder Enable is set (r3.1
 * 8.2.4.20.2).
 *
 * Return: 0, or -ENXIO.
 */
int __ctm_hdm_range_to_hpa(struct ctm_hdm *hdm, u64 dpa, u64 len, u64 *hpa)
{
	lockdep_assert_held(&hdm->lock);
	if (!len || !(hdm->global_ctrl & CXL_HDM_DECODER_ENABLE))
		return -ENXIO;
	for (unsigned int i = 0; i < hdm->nr_decoders; i++) {
		struct ctm_hdm_decoder *d = &hdm->dec[i];

		if (!hdm_committed(d) || dpa < d->dpa_base ||
		    dpa - d->dpa_base >= d->dpa_len ||
		    len > d->dpa_len - (dpa - d->dpa_base))
			continue;
		*hpa = d->base + (dpa - d->dpa_base);
		return 0;
	}
	return -ENXIO;
}
EXPORT_SYMBOL_IF_KUNIT(__ctm_hdm_range_to_hpa);
