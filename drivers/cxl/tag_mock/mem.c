// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated memory devices. Each is a platform device (cxl_tag_mock_mem.N)
 * below its root port, standing where a PCI endpoint would; its driver
 * does what cxl_pci does for hardware, through the same core calls, with
 * the mailbox and HDM decoders emulated.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <cxl/mailbox.h>

#include "cxl.h"
#include "cxlmem.h"
#include "tag_mock.h"

#define CTM_MEM_DECODERS 8
#define CTM_PAYLOAD_SIZE SZ_4K

static DEFINE_IDA(ctm_mem_ida);

static int ctm_mbox_send(struct cxl_mailbox *cxl_mbox, struct cxl_mbox_cmd *cmd)
{
	struct ctm_mem *mem = dev_get_drvdata(cxl_mbox->host);

	/* One doorbell: the device runs one command at a time. */
	guard(mutex)(&mem->mbox_lock);
	cmd->return_code = ctm_mbox_handle(mem, cmd);
	if (cmd->return_code != CXL_MBOX_CMD_RC_SUCCESS)
		cmd->size_out = 0;
	return 0;
}

static int ctm_mem_probe(struct platform_device *pdev)
{
	struct ctm_mem *mem = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct cxl_dpa_info range_info = {};
	struct cxl_memdev_state *mds;
	struct cxl_dev_state *cxlds;
	struct cxl_memdev *cxlmd;
	int rc;

	platform_set_drvdata(pdev, mem);
	mds = cxl_memdev_state_create(dev, mem->cfg.serial, 0);
	if (IS_ERR(mds))
		return PTR_ERR(mds);
	cxlds = &mds->cxlds;

	rc = cxl_mailbox_init(&cxlds->cxl_mbox, dev);
	if (rc)
		return rc;
	cxlds->cxl_mbox.mbox_send = ctm_mbox_send;
	cxlds->cxl_mbox.payload_size = CTM_PAYLOAD_SIZE;
	/* The emulated media is ready as soon as the device exists. */
	cxlds->media_ready = true;

	mds->event.buf = devm_kzalloc(dev, CTM_PAYLOAD_SIZE, GFP_KERNEL);
	if (!mds->event.buf)
		return -ENOMEM;

	rc = cxl_enumerate_cmds(mds);
	if (rc)
		return rc;
	rc = cxl_set_timestamp(mds);
	if (rc)
		return rc;
	rc = cxl_dev_state_identify(mds);
	if (rc)
		return rc;
	rc = cxl_dev_dc_identify(mds);
	if (rc)
		return rc;
	rc = cxl_mem_dpa_fetch(mds, &range_info);
	if (rc)
		return rc;
	rc = cxl_dpa_setup(cxlds, &range_info);
	if (rc)
		return rc;

	cxlmd = devm_cxl_add_classdev(cxlds);
	if (IS_ERR(cxlmd))
		return PTR_ERR(cxlmd);
	mem->mds = mds;

	cxl_mem_get_event_records(mds, CXLDEV_EVENT_STATUS_ALL);
	return 0;
}

static void ctm_mem_remove(struct platform_device *pdev)
{
	struct ctm_mem *mem = platform_get_drvdata(pdev);

	mem->mds = NULL;
}

static struct platform_driver ctm_mem_driver = {
	.probe = ctm_mem_probe,
	.remove = ctm_mem_remove,
	.driver = {
		.name = "cxl_tag_mock_mem",
		.suppress_bind_attrs = true,
	},
};

int ctm_mem_driver_init(void)
{
	return platform_driver_register(&ctm_mem_driver);
}

void ctm_mem_driver_exit(void)
{
	platform_driver_unregister(&ctm_mem_driver);
}

static void ctm_mem_free(struct ctm_mem *mem)
{
	debugfs_remove_recursive(mem->debugfs);
	ctm_extents_destroy(mem);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_destroy(&mem->events[i]);
	kfree(mem->hdm);
	ida_free(&ctm_mem_ida, mem->id);
	kfree(mem);
}

/**
 * ctm_mem_create() - create an emulated memory device and bind it
 * @cfg: its configuration
 *
 * Return: the device, or an ERR_PTR: -EINVAL for a capacity that is not a
 * multiple of 256 MiB, -ENOSPC when every root port is taken, -ENXIO when
 * the driver did not bind (the kernel log says why).
 */
struct ctm_mem *ctm_mem_create(const struct ctm_mem_cfg *cfg)
{
	struct platform_device *pdev;
	char name[32];
	struct device *rp;
	struct ctm_mem *mem;
	int rc;

	if (!IS_ALIGNED(cfg->ram_size, CXL_CAPACITY_MULTIPLIER))
		return ERR_PTR(-EINVAL);

	mem = kzalloc_obj(*mem);
	if (!mem)
		return ERR_PTR(-ENOMEM);
	mem->id = ida_alloc(&ctm_mem_ida, GFP_KERNEL);
	if (mem->id < 0) {
		rc = mem->id;
		kfree(mem);
		return ERR_PTR(rc);
	}
	mem->cfg = *cfg;
	mutex_init(&mem->mbox_lock);
	mem->extents = RB_ROOT;
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_init(&mem->events[i]);

	mem->hdm = ctm_hdm_alloc(CTM_MEM_DECODERS, 0, ctm_dpa_size(cfg));
	if (IS_ERR(mem->hdm)) {
		rc = PTR_ERR(mem->hdm);
		mem->hdm = NULL;
		goto err_free;
	}
	mem->emu = (struct cxl_emu){
		.hdm = &ctm_hdm_ops,
		.hdm_data = mem->hdm,
	};
	snprintf(name, sizeof(name), "cxl_tag_mock_mem.%d", mem->id);
	mem->debugfs = debugfs_create_dir(name, ctm_debugfs);
	ctm_media_debugfs(mem, mem->debugfs);

	rp = ctm_root_port(mem->id);
	if (IS_ERR(rp)) {
		rc = PTR_ERR(rp);
		goto err_free;
	}

	pdev = platform_device_alloc("cxl_tag_mock_mem", mem->id);
	if (!pdev) {
		rc = -ENOMEM;
		goto err_free;
	}
	pdev->dev.parent = rp;
	pdev->dev.platform_data = mem;
	rc = cxl_emu_register(&pdev->dev, &mem->emu);
	if (rc)
		goto err_put;
	mem->pdev = pdev;
	rc = platform_device_add(pdev);
	if (rc)
		goto err_emu;
	if (!pdev->dev.driver) {
		rc = -ENXIO;
		goto err_del;
	}
	return mem;

err_del:
	platform_device_del(pdev);
err_emu:
	cxl_emu_unregister(&pdev->dev);
err_put:
	/* platform_data is ours: keep the release from freeing it. */
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
err_free:
	ctm_mem_free(mem);
	return ERR_PTR(rc);
}

/**
 * ctm_mem_decoding() - does a committed decoder map the device
 * @mem: the device
 *
 * Return: true while the host decodes any of its DPA (a region is live).
 */
bool ctm_mem_decoding(struct ctm_mem *mem)
{
	return ctm_hdm_any_committed(mem->hdm);
}

/**
 * ctm_mem_destroy() - unbind and remove an emulated memory device
 * @mem: the device
 *
 * The memdev, its endpoint port and decoders go with the platform device;
 * only then are the emulated registers freed.
 */
void ctm_mem_destroy(struct ctm_mem *mem)
{
	struct platform_device *pdev = mem->pdev;

	platform_device_del(pdev);
	cxl_emu_unregister(&pdev->dev);
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
	ctm_mem_free(mem);
}
