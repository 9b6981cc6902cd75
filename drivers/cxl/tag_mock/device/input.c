// SPDX-License-Identifier: GPL-2.0
/*
 * What every write to a knob of the mock goes through before its value
 * is parsed: a value is taken whole or refused, never in part. And the
 * fields more than one knob shares, parsed one way for all.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uuid.h>
#include <kunit/visibility.h>

#include "device/device.h"

/**
 * ctm_input_check() - may a written value be parsed at all
 * @buf: the bytes written
 * @count: how many
 *
 * configfs hands a store at most a page less one byte and answers the
 * writer with a short count, which a shell retries as a new value; sysfs
 * cuts at a page. A value that long may have been cut, so it is refused
 * whole rather than applied in part or replaced by its tail. The parsers
 * stop at a NUL, so a value with one inside would be taken as what comes
 * before it, the rest silently dropped.
 *
 * Return: 0; -EFBIG when @count reaches a page less one byte; -EINVAL
 * when the value holds a NUL.
 */
int ctm_input_check(const char *buf, size_t count)
{
	if (count >= PAGE_SIZE - 1)
		return -EFBIG;
	if (memchr(buf, '\0', count))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_input_check);

/**
 * ctm_parse_u32() - a whole written value as a u32
 * @buf: the bytes written, NUL-terminated after @count
 * @count: how many were written
 * @val: the number
 *
 * Unlike the kernel's simple attributes and kstrtou32_from_user(), which
 * parse a copy cut at a few dozen bytes and store a u32 from a u64, every
 * byte counts: any base kstrtou32() takes, one trailing newline.
 *
 * Return: 0; -EFBIG or -EINVAL as ctm_input_check(); -EINVAL for what is
 * no number; -ERANGE beyond a u32.
 */
int ctm_parse_u32(const char *buf, size_t count, u32 *val)
{
	int rc = ctm_input_check(buf, count);

	return rc ? rc : kstrtou32(buf, 0, val);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_parse_u32);

/**
 * ctm_u32_from_user() - ctm_parse_u32() of a debugfs write
 * @ubuf: the user's bytes
 * @count: how many
 * @val: the number
 *
 * Return: as ctm_parse_u32(); -EFAULT.
 */
int ctm_u32_from_user(const char __user *ubuf, size_t count, u32 *val)
{
	char *buf;
	int rc;

	if (count >= PAGE_SIZE - 1)
		return -EFBIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	rc = ctm_parse_u32(buf, count, val);
	kfree(buf);
	return rc;
}

static ssize_t ctm_u32_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos, const u32 *p, bool hex)
{
	char buf[16];
	int len;

	len = scnprintf(buf, sizeof(buf), hex ? "%#x\n" : "%u\n", READ_ONCE(*p));
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t ctm_plain_u32_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	return ctm_u32_read(file, ubuf, count, ppos, file->private_data,
			    false);
}

static ssize_t ctm_u32_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	u32 *p = file->private_data;
	u32 val;
	int rc;

	rc = ctm_u32_from_user(ubuf, count, &val);
	if (rc)
		return rc;
	WRITE_ONCE(*p, val);
	return count;
}

/*
 * debugfs_create_u32() would do, but for its parser: a value it cannot
 * hold must be refused, not truncated (see ctm_parse_u32()).
 */
static const struct file_operations ctm_u32_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ctm_plain_u32_read,
	.write = ctm_u32_write,
	.llseek = default_llseek,
};

/**
 * ctm_debugfs_u32() - a debugfs file for a u32 test knob
 * @name: the file's name
 * @dir: its directory
 * @val: the knob
 *
 * debugfs failures are not errors: the file is a test aid.
 */
void ctm_debugfs_u32(const char *name, struct dentry *dir, u32 *val)
{
	debugfs_create_file(name, 0600, dir, val, &ctm_u32_fops);
}

static ssize_t ctm_knob_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct ctm_u32_knob *knob = file->private_data;

	return ctm_u32_read(file, ubuf, count, ppos, &knob->val, knob->hex);
}

static ssize_t ctm_knob_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct ctm_u32_knob *knob = file->private_data;
	u32 val;
	int rc;

	rc = ctm_u32_from_user(ubuf, count, &val);
	if (rc)
		return rc;
	if (val < knob->min || val > knob->max)
		return -ERANGE;
	WRITE_ONCE(knob->val, val);
	return count;
}

static const struct file_operations ctm_knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = ctm_knob_read,
	.write = ctm_knob_write,
	.llseek = default_llseek,
};

/**
 * ctm_debugfs_knob() - a debugfs file for a test knob with a range
 * @name: the file's name
 * @dir: its directory
 * @knob: the knob; a value outside its range is refused with -ERANGE
 */
void ctm_debugfs_knob(const char *name, struct dentry *dir,
		      struct ctm_u32_knob *knob)
{
	debugfs_create_file(name, 0600, dir, knob, &ctm_knob_fops);
}

/**
 * ctm_parse_tag() - the tag field of a capacity request
 * @s: the field: a UUID, or "0" or nothing at all for untagged capacity
 * @tag: the tag; the null UUID for untagged capacity
 *
 * One rule for every knob that names capacity by tag (configfs dc_add,
 * dc_release and dc_preload, the platform device's injection knobs): an
 * empty field is untagged, as "0" is, which is what the formats of
 * existing DCD test scripts mean when they leave the tag out. A field
 * that is missing altogether (a request cut short) is the caller's to
 * refuse. A backend's own tag attribute is not a request: the null UUID
 * is refused there.
 *
 * Return: 0; -EINVAL for a field that is no UUID.
 */
int ctm_parse_tag(const char *s, uuid_t *tag)
{
	if (!*s || !strcmp(s, "0")) {
		*tag = uuid_null;
		return 0;
	}
	return uuid_parse(s, tag);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_parse_tag);
