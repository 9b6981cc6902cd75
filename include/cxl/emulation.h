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
 */
struct cxl_emu {
	const struct cxl_hdm_emu_ops *hdm;
	void *hdm_data;
	int port_id;
	const void *cdat;
	size_t cdat_len;
};

#ifdef CONFIG_CXL_EMULATION
int cxl_emu_register(struct device *dev, const struct cxl_emu *emu);
void cxl_emu_unregister(struct device *dev);
#else
static inline int cxl_emu_register(struct device *dev,
				   const struct cxl_emu *emu)
{
	return -EOPNOTSUPP;
}

static inline void cxl_emu_unregister(struct device *dev)
{
}
#endif

#endif /* __CXL_EMULATION_H__ */
