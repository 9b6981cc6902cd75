#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A release round names each extent once: a tag offered as N extents in
# one More chain (N = 2, then 4), claimed, read, unclaimed and released by
# tag is given back in one round the device accepts: the device's
# mailbox counts exactly one Release DC naming all N, and no command of
# the round failed. The trace shows N releases; the kernel log no refused
# Release DC and no refused offer; the device lists no extent, the host
# none, and the tag's status is "released".
. "$CTM/lib.sh"
ctm_start dax
A=8a2b3c4d-0001-4a77-b6c3-16df975fcf1a
B=8a2b3c4d-0002-4a77-b6c3-16df975fcf1a
SZ=0x200000

ctm_pool p0 0x2000000 a:$A:$((2 * SZ)) b:$B:$((4 * SZ)) || fail "pool and backends"
P=$C/pools/p0/backends
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0
D=$(ctm_dc_dev rr 0x10000000 0x10000000 p0) || fail "enable the DCD"
mem=$(memdev_of rr)
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "DC region"
MBOX=/sys/kernel/debug/cxl_tag_mock/$(mock_host_of rr)/mailbox
[ -r $MBOX ] || fail "no $MBOX"
# mbox_runs OPCODE / mbox_fails: runs of one command, failures of all.
mbox_runs() { awk -v op=$1 '$1 == op { print $2 }' $MBOX; }
mbox_fails() { awk '{ n += $3 } END { print n + 0 }' $MBOX; }
wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no DAX region"

# round BACKEND TAG N SEED: N extents 16 MiB apart, one chain.
round() {
	ranges=
	host=
	i=0
	while [ $i -lt $3 ]; do
		ranges="$ranges${ranges:+,}$((i * 0x1000000)):$SZ"
		o=0x0	# as the kernel prints it; printf %#x prints 0
		[ $i = 0 ] || o=$(printf '%#x' $((i * 0x1000000)))
		host="$host$o $SZ $2;"
		i=$((i + 1))
	done
	ctm-pattern write $DBG/$1 0 $(($3 * SZ)) $4 || fail "fill $1"
	dc_trace_start || fail "tracing"
	dc_log_mark
	put "0 $2 prescriptive $ranges" $D/dc_add || fail "offer $1 as $3 extents"
	dc_wait_host 20 $r "$host" || fail "$1's extents on the host"
	dc_sides_agree rr $r || fail "$1: sides disagree after the add"
	d=$(dc_claim $r $2) || fail "claim $1"
	[ "$(cat /sys/bus/dax/devices/$d/size)" = $(($3 * SZ)) ] ||
		fail "$d size $(cat /sys/bus/dax/devices/$d/size)"
	ctm-pattern check /dev/$d 0 $(($3 * SZ)) $4 || fail "$d does not read $1"
	dc_unclaim $r $d || fail "unclaim $d"
	rel0=$(mbox_runs 0x4803) && fails0=$(mbox_fails) || fail "read $MBOX"
	put "tag $2" $D/dc_release || fail "release $1"
	wait_for 20 sh -c "[ \"\$(head -n1 $P/$1/dc_status)\" = released ]" ||
		fail "$1 not released: $(cat $P/$1/dc_status)"
	[ $(($(mbox_runs 0x4803) - rel0)) = 1 ] ||
		fail "$1: $(($(mbox_runs 0x4803) - rel0)) Release DC for $3 extents: $(cat $MBOX)"
	[ "$(mbox_fails)" = "$fails0" ] || fail "$1: a mailbox command failed: $(cat $MBOX)"
	dc_wait_host 5 $r "" || fail "$1's extents stayed on the host"
	[ -z "$(cat $D/dc_extents)" ] || fail "the device kept: $(cat $D/dc_extents)"
	[ "$(dc_trace_count release)" = $3 ] ||
		fail "$1: $(dc_trace_count release) releases traced, expected $3: $(cat $DC_TRACE/trace)"
	dc_trace_stop
	log=$(dc_log_since)
	echo "$log" | grep -E 'Release DC 0x[0-9a-f]+\+0x[0-9a-f]+: -' &&
		fail "$1: the device refused a Release DC: $log"
	echo "$log" | grep -E 'refused|Add DC Response: -' &&
		fail "$1: a refused command or offer: $log"
	ctm-pattern check $DBG/$1 0 $(($3 * SZ)) $4 || fail "$1's bytes did not go back to its backend"
}

round a $A 2 91
round b $B 4 92

destroy_region decoder0.0 "$r" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
rmdir $P/a $P/b $C/pools/p0 || fail "remove the pool"
ctm_pass
