#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, narrated step by step.
. "$CTM/lib.sh"

step() {
	echo
	echo "### $*"
}

step "Load cxl_tag_mock with the held-back media (${CTM_MEDIA:-none})"
echo "\$ modprobe cxl_tag_mock media=$CTM_MEDIA"
dmesg -c >/dev/null
load_mock || { echo "modprobe failed"; exit 1; }

step "The kernel log lines it printed"
dmesg | grep -i cxl_tag_mock

step "The platform device and the driver bound to it"
echo "\$ ls -l /sys/bus/platform/devices/cxl_tag_mock.0/driver"
ls -l /sys/bus/platform/devices/cxl_tag_mock.0/driver
echo "\$ cat /sys/module/cxl_tag_mock/parameters/media"
cat /sys/module/cxl_tag_mock/parameters/media

step "The configfs subsystem"
echo "\$ find $CONFIGFS"
find "$CONFIGFS"

step "Unload"
echo "\$ modprobe -r cxl_tag_mock"
unload_mock
ls "$CONFIGFS" 2>&1
