#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Loading cxl_tag_mock registers its platform driver, its platform device
# (bound to the driver), its configfs subsystem and the media parameter;
# unloading removes all of them.
. "$CTM/lib.sh"

ctm_start

drv=/sys/bus/platform/drivers/cxl_tag_mock
dev=/sys/bus/platform/devices/cxl_tag_mock.0
[ -d "$drv" ] || fail "platform driver not registered"
[ -e "$dev" ] || fail "platform device not registered"
[ "$(basename "$(readlink "$dev/driver")")" = cxl_tag_mock ] ||
	fail "platform device is not bound to cxl_tag_mock"
[ -d "$CONFIGFS/pools" ] || fail "configfs: no pools group"
[ -d "$CONFIGFS/devices" ] || fail "configfs: no devices group"

# The harness passes the media in hexadecimal, as the parameter reads back.
param=$(cat /sys/module/cxl_tag_mock/parameters/media)
[ "$param" = "$CTM_MEDIA" ] ||
	fail "media parameter reads back as '$param' for '$CTM_MEDIA'"
dmesg | grep -q "cxl_tag_mock cxl_tag_mock.0: media ${CTM_MEDIA%@*} bytes at" ||
	fail "no media line from the probe in the kernel log"

unload_mock || fail "modprobe -r cxl_tag_mock"
[ ! -e "$dev" ] || fail "platform device left behind"
[ ! -e "$drv" ] || fail "platform driver left behind"
[ ! -e "$CONFIGFS" ] || fail "configfs subsystem left behind"
[ ! -e /sys/module/cxl_tag_mock ] || fail "module still loaded"
exit 0
