#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Adversarial: for a bounded time, several writers at once on one device
# whose DC region is bound to DAX: offers (prescriptive and free, the same
# and different tags), releases and forced releases (by tag and by range),
# claims and unclaims of a DAX device, readers of dc_status, dc_extents
# and the backends' debugfs files, and a loop that removes and makes again
# backends while offers for their tags race it (rmdir racing an offer once
# panicked the kernel). Afterwards: no splat (the run's log check), every
# write failed only for a reason the ABI names, the device and the host
# list the same extents once settled, the pool's used + free is its size,
# every backend can be removed once its tag is released, the module
# unloads. Offering a tag the host already holds is refused as a live tag
# ("refused: -17" in the log): expected here, so the racing phase is
# bracketed with dc_expect_begin/dc_expect_end.
. "$CTM/lib.sh"
# It works on the kernel's sysfs attributes themselves: the region, its
# extents and the claims go through the *_sysfs helpers, not cxl-cli and
# daxctl.

PIDS=
stop_workers() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	PIDS=
}

ctm_start dax
trap 'stop_workers; dc_expect_end adv_concurrency; ctm_cleanup; rm -rf /tmp/cc' EXIT
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0
P=$C/pools/p0
DURATION=${ADV_CONCURRENCY_SECONDS:-24}
rm -rf /tmp/cc
mkdir -p /tmp/cc

tag() { printf 'c0c0c0c0-0000-4a77-b6c3-%012d\n' "$1"; }

# t0..t3: backends that stay; r0, r1: backends removed and made again.
ctm_pool p0 0x8000000 || fail "pool"
for i in 0 1 2 3; do
	ctm_backend p0 t$i "$(tag $i)" 0x800000 || fail "backend t$i"
done
D=$(ctm_dc_dev cc 0x10000000 0x10000000 p0) || fail "enable the DCD"
r=$(ctm_dc_region cc 0x10000000 new_dc_region_sysfs) || fail "DC region"
RD=$(dc_dax_dir $r)

# try NAME VALUE FILE: write, and log the errno of a failure under NAME.
try() {
	echo "$1" >>/tmp/cc/tries.$$
	out=$(sh -c 'echo "$1" >"$2"' x "$2" "$3" 2>&1) && return 0
	echo "$1: ${out##*: }" >>/tmp/cc/errors.$$
	return 1
}

rnd_off() { printf "%#x" $(((RANDOM % 126) * 0x200000)); }	# room for 4 MiB
rnd_len() { printf '%#x' $(((RANDOM % 2 + 1) * 0x200000)); }
END=$(($(date +%s) + DURATION))
running() { [ "$(date +%s)" -lt $END ]; }

