#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A dynamic_ram_1 region binds and gets a sparse DAX region: no capacity
# until extents come, a zero-size seed device, and claims by tag only.
# Before any extent: every claim is -ENOENT and changes nothing, sizes and
# mappings are refused, a non-DC DAX device refuses uuid. Destroying the
# region leaves nothing behind.
. "$CTM/lib.sh"

ctm_start dax
ctm_dc_dev dcd 0x10000000 0x10000000 >/dev/null || fail "enable a DC device"
mem=$(memdev_of dcd)

# DPA is allocated in decoder order: the RAM region (DPA 0) comes first.
ram=$(create_ram_region decoder0.0 "$mem" 0x10000000) || fail "create RAM region"
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "create DC region"
D=/sys/bus/cxl/devices/$r
id=${r#region}
[ "$(cat $D/mode)" = dynamic_ram_1 ] || fail "$r mode $(cat $D/mode)"
[ "$(basename "$(readlink $D/driver)")" = cxl_region ] || fail "$r not bound"
# dax_cxl binds asynchronously.
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ -e $D/dax_region$id/dax_region/seed ] && break
	sleep 0.5
done
R=$D/dax_region$id/dax_region
[ -e $R/seed ] || fail "no DAX region under $r"
[ "$(cat $R/available_size)" = 0 ] || fail "available_size $(cat $R/available_size)"
[ "$(cat $R/size)" = 268435456 ] || fail "DAX region size $(cat $R/size)"
seed=$(cat $R/seed)
[ -n "$seed" ] || fail "no seed device"
S=/sys/bus/dax/devices/$seed
[ "$(cat $S/size)" = 0 ] || fail "seed size $(cat $S/size)"
[ "$(cat $S/uuid)" = $NULL_UUID ] || fail "seed uuid $(cat $S/uuid)"
[ ! -e $S/driver ] || fail "a zero-size seed is bound"
ls $D/dax_region$id | grep -q '^extent' && fail "extents before any offer"

expect_put "No such file or directory" 0 $S/uuid
expect_put "No such file or directory" 5be13bce-ae34-4a77-b6c3-16df975fcf1a $S/uuid
expect_put "Invalid argument" not-a-uuid $S/uuid
expect_put "Invalid argument" 5be13bce-ae34-4a77-b6c3-16df975fcf1a0 $S/uuid
expect_put "Operation not supported" 0x200000 $S/size
expect_errno "Operation not supported" put "$(printf '%x-%x' $((0x100000000)) $((0x1001fffff)))" $S/mapping
[ "$(cat $R/available_size)" = 0 ] || fail "available_size changed"
expect_put "No space left on device" 1 $R/create
put $seed /sys/bus/dax/drivers/device_dax/bind 2>/dev/null && fail "a zero-size seed bound"
[ ! -e $S/driver ] || fail "a zero-size seed is bound"

# A RAM region's DAX device is not claimed by tag.
for i in 1 2 3 4 5 6 7 8 9 10; do
	ls /sys/bus/cxl/devices/$ram/dax_region${ram#region}/ 2>/dev/null | grep -q '^dax' && break
	sleep 0.5
done
rdax=$(ls -d /sys/bus/cxl/devices/$ram/dax_region${ram#region}/dax[0-9]* | head -n 1)
[ -n "$rdax" ] || fail "no DAX device over $ram"
expect_errno "Operation not supported" put 5be13bce-ae34-4a77-b6c3-16df975fcf1a $rdax/uuid
destroy_region decoder0.0 "$r" || fail "destroy $r"
[ ! -e /sys/bus/dax/devices/$seed ] || fail "$seed outlived its region"
destroy_region decoder0.0 "$ram" || fail "destroy $ram"
ctm_rm_dev $C/devices/dcd || fail "remove"
ctm_pass
