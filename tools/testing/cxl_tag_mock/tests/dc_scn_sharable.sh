#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A sharable DC region: a tag group with shared sequences 0,1 becomes one
# DAX device of the summed size, mapped in sequence order (the extent with
# sequence 0, offered second at the higher DPA, first); the gap 0,2 is
# dropped whole, and so is an untagged extent.
# The host learns sharability from CDAT (DSMAS), which the mock does not
# publish: until it does, the host refuses sequence 1 (-EINVAL) and this
# test skips after checking that this is the reason.
. "$CTM/lib.sh"
trap dc_scn_cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
T=8a2b3c4d-0001-4a77-b6c3-16df975fcf1a
G=8a2b3c4d-0002-4a77-b6c3-16df975fcf1a
BASE=0x10000000

D=$C/devices/dh
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	put 1 $D/dc0/sharable && put 1 $D/enable || fail "enable the DCD"
host=$(mock_host_of dh)
SH=/sys/bus/platform/devices/$host/dc_inject_shared_extent
mem=$(memdev_of dh)
media=/sys/kernel/debug/cxl_tag_mock/$host/media
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"

dc_log_mark
put "$BASE:0x200000:$T:1:1" $SH && put "$((BASE + 0x400000)):0x200000:$T:0:0" $SH ||
	fail "inject sequences 1,0"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered: $(cat $D/dc_extents)"
if [ -z "$(cat $D/dc_extents)" ]; then
	dc_log_since | grep -q "tag $T seq 1 refused: -22" ||
		fail "sequences 0,1 refused, not for the region's sharability: $(dc_log_since)"
	destroy_region decoder0.0 "$r" && put 0 $D/enable && rmdir $D && unload_mock ||
		fail "clean up"
	skip "the host takes every DC region as not sharable (no CDAT from the mock), so it refuses shared sequence 1"
fi

dc_wait_host 20 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "T's extents"
# Mark each extent at its DPA, then see the order through the device.
d=$(dc_claim $r $T) || fail "claim T"
[ "$(cat /sys/bus/dax/devices/$d/size)" = $((0x400000)) ] || fail "$d size"
: >/tmp/seg && ctm-pattern write /tmp/seg 0 0x400000 81 || fail "pattern file"
dd if=/tmp/seg of=$media bs=4096 seek=$(((BASE + 0x400000) / 4096)) count=512 conv=notrunc 2>/dev/null &&
	dd if=/tmp/seg of=$media bs=4096 seek=$((BASE / 4096)) skip=512 count=512 conv=notrunc 2>/dev/null ||
	fail "write at the extents' DPAs"
ctm-pattern check /dev/$d 0 0x400000 81 || fail "$d does not map sequence 0 first"
rm -f /tmp/seg
dc_unclaim $r $d || fail "destroy $d"

put "$((BASE + 0x800000)):0x200000:$G:1:0" $SH && put "$((BASE + 0xa00000)):0x200000:$G:0:2" $SH ||
	fail "inject sequences 0,2"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered"
dc_wait_host 1 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "the gap 0,2 was accepted"
put "$((BASE + 0xc00000)):0x200000:0:0:0" $SH || fail "inject untagged"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered"
dc_wait_host 1 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "an untagged extent accepted on a sharable region"

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dh "" || fail "extents left"
put 0 $D/enable && rmdir $D || fail "remove the device"
unload_mock || fail "unload"
exit 0
