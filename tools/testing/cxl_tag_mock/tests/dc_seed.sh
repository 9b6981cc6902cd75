#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The seed scenario, device and host together: two backends of equal size
# with tags A and B, filled from the device side; one extent of each at DC
# offsets 0 and one backend size; the host accepts both, each tag is
# claimed as a DAX device, which maps the tag's own bytes (the host reads
# what the device wrote, the device reads what the host wrote). Releases by
# tag wait while a DAX device holds the capacity and complete on a retry
# once it is gone; the per-tag status follows every step. DC region 0
# sanitizes on release: A's pages are zero afterwards, and the same range
# offered again untagged reads zeros on the host.
. "$CTM/lib.sh"

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
C=$CONFIGFS
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
N=7be13bce-ae34-4a77-b6c3-16df975fcf1a
SZ=0x1000000

mkdir $C/pools/p0 || fail "mkdir pool"
put 0x4000000 $C/pools/p0/size || fail "pool size"
P=$C/pools/p0/backends
mkdir $P/a $P/b $P/n || fail "mkdir backends"
put $A $P/a/tag && put $SZ $P/a/size && put $B $P/b/tag && put $SZ $P/b/size &&
	put $N $P/n/tag && put 0x200000 $P/n/size || fail "backends"
DA=/sys/kernel/debug/cxl_tag_mock/pools/p0/a
DB=/sys/kernel/debug/cxl_tag_mock/pools/p0/b
ctm-pattern write $DA 0 $SZ 31 && ctm-pattern write $DB 0 $SZ 32 || fail "fill backends"

S=$C/devices/seed
mkdir $S && put 0x10000000 $S/ram_size && put 0x10000000 $S/dc0/size &&
	put 1 $S/dc0/sanitize_on_release && put 1 $S/enable || fail "enable the device"
mem=$(basename "$(dirname "$(grep -l "$(cat $S/serial)" /sys/bus/cxl/devices/mem*/serial)")")
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
X=/sys/bus/cxl/devices/$r/dax_region${r#region}
R=$X/dax_region
wait_for 10 test -e $R/seed || fail "no DAX region under $r"

is() {	# BACKEND STATUS
	[ "$(tag_status $P/$1)" = "$2" ]
}

put "0 $A prescriptive 0:$SZ" $S/dc_add || fail "add tag A"
put "0 $B prescriptive $SZ:$SZ" $S/dc_add || fail "add tag B"
wait_for 20 is a accepted || fail "tag A: $(cat $P/a/dc_status)"
wait_for 20 is b accepted || fail "tag B: $(cat $P/b/dc_status)"
is n not-found || fail "tag never offered: $(cat $P/n/dc_status)"
[ "$(ls -d $X/extent* | wc -l)" = 2 ] || fail "host extents: $(ls $X)"

# claim TAG: a seed device of the region takes the tag; prints its name.
claim() {
	seed=$(cat $R/seed)
	[ -n "$seed" ] || { put 1 $R/create && seed=$(cat $R/seed); } || return 1
	put "$1" /sys/bus/dax/devices/$seed/uuid &&
		put $seed /sys/bus/dax/drivers/device_dax/bind || return 1
	echo "$seed"
}
# unclaim DAX-DEVICE: unbind it and give its extents back to the region.
unclaim() {
	put $1 /sys/bus/dax/drivers/device_dax/unbind && put 0 /sys/bus/dax/devices/$1/size
}

da=$(claim $A) || fail "claim tag A"
db=$(claim $B) || fail "claim tag B"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((SZ)) ] || fail "$da size $(cat /sys/bus/dax/devices/$da/size)"
[ "$(cat /sys/bus/dax/devices/$db/uuid)" = $B ] || fail "$db uuid $(cat /sys/bus/dax/devices/$db/uuid)"
# Every byte the device put in each backend is what the host maps.
ctm-pattern check /dev/$da 0 $SZ 31 || fail "the host does not see tag A's bytes"
ctm-pattern check /dev/$db 0 $SZ 32 || fail "the host does not see tag B's bytes"
# And the other way round.
ctm-pattern write /dev/$da 0 $SZ 41 || fail "host write to tag A"
ctm-pattern check $DA 0 $SZ 41 || fail "the device does not see the host's writes to A"
ctm-pattern check $DB 0 $SZ 32 || fail "a write to A reached B"

# Release by tag, one after the other: the host keeps capacity a DAX device
# holds, and gives it back when asked again after the device is gone.
put "tag $A" $S/dc_release || fail "release tag A"
sleep 2
is a release-pending || fail "tag A while claimed: $(cat $P/a/dc_status)"
ctm-pattern check /dev/$da 0 $SZ 41 || fail "tag A's data changed while release-pending"
unclaim $da || fail "unclaim $da"
put "tag $A" $S/dc_release || fail "ask again for tag A"
wait_for 20 is a released || fail "tag A: $(cat $P/a/dc_status)"
is b accepted || fail "tag B: $(cat $P/b/dc_status)"
# Sanitize on Release: the tag's released bytes are gone.
ctm-pattern zero $DA 0 $SZ 0 || fail "tag A's pages were not sanitized"

unclaim $db || fail "unclaim $db"
put "tag $B" $S/dc_release || fail "release tag B"
wait_for 20 is b released || fail "tag B: $(cat $P/b/dc_status)"
[ -z "$(ls -d $X/extent* 2>/dev/null)" ] || fail "host extents left: $(ls $X)"
[ -z "$(cat $S/dc_extents)" ] || fail "device extents left: $(cat $S/dc_extents)"

# The pages A had, offered again without a tag, read zeros on the host.
put "0 0 prescriptive 0:$SZ" $S/dc_add || fail "re-add A's range untagged"
wait_for 20 grep -q "^0 0x0 0x1000000 - 0 accepted" $S/dc_extents ||
	fail "untagged re-add: $(cat $S/dc_extents)"
du=$(claim 0) || fail "claim the untagged extent"
ctm-pattern zero /dev/$du 0 $SZ 0 || fail "re-added pages carry tag A's data"
unclaim $du || fail "unclaim $du"

destroy_region decoder0.0 "$r" || fail "destroy $r"
# Destroying the region gave the untagged extent back.
no_extents() {
	[ -z "$(cat $S/dc_extents)" ]
}
wait_for 10 no_extents || fail "extents left: $(cat $S/dc_extents)"
put 0 $S/enable && rmdir $S || fail "remove the device"
rmdir $P/a $P/b $P/n $C/pools/p0 || fail "remove pool and backends"
unload_mock || fail "unload"
exit 0
