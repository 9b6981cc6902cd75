#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The seed scenario, end to end through the real cxl core and DAX: two
# backends of equal size with tags A and B, filled from the device side;
# an extent for each at DC offsets 0 and one backend size; the host
# accepts both (extentN.M devices, cxl_dynamic_capacity add events); each
# tag is claimed as one DAX device, mapped, and reads its backend's bytes;
# host writes reach the backend. Release by tag, one after the other: A
# with its DAX device gone first, B while its device still holds it (the
# host defers; the device asks again (dc_release once more) once the DAX
# device is gone). The status
# query follows every step; the trace shows one add and one release each,
# and B's deferred release.
. "$CTM/lib.sh"

ctm_start dax
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
N=7be13bce-ae34-4a77-b6c3-16df975fcf1a
SZ=0x800000

ctm_pool p0 0x4000000 a:$A:$SZ b:$B:$SZ n:$N:$SZ || fail "pool and backends"
BA=$C/pools/p0/backends/a
BB=$C/pools/p0/backends/b
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0
ctm-pattern write $DBG/a 0 $SZ 11 && ctm-pattern write $DBG/b 0 $SZ 12 ||
	fail "fill the backends from the device side"
# One copy: the contents are in the backends' stores (kernel memory) until
# accepted, in the media only while accepted, and a backend never written
# holds no memory.
stored() { cat $C/pools/p0/backends/$1/stored; }
[ "$(stored a) $(stored b) $(stored n)" = "$SZ $SZ 0x0" ] ||
	fail "stored before the offers: $(stored a) $(stored b) $(stored n)"

D=$(ctm_dc_dev ds 0x10000000 0x10000000 p0) || fail "enable the DCD"
r=$(ctm_dc_region ds) || fail "DC region"
RD=$(dc_dax_dir $r)

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T || fail "tracefs"
echo 0 >$T/tracing_on
echo >$T/trace
echo 1 >$T/events/cxl/cxl_dynamic_capacity/enable || fail "tracepoint"
echo 1 >$T/tracing_on

[ "$(tag_status $BA)" = not-found ] || fail "a before: $(tag_status $BA)"
put "0 $A prescriptive 0:$SZ" $D/dc_add || fail "add A"
put "0 $B prescriptive $SZ:$SZ" $D/dc_add || fail "add B"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = accepted ] &&
	[ \"\$(head -n1 $BB/dc_status)\" = accepted ]" ||
	fail "not accepted: $(cat $BA/dc_status $BB/dc_status)"

# The host's view: two extents, with their offsets and tags.
ext_of() {	# TAG: the extent device with that uuid
	for e in $RD/extent*; do
		[ "$(cat $e/uuid 2>/dev/null)" = "$1" ] && { echo $e; return 0; }
	done
	return 1
}
ea=$(ext_of $A) && eb=$(ext_of $B) || fail "extents: $(ls $RD)"
[ "$(cat $ea/offset) $(cat $ea/length)" = "0x0 $SZ" ] ||
	fail "A's extent: $(cat $ea/offset) $(cat $ea/length)"
[ "$(cat $eb/offset) $(cat $eb/length)" = "$SZ $SZ" ] ||
	fail "B's extent: $(cat $eb/offset) $(cat $eb/length)"
[ "$(cat $RD/dax_region/available_size)" = $((2 * SZ)) ] ||
	fail "available_size $(cat $RD/dax_region/available_size)"
[ "$(stored a) $(stored b)" = "0x0 0x0" ] ||
	fail "accepted tags still hold a second copy: $(stored a) $(stored b)"

# claim TAG: a DAX device for the tag, bound to device_dax; prints it.
claim() {
	s=$(cat $RD/dax_region/seed)
	[ -n "$s" ] || { put 1 $RD/dax_region/create && s=$(cat $RD/dax_region/seed); }
	put "$1" /sys/bus/dax/devices/$s/uuid || return 1
	put "$s" /sys/bus/dax/drivers/device_dax/bind || return 1
	echo "$s"
}
da=$(claim $A) || fail "claim A"
db=$(claim $B) || fail "claim B"
[ "$(cat /sys/bus/dax/devices/$da/uuid)" = $A ] || fail "uuid of $da"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((SZ)) ] || fail "size of $da"
[ "$(cat $RD/dax_region/available_size)" = 0 ] || fail "available_size after claims"

