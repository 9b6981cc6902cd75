#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The host's error paths against a device that fails, through the mock's
# fault knobs (debugfs fail_mbox, delay_mbox and fail_commit, driven by the
# kernel's fault-injection framework). After each single failure both sides
# agree and the next try works:
# - a decoder commit that ends in Commit Error fails the region's commit
#   (EIO), leaves nothing decoding, and the next commit works;
# - Get DC Extent List refused while the region probes: the region does
#   not bind (up without the device's extents it would strand them), the
#   device keeps them; binding again adopts them;
# - Add DC Response refused: the host drops what it made and answers the
#   offer empty, so neither side holds it; offered again, it is accepted;
# - Release DC refused: the host keeps the extent, as the device does
#   (release-pending), and the bytes are intact; asked again, it goes;
# - an Add DC Response held back: while the host waits, the tag's status
#   shows the offer pending and the write that made the offer (which
#   returns once the host has answered) has not returned; then both sides
#   show it accepted;
# - Clear Event Records refused after an offer was answered: its records
#   come back with the next offer's and are not answered twice (the second
#   answer would be taken for the next offer): both offers are accepted,
#   with one Add DC Response each and none refused;
# - an offer whose last record the event log lost (dc_lose_records: an
#   overflow): the host never sees it close, and once it has read the log
#   to its end it answers it empty; the device drops it, neither side
#   holds any of it, the next offer is accepted;
# - an offer whose records were all lost: the host's answer to the next
#   offer is refused (Invalid Physical Address: the device answers its
#   oldest offer first); the host drops that offer with an empty response
#   and answers again: the next offer is accepted, the lost one is held
#   by neither side;
# - the knobs refuse values out of their range and read back unchanged.
. "$CTM/lib.sh"

ctm_start dax
trap 'dc_expect_end dc_mbox_faults; ctm_cleanup' EXIT
A=5f1d0c2e-0001-4c5e-9a47-2b8e6f3d7a10
B=5f1d0c2e-0002-4c5e-9a47-2b8e6f3d7a10
SZ=0x200000

ctm_pool p0 0x1000000 a:$A:$SZ b:$B:$SZ || fail "pool and backends"
P=$C/pools/p0/backends
VIEW=/sys/kernel/debug/cxl_tag_mock/pools/p0
D=$(ctm_dc_dev mf 0x10000000 0x10000000 p0 "dc_preload=0:0:$SZ:$A") ||
	fail "enable the DCD"
mem=$(memdev_of mf)
F=/sys/kernel/debug/cxl_tag_mock/$(mock_host_of mf)
[ -d $F/fail_mbox ] && [ -d $F/delay_mbox ] && [ -d $F/fail_commit ] ||
	fail "no fault knobs in $F: $(ls $F)"

# arm KNOB [OPCODE]: fire once, at the next command with OPCODE (or the
# next decoder commit); disarm KNOB: never.
arm() {
	[ -z "$2" ] || put "$2" $F/$1/opcode || return 1
	put 1 $F/$1/times && put 1 $F/$1/interval && put 100 $F/$1/probability
}
disarm() { put 0 $F/$1/probability; }
fired() { [ "$(cat $F/$1/times)" = 0 ]; }

# The knobs' own values: a range each, a refused write changes nothing.
expect_put "Numerical result out of range" 0x10000 $F/fail_mbox/opcode
expect_put "Numerical result out of range" 0 $F/fail_mbox/return_code
expect_put "Invalid argument" 4x $F/fail_mbox/return_code
expect_put "Numerical result out of range" 60001 $F/delay_mbox/msecs
[ "$(cat $F/fail_mbox/opcode)" = 0x0 ] && [ "$(cat $F/fail_mbox/return_code)" = 0x4 ] &&
	[ "$(cat $F/delay_mbox/msecs)" = 1000 ] ||
	fail "defaults: opcode $(cat $F/fail_mbox/opcode) rc $(cat $F/fail_mbox/return_code) msecs $(cat $F/delay_mbox/msecs)"

dc_expect_begin dc_mbox_faults

# 1. Commit Error: the region's commit fails, nothing decodes; again works.
arm fail_commit || fail "arm fail_commit"
out=$(commit_ram_region_sysfs decoder0.0 "$mem" 0x10000000 dynamic_ram_1 2>&1) &&
	fail "a region committed through a failed decoder commit: $out"
case "$out" in
*"to region"*"/commit failed"*) ;;
*) fail "not the commit that failed: $out" ;;
esac
fired fail_commit || fail "fail_commit did not fire"
r=$(ls -d /sys/bus/cxl/devices/decoder0.0/region* | head -n 1) && r=$(basename "$r") ||
	fail "no region left to commit again"
[ "$(cat /sys/bus/cxl/devices/$r/commit)" = 0 ] || fail "$r reads committed"
put 1 /sys/bus/cxl/devices/$r/commit || fail "commit again"

