/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the cxl_tag_mock KUnit suites share: objects made the way the
 * module makes them, each released by a KUnit action when its test ends.
 */
#ifndef __CXL_TAG_MOCK_KUNIT_H__
#define __CXL_TAG_MOCK_KUNIT_H__

#include <kunit/test.h>

#include "dc/dc.h"

struct ctm_mem *ctm_kunit_mem(struct kunit *test);
struct ctm_pool *ctm_kunit_pool(struct kunit *test, u64 size);
struct ctm_backend *ctm_kunit_backend(struct kunit *test);
struct ctm_backend *ctm_kunit_backend_owned(struct kunit *test,
					    const struct ctm_backend_pin_ops *ops,
					    void *owner);

#endif /* __CXL_TAG_MOCK_KUNIT_H__ */
