#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The device side of tagged Dynamic Capacity through configfs, with the
# host kept out (dc_hold_events, configfs then debugfs): offers by tag (prescriptive and free),
# their states, the per-tag status, release requests on preloaded
# extents, every bad write (errno, and nothing changed), rmdir of a
# backend in use, and each backend's storage in debugfs.
. "$CTM/lib.sh"

ctm_start
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
X=7be13bce-ae34-4a77-b6c3-16df975fcf1a
Y=8be13bce-ae34-4a77-b6c3-16df975fcf1a
M=0x200000

grep -q "^backends: .*dc_status" $C/features || fail "features: $(cat $C/features)"
grep -q "^devices: .*dc_add dc_release dc_force_release dc_extents dc_preload dc_hold_events" \
	$C/features || fail "features: $(cat $C/features)"

ctm_pool p0 0x4000000 a:$A:0x800000 b:$B:0x600000 || fail "pool p0"
ctm_pool p1 0x400000 x:$X:0x200000 || fail "pool p1"
P=$C/pools/p0/backends
[ "$(tag_status $P/a)" = not-found ] || fail "new tag status: $(cat $P/a/dc_status)"

# Device-side data of backend a, before anything uses it.
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0/a
[ -e $DBG ] || fail "no debugfs view of backend a"
ctm-pattern write $DBG 0 0x800000 11 || fail "fill backend a"
ctm-pattern check $DBG 0 0x800000 11 || fail "read backend a back"

D=$(ctm_dev dcd 0x10000000 0x10000000 p0 dc0/sanitize_on_release=1 dc1/size=0x10000000 \
	dc1/sharable=1) || fail "device"

# A disabled device takes no requests.
expect_errno_exact "No such device" put "0 $A prescriptive 0:$M" $D/dc_add
expect_errno_exact "No such device" put "tag $A" $D/dc_release
[ -z "$(cat $D/dc_extents)" ] || fail "disabled device lists extents"

