#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A chain holds at most 100 extents by default (cxl_core's dc_chain_max):
# one of 101 (injected, More on all but the last) is answered empty, every
# offer dropped on the device and none on the host; one of exactly 100 is
# accepted whole, 100 extents on the host and 100 add events, and
# destroying the region gives all 100 back. The limit is a setting, not
# an array size: with dc_chain_max 120 (taken by a device that probes
# afterwards) a chain of 120 is accepted and one of 121 answered empty;
# values outside 1..4096 are refused (EINVAL) and change nothing.
. "$CTM/lib.sh"
PARAM=/sys/module/cxl_core/parameters/dc_chain_max

ctm_start dax
trap 'echo 100 >$PARAM; ctm_cleanup' EXIT

[ "$(cat $PARAM)" = 100 ] || fail "dc_chain_max is $(cat $PARAM) by default"
for bad in 0 4097 -1 x ""; do
	expect_put "Invalid argument" "$bad" $PARAM
done
[ "$(cat $PARAM)" = 100 ] || fail "a refused value changed dc_chain_max: $(cat $PARAM)"

D=$(ctm_dc_dev dl 0x10000000 0x10000000) || fail "enable the DCD"
host=$(mock_host_of dl)
INJ=/sys/bus/platform/devices/$host/dc_inject_extent
HOLD=$(mock_debugfs dl dc_hold_events) || fail "no debugfs directory"
mem=$(memdev_of dl)
r=$(ctm_dc_region dl) || fail "DC region"
dc_trace_start || fail "tracing"

# chain N: inject N adjacent extents of 2 MiB as one chain. The device
# holds the records until the whole chain is queued, so that the host's
# 20 s limit on an open chain cannot cut it however slow the guest is.
chain() {
	put 1 $HOLD || return 1
	i=0
	while [ $i -lt $1 ]; do
		more=1
		[ $i -lt $(($1 - 1)) ] || more=0
		echo "$((DC_BASE + i * 0x200000)):0x200000:0:$more" >$INJ || return 1
		i=$((i + 1))
	done
	[ "$(grep -c ' pending$' $D/dc_extents)" = $1 ] || return 1
	put 0 $HOLD
}

# limit N: a chain of N + 1 is answered empty (nothing on either side, one
# log line); a chain of N is accepted whole on both sides.
limit() {
	dc_log_mark
	chain $(($1 + 1)) || fail "inject $(($1 + 1))"
	dc_wait_extents 30 dl "" || fail "a chain of $(($1 + 1)) was not answered empty"
	[ "$(dc_host_count $r)" = 0 ] || fail "$(dc_host_count $r) extents of the $(($1 + 1)) on the host"
	dc_log_since | grep -q "DC offer of more than $1 extents refused" ||
		fail "not logged: $(dc_log_since)"
	chain $1 || fail "inject $1"
	wait_for 60 sh -c "[ \$(grep -c ' accepted\$' $D/dc_extents) = $1 ]" ||
		fail "a chain of $1 was not accepted: $(grep -c accepted $D/dc_extents) accepted"
	wait_for 10 sh -c "[ \"\$(ls $(dc_dax_dir $r) | grep -c '^extent')\" = $1 ]" ||
		fail "$(dc_host_count $r) extents on the host"
	[ "$(dc_avail $r)" = $(($1 * 0x200000)) ] || fail "available_size $(dc_avail $r)"
	last=$(dc_host_extents $r | tail -n 1)
	[ "$last" = "$(printf '%#x' $((($1 - 1) * 0x200000))) 0x200000 -" ] ||
		fail "the last extent: $last"
}

limit 100
[ "$(dc_trace_count add)" = 100 ] || fail "$(dc_trace_count add) adds traced (none for the 101)"
destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 30 dl "" || fail "extents left"
[ "$(dc_trace_count release)" = 100 ] || fail "$(dc_trace_count release) releases traced"
dc_trace_stop
put 0 $D/enable || fail "disable the device"

# A limit of 120, taken when the device probes again.
put 120 $PARAM || fail "set dc_chain_max"
put 1 $D/enable || fail "enable the DCD again"
host=$(mock_host_of dl)
INJ=/sys/bus/platform/devices/$host/dc_inject_extent
HOLD=$(mock_debugfs dl dc_hold_events) || fail "no debugfs directory"
mem=$(memdev_of dl)
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region again"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
limit 120
destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 30 dl "" || fail "extents left"
put 100 $PARAM || fail "restore dc_chain_max"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
