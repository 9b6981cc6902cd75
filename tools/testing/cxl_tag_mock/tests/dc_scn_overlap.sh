#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Overlapping offers.
# Device side (configfs dc_add, the injection knob): a range over an
# accepted extent or a pending offer is -EBUSY, ranges of one request that
# overlap each other are -EINVAL; nothing is queued by a failed request.
# Host side: a chain whose two injections overlap each other is refused
# whole (-EBUSY for both; the first is a re-offer across the edge of an
# accepted extent, so that the device lets the second one through), while
# the second alone is accepted afterwards; a re-offer inside an accepted
# extent is a duplicate: accepted again, nothing new on the host.
. "$CTM/lib.sh"
ctm_start dax

D=$(ctm_dc_dev do 0x10000000 0x10000000) || fail "enable the DCD"
INJ=$(mock_knob do dc_inject_extent)
HOLD=$(mock_debugfs do dc_hold_events) || fail "no debugfs directory"
r=$(ctm_dc_region do) || fail "DC region"

put "0 0 prescriptive 0:0x400000" $D/dc_add || fail "offer X"
dc_wait_host 20 $r "0x0 0x400000 -;" || fail "X on the host"
X="0 0x0 0x400000 - 0 accepted;"
dc_wait_extents 1 do "$X" || fail "X on the device"

# Device side.
expect_errno_exact "Device or resource busy" put "0 0 prescriptive 0x200000:0x400000" $D/dc_add
expect_errno_exact "Device or resource busy" put "0 0 prescriptive 0:0x400000" $D/dc_add
dc_wait_extents 1 do "$X" || fail "a failed dc_add changed dc_extents"
expect_errno_exact "Invalid argument" put "0 0 prescriptive 0x1000000:0x400000,0x1200000:0x400000" $D/dc_add
dc_wait_extents 1 do "$X" || fail "a failed dc_add changed dc_extents"
put 1 $HOLD || fail "hold events"
put "0 0 prescriptive 0x2000000:0x200000" $D/dc_add || fail "offer P"
P="0 0x2000000 0x200000 - 0 pending;"
dc_wait_extents 1 do "$X$P" || fail "P not pending"
expect_errno_exact "Device or resource busy" put "0 0 prescriptive 0x2000000:0x400000" $D/dc_add
expect_errno_exact "Device or resource busy" put "$((DC_BASE + 0x1e00000)):0x400000:0:0" $INJ
dc_wait_extents 1 do "$X$P" || fail "a failed request changed dc_extents"
put 0 $HOLD || fail "release events"
dc_wait_host 20 $r "0x0 0x400000 -;0x2000000 0x200000 -;" || fail "P on the host"

# Host side: A = [2, 6) MiB crosses X's end (a re-offer, holding nothing on
# the device) and is refused (-EBUSY); B = [4, 6) MiB is new and overlaps
# only A. Offers that overlap each other are both refused, unless one of
# them is refused anyway: then the other stands on its own, and B is
# accepted.
dc_trace_start || fail "tracing"
dc_log_mark
put "$((DC_BASE + 0x200000)):0x400000:0:1" $INJ || fail "inject A"
put "$((DC_BASE + 0x400000)):0x200000:0:0" $INJ || fail "inject B"
dc_wait_host 20 $r "0x0 0x400000 -;0x400000 0x200000 -;0x2000000 0x200000 -;" ||
	fail "B not accepted, or part of A taken"
dc_log_since | grep -q "DC extent $(printf '%#x' $((DC_BASE + 0x200000)))+0x400000 tag 00000000-0000-0000-0000-000000000000 seq 0 refused: -16" ||
	fail "A's refusal not logged: $(dc_log_since)"
[ "$(dc_trace_count add)" = 1 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

# A duplicate: inside X.
echo >$DC_TRACE/trace
dc_log_mark
put "$DC_BASE:0x200000:0:0" $INJ || fail "inject inside X"
dc_wait_extents 20 do "${X}0 0x400000 0x200000 - 0 accepted;${P%pending;}accepted;" ||
	fail "the duplicate was not answered"
dc_wait_host 1 $r "0x0 0x400000 -;0x400000 0x200000 -;0x2000000 0x200000 -;" || fail "the duplicate made an extent"
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced for a duplicate: $(cat $DC_TRACE/trace)"
dc_log_since | grep -q "refused" && fail "the duplicate was refused: $(dc_log_since)"
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 do "" || fail "extents left"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
