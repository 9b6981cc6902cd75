#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared extent sequence numbers on a region that is not sharable (its
# CDAT DSMAS entry has no Shareable flag): there a tag group must carry
# sequence 0 only. A group with sequences 0,1 is dropped whole (-EINVAL), as is one
# with the gap 0,2, and a lone extent with sequence 1; the same tag with
# sequence 0 is accepted afterwards.
. "$CTM/lib.sh"
ctm_start dax
T=7a2b3c4d-0001-4a77-b6c3-16df975fcf1a	# no backend: injected

D=$(ctm_dc_dev ds 0x10000000 0x10000000) || fail "enable the DCD"
SH=$(mock_knob ds dc_inject_shared_extent)
r=$(ctm_dc_region ds) || fail "DC region"
dc_trace_start || fail "tracing"

dc_log_mark
put "$DC_BASE:0x200000:$T:1:0" $SH && put "$((DC_BASE + 0x400000)):0x200000:$T:0:1" $SH ||
	fail "inject sequences 0,1"
dc_wait_extents 20 ds "" || fail "the group 0,1 was not dropped"
dc_log_since | grep -q "DC extent $(printf '%#x' $((DC_BASE + 0x400000)))+0x200000 tag $T seq 1 refused: -22" ||
	fail "refusal of sequence 1 not logged: $(dc_log_since)"
dc_log_since | grep -q "DC extent $(printf '%#x' $DC_BASE)+0x200000 tag $T seq 0 refused: -22" ||
	fail "sequence 0 not refused with its group: $(dc_log_since)"

put "$DC_BASE:0x200000:$T:1:0" $SH && put "$((DC_BASE + 0x400000)):0x200000:$T:0:2" $SH ||
	fail "inject sequences 0,2"
dc_wait_extents 20 ds "" || fail "the group 0,2 was not dropped"
put "$DC_BASE:0x200000:$T:0:1" $SH || fail "inject sequence 1 alone"
dc_wait_extents 20 ds "" || fail "a lone sequence 1 was not dropped"
dc_wait_host 1 $r "" || fail "the host kept a shared extent"
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

put "$DC_BASE:0x200000:$T:1:0" $SH && put "$((DC_BASE + 0x400000)):0x200000:$T:0:0" $SH ||
	fail "inject T twice with sequence 0"
dc_wait_host 20 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "T with sequence 0 not accepted"
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 ds "" || fail "extents left"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
