// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for emulated CXL components: how a record lives with the
 * device it describes, and that the core calls into it only while the
 * record exists and with its owner pinned.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <cxl/emulation.h>

#include "cxl.h"
#include "core.h"

#define TEST_REG_VAL 0x5a5a0001

struct fake_regs {
	int refs_in_read;
	int refs_in_write;
	u32 written;
};

/* Built in, the test has no module, and neither has the owner it passes. */
static int owner_refs(void)
{
	if (!IS_MODULE(CONFIG_CXL_EMULATION_KUNIT_TEST))
		return 0;
	return module_refcount(THIS_MODULE);
}

static u32 fake_read(void *data, unsigned int offset)
{
	struct fake_regs *regs = data;

	regs->refs_in_read = owner_refs();
	return TEST_REG_VAL;
}

static void fake_write(void *data, unsigned int offset, u32 val)
{
	struct fake_regs *regs = data;

	regs->refs_in_write = owner_refs();
	regs->written = val;
}

static const struct cxl_hdm_emu_ops fake_ops = {
	.read = fake_read,
	.write = fake_write,
};

static const struct cxl_hdm_emu_ops half_ops = {
	.read = fake_read,
};

KUNIT_DEFINE_ACTION_WRAPPER(unregister_root, root_device_unregister,
			    struct device *);

/*
 * A device no driver binds to, so its record lasts until its release.
 * Not on the kunit bus: that bus matches every device to every driver.
 */
static struct device *driverless_device(struct kunit *test, const char *name)
{
	struct device *dev;

	dev = root_device_register(name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_root,
							dev), 0);
	return dev;
}

static void cxl_emu_second_register_is_busy(struct kunit *test)
{
	struct device *dev = driverless_device(test, "cxl_emu_test_busy");
	struct cxl_emu emu = { .port_id = 3 };
	const struct cxl_emu *found;

	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	emu.port_id = 4;
	KUNIT_EXPECT_EQ(test, cxl_emu_register(dev, &emu), -EBUSY);

	found = cxl_emu_find(dev);
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_EQ(test, found->port_id, 3);
}

static void cxl_emu_bad_record_is_refused(struct kunit *test)
{
	struct device *dev = driverless_device(test, "cxl_emu_test_bad");
	struct cxl_emu emu = {};

	KUNIT_EXPECT_EQ(test, cxl_emu_register(NULL, &emu), -EINVAL);
	KUNIT_EXPECT_EQ(test, cxl_emu_register(dev, NULL), -EINVAL);
	emu.port_id = U8_MAX + 1;
	KUNIT_EXPECT_EQ(test, cxl_emu_register(dev, &emu), -EINVAL);
	emu.port_id = -1;
	KUNIT_EXPECT_EQ(test, cxl_emu_register(dev, &emu), -EINVAL);
	emu = (struct cxl_emu){ .hdm = &half_ops };
	KUNIT_EXPECT_EQ(test, cxl_emu_register(dev, &emu), -EINVAL);
	KUNIT_EXPECT_NULL(test, cxl_emu_find(dev));
	KUNIT_EXPECT_EQ(test, cxl_emu_port_id(dev), -ENODEV);
}

static void cxl_emu_record_is_a_copy_owned_by_caller(struct kunit *test)
{
	struct device *dev = driverless_device(test, "cxl_emu_test_copy");
	/* Not NULL, which THIS_MODULE is when built in: it must be replaced. */
	struct cxl_emu emu = { .port_id = 7, .owner = ERR_PTR(-EINVAL) };
	const struct cxl_emu *found;

	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	emu.port_id = 8;

	found = cxl_emu_find(dev);
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_PTR_NE(test, found, (const struct cxl_emu *)&emu);
	KUNIT_EXPECT_EQ(test, found->port_id, 7);
	KUNIT_EXPECT_EQ(test, cxl_emu_port_id(dev), 7);
	KUNIT_EXPECT_PTR_EQ(test, found->owner, THIS_MODULE);
}

/*
 * Deleting the device takes its record: a port that still holds the
 * device reads all ones and its writes are lost, as after a surprise
 * removal, and the emulation is not called any more.
 */