# The host maps the tagged memory itself: every byte is the backend's.
ctm-pattern check /dev/$da 0 $SZ 11 || fail "host read of A"
ctm-pattern check /dev/$db 0 $SZ 12 || fail "host read of B"
ctm-pattern write /dev/$da 0 $SZ 13 || fail "host write to A"
ctm-pattern check $DBG/a 0 $SZ 13 || fail "device read of the host's write"
ctm-pattern check /dev/$db 0 $SZ 12 || fail "B changed with A"

# destroy DAX: unbind, give the extents back, delete (daxN.0 stays, as
# the DAX bus always keeps device 0 of a region).
destroy() {
	put "$1" /sys/bus/dax/drivers/device_dax/unbind &&
		put 0 /sys/bus/dax/devices/$1/size || return 1
	[ "${1#*.}" = 0 ] || put "$1" $RD/dax_region/delete
}

# A: no DAX device holds it, so the host gives it back at once.
destroy $da || fail "destroy $da"
put "tag $A" $D/dc_release || fail "release A"
wait_for 20 sh -c "[ \"\$(head -n1 $BA/dc_status)\" = released ]" ||
	fail "A not released: $(cat $BA/dc_status)"
ext_of $A >/dev/null && fail "A's extent is still on the host"
ctm-pattern check $DBG/a 0 $SZ 13 || fail "A's data did not go back to its backend"
[ "$(stored a) $(stored b)" = "$SZ 0x0" ] ||
	fail "stored after A's release: $(stored a) $(stored b)"
[ "$(tag_status $BB)" = accepted ] || fail "B: $(tag_status $BB)"

# B: its DAX device holds it: the host defers, nothing changes.
out=$(dc_deferred ds put "tag $B" $D/dc_release) || fail "release B: $out"
[ "$(tag_status $BB)" = release-pending ] || fail "B: $(tag_status $BB)"
ext_of $B >/dev/null || fail "B's extent went while in use"
ctm-pattern check /dev/$db 0 $SZ 12 || fail "B unreadable while release is pending"
destroy $db || fail "destroy $db"
put "tag $B" $D/dc_release || fail "ask again for B"
wait_for 20 sh -c "[ \"\$(head -n1 $BB/dc_status)\" = released ]" ||
	fail "B not released: $(cat $BB/dc_status)"
ext_of $B >/dev/null && fail "B's extent is still on the host"
[ "$(tag_status $C/pools/p0/backends/n)" = not-found ] || fail "n: $(tag_status $C/pools/p0/backends/n)"

echo 0 >$T/tracing_on
adds=$(grep -c 'cxl_dynamic_capacity:.*type=add ' $T/trace)
rels=$(grep -c 'cxl_dynamic_capacity:.*type=release ' $T/trace)
defs=$(grep -c 'cxl_dynamic_capacity:.*type=deferred ' $T/trace)
[ "$adds" = 2 ] && [ "$rels" = 2 ] && [ "$defs" = 1 ] ||
	fail "trace: $adds adds, $rels releases, $defs deferred: $(cat $T/trace)"
grep -q "type=add dpa=0x10000000 len=$SZ tag=$A seq=0" $T/trace || fail "trace of A's add: $(cat $T/trace)"
echo 0 >$T/events/cxl/cxl_dynamic_capacity/enable

destroy_region decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $C/pools/p0/backends/* $C/pools/p0 || fail "remove the pool"
ctm_pass
