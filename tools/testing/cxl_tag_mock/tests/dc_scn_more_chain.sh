#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# More-chained offers. Records with More are held by the host until the
# record that closes the chain: after two injections with more=1 nothing
# is on the host and the device's offers stay pending (and configfs dc_add
# is -EBUSY while the chain is open); the closing record brings all three
# in one answer. A chain left open is answered empty once
# cxl_core.dc_chain_timeout_ms (20,000 by default: checked, as its range)
# has passed since its first record, not before (set to 5 s here): dropped
# on the device (dc_extents, the backend's dc_status), nothing on the
# host, and the device takes new offers again.
. "$CTM/lib.sh"
ctm_start dax
A=aa2b3c4d-0001-4a77-b6c3-16df975fcf1a

ctm_pool p0 0x2000000 a:$A:0x800000 || fail "pool and backend"
BA=$C/pools/p0/backends/a
D=$(ctm_dc_dev dm 0x10000000 0x10000000 p0) || fail "enable the DCD"
INJ=$(mock_knob dm dc_inject_extent)
# The same knob in the device's debugfs directory: some writes go there,
# in the middle of chains the platform knob opens and closes.
DINJ=$(mock_debugfs dm dc_inject_extent) || fail "no debugfs directory"
[ -e $DINJ ] || fail "no $DINJ"
r=$(ctm_dc_region dm) || fail "DC region"
dc_trace_start || fail "tracing"

# Held until More=0. The knobs are synchronous: when the writes return,
# the host has read both records (Get Event Records ran) and, the chain
# being open, answered neither (no Add DC Response).
get0=$(dc_mbox_runs dm 0x0100) && resp0=$(dc_mbox_runs dm 0x4802) || fail "mailbox statistics"
put "$DC_BASE:0x200000:0:1" $INJ || fail "inject 1 (more)"
put "$((DC_BASE + 0x400000)):0x400000:$A:1" $DINJ || fail "inject 2 (more, debugfs)"
[ "$(dc_mbox_runs dm 0x0100)" -gt "$get0" ] || fail "the host did not read the chain's records"
[ "$(dc_mbox_runs dm 0x4802)" = "$resp0" ] || fail "the host answered an open chain"
OPEN="0 0x0 0x200000 - 0 pending;0 0x400000 0x400000 $A 0 pending;"
dc_wait_extents 1 dm "$OPEN" || fail "the open chain's offers"
dc_wait_host 1 $r "" || fail "extents surfaced before the chain closed"
[ "$(tag_status $BA)" = pending ] || fail "a: $(cat $BA/dc_status)"
expect_errno_exact "Device or resource busy" put "0 0 prescriptive 0x2000000:0x200000" $D/dc_add
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"
put "$((DC_BASE + 0x1000000)):0x200000:0:0" $INJ || fail "inject 3 (closes)"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;0x1000000 0x200000 -;" ||
	fail "the closed chain's extents"
dc_wait_extents 1 dm "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;0 0x1000000 0x200000 - 0 accepted;" ||
	fail "the device's extents"
[ "$(dc_trace_count add)" = 3 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

# Left open: answered empty after the chain timeout.
TMO=/sys/module/cxl_core/parameters/dc_chain_timeout_ms
[ "$(cat $TMO)" = 20000 ] || fail "dc_chain_timeout_ms is $(cat $TMO), not 20000 by default"
for bad in 0 99 600001 -1 x ""; do
	expect_errno_exact "Invalid argument" put "$bad" $TMO
	[ "$(cat $TMO)" = 20000 ] || fail "dc_chain_timeout_ms '$bad' left $(cat $TMO)"
done
trap 'echo 20000 >$TMO; ctm_cleanup' EXIT
put 5000 $TMO || fail "dc_chain_timeout_ms 5000"
put "tag $A" $D/dc_release || fail "release A"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = released ]" || fail "a: $(cat $BA/dc_status)"
ACC=$(dc_extents_of dm)
echo >$DC_TRACE/trace
dc_log_mark
uptime_cs
t0=$NOW_CS
put "$((DC_BASE + 0x2000000)):0x200000:0:1" $DINJ || fail "inject (more, never closed, debugfs)"
put "$((DC_BASE + 0x2400000)):0x400000:$A:1" $INJ || fail "inject A (more, never closed)"
dc_wait_extents 1 dm "${ACC}0 0x2000000 0x200000 - 0 pending;0 0x2400000 0x400000 $A 0 pending;" ||
	fail "the open chain's offers"
[ "$(tag_status $BA)" = pending ] || fail "a: $(cat $BA/dc_status)"
dc_wait_extents 15 dm "$ACC" || fail "the open chain was not answered empty"
uptime_cs
# The answer came no earlier than the timeout after the first record
# (t0 is before it): a chain answered early fails here.
[ $((NOW_CS - t0)) -ge 500 ] || fail "the open chain was answered after $((NOW_CS - t0))0 ms"
put 20000 $TMO || fail "dc_chain_timeout_ms back to 20000"
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
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
