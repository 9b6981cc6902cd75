// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registry of emulated CXL components. The core looks a device up here
 * where it would otherwise read PCI config space or map component
 * registers (port numbers, HDM decoders), so an emulation driver can build
 * a topology out of plain devices and still have every other step (port
 * enumeration, decoder commit, regions, DAX) run through the core's code.
 */
#include <linux/device.h>
#include <linux/xarray.h>
#include <cxl/emulation.h>

#include "cxl.h"
#include "core.h"

/* Keyed by the struct device pointer, which is unique while registered. */
static DEFINE_XARRAY(cxl_emu_devs);

/**
 * cxl_emu_register - make @dev an emulated CXL component
 * @dev: the device the core will meet as a port or dport device
 * @emu: what stands in for its hardware; must stay valid and unchanged
 *	 until cxl_emu_unregister(@dev) and until every CXL port that was
 *	 enumerated through @dev is gone
 *
 * Return: 0, -EINVAL for incomplete @emu or a port number above 255, -EBUSY
 * if @dev is registered.
 */
int cxl_emu_register(struct device *dev, const struct cxl_emu *emu)
{
	if (!dev || !emu)
		return -EINVAL;
	if (emu->hdm && (!emu->hdm->read || !emu->hdm->write))
		return -EINVAL;
	/* Decoder target lists hold 8-bit port numbers. */
	if (emu->port_id < 0 || emu->port_id > U8_MAX)
		return -EINVAL;
	return xa_insert(&cxl_emu_devs, (unsigned long)dev, (void *)emu,
			 GFP_KERNEL);
}
EXPORT_SYMBOL_NS_GPL(cxl_emu_register, "CXL");

/**
 * cxl_emu_unregister - undo cxl_emu_register()
 * @dev: the registered device
 */
void cxl_emu_unregister(struct device *dev)
{
	xa_erase(&cxl_emu_devs, (unsigned long)dev);
}
EXPORT_SYMBOL_NS_GPL(cxl_emu_unregister, "CXL");

const struct cxl_emu *cxl_emu_find(struct device *dev)
{
	return xa_load(&cxl_emu_devs, (unsigned long)dev);
}
