#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Destroying a DC region gives its extents back to the device:
# - a region without extents goes without any release (no event traced);
# - a region with accepted, unclaimed extents (untagged and tagged)
#   releases each one: dc_extents empty, the tag's dc_status "released",
#   one release event per extent, and the host forgets the tag (it can be
#   offered and accepted again);
# - a region whose extent a bound DAX device maps releases it too, and the
#   DAX device goes with the region.
. "$CTM/lib.sh"
ctm_start dax
A=5a2b3c4d-0001-4a77-b6c3-16df975fcf1a

ctm_pool p0 0x2000000 a:$A:0x400000 || fail "pool and backend"
BA=$C/pools/p0/backends/a
D=$(ctm_dc_dev dd 0x10000000 0x10000000 p0) || fail "enable the DCD"
mem=$(memdev_of dd)
dec=$(dc_ep_decoder $mem 0) || fail "no endpoint decoder"
dc_trace_start || fail "tracing"

# 1. No extents.
r=$(dc_region_on $dec 0x10000000) || fail "DC region"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
dc_region_off $r $dec || fail "destroy the empty $r"
[ ! -e /sys/bus/cxl/devices/$r ] || fail "$r still there"
[ "$(dc_trace_count release)" = 0 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
[ -z "$(cat $D/dc_extents)" ] || fail "dc_extents: $(cat $D/dc_extents)"

# 2. Accepted extents, none claimed.
r=$(dc_region_on $dec 0x10000000) || fail "DC region again"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
put "0 0 prescriptive 0:0x200000,0x800000:0x200000" $D/dc_add || fail "offer untagged"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "offer A"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;0x800000 0x200000 -;" || fail "extents"
[ "$(tag_status $BA)" = accepted ] || fail "a: $(cat $BA/dc_status)"
echo >$DC_TRACE/trace
dc_region_off $r $dec || fail "destroy $r with extents"
dc_wait_extents 10 dd "" || fail "extents left on the device"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
[ "$(dc_trace_count release)" = 3 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
for x in "$DC_BASE len=0x200000 tag=00000000-0000-0000-0000-000000000000" \
	"$((DC_BASE + 0x400000)) len=0x400000 tag=$A" \
	"$((DC_BASE + 0x800000)) len=0x200000 tag=00000000-0000-0000-0000-000000000000"; do
	grep -q "type=release dpa=$(printf '%#x' ${x%% *}) ${x#* } seq=0" $DC_TRACE/trace ||
		fail "no release of ${x}: $(cat $DC_TRACE/trace)"
done

# 3. A bound DAX device maps the extent; the host took the tag back above,
#    so the same tag is accepted again.
r=$(dc_region_on $dec 0x10000000) || fail "DC region a third time"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "offer A again"
dc_wait_host 20 $r "0x400000 0x400000 $A;" || fail "A was not accepted again"
d=$(dc_claim $r $A) || fail "claim A"
[ -e /sys/bus/dax/devices/$d/driver ] || fail "$d not bound"
echo >$DC_TRACE/trace
dc_region_off $r $dec || fail "destroy $r with a bound DAX device"
[ ! -e /sys/bus/dax/devices/$d ] || fail "$d outlived its region"
dc_wait_extents 10 dd "" || fail "A left on the device"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
[ "$(dc_trace_count release)" = 1 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
dc_trace_stop

ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
