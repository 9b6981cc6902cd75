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
trap dc_scn_cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
T=da2b3c4d-0001-4a77-b6c3-16df975fcf1a	# no backend
S=da2b3c4d-0002-4a77-b6c3-16df975fcf1a	# no backend
BASE=0x10000000

D=$C/devices/di
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	put 0x100000 $D/dc0/block_size &&
	put "0:0x100000:0x200000 0:0x400000:0x200000:$T 0:0x700000:0x100000:$T 0:0x800000:0x200000:$S:1 0:0x1000000:0x200000" $D/dc_preload &&
	put 1 $D/enable || fail "enable a device with preloaded extents"
ALL="0 0x100000 0x200000 - 0 accepted;0 0x400000 0x200000 $T 0 accepted;0 0x700000 0x100000 $T 0 accepted;0 0x800000 0x200000 $S 1 accepted;0 0x1000000 0x200000 - 0 accepted;"
dc_wait_extents 1 di "$ALL" || fail "preloaded extents"
mem=$(memdev_of di)
dc_log_mark
dc_trace_start || fail "tracing"
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
wait_for 10 test -e $(dc_dax_dir $r)/dax_region/seed || fail "no DAX region"
dc_wait_host 10 $r "0x1000000 0x200000 -;" || fail "adopted extents"
dc_wait_extents 1 di "$ALL" || fail "the device's extents changed when the region bound"
log=$(dc_log_since)
for x in "$((BASE + 0x100000)) 0x200000 00000000-0000-0000-0000-000000000000 0" \
	"$((BASE + 0x400000)) 0x200000 $T 0" "$((BASE + 0x700000)) 0x100000 $T 0" \
	"$((BASE + 0x800000)) 0x200000 $S 1"; do
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
put 0 $D/enable && rmdir $D || fail "remove the device"
unload_mock || fail "unload"
exit 0
