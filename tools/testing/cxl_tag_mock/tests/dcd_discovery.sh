#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The host finds Dynamic Capacity through the CEL and Get DC Configuration:
# a device with DC regions shows DC region 0 as memX/dynamic_ram_1, one
# without shows no dynamic_ram_1 at all. DC region 0 is a DPA partition:
# an endpoint decoder in dynamic_ram_1 mode allocates DPA from the region's
# base, and no further than its end.
. "$CTM/lib.sh"

trap ctm_cleanup EXIT
load_mock || fail "modprobe cxl_tag_mock"
C=$CONFIGFS
ctm_dc_dev dcd 0x10000000 0x10000000 - dc1/size=0x10000000 >/dev/null ||
	fail "enable a device with two DC regions"

dcd=$(memdev_of dcd)
plain=$(basename "$(dirname "$(grep -l 0x1000 /sys/bus/cxl/devices/mem*/serial)")")
[ -n "$dcd" ] && [ -n "$plain" ] || fail "memdevs not found"

[ "$(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/size)" = 0x10000000 ] ||
	fail "dynamic_ram_1/size: $(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/size)"
[ "$(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/qos_class)" = -1 ] ||
	fail "dynamic_ram_1/qos_class: $(cat /sys/bus/cxl/devices/$dcd/dynamic_ram_1/qos_class)"
[ ! -e /sys/bus/cxl/devices/$plain/dynamic_ram_1 ] ||
	fail "a device without DC regions has dynamic_ram_1"
# Static capacity is unchanged by the DC regions.
[ "$(cat /sys/bus/cxl/devices/$dcd/ram/size)" = 0x10000000 ] ||
	fail "ram/size: $(cat /sys/bus/cxl/devices/$dcd/ram/size)"

# The window maps RAM, so it may map Dynamic Capacity.
[ "$(cat /sys/bus/cxl/devices/decoder0.0/cap_dynamic_ram_1)" = 1 ] ||
	fail "root decoder cap_dynamic_ram_1: $(cat /sys/bus/cxl/devices/decoder0.0/cap_dynamic_ram_1)"

# ram 256 MiB, dc0 256 MiB at DPA 256 MiB, dc1 at 512 MiB.
ep=$(endpoint_of "$dcd") || fail "no endpoint for $dcd"
dec=/sys/bus/cxl/devices/$ep/decoder${ep#endpoint}.0
put dynamic_ram_1 $dec/mode || fail "decoder mode dynamic_ram_1"
[ "$(cat $dec/mode)" = dynamic_ram_1 ] || fail "decoder mode reads $(cat $dec/mode)"
expect_put "No space left on device" 0x20000000 $dec/dpa_size
put 0x10000000 $dec/dpa_size || fail "allocate all of dynamic_ram_1"
[ "$(cat $dec/dpa_resource)" = 0x10000000 ] ||
	fail "DC DPA starts at $(cat $dec/dpa_resource), not the region base"
put 0 $dec/dpa_size || fail "free the DC DPA"

# A region in the dynamic_ram_1 mode over DC region 0: it commits, and the
# device's decoder maps DC DPA into the window (seen from the device side).
D=/sys/bus/cxl/devices
r=$(cat $D/decoder0.0/create_dynamic_ram_1_region) || fail "no create_dynamic_ram_1_region"
put "$r" $D/decoder0.0/create_dynamic_ram_1_region || fail "create $r"
[ "$(cat $D/$r/mode)" = dynamic_ram_1 ] || fail "$r mode reads $(cat $D/$r/mode)"
put 256 $D/$r/interleave_granularity && put 1 $D/$r/interleave_ways &&
	put 0x10000000 $D/$r/size && put 0x10000000 $dec/dpa_size &&
	put "$(basename $dec)" $D/$r/target0 && put 1 $D/$r/commit ||
	fail "set up and commit $r"
host=$(basename "$(readlink -f $D/$dcd/..)")
media=/sys/kernel/debug/cxl_tag_mock/$host/media
ctm-pattern write "$media" 0x10000000 0x200000 7 || fail "device write at DC DPA"
ctm-pattern check "$media" 0x10000000 0x200000 7 || fail "device read at DC DPA"
put 0 $D/$r/commit && put "$r" $D/decoder0.0/delete_region || fail "delete $r"
expect_errno "No such device or address" dd if="$media" of=/dev/null bs=4096 count=1 skip=65536
put 0 $dec/dpa_size || fail "free the DC DPA again"
expect_put "Invalid argument" dynamic_ram_2 $dec/mode
expect_put "Invalid argument" dynamic_ram_1 \
	/sys/bus/cxl/devices/$(endpoint_of "$plain")/decoder$(endpoint_of "$plain" | sed 's/endpoint//').0/mode

ctm_rm_dev $C/devices/dcd || fail "remove"
ctm_pass
