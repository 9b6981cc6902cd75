// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated memory devices. Each is a platform device (cxl_tag_mock_mem.N)
 * below its root port, standing where a PCI endpoint would; its driver
 * does what cxl_pci does for hardware, through the same core calls, with
 * the mailbox and HDM decoders emulated.
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <cxl/mailbox.h>

#include "cxl.h"
#include "cxlmem.h"
#include "device/device.h"

#define CTM_MEM_DECODERS 8
#define CTM_PAYLOAD_SIZE SZ_4K

/* The module's debugfs directory, made at load: devices add theirs below. */
struct dentry *ctm_debugfs;

static DEFINE_IDA(ctm_mem_ida);

/*
 * The host reads the DCD log and answers what it finds, through the
 * mailbox: no lock of the mock but notify_lock may be held. Unbind clears
 * mds under notify_lock, so mds stays valid while it is held. This is
 * where hardware would raise the DCD event interrupt.
 */
static void mem_tell_host(struct ctm_mem *mem)
{
	struct cxl_memdev_state *mds;

	lockdep_assert_not_held(&mem->mbox_lock);
	guard(mutex)(&mem->notify_lock);
	mds = READ_ONCE(mem->mds);
	if (mds)
		cxl_mem_get_event_records(mds, CXLDEV_EVENT_STATUS_DCD);
}

static void mem_notify_work(struct work_struct *work)
{
	mem_tell_host(container_of(work, struct ctm_mem, notify_work));
}

/**
 * ctm_mem_notify() - records are queued in the DCD log: tell the host
 * @mem: the device
 *
 * From a work item, if a host is there and events are not held, unless a
 * request knob is queueing them and tells the host itself
 * (ctm_mem_notify_sync()).
 */
void ctm_mem_notify(struct ctm_mem *mem)
{
	if (READ_ONCE(mem->sync_notify))
		return;
	if (READ_ONCE(mem->mds) && !READ_ONCE(mem->cfg.hold_events))
		schedule_work(&mem->notify_work);
}

/**
 * ctm_mem_notify_sync() - tell the host about queued records and wait
 * @mem: the device, with none of the mock's locks held
 *
 * Nothing happens while events are held.
 */
void ctm_mem_notify_sync(struct ctm_mem *mem)
{
	if (!READ_ONCE(mem->cfg.hold_events))
		mem_tell_host(mem);
}

/**
 * ctm_mem_hold_events() - stop or resume telling the host about records
 * @mem: the device
 * @hold: true to stop
 *
 * Held, offers stay pending however the host would answer them, so that
 * tests can look at that state; resuming tells the host about what
 * queued meanwhile.
 */
void ctm_mem_hold_events(struct ctm_mem *mem, bool hold)
{
	WRITE_ONCE(mem->cfg.hold_events, hold);
	if (!hold)
		ctm_mem_notify(mem);
}

static int ctm_mbox_send(struct cxl_mailbox *cxl_mbox, struct cxl_mbox_cmd *cmd)
{
	struct ctm_mem *mem = dev_get_drvdata(cxl_mbox->host);

	/* A slow device: the host waits, the device's state stays visible. */
	ctm_fault_mbox_delay(&mem->faults, cmd->opcode);
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
	/*
	 * The endpoint's emulated registers and CDAT, as a managed resource
	 * of this binding: made before the memdev, they go after it, and so
	 * after the endpoint port that uses them.
	 */
	rc = cxl_emu_register(dev, &mem->emu);
	if (rc)
		return rc;
	mds = cxl_memdev_state_create(dev, mem->cfg.serial, 0);
	if (IS_ERR(mds))
		return PTR_ERR(mds);
	cxlds = &mds->cxlds;

	rc = cxl_mailbox_init(&cxlds->cxl_mbox, dev);
	if (rc)
		return rc;
	cxlds->cxl_mbox.mbox_send = ctm_mbox_send;
	cxlds->cxl_mbox.payload_size = mem->cfg.payload_size ?: CTM_PAYLOAD_SIZE;
	/* The emulated media is ready as soon as the device exists. */
	cxlds->media_ready = true;

	mds->event.buf = devm_kzalloc(dev, cxlds->cxl_mbox.payload_size,
				      GFP_KERNEL);
	if (!mds->event.buf)
		return -ENOMEM;

	/* What cxl_pci's probe asks of a memory device, in its order. */
	rc = cxl_enumerate_cmds(mds) ?: cxl_set_timestamp(mds) ?:
	     cxl_dev_state_identify(mds) ?: cxl_dev_dc_identify(mds);
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
	WRITE_ONCE(mem->mds, mds);

	cxl_mem_get_event_records(mds, CXLDEV_EVENT_STATUS_ALL);
	return 0;
}

