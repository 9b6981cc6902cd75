// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated platform: what ACPI (CEDT) and PCI enumeration would tell
 * the cxl core on a real machine. The platform device cxl_tag_mock.0 is
 * the CXL root's host; below it the root publishes one CXL Fixed Memory
 * Window over the media and one host bridge (cxl_tag_mock_hb.0, with
 * emulated HDM decoders), whose root ports (cxl_tag_mock_rp.N) each lead
 * to one emulated memory device. Everything from the host bridge down is
 * enumerated by the core itself, as it would be for hardware.
 */
#include <linux/ioport.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "cxl.h"
#include "device/device.h"

#define CTM_HB_DECODERS 8
#define CTM_HB_TARGETS 8

/**
 * struct ctm_platform - the emulated platform
 * @pdev: cxl_tag_mock.0, host of the CXL root
 * @hb: the host bridge device
 * @hb_hdm: its HDM decoders, freed once @hb is unregistered
 * @rps: root port devices by number, created on first use, kept until the
 *	 platform goes (the host bridge port keeps a dport for each)
 * @window: the CXL window in iomem_resource
 *
 * The host bridge and root ports carry their emulation records themselves
 * (cxl/emulation.h): no driver binds to them, so a record lasts until its
 * device is deleted.
 */
struct ctm_platform {
	struct platform_device *pdev;
	struct platform_device *hb;
	struct ctm_hdm *hb_hdm;
	struct xarray rps;
	struct resource *window;
};

static struct ctm_platform ctm_plat;
static DEFINE_MUTEX(ctm_plat_lock);

static void ctm_remove_ports(void *data)
{
	struct ctm_platform *plat = data;
	struct platform_device *rp;
	unsigned long id;

	xa_for_each(&plat->rps, id, rp)
		platform_device_unregister(rp);
	xa_destroy(&plat->rps);
	/* The host bridge port is gone: nothing reads hb_hdm any more. */
	platform_device_unregister(plat->hb);
	kfree(plat->hb_hdm);
	plat->hb = NULL;
}

/*
 * Describe @pdev's hardware to the core and add it. The record goes in
 * before the device is added, so no driver may ever bind to it (the core
 * keeps a driverless device's record until the device is deleted). Drops
 * @pdev on failure.
 */
static int ctm_add_emulated(struct platform_device *pdev,
			    const struct cxl_emu *emu)
{
	int rc;

	rc = cxl_emu_register(&pdev->dev, emu);
	if (!rc)
		rc = platform_device_add(pdev);
	if (rc)
		platform_device_put(pdev);
	return rc;
}

static int ctm_add_host_bridge(struct ctm_platform *plat)
{
	struct platform_device *hb;
	struct cxl_emu emu;
	int rc;

	plat->hb_hdm = ctm_hdm_alloc(CTM_HB_DECODERS, CTM_HB_TARGETS, 0);
	if (IS_ERR(plat->hb_hdm)) {
		rc = PTR_ERR(plat->hb_hdm);
		plat->hb_hdm = NULL;
		return rc;
	}
	emu = (struct cxl_emu){
		.hdm = &ctm_hdm_ops,
		.hdm_data = plat->hb_hdm,
	};

	/*
	 * No parent: the core's port walk ends at a device whose parent is
	 * the platform bus, which is where a host bridge sits.
	 */
	hb = platform_device_alloc("cxl_tag_mock_hb", 0);
	if (!hb) {
		rc = -ENOMEM;
		goto err_hdm;
	}
	rc = ctm_add_emulated(hb, &emu);
	if (rc)
		goto err_hdm;
	plat->hb = hb;
	xa_init(&plat->rps);
	return 0;

err_hdm:
	kfree(plat->hb_hdm);
	plat->hb_hdm = NULL;
	return rc;
}

/**
 * ctm_root_port() - the root port device for memory device @id
 * @id: the device's instance number
 *
 * Return: the root port device, created on first use, or an ERR_PTR.
 */
struct device *ctm_root_port(int id)
{
	struct ctm_platform *plat = &ctm_plat;
	struct cxl_emu emu = { .port_id = id };
	struct platform_device *rp;
	int rc;

	guard(mutex)(&ctm_plat_lock);
	if (!plat->hb)
		return ERR_PTR(-ENODEV);
	if (id >= CTM_HB_TARGETS)
		return ERR_PTR(-ENOSPC);
	rp = xa_load(&plat->rps, id);
	if (rp)
		return &rp->dev;

	rp = platform_device_alloc("cxl_tag_mock_rp", id);
	if (!rp)
		return ERR_PTR(-ENOMEM);
	rp->dev.parent = &plat->hb->dev;
	rc = ctm_add_emulated(rp, &emu);
	if (rc)
		return ERR_PTR(rc);
	rc = xa_insert(&plat->rps, id, rp, GFP_KERNEL);
	if (rc) {
		platform_device_unregister(rp);
		return ERR_PTR(rc);
	}
	return &rp->dev;
}

static void ctm_remove_window(void *res)
{
	remove_resource(res);
	kfree(res);
}

