#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The DPA gap rule: DC region 0 may start after unused DPA (here 256 MiB
# between the static capacity and the DC region). The host's dynamic_ram_1
# partition starts at the region's base, an endpoint decoder skips the gap
# (DPA skip), the DC region commits, and an accepted extent lands at the
# right DPA: what the host writes through DAX is at DC base + offset on the
# device side. A RAM region below it still works.
. "$CTM/lib.sh"

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
D=$C/devices/gap
mkdir $D || fail "mkdir"
expect_put "Invalid argument" 0x1000000 $D/dc_gap
put 0x10000000 $D/dc_gap && put 0x10000000 $D/ram_size || fail "geometry"
# A gap needs a DC region after it.
expect_errno "Invalid argument" put 1 $D/enable
put 0x10000000 $D/dc0/size && put 1 $D/enable || fail "enable"
host=$(mock_host_of gap) || fail "no platform device"
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
[ "$(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)" = 0x10000000 ] ||
	fail "dynamic_ram_1/size $(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)"

ram=$(create_ram_region decoder0.0 "$mem" 0x10000000) || fail "RAM region"
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region over the gap"
ep=$(endpoint_of "$mem")
dec=$(grep -l dynamic_ram_1 /sys/bus/cxl/devices/$ep/decoder*/mode | head -n 1)
dec=$(dirname "$dec")
[ "$(cat $dec/dpa_resource)" = 0x20000000 ] || fail "DC DPA at $(cat $dec/dpa_resource)"
RD=/sys/bus/cxl/devices/$r/dax_region${r#region}
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region"

put "$((0x20000000 + 0x400000)):0x200000:0:0" \
	/sys/bus/platform/devices/$host/dc_inject_extent || fail "inject"
wait_for 10 sh -c "ls $RD | grep -q '^extent'" || fail "extent not accepted"
e=$(ls -d $RD/extent* | head -n 1)
[ "$(cat $e/offset)" = 0x400000 ] || fail "extent offset $(cat $e/offset)"
s=$(cat $RD/dax_region/seed)
put 0 /sys/bus/dax/devices/$s/uuid && put $s /sys/bus/dax/drivers/device_dax/bind ||
	fail "claim"
media=/sys/kernel/debug/cxl_tag_mock/$host/media
ctm-pattern write /dev/$s 0 0x200000 9 || fail "host write"
ctm-pattern check $media $((0x20000000 + 0x400000)) 0x200000 9 0 ||
	fail "the write is not at DC base + 4 MiB on the device"
put $s /sys/bus/dax/drivers/device_dax/unbind && put 0 /sys/bus/dax/devices/$s/size ||
	fail "give $s back"

destroy_region decoder0.0 "$r" || fail "destroy $r"
destroy_region decoder0.0 "$ram" || fail "destroy $ram"
put 0 $D/enable && rmdir $D || fail "remove"
unload_mock || fail "unload"
exit 0