static void ctm_mem_remove(struct platform_device *pdev)
{
	struct ctm_mem *mem = platform_get_drvdata(pdev);

	/*
	 * No new notification from here on: a knob's is waited for by
	 * notify_lock, the work item's by the cancel, before the core's state
	 * for the device goes.
	 */
	scoped_guard(mutex, &mem->notify_lock)
		WRITE_ONCE(mem->mds, NULL);
	cancel_work_sync(&mem->notify_work);
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

/**
 * ctm_mem_free() - free a device ctm_mem_alloc() made
 * @mem: the device, never shown to the host or removed with ctm_mem_del()
 */
void ctm_mem_free(struct ctm_mem *mem)
{
	debugfs_remove_recursive(mem->debugfs);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_destroy(&mem->events[i]);
	kfree(mem->hdm);
	kfree(mem->cdat);
	ida_free(&ctm_mem_ida, mem->id);
	kfree(mem);
}

/**
 * ctm_mem_alloc() - make an emulated memory device, not yet visible
 * @cfg: its configuration
 *
 * Its registers, logs and debugfs views exist; the host sees nothing until
 * ctm_mem_add(). What runs the device's Dynamic Capacity sets itself up in
 * between (ctm_dc_init()).
 *
 * Return: the device, or an ERR_PTR: -EINVAL for a capacity that is not a
 * multiple of 256 MiB, -ENOMEM.
 */
struct ctm_mem *ctm_mem_alloc(const struct ctm_mem_cfg *cfg)
{
	struct ctm_mem *mem;
	char name[32];
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
	mutex_init(&mem->notify_lock);
	INIT_WORK(&mem->notify_work, mem_notify_work);
	ctm_faults_init(&mem->faults);
	for (int i = 0; i < CTM_NR_EVENT_LOGS; i++)
		ctm_event_log_init(&mem->events[i]);

	mem->hdm = ctm_hdm_alloc(CTM_MEM_DECODERS, 0, ctm_dpa_size(cfg));
	if (IS_ERR(mem->hdm)) {
		rc = PTR_ERR(mem->hdm);
		mem->hdm = NULL;
		goto err_free;
	}
	mem->hdm->faults = &mem->faults;
	mem->emu = (struct cxl_emu){
		.hdm = &ctm_hdm_ops,
		.hdm_data = mem->hdm,
	};
	mem->cdat = ctm_cdat_build(cfg, &mem->emu.cdat_len);
	if (!mem->cdat) {
		rc = -ENOMEM;
		goto err_free;
	}
	mem->emu.cdat = mem->cdat;
	snprintf(name, sizeof(name), "cxl_tag_mock_mem.%d", mem->id);
	mem->debugfs = debugfs_create_dir(name, ctm_debugfs);
	ctm_media_debugfs(mem, mem->debugfs);
	ctm_mbox_debugfs(mem, mem->debugfs);
	ctm_faults_debugfs(&mem->faults, mem->debugfs);
	return mem;

err_free:
	ctm_mem_free(mem);
	return ERR_PTR(rc);
}

/**
 * ctm_mem_add() - show a device to the host and bind its driver
 * @mem: the device, from ctm_mem_alloc()
 * @groups: attribute groups for its platform device, or NULL
 *
 * Return: 0; -ENOSPC when every root port is taken; -ENXIO when the
 * driver did not bind (the kernel log says why); -ENOMEM.
 */
int ctm_mem_add(struct ctm_mem *mem, const struct attribute_group **groups)
{
	struct platform_device *pdev;
	struct device *rp;
	int rc;

	rp = ctm_root_port(mem->id);
	if (IS_ERR(rp))
		return PTR_ERR(rp);
	pdev = platform_device_alloc("cxl_tag_mock_mem", mem->id);
	if (!pdev)
		return -ENOMEM;
	pdev->dev.parent = rp;
	pdev->dev.platform_data = mem;
	pdev->dev.groups = groups;
	mem->pdev = pdev;
	rc = platform_device_add(pdev);
	if (rc)
		goto err_put;
	if (!pdev->dev.driver) {
		rc = -ENXIO;
		goto err_del;
	}
	return 0;

err_del:
	platform_device_del(pdev);
err_put:
	/* platform_data is ours: keep the release from freeing it. */
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
	mem->pdev = NULL;
	return rc;
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
 * ctm_mem_del() - unbind and remove what ctm_mem_add() showed the host
 * @mem: the device
 *
 * The memdev, its endpoint port and decoders go with the platform device,
 * and the device's debugfs directory goes: nothing reaches the device
 * from outside afterwards.
 */
void ctm_mem_del(struct ctm_mem *mem)
{
	struct platform_device *pdev = mem->pdev;

	platform_device_del(pdev);
	pdev->dev.platform_data = NULL;
	platform_device_put(pdev);
	mem->pdev = NULL;
	/* Waits for the knobs' readers and writers. */
	debugfs_remove_recursive(mem->debugfs);
	mem->debugfs = NULL;
	/* A knob may have queued it after unbind's cancel: none runs later. */
	cancel_work_sync(&mem->notify_work);
}
