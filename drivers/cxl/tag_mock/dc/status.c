// SPDX-License-Identifier: GPL-2.0
/*
 * The text the configuration shows of Dynamic Capacity: a device's
 * extents (dc_extents) and a tag's status (dc_status), for tests and
 * orchestrators. Reading changes nothing.
 */
#include <linux/kernel.h>
#include <linux/maple_tree.h>
#include <linux/platform_device.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "dc/dc.h"

/**
 * ctm_dc_state_name() - what configfs calls an extent's state
 * @ext: the extent
 *
 * Return: "pending", "accepted" or "release-pending".
 */
const char *ctm_dc_state_name(const struct ctm_extent *ext)
{
	switch (ext->state) {
	case CTM_EXT_PENDING:
		return "pending";
	case CTM_EXT_ACCEPTED:
		return "accepted";
	default:
		return "release-pending";
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_state_name);

/*
 * Listings have no size limit (1000 extents do not fit a page): they are
 * formatted twice, once without a buffer to learn their length and once
 * into a buffer that large, as configfs binary attributes read.
 */
struct dc_out {
	char *buf;
	size_t size;
	size_t len;
};

static __printf(2, 3) void dc_emit(struct dc_out *o, const char *fmt, ...)
{
	char line[160];
	va_list args;
	size_t n;

	va_start(args, fmt);
	n = vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (o->buf && o->len < o->size)
		memcpy(o->buf + o->len, line, min(n, o->size - o->len));
	o->len += n;
}

static ssize_t dc_out_done(struct dc_out *o)
{
	return o->buf ? min(o->len, o->size) : o->len;
}

/* One line per extent: "<device> <region> <offset> <length> <state>". */
static void dc_emit_ext(struct dc_out *o, const struct ctm_extent *ext,
			bool with_dev)
{
	u64 off = ext->dpa - ctm_dc_region_base(&ext->mem->cfg, ext->region);

	if (with_dev)
		dc_emit(o, "cxl_tag_mock_mem.%d %u 0x%llx 0x%llx %s\n",
			ext->mem->id, ext->region, off, ext->len,
			ctm_dc_state_name(ext));
	else if (uuid_is_null(&ext->tag))
		dc_emit(o, "%u 0x%llx 0x%llx - %u %s%s\n", ext->region, off,
			ext->len, ext->seq, ctm_dc_state_name(ext),
			ext->dup ? " duplicate" : "");
	else
		dc_emit(o, "%u 0x%llx 0x%llx %pUb %u %s%s\n", ext->region, off,
			ext->len, &ext->tag, ext->seq, ctm_dc_state_name(ext),
			ext->dup ? " duplicate" : "");
}

/*
 * Accepted extents of @be's tag that no backend backs (injected or
 * preloaded while the tag had none), on every device that has such
 * extents: counted by state into @count, or listed into @o.
 */
static void dc_status_unbacked(struct ctm_backend *be, unsigned int *count,
			       struct dc_out *o)
{
	struct ctm_dc *dc;

	if (!be->has_tag)
		return;
	list_for_each_entry(dc, &ctm_dc_devices, node) {
		struct ctm_mem *mem = dc->mem;

		if (!dc->nr_unbacked)
			continue;
		for (struct ctm_extent *ext = ctm_extent_first(mem); ext;
		     ext = ctm_extent_next(ext)) {
			if (ext->be || !uuid_equal(&ext->tag, &be->tag))
				continue;
			if (count)
				count[ext->state]++;
			else
				dc_emit_ext(o, ext, true);
		}
	}
}

/**
 * ctm_backend_status() - what configfs shows as a backend's dc_status
 * @be: the backend
 * @buf: where to, or NULL to learn the length
 * @size: room in @buf
 *
 * A first line with the states its tag's capacity is in ("pending",
 * "accepted", "release-pending", as many as apply), or "released" when
 * none is left and some was released since the tag was set, or
 * "not-found"; then one line per extent. Extents of the tag that no
 * backend backs (injected or preloaded while the tag had none) count too.
 *
 * Return: the length of the whole text without @buf, else the bytes
 * written (at most @size).
 */
ssize_t ctm_backend_status(struct ctm_backend *be, char *buf, size_t size)
{
	static const char * const names[] = {
		"pending", "accepted", "release-pending",
	};
	unsigned int count[ARRAY_SIZE(names)] = {};
	struct dc_out o = { .buf = buf, .size = size };
	unsigned long index = 0;
	struct ctm_extent *ext;
	bool any = false;

	lockdep_assert_held(&ctm_cfg_lock);
	mt_for_each(&be->alloc, ext, index, ULONG_MAX)
		count[ext->state]++;
	dc_status_unbacked(be, count, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (!count[i])
			continue;
		dc_emit(&o, "%s%s", any ? " " : "", names[i]);
		any = true;
	}
	if (!any)
		dc_emit(&o, "%s", be->released ? "released" : "not-found");
	dc_emit(&o, "\n");
	index = 0;
	mt_for_each(&be->alloc, ext, index, ULONG_MAX)
		dc_emit_ext(&o, ext, true);
	dc_status_unbacked(be, NULL, &o);
	return dc_out_done(&o);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_backend_status);

/**
 * ctm_dc_extents_show() - what configfs shows as a device's dc_extents
 * @mem: the device
 * @buf: where to, or NULL to learn the length
 * @size: room in @buf
 *
 * One line per extent in DPA order, then the duplicate offers:
 * "<region> <offset> <length> <tag or -> <seq> <state>".
 *
 * Return: the length of the whole text without @buf, else the bytes
 * written (at most @size).
 */
ssize_t ctm_dc_extents_show(struct ctm_mem *mem, char *buf, size_t size)
{
	struct dc_out o = { .buf = buf, .size = size };
	struct ctm_dc_chain *chain;
	unsigned long index = 0;
	struct ctm_extent *ext;

	lockdep_assert_held(&mem->mbox_lock);
	mt_for_each(&mem->dc->dpa_map, ext, index, ULONG_MAX)
		dc_emit_ext(&o, ext, false);
	list_for_each_entry(chain, &mem->dc->chains, node)
		list_for_each_entry(ext, &chain->extents, link)
			if (ext->dup)
				dc_emit_ext(&o, ext, false);
	return dc_out_done(&o);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_dc_extents_show);
