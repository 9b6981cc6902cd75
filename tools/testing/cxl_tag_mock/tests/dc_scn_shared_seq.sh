#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shared extent sequence numbers on a region the host does not know to be
# sharable. The host learns sharability from CDAT only and the mock
# publishes none, so every DC region is "not sharable" to it, even with
# dc0/sharable set on the device: there a tag group must carry sequence 0
# only. A group with sequences 0,1 is dropped whole (-EINVAL), as is one
# with the gap 0,2, and a lone extent with sequence 1; the same tag with
# sequence 0 is accepted afterwards.
. "$CTM/lib.sh"
trap dc_scn_cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
T=7a2b3c4d-0001-4a77-b6c3-16df975fcf1a	# no backend: injected
BASE=0x10000000

D=$C/devices/ds
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	put 1 $D/dc0/sharable && put 1 $D/enable || fail "enable the DCD"
host=$(mock_host_of ds)
SH=/sys/bus/platform/devices/$host/dc_inject_shared_extent
mem=$(memdev_of ds)
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
dc_trace_start || fail "tracing"

dc_log_mark
put "$BASE:0x200000:$T:1:0" $SH && put "$((BASE + 0x400000)):0x200000:$T:0:1" $SH ||
	fail "inject sequences 0,1"
dc_wait_extents 20 ds "" || fail "the group 0,1 was not dropped"
dc_log_since | grep -q "DC extent $(printf '%#x' $((BASE + 0x400000)))+0x200000 tag $T seq 1 refused: -22" ||
	fail "refusal of sequence 1 not logged: $(dc_log_since)"
dc_log_since | grep -q "DC extent $(printf '%#x' $BASE)+0x200000 tag $T seq 0 refused: -22" ||
	fail "sequence 0 not refused with its group: $(dc_log_since)"

put "$BASE:0x200000:$T:1:0" $SH && put "$((BASE + 0x400000)):0x200000:$T:0:2" $SH ||
	fail "inject sequences 0,2"
dc_wait_extents 20 ds "" || fail "the group 0,2 was not dropped"
put "$BASE:0x200000:$T:0:1" $SH || fail "inject sequence 1 alone"
dc_wait_extents 20 ds "" || fail "a lone sequence 1 was not dropped"
dc_wait_host 1 $r "" || fail "the host kept a shared extent"
[ "$(dc_trace_count add)" = 0 ] || fail "adds traced: $(cat $DC_TRACE/trace)"

put "$BASE:0x200000:$T:1:0" $SH && put "$((BASE + 0x400000)):0x200000:$T:0:0" $SH ||
	fail "inject T twice with sequence 0"
dc_wait_host 20 $r "0x0 0x200000 $T;0x400000 0x200000 $T;" || fail "T with sequence 0 not accepted"
dc_trace_stop

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 ds "" || fail "extents left"
put 0 $D/enable && rmdir $D || fail "remove the device"
unload_mock || fail "unload"
exit 0
