#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Releases are by whole extent and whole tag group, and wait for DAX:
# - a Release Capacity record for one extent of a two-extent tag group,
#   unclaimed, releases both (one Release DC each, two release events);
# - the same while the group's DAX device holds it: nothing is released
#   (the device shows one extent release-pending, the DAX device keeps its
#   size and data, the trace shows one deferred release); once the device
#   is destroyed and the release asked again (dc_del_extent), the whole
#   group goes;
# - a record naming part of an untagged extent releases the whole extent,
#   at once when unclaimed, and only after its DAX device is destroyed
#   when claimed (the trace shows the extent's full range).
. "$CTM/lib.sh"
ctm_start dax
A=4a2b3c4d-0001-4a77-b6c3-16df975fcf1a
SZ=0x400000

ctm_pool p0 0x2000000 a:$A:$((2 * SZ)):71 || fail "pool and backend a, filled"
BA=$C/pools/p0/backends/a
D=$(ctm_dc_dev dr 0x10000000 0x10000000 p0) || fail "enable the DCD"
DEL=$(mock_knob dr dc_del_extent)
r=$(ctm_dc_region dr) || fail "DC region"
dc_trace_start || fail "tracing"

status_is() {	# WANT: the backend's first dc_status line, within 20 s
	wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = '$1' ]" ||
		fail "a: '$(tag_status $BA)', expected '$1': $(cat $BA/dc_status)"
}

# 1. Unclaimed group, one member named: the group goes.
put "0 $A prescriptive 0:$SZ,0x1000000:$SZ" $D/dc_add || fail "offer A"
dc_wait_host 20 $r "0x0 $SZ $A;0x1000000 $SZ $A;" || fail "A's extents"
put "$DC_BASE:$SZ:$A" $DEL || fail "release A's first extent"
status_is released
dc_wait_extents 5 dr "" || fail "A's second extent stayed on the device"
dc_wait_host 5 $r "" || fail "A's extents stayed on the host"
[ "$(dc_trace_count release)" = 2 ] || fail "releases traced: $(cat $DC_TRACE/trace)"

# 2. Claimed group, the other member named: deferred, then the group goes.
put "0 $A prescriptive 0:$SZ,0x1000000:$SZ" $D/dc_add || fail "offer A again"
dc_wait_host 20 $r "0x0 $SZ $A;0x1000000 $SZ $A;" || fail "A's extents again"
d=$(dc_claim $r $A) || fail "claim A"
echo >$DC_TRACE/trace
out=$(dc_deferred dr put "$((DC_BASE + 0x1000000)):$SZ:$A" $DEL) ||
	fail "release A's second extent: $out"
[ "$(tag_status $BA)" = "accepted release-pending" ] || fail "a: $(cat $BA/dc_status)"
dc_wait_host 1 $r "0x0 $SZ $A;0x1000000 $SZ $A;" || fail "A's extents went while claimed"
[ "$(cat /sys/bus/dax/devices/$d/size)" = $((2 * SZ)) ] || fail "$d size $(cat /sys/bus/dax/devices/$d/size)"
# (Its data is the backend's, in whatever order it maps the two extents:
# dc_scn_group checks the order.)
ctm-pattern write /dev/$d 0 $((2 * SZ)) 72 && ctm-pattern check /dev/$d 0 $((2 * SZ)) 72 ||
	fail "$d unusable while its release is pending"
[ "$(dc_trace_count release)" = 0 ] || fail "released while claimed: $(cat $DC_TRACE/trace)"
[ "$(dc_trace_count deferred)" = 1 ] || fail "deferrals traced: $(cat $DC_TRACE/trace)"
dc_unclaim $r $d || fail "destroy $d"
put "$((DC_BASE + 0x1000000)):$SZ:$A" $DEL || fail "ask again"
status_is released
dc_wait_host 5 $r "" || fail "A's extents stayed on the host"
[ "$(dc_trace_count release)" = 2 ] || fail "releases traced: $(cat $DC_TRACE/trace)"

# 3. Part of an unclaimed untagged extent: the whole extent, at once.
put "0 0 prescriptive 0x3000000:0x800000" $D/dc_add || fail "offer U"
dc_wait_host 20 $r "0x3000000 0x800000 -;" || fail "U on the host"
echo >$DC_TRACE/trace
put "$((DC_BASE + 0x3200000)):0x200000:0" $DEL || fail "release part of U"
dc_wait_extents 20 dr "" || fail "U not released"
dc_wait_host 5 $r "" || fail "U stayed on the host"
grep -q "type=release dpa=$(printf '%#x' $((DC_BASE + 0x3000000))) len=0x800000 " $DC_TRACE/trace ||
	fail "U's whole range not released: $(cat $DC_TRACE/trace)"

# 4. Part of a claimed untagged extent: deferred, then the whole extent.
put "0 0 prescriptive 0x3000000:0x800000" $D/dc_add || fail "offer U again"
dc_wait_host 20 $r "0x3000000 0x800000 -;" || fail "U on the host again"
d=$(dc_claim $r 0) || fail "claim U"
echo >$DC_TRACE/trace
out=$(dc_deferred dr put "$((DC_BASE + 0x3600000)):0x200000:0" $DEL) ||
	fail "release part of claimed U: $out"
dc_wait_extents 1 dr "0 0x3000000 0x800000 - 0 release-pending;" || fail "U not release-pending"
dc_wait_host 1 $r "0x3000000 0x800000 -;" || fail "U went while claimed"
[ "$(cat /sys/bus/dax/devices/$d/size)" = $((0x800000)) ] || fail "$d size"
[ "$(dc_trace_count release)" = 0 ] || fail "released while claimed: $(cat $DC_TRACE/trace)"
dc_unclaim $r $d || fail "destroy $d"
put "$((DC_BASE + 0x3600000)):0x200000:0" $DEL || fail "ask again for part of U"
dc_wait_extents 20 dr "" || fail "U not released after its device went"
dc_wait_host 5 $r "" || fail "U stayed on the host"
[ "$(dc_trace_count release)" = 1 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
grep -q "type=release dpa=$(printf '%#x' $((DC_BASE + 0x3000000))) len=0x800000 " $DC_TRACE/trace ||
	fail "U's whole range not released: $(cat $DC_TRACE/trace)"
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
