#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# More-chained offers. Records with More are held by the host until the
# record that closes the chain: after two injections with more=1 nothing
# is on the host and the device's offers stay pending (and configfs dc_add
# is -EBUSY while the chain is open); the closing record brings all three
# in one answer. A chain left open is answered empty 20 s after its first
# record: still pending after 10 s, dropped on the device (dc_extents,
# the backend's dc_status) by 30 s, nothing on the host, and the device
# takes new offers again.
. "$CTM/lib.sh"
trap dc_scn_cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
A=aa2b3c4d-0001-4a77-b6c3-16df975fcf1a
BASE=0x10000000

mkdir $C/pools/p0 $C/pools/p0/backends/a || fail "mkdir pool"
put 0x2000000 $C/pools/p0/size && put $A $C/pools/p0/backends/a/tag &&
	put 0x800000 $C/pools/p0/backends/a/size || fail "pool and backend"
BA=$C/pools/p0/backends/a
D=$C/devices/dm
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	ln -s $C/pools/p0 $D/pool && put 1 $D/enable || fail "enable the DCD"
host=$(mock_host_of dm)
INJ=/sys/bus/platform/devices/$host/dc_inject_extent
mem=$(memdev_of dm)
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
dc_trace_start || fail "tracing"

# Held until More=0. The knob is synchronous: when the writes return,
# the host has read both records (Get Event Records ran) and, the chain
# being open, answered neither (no Add DC Response).
get0=$(dc_mbox_runs dm 0x0100) && resp0=$(dc_mbox_runs dm 0x4802) || fail "mailbox statistics"
put "$BASE:0x200000:0:1" $INJ || fail "inject 1 (more)"
put "$((BASE + 0x400000)):0x400000:$A:1" $INJ || fail "inject 2 (more)"
[ "$(dc_mbox_runs dm 0x0100)" -gt "$get0" ] || fail "the host did not read the chain's records"
[ "$(dc_mbox_runs dm 0x4802)" = "$resp0" ] || fail "the host answered an open chain"
OPEN="0 0x0 0x200000 - 0 pending;0 0x400000 0x400000 $A 0 pending;"
dc_wait_extents 1 dm "$OPEN" || fail "the open chain's offers"
dc_wait_host 1 $r "" || fail "extents surfaced before the chain closed"
[ "$(tag_status $BA)" = pending ] || fail "a: $(cat $BA/dc_status)"
expect_errno_exact "Device or resource busy" put "0 0 prescriptive 0x2000000:0x200000" $D/dc_add
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"
put "$((BASE + 0x1000000)):0x200000:0:0" $INJ || fail "inject 3 (closes)"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;0x1000000 0x200000 -;" ||
	fail "the closed chain's extents"
dc_wait_extents 1 dm "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;0 0x1000000 0x200000 - 0 accepted;" ||
	fail "the device's extents"
[ "$(dc_trace_count add)" = 3 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

# Left open: answered empty after 20 s.
put "tag $A" $D/dc_release || fail "release A"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = released ]" || fail "a: $(cat $BA/dc_status)"
ACC=$(dc_extents_of dm)
echo >$DC_TRACE/trace
dc_log_mark
put "$((BASE + 0x2000000)):0x200000:0:1" $INJ || fail "inject (more, never closed)"
put "$((BASE + 0x2400000)):0x400000:$A:1" $INJ || fail "inject A (more, never closed)"
t0=$(date +%s)
sleep 10
[ "$(tag_status $BA)" = pending ] || fail "answered before 20 s: $(cat $BA/dc_status)"
dc_wait_extents 1 dm "${ACC}0 0x2000000 0x200000 - 0 pending;0 0x2400000 0x400000 $A 0 pending;" ||
	fail "the open chain's offers after 10 s"
dc_wait_extents 20 dm "$ACC" || fail "the open chain was not answered empty"
t=$(($(date +%s) - t0))
[ $t -ge 18 ] || fail "the open chain was answered after $t s"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
dc_wait_host 1 $r "0x0 0x200000 -;0x1000000 0x200000 -;" || fail "the open chain's extents on the host"
dc_log_since | grep -q "DC offer left open: answered empty" || fail "timeout not logged: $(dc_log_since)"
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"
put "0 $A prescriptive 0x2400000:0x400000" $D/dc_add || fail "offer after the timeout"
dc_wait_host 20 $r "0x0 0x200000 -;0x1000000 0x200000 -;0x2400000 0x400000 $A;" ||
	fail "an offer after the timeout"
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dm "" || fail "extents left"
put 0 $D/enable && rm $D/pool && rmdir $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
unload_mock || fail "unload"
exit 0
