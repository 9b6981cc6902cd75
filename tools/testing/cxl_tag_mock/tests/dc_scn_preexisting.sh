#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Extents a device already has when its region binds (dc_preload): an
# untagged one, one tagged with a backend's tag and one tagged with a tag
# no backend has. Once the dynamic_ram_1 region binds, the host lists
# exactly those in the region (offset, length, uuid; no uuid file for the
# untagged one), counts them in available_size and lets each be claimed;
# the tagged one reads its backend's bytes, a write through the untagged
# one lands at its DPA. An extent the device has outside any region is not
# listed, and a release record for it is answered at once. Destroying the
# region with its extents claimed gives them all back to the device
# (dc_status released, dc_extents empty, one release traced per extent).
. "$CTM/lib.sh"
ctm_start dax
A=1a2b3c4d-0001-4a77-b6c3-16df975fcf1a
N=1a2b3c4d-0002-4a77-b6c3-16df975fcf1a

ctm_pool p0 0x2000000 a:$A:0x400000:41 || fail "pool and backend a, filled"
BA=$C/pools/p0/backends/a
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0/a

# dc0 is 512 MiB; the region maps its first 256 MiB only, so the extent at
# 0x10000000 is the device's but in no region of the host.
D=$(ctm_dc_dev dp 0x10000000 0x20000000 p0 \
	"dc_preload=0:0:0x200000 0:0x400000:0x400000:$A 0:0x800000:0x200000:$N 0:0x10000000:0x200000") ||
	fail "enable a device with preloaded extents"
dc_wait_extents 2 dp "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;0 0x800000 0x200000 $N 0 accepted;0 0x10000000 0x200000 - 0 accepted;" ||
	fail "preloaded extents"
[ "$(tag_status $BA)" = accepted ] || fail "a: $(cat $BA/dc_status)"
host=$(mock_host_of dp) || fail "no platform device"
mem=$(memdev_of dp)
media=/sys/kernel/debug/cxl_tag_mock/$host/media

dc_trace_start || fail "tracing"
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
RD=$(dc_dax_dir $r)
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region under $r"
dc_wait_host 10 $r "0x0 0x200000 -;0x400000 0x400000 $A;0x800000 0x200000 $N;" ||
	fail "pre-existing extents not listed as they are"
for e in $RD/extent*; do
	[ "$(cat $e/offset)" = 0x0 ] || continue
	[ ! -e $e/uuid ] || fail "the untagged extent $e has a uuid: $(cat $e/uuid)"
done
[ "$(dc_avail $r)" = $((0x800000)) ] || fail "available_size $(dc_avail $r)"
# Adopted, not offered: nothing changed on the device side.
dc_wait_extents 2 dp "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;0 0x800000 0x200000 $N 0 accepted;0 0x10000000 0x200000 - 0 accepted;" ||
	fail "the device's extents changed when the region bound"

da=$(dc_claim $r $A) || fail "claim A"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((0x400000)) ] || fail "size of $da: $(cat /sys/bus/dax/devices/$da/size)"
[ "$(cat /sys/bus/dax/devices/$da/uuid)" = $A ] || fail "uuid of $da: $(cat /sys/bus/dax/devices/$da/uuid)"
ctm-pattern check /dev/$da 0 0x400000 41 || fail "host read of A's pre-existing extent"
dn=$(dc_claim $r $N) || fail "claim N (no backend)"
[ "$(cat /sys/bus/dax/devices/$dn/size)" = $((0x200000)) ] || fail "size of $dn"
du=$(dc_claim $r 0) || fail "claim the untagged extent"
[ "$(cat /sys/bus/dax/devices/$du/size)" = $((0x200000)) ] || fail "size of $du"
[ "$(cat /sys/bus/dax/devices/$du/uuid)" = $NULL_UUID ] || fail "uuid of $du: $(cat /sys/bus/dax/devices/$du/uuid)"
[ "$(dc_avail $r)" = 0 ] || fail "available_size after the claims: $(dc_avail $r)"
ctm-pattern write /dev/$du 0 0x200000 42 || fail "host write to the untagged extent"
dd if=$media of=/tmp/dpa bs=4096 skip=$((DC_BASE / 4096)) count=512 2>/dev/null &&
	ctm-pattern check /tmp/dpa 0 0x200000 42 || fail "the host's write is not at the extent's DPA"
rm -f /tmp/dpa

# The extent outside the region: the host has nothing there and says so
# at once.
put "$((DC_BASE + 0x10000000)):0x200000:0" /sys/bus/platform/devices/$host/dc_del_extent ||
	fail "release the extent outside the region"
dc_wait_extents 20 dp "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;0 0x800000 0x200000 $N 0 accepted;" ||
	fail "the extent outside any region was not released"
[ "$(dc_trace_count release)" = 0 ] || fail "a release traced for an extent the host never had: $(cat $DC_TRACE/trace)"

# Destroying the region with everything claimed and bound gives it all back.
destroy_region decoder0.0 "$r" || fail "destroy $r"
for d in $da $dn $du; do
	[ ! -e /sys/bus/dax/devices/$d ] || fail "$d outlived its region"
done
dc_wait_extents 10 dp "" || fail "extents left on the device after the region went"
[ "$(tag_status $BA)" = released ] || fail "a: $(cat $BA/dc_status)"
[ "$(dc_trace_count release)" = 3 ] || fail "releases traced: $(cat $DC_TRACE/trace)"
grep -q "type=release dpa=$(printf '%#x' $((DC_BASE + 0x400000))) len=0x400000 tag=$A seq=0" $DC_TRACE/trace ||
	fail "A's release not traced: $(cat $DC_TRACE/trace)"
ctm-pattern check $DBG 0 0x400000 41 || fail "A's data did not go back to its backend"
dc_trace_stop

ctm_rm_dev $D || fail "remove the device"
rmdir $BA $C/pools/p0 || fail "remove the pool"
ctm_pass
