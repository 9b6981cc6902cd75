#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A sharable DC region: a tag group with shared sequences 0,1 becomes one
# DAX device of the summed size, mapped in sequence order (the extent with
# sequence 0, offered second at the higher DPA, first); the gap 0,2 is
# dropped whole, and so is an untagged extent. The host learns that the
# region is sharable from the device's CDAT (DSMAS Shareable).
. "$CTM/lib.sh"
ctm_start dax
T=8a2b3c4d-0001-4a77-b6c3-16df975fcf1a
G=8a2b3c4d-0002-4a77-b6c3-16df975fcf1a

D=$(ctm_dc_dev dh 0x10000000 0x10000000 - dc0/sharable=1) ||
	fail "enable the DCD"
host=$(mock_host_of dh)
SH=/sys/bus/platform/devices/$host/dc_inject_shared_extent
media=/sys/kernel/debug/cxl_tag_mock/$host/media
r=$(ctm_dc_region dh) || fail "DC region"

dc_log_mark
put "$DC_BASE:0x200000:$T:1:1" $SH && put "$((DC_BASE + 0x400000)):0x200000:$T:0:0" $SH ||
	fail "inject sequences 1,0"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered: $(cat $D/dc_extents)"

dc_wait_host 20 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "T's extents"
# Mark each extent at its DPA, then see the order through the device.
d=$(dc_claim $r $T) || fail "claim T"
[ "$(cat /sys/bus/dax/devices/$d/size)" = $((0x400000)) ] || fail "$d size"
: >/tmp/seg && ctm-pattern write /tmp/seg 0 0x400000 81 || fail "pattern file"
dd if=/tmp/seg of=$media bs=4096 seek=$(((DC_BASE + 0x400000) / 4096)) count=512 conv=notrunc 2>/dev/null &&
	dd if=/tmp/seg of=$media bs=4096 seek=$((DC_BASE / 4096)) skip=512 count=512 conv=notrunc 2>/dev/null ||
	fail "write at the extents' DPAs"
ctm-pattern check /dev/$d 0 0x400000 81 || fail "$d does not map sequence 0 first"
rm -f /tmp/seg
dc_unclaim $r $d || fail "destroy $d"

put "$((DC_BASE + 0x800000)):0x200000:$G:1:0" $SH &&
	put "$((DC_BASE + 0xa00000)):0x200000:$G:0:2" $SH ||
	fail "inject sequences 0,2"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered"
dc_wait_host 1 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "the gap 0,2 was accepted"
put "$((DC_BASE + 0xc00000)):0x200000:0:0:0" $SH || fail "inject untagged"
wait_for 20 sh -c "! grep -q pending $D/dc_extents" || fail "not answered"
dc_wait_host 1 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "an untagged extent accepted on a sharable region"

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dh "" || fail "extents left"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
