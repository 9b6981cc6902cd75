#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A forced release is honoured by the host and never lets a mapping reach
# another tag's bytes. Tag A is accepted, claimed and mapped by a process
# that stays (ctm-maphold). The device force-releases A (configfs
# dc_force_release, then in a second round the platform knob
# dc_force_del_extent); then:
# - the process's next access gets SIGBUS, never data;
# - the host has neither A's extent nor A's DAX device any more;
# - tag B added at the same DPA is accepted as new on both sides, is
#   claimable and a mapping of B reads B's bytes, while the old process
#   still gets SIGBUS and its writes never land in B's backend;
# - A can be added again and claimed.
# Every round runs without and with Sanitize on Release. Also: a record
# naming A's accepted range under tag B (dc_inject_extent) is refused
# (-EBUSY), not taken as a duplicate, and A's mapping still reads A; and a
# DC DAX device cannot be onlined as System RAM (binding kmem fails with
# -EOPNOTSUPP, no memory block is added).
# The region and the claims go through cxl-cli and daxctl; the host's
# extents, checked two dozen times between the device's steps, are read
# from sysfs (dc_sysfs_extents): a cxl list each time doubled the test.
. "$CTM/lib.sh"
DC_LIST=dc_sysfs_extents

ctm_start dax
trap 'mh_stop a; mh_stop b; ctm_cleanup' EXIT
A=7a2b3c4d-0001-4a77-b6c3-16df975fcf1a
B=7a2b3c4d-0002-4a77-b6c3-16df975fcf1a
K=7a2b3c4d-0003-4a77-b6c3-16df975fcf1a
SZ=0x400000
KSZ=0x8000000	# one memory block: kmem would have something to add
SA=81
SB=82
SW=83

ctm_pool p0 0xc000000 a:$A:$SZ b:$B:$SZ k:$K:$KSZ || fail "pool and backends"
P=$C/pools/p0/backends
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0
D=$C/devices/fi

is() {	# BACKEND STATUS
	[ "$(tag_status $P/$1)" = "$2" ]
}
# gone DAX: A's DAX device went with its extents (device 0 of a region
# stays on the DAX bus, without capacity and without a driver).
gone() {
	[ ! -e /sys/bus/dax/devices/$1 ] && return 0
	[ "$(cat /sys/bus/dax/devices/$1/size)" = 0 ] &&
		[ ! -e /sys/bus/dax/devices/$1/driver ]
}

# round HOW SANITIZE: one forced release of A under a live mapping.
round() {
	ctm-pattern write $DBG/a 0 $SZ $SA && ctm-pattern write $DBG/b 0 $SZ $SB ||
		fail "$1: fill the backends"
	put "0 $A prescriptive 0:$SZ" $D/dc_add || fail "$1: add A"
	dc_wait_host 20 $r "0x0 $SZ $A;" || fail "$1: A on the host"
	wait_for 10 is a accepted || fail "$1: a: $(cat $P/a/dc_status)"
	da=$(dc_claim $r $A) || fail "$1: claim A"
	mh_start a /dev/$da $SZ || fail "$1: map $da"
	[ "$(mh_cmd a "check 0 $SZ $SA")" = ok ] || fail "$1: $da does not read A"

	if [ "$1" = configfs ]; then
		# Same range, other tag: not a duplicate of A's extent.
		dc_log_mark
		put "$DC_BASE:$SZ:$B:0" $PD/dc_inject_extent || fail "inject A's range as B"
		wait_for 10 sh -c "! grep -q duplicate $D/dc_extents" ||
			fail "the device still holds the offer: $(cat $D/dc_extents)"
		dc_log_since | grep -q "DC extent $DC_BASE+$SZ tag $B seq 0 refused: -16" ||
			fail "A's range under B was not refused: $(dc_log_since | tail -n 5)"
		dc_wait_host 1 $r "0x0 $SZ $A;" || fail "A's extent after B's record"
		is a accepted || fail "a after B's record: $(cat $P/a/dc_status)"
		[ "$(mh_cmd a "check 0 $SZ $SA")" = ok ] ||
			fail "$da does not read A after B's record"
	fi

	if [ "$1" = configfs ]; then
		put "tag $A" $D/dc_force_release || fail "$1: force-release A"
	else
		put "$DC_BASE:$SZ:$A" $PD/dc_force_del_extent || fail "$1: force-release A"
	fi
	wait_for 10 is a released || fail "$1: a after the forced release: $(cat $P/a/dc_status)"
	dc_wait_host 10 $r "" || fail "$1: A's extent stayed on the host"
	wait_for 10 gone $da || fail "$1: A's DAX device $da stayed: $(ls /sys/bus/dax/devices/$da)"
	got=$(mh_cmd a "check 0 8 $SA")
	[ "$got" = sigbus ] || fail "$1: the process mapping A read '$got', expected SIGBUS"

	put "0 $B prescriptive 0:$SZ" $D/dc_add || fail "$1: add B at A's DPA"
	dc_wait_host 20 $r "0x0 $SZ $B;" || fail "$1: B not accepted as new"
	wait_for 10 is b accepted || fail "$1: b: $(cat $P/b/dc_status)"
	dc_sides_agree fi $r || fail "$1: sides disagree after adding B"
	got=$(mh_cmd a "check 0 $SZ $SB")
	[ "$got" = sigbus ] || fail "$1: the process mapping A now reads '$got' of B"
	got=$(mh_cmd a "write 0 $SZ $SW")
	[ "$got" = sigbus ] || fail "$1: the process mapping A wrote to B ('$got')"
	db=$(dc_claim $r $B) || fail "$1: claim B"
	ctm-pattern check /dev/$db 0 $SZ $SB || fail "$1: $db does not read B's bytes"
	ctm-pattern check $DBG/b 0 $SZ $SB || fail "$1: B's backend changed"
	mh_start b /dev/$db $SZ || fail "$1: map $db"
	[ "$(mh_cmd b "check 0 $SZ $SB")" = ok ] || fail "$1: a mapping of B does not read B"
	mh_stop b
	dc_unclaim $r $db || fail "$1: unclaim B"
	put "tag $B" $D/dc_release || fail "$1: release B"
	wait_for 20 is b released || fail "$1: b: $(cat $P/b/dc_status)"
	dc_wait_host 10 $r "" || fail "$1: B's extent stayed on the host"
	[ "$(mh_cmd a "check 0 8 $SA")" = sigbus ] || fail "$1: the old mapping came back"
	mh_stop a

	put "0 $A prescriptive 0:$SZ" $D/dc_add || fail "$1: add A again"
	dc_wait_host 20 $r "0x0 $SZ $A;" || fail "$1: A not accepted again"
	wait_for 10 is a accepted || fail "$1: a: $(cat $P/a/dc_status)"
	da=$(dc_claim $r $A) || fail "$1: claim A again"
	if [ "$2" = 1 ]; then
		ctm-pattern zero /dev/$da 0 $SZ 0 || fail "$1: A was not sanitized"
	else
		ctm-pattern check /dev/$da 0 $SZ $SA || fail "$1: A's bytes are not A's"
	fi
	dc_unclaim $r $da || fail "$1: unclaim A"
	put "tag $A" $D/dc_release || fail "$1: release A"
	wait_for 20 is a released || fail "$1: a: $(cat $P/a/dc_status)"
	dc_wait_host 10 $r "" || fail "$1: A's extent stayed on the host"
}