# 2. Get DC Extent List refused during the region's probe: no bind; the
# device keeps its extent; binding again adopts it.
get0=$(dc_mbox_fails mf 0x4801)
arm fail_mbox 0x4801 || fail "arm fail_mbox"
dc_log_mark
expect_errno "No such device or address" put $r /sys/bus/cxl/drivers/cxl_region/bind
fired fail_mbox || fail "fail_mbox did not fire"
[ $(($(dc_mbox_fails mf 0x4801) - get0)) = 1 ] ||
	fail "$(($(dc_mbox_fails mf 0x4801) - get0)) Get DC Extent List refused, expected 1"
dc_log_since | grep -q "cannot read the device's extents: -6" ||
	fail "the failed read is not logged: $(dc_log_since | tail -3)"
[ ! -e /sys/bus/cxl/devices/$r/driver ] || fail "$r bound without the device's extents"
[ "$(dc_state mf 0 0x0)" = accepted ] || fail "the device lost its extent: $(cat $D/dc_extents)"
put $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind again"
wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no DAX region"
dc_wait_host 10 $r "0x0 $SZ $A;" || fail "A not adopted on the second bind"
dc_sides_agree mf $r || fail "after the refused list"

# 3. Add DC Response refused: the offer is answered empty, held nowhere.
ctm-pattern write $VIEW/b 0 $SZ 11 || fail "fill b"
add0=$(dc_mbox_runs mf 0x4802)
arm fail_mbox 0x4802 || fail "arm fail_mbox"
dc_log_mark
put "0 $B prescriptive 0x1000000:$SZ" $D/dc_add || fail "offer B"
fired fail_mbox || fail "fail_mbox did not fire"
# The refused response, then the empty one that drops the offer.
[ $(($(dc_mbox_runs mf 0x4802) - add0)) = 2 ] ||
	fail "$(($(dc_mbox_runs mf 0x4802) - add0)) Add DC Response, expected 2"
dc_log_since | grep -q "Add DC Response failed: offer dropped (empty response: 0)" ||
	fail "the drop is not logged: $(dc_log_since | tail -3)"
[ -z "$(dc_state mf 0 0x1000000)" ] || fail "the device kept B: $(cat $D/dc_extents)"
dc_wait_host 5 $r "0x0 $SZ $A;" || fail "the host kept B"
dc_sides_agree mf $r || fail "after the refused response"
put "0 $B prescriptive 0x1000000:$SZ" $D/dc_add || fail "offer B again"
dc_wait_host 10 $r "0x0 $SZ $A;0x1000000 $SZ $B;" || fail "B not accepted the second time"
d=$(dc_claim $r $B) || fail "claim B"
ctm-pattern check /dev/$d 0 $SZ 11 || fail "$d does not read B's bytes"
dc_unclaim $r $d || fail "unclaim $d"

# 4. Release DC refused: both sides keep the extent, and its bytes.
rel0=$(dc_mbox_runs mf 0x4803)
put 0x6 $F/fail_mbox/return_code || fail "return code"
arm fail_mbox 0x4803 || fail "arm fail_mbox"
dc_log_mark
put "tag $B" $D/dc_release || fail "ask for B"
fired fail_mbox || fail "fail_mbox did not fire"
[ $(($(dc_mbox_runs mf 0x4803) - rel0)) = 1 ] ||
	fail "$(($(dc_mbox_runs mf 0x4803) - rel0)) Release DC, expected 1"
dc_log_since | grep -qE "Release DC 0x[0-9a-f]+\+0x200000: -6" ||
	fail "the refusal is not logged: $(dc_log_since | tail -3)"
[ "$(dc_state mf 0 0x1000000)" = release-pending ] ||
	fail "the device: $(cat $D/dc_extents)"
dc_sides_agree mf $r || fail "after the refused release"
d=$(dc_claim $r $B) || fail "claim B after the refused release"
ctm-pattern check /dev/$d 0 $SZ 11 || fail "$d lost B's bytes"
dc_unclaim $r $d || fail "unclaim $d"
put "tag $B" $D/dc_release || fail "ask for B again"
wait_for 10 sh -c "[ \"\$(head -n 1 $P/b/dc_status)\" = released ]" ||
	fail "B not released: $(cat $P/b/dc_status)"
dc_wait_host 5 $r "0x0 $SZ $A;" || fail "the host kept B"
dc_sides_agree mf $r || fail "after the second release"
ctm-pattern check $VIEW/b 0 $SZ 11 || fail "B's bytes did not go back to b"
put 0x4 $F/fail_mbox/return_code && disarm fail_mbox || fail "disarm"

# 5. A late Add DC Response: seen pending while the host waits for it.
put 0x4802 $F/delay_mbox/opcode && put 4000 $F/delay_mbox/msecs &&
	arm delay_mbox || fail "arm delay_mbox"
put "0 $B prescriptive 0x1000000:$SZ" $D/dc_add &
adder=$!
i=0
until [ "$(tag_status $P/b)" = pending ] && fired delay_mbox; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "B not seen pending: $(cat $P/b/dc_status)"
	sleep 0.1
