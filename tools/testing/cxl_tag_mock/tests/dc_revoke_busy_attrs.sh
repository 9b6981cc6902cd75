#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A DAX device is deleted while its attributes are being written. A
# Forced Capacity Release deletes the DAX device that claimed the revoked
# capacity; deleting a device waits for the handlers of its attributes
# that are running, and align (like size, mapping and uuid) takes the DAX
# region's lock. While a writer hammers the claimed device's align (each
# write takes the region's lock and fails with EBUSY on a bound device),
# the device force-releases the tag, ROUNDS times, both ways (configfs
# dc_force_release, platform dc_force_del_extent). Each round the forced
# release returns, the device goes, the host and the device hold nothing,
# and the tag can be accepted and claimed again. With the region's lock
# held across the deletion this hung the guest (lockdep: kn->active vs
# dax_region_rwsem; the run's log check sees the report). Last, the same
# with the CXL region unbound under the writer.
. "$CTM/lib.sh"
# It works on the kernel's sysfs attributes themselves: the region, its
# extents and the claims go through the *_sysfs helpers, not cxl-cli and
# daxctl.
DC_LIST=dc_sysfs_extents
HPID=
hammer_stop() {
	[ -n "$HPID" ] || return 0
	kill "$HPID" 2>/dev/null
	wait "$HPID" 2>/dev/null
	HPID=
}

ctm_start dax
trap 'hammer_stop; ctm_cleanup' EXIT
A=0b5ea77e-0001-4a77-b6c3-16df975fcf1a
SZ=0x400000
ROUNDS=${CTM_REVOKE_ROUNDS:-12}

ctm_pool p0 0x1000000 a:$A:$SZ || fail "pool and backend"
P=$C/pools/p0/backends
D=$(ctm_dc_dev rb 0x10000000 0x10000000 p0) || fail "enable the DCD"
PD=$(mock_knob rb)
r=$(ctm_dc_region rb 0x10000000 new_dc_region_sysfs) || fail "DC region"

# hammer_start DAX: write DAX's align in a loop until stopped.
hammer_start() {
	f=/sys/bus/dax/devices/$1/align
	sh -c 'while :; do echo 2097152 >"$1"; done' x "$f" >/dev/null 2>&1 &
	HPID=$!
}
gone() {
	[ ! -e /sys/bus/dax/devices/$1 ] && return 0
	[ "$(cat /sys/bus/dax/devices/$1/size)" = 0 ] &&
		[ ! -e /sys/bus/dax/devices/$1/driver ]
}
accept_and_claim() {
	put "0 $A prescriptive 0:$SZ" $D/dc_add || fail "$1: add A"
	dc_wait_host 20 $r "0x0 $SZ $A;" || fail "$1: A on the host"
	da=$(dc_claim_sysfs $r $A) || fail "$1: claim A"
}

i=0
while [ $i -lt $ROUNDS ]; do
	accept_and_claim "round $i"
	hammer_start $da
	if [ $((i % 2)) = 0 ]; then
		put "tag $A" $D/dc_force_release || fail "round $i: force-release A"
	else
		put "$DC_BASE:$SZ:$A" $PD/dc_force_del_extent ||
			fail "round $i: force-release A"
	fi
	dc_wait_host 10 $r "" || fail "round $i: A's extent stayed on the host"
	wait_for 10 gone $da || fail "round $i: $da stayed: $(ls /sys/bus/dax/devices/$da)"
	hammer_stop
	wait_for 10 sh -c "! grep -q . $D/dc_extents" ||
		fail "round $i: the device still lists $(cat $D/dc_extents)"
	i=$((i + 1))
done

# The region is unbound while the writer runs: its DAX region goes, and
# every device of it is deleted through the same path.
accept_and_claim unbind
hammer_start $da
put $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
wait_for 10 test ! -e /sys/bus/dax/devices/$da || fail "$da stayed after the unbind"
hammer_stop
destroy_region_sysfs decoder0.0 $r || fail "destroy $r"
wait_for 10 sh -c "! grep -q . $D/dc_extents" ||
	fail "extents left after the region went: $(cat $D/dc_extents)"
put 0 $D/enable && rm $D/pool && rmdir $D $P/a $C/pools/p0 ||
	fail "remove the device and pool"
ctm_pass
