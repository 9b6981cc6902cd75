// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulated CXL components. A driver that builds a CXL topology out of
 * devices with no PCI or ACPI presence attaches to each one what stands in
 * for its hardware (port number, HDM decoder registers, CDAT). The core
 * looks it up where it would otherwise read config space or map component
 * registers, so every other step (port enumeration, decoder commit,
 * regions, DAX) runs through the core's own code.
 *
 * The record is a managed resource of the device it describes, not an
 * entry in a table keyed by a pointer, so it goes with the device: at
 * device_del() for a device without a driver, at unbind for a record a
 * driver made in probe (both run devres_release_all()). The core caches
 * the device, with a reference, never the record: each register access
 * looks the record up again inside an SRCU read section, and the record's
 * release waits for those sections. An access after the record is gone
 * finds no hardware, as after a surprise removal.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/srcu.h>
#include <kunit/visibility.h>
#include <cxl/emulation.h>

#include "cxl.h"
#include "core.h"

DEFINE_STATIC_SRCU(cxl_emu_srcu);

/*
 * Runs once the record has left @dev's resources, where no lookup finds
 * it any more, and before devres frees it: wait for the accesses that
 * found it. devres_release_all() runs from device_del() or unbind, both
 * of which may sleep.
 */
static void cxl_emu_release(struct device *dev, void *res)
{
	synchronize_srcu(&cxl_emu_srcu);
}

/**
 * __cxl_emu_register - cxl_emu_register() with the owner given
 * @dev: the device to describe
 * @emu: what stands in for its hardware
 * @owner: the module whose code @emu's operations are
 *
 * Return: as cxl_emu_register().
 */
int __cxl_emu_register(struct device *dev, const struct cxl_emu *emu,
		       struct module *owner)
{
	struct cxl_emu *rec;

	if (!dev || !emu)
		return -EINVAL;
	if (emu->hdm && (!emu->hdm->read || !emu->hdm->write))
		return -EINVAL;
	/* Decoder target lists hold 8-bit port numbers. */
	if (emu->port_id < 0 || emu->port_id > U8_MAX)
		return -EINVAL;

