#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The host finds Dynamic Capacity through the CEL and Get DC Configuration:
# a device with DC regions shows DC region 0 as memX/dynamic_ram_1, one
# without shows no dynamic_ram_1 at all.
. "$CTM/lib.sh"

load_mock || fail "modprobe cxl_tag_mock"
C=$CONFIGFS
mkdir $C/devices/dcd || fail "mkdir"
put 0x10000000 $C/devices/dcd/ram_size &&
	put 0x8000000 $C/devices/dcd/dc0/size &&
	put 0x10000000 $C/devices/dcd/dc1/size &&
	put 1 $C/devices/dcd/enable || fail "enable a device with two DC regions"

dcd=$(basename "$(dirname "$(grep -l "$(cat $C/devices/dcd/serial)" /sys/bus/cxl/devices/mem*/serial)")")
plain=$(basename "$(dirname "$(grep -l 0x1000 /sys/bus/cxl/devices/mem*/serial)")")
[ -n "$dcd" ] && [ -n "$plain" ] || fail "memdevs not found"

[ "$(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/size)" = 0x8000000 ] ||
	fail "dynamic_ram_1/size: $(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/size)"
[ "$(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/qos_class)" = -1 ] ||
	fail "dynamic_ram_1/qos_class: $(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/qos_class)"
[ ! -e /sys/bus/cxl/devices/$plain/dynamic_ram_1 ] ||
	fail "a device without DC regions has dynamic_ram_1"
# Static capacity is unchanged by the DC regions.
[ "$(cat /sys/bus/cxl/devices/$dcd/ram/size)" = 0x10000000 ] ||
	fail "ram/size: $(cat /sys/bus/cxl/devices/$dcd/ram/size)"

put 0 $C/devices/dcd/enable && rmdir $C/devices/dcd || fail "remove"
unload_mock || fail "unload"
exit 0
