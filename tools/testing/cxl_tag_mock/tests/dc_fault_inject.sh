#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One failed allocation at a time, at every allocation of: pool and
# backend creation and sizing, device enable, dc_add (with the host's
# acceptance: extent devices and DAX resources, reached because the
# write returns only once the host has answered), a claim by tag, release
# (the device's Release DC keeps the contents in the backend's store) and
# forced release. For N = 1, 2, ... the operation runs with its N-th fault
# injection point failing (ctm-failnth, /proc/thread-self/fail-nth;
# failslab and fail_page_alloc told not to ignore sleeping allocations),
# until it runs without reaching an N-th point. After each injected
# failure: the device's and the host's extent lists agree, the pool's
# used + free is its size and what it was, a failed write changed nothing
# (contents included), and a clean retry succeeds. At the end kmemleak
# finds nothing. An operation with many points (device enable has about a
# thousand) is tried point by point for 4 s, then sampled ever more
# sparsely, and stopped after 15 s; the log says where. The host failures
# this provokes are expected: the run is bracketed for run-guest.sh's log
# check.
. "$CTM/lib.sh"
# It works on the kernel's sysfs attributes themselves: the region, its
# extents and the claims go through the *_sysfs helpers, not cxl-cli and
# daxctl.
DC_LIST=dc_sysfs_extents
FS=/sys/kernel/debug/failslab
FP=/sys/kernel/debug/fail_page_alloc
knobs() {	# VALUE: ignore-gfp-wait (and -highmem) of both
	echo "$1" >$FS/ignore-gfp-wait
	echo "$1" >$FP/ignore-gfp-wait
	echo "$1" >$FP/ignore-gfp-highmem
}
cleanup() {
	knobs Y 2>/dev/null
	[ -z "${MINORDER:-}" ] || echo "$MINORDER" >$FP/min-order
	dc_expect_end dc_fault_inject
	# A wedged device would wedge its cleanup too.
	[ -n "${WEDGED:-}" ] || ctm_cleanup
}
trap cleanup EXIT

[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
[ -e /proc/thread-self/fail-nth ] && [ -d $FS ] && [ -d $FP ] ||
	skip "no fault injection in this kernel"
load_mock || fail "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || fail "dax modules"
kmemleak_forget
dc_expect_begin dc_fault_inject
echo 0 >$FS/verbose && echo 0 >$FP/verbose || fail "fault injection knobs"
knobs N
C=$CONFIGFS
X=9a2b3c4d-0001-4a77-b6c3-16df975fcf1a
SZ=0x400000
PF=$C/pools/pf
BE=$PF/backends/x
DBG=/sys/kernel/debug/cxl_tag_mock/pools/pf/x
D=$C/devices/fj
uptime_cs
START=$NOW_CS
points=0

# The checks below run at every point: they read with the shell's
# builtins, since a process costs tens of milliseconds in this guest.
# line FILE: its first line in L. dev_empty: the device holds no extent.
# since T0: the whole seconds since T0 (a time in hundredths, uptime_cs)
# in SINCE.
line() {
	L=
	read -r L <"$1" || :
}
dev_empty() {
	read_joined $D/dc_extents
	[ -z "$JOINED" ]
}
since() {
	uptime_cs
	SINCE=$(((NOW_CS - $1) / 100))
}
SUMMARY=

# failnth N OP...: ctm-failnth N OP..., which watches the operation: one
# that does not return is a wedged device (status 3, with its kernel
# stack); the test then ends without touching the device again. Sets rc
# and out.
failnth() {
	rc=0
	ctm-failnth "$@" >/tmp/fi.out 2>&1 || rc=$?
	read -r out </tmp/fi.out || out=
	if [ $rc = 3 ]; then
		cat /tmp/fi.out
		WEDGED=1
		fail "point $1 of '$*' wedged the writer"
	fi
}

# inject NAME OP...: run OP with its N-th point failing, N = 1, 2, ...
# until a run injects nothing. After each run, NAME_after RC checks the
# state (RC 0: the operation succeeded all the same) and brings it back
# to where it was; NAME_retry does the operation cleanly and NAME_undo
# takes it back.
inject() {
	name=$1
	shift
	point=1
	tried=0
	uptime_cs
	t0=$NOW_CS
	while :; do
		failnth $point "$@"
		[ $rc -le 1 ] || fail "$name: ctm-failnth: $out"
		since $START
		echo "$name $point: $out ($SINCE s)"
		case "$out" in
		clean*)
			[ $rc = 0 ] || fail "$name failed with nothing injected: $out"
			${name}_undo || fail "$name: undo after the clean run"
			break
			;;
		esac
		${name}_after $rc || fail "$name, point $point ($out)"
		${name}_retry || fail "$name: clean retry after point $point ($out)"
		${name}_undo || fail "$name: undo after the retry at point $point"
		tried=$((tried + 1))
		# Past its share of the time, an operation's later points are
		# sampled, ever more sparsely, and after 15 s it stops, so that
		# the test stays bounded; the points left untried are said.
		since $t0
		if [ $SINCE -ge 15 ]; then
			echo "$name: stopped at point $point after 15 s; later points untried"
			break
		elif [ $SINCE -lt 4 ]; then
			point=$((point + 1))
		else
			point=$((point + point / 2 + 1))
		fi
	done
	points=$((points + tried))
	since $t0
	echo "$name: $tried of $point points tried in $SINCE s"
	SUMMARY="$SUMMARY $name $tried/$point $SINCE s;"
}

