#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Moving a tag's bytes between its backend's store and the media (the
# host's acceptance, its Release DC) runs without the mock's global
# configuration lock, which every configfs object and the debugfs views
# take: a move can be gigabytes. Shown positively: while a 512 MiB extent
# of a filled tag is accepted and released, round after round, a reader of
# the backend's debugfs view is answered -EBUSY for the range being moved.
# The view checks for a move under that lock, so it can only see one when
# the move runs with the lock free. The tag's bytes survive every round,
# the store holds them only while the host does not, and the view reads
# them again once nothing moves.
. "$CTM/lib.sh"

ctm_start dax
X=8d1e6a52-4c11-4a77-b6c3-16df975fcf1a
SZ=0x20000000
P=$C/pools/pm
DBG=/sys/kernel/debug/cxl_tag_mock/pools/pm/x
D=$C/devices/dm
SEEN=/tmp/move-busy
STOP=/tmp/move-stop
cleanup() {
	[ -z "${RPID:-}" ] || kill $RPID 2>/dev/null
	ctm_cleanup
}
trap cleanup EXIT
rm -f $SEEN $STOP

ctm_pool pm $SZ x:$X:$SZ || fail "pool and backend"
ctm_dc_dev dm 0x10000000 $SZ pm >/dev/null || fail "device"
mem=$(memdev_of dm) || fail "no memdev"
r=$(new_dc_region decoder0.0 "$mem" $SZ) || fail "DC region"
stored() { printf '%d' "$(cat $P/backends/x/stored)"; }
add() {
	put "0 $X prescriptive 0:$SZ" $D/dc_add && [ "$(tag_status $P/backends/x)" = accepted ]
}
release() {
	put "tag $X" $D/dc_release && [ "$(tag_status $P/backends/x)" = released ]
}

# Fill the tag through the host's mapping: the bytes are in the media.
add || fail "first add: $(tag_status $P/backends/x)"
[ "$(stored)" = 0 ] || fail "a fresh accepted tag holds $(stored) bytes of memory"
dax=$(dc_claim "$r" $X) || fail "claim"
ctm-pattern write /dev/$dax 0 $SZ 41 || fail "fill through DAX"
dc_unclaim "$r" "$dax" || fail "unclaim"
release || fail "first release: $(tag_status $P/backends/x)"
[ "$(stored)" = $((SZ)) ] || fail "released: $(stored) bytes stored, not $((SZ))"

# The reader: the middle page of the extent, over and over.
(
	while [ ! -e $STOP ]; do
		dd if=$DBG of=/dev/null bs=4096 count=1 skip=65536 2>&1 |
			grep -qi 'busy' && touch $SEEN
	done
) &
RPID=$!
round=0
while [ $round -lt 10 ] && [ ! -e $SEEN ]; do
	round=$((round + 1))
	add || fail "add, round $round: $(tag_status $P/backends/x)"
	[ "$(stored)" = 0 ] || fail "accepted, round $round: $(stored) bytes still stored"
	release || fail "release, round $round: $(tag_status $P/backends/x)"
	[ "$(stored)" = $((SZ)) ] || fail "released, round $round: $(stored) bytes stored"
done
touch $STOP
wait $RPID
RPID=
[ -e $SEEN ] || fail "no move seen in $round rounds: do the moves hold the lock?"
echo "the view saw a move in round $round"
rm -f $SEEN $STOP

# Nothing moves now: the view reads the tag's bytes, from the store.
MB=0x100000
ctm-pattern check $DBG 0 $MB 41 && ctm-pattern check $DBG $((SZ - MB)) $MB 41 ||
	fail "the tag's bytes changed"
add || fail "last add"
ctm-pattern check $DBG 0 $MB 41 && ctm-pattern check $DBG $((SZ / 2)) $MB 41 ||
	fail "the tag's bytes in the media"
release || fail "last release"

destroy_region decoder0.0 "$r" || fail "destroy $r"
put 0 $D/enable && rm $D/pool && rmdir $D $P/backends/x $P || fail "teardown"
unload_mock || fail "unload"
trap - EXIT
exit 0
