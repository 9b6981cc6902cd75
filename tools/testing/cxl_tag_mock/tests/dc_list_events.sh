#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The host's paging of Get DC Extent List at region probe restarts when the
# list changes under it (generation number), and gives up after a bounded
# number of tries, failing the region's probe; Forced Capacity Release takes the
# named extent from the host at once; Region Configuration Updated is
# logged and changes nothing on the host, and one that finds the DCD log
# full is counted as overflow, which the host reports once.
. "$CTM/lib.sh"

ctm_start dax
trap 'dc_expect_end dc_list_events; ctm_cleanup' EXIT
D=$(ctm_dc_dev dl 0x10000000 0x10000000 - \
	"dc_preload=0:0:0x200000 0:0x400000:0x200000 0:0x800000:0x200000") ||
	fail "enable with three extents"
host=$(mock_host_of dl) || fail "no platform device"
DBG=/sys/kernel/debug/cxl_tag_mock/$host
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
count() { ls /sys/bus/cxl/devices/$1/dax_region${1#region} | grep -c '^extent'; }

# One extent a page, and the list "changes" twice while the host pages it.
put 1 $DBG/dc_list_page && put 2 $DBG/dc_list_churn || fail "knobs"
dmesg -c >/dev/null
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
[ "$(count $r)" = 3 ] || fail "$(count $r) extents adopted after restarts"
[ "$(cat $DBG/dc_list_churn)" = 0 ] || fail "the host did not page through the changes"
dmesg | grep -q "cannot read the device's extents" && fail "gave up: $(dmesg | tail -3)"

# Forced release: the device has the capacity back already, so the host
# logs it and drops its extent there at once (the other two stay).
dmesg -c >/dev/null
put "0 0x400000:0x200000" $D/dc_force_release || fail "forced release"
wait_for 10 sh -c "dmesg | grep -q 'DC capacity 0x10400000+0x200000 forcibly released'" ||
	fail "forced release not logged: $(dmesg | tail -3)"
wait_for 10 sh -c "[ \$(ls $(dc_dax_dir $r) | grep -c '^extent') = 2 ]" ||
	fail "the host kept a force-released extent: $(count $r) extents"

# Region Configuration Updated: logged only.
put 0 $DBG/dc_region_event || fail "region event"
wait_for 10 sh -c "dmesg | grep -q 'DC region 0 configuration updated'" ||
	fail "region event not logged: $(dmesg | tail -3)"
expect_errno "No such device or address" put 1 $DBG/dc_region_event
[ "$(count $r)" = 2 ] || fail "a region event changed the host's extents"

# A full DCD log: one more Region Configuration Updated record cannot be
# held back as an offer can; it is lost and counted as overflow, the write
# succeeds. The host sees the overflow once when it reads the log, clears
# the records, and the device works on.
put 1 $DBG/dc_hold_events || fail "hold events"
i=0
while [ $i -lt 1024 ]; do
	echo 0 >$DBG/dc_region_event || fail "region event $i into the log"
	i=$((i + 1))
done
put 0 $DBG/dc_region_event || fail "a region event into a full log"
dc_trace_start && echo 1 >$DC_TRACE/events/cxl/cxl_overflow/enable ||
	fail "tracing"
put 0 $DBG/dc_hold_events || fail "resume events"
wait_for 20 grep -q "cxl_overflow:.*log=Dynamic Capacity : 1 records" $DC_TRACE/trace ||
	fail "the host saw no overflow: $(grep cxl_overflow $DC_TRACE/trace)"
[ "$(grep -c cxl_overflow: $DC_TRACE/trace)" = 1 ] ||
	fail "overflow reported more than once: $(grep cxl_overflow: $DC_TRACE/trace)"
echo 0 >$DC_TRACE/events/cxl/cxl_overflow/enable
dc_trace_stop
put "0 0 prescriptive 0x400000:0x200000" $D/dc_add || fail "offer after the overflow"
wait_for 10 sh -c "[ \$(ls $(dc_dax_dir $r) | grep -c '^extent') = 3 ]" ||
	fail "the offer after the overflow not accepted: $(count $r) extents"
destroy_region decoder0.0 "$r" || fail "destroy $r"

# A list that never holds still: the host gives up and the region does
# not bind, since up without the device's extents it would strand them;
# once the list holds still, binding again adopts them.
put 0 $D/enable && put 1 $D/enable || fail "enable again with the preload"
host=$(mock_host_of dl) || fail "no platform device"
DBG=/sys/kernel/debug/cxl_tag_mock/$host
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
put 1 $DBG/dc_list_page && put 1000 $DBG/dc_list_churn || fail "knobs"
r=$(commit_ram_region_sysfs decoder0.0 "$mem" 0x10000000 dynamic_ram_1) ||
	fail "DC region"
dc_expect_begin dc_list_events
dc_log_mark
expect_errno "Resource temporarily unavailable" \
	put $r /sys/bus/cxl/drivers/cxl_region/bind
dc_expect_end dc_list_events
[ ! -e /sys/bus/cxl/devices/$r/driver ] || fail "$r bound from a list that kept changing"
dc_log_since | grep -q "cannot read the device's extents: -11" ||
	fail "giving up not logged: $(dc_log_since | tail -3)"
put 0 $DBG/dc_list_churn && put $r /sys/bus/cxl/drivers/cxl_region/bind ||
	fail "bind once the list holds still"
[ "$(count $r)" = 3 ] || fail "$(count $r) extents adopted on the second bind"
destroy_region decoder0.0 "$r" || fail "destroy $r"

ctm_rm_dev $D || fail "remove"
ctm_pass
