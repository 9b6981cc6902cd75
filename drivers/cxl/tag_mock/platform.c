// SPDX-License-Identifier: GPL-2.0
/*
 * The platform driver and the platform device it binds to. The device
 * stands for the emulated platform: the CXL host bridge and the memory
 * devices behind it hang below it.
 */
#include <linux/platform_device.h>

#include "tag_mock.h"

static struct platform_device *ctm_pdev;

static int ctm_probe(struct platform_device *pdev)
{
	if (ctm_media.size)
		dev_info(&pdev->dev, "media %#llx bytes at %pa\n",
			 ctm_media.size, &ctm_media.base);
	else
		dev_info(&pdev->dev,
			 "no media range: capacity is not host-mappable\n");
	return 0;
}

static struct platform_driver ctm_driver = {
	.probe = ctm_probe,
	.driver = {
		.name = CTM_NAME,
	},
};

int ctm_platform_init(void)
{
	int rc;

	rc = platform_driver_register(&ctm_driver);
	if (rc)
		return rc;

	ctm_pdev = platform_device_register_simple(CTM_NAME, 0, NULL, 0);
	if (IS_ERR(ctm_pdev)) {
		platform_driver_unregister(&ctm_driver);
		return PTR_ERR(ctm_pdev);
	}
	return 0;
}

void ctm_platform_exit(void)
{
	platform_device_unregister(ctm_pdev);
	platform_driver_unregister(&ctm_driver);
}
