#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Sanitize on Release with the host: tag A, filled from the device side,
# is added (held pending with debugfs dc_hold_events first, then let go to the
# host), claimed and written by the host; its release waits while the
# DAX device holds it and completes when dc_release is written again once
# the device is gone. A's bytes are then zero in its backend. The same
# pages added again for tag B (a new backend) read zeros on the host; B's
# host writes are zeroed on release too, so the pages added a third time,
# untagged (no backend: the decoded pages themselves), read zeros.
. "$CTM/lib.sh"

ctm_start dax
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
SZ=0x800000

ctm_pool p0 0x4000000 || fail "pool"
P=$C/pools/p0/backends
mkdir $P/a $P/b || fail "mkdir backends"
DA=/sys/kernel/debug/cxl_tag_mock/pools/p0/a
DB=/sys/kernel/debug/cxl_tag_mock/pools/p0/b
# Dirty the pool's pages, so that a new backend reading zeros means
# something: b first takes them, then gives them back.
put $SZ $P/b/size || fail "backend b"
ctm-pattern write $DB 0 $SZ 30 || fail "fill backend b"
put $A $P/a/tag && put $SZ $P/a/size && put $B $P/b/tag || fail "backends"
put 0x400000 $P/b/size && put $SZ $P/b/size || fail "resize backend b"
ctm-pattern zero $DB 0 $SZ 0 || fail "a new reservation is not zeroed"
ctm-pattern write $DA 0 $SZ 31 || fail "fill backend a"

S=$(ctm_dc_dev sz 0x10000000 0x10000000 - dc0/sanitize_on_release=1) ||
	fail "enable the device"
HOLD=$(mock_debugfs sz dc_hold_events) || fail "no debugfs directory"
r=$(ctm_dc_region sz) || fail "DC region"
R=$(dc_dax_dir $r)/dax_region

is() {	# BACKEND STATUS
	[ "$(tag_status $P/$1)" = "$2" ]
}
at0() {	# STATE: the extent at offset 0 is in it
	[ "$(dc_state sz 0 0x0)" = "$1" ]
}
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

# Held, the host is not told: the offer stays pending until released.
put 1 $HOLD || fail "hold events"
get0=$(dc_mbox_runs sz 0x0100) || fail "mailbox statistics"
put "0 $A prescriptive 0:$SZ" $S/dc_add || fail "add tag A"
is a pending || fail "tag A while held: $(cat $P/a/dc_status)"
[ "$(dc_mbox_runs sz 0x0100)" = "$get0" ] || fail "the host read the DC log while events were held"
put 0 $HOLD || fail "resume events"
wait_for 20 is a accepted || fail "tag A: $(cat $P/a/dc_status)"
# The host answered from its event work item and hands the tag to DAX
# after the device heard the answer: claimable a moment later. (The
# other adds return once the host is done, so their claims need no wait.)
claim_a() { da=$(claim $A); }
wait_for 10 claim_a || fail "claim tag A"
ctm-pattern check /dev/$da 0 $SZ 31 || fail "the host does not see tag A's bytes"
ctm-pattern write /dev/$da 0 $SZ 41 || fail "host write to tag A"

out=$(dc_deferred sz put "tag $A" $S/dc_release) || fail "release tag A: $out"
is a release-pending || fail "tag A while claimed: $(cat $P/a/dc_status)"
ctm-pattern check $DA 0 $SZ 41 || fail "tag A's bytes changed while release-pending"
unclaim $da || fail "unclaim $da"
# Asking again is the retry the host waits for.
put "tag $A" $S/dc_release || fail "ask again for tag A"
wait_for 20 is a released || fail "tag A: $(cat $P/a/dc_status)"
ctm-pattern zero $DA 0 $SZ 0 || fail "tag A's bytes were not sanitized"

put "0 $B prescriptive 0:$SZ" $S/dc_add || fail "add A's pages for tag B"
wait_for 20 is b accepted || fail "tag B: $(cat $P/b/dc_status)"
db=$(claim $B) || fail "claim tag B"
ctm-pattern zero /dev/$db 0 $SZ 0 || fail "tag B reads other bytes than its own"
ctm-pattern write /dev/$db 0 $SZ 42 || fail "host write to tag B"
unclaim $db || fail "unclaim $db"
put "0 0:$SZ" $S/dc_release || fail "release B's extent"
wait_for 20 is b released || fail "tag B: $(cat $P/b/dc_status)"
ctm-pattern zero $DB 0 $SZ 0 || fail "tag B's bytes were not sanitized"

put "0 0 prescriptive 0:$SZ" $S/dc_add || fail "add the pages untagged"
wait_for 20 at0 accepted || fail "untagged: $(cat $S/dc_extents)"
du=$(claim 0) || fail "claim the untagged extent"
ctm-pattern zero /dev/$du 0 $SZ 0 || fail "the decoded pages kept tag B's bytes"
unclaim $du || fail "unclaim $du"

# Destroying the region gives the untagged extent back.
destroy_region decoder0.0 "$r" || fail "destroy $r"
none() {
	[ -z "$(cat $S/dc_extents)" ]
}
wait_for 10 none || fail "extents left: $(cat $S/dc_extents)"
ctm_rm_dev $S || fail "remove the device"
rmdir $P/a $P/b $C/pools/p0 || fail "remove pool and backends"
ctm_pass