worker_add() {		# prescriptive offers of t0..t3, one or two ranges
	while running; do
		t=$(tag $((RANDOM % 4)))
		if [ $((RANDOM % 2)) = 0 ]; then
			try add "0 $t prescriptive $(rnd_off):$(rnd_len)" $D/dc_add
		else
			try add "0 $t prescriptive $(rnd_off):0x200000,$(rnd_off):0x200000" $D/dc_add
		fi
	done
}
worker_free() {		# free offers, the same tags
	while running; do
		try free "0 $(tag $((RANDOM % 4))) free $(rnd_len)" $D/dc_add
	done
}
# release_loop KIND ATTR TAGS STATES PICK PAUSE: releases through ATTR, by
# tag (one of the first TAGS) and by the range of a listed extent whose
# state passes the awk test STATES (PICK: the list's head or tail), PAUSE
# seconds apart.
release_loop() {
	while running; do
		if [ $((RANDOM % 2)) = 0 ]; then
			try $1 "tag $(tag $((RANDOM % $3)))" $D/$2
		else
			e=$(awk "\$6 $4 { print \$2 \":\" \$3 }" $D/dc_extents | $5 -n 1)
			[ -z "$e" ] || try $1 "0 $e" $D/$2
		fi
		[ "$6" = 0 ] || sleep $6
	done
}
worker_release() {	# releases by tag and by range of a listed extent
	release_loop release dc_release 4 '== "accepted"' head 0
}
worker_force() {	# forced releases, by tag and by range, slower
	release_loop force dc_force_release 6 '!= "pending"' tail 0.3
}
worker_claim() {	# claim a tag with a DAX device, then give it back
	while running; do
		d=$(dc_claim_sysfs $r "$(tag $((RANDOM % 4)))" 2>/dev/null) || {
			# A claim whose bind failed leaves the seed sized: give
			# it back.
			s=$(cat $RD/dax_region/seed 2>/dev/null)
			[ -z "$s" ] || [ "$(cat /sys/bus/dax/devices/$s/size)" = 0 ] ||
				dc_unclaim_sysfs $r $s >/dev/null 2>&1
			continue
		}
		sleep 0.2
		# A forced release may have emptied and unbound the device
		# (it stays, to claim again); one that still holds capacity
		# or is bound must go back.
		dc_unclaim_sysfs $r $d >/dev/null 2>&1
		x=/sys/bus/dax/devices/$d
		[ ! -e $x ] || { [ "$(cat $x/size)" = 0 ] && [ ! -e $x/driver ]; } ||
			echo "unclaim: $d could not be given back" >>/tmp/cc/errors.$$
	done
}
worker_churn() {	# rmdir and mkdir of r0/r1 against offers for their tags
	while running; do
		i=$((RANDOM % 2))
		b=$P/backends/r$i
		if [ -d $b ]; then
			rmdir $b 2>/dev/null || try churn-force "tag $(tag $((i + 4)))" $D/dc_force_release
		else
			mkdir $b 2>/dev/null && try churn-tag "$(tag $((i + 4)))" $b/tag &&
				try churn-size 0x400000 $b/size
		fi
	done
}
worker_offer_r() {	# offers for r0/r1's tags, whether they exist or not
	while running; do
		try offer-r "0 $(tag $((RANDOM % 2 + 4))) free 0x200000" $D/dc_add
	done
}
worker_read() {		# readers of everything the churn touches
	while running; do
		cat $D/dc_extents $P/backends/*/dc_status $P/backends/*/state >/dev/null 2>&1
		for f in $DBG/*; do
			dd if=$f of=/dev/null bs=64k count=4 2>/dev/null
		done
		cat $RD/dax_region/seed $RD/dax_region/available_size >/dev/null 2>&1
	done
}

# A Release DC the device refuses because the extent was force-released
# at the same moment is a race the host cannot avoid: the host's failure
# messages are expected while the workers run and until things settle.
dc_expect_begin adv_concurrency
T0=$(date +%s)
for w in worker_add worker_add worker_free worker_release worker_force \
	worker_claim worker_churn worker_offer_r worker_read worker_read; do
	$w &
	PIDS="$PIDS $!"
done
sleep $DURATION
for p in $PIDS; do wait "$p"; done
PIDS=

# Every kind of racing request was made (synchronous writes wait for the
# host, so the pace is low: the counts go to the log).
tries=$(cat /tmp/cc/tries.* 2>/dev/null | sort | uniq -c | tr -s ' \n' ' ')
echo "cxl_tag_mock-test: adv_concurrency: $(($(date +%s) - T0)) s, writes:$tries" >/dev/kmsg
for k in add free release force churn-tag offer-r; do
	cat /tmp/cc/tries.* | grep -qx -- "$k" || fail "no '$k' request was made: $tries"
done

# Errors: counted by operation and errno; only those the ABI names for
# requests that can race are expected.
cat /tmp/cc/errors.* 2>/dev/null | sort | uniq -c | sed 's/^/# /'
bad=$(cat /tmp/cc/errors.* 2>/dev/null | grep -v -e ": Device or resource busy$" \
	-e ": No space left on device$" -e ": No such file or directory$" \
	-e ": Resource temporarily unavailable$" -e ": Invalid argument$" \
	-e ": File exists$" -e "^churn-.*: nonexistent directory$" | sort | uniq -c)
[ -z "$bad" ] || fail "unexpected errors: $bad"

# Settle: no offer pending, then the device and the host agree.
dev_list() {
	awk '$6 == "accepted" || $6 == "release-pending" { print $2, $3, $4 }' \
		$D/dc_extents | tr '\n' ';'
}
host_list() { dc_sysfs_extents $r | tr '\n' ';'; }
agree() {
	# An offer pending; release-pending is settled (the host kept an
	# extent a DAX device held, and waits to be asked again).
	! grep -q ' pending$' $D/dc_extents && [ "$(dev_list)" = "$(host_list)" ]
}
wait_for 30 agree || fail "device and host disagree after settling:
device: $(cat $D/dc_extents)
host:   $(host_list)"
used=$(cat $P/used) free=$(cat $P/free) size=$(cat $P/size)
[ $((used + free)) = $((size)) ] || fail "pool: used $used + free $free != size $size"

# Every tag released politely (no DAX device holds any now), then every
# backend can go.
for d in /sys/bus/dax/devices/dax*; do
	[ -e $d/size ] && [ "$(cat $d/size)" != 0 ] &&
		{ dc_unclaim_sysfs $r $(basename $d) || fail "unclaim $(basename $d)"; }
done
for b in $P/backends/*; do
	t=$(cat $b/tag)
	[ -z "$t" ] || put "tag $t" $D/dc_release 2>/dev/null
done
gone() { [ -z "$(dev_list)" ] && [ -z "$(host_list)" ] && ! grep -q . $D/dc_extents; }
wait_for 30 gone || fail "extents left after releasing every tag:
device: $(cat $D/dc_extents)
host:   $(host_list)"
dc_expect_end adv_concurrency
[ "$(cat $P/used)" = "$(
	s=0
	for b in $P/backends/*; do s=$((s + $(cat $b/size))); done
	printf '%#x' $s)" ] || fail "pool used $(cat $P/used) is not the backends' sizes"
for b in $P/backends/*; do
	rmdir $b || fail "rmdir $(basename $b) after its tag was released: $(cat $b/dc_status)"
done
[ "$(cat $P/used)" = 0x0 ] || fail "pool used $(cat $P/used) with no backend"

destroy_region_sysfs decoder0.0 $r || fail "destroy $r"
put 0 $D/enable && rm $D/pool && rmdir $D $P || fail "remove the device and pool"
ctm_pass