done
# The offer knob returns once the host has answered: it is still waiting.
kill -0 $adder 2>/dev/null || fail "the offer returned before the host answered"
wait $adder || fail "offer B late"
[ "$(dc_state mf 0 0x1000000)" = accepted ] || fail "B after the late answer: $(cat $D/dc_extents)"
dc_wait_host 10 $r "0x0 $SZ $A;0x1000000 $SZ $B;" || fail "B not on the host"
disarm delay_mbox

# 6. Clear Event Records refused after U1 was answered: U1's record comes
# back with U2's and is cleared, not answered again.
add0=$(dc_mbox_runs mf 0x4802)
addf0=$(dc_mbox_fails mf 0x4802)
arm fail_mbox 0x0101 || fail "arm fail_mbox"
dc_log_mark
put "0 0 prescriptive 0x2000000:$SZ" $D/dc_add || fail "offer U1"
fired fail_mbox || fail "fail_mbox did not fire"
dc_log_since | grep -q "Failed to clear events" ||
	fail "the refused clear is not logged: $(dc_log_since | tail -3)"
[ "$(dc_state mf 0 0x2000000)" = accepted ] || fail "U1: $(cat $D/dc_extents)"
put "0 0 prescriptive 0x2200000:$SZ" $D/dc_add || fail "offer U2"
[ "$(dc_state mf 0 0x2200000)" = accepted ] || fail "U2: $(cat $D/dc_extents)"
dc_wait_host 10 $r "0x0 $SZ $A;0x1000000 $SZ $B;0x2000000 $SZ -;0x2200000 $SZ -;" ||
	fail "U1 and U2 not both on the host"
[ $(($(dc_mbox_runs mf 0x4802) - add0)) = 2 ] ||
	fail "$(($(dc_mbox_runs mf 0x4802) - add0)) Add DC Response for two offers"
[ "$(dc_mbox_fails mf 0x4802)" = "$addf0" ] || fail "an Add DC Response was refused"
dc_sides_agree mf $r || fail "after the refused clear"

# 7. The last record of a two-extent offer lost to an overflow: answered
# empty once the log is read, dropped on both sides; the next is taken.
[ "$(cat $F/dc_lose_records)" = 0 ] || fail "dc_lose_records $(cat $F/dc_lose_records)"
put 1 $F/dc_lose_records || fail "dc_lose_records"
dc_log_mark
add0=$(dc_mbox_runs mf 0x4802)
put "0 0 prescriptive 0x2400000:$SZ,0x2600000:$SZ" $D/dc_add || fail "offer U3"
[ "$(cat $F/dc_lose_records)" = 0 ] || fail "dc_lose_records not used up"
dc_log_since | grep -q "DC records lost to an event log overflow: the open offer (1 extents read) is answered empty" ||
	fail "the open offer is not answered: $(dc_log_since | tail -3)"
[ -z "$(dc_state mf 0 0x2400000)$(dc_state mf 0 0x2600000)" ] ||
	fail "the device kept U3: $(cat $D/dc_extents)"
[ $(($(dc_mbox_runs mf 0x4802) - add0)) = 1 ] || fail "$(($(dc_mbox_runs mf 0x4802) - add0)) Add DC Response for U3"
dc_sides_agree mf $r || fail "after the lost record"

# 8. All records of U4 lost: the answer to U5 is refused once, U4 dropped.
put 5 $F/dc_lose_records || fail "dc_lose_records"
put "0 0 prescriptive 0x2400000:$SZ" $D/dc_add || fail "offer U4"
[ "$(dc_state mf 0 0x2400000)" = pending ] || fail "U4: $(cat $D/dc_extents)"
dc_log_mark
add0=$(dc_mbox_runs mf 0x4802)
addf0=$(dc_mbox_fails mf 0x4802)
put "0 0 prescriptive 0x2600000:$SZ" $D/dc_add || fail "offer U5"
dc_log_since | grep -q "the device's oldest offer is not this one" ||
	fail "the refused answer is not logged: $(dc_log_since | tail -3)"
[ -z "$(dc_state mf 0 0x2400000)" ] || fail "the device kept U4: $(cat $D/dc_extents)"
[ "$(dc_state mf 0 0x2600000)" = accepted ] || fail "U5: $(cat $D/dc_extents)"
# The refused answer, the empty one that drops U4, the answer again.
[ $(($(dc_mbox_runs mf 0x4802) - add0)) = 3 ] && [ $(($(dc_mbox_fails mf 0x4802) - addf0)) = 1 ] ||
	fail "Add DC Response: $(($(dc_mbox_runs mf 0x4802) - add0)) sent, $(($(dc_mbox_fails mf 0x4802) - addf0)) refused"
dc_wait_host 10 $r "0x0 $SZ $A;0x1000000 $SZ $B;0x2000000 $SZ -;0x2200000 $SZ -;0x2600000 $SZ -;" ||
	fail "U5 not on the host"
dc_sides_agree mf $r || fail "after the lost offer"

dc_expect_end dc_mbox_faults
dc_sides_agree mf $r || fail "at the end"
destroy_region_sysfs decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $P/a $P/b $C/pools/p0 || fail "remove the pool"
ctm_pass
