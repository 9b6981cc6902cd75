#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A More chain: one cxl-add-dynamic-capacity with three extents (and a
# tag, which QEMU drops) is three records, More set on the first two.
# The host answers the chain once, accepting all three; QEMU holds all
# three. Untagged, each is its own group: three claims of "0" make three
# DAX devices, each mapped and checked against the media. One
# prescriptive release of all three (another chain) gives them back.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
T=6a0e2d9c-1b3f-4c57-9d8e-0f4a2b6c8e13
A=0x8000000 B=0x9000000 C=0xa000000
LA=0x800000 LB=0x800000 LC=0x400000

dc_trace_start || fail "trace"
qd_add $T $A:$LA $B:$LB $C:$LC || fail "QMP add: $QMP_REPLY"
qd_step $r "$A $LA -;$B $LB -;$C $LC -;" "the chain"
[ "$(dc_trace_count add)" = 3 ] || { cat $DC_TRACE/trace; fail "trace: $(dc_trace_count add) adds"; }
hpa=$(cat /sys/bus/cxl/devices/$r/resource)
for n in 1 2 3; do
	d=$(dc_claim $r 0) || fail "claim $n of 3"
	# Which extent a claim of "0" takes is the host's choice: its
	# mapping tells which (the region maps DPA 0 up, one way).
	dpa=$(($(cat /sys/bus/dax/devices/$d/mapping0/start) - hpa))
	sz=$(($(cat /sys/bus/dax/devices/$d/size)))
	case "$(printf '%#x:%#x' $dpa $sz)" in
	$A:$LA | $B:$LB | $C:$LC) ;;
	*) fail "$d maps $(printf '%#x+%#x' $dpa $sz), not one extent" ;;
	esac
	ctm-pattern write /dev/$d 0 $sz 40 $dpa && ctm-pattern check /dev/$d 0 $sz 40 $dpa ||
		fail "$d does not read back"
	qd_media $dpa $sz 40 $dpa || fail "$d on the media: $QMP_REPLY"
	eval "dax$n=$d"
done
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r) with all three claimed"
for i in 1 2 3; do
	eval d=\$dax$i
	dc_unclaim $r $d || fail "unclaim $d"
done
qd_release $A:$LA $B:$LB $C:$LC || fail "QMP release: $QMP_REPLY"
qd_step $r "" "the release chain"
[ "$(dc_trace_count release)" = 3 ] || { cat $DC_TRACE/trace; fail "trace: $(dc_trace_count release) releases"; }
dc_trace_stop
exit 0
