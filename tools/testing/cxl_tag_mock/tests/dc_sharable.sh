#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Sharable DC regions: the host learns sharability from the device's CDAT
# (a DSMAS entry per partition, Shareable on DC region 0), read through the
# real endpoint CDAT path. On a sharable region a tag group needs a tag and
# the sequences 0..n-1: sequences 0,1 make one DAX device of the summed
# size; a gap (0,2) and an untagged extent are refused.
. "$CTM/lib.sh"

ctm_start dax
S1=11111111-ae34-4a77-b6c3-16df975fcf1a
S2=22222222-ae34-4a77-b6c3-16df975fcf1a
D=$(ctm_dc_dev sh 0x10000000 0x10000000 - dc0/sharable=1) ||
	fail "enable a sharable DCD"
host=$(mock_host_of sh) || fail "no platform device"
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
ep=$(endpoint_of "$mem") || fail "no endpoint"
# Header (16 bytes) and two DSMAS entries (24 bytes each): RAM and DC 0.
[ "$(wc -c </sys/bus/cxl/devices/$ep/CDAT)" = 64 ] ||
	fail "CDAT of $(wc -c </sys/bus/cxl/devices/$ep/CDAT) bytes"

r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
RD=/sys/bus/cxl/devices/$r/dax_region${r#region}
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region"
INJ=/sys/bus/platform/devices/$host/dc_inject_shared_extent
B=0x10000000	# DC region 0's base DPA

extents_with() {	# TAG: how many host extents carry it
	n=0
	for e in $RD/extent*; do
		[ "$(cat $e/uuid 2>/dev/null)" = "$1" ] && n=$((n + 1))
	done
	echo $n
}

# Sequences 0,1 in one chain (listed 1 then 0): one group.
put "$((B + 0x400000)):0x200000:$S1:1:1" $INJ && put "$B:0x200000:$S1:0:0" $INJ ||
	fail "inject S1"
wait_for 10 test "$(extents_with $S1)" = 2 || fail "S1 not accepted: $(ls $RD)"
# A gap, 0 and 2: the whole group is refused.
resp0=$(dc_mbox_runs sh 0x4802) || fail "mailbox statistics"
put "$((B + 0x800000)):0x200000:$S2:1:0" $INJ && put "$((B + 0xc00000)):0x200000:$S2:0:2" $INJ ||
	fail "inject S2"
# An untagged extent has no place in a sharable region.
put "$((B + 0x1000000)):0x200000:0:0:0" $INJ || fail "inject untagged"
# The knob is synchronous: the host has answered both offers (one Add DC
# Response each, accepting nothing) when the writes return.
resp=$(($(dc_mbox_runs sh 0x4802) - resp0))
[ $resp = 2 ] || fail "$resp Add DC Responses for two offers: $(cat /sys/kernel/debug/cxl_tag_mock/$host/mailbox)"
[ "$(extents_with $S2)" = 0 ] || fail "S2 with a sequence gap was accepted"
[ "$(ls $RD | grep -c '^extent')" = 2 ] || fail "extents: $(ls $RD)"
grep -q "$S2" $D/dc_extents && fail "the device kept S2: $(cat $D/dc_extents)"

s=$(cat $RD/dax_region/seed)
put $S1 /sys/bus/dax/devices/$s/uuid || fail "claim S1"
[ "$(cat /sys/bus/dax/devices/$s/size)" = $((0x400000)) ] ||
	fail "S1 device size $(cat /sys/bus/dax/devices/$s/size)"
put $s /sys/bus/dax/drivers/device_dax/bind || fail "bind $s"
# Sequence order: seq 0 (at the DC base) maps first, then seq 1.
media=/sys/kernel/debug/cxl_tag_mock/$host/media
ctm-pattern write /dev/$s 0 0x400000 5 || fail "host write"
ctm-pattern check $media $B 0x200000 5 0 || fail "seq 0 is not mapped first"
ctm-pattern check $media $((B + 0x400000)) 0x200000 5 0x200000 ||
	fail "seq 1 is not mapped second"
put $s /sys/bus/dax/drivers/device_dax/unbind && put 0 /sys/bus/dax/devices/$s/size ||
	fail "give $s back"

destroy_region decoder0.0 "$r" || fail "destroy $r"
[ -z "$(cat $D/dc_extents)" ] || fail "extents left on the device: $(cat $D/dc_extents)"
ctm_rm_dev $D || fail "remove"
ctm_pass
