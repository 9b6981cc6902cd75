// SPDX-License-Identifier: GPL-2.0
/*
 * The device's media: a range of host physical memory that the kernel does
 * not use, named with the "media=<size>@<base>" module parameter, and the
 * device side's views of it: a device's DPA space, and each backend's
 * storage wherever it currently lives.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <kunit/visibility.h>

#include "device/device.h"

/* The range the media parameter names; set once, before anything uses it. */
struct ctm_media ctm_media;
EXPORT_SYMBOL_IF_KUNIT(ctm_media);

/**
 * ctm_media_parse() - parse a "<size>@<base>" media range
 * @str: the text; sizes and addresses take memparse() suffixes (K, M, G...)
 * @media: filled in on success, untouched on failure
 *
 * An empty string (or a lone newline) means no media. Both numbers must be
 * multiples of 256 MiB, the size must be non-zero and the range must not
 * wrap.
 *
 * Return: 0 on success, -EINVAL for malformed or misaligned input, -ERANGE
 * when the range does not fit the physical address space.
 */
int ctm_media_parse(const char *str, struct ctm_media *media)
{
	unsigned long long size, base, last;
	char *end;

	if (!str)
		return -EINVAL;
	if (!*str || !strcmp(str, "\n")) {
		*media = (struct ctm_media){};
		return 0;
	}

	/* memparse() reports nothing itself: no digits leaves @end at @str. */
	size = memparse(str, &end);
	if (end == str || *end != '@')
		return -EINVAL;
	str = end + 1;
	base = memparse(str, &end);
	if (end == str)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;

	if (!size || !IS_ALIGNED(size, CTM_MEDIA_ALIGN) ||
	    !IS_ALIGNED(base, CTM_MEDIA_ALIGN))
		return -EINVAL;
	if (check_add_overflow(base, size - 1, &last) || last > PHYS_ADDR_MAX)
		return -ERANGE;

	media->base = base;
	media->size = size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_media_parse);

/**
 * ctm_media_check() - check that the media is not memory the kernel owns
 * @media: the parsed range
 *
 * Return: 0 when there is no media or it is disjoint from System RAM,
 * -EBUSY when any byte of it is System RAM.
 */
