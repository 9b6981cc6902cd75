// SPDX-License-Identifier: GPL-2.0
/*
 * The device's CDAT (Coherent Device Attribute Table): one DSMAS entry per
 * partition, so that the host learns what Get DC Configuration cannot tell
 * it, whether a DC region is sharable. A real device serves the table over
 * DOE; the emulated one hands it to the core through its struct cxl_emu.
 */
#include <linux/acpi.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "cxlpci.h"
#include "device/device.h"

struct ctm_cdat_dsmas {
	struct acpi_cdat_header hdr;
	struct acpi_cdat_dsmas dsmas;
} __packed;

static void dsmas_fill(struct ctm_cdat_dsmas *e, u8 handle, u8 flags,
		       u64 base, u64 len)
{
	/* ACPI's CDAT structures are little endian in host-typed fields. */
	e->hdr.type = ACPI_CDAT_TYPE_DSMAS;
	e->hdr.length = (__force u16)cpu_to_le16(sizeof(*e));
	e->dsmas.dsmad_handle = handle;
	e->dsmas.flags = flags;
	e->dsmas.dpa_base_address = (__force u64)cpu_to_le64(base);
	e->dsmas.dpa_length = (__force u64)cpu_to_le64(len);
}

/**
 * ctm_cdat_build() - make a device's CDAT
 * @cfg: the device's configuration
 * @len: set to the table's length
 *
 * DC region i's DSMAS handle is i, as Get DC Configuration reports it (no
 * entry when the region's dsmas knob is off); the static RAM partition has
 * handle CTM_DSMAD_RAM.
 *
 * Return: the table (kfree() it), or NULL without memory.
 */
void *ctm_cdat_build(const struct ctm_mem_cfg *cfg, size_t *len)
{
	unsigned int nr = !!cfg->ram_size;
	struct ctm_cdat_dsmas *e;
	struct cdat_header *hdr;
	u8 *table, sum = 0;
	size_t size;

	for (unsigned int i = 0; i < ctm_dc_region_count(cfg); i++)
		nr += !cfg->dc[i].no_dsmas;
	size = sizeof(*hdr) + nr * sizeof(*e);
	table = kzalloc(size, GFP_KERNEL);
	if (!table)
		return NULL;
	hdr = (struct cdat_header *)table;
	hdr->length = cpu_to_le32(size);
	hdr->revision = 1;
	e = (struct ctm_cdat_dsmas *)(hdr + 1);
	if (cfg->ram_size)
		dsmas_fill(e++, CTM_DSMAD_RAM, 0, 0, cfg->ram_size);
	for (unsigned int i = 0; i < ctm_dc_region_count(cfg); i++) {
		const struct ctm_dc_region_cfg *r = &cfg->dc[i];
		u8 flags = 0;

		if (r->no_dsmas)
			continue;
		if (r->sharable)
			flags |= ACPI_CDAT_DSMAS_SHAREABLE;
		if (r->read_only)
			flags |= ACPI_CDAT_DSMAS_READ_ONLY;
		dsmas_fill(e++, i, flags, ctm_dc_region_base(cfg, i), r->size);
	}
	for (size_t i = 0; i < size; i++)
		sum += table[i];
	hdr->checksum = -sum;
	*len = size;
	return table;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_cdat_build);
