// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the device's CDAT: one DSMAS entry per partition, with
 * the flags configfs sets, and none for a DC region whose dsmas knob is
 * off, so that a host can be shown a device it must not use for DC.
 */
#include <kunit/test.h>
#include <linux/acpi.h>
#include <linux/sizes.h>

#include "cxlpci.h"
#include "kunit.h"

struct cdat_dsmas {
	struct acpi_cdat_header hdr;
	struct acpi_cdat_dsmas dsmas;
} __packed;

/* The table's DSMAS entries, after checking its header and checksum. */
static const struct cdat_dsmas *cdat_entries(struct kunit *test,
					     const u8 *table, size_t len,
					     unsigned int *nr)
{
	const struct cdat_header *hdr = (const void *)table;
	u8 sum = 0;

	KUNIT_ASSERT_GE(test, len, sizeof(*hdr));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(hdr->length), len);
	for (size_t i = 0; i < len; i++)
		sum += table[i];
	KUNIT_EXPECT_EQ(test, sum, 0);
	KUNIT_ASSERT_EQ(test, (len - sizeof(*hdr)) % sizeof(struct cdat_dsmas),
			0);
	*nr = (len - sizeof(*hdr)) / sizeof(struct cdat_dsmas);
	return (const void *)(hdr + 1);
}

KUNIT_DEFINE_ACTION_WRAPPER(kfree_action, kfree, const void *);

/*
 * The CDAT a device of @cfg shows, which must have @nr DSMAS entries:
 * the entries, freed when the test ends.
 */
static const struct cdat_dsmas *cdat_build(struct kunit *test,
					   const struct ctm_mem_cfg *cfg,
					   unsigned int nr)
{
	const struct cdat_dsmas *e;
	unsigned int found;
	size_t len;
	u8 *table;

	table = ctm_cdat_build(cfg, &len);
	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kfree_action,
							table), 0);
	e = cdat_entries(test, table, len, &found);
	KUNIT_ASSERT_EQ(test, found, nr);
	return e;
}

static void cdat_has_one_dsmas_per_partition(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();
	const struct cdat_dsmas *e;

	cfg.dc[0].sharable = true;
	cfg.dc[1].read_only = true;
	e = cdat_build(test, &cfg, 3);
	KUNIT_EXPECT_EQ(test, e[0].dsmas.dsmad_handle, CTM_DSMAD_RAM);
	KUNIT_EXPECT_EQ(test, e[0].dsmas.flags, 0);
	/* DC region i has handle i, as Get DC Configuration reports it. */
	for (unsigned int i = 0; i < 2; i++) {
		const struct acpi_cdat_dsmas *d = &e[i + 1].dsmas;

		KUNIT_EXPECT_EQ(test, e[i + 1].hdr.type, ACPI_CDAT_TYPE_DSMAS);
		KUNIT_EXPECT_EQ(test, d->dsmad_handle, i);
		KUNIT_EXPECT_EQ(test, le64_to_cpu((__force __le64)d->dpa_base_address),
				ctm_dc_region_base(&cfg, i));
		KUNIT_EXPECT_EQ(test, le64_to_cpu((__force __le64)d->dpa_length),
				cfg.dc[i].size);
	}
	KUNIT_EXPECT_EQ(test, e[1].dsmas.flags, ACPI_CDAT_DSMAS_SHAREABLE);
	KUNIT_EXPECT_EQ(test, e[2].dsmas.flags, ACPI_CDAT_DSMAS_READ_ONLY);
}

static void cdat_leaves_out_a_region_without_dsmas(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();
	const struct cdat_dsmas *e;

	cfg.dc[0].no_dsmas = true;
	e = cdat_build(test, &cfg, 2);
	KUNIT_EXPECT_EQ(test, e[0].dsmas.dsmad_handle, CTM_DSMAD_RAM);
	KUNIT_EXPECT_EQ(test, e[1].dsmas.dsmad_handle, 1);
}

static void cdat_of_a_dc_only_device(struct kunit *test)
{
	struct ctm_mem_cfg cfg = ctm_kunit_two_regions();
	const struct cdat_dsmas *e;

	cfg.ram_size = 0;
	cfg.dc[1].size = 0;
	e = cdat_build(test, &cfg, 1);
	KUNIT_EXPECT_EQ(test, e[0].dsmas.dsmad_handle, 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu((__force __le64)e[0].dsmas.dpa_base_address), 0);
}

static struct kunit_case cdat_test_cases[] = {
	KUNIT_CASE(cdat_has_one_dsmas_per_partition),
	KUNIT_CASE(cdat_leaves_out_a_region_without_dsmas),
	KUNIT_CASE(cdat_of_a_dc_only_device),
	{}
};

CTM_KUNIT_SUITE(cdat);