static void cxl_emu_access_after_delete_finds_no_hardware(struct kunit *test)
{
	struct device *port = kunit_device_register(test, "port");
	struct device *dev = driverless_device(test, "cxl_emu_test_gone");
	struct fake_regs regs = {};
	struct cxl_emu emu = { .hdm = &fake_ops, .hdm_data = &regs };
	struct device *held;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	held = devm_cxl_emu_hdm(port, dev);
	KUNIT_ASSERT_PTR_EQ(test, held, dev);
	KUNIT_EXPECT_EQ(test, cxl_emu_hdm_read(held, 0), TEST_REG_VAL);

	kunit_release_action(test, unregister_root, dev);
	KUNIT_EXPECT_NULL(test, cxl_emu_find(held));
	KUNIT_EXPECT_EQ(test, cxl_emu_hdm_read(held, 0), U32_MAX);
	cxl_emu_hdm_write(held, 0, 42);
	KUNIT_EXPECT_EQ(test, regs.written, 0);
	/* The port's unbind puts the last reference. */
	kunit_device_unregister(test, port);
}

/* Without HDM operations the port takes the hardware path: no hold. */
static void cxl_emu_no_hdm_is_not_held(struct kunit *test)
{
	struct device *port = kunit_device_register(test, "port");
	struct device *dev = driverless_device(test, "cxl_emu_test_nohdm");
	struct cxl_emu emu = { .port_id = 1 };
	unsigned int refs;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	refs = kref_read(&dev->kobj.kref);
	KUNIT_EXPECT_NULL(test, devm_cxl_emu_hdm(port, dev));
	KUNIT_EXPECT_EQ(test, kref_read(&dev->kobj.kref), refs);
}

/* A record made while a driver is bound goes with the binding. */
static void cxl_emu_bound_record_goes_at_unbind(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "bound");
	struct cxl_emu emu = {};

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	/* The kunit bus binds its devices: the record is made while bound. */
	KUNIT_ASSERT_NOT_NULL(test, dev->driver);
	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	KUNIT_EXPECT_NOT_NULL(test, cxl_emu_find(dev));

	/* Unbound and still registered: the record went with the binding. */
	device_release_driver(dev);
	KUNIT_EXPECT_NULL(test, dev->driver);
	KUNIT_EXPECT_NULL(test, cxl_emu_find(dev));
}

static void cxl_emu_call_pins_owner(struct kunit *test)
{
	struct device *port = kunit_device_register(test, "port");
	struct device *dev = driverless_device(test, "cxl_emu_test_pin");
	struct fake_regs regs = {};
	struct cxl_emu emu = { .hdm = &fake_ops, .hdm_data = &regs };
	struct device *held;
	int refs;

	if (!IS_MODULE(CONFIG_CXL_EMULATION_KUNIT_TEST))
		kunit_skip(test, "built in: no module to pin");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	held = devm_cxl_emu_hdm(port, dev);
	KUNIT_ASSERT_PTR_EQ(test, held, dev);

	refs = owner_refs();
	KUNIT_EXPECT_EQ(test, cxl_emu_hdm_read(held, 0), TEST_REG_VAL);
	KUNIT_EXPECT_EQ(test, regs.refs_in_read, refs + 1);
	cxl_emu_hdm_write(held, 0, 42);
	KUNIT_EXPECT_EQ(test, regs.written, 42);
	KUNIT_EXPECT_EQ(test, regs.refs_in_write, refs + 1);
	KUNIT_EXPECT_EQ(test, owner_refs(), refs);
}