# Pool creation.
pool_mk_after() {
	[ $1 = 0 ] && { rmdir $PF; return; }
	[ ! -e $PF ] || { echo "a failed mkdir left $PF"; return 1; }
}
pool_mk_retry() { mkdir $PF; }
pool_mk_undo() { rmdir $PF; }
inject pool_mk mkdir $PF
mkdir $PF || fail "mkdir pool"

# Pool sizing, from no size and from a size.
pool_size_after() {
	if [ $1 = 0 ]; then
		[ "$(cat $PF/size)" = "$PS" ] || { echo "size $(cat $PF/size)"; return 1; }
	else
		[ "$(cat $PF/size)" = "$PS0" ] || { echo "size $(cat $PF/size) after a failed write"; return 1; }
	fi
	dc_pool_balanced pf || { echo "used $(cat $PF/used) free $(cat $PF/free)"; return 1; }
	pool_size_undo
}
pool_size_retry() { put $PS $PF/size; }
pool_size_undo() {
	if [ "$PS0" = 0x0 ]; then
		rmdir $PF && mkdir $PF
	else
		put $PS0 $PF/size
	fi
}
PS0=0x0 PS=0x4000000
inject pool_size write $PF/size $PS
put $PS $PF/size || fail "pool size"
PS0=0x4000000 PS=0x6000000
inject pool_size write $PF/size $PS

# Backend creation and sizing (contents kept by a failed write).
be_mk_after() {
	[ $1 = 0 ] && { rmdir $BE; return; }
	[ ! -e $BE ] || { echo "a failed mkdir left $BE"; return 1; }
}
be_mk_retry() { mkdir $BE; }
be_mk_undo() { rmdir $BE; }
inject be_mk mkdir $BE
mkdir $BE && put $X $BE/tag && put $SZ $BE/size || fail "backend"
ctm-pattern write $DBG 0 $SZ 61 || fail "fill the backend"
USED=$(cat $PF/used)
be_size_after() {
	if [ $1 != 0 ]; then
		[ "$(cat $BE/size)" = $SZ ] || { echo "size $(cat $BE/size) after a failed write"; return 1; }
		[ "$(cat $PF/used)" = "$USED" ] || { echo "used $(cat $PF/used), was $USED"; return 1; }
		ctm-pattern check $DBG 0 $SZ 61 || { echo "a failed write changed the contents"; return 1; }
	fi
	dc_pool_balanced pf || { echo "used $(cat $PF/used) free $(cat $PF/free)"; return 1; }
	be_size_undo
}
be_size_retry() { put $((2 * SZ)) $BE/size; }
be_size_undo() {
	[ "$(cat $BE/size)" = $SZ ] && return 0
	put $SZ $BE/size && ctm-pattern write $DBG 0 $SZ 61
}
inject be_size write $BE/size $((2 * SZ))

# Device enable.
mkdir $D && put 0x10000000 $D/ram_size && put 0x10000000 $D/dc0/size &&
	ln -s $PF $D/pool || fail "device"
MEMS=$(memdev_count)
enable_after() {
	if [ $1 != 0 ]; then
		line $D/enable
		[ "$L" = 0 ] || { echo "enable reads $L"; return 1; }
		memdev_count >/dev/null
		[ "$MEMDEVS" = "$MEMS" ] || { echo "memdevs $MEMDEVS, were $MEMS"; return 1; }
	fi
	enable_undo
}
enable_retry() { put 1 $D/enable; }
enable_undo() {
	line $D/enable
	[ "$L" = 0 ] || put 0 $D/enable
}
inject enable write $D/enable 1
put 1 $D/enable || fail "enable"
r=$(ctm_dc_region fj 0x10000000 new_dc_region_sysfs) || fail "DC region"

# settled: both sides agree and the pool is balanced.
settled() {
	wait_for 5 dc_sides_agree fj $r || { dc_sides_agree fj $r; return 1; }
	dc_pool_balanced pf || { echo "used $(cat $PF/used) free $(cat $PF/free)"; return 1; }
}
released() {
	put "tag $X" $D/dc_release >/dev/null 2>&1
	wait_for 10 dev_empty || { echo "left: $JOINED"; return 1; }
	settled
}

