#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two regions in one DC partition: DC region 0 (512 MiB) split between two
# endpoint decoders, a dynamic_ram_1 region each. Extents land in the
# region whose decoder maps them, with offsets relative to that region;
# claims see only their region's extents. An extent across the boundary
# of the two decoders is dropped (-ENXIO), as is a tag group with a member
# in each region (-EXDEV). Destroying the second region releases only its
# extents.
. "$CTM/lib.sh"
ctm_start dax
A=9a2b3c4d-0001-4a77-b6c3-16df975fcf1a
G=9a2b3c4d-0002-4a77-b6c3-16df975fcf1a	# no backend: injected
HALF=0x10000000

ctm_pool p0 0x2000000 a:$A:0x400000 || fail "pool and backend"
BA=$C/pools/p0/backends/a
# No static capacity: DC region 0 starts at DPA 0.
D=$(ctm_dc_dev d2 0 0x20000000 p0) || fail "enable the DCD"
INJ=$(mock_knob d2 dc_inject_extent)
mem=$(memdev_of d2)
[ "$(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)" = 0x20000000 ] ||
	fail "dynamic_ram_1 size $(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)"
dec0=$(dc_ep_decoder $mem 0) && dec1=$(dc_ep_decoder $mem 1) || fail "endpoint decoders"
ra=$(dc_region_on $dec0 $HALF) || fail "first DC region"
rb=$(dc_region_on $dec1 $HALF) || fail "second DC region"
[ "$(cat $dec0/dpa_resource)" = 0x0 ] && [ "$(cat $dec1/dpa_resource)" = $HALF ] ||
	fail "decoder DPA: $(cat $dec0/dpa_resource) $(cat $dec1/dpa_resource)"
wait_for 10 test -e $(dc_dax_dir $ra)/dax_region/seed || fail "no DAX region under $ra"
wait_for 10 test -e $(dc_dax_dir $rb)/dax_region/seed || fail "no DAX region under $rb"

put "0 0 prescriptive 0x400000:0x200000" $D/dc_add || fail "offer in the first half"
put "0 0 prescriptive 0x10800000:0x200000" $D/dc_add || fail "offer in the second half"
put "0 $A prescriptive 0x12000000:0x400000" $D/dc_add || fail "offer A in the second half"
dc_wait_host 20 $ra "0x400000 0x200000 -;" || fail "$ra's extents"
dc_wait_host 20 $rb "0x800000 0x200000 -;0x2000000 0x400000 $A;" || fail "$rb's extents"
[ "$(dc_avail $ra)" = $((0x200000)) ] && [ "$(dc_avail $rb)" = $((0x600000)) ] ||
	fail "available_size $(dc_avail $ra) $(dc_avail $rb)"
ACC="0 0x400000 0x200000 - 0 accepted;0 0x10800000 0x200000 - 0 accepted;0 0x12000000 0x400000 $A 0 accepted;"
dc_wait_extents 1 d2 "$ACC" || fail "the device's extents"

# Claims stay in their region.
s=$(dc_seed $ra) || fail "no seed in $ra"
expect_put "No such file or directory" $A /sys/bus/dax/devices/$s/uuid
da=$(dc_claim $rb $A) || fail "claim A in $rb"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((0x400000)) ] || fail "$da size"
du=$(dc_claim $ra 0) || fail "claim 0 in $ra"
[ "$(cat /sys/bus/dax/devices/$du/size)" = $((0x200000)) ] || fail "$du size"
[ "$(dc_avail $ra)" = 0 ] && [ "$(dc_avail $rb)" = $((0x200000)) ] ||
	fail "available_size after claims: $(dc_avail $ra) $(dc_avail $rb)"

# Across the boundary; a group split over the two regions.
dc_log_mark
put "$((HALF - 0x200000)):0x400000:0:0" $INJ || fail "inject across the boundary"
dc_wait_extents 20 d2 "$ACC" || fail "an extent across the two decoders was not dropped"
put "0x1000000:0x200000:$G:1" $INJ && put "$((HALF + 0x1000000)):0x200000:$G:0" $INJ ||
	fail "inject G in both halves"
dc_wait_extents 20 d2 "$ACC" || fail "a group over two regions was not dropped"
dc_log_since | grep -q "DC extent $(printf '%#x' $((HALF - 0x200000)))+0x400000 .* refused: -6" ||
	fail "the boundary extent's refusal: $(dc_log_since)"
dc_log_since | grep -q "tag $G seq 0 refused: -18" || fail "G's refusal: $(dc_log_since)"
dc_wait_host 1 $ra "0x400000 0x200000 -;" && dc_wait_host 1 $rb "0x800000 0x200000 -;0x2000000 0x400000 $A;" ||
	fail "refused extents on the host"

# The second region goes alone.
dc_region_off $rb $dec1 || fail "destroy $rb"
dc_wait_extents 10 d2 "0 0x400000 0x200000 - 0 accepted;" || fail "$rb's extents not released alone"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
[ -e /sys/bus/dax/devices/$du/driver ] || fail "$du lost its driver"
dc_region_off $ra $dec0 || fail "destroy $ra"
dc_wait_extents 10 d2 "" || fail "extents left"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