/*
 * What cxl_acpi derives from a CFMWS entry: a root decoder over the window
 * that targets the host bridge, and the window in iomem_resource, which
 * region HPA allocation carves from.
 */
static int ctm_add_window(struct ctm_platform *plat, struct cxl_port *root,
			  u64 base, u64 size)
{
	struct device *host = &plat->pdev->dev;
	struct cxl_root_decoder *cxlrd;
	struct cxl_decoder *cxld;
	struct resource *res;
	int rc;

	res = kzalloc_obj(*res);
	if (!res)
		return -ENOMEM;
	*res = DEFINE_RES_MEM_NAMED(base, size, "CXL Window 0");
	res->desc = IORES_DESC_CXL;
	rc = insert_resource(&iomem_resource, res);
	if (rc) {
		kfree(res);
		return rc;
	}
	rc = devm_add_action_or_reset(host, ctm_remove_window, res);
	if (rc)
		return rc;
	plat->window = res;

	cxlrd = cxl_root_decoder_alloc(root, 1);
	if (IS_ERR(cxlrd))
		return PTR_ERR(cxlrd);
	cxld = &cxlrd->cxlsd.cxld;
	cxld->flags = CXL_DECODER_F_ENABLE | CXL_DECODER_F_RAM |
		      CXL_DECODER_F_TYPE3;
	cxld->target_type = CXL_DECODER_HOSTONLYMEM;
	cxld->hpa_range = (struct range){
		.start = base,
		.end = base + size - 1,
	};
	cxld->interleave_ways = 1;
	cxld->interleave_granularity = CXL_DECODER_MIN_GRANULARITY;
	cxld->target_map[0] = 0;
	cxlrd->res = res;
	cxlrd->qos_class = CXL_QOS_CLASS_INVALID;

	rc = cxl_decoder_add(cxld);
	if (rc) {
		put_device(&cxld->dev);
		return rc;
	}
	return cxl_root_decoder_autoremove(host, cxlrd);
}

static struct lock_class_key ctm_root_key;

static void ctm_reset_lock_class(void *dev)
{
	device_lock_reset_class(dev);
}

static int ctm_probe(struct platform_device *pdev)
{
	struct ctm_platform *plat = &ctm_plat;
	struct device *dev = &pdev->dev;
	struct cxl_dport *dport;
	struct cxl_root *root;
	struct cxl_port *port;
	int rc;

	/*
	 * The root host's lock nests outside the port locks, as cxl_acpi's
	 * does: give it its own class for lockdep.
	 */
	device_lock_set_class(dev, &ctm_root_key);
	rc = devm_add_action_or_reset(dev, ctm_reset_lock_class, dev);
	if (rc)
		return rc;

	plat->pdev = pdev;
	rc = ctm_add_host_bridge(plat);
	if (rc)
		return rc;
	/* Registered before the root: runs after every port is gone. */
	rc = devm_add_action_or_reset(dev, ctm_remove_ports, plat);
	if (rc)
		return rc;

	root = devm_cxl_add_root(dev);
	if (IS_ERR(root))
		return PTR_ERR(root);
	/* Dports first: root decoders resolve their targets on add. */
	dport = devm_cxl_add_dport(&root->port, &plat->hb->dev, 0,
				   CXL_RESOURCE_NONE);
	if (IS_ERR(dport))
		return PTR_ERR(dport);

	rc = ctm_media_map(dev);
	if (rc)
		return rc;
	if (ctm_media.size) {
		rc = ctm_add_window(plat, &root->port, ctm_media.base,
				    ctm_media.size);
		if (rc)
			return rc;
		dev_info(dev, "media %#llx bytes at %pa\n", ctm_media.size,
			 &ctm_media.base);
	} else {
		dev_info(dev, "no media range: capacity is not host-mappable\n");
	}

	port = devm_cxl_add_port(dev, &plat->hb->dev, CXL_RESOURCE_NONE, dport);
	if (IS_ERR(port))
		return PTR_ERR(port);

	return 0;
}

static struct platform_driver ctm_driver = {
	.probe = ctm_probe,
	.driver = {
		.name = CTM_NAME,
		/* One platform, made by this module: no manual rebinds. */
		.suppress_bind_attrs = true,
	},
};

int ctm_platform_init(void)
{
	struct platform_device *pdev;
	int rc;

	rc = platform_driver_register(&ctm_driver);
	if (rc)
		return rc;

	pdev = platform_device_register_simple(CTM_NAME, 0, NULL, 0);
	if (IS_ERR(pdev)) {
		platform_driver_unregister(&ctm_driver);
		return PTR_ERR(pdev);
	}
	if (!pdev->dev.driver) {
		platform_device_unregister(pdev);
		platform_driver_unregister(&ctm_driver);
		return -ENXIO;
	}
	return 0;
}

void ctm_platform_exit(void)
{
	scoped_guard(mutex, &ctm_plat_lock)
		ctm_plat.window = NULL;
	platform_device_unregister(ctm_plat.pdev);
	platform_driver_unregister(&ctm_driver);
}
