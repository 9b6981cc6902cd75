#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One untagged extent away from DPA 0 (offset 64 MiB, 16 MiB): offered
# and accepted by interrupt, shown at its offset, claimed with "0",
# mapped, written and read back, found on the media at its DPA; released
# prescriptively once unclaimed. QEMU agrees with the host after each step.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
OFF=0x4000000
LEN=0x1000000

dc_trace_start || fail "trace"
irq0=$(qd_irqs)
qd_add "" $OFF:$LEN || fail "QMP add: $QMP_REPLY"
qd_step $r "$OFF $LEN -;" "the offer"
[ "$(qd_irqs)" -gt "$irq0" ] || fail "the offer raised no interrupt"
d=$(qd_use $r $OFF $LEN 31) || fail "use the extent"
dc_unclaim $r $d || fail "unclaim $d"
qd_release $OFF:$LEN || fail "QMP release: $QMP_REPLY"
qd_step $r "" "the release"
[ "$(dc_trace_count add)" = 1 ] && [ "$(dc_trace_count release)" = 1 ] ||
	{ cat $DC_TRACE/trace; fail "trace: $(dc_trace_count add) adds, $(dc_trace_count release) releases"; }
dc_trace_stop
exit 0
