#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Extents a device already has are judged as offers are before the host
# adopts them (and nothing is sent back): on a DC region with a 1 MiB
# block size, a 1 MiB-aligned extent, a tag group with one 1 MiB-aligned
# member and a lone extent with shared sequence 1 (the region is not
# sharable to the host) are left out, with a refusal logged; the one valid
# extent is adopted. Destroying the region releases only that one; the
# device keeps the others.
. "$CTM/lib.sh"
ctm_start dax
T=da2b3c4d-0001-4a77-b6c3-16df975fcf1a	# no backend
S=da2b3c4d-0002-4a77-b6c3-16df975fcf1a	# no backend

D=$(ctm_dc_dev di 0x10000000 0x10000000 - dc0/block_size=0x100000 \
	"dc_preload=0:0x100000:0x200000 0:0x400000:0x200000:$T 0:0x700000:0x100000:$T 0:0x800000:0x200000:$S:1 0:0x1000000:0x200000") ||
	fail "enable a device with preloaded extents"
ALL="0 0x100000 0x200000 - 0 accepted;0 0x400000 0x200000 $T 0 accepted;0 0x700000 0x100000 $T 0 accepted;0 0x800000 0x200000 $S 1 accepted;0 0x1000000 0x200000 - 0 accepted;"
dc_wait_extents 1 di "$ALL" || fail "preloaded extents"
dc_log_mark
dc_trace_start || fail "tracing"
r=$(ctm_dc_region di) || fail "DC region"
dc_wait_host 10 $r "0x1000000 0x200000 -;" || fail "adopted extents"
dc_wait_extents 1 di "$ALL" || fail "the device's extents changed when the region bound"
log=$(dc_log_since)
for x in "$((DC_BASE + 0x100000)) 0x200000 00000000-0000-0000-0000-000000000000 0" \
	"$((DC_BASE + 0x400000)) 0x200000 $T 0" "$((DC_BASE + 0x700000)) 0x100000 $T 0" \
	"$((DC_BASE + 0x800000)) 0x200000 $S 1"; do
	set -- $x
	echo "$log" | grep -q "DC extent $(printf '%#x' $1)+$2 tag $3 seq $4 refused: -22" ||
		fail "no refusal of $x logged: $log"
done
[ "$(dc_avail $r)" = $((0x200000)) ] || fail "available_size $(dc_avail $r)"
for t in $T $S; do
	s=$(dc_seed $r) || fail "no seed"
	expect_put "No such file or directory" $t /sys/bus/dax/devices/$s/uuid
done

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 di "${ALL%0 0x1000000*}" || fail "the region did not release exactly its extent"
[ "$(dc_trace_count release)" = 1 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
dc_trace_stop
ctm_rm_dev $D || fail "remove the device"
ctm_pass
