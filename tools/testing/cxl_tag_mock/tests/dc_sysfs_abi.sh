#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Dynamic Capacity host ABI on its own, without cxl-cli or daxctl:
# this is the one test that does a DC region's whole life through the raw
# sysfs steps (the *_sysfs helpers of lib.sh), where the other tests use
# the tools as a user does. The memdev's dynamic_ram_1/size, the root
# decoder's cap_dynamic_ram_1, create_dynamic_ram_1_region and the
# region's attributes, the endpoint decoder's dynamic_ram_1 mode, the
# extents (extentN.M/{offset,length,uuid}, no uuid when untagged), claims
# through daxX.Y/uuid (a tag, or 0 for one untagged extent, which reads
# back as the null UUID), device_dax bind and unbind, size 0 and the DAX
# region's delete, and the region's decommit and delete, which give the
# extents back to the device.
. "$CTM/lib.sh"
DC_LIST=dc_sysfs_extents
ctm_start dax
A=da2b3c4d-0001-4a77-b6c3-16df975fcf1a
CXL=/sys/bus/cxl/devices

ctm_pool p0 0x2000000 a:$A:0x400000:37 || fail "pool and backend a, filled"
D=$(ctm_dc_dev da 0x10000000 0x10000000 p0) || fail "enable the DCD"
mem=$(memdev_of da) || fail "no memdev"

[ "$(cat $CXL/$mem/dynamic_ram_1/size)" = 0x10000000 ] ||
	fail "$mem/dynamic_ram_1/size $(cat $CXL/$mem/dynamic_ram_1/size)"
[ "$(cat $CXL/decoder0.0/cap_dynamic_ram_1)" = 1 ] ||
	fail "decoder0.0/cap_dynamic_ram_1 $(cat $CXL/decoder0.0/cap_dynamic_ram_1)"

r=$(new_dc_region_sysfs decoder0.0 "$mem" 0x10000000) || fail "DC region"
[ "$(cat $CXL/$r/mode)" = dynamic_ram_1 ] || fail "$r mode $(cat $CXL/$r/mode)"
ed=$CXL/$(cat $CXL/$r/target0)
[ "$(cat $ed/mode)" = dynamic_ram_1 ] || fail "$ed mode $(cat $ed/mode)"
[ "$(basename "$(readlink -f $CXL/$r/driver)")" = cxl_region ] || fail "$r not bound"
RD=$(dc_dax_dir $r)
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region"

put "0 0 prescriptive 0:0x200000" $D/dc_add || fail "add untagged"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "add A"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;" || fail "extents"
for e in $RD/extent*; do
	[ "$(cat $e/offset)" != 0x0 ] || [ ! -e $e/uuid ] ||
		fail "the untagged $(basename $e) shows a uuid: $(cat $e/uuid)"
done
[ "$(dc_avail $r)" = $((0x600000)) ] || fail "available_size $(dc_avail $r)"

da=$(dc_claim_sysfs $r $A) || fail "claim A"
[ "$(cat /sys/bus/dax/devices/$da/uuid)" = $A ] || fail "$da uuid $(cat /sys/bus/dax/devices/$da/uuid)"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((0x400000)) ] || fail "$da size"
ctm-pattern check /dev/$da 0 0x400000 37 || fail "A's data through $da"
du=$(dc_claim_sysfs $r 0) || fail "claim untagged"
[ "$(cat /sys/bus/dax/devices/$du/uuid)" = $NULL_UUID ] ||
	fail "$du uuid $(cat /sys/bus/dax/devices/$du/uuid), expected the null UUID"
[ "$(cat /sys/bus/dax/devices/$du/size)" = $((0x200000)) ] || fail "$du size"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r)"

dc_unclaim_sysfs $r $da || fail "unclaim $da"
dc_unclaim_sysfs $r $du || fail "unclaim $du"
[ "$(dc_avail $r)" = $((0x600000)) ] || fail "available_size after the unclaims $(dc_avail $r)"
put "tag $A" $D/dc_release || fail "release A"
dc_wait_host 20 $r "0x0 0x200000 -;" || fail "A stayed on the host"

destroy_region_sysfs decoder0.0 "$r" || fail "destroy $r"
put 0 $ed/dpa_size || fail "free $ed's DPA"
[ ! -e $CXL/$r ] || fail "$r still there"
dc_wait_extents 10 da "" || fail "extents left on the device"
ctm_rm_dev $D || fail "remove the device"
rmdir $C/pools/p0/backends/a $C/pools/p0 || fail "remove the pool"
ctm_pass
