#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Twenty cycles of: make a device in configfs, enable it, build a region
# over it, destroy the region, disable and remove the device. Nothing may
# be left behind: no CXL object, no configfs object, no leak. A stress of
# the kernel's object lifetimes: the region is made and destroyed with the
# raw sysfs steps (a cxl-cli call costs a second or more in the TCG guest,
# forty of them would double the test's time).
. "$CTM/lib.sh"

[ -w "$KMEMLEAK" ] || skip "kmemleak is not available"
ctm_start default_device=0
kmemleak_forget
dev=$CONFIGFS/devices/cycle
i=0
while [ $i -lt 20 ]; do
	mkdir $dev || fail "mkdir, cycle $i"
	put 0x10000000 $dev/ram_size && put 1 $dev/enable || fail "enable, cycle $i"
	mem=$(cd /sys/bus/cxl/devices && ls -d mem* | head -n 1)
	[ -n "$mem" ] || fail "no memdev, cycle $i"
	region=$(create_ram_region_sysfs decoder0.0 "$mem" 0x10000000) ||
		fail "region, cycle $i"
	destroy_region_sysfs decoder0.0 "$region" || fail "destroy region, cycle $i"
	put 0 $dev/enable || fail "disable, cycle $i"
	rmdir $dev || fail "rmdir, cycle $i"
	[ "$(memdev_count)" = 0 ] || fail "memdev left after cycle $i"
	i=$((i + 1))
done
unload_mock || fail "unload"
[ -z "$(ls /sys/bus/cxl/devices 2>/dev/null)" ] || fail "CXL devices left after unload"
leaks=$(kmemleak_report) || fail "kmemleak scan failed"
[ -z "$leaks" ] || fail "kmemleak reports after 20 cycles: $leaks"
exit 0