/* The endpoint's copy of the CDAT is its own: the record may go. */
static void cxl_emu_cdat_copy_outlives_record(struct kunit *test)
{
	static const u8 cdat[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct device *port = kunit_device_register(test, "port");
	struct device *dev = driverless_device(test, "cxl_emu_test_cdat");
	struct device *bare = driverless_device(test, "cxl_emu_test_nocdat");
	struct cxl_emu emu = { .cdat = cdat, .cdat_len = sizeof(cdat) };
	struct cxl_emu none = {};
	size_t len = 0;
	u8 *copy;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	KUNIT_EXPECT_NULL(test, devm_cxl_emu_cdat(port, bare, &len));
	KUNIT_ASSERT_EQ(test, cxl_emu_register(bare, &none), 0);
	KUNIT_EXPECT_NULL(test, devm_cxl_emu_cdat(port, bare, &len));

	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	copy = devm_cxl_emu_cdat(port, dev, &len);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	KUNIT_EXPECT_EQ(test, len, sizeof(cdat));
	KUNIT_EXPECT_PTR_NE(test, (const u8 *)copy, &cdat[0]);
	KUNIT_EXPECT_MEMEQ(test, copy, cdat, sizeof(cdat));
	kunit_release_action(test, unregister_root, dev);
	KUNIT_EXPECT_MEMEQ(test, copy, cdat, sizeof(cdat));
}

/* Registers whose read blocks until the test lets it end. */
struct blocking_regs {
	struct completion entered;
	struct completion go;
	bool done;
};

static u32 blocking_read(void *data, unsigned int offset)
{
	struct blocking_regs *regs = data;

	complete(&regs->entered);
	wait_for_completion(&regs->go);
	WRITE_ONCE(regs->done, true);
	return TEST_REG_VAL;
}

static void blocking_write(void *data, unsigned int offset, u32 val)
{
}

static const struct cxl_hdm_emu_ops blocking_ops = {
	.read = blocking_read,
	.write = blocking_write,
};

/* What a thread of the test did: a register read, or the deletion. */
struct emu_thread {
	struct device *dev;
	struct blocking_regs *regs;
	u32 val;
	bool read_done;
	struct completion finished;
};

static int read_fn(void *data)
{
	struct emu_thread *t = data;

	t->val = cxl_emu_hdm_read(t->dev, 0);
	complete(&t->finished);
	return 0;
}

static int delete_fn(void *data)
{
	struct emu_thread *t = data;

	root_device_unregister(t->dev);
	/* Did the read end before the deletion did? */
	t->read_done = READ_ONCE(t->regs->done);
	complete(&t->finished);
	return 0;
}

/*
 * Deleting the device waits for a register access that found its record:
 * the access ends with the record and the emulation's data alive, and
 * the deletion returns only after it.
 */
static void cxl_emu_delete_waits_for_access(struct kunit *test)
{
	struct device *port = kunit_device_register(test, "port");
	struct device *dev = driverless_device(test, "cxl_emu_test_wait");
	struct blocking_regs regs = {};
	struct cxl_emu emu = { .hdm = &blocking_ops, .hdm_data = &regs };
	struct emu_thread rd = { .regs = &regs }, del = { .regs = &regs };
	struct task_struct *task;
	unsigned long early;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	init_completion(&regs.entered);
	init_completion(&regs.go);
	init_completion(&rd.finished);
	init_completion(&del.finished);
	KUNIT_ASSERT_EQ(test, cxl_emu_register(dev, &emu), 0);
	rd.dev = devm_cxl_emu_hdm(port, dev);
	KUNIT_ASSERT_PTR_EQ(test, rd.dev, dev);

	task = kthread_run(read_fn, &rd, "cxl_emu_read");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&regs.entered);
	/* The deletion is the other thread's now. */
	kunit_remove_action(test, unregister_root, dev);
	del.dev = dev;
	task = kthread_run(delete_fn, &del, "cxl_emu_delete");
	if (IS_ERR(task)) {
		complete(&regs.go);
		wait_for_completion(&rd.finished);
		root_device_unregister(dev);
		KUNIT_FAIL(test, "no thread for the deletion");
		return;
	}
	/* A deletion that did not wait would return while the read blocks. */
	early = wait_for_completion_timeout(&del.finished,
					    msecs_to_jiffies(100));
	complete(&regs.go);
	wait_for_completion(&rd.finished);
	wait_for_completion(&del.finished);

	KUNIT_EXPECT_EQ(test, early, 0);
	KUNIT_EXPECT_TRUE(test, del.read_done);
	KUNIT_EXPECT_EQ(test, rd.val, TEST_REG_VAL);
	KUNIT_EXPECT_NULL(test, cxl_emu_find(dev));
	KUNIT_EXPECT_EQ(test, cxl_emu_hdm_read(dev, 0), U32_MAX);
	kunit_device_unregister(test, port);
}

static struct kunit_case cxl_emu_test_cases[] = {
	KUNIT_CASE(cxl_emu_second_register_is_busy),
	KUNIT_CASE(cxl_emu_bad_record_is_refused),
	KUNIT_CASE(cxl_emu_record_is_a_copy_owned_by_caller),
	KUNIT_CASE(cxl_emu_access_after_delete_finds_no_hardware),
	KUNIT_CASE(cxl_emu_no_hdm_is_not_held),
	KUNIT_CASE(cxl_emu_bound_record_goes_at_unbind),
	KUNIT_CASE(cxl_emu_call_pins_owner),
	KUNIT_CASE(cxl_emu_cdat_copy_outlives_record),
	KUNIT_CASE(cxl_emu_delete_waits_for_access),
	{}
};

static struct kunit_suite cxl_emu_test_suite = {
	.name = "cxl_emulation",
	.test_cases = cxl_emu_test_cases,
};

kunit_test_suite(cxl_emu_test_suite);

MODULE_DESCRIPTION("KUnit tests for emulated CXL components");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("CXL");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
