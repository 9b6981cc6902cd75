// SPDX-License-Identifier: GPL-2.0
/*
 * The objects the cxl_tag_mock KUnit suites test, made as the module
 * makes them, with a KUnit action to release each: actions run in reverse,
 * so a backend goes before the pool it was sized in.
 */
#include <linux/module.h>
#include <linux/sizes.h>

#include "cxlmem.h"
#include "kunit.h"

static void mem_cleanup(void *data)
{
	struct ctm_mem *mem = data;

	ctm_dc_destroy(mem);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_destroy(&mem->events[i]);
}

/**
 * ctm_kunit_mem() - a device as the mailbox and the DC engine see it
 * @test: the test
 *
 * No platform device and no core state: 256 MiB of static capacity, no
 * DC region (the test sets its own), the Dynamic Capacity commands, empty
 * event logs, idle fault knobs.
 *
 * Return: the device; the test fails when it cannot be made.
 */
struct ctm_mem *ctm_kunit_mem(struct kunit *test)
{
	struct ctm_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	mutex_init(&mem->mbox_lock);
	mutex_init(&mem->notify_lock);
	ctm_faults_init(&mem->faults);
	KUNIT_ASSERT_EQ(test, ctm_dc_init(mem), 0);
	ctm_mbox_extend(mem, ctm_dc_mbox_handlers);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_init(&mem->events[i]);
	mem->cfg.ram_size = SZ_256M;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mem_cleanup, mem),
			0);
	return mem;
}

static void pool_cleanup(void *data)
{
	guard(mutex)(&ctm_cfg_lock);
	ctm_pool_release(data);
}

/**
 * ctm_kunit_pool() - a pool of a size
 * @test: the test
 * @size: its size, which must be valid
 *
 * Return: the pool.
 */
struct ctm_pool *ctm_kunit_pool(struct kunit *test, u64 size)
{
	struct ctm_pool *pool = kunit_kzalloc(test, sizeof(*pool), GFP_KERNEL);
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	scoped_guard(mutex, &ctm_cfg_lock)
		rc = ctm_pool_set_size(pool, size);
	KUNIT_ASSERT_EQ(test, rc, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pool_cleanup,
							pool), 0);
	return pool;
}

static void backend_cleanup(void *data)
{
	scoped_guard(mutex, &ctm_cfg_lock)
		ctm_backend_release(data);
	ctm_backend_put(data);
}

/**
 * ctm_kunit_backend_owned() - a backend with no tag, no size and no pool,
 * pinned through @ops
 * @test: the test
 * @ops: how its owner pins it, or NULL for none
 * @owner: the owner's object, for @ops
 *
 * Return: the backend.
 */
struct ctm_backend *ctm_kunit_backend_owned(struct kunit *test,
					    const struct ctm_backend_pin_ops *ops,
					    void *owner)
{
	struct ctm_backend *be = ctm_backend_alloc(ops, owner);

	KUNIT_ASSERT_NOT_NULL(test, be);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, backend_cleanup,
							be), 0);
	return be;
}

/**
 * ctm_kunit_backend() - a backend with no tag, no size, no pool and no
 * owner to pin it
 * @test: the test
 *
 * Return: the backend.
 */
struct ctm_backend *ctm_kunit_backend(struct kunit *test)
{
	return ctm_kunit_backend_owned(test, NULL, NULL);
}

/**
 * ctm_kunit_two_regions() - a device configuration with two DC regions
 *
 * 256 MiB of static capacity, then DC regions of 128 MiB and 512 MiB in
 * 2 MiB blocks: regions of different sizes, so that a test sees which
 * one it got.
 *
 * Return: the configuration.
 */
struct ctm_mem_cfg ctm_kunit_two_regions(void)
{
	return (struct ctm_mem_cfg){
		.ram_size = SZ_256M,
		.dc = {
			{ .size = SZ_128M, .block_size = SZ_2M },
			{ .size = SZ_512M, .block_size = SZ_2M },
		},
	};
}

/**
 * ctm_kunit_clear_payload() - a Clear Event Records input
 * @test: the test
 * @log: the event log it names
 * @flags: its flags
 * @handles: the handles it names
 * @nr: how many
 * @room: handles the buffer has room for, @nr or more: exactly @nr lets
 *	  KASAN see a read past them, more lets a test claim a longer input
 *
 * Return: the input, freed when the test ends.
 */
struct cxl_mbox_clear_event_payload *
ctm_kunit_clear_payload(struct kunit *test, u8 log, u8 flags,
			const u16 *handles, u8 nr, u8 room)
{
	struct cxl_mbox_clear_event_payload *pl;

	pl = kunit_kzalloc(test, struct_size(pl, handles, room), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pl);
	pl->event_log = log;
	pl->clear_flags = flags;
	pl->nr_recs = nr;
	for (int i = 0; i < nr; i++)
		pl->handles[i] = cpu_to_le16(handles[i]);
	return pl;
}

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
MODULE_DESCRIPTION("KUnit tests for cxl_tag_mock, the emulated Dynamic Capacity Device");
MODULE_LICENSE("GPL");
