#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Real memory end to end on the static partition: a RAM region over the
# mock memdev (made through sysfs), dax_cxl gives a device-dax over it, a
# process maps it and writes a pattern, and the device side reads the same
# bytes from its media (and the other way round). CXL RAM regions start as
# System RAM through kmem; the test takes the device to device-dax, back to
# System RAM (online) and to device-dax again before it destroys the region.
. "$CTM/lib.sh"

ctm_start
modprobe dax_cxl && modprobe device_dax && modprobe kmem || fail "dax modules"

mem=$(cd /sys/bus/cxl/devices && ls -d mem* | head -n 1)
host=$(basename "$(readlink -f /sys/bus/cxl/devices/$mem/..)")
media=/sys/kernel/debug/cxl_tag_mock/$host/media

# Before a region exists no DPA is decoded: the device has nothing there.
expect_errno "No such device or address" dd if="$media" of=/dev/null bs=4096 count=1

region=$(create_ram_region decoder0.0 "$mem" 0x20000000) || fail "create region"
[ "$(cat /sys/bus/cxl/devices/$region/commit)" = 1 ] || fail "$region not committed"
size=$(cat /sys/bus/cxl/devices/$region/size)
[ "$size" = 0x20000000 ] || fail "$region size $size"

dax=$(ls -d /sys/bus/cxl/devices/$region/dax_region*/dax[0-9]* 2>/dev/null | head -n 1)
[ -n "$dax" ] || fail "no dax device over $region"
dax=$(basename "$dax")
[ -c /dev/$dax ] || fail "/dev/$dax missing"
drv=$(basename "$(readlink /sys/bus/dax/devices/$dax/driver)")
[ "$drv" = kmem ] || fail "$dax bound to '$drv', not kmem"
grep -q "System RAM (kmem)" /proc/iomem || fail "no kmem System RAM in /proc/iomem"
to_devdax() {
	daxctl reconfigure-device --mode=devdax --force "$dax" >/tmp/daxctl.out 2>&1 ||
		fail "to devdax: $(cat /tmp/daxctl.out)"
	[ "$(basename "$(readlink /sys/bus/dax/devices/$dax/driver)")" = device_dax ] ||
		fail "$dax not bound to device_dax"
	! grep -q "System RAM (kmem)" /proc/iomem || fail "kmem memory still present"
}
to_devdax

# Host writes at the start, in the middle and at the end; device checks.
for off in 0 0x10000000 0x1fe00000; do
	ctm-pattern check "$media" $off 0x200000 0x5eed 2>/dev/null &&
		fail "media held the pattern at $off before the host wrote it"
	ctm-pattern write /dev/$dax $off 0x200000 0x5eed || { dmesg | tail -5; fail "mmap write at $off"; }
	ctm-pattern check "$media" $off 0x200000 0x5eed || fail "device read at $off"
done
# Device writes, host checks through its mapping; the host's old pattern
# is gone there and still in place next to it.
ctm-pattern write "$media" 0x200000 0x200000 0xd1ce || fail "device write"
ctm-pattern check /dev/$dax 0x200000 0x200000 0xd1ce || fail "host read of device write"
ctm-pattern check /dev/$dax 0x0 0x200000 0x5eed || fail "host pattern next to it changed"

# The same memory as online System RAM, and back.
daxctl reconfigure-device --mode=system-ram "$dax" >/tmp/daxctl.out 2>&1 ||
	fail "online as system-ram: $(cat /tmp/daxctl.out)"
grep -q "System RAM (kmem)" /proc/iomem || fail "no kmem System RAM in /proc/iomem"
online=$(grep -l online /sys/devices/system/memory/memory*/state | wc -l)
to_devdax
[ "$(grep -l online /sys/devices/system/memory/memory*/state | wc -l)" -lt "$online" ] ||
	fail "no memory block went offline"

destroy_region decoder0.0 "$region" || fail "destroy $region"
expect_errno "No such device or address" dd if="$media" of=/dev/null bs=4096 count=1
ctm_pass
