#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One tag over two extents offered in one More chain (dc_add with two
# ranges, 16 MiB apart) is one tag group: two extentN.M devices with the
# tag, and one DAX device whose size is their sum. The region is not
# sharable, so both have sequence 0 and the chain's order is theirs: the
# device backs the first extent with the first half of the backend and
# the second with the second half (checked at their DPAs), and the DAX
# device maps them in that order, so it reads the backend's bytes in the
# backend's order.
. "$CTM/lib.sh"
ctm_start dax
A=3a2b3c4d-0001-4a77-b6c3-16df975fcf1a
SZ=0x400000

ctm_pool p0 0x2000000 a:$A:$((2 * SZ)):51 || fail "pool and backend a, filled"
BA=$C/pools/p0/backends/a
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0/a
dd if=$DBG of=/tmp/half0 bs=4096 count=1024 2>/dev/null &&
	dd if=$DBG of=/tmp/half1 bs=4096 skip=1024 count=1024 2>/dev/null ||
	fail "save the backend's halves"

D=$(ctm_dc_dev dg 0x10000000 0x10000000 p0) || fail "enable the DCD"
host=$(mock_host_of dg)
media=/sys/kernel/debug/cxl_tag_mock/$host/media
r=$(ctm_dc_region dg) || fail "DC region"

dc_trace_start || fail "tracing"
put "0 $A prescriptive 0:$SZ,0x1000000:$SZ" $D/dc_add || fail "offer A as two extents"
dc_wait_host 20 $r "0x0 $SZ $A;0x1000000 $SZ $A;" || fail "A's extents on the host"
dc_wait_extents 5 dg "0 0x0 $SZ $A 0 accepted;0 0x1000000 $SZ $A 0 accepted;" ||
	fail "A's extents on the device"
[ "$(dc_trace_count add)" = 2 ] || fail "adds traced: $(cat $DC_TRACE/trace)"
[ "$(dc_avail $r)" = $((2 * SZ)) ] || fail "available_size $(dc_avail $r)"

# Device side: the first extent holds the backend's first half.
same_at() {	# DPA FILE
	dd if=$media bs=4096 skip=$(($1 / 4096)) count=1024 2>/dev/null | cmp -s - "$2"
}
wait_for 10 same_at $DC_BASE /tmp/half0 || fail "the extent at offset 0 does not hold the backend's first half"
same_at $((DC_BASE + 0x1000000)) /tmp/half1 || fail "the extent at 16 MiB does not hold the backend's second half"

# One claim, one device, both extents.
d=$(dc_claim $r $A) || fail "claim A"
[ "$(cat /sys/bus/dax/devices/$d/size)" = $((2 * SZ)) ] ||
	fail "$d size $(cat /sys/bus/dax/devices/$d/size)"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r)"
ls -d /sys/bus/dax/devices/$d/mapping[0-9]* >/dev/null 2>&1 || fail "no mappings of $d"
maps=
for m in /sys/bus/dax/devices/$d/mapping[0-9]*; do
	maps="$maps $(basename $m)=$(cat $m/start)-$(cat $m/end)@$(cat $m/page_offset)"
done
ctm-pattern check /dev/$d 0 $SZ 51 ||
	fail "$d's first $SZ bytes are not the backend's first half (mappings:$maps)"
ctm-pattern check /dev/$d $SZ $SZ 51 ||
	fail "$d's last $SZ bytes are not the backend's second half (mappings:$maps)"

dc_unclaim $r $d || fail "destroy $d"
put "tag $A" $D/dc_release || fail "release A"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = released ]" ||
	fail "A not released: $(cat $BA/dc_status)"
dc_wait_host 5 $r "" || fail "A's extents stayed on the host"
[ "$(dc_trace_count release)" = 2 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
dc_trace_stop

rm -f /tmp/half0 /tmp/half1
destroy_region decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
