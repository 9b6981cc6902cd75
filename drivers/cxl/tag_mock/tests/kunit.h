/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the cxl_tag_mock KUnit suites share: objects made the way the
 * module makes them, each released by a KUnit action when its test ends.
 */
#ifndef __CXL_TAG_MOCK_KUNIT_H__
#define __CXL_TAG_MOCK_KUNIT_H__

#include <kunit/test.h>

#include "dc/dc.h"

struct cxl_mbox_clear_event_payload;

struct ctm_mem *ctm_kunit_mem(struct kunit *test);
struct ctm_pool *ctm_kunit_pool(struct kunit *test, u64 size);
struct ctm_backend *ctm_kunit_backend(struct kunit *test);
struct ctm_backend *ctm_kunit_backend_owned(struct kunit *test,
					    const struct ctm_backend_pin_ops *ops,
					    void *owner);
struct ctm_mem_cfg ctm_kunit_two_regions(void);
struct cxl_mbox_clear_event_payload *
ctm_kunit_clear_payload(struct kunit *test, u8 log, u8 flags,
			const u16 *handles, u8 nr, u8 room);

/**
 * CTM_KUNIT_SUITE() - declare and register the suite of one area
 * @area: the area; its cases are <area>_test_cases[] and the suite is
 *	  named cxl_tag_mock_<area>, the name the harness filters on
 * @...: further members of struct kunit_suite, such as .init and .exit
 *
 * All suites are named and registered one way, so that the name a test
 * filter matches cannot drift from the file the cases are in.
 */
#define CTM_KUNIT_SUITE(area, ...)					\
	static struct kunit_suite area##_test_suite = {			\
		.name = "cxl_tag_mock_" #area,				\
		.test_cases = area##_test_cases,			\
		__VA_ARGS__						\
	};								\
	kunit_test_suite(area##_test_suite)

#endif /* __CXL_TAG_MOCK_KUNIT_H__ */