	rec = devres_alloc(cxl_emu_release, sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	*rec = *emu;
	rec->owner = owner;
	/* Adds @rec unless @dev has a record, else frees it: the first stays. */
	if (devres_get(dev, rec, NULL, NULL) != rec)
		return -EBUSY;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(__cxl_emu_register, "CXL");

/**
 * cxl_emu_find - the emulation record of @dev
 * @dev: the device
 *
 * The record stays valid inside an SRCU read section of cxl_emu_srcu,
 * which every caller in the core holds (KUnit cases keep @dev instead).
 *
 * Return: the record, NULL when @dev has none.
 */
const struct cxl_emu *cxl_emu_find(struct device *dev)
{
	return devres_find(dev, cxl_emu_release, NULL, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(cxl_emu_find);

/**
 * cxl_emu_port_id - the port number of an emulated dport device
 * @dev: the dport device
 *
 * Return: the port number, -ENODEV when @dev is not emulated.
 */
int cxl_emu_port_id(struct device *dev)
{
	const struct cxl_emu *emu;
	int id = -ENODEV;
	int idx;

	idx = srcu_read_lock(&cxl_emu_srcu);
	emu = cxl_emu_find(dev);
	if (emu)
		id = emu->port_id;
	srcu_read_unlock(&cxl_emu_srcu, idx);
	return id;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_emu_port_id);

/**
 * cxl_emu_has_hdm - does @dev have emulated HDM decoder registers
 * @dev: the device that would carry a port's HDM Decoder Capability
 *
 * Return: true when @dev's record provides HDM operations.
 */
bool cxl_emu_has_hdm(struct device *dev)
{
	const struct cxl_emu *emu;
	bool hdm;
	int idx;

	idx = srcu_read_lock(&cxl_emu_srcu);
	emu = cxl_emu_find(dev);
	hdm = emu && emu->hdm;
	srcu_read_unlock(&cxl_emu_srcu, idx);
	return hdm;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_emu_has_hdm);

/**
 * devm_cxl_emu_cdat - copy the CDAT of an emulated memdev's host
 * @host: the device the copy is for (the endpoint port)
 * @dev: the memdev's host, whose record may carry a CDAT
 * @len: set to the copy's length
 *
 * The copy is made inside the SRCU section: what happens to the record
 * afterwards does not concern it.
 *
 * Return: the copy, freed when @host unbinds; NULL when @dev has no record
 * or its record no CDAT; ERR_PTR(-ENOMEM).
 */
void *devm_cxl_emu_cdat(struct device *host, struct device *dev, size_t *len)
{
	const struct cxl_emu *emu;
	void *table = NULL;
	int idx;

	idx = srcu_read_lock(&cxl_emu_srcu);
	emu = cxl_emu_find(dev);
	if (emu && emu->cdat_len) {
		table = devm_kmemdup(host, emu->cdat, emu->cdat_len,
				     GFP_KERNEL);
		*len = emu->cdat_len;
		if (!table)
			table = ERR_PTR(-ENOMEM);
	}
	srcu_read_unlock(&cxl_emu_srcu, idx);
	return table;
}
EXPORT_SYMBOL_IF_KUNIT(devm_cxl_emu_cdat);

static void cxl_emu_put_device(void *dev)
{
	put_device(dev);
}

/**
 * devm_cxl_emu_hdm - hold the device carrying a port's emulated decoders
 * @host: the port device, bound to its driver
 * @dev: the device that would carry the port's HDM decoder registers
 *
 * The reference keeps @dev's struct device, which the port's register
 * accesses look the record up on, until @host unbinds; it does not keep
 * the record, which goes with @dev's registration as always.
 *
 * Return: @dev, held; NULL when @dev has no emulated HDM registers (the
 * port takes the hardware path); ERR_PTR(-ENOMEM).
 */
struct device *devm_cxl_emu_hdm(struct device *host, struct device *dev)
{
	int rc;

	if (!cxl_emu_has_hdm(dev))
		return NULL;
	get_device(dev);
	rc = devm_add_action_or_reset(host, cxl_emu_put_device, dev);
	if (rc)
		return ERR_PTR(rc);
	return dev;
}
EXPORT_SYMBOL_IF_KUNIT(devm_cxl_emu_hdm);

/*
 * The emulation's code runs only with its module pinned, and the record
 * only inside the SRCU section. The pin fails once the module's exit has
 * begun, and the lookup once the device is gone; either way a register
 * access finds no hardware, as after a surprise removal: reads return
 * all ones and writes are lost. The core already copes with that from
 * MMIO, and nothing reaches code that is being unloaded or data that the
 * emulation freed after deleting its device.
 */

/**
 * cxl_emu_hdm_read - read an emulated HDM decoder register
 * @dev: the device from devm_cxl_emu_hdm()
 * @offset: offset in the HDM Decoder Capability Structure
 *
 * Return: the register, all ones when the emulation is gone or going.
 */
u32 cxl_emu_hdm_read(struct device *dev, unsigned int offset)
{
	const struct cxl_emu *emu;
	u32 val = U32_MAX;
	int idx;

	idx = srcu_read_lock(&cxl_emu_srcu);
	emu = cxl_emu_find(dev);
	if (emu && emu->hdm && try_module_get(emu->owner)) {
		val = emu->hdm->read(emu->hdm_data, offset);
		module_put(emu->owner);
	}
	srcu_read_unlock(&cxl_emu_srcu, idx);
	return val;
}
EXPORT_SYMBOL_IF_KUNIT(cxl_emu_hdm_read);

/**
 * cxl_emu_hdm_write - write an emulated HDM decoder register
 * @dev: the device from devm_cxl_emu_hdm()
 * @offset: offset in the HDM Decoder Capability Structure
 * @val: the value, dropped when the emulation is gone or going
 */
void cxl_emu_hdm_write(struct device *dev, unsigned int offset, u32 val)
{
	const struct cxl_emu *emu;
	int idx;

	idx = srcu_read_lock(&cxl_emu_srcu);
	emu = cxl_emu_find(dev);
	if (emu && emu->hdm && try_module_get(emu->owner)) {
		emu->hdm->write(emu->hdm_data, offset, val);
		module_put(emu->owner);
	}
	srcu_read_unlock(&cxl_emu_srcu, idx);
}
EXPORT_SYMBOL_IF_KUNIT(cxl_emu_hdm_write);