# Preloaded extents: one of tag A at 16 MiB, one untagged at 32 MiB.
expect_put "Invalid argument" "0:0x1000000" $D/dc_preload
expect_put "Invalid argument" "8:0:0x200000" $D/dc_preload
expect_put "Invalid argument" "0:0:0x200000:not-a-tag" $D/dc_preload
expect_put "Invalid argument" "0:0:0x200000:$A:1:2" $D/dc_preload
put "0:0x1000000:0x200000:$A 0:0x2000000:0x200000" $D/dc_preload || fail "preload"
[ "$(cat $D/dc_preload)" = "0:0x1000000:0x200000:$A:0
0:0x2000000:0x200000" ] || fail "preload reads back as '$(cat $D/dc_preload)'"
put 1 $D/dc_hold_events && put 1 $D/enable || fail "enable"
# configfs dc_hold_events is configuration, the state the device starts
# in: enabled, the device refuses it as any setting. The live state is
# the device's debugfs knob, which starts as configured.
HD=$(mock_debugfs dcd) || fail "no debugfs directory"
[ "$(cat $HD/dc_hold_events)" = 1 ] || fail "debugfs dc_hold_events starts as $(cat $HD/dc_hold_events)"
for v in 0 1; do
	expect_errno_exact "Device or resource busy" put $v $D/dc_hold_events
	[ "$(cat $D/dc_hold_events)" = 1 ] && [ "$(cat $HD/dc_hold_events)" = 1 ] ||
		fail "a refused dc_hold_events $v changed: $(cat $D/dc_hold_events) $(cat $HD/dc_hold_events)"
done
for v in 2 x ""; do
	expect_errno_exact "Invalid argument" put "$v" $HD/dc_hold_events
	[ "$(cat $HD/dc_hold_events)" = 1 ] || fail "debugfs dc_hold_events '$v' changed it"
done
# Resumed, the host reads the DCD log (empty, nothing is offered yet),
# and it is held again before anything is.
get0=$(dc_mbox_runs dcd 0x0100) || fail "mailbox statistics"
put 0 $HD/dc_hold_events || fail "resume events"
[ "$(cat $HD/dc_hold_events)" = 0 ] || fail "debugfs dc_hold_events 0 reads $(cat $HD/dc_hold_events)"
[ "$(cat $D/dc_hold_events)" = 1 ] || fail "configfs dc_hold_events follows the live state"
log_read() { [ "$(dc_mbox_runs dcd 0x0100)" -gt "$get0" ]; }
wait_for 10 log_read || fail "the host did not read the DCD log when events resumed"
put on $HD/dc_hold_events || fail "hold events"
[ "$(cat $HD/dc_hold_events)" = 1 ] || fail "debugfs dc_hold_events on reads $(cat $HD/dc_hold_events)"
expect_put "Device or resource busy" "" $D/dc_preload
[ "$(dc_state dcd 0 0x1000000)" = accepted ] || fail "preloaded extent: $(cat $D/dc_extents)"
[ "$(dc_state dcd 0 0x2000000)" = accepted ] || fail "preloaded extent: $(cat $D/dc_extents)"
[ "$(tag_status $P/a)" = accepted ] || fail "tag A status: $(cat $P/a/dc_status)"
grep -q "cxl_tag_mock_mem.[0-9]* 0 0x1000000 0x200000 accepted" $P/a/dc_status ||
	fail "tag A ranges: $(cat $P/a/dc_status)"
[ "$(cat $P/a/state)" = in-use ] || fail "backend a state $(cat $P/a/state)"
# Bound but not decoded: the tag's data is still in its own pages.
ctm-pattern check $DBG 0 0x800000 11 || fail "backend a changed by binding"

# Every bad offer fails precisely and queues nothing.
snapshot() { cat $D/dc_extents $P/a/dc_status $P/b/dc_status; }
expect_offer() {
	before=$(snapshot)
	expect_errno_exact "$1" put "$2" $D/dc_add
	[ "$(snapshot)" = "$before" ] || fail "refused '$2' changed: $(snapshot)"
}
expect_offer "Invalid argument" ""
expect_offer "Invalid argument" "zero $A prescriptive 0:$M"
expect_offer "Invalid argument" "0 not-a-uuid prescriptive 0:$M"
expect_offer "Invalid argument" "0 $A sideways 0:$M"
expect_offer "Invalid argument" "0 $A prescriptive 0x200000"
expect_offer "Invalid argument" "0 $A prescriptive 0:0x200000 extra"
expect_offer "Invalid argument" "0 $A prescriptive 0:0x200000,"
expect_offer "Invalid argument" "0 $A prescriptive 0x100000:0x200000"
expect_offer "Invalid argument" "0 $A prescriptive 0:0x100000"
expect_offer "Invalid argument" "0 $A prescriptive 0:0"
expect_offer "Invalid argument" "0 $A prescriptive 0:0x400000,0x200000:0x200000"
expect_offer "Numerical result out of range" "0 $A prescriptive 0x10000000:0x200000"
expect_offer "Numerical result out of range" "0 $A prescriptive 0xfe00000:0x400000"
expect_offer "Numerical result out of range" "0 $A free 0x20000000"
expect_offer "No such device or address" "2 $A prescriptive 0:0x200000"
expect_offer "No such file or directory" "0 $Y prescriptive 0:0x200000"
expect_offer "Invalid cross-device link" "0 $X prescriptive 0:0x200000"
# Tag A holds 2 MiB of its 8 already.
expect_offer "No space left on device" "0 $A prescriptive 0:0x400000,0x800000:0x400000"
expect_offer "Device or resource busy" "0 $A prescriptive 0x1000000:0x200000"
expect_offer "Device or resource busy" "0 $B prescriptive 0xe00000:0x400000"

# Good offers: one chain of two extents, then one placed first fit.
put "0 $A prescriptive 0:$M,0x400000:$M" $D/dc_add || fail "offer two extents"
[ "$(dc_state dcd 0 0x0)" = pending ] && [ "$(dc_state dcd 0 0x400000)" = pending ] ||
	fail "offer: $(cat $D/dc_extents)"
[ "$(tag_status $P/a)" = "pending accepted" ] || fail "tag A status: $(cat $P/a/dc_status)"
expect_offer "Device or resource busy" "0 $B prescriptive 0x400000:0x200000"
put "0 $B free 0x200000,0x400000" $D/dc_add || fail "free offer"
[ "$(dc_state dcd 0 0x200000)" = pending ] || fail "free offer not first fit: $(cat $D/dc_extents)"
[ "$(dc_state dcd 0 0x600000)" = pending ] || fail "free offer not first fit: $(cat $D/dc_extents)"
grep -q "^0 0x600000 0x400000 $B 0 pending" $D/dc_extents ||
	fail "dc_extents line: $(cat $D/dc_extents)"
put "1 0 free 0x200000,0x200000" $D/dc_add || fail "untagged offer on the sharable region"
grep -q "^1 0x200000 0x200000 - 1 pending" $D/dc_extents ||
	fail "sharable region sequence: $(cat $D/dc_extents)"
expect_offer "No space left on device" "0 $B free 0x200000"

# A backend whose pages are offered or bound stays.
expect_errno "Device or resource busy" rmdir $P/b
expect_put "Device or resource busy" 0x800000 $P/b/size
expect_put "Device or resource busy" $Y $P/b/tag
[ -d $P/b ] && [ "$(cat $P/b/state)" = in-use ] || fail "refused rmdir changed backend b"

# Releases: only whole accepted extents.
expect_release() {
	before=$(snapshot)
	expect_errno_exact "$1" put "$2" $3
	[ "$(snapshot)" = "$before" ] || fail "refused release '$2' changed: $(snapshot)"
}
for f in dc_release dc_force_release; do
	expect_release "Invalid argument" "" $D/$f
	expect_release "Invalid argument" "tag" $D/$f
	expect_release "Invalid argument" "tag 0" $D/$f
	expect_release "Invalid argument" "tag not-a-uuid" $D/$f
	expect_release "Invalid argument" "0 0x1000000" $D/$f
	expect_release "Invalid argument" "0 0x1000000:0x100000" $D/$f
	expect_release "Invalid argument" "0 0x1000000:0x400000" $D/$f
	expect_release "Invalid argument" "0 0x1000000:$M,0x1000000:$M" $D/$f
	expect_release "Numerical result out of range" "0 0x10000000:$M" $D/$f
	expect_release "No such device or address" "3 0:$M" $D/$f
	expect_release "No such file or directory" "0 0x3000000:$M" $D/$f
	expect_release "No such file or directory" "tag $Y" $D/$f
	expect_release "Device or resource busy" "0 0:$M" $D/$f
done
expect_release "No such file or directory" "tag $B" $D/dc_release

put "tag $A" $D/dc_release || fail "release tag A"
[ "$(dc_state dcd 0 0x1000000)" = release-pending ] || fail "release: $(cat $D/dc_extents)"
[ "$(tag_status $P/a)" = "pending release-pending" ] ||
	fail "tag A status: $(cat $P/a/dc_status)"
# Asking again is a retry, the state stays.
put "tag $A" $D/dc_release && put "0 0x1000000:$M" $D/dc_release || fail "retry the release"
[ "$(dc_state dcd 0 0x1000000)" = release-pending ] || fail "retry: $(cat $D/dc_extents)"
put "0 0x2000000:$M" $D/dc_release || fail "release the untagged extent"
[ "$(dc_state dcd 0 0x2000000)" = release-pending ] || fail "release: $(cat $D/dc_extents)"
put "0 0x2000000:$M" $D/dc_force_release || fail "force-release the untagged extent"
[ -z "$(dc_state dcd 0 0x2000000)" ] || fail "forced release left: $(cat $D/dc_extents)"
put "tag $A" $D/dc_force_release || fail "force-release tag A"
[ -z "$(dc_state dcd 0 0x1000000)" ] || fail "forced release left: $(cat $D/dc_extents)"
# Tag A still has its pending offer; dc0 sanitizes: A's first 2 MiB,
# which backed the released extent, are zero now.
[ "$(tag_status $P/a)" = pending ] || fail "tag A status: $(cat $P/a/dc_status)"
ctm-pattern zero $DBG 0 0x200000 0 || fail "sanitize on release left data in backend a"
ctm-pattern check $DBG 0x200000 0x600000 11 || fail "release touched the rest of backend a"

# The compatibility knobs, on the platform device and in debugfs.
H=$(mock_knob dcd)
for k in dc_inject_extent dc_inject_shared_extent dc_del_extent dc_force_del_extent; do
	[ -e $H/$k ] || fail "no $k on $H"
	[ -e $HD/$k ] || fail "no $k in $HD"
done
base=0x10000000
expect_inj() {
	before=$(snapshot)
	expect_errno_exact "$1" put "$2" $H/$3
	[ "$(snapshot)" = "$before" ] || fail "refused '$2' changed: $(snapshot)"
}
expect_inj "Invalid argument" "" dc_inject_extent
expect_inj "Invalid argument" "$base:$M" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:0:2" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:nope:0" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:0:0:1:1" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:$A:0" dc_inject_shared_extent
expect_inj "Invalid argument" "0x10100000:$M:0:0" dc_inject_extent
expect_inj "Numerical result out of range" "0:$M:0:0" dc_inject_extent
expect_inj "Device or resource busy" "$base:$M:0:0" dc_inject_extent
# The debugfs files are the same knobs: the same errors.
H=$HD
expect_inj "Invalid argument" "" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:0:2" dc_inject_extent
expect_inj "Invalid argument" "$base:$M:$A:0" dc_inject_shared_extent
expect_inj "Numerical result out of range" "0:$M:0:0" dc_inject_extent
expect_inj "Device or resource busy" "$base:$M:0:0" dc_inject_extent
expect_inj "Numerical result out of range" "0:$M:0" dc_del_extent
expect_inj "No such file or directory" "0x13000000:$M:0" dc_force_del_extent
H=$(mock_knob dcd)
# dc_del_extent is permissive (cxl_test semantics): a range inside a DC
# region with nothing accepted is still queued, and the host decides.
# No region of the host maps it, so the host releases it at once and the
# device refuses that Release DC: expected here.
dc_expect_begin dc_configfs
before=$(snapshot)
put "0x13000000:$M:0" $H/dc_del_extent || fail "permissive dc_del_extent refused"
[ "$(snapshot)" = "$before" ] || fail "a release of nothing changed: $(snapshot)"
dc_expect_end dc_configfs
expect_inj "Numerical result out of range" "0:$M:0" dc_del_extent
expect_inj "Invalid argument" "0x13000000:$M" dc_del_extent
put "0x18000000:$M:$Y:1" $H/dc_inject_extent || fail "inject with More"
# The chain is open: a configfs offer would land inside it.
expect_offer "Device or resource busy" "0 0 prescriptive 0x9000000:$M"
put "0x18400000:$M:$Y:0" $HD/dc_inject_extent || fail "inject closing the chain (debugfs)"
[ "$(dc_state dcd 0 0x8000000)" = pending ] && [ "$(dc_state dcd 0 0x8400000)" = pending ] ||
	fail "injected: $(cat $D/dc_extents)"
put "0x20800000:$M:$Y:0:3" $H/dc_inject_shared_extent || fail "inject shared"
grep -q "^1 0x800000 0x200000 $Y 3 pending" $D/dc_extents || fail "shared: $(cat $D/dc_extents)"
put "0x20c00000:$M:$Y:0:4" $HD/dc_inject_shared_extent || fail "inject shared (debugfs)"
grep -q "^1 0xc00000 0x200000 $Y 4 pending" $D/dc_extents || fail "shared: $(cat $D/dc_extents)"

# The device goes with its extents; the backends are free again.
put 0 $D/enable || fail "disable"
# Disabled, dc_hold_events is configuration again.
put 0 $D/dc_hold_events && [ "$(cat $D/dc_hold_events)" = 0 ] ||
	fail "dc_hold_events of a disabled device: $(cat $D/dc_hold_events)"
[ "$(cat $P/a/state)" = reserved ] && [ "$(cat $P/b/state)" = reserved ] ||
	fail "backends still in use: $(cat $P/a/state) $(cat $P/b/state)"
[ "$(tag_status $P/a)" = released ] || fail "tag A status: $(cat $P/a/dc_status)"
[ "$(tag_status $P/b)" = not-found ] || fail "tag B status: $(cat $P/b/dc_status)"
ctm-pattern check $DBG 0x200000 0x600000 11 || fail "disable touched backend a"
rm $D/pool && rmdir $D || fail "remove the device"
rmdir $P/a $P/b $C/pools/p1/backends/x $C/pools/p0 $C/pools/p1 || fail "remove pools"
[ ! -e /sys/kernel/debug/cxl_tag_mock/pools/p0 ] || fail "debugfs pool dir left behind"
ctm_pass
