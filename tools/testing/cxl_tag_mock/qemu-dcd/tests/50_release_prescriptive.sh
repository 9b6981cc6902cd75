#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prescriptive releases, offered separately: two untagged extents X and Y;
# releasing Y leaves X on both sides; releasing the first 2 MiB of X
# releases all of X (the host gives back whole extents: an untagged
# extent is its own group), and QEMU then holds none of X. The trace shows
# each release with the extent's full range.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
X=0xc000000 Y=0xd000000 L=0x800000

dc_trace_start || fail "trace"
qd_add "" $X:$L || fail "QMP add X: $QMP_REPLY"
qd_step $r "$X $L -;" "X offered"
qd_add "" $Y:$L || fail "QMP add Y: $QMP_REPLY"
qd_step $r "$X $L -;$Y $L -;" "Y offered"
qd_release $Y:$L || fail "QMP release Y: $QMP_REPLY"
qd_step $r "$X $L -;" "Y released"
qd_release $X:0x200000 || fail "QMP release part of X: $QMP_REPLY"
qd_step $r "" "part of X released"
[ "$(dc_trace_count release)" = 2 ] || { cat $DC_TRACE/trace; fail "trace: $(dc_trace_count release) releases"; }
grep -q "type=release dpa=$X len=$L " $DC_TRACE/trace ||
	{ cat $DC_TRACE/trace; fail "the release of part of X did not release all of X"; }
dc_trace_stop
exit 0