# dc_add, through the host's acceptance: the tag as a group of two
# extents, which the host makes whole or not at all (a failure making the
# second must take the first away too, on both sides).
H=$((SZ / 2))
ADD="0 $X prescriptive 0:$H,$H:$H"
HOST="0x0 $(printf %#x $H) $X;$(printf %#x $H) $(printf %#x $H) $X;"
add_after() {
	settled || return 1
	line $PF/used
	[ "$L" = "$USED" ] || { echo "used $L, was $USED"; return 1; }
	add_undo
}
add_retry() {
	put "$ADD" $D/dc_add && dc_wait_host 10 $r "$HOST" && settled
}
add_undo() {
	dev_empty || released
}
inject add write $D/dc_add "$ADD"

# A claim by tag (the DAX device's resources).
add_retry || fail "add for the claims"
AVAIL=$(dc_avail $r)
SEED=$(dc_seed $r) || fail "no seed"
claim_after() {
	if [ $1 != 0 ]; then
		line /sys/bus/dax/devices/$SEED/size
		[ "$L" = 0 ] || { echo "$SEED has size"; return 1; }
		[ "$(dc_avail $r)" = "$AVAIL" ] || { echo "available_size $(dc_avail $r)"; return 1; }
	fi
	claim_undo
}
claim_retry() { put $X /sys/bus/dax/devices/$SEED/uuid; }
claim_undo() {
	line /sys/bus/dax/devices/$SEED/size
	[ "$L" = 0 ] || put 0 /sys/bus/dax/devices/$SEED/size
}
inject claim write /sys/bus/dax/devices/$SEED/uuid $X
settled || fail "after the claims"

# kept: the tag's contents survived, wherever they are now.
kept() {
	ctm-pattern check $DBG 0 $SZ 61 || { echo "the tag's contents changed"; return 1; }
}

# Release, through the host's Release DC. Without memory for the
# backend's store the device answers Retry Required and keeps the extent.
release_after() {
	settled || return 1
	# Whether it went or not, asking again must finish it.
	released && kept
}
release_retry() { add_retry && released; }
release_undo() {
	dev_empty || released || return 1
	add_retry
}
# Order-0 page allocations fail too from here (fail_page_alloc skips them
# by default): the store's pages for the released contents are those.
MINORDER=$(cat $FP/min-order)
echo 0 >$FP/min-order
RETRY0=$(dc_mbox_fails fj 0x4803)
inject release write $D/dc_release "tag $X"
echo "Release DC refused $(($(dc_mbox_fails fj 0x4803) - RETRY0)) times (Retry Required)"

# Forced release: without memory for the backend's store the write fails
# and the extent stays accepted on both sides, contents and all.
force_after() {
	if [ $1 != 0 ]; then
		! dev_empty || { echo "a failed forced release took the extent"; return 1; }
	fi
	settled || return 1
	dev_empty || released || return 1
	kept
}
force_retry() {
	add_retry && put "tag $X" $D/dc_force_release && settled &&
		dev_empty && kept
}
force_undo() { add_retry; }
inject force write $D/dc_force_release "tag $X"

# The same, made certain: the writer's page allocations fail once 512
# pages went through (fail_page_alloc's space, which it counts in pages),
# which is inside the 1024 pages the backend's store takes for the
# released bytes. The device answers
# Release DC with Retry Required: both sides keep the extent, the tag's
# bytes are intact, and asking again releases it.
# (The forced-release sweep's last undo added the tag again.)
[ -n "$(cat $D/dc_extents)" ] || add_retry || fail "add for the refused release"
FAILS0=$(dc_mbox_fails fj 0x4803)
FPSAVE="$(cat $FP/probability $FP/interval $FP/times $FP/space $FP/task-filter)"
echo 100 >$FP/probability && echo 1 >$FP/interval && echo -1 >$FP/times &&
	echo 512 >$FP/space && echo Y >$FP/task-filter || fail "fail_page_alloc knobs"
sh -c "echo 1 >/proc/self/make-it-fail && echo 'tag $X' >$D/dc_release" 2>/dev/null
set -- $FPSAVE
echo $1 >$FP/probability && echo $2 >$FP/interval && echo $3 >$FP/times &&
	echo $4 >$FP/space && echo $5 >$FP/task-filter || fail "fail_page_alloc knobs back"
[ "$(dc_mbox_fails fj 0x4803)" -gt "$FAILS0" ] ||
	fail "the store's failed allocation did not refuse the Release DC"
settled || fail "after the refused release"
[ -n "$(cat $D/dc_extents)" ] || fail "the refused release took the extent"
kept || fail "after the refused release"
echo "$MINORDER" >$FP/min-order
released || fail "the last release"
kept || fail "after the releases"

# Where the time went, in the run's log even when the test passes.
since $START
echo "cxl_tag_mock-test: dc_fault_inject: $points points in $SINCE s:$SUMMARY" >/dev/kmsg
knobs Y
dc_expect_end dc_fault_inject
destroy_region_sysfs decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $BE $PF || fail "remove the pool"
leaks=$(kmemleak_report) || fail "kmemleak"
[ -z "$leaks" ] || fail "kmemleak: $(echo "$leaks" | head -n 30)"
ctm_pass