int ctm_media_check(const struct ctm_media *media)
{
	if (!media->size)
		return 0;
	if (region_intersects(media->base, media->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -EBUSY;
	return 0;
}

static void *ctm_media_va;

/**
 * ctm_media_map() - map the media for the device side's accesses
 * @host: the device whose unbind unmaps it
 *
 * Return: 0 (also when there is no media), or -ENOMEM.
 */
int ctm_media_map(struct device *host)
{
	if (!ctm_media.size)
		return 0;
	/* Not System RAM (checked at load), so this is a cacheable ioremap. */
	ctm_media_va = devm_memremap(host, ctm_media.base, ctm_media.size,
				     MEMREMAP_WB);
	if (IS_ERR(ctm_media_va)) {
		int rc = PTR_ERR(ctm_media_va);

		ctm_media_va = NULL;
		return rc;
	}
	return 0;
}

/**
 * ctm_media_addr() - the device side's address of media
 * @hpa: host physical address
 * @len: bytes from there
 *
 * Return: the address, or NULL when the range is not all media.
 */
void *ctm_media_addr(u64 hpa, size_t len)
{
	if (!ctm_media_va || hpa < ctm_media.base || len > ctm_media.size ||
	    hpa - ctm_media.base > ctm_media.size - len)
		return NULL;
	return ctm_media_va + (hpa - ctm_media.base);
}

/**
 * ctm_media_rw() - copy between a buffer and media
 * @hpa: host physical address of the media
 * @buf: the buffer
 * @len: bytes
 * @write: to the media; else from it
 *
 * Return: 0, or -ENXIO when the range is not all media.
 */
int ctm_media_rw(u64 hpa, void *buf, size_t len, bool write)
{
	void *va = ctm_media_addr(hpa, len);

	if (!va)
		return -ENXIO;
	if (write)
		memcpy(va, buf, len);
	else
		memcpy(buf, va, len);
	return 0;
}

/*
 * Bulk zeroing of a binding (an extent's whole contents, up to gigabytes)
 * goes a chunk at a time, rescheduling between chunks, so that a large
 * extent does not hold a CPU for the whole of it.
 */
#define CTM_MOVE_CHUNK SZ_2M

/**
 * ctm_scrub() - zero a binding's storage in chunks
 * @dst: the storage
 * @len: bytes
 */
void ctm_scrub(void *dst, u64 len)
{
	for (u64 done = 0; done < len; done += CTM_MOVE_CHUNK) {
		memset(dst + done, 0, min_t(u64, len - done, CTM_MOVE_CHUNK));
		cond_resched();
	}
}

/* Copy @len bytes between @buf and the media at DPA @dpa, if decoded. */
static int ctm_media_copy(struct ctm_mem *mem, u64 dpa, void *buf, size_t len,
			  bool write)
{
	struct ctm_hdm *hdm = mem->hdm;
	u64 hpa;

	/*
	 * Under the decoders' lock, so that a reset cannot hand the range to
	 * another region between the lookup and the copy.
	 */
	guard(spinlock)(&hdm->lock);
	if (__ctm_hdm_range_to_hpa(hdm, dpa, len, &hpa))
		return -ENXIO;
	return ctm_media_rw(hpa, buf, len, write);
}

/*
 * A read or write of a data view, a page at a time through a bounce
 * buffer, which keeps user copies out of whatever lock the view's copy
 * takes.
 */
static ssize_t view_rw(struct file *file, char __user *ubuf, size_t count,
		       loff_t *ppos, bool write)
{
	struct ctm_data_view *view = file->private_data;
	void *bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t done = 0;
	ssize_t rc = 0;

	if (!bounce)
		return -ENOMEM;
	while (done < count) {
		size_t chunk = min_t(size_t, count - done,
				     PAGE_SIZE - offset_in_page(*ppos));

		if (write && copy_from_user(bounce, ubuf + done, chunk)) {
			rc = -EFAULT;
			break;
		}
		rc = view->copy(view->obj, *ppos, bounce, chunk, write);
		if (rc <= 0)
			break;
		if (!write && copy_to_user(ubuf + done, bounce, rc)) {
			rc = -EFAULT;
			break;
		}
		done += rc;
		*ppos += rc;
	}
	kfree(bounce);
	return done ? done : rc;
}

static ssize_t view_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	return view_rw(file, ubuf, count, ppos, false);
}

static ssize_t view_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	return view_rw(file, (char __user *)ubuf, count, ppos, true);
}

CTM_DEBUGFS_FOPS(ctm_view_fops, view_read, view_write);

/**
 * ctm_debugfs_view() - a debugfs file over the bytes an object holds
 * @name: the file's name
 * @dir: its directory
 * @view: how to reach the bytes; it must live as long as the file
 * @size: the size the file shows
 *
 * debugfs failures are not errors: the file is a test aid.
 *
 * Return: the file's dentry, for debugfs_remove().
 */
struct dentry *ctm_debugfs_view(const char *name, struct dentry *dir,
				struct ctm_data_view *view, u64 size)
{
	struct dentry *d = debugfs_create_file(name, 0600, dir, view,
					       &ctm_view_fops);

	if (!IS_ERR(d))
		i_size_write(d_inode(d), size);
	return d;
}

/*
 * The device's view of its DPA space: offset = DPA. A DPA has storage only
 * while a committed decoder maps it into the media, so the host and the
 * device see the same bytes; an unmapped DPA reads and writes -ENXIO.
 */
static ssize_t media_view_copy(void *obj, u64 dpa, void *buf, size_t len,
			       bool write)
{
	struct ctm_mem *mem = obj;
	u64 end = ctm_dpa_size(&mem->cfg);
	int rc;

	if (dpa >= end)
		return 0;
	len = min_t(u64, len, end - dpa);
	rc = ctm_media_copy(mem, dpa, buf, len, write);
	return rc ? rc : len;
}

/**
 * ctm_media_debugfs() - add the device's media view to its debugfs directory
 * @mem: the device
 * @dir: its directory
 */
void ctm_media_debugfs(struct ctm_mem *mem, struct dentry *dir)
{
	mem->media_view = (struct ctm_data_view){ media_view_copy, mem };
	ctm_debugfs_view("media", dir, &mem->media_view,
			 ctm_dpa_size(&mem->cfg));
}
