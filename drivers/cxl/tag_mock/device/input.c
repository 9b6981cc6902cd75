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
 * ctm_parse_u64() - a whole written value as a u64
 * @buf: the bytes written, NUL-terminated after @count
 * @count: how many were written
 * @val: the number
 *
 * Return: 0; as ctm_parse_u32(), -ERANGE beyond a u64.
 */
int ctm_parse_u64(const char *buf, size_t count, u64 *val)
{
	int rc = ctm_input_check(buf, count);

	return rc ? rc : kstrtou64(buf, 0, val);
}

/**
 * ctm_parse_bool() - a whole written value as a flag
 * @buf: the bytes written, NUL-terminated after @count
 * @count: how many were written
 * @val: the flag, in any spelling kstrtobool() takes
 *
 * Return: 0; -EFBIG or -EINVAL as ctm_input_check(); -EINVAL for what is
 * no flag.
 */
int ctm_parse_bool(const char *buf, size_t count, bool *val)
{
	int rc = ctm_input_check(buf, count);

	return rc ? rc : kstrtobool(buf, val);
}

/**
 * ctm_input_dup() - a copy of a written value to take apart in words
 * @buf: the bytes written
 * @count: how many
 *
 * Return: the copy, NUL-terminated, for kfree(); an ERR_PTR: as
 * ctm_input_check(), or -ENOMEM.
 */
char *ctm_input_dup(const char *buf, size_t count)
{
	int rc = ctm_input_check(buf, count);
	char *str;

	if (rc)
		return ERR_PTR(rc);
	str = kstrndup(buf, count, GFP_KERNEL);
	return str ?: ERR_PTR(-ENOMEM);
}

/**
 * ctm_input_from_user() - a debugfs write's value, in kernel memory
 * @ubuf: the user's bytes
 * @count: how many
 *
 * debugfs hands a write over whole, at any length: the limit of
 * ctm_input_check() is applied before anything is copied, so that a
 * value is refused with the errno a sysfs or configfs knob gives it. The
 * copy is then checked by the parser, as a store's buffer is.
 *
 * Return: the copy, NUL-terminated, for kfree(); an ERR_PTR: -EFBIG when
 * @count reaches a page less one byte, -EFAULT, -ENOMEM.
 */
char *ctm_input_from_user(const char __user *ubuf, size_t count)
{
	if (count >= PAGE_SIZE - 1)
		return ERR_PTR(-EFBIG);
	return memdup_user_nul(ubuf, count);
}

/* ctm_parse_u32() of a debugfs write; -EFAULT. */
static int ctm_u32_from_user(const char __user *ubuf, size_t count, u32 *val)
{
	char *buf;
	int rc;

	buf = ctm_input_from_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	rc = ctm_parse_u32(buf, count, val);
	kfree(buf);
	return rc;
}

static ssize_t ctm_knob_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct ctm_u32_knob *knob = file->private_data;
	char buf[16];
	int len;

	len = scnprintf(buf, sizeof(buf), knob->hex ? "%#x\n" : "%u\n",
			READ_ONCE(knob->val));
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

/**
 * ctm_u32_write() - a debugfs write of one number, and what it does
 * @ubuf: the user's bytes
 * @count: how many
 * @apply: takes the number: sets a knob, or raises what the file is for
 * @data: @apply's
 *
 * Return: @count; as ctm_u32_from_user(); what @apply returns.
 */
ssize_t ctm_u32_write(const char __user *ubuf, size_t count,
		      int (*apply)(void *data, u32 val), void *data)
{
	u32 val;
	int rc;

	rc = ctm_u32_from_user(ubuf, count, &val);
	if (!rc)
		rc = apply(data, val);
	return rc ? rc : count;
}

static int ctm_knob_set(void *data, u32 val)
{
	struct ctm_u32_knob *knob = data;

	if (val < knob->min || val > knob->max)
		return -ERANGE;
	WRITE_ONCE(knob->val, val);
	return 0;
}

static ssize_t ctm_knob_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	return ctm_u32_write(ubuf, count, ctm_knob_set, file->private_data);
}

/*
 * debugfs_create_u32() would do, but for its parser: a value it cannot
 * hold must be refused, not truncated (see ctm_parse_u32()), and one out
 * of the knob's range too.
 */
CTM_DEBUGFS_FOPS(ctm_knob_fops, ctm_knob_read, ctm_knob_write);

/**
 * ctm_debugfs_knob() - a debugfs file for a test knob with a range
 * @name: the file's name
 * @dir: its directory
 * @knob: the knob; a value outside its range is refused with -ERANGE
 *
 * debugfs failures are not errors: the file is a test aid.
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
