// SPDX-License-Identifier: GPL-2.0
/*
 * A backend's contents, read and written wherever they are: in the media
 * pages an accepted extent has them at, or in the backend's store. The
 * debugfs view tests fill and check tags with (pools/<pool>/<backend>).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/maple_tree.h>
#include <linux/string.h>

#include "dc/dc.h"

/*
 * Copy up to @len bytes between @buf and a backend's current storage at
 * offset @off: the media pages an accepted extent has it mapped at, or the
 * backend's store. Under ctm_cfg_lock, so no binding changes meanwhile; a
 * range whose bytes are being moved (with only the device's mbox_lock
 * held) is refused.
 */
static ssize_t backend_view_copy(void *obj, u64 off, void *buf, size_t len,
				 bool write)
{
	struct ctm_backend *be = obj;
	unsigned long index = off;
	struct ctm_extent *ext;
	int rc = 0;

	guard(mutex)(&ctm_cfg_lock);
	if (!be->pool)
		return -ENXIO;
	if (off >= be->size)
		return 0;
	len = min_t(u64, len, be->size - off);
	ext = mt_find(&be->alloc, &index, off + len - 1);
	if (ext && ext->be_off > off) {
		len = ext->be_off - off;
		ext = NULL;
	}
	if (ext) {
		len = min_t(u64, len, ext->be_off + ext->len - off);
		/*
		 * Its bytes are on their way between store and media, or a
		 * release saved or zeroed them already and only waits to end:
		 * a write now would be lost.
		 */
		if (ext->moving || ext->saved || ext->scrubbed)
			return -EBUSY;
		if (!ext->mapped)
			ext = NULL;
	}
	if (ext)
		rc = ctm_media_rw(ext->hpa + (off - ext->be_off), buf, len,
				  write);
	else if (write)
		rc = ctm_store_write(&be->store, off, buf, len);
	else
		ctm_store_read(&be->store, off, buf, len);
	return rc ? rc : len;
}

/**
 * ctm_backend_debugfs() - add a backend's storage view to its pool's
 * debugfs directory
 * @be: the backend
 * @pool: its pool
 * @name: the backend's name
 *
 * debugfs failures are not errors: the file is a test aid.
 */
void ctm_backend_debugfs(struct ctm_backend *be, struct ctm_pool *pool,
			 const char *name)
{
	be->view = (struct ctm_data_view){ backend_view_copy, be };
	be->debugfs = ctm_debugfs_view(name, pool->debugfs, &be->view, 0);
}
