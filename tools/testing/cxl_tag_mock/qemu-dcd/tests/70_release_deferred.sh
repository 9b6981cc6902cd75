#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A release while a DAX device holds the extent is deferred: the host
# traces the deferral and sends no Release DC, so QEMU still holds the
# extent, the extent stays, and a process mapping it still reads its
# bytes. Once the process is gone
# and the DAX device destroyed, QEMU is asked again (it does not repeat a
# release on its own) and the release is done on both sides.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
O=0x10000000 L=0x1000000

dc_trace_start || fail "trace"
qd_add "" $O:$L || fail "QMP add: $QMP_REPLY"
qd_step $r "$O $L -;" "the offer"
d=$(qd_use $r $O $L 71) || fail "use the extent"
mkfifo /tmp/qd-hold-in
ctm-maphold /dev/$d $L </tmp/qd-hold-in >/tmp/qd-hold-out 2>&1 &
hold=$!
exec 5>/tmp/qd-hold-in
wait_for 10 grep -q ready /tmp/qd-hold-out || fail "ctm-maphold: $(cat /tmp/qd-hold-out)"
qd_release $O:$L || fail "QMP release: $QMP_REPLY"
# The host read the record and decided: the deferral is traced.
deferred() { [ "$(dc_trace_count deferred)" = 1 ]; }
wait_for 20 deferred || fail "no deferral traced: $(cat $DC_TRACE/trace)"
qd_step $r "$O $L -;" "the release while mapped"
[ "$(dc_trace_count release)" = 0 ] || { cat $DC_TRACE/trace; fail "released while mapped"; }
echo "check 0 $L 71" >&5
wait_for 10 grep -q "^ok" /tmp/qd-hold-out || fail "the mapping lost its bytes: $(cat /tmp/qd-hold-out)"
echo quit >&5
exec 5>&-
wait $hold
dc_unclaim $r $d || fail "unclaim $d"
sleep 2
qd_step $r "$O $L -;" "the DAX device destroyed, before asking again"
qd_release $O:$L || fail "QMP release again: $QMP_REPLY"
qd_step $r "" "the release asked again"
[ "$(dc_trace_count release)" = 1 ] || { cat $DC_TRACE/trace; fail "trace: $(dc_trace_count release) releases"; }
dc_trace_stop
exit 0
