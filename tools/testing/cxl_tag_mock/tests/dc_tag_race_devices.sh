#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Tags are unique host-wide, also when two devices offer the same tag at
# the same moment. Each device's offers are judged under its own lock, so
# both may find the tag free; the host-wide tag tree must still let only
# one of them have it. 16 rounds: a fresh tag is injected on both devices
# at once (no backend, so the device side does not serialize them). After
# each round exactly one device holds the tag, on the host and on the
# device, the other dropped its offer; then the holder releases it.
# A race of the kernel's own paths, checked many times a round: the host's
# extents are read from sysfs (dc_sysfs_extents), not with cxl list.
. "$CTM/lib.sh"
DC_LIST=dc_sysfs_extents
ctm_start dax
SZ=0x200000

for d in ra rb; do
	ctm_dc_dev $d 0 0x10000000 >/dev/null || fail "enable $d"
done
memA=$(memdev_of ra) && memB=$(memdev_of rb) || fail "memdevs"
rA=$(new_dc_region decoder0.0 "$memA" 0x10000000) || fail "region on ra"
rB=$(new_dc_region decoder0.0 "$memB" 0x10000000) || fail "region on rb"
INJA=$(mock_knob ra dc_inject_extent)
INJB=$(mock_knob rb dc_inject_extent)
DELA=$(mock_knob ra dc_del_extent)
DELB=$(mock_knob rb dc_del_extent)

dc_log_mark
i=0
while [ $i -lt 16 ]; do
	T=$(printf '7c0ffee0-%04x-4a77-b6c3-16df975fcf1a' $i)
	off=$(printf '0x%x' $((i * SZ)))	# as the kernel prints it
	# Both writes return once their host has read the record.
	put "$off:$SZ:$T:0" $INJA &
	pa=$!
	put "$off:$SZ:$T:0" $INJB &
	pb=$!
	wait $pa || fail "round $i: inject on ra"
	wait $pb || fail "round $i: inject on rb"
	ha=$(dc_sysfs_extents $rA | grep -c "$T")
	hb=$(dc_sysfs_extents $rB | grep -c "$T")
	[ $((ha + hb)) = 1 ] ||
		fail "round $i: tag $T held $ha times on $rA and $hb on $rB"
	if [ "$ha" = 1 ]; then win=ra del=$DELA r=$rA; else win=rb del=$DELB r=$rB; fi
	lose=ra
	[ $win = ra ] && lose=rb
	dc_wait_extents 10 $win "0 $off $SZ $T 0 accepted;" ||
		fail "round $i: $win does not hold $T"
	dc_wait_extents 10 $lose "" || fail "round $i: $lose kept its offer of $T"
	put "$off:$SZ:$T" $del || fail "round $i: release $T on $win"
	dc_wait_host 10 $r "" || fail "round $i: $T stayed on $r"
	dc_wait_extents 10 $win "" || fail "round $i: $win kept $T"
	i=$((i + 1))
done
# The loser of each round was refused for the live tag (-EEXIST), for
# nothing else. The host logs refusals rate-limited (ten per 5 s), so a
# fast run logs only some: what the limit suppressed is counted in a
# "callbacks suppressed" line only when a later refusal is logged. So the
# count is at most one per round, at least one, and each round's outcome
# on both sides is what the loop above asserted.
n=$(dc_log_since | grep -c 'refused: -17$')
sup=$(dc_log_since | sed -n 's/.*dc_log_refused: \([0-9]*\) callbacks suppressed.*/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
[ "$n" -ge 1 ] && [ $((n + sup)) -le 16 ] ||
	fail "$n refusals of a live tag logged and $sup suppressed, expected 16 at most: $(dc_log_since | grep refused)"
! dc_log_since | grep ' refused: -' | grep -v -- 'refused: -17$' ||
	fail "an offer was refused for another reason"

destroy_region decoder0.0 "$rA" && destroy_region decoder0.0 "$rB" ||
	fail "destroy the regions"
for d in ra rb; do
	put 0 $C/devices/$d/enable && rmdir $C/devices/$d || fail "remove $d"
done
ctm_pass
