#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The cxl:cxl_dynamic_capacity tracepoint: one tagged extent added and
# released gives exactly two events, an add and a release, each with the
# memdev, the extent's DPA, length, tag and sequence number; a refused
# offer and a release the host answers for a range it does not use give
# none.
. "$CTM/lib.sh"
ctm_start dax
A=ca2b3c4d-0001-4a77-b6c3-16df975fcf1a

ctm_pool p0 0x2000000 a:$A:0x400000 || fail "pool and backend"
BA=$C/pools/p0/backends/a
D=$(ctm_dc_dev dt 0x10000000 0x20000000 p0 "dc_preload=0:0x10000000:0x200000") ||
	fail "enable the DCD"
host=$(mock_host_of dt)
mem=$(memdev_of dt)
r=$(ctm_dc_region dt) || fail "DC region"

dc_trace_start || fail "tracing"
put "0 $A prescriptive 0x600000:0x400000" $D/dc_add || fail "offer A"
dc_wait_host 20 $r "0x600000 0x400000 $A;" || fail "A on the host"
put "tag $A" $D/dc_release || fail "release A"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = released ]" || fail "a: $(cat $BA/dc_status)"
# Refused (outside the region's decoder), and a release of an extent the
# host has in no region (the preloaded one beyond the decoder).
put "0 0 prescriptive 0x10200000:0x200000" $D/dc_add || fail "offer beyond the decoder"
dc_wait_extents 20 dt "0 0x10000000 0x200000 - 0 accepted;" || fail "the offer beyond the decoder was not dropped"
put "$((DC_BASE + 0x10000000)):0x200000:0" /sys/bus/platform/devices/$host/dc_del_extent || fail "release the preloaded extent"
dc_wait_extents 20 dt "" || fail "the preloaded extent was not released"
echo 0 >$DC_TRACE/tracing_on
grep cxl_dynamic_capacity: $DC_TRACE/trace >/tmp/dc.trace
[ "$(grep -c . /tmp/dc.trace)" = 2 ] || fail "events: $(cat /tmp/dc.trace)"
DPA=$(printf '%#x' $((DC_BASE + 0x600000)))
serial=$(printf '%d' $(cat $C/devices/dt/serial))
sed -n 1p /tmp/dc.trace | grep -q "memdev=$mem host=$host serial=$serial type=add dpa=$DPA len=0x400000 tag=$A seq=0\$" ||
	fail "the add event: $(sed -n 1p /tmp/dc.trace)"
sed -n 2p /tmp/dc.trace | grep -q "memdev=$mem host=$host serial=$serial type=release dpa=$DPA len=0x400000 tag=$A seq=0\$" ||
	fail "the release event: $(sed -n 2p /tmp/dc.trace)"
rm -f /tmp/dc.trace
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
