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
trap dc_scn_cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
A=ba2b3c4d-0001-4a77-b6c3-16df975fcf1a
BASE=0x10000000

mkdir $C/pools/p0 $C/pools/p0/backends/a || fail "mkdir pool"
put 0x2000000 $C/pools/p0/size && put $A $C/pools/p0/backends/a/tag &&
	put 0x400000 $C/pools/p0/backends/a/size || fail "pool and backend"
BA=$C/pools/p0/backends/a
ctm-pattern write /sys/kernel/debug/cxl_tag_mock/pools/p0/a 0 0x400000 91 || fail "fill a"
D=$C/devices/dx
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	put 0 $D/dc0/sanitize_on_release &&
	ln -s $C/pools/p0 $D/pool && put 1 $D/enable || fail "enable the DCD"
mem=$(memdev_of dx)
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
RD=$(dc_dax_dir $r)
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region"

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
put 0 $D/enable && rm $D/pool && rmdir $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
unload_mock || fail "unload"
exit 0
