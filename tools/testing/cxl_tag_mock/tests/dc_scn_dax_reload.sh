#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unloading dax_cxl gives a DC region's extents back to the device, as DCD
# tools expect: its DAX devices (claimed and bound ones included) go, the
# host lists no extent and the device holds none (one Release DC per
# group). With no DAX driver bound the region still takes offers: they are
# accepted and listed (extentN.M), and a release is answered at once.
# Loading dax_cxl again brings the DAX region back with every extent the
# region has then, claimable; a tag released without sanitize and offered
# again still has its data. Written with the DCD-aware tools: the region
# comes from cxl create-region, the host's extents are read with cxl list
# -N, the DAX devices with daxctl list, claims are daxctl create-device
# --uuid.
. "$CTM/lib.sh"
ctm_start dax
A=ba2b3c4d-0001-4a77-b6c3-16df975fcf1a

ctm_pool p0 0x2000000 a:$A:0x400000:91 || fail "pool and backend a, filled"
BA=$C/pools/p0/backends/a
D=$(ctm_dc_dev dx 0x10000000 0x10000000 p0 dc0/sanitize_on_release=0) ||
	fail "enable the DCD"
r=$(ctm_dc_region dx) || fail "DC region"
RD=$(dc_dax_dir $r)

put "0 0 prescriptive 0:0x200000" $D/dc_add || fail "offer U"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "offer A"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;" || fail "extents"
da=$(dc_claim $r $A) || fail "claim A"
du=$(dc_claim $r 0) || fail "claim U"
ctm-pattern check /dev/$da 0 0x400000 91 || fail "A's data"

rmmod dax_cxl || fail "unload dax_cxl"
[ ! -e $RD/dax_region ] || fail "the DAX region outlived dax_cxl"
for d in $da $du; do
	[ ! -e /sys/bus/dax/devices/$d ] || fail "$d outlived dax_cxl"
done
dc_wait_host 10 $r "" || fail "extents stayed on the host after unloading dax_cxl"
out=$(cxl list -R -N -r $r 2>&1)
case "$(echo "$out" | tr -d ' \n')" in
*'"extents":[]'*) ;;
*) fail "cxl list -N after unloading dax_cxl: $out" ;;
esac
out=$(daxctl list -D 2>&1)
for d in $da $du; do
	case "$out" in
	*"\"$d\""*) fail "daxctl still lists $d: $out" ;;
	esac
done
dc_wait_extents 10 dx "" || fail "extents not released to the device with dax_cxl"
[ "$(tag_status $BA)" = released ] || fail "a after the unload: $(cat $BA/dc_status)"

# No DAX driver: offers are still accepted and listed, releases answered.
put "0 0 prescriptive 0x1000000:0x200000" $D/dc_add || fail "offer V"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "offer A again"
dc_wait_host 20 $r "0x400000 0x400000 $A;0x1000000 0x200000 -;" ||
	fail "V and A not accepted without dax_cxl"
[ "$(tag_status $BA)" = accepted ] || fail "a: $(cat $BA/dc_status)"
put "0 0x1000000:0x200000" $D/dc_release || fail "release V"
dc_wait_extents 20 dx "0 0x400000 0x400000 $A 0 accepted;" ||
	fail "V not released without dax_cxl"
dc_wait_host 1 $r "0x400000 0x400000 $A;" || fail "V stayed on the host"
put "0 0 prescriptive 0x2000000:0x200000" $D/dc_add || fail "offer W"
dc_wait_host 20 $r "0x400000 0x400000 $A;0x2000000 0x200000 -;" ||
	fail "W not accepted without dax_cxl"

modprobe dax_cxl || fail "load dax_cxl again"
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region after the reload"
[ "$(dc_avail $r)" = $((0x600000)) ] || fail "available_size after the reload: $(dc_avail $r)"
da=$(dc_claim $r $A) || fail "claim A after the reload"
out=$(daxctl list -d $da 2>&1 | tr -d ' \n')
case "$out" in
*"\"chardev\":\"$da\",\"size\":4194304,\"uuid\":\"$A\""*) ;;
*) fail "daxctl list -d $da: $out" ;;
esac
ctm-pattern check /dev/$da 0 0x400000 91 || fail "A's data after release and re-add"
dw=$(dc_claim $r 0) || fail "claim W after the reload"
[ "$(cat /sys/bus/dax/devices/$dw/size)" = $((0x200000)) ] || fail "$dw size"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r)"

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dx "" || fail "extents left"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
