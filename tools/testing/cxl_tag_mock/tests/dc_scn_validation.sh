#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Offers the host must drop, while the device learns it from the Add DC
# Response (the dropped offers leave dc_extents, nothing is traced):
# - on a DC region with a 1 MiB block size, an extent that starts or ends
#   on a 1 MiB (not 2 MiB) boundary; a tag group with one such member is
#   dropped whole; a 2 MiB-aligned offer in the same region is accepted;
# - a tag already live on the host, offered again in a second chain (same
#   device, other range), and from another device: dropped, while the
#   first extent stays; once it is released, the tag is accepted again.
. "$CTM/lib.sh"
ctm_start dax
A=6a2b3c4d-0001-4a77-b6c3-16df975fcf1a
B=6a2b3c4d-0002-4a77-b6c3-16df975fcf1a
N=6a2b3c4d-0003-4a77-b6c3-16df975fcf1a	# no backend

ctm_pool p0 0x2000000 a:$A:0x800000 b:$B:0x800000 || fail "pool and backends"
BA=$C/pools/p0/backends/a
BB=$C/pools/p0/backends/b
D=$(ctm_dc_dev dv 0x10000000 0x10000000 p0 dc0/block_size=0x100000) ||
	fail "enable the DCD"
r=$(ctm_dc_region dv) || fail "DC region"
dc_trace_start || fail "tracing"
dc_log_mark

# 1 MiB alignment.
put "0 0 prescriptive 0x100000:0x200000" $D/dc_add || fail "offer at 1 MiB"
dc_wait_extents 20 dv "" || fail "the 1 MiB-aligned start was not dropped"
put "0 0 prescriptive 0x400000:0x100000" $D/dc_add || fail "offer 1 MiB long"
dc_wait_extents 20 dv "" || fail "the 1 MiB length was not dropped"
put "0 0 prescriptive 0x600000:0x300000" $D/dc_add || fail "offer 3 MiB long"
dc_wait_extents 20 dv "" || fail "the 3 MiB length was not dropped"
put "0 $A prescriptive 0x800000:0x200000,0xb00000:0x200000" $D/dc_add || fail "offer A, one member at 11 MiB"
dc_wait_extents 20 dv "" || fail "A's group was not dropped whole"
[ "$(tag_status $BA)" = not-found ] || fail "a: $(cat $BA/dc_status)"
dc_wait_host 1 $r "" || fail "the host kept a misaligned offer"
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"
dc_log_since | grep -q "DC extent $(printf '%#x' $((DC_BASE + 0x100000)))+0x200000 tag 00000000-0000-0000-0000-000000000000 seq 0 refused: -22" ||
	fail "no refusal logged: $(dc_log_since)"
put "0 0 prescriptive 0x1000000:0x200000" $D/dc_add || fail "offer at 16 MiB"
dc_wait_host 20 $r "0x1000000 0x200000 -;" || fail "a 2 MiB-aligned offer was not accepted"
[ "$(dc_trace_count add)" = 1 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

# A live tag, offered again in a second chain.
put "0 $B prescriptive 0x2000000:0x200000" $D/dc_add || fail "offer B"
dc_wait_host 20 $r "0x1000000 0x200000 -;0x2000000 0x200000 $B;" || fail "B not accepted"
dc_log_mark
put "0 $B prescriptive 0x2400000:0x200000" $D/dc_add || fail "offer B again"
wait_for 20 sh -c "[ \"\$(grep -c . $BB/dc_status)\" = 2 ]" ||
	fail "B's second offer was not dropped: $(cat $BB/dc_status)"
[ "$(tag_status $BB)" = accepted ] || fail "b: $(cat $BB/dc_status)"
dc_wait_host 1 $r "0x1000000 0x200000 -;0x2000000 0x200000 $B;" || fail "B's second offer on the host"
dc_log_since | grep -q "refused: -17" || fail "no refusal logged: $(dc_log_since)"
# The same through the injection knob, with a tag no backend has.
INJ=$(mock_knob dv dc_inject_extent)
put "$((DC_BASE + 0x3000000)):0x200000:$N:0" $INJ || fail "inject N"
dc_wait_host 20 $r "0x1000000 0x200000 -;0x2000000 0x200000 $B;0x3000000 0x200000 $N;" || fail "N not accepted"
put "$((DC_BASE + 0x3400000)):0x200000:$N:0" $INJ || fail "inject N again"
dc_wait_extents 20 dv "0 0x1000000 0x200000 - 0 accepted;0 0x2000000 0x200000 $B 0 accepted;0 0x3000000 0x200000 $N 0 accepted;" ||
	fail "N's second chain was not dropped"

# Tags are host-wide: a second device offering B is refused too.
D2=$(ctm_dc_dev dv2 0 0x10000000 p0) || fail "enable a second DCD"
mem2=$(memdev_of dv2)
r2=$(new_dc_region decoder0.0 "$mem2" 0x10000000) || fail "DC region on the second device"
wait_for 10 test -e $(dc_dax_dir $r2)/dax_region/seed || fail "no DAX region on $r2"
put "0 $B prescriptive 0:0x200000" $D2/dc_add || fail "offer B from the second device"
dc_wait_extents 20 dv2 "" || fail "B from the second device was not dropped"
dc_wait_host 1 $r2 "" || fail "B from the second device is on the host"

# B given back: the tag is free again, on either device.
put "tag $B" $D/dc_release || fail "release B"
wait_for 20 sh -c "[ \"\$(head -n1 $BB/dc_status)\" = released ]" || fail "b: $(cat $BB/dc_status)"
put "0 $B prescriptive 0:0x200000" $D2/dc_add || fail "offer B from the second device again"
dc_wait_host 20 $r2 "0x0 0x200000 $B;" || fail "B from the second device not accepted once free"
dc_trace_stop

destroy_region decoder0.0 "$r2" || fail "destroy $r2"
destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dv "" && dc_wait_extents 10 dv2 "" || fail "extents left"
ctm_rm_dev $D2 || fail "remove the second device"
ctm_rm_dev $D || fail "remove the device"
rmdir $BA $BB $C/pools/p0 || fail "remove the pool"
ctm_pass