# no_kmem: a claimed DC DAX device cannot become System RAM.
no_kmem() {
	modprobe kmem || fail "modprobe kmem"
	put "0 $K prescriptive $KSZ:$KSZ" $D/dc_add || fail "add K"
	dc_wait_host 20 $r "$KSZ $KSZ $K;" || fail "K on the host"
	dk=$(dc_claim $r $K) || fail "claim K"
	put $dk /sys/bus/dax/drivers/device_dax/unbind || fail "unbind $dk"
	blocks=$(ls /sys/devices/system/memory | grep -c '^memory')
	KM=/sys/bus/dax/drivers/kmem
	# new_id makes kmem match any device (daxctl reconfigure-device);
	# the bind that follows must still fail. The id is removed at once:
	# a later device of the same name must not match kmem.
	put $dk $KM/new_id
	taken=
	[ -e $KM/$dk ] && taken=new_id
	out=$(put $dk $KM/bind 2>&1) && taken=bind
	[ -z "$taken" ] || put $dk $KM/unbind
	put $dk $KM/remove_id
	[ -z "$taken" ] || fail "kmem took the DC DAX device $dk ($taken)"
	case "$out" in
	*"Operation not supported") ;;
	*) fail "binding $dk to kmem: '$out', expected EOPNOTSUPP" ;;
	esac
	[ "$(ls /sys/devices/system/memory | grep -c '^memory')" = "$blocks" ] ||
		fail "memory blocks were added"
	! grep -q "System RAM (kmem)" /proc/iomem || fail "kmem System RAM in /proc/iomem"
	dc_unclaim $r $dk || fail "unclaim K"
	put "tag $K" $D/dc_release || fail "release K"
	wait_for 20 is k released || fail "k: $(cat $P/k/dc_status)"
}

dc_log_mark
for san in 0 1; do
	ctm_dc_dev fi 0x10000000 0x10000000 p0 dc0/sanitize_on_release=$san >/dev/null ||
		fail "enable the DCD (sanitize $san)"
	PD=$(mock_knob fi)
	r=$(ctm_dc_region fi) || fail "DC region"
	round configfs $san
	round knob $san
	[ $san = 1 ] || no_kmem
	destroy_region decoder0.0 "$r" || fail "destroy $r"
	ctm_rm_dev $D || fail "remove the device"
done

# Revoking a mapping is where a host gets lifetimes wrong: say so here,
# not only in the whole run's log check.
dc_log_since | grep -E -A 12 'KASAN|BUG:|WARNING:|refcount_t' &&
	fail "the kernel log shows a fault during the forced releases"
rmdir $P/a $P/b $P/k $C/pools/p0 || fail "remove the pool"
ctm_pass
