#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One extent offered with a tag (cxl-add-dynamic-capacity with "tag"):
# the record is read because the DC interrupt fired (the device's vectors
# count up, nothing else polls), the host accepts it and QEMU holds it,
# extentN.M shows its offset and length. QEMU 10.0 sends a null tag
# whatever it is given, so the extent is untagged (no uuid attribute) and
# a claim by the tag finds nothing (-ENOENT); "0" claims it. A process
# maps it, reads back what it wrote, and the bytes are on the device's
# media at the extent's DPA. A prescriptive release of the unclaimed
# extent gives it back: the host drops it, QEMU no longer holds it, and
# the trace has one add and one release.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
T=3f1c5b2e-9a47-4d0b-8e61-2b7d4c9a1e05
LEN=0x2000000

dc_trace_start || fail "trace"
irq0=$(qd_irqs)
qd_add $T 0:$LEN || fail "QMP add: $QMP_REPLY"
qd_step $r "0x0 $LEN -;" "the tagged offer"
irq1=$(qd_irqs)
[ "$irq1" -gt "$irq0" ] || fail "the offer raised no interrupt ($irq0 -> $irq1)"
e=$(ls -d "$(dc_dax_dir $r)"/extent* | head -n 1)
[ "$(cat $e/offset)" = 0x0 ] && [ "$(cat $e/length)" = $LEN ] ||
	fail "$(basename $e): offset $(cat $e/offset) length $(cat $e/length)"
[ ! -e $e/uuid ] || fail "$(basename $e) has uuid $(cat $e/uuid): QEMU sent a tag after all?"
s=$(dc_seed $r) || fail "no seed"
expect_put "No such file or directory" $T /sys/bus/dax/devices/$s/uuid
d=$(qd_use $r 0 $LEN 21) || fail "use the extent"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r) with the extent claimed"
dc_unclaim $r $d || fail "unclaim $d"
qd_release 0:$LEN || fail "QMP release: $QMP_REPLY"
qd_step $r "" "the release"
[ "$(dc_trace_count add)" = 1 ] && [ "$(dc_trace_count release)" = 1 ] ||
	{ cat $DC_TRACE/trace; fail "trace: $(dc_trace_count add) adds, $(dc_trace_count release) releases"; }
dc_trace_stop
exit 0
