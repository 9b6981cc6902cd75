/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Emulated CXL components: what a test or emulation driver provides so
 * that the CXL core can enumerate devices that have no PCI or ACPI
 * presence, through the same code paths it uses for hardware.
 */
#ifndef __CXL_EMULATION_H__
#define __CXL_EMULATION_H__

#include <linux/types.h>

struct device;
struct module;

/**
 * struct cxl_hdm_emu_ops - an emulated HDM Decoder Capability Structure
 * @read: return the 32-bit register at @offset (CXL r3.1 8.2.4.20), offsets
 *	  relative to the start of the capability structure
 * @write: store @val to the register at @offset; a write of the Decoder
 *	   Control register with Commit set must leave Committed or Error
 *	   Not Committed set by the time it returns
 *
 * The core accesses these registers exactly as it accesses MMIO ones, so
 * the emulation owns the hardware's rules (commit order, size and target
 * checks) and the core keeps its own bookkeeping.
 */
struct cxl_hdm_emu_ops {
	u32 (*read)(void *data, unsigned int offset);
	void (*write)(void *data, unsigned int offset, u32 val);
};

/**
 * struct cxl_emu - an emulated stand-in for a device's CXL hardware
 * @hdm: HDM decoder registers of the port this device is the upstream
 *	 side of (a host bridge or switch device), or of the endpoint this
 *	 device hosts (the memdev's parent); NULL when it has none
 * @hdm_data: passed to @hdm's callbacks
 * @port_id: when the device is a downstream port (e.g. a root port), its
 *	     port number, which decoder target lists refer to
 * @cdat: when the device hosts a memdev, its CDAT (header and structures,
 *	  checksummed), which the endpoint reads instead of asking DOE
 * @cdat_len: bytes at @cdat; 0 when there is no CDAT
 * @owner: the module whose code @hdm is; cxl_emu_register() sets it to
 *	   its caller, whatever the caller's copy holds
 */
struct cxl_emu {
	const struct cxl_hdm_emu_ops *hdm;
	void *hdm_data;
	int port_id;
	const void *cdat;
	size_t cdat_len;
	struct module *owner;
};

#ifdef CONFIG_CXL_EMULATION
int __cxl_emu_register(struct device *dev, const struct cxl_emu *emu,
		       struct module *owner);
#else
static inline int __cxl_emu_register(struct device *dev,
				     const struct cxl_emu *emu,
				     struct module *owner)
{
	return -EOPNOTSUPP;
}
#endif

/**
 * cxl_emu_register - make @dev an emulated CXL component
 * @dev: the device the core will meet as a port, dport or memdev host
 * @emu: what stands in for its hardware; copied, with the calling module
 *	 as its owner
 *
 * The copy is a device-managed resource of @dev and goes with it: for a
 * device no driver binds to, registered before device_add(), when @dev is
 * deleted; for a device a driver binds to, registered from that driver's
 * probe (a driver refuses to probe a device that already has managed
 * resources), when the driver unbinds. There is no unregistration.
 *
 * The core keeps a reference on @dev, never on the record: it looks the
 * record up for every register access and calls @emu's operations with
 * their owner pinned, and the record's release waits for the calls in
 * flight. Once @dev is deleted or unbound, or once the owner's module
 * exit has begun, the registers read as those of a surprise-removed
 * device (so the decoder resets of the owner's own teardown reach it no
 * more). The owner keeps hdm_data and cdat valid until then. The
 * operations run inside the read section their release waits for: they
 * must not wait for @dev's removal or unbind, nor register a record.
 * The endpoint copies @cdat in its probe, inside such a section too.
 *
 * Return: 0, -EINVAL for incomplete @emu or a port number above 255, -EBUSY
 * if @dev is registered, -ENOMEM, -EOPNOTSUPP without
 * CONFIG_CXL_EMULATION.
 */
#define cxl_emu_register(dev, emu) __cxl_emu_register(dev, emu, THIS_MODULE)

#endif /* __CXL_EMULATION_H__ */
