#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of make bench. Prints "BENCH <name> <value>" and
# "SAMPLE <op> <live extents> <ns>" lines; the host turns them into a table
# and JSON (lib/bench-report.py). Needs a media range of 5 GiB: a DC region
# of 2.25 GiB for 1000 live 2 MiB extents and a pool of 2.5 GiB for 1000
# tagged backends; the same room later holds one 1 GiB extent. First the
# seed scenario at full size, in 2 GiB of that media.
. "$CTM/lib.sh"

SAMPLES=${CTM_BENCH_SAMPLES:-100}
# Samples of each 1 GiB operation (a second or more each).
SAMPLES_1G=${CTM_BENCH_SAMPLES_1G:-5}
GIB=0x40000000
C=$CONFIGFS
P=$C/pools/p0
D=$C/devices/b
die() { echo "BENCH error $*"; exit 1; }
slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
vmalloc_kb() { awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo; }
hex() { printf '%d' "$1"; }
tag() { printf '%08x-0000-4000-8000-%012x' "$1" "$1"; }

modprobe dax_cxl && modprobe device_dax || die "dax modules"

# The seed scenario at full size, with 2 GiB of media only (the mock is
# given the first 2 GiB of the guest's media): two 1 GiB tags, a 4 GiB DC
# partition and no static capacity, a 2 GiB host region, both tags
# accepted, claimed and mapped. A tag's bytes are in the media while
# accepted (its backend's store holds nothing), in the store once
# released: "stored" is the kernel memory its contents take.
SEED_MEDIA=0x80000000
load_mock media=$SEED_MEDIA@${CTM_MEDIA#*@} || die "seed: modprobe with 2 GiB of media"
mkdir $P && put $SEED_MEDIA $P/size || die "seed: pool"
mkdir $D && put 0x100000000 $D/dc0/size && ln -s $P $D/pool && put 1 $D/enable ||
	die "seed: device"
host=$(mock_host_of b) || die "seed: no platform device"
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
r=$(new_dc_region decoder0.0 "$mem" $SEED_MEDIA) || die "seed: 2 GiB DC region"
RD=/sys/bus/cxl/devices/$r/dax_region${r#region}
wait_for 10 test -e $RD/dax_region/seed || die "seed: no DAX region"
for t in a:$(tag 400001):0 b:$(tag 400002):$GIB; do
	set -- $(echo $t | tr : ' ')
	mkdir $P/backends/$1 && put $2 $P/backends/$1/tag && put $GIB $P/backends/$1/size ||
		die "seed: backend $1"
	ns=$(ctm-bench until $D/dc_add "0 $2 prescriptive $3:$GIB" $P/backends/$1/dc_status accepted) ||
		die "seed: add $1"
	echo "SAMPLE add_seed 0 $ns"
	eval "seed_$1=$2"
done
stored_sum() { echo $(($(cat $P/backends/a/stored) + $(cat $P/backends/b/stored))); }
echo "BENCH seed_media_bytes $((SEED_MEDIA))"
echo "BENCH seed_tagged_bytes $((2 * GIB))"
echo "BENCH seed_stored_accepted_bytes $(stored_sum)"
# seed_mapped NAME N OP: NAME's tag claimed through daxctl, its first and
# last 64 MiB written or checked (OP) through the mapping, unclaimed. The
# rest of each tag is the zeros of a fresh backend.
seed_mapped() {
	eval "T=\$seed_$1"
	dax=$(dc_claim "$r" $T) &&
		ctm-pattern $3 /dev/$dax 0 0x4000000 7$2 &&
		ctm-pattern $3 /dev/$dax $((GIB - 0x4000000)) 0x4000000 8$2 &&
		dc_unclaim "$r" "$dax"
}
seed_mapped a 1 write && seed_mapped b 2 write || die "seed: write through DAX"
for t in a b; do
	eval "T=\$seed_$t"
	ns=$(ctm-bench until $D/dc_release "tag $T" $P/backends/$t/dc_status released) ||
		die "seed: release $t"
	echo "SAMPLE release_seed 0 $ns"
done
# Released without sanitize: the written 128 MiB of each tag, no more.
echo "BENCH seed_stored_released_bytes $(stored_sum)"
for t in a:0 b:$GIB; do
	set -- $(echo $t | tr : ' ')
	eval "T=\$seed_$1"
	ctm-bench until $D/dc_add "0 $T prescriptive $2:$GIB" $P/backends/$1/dc_status accepted \
		>/dev/null || die "seed: add $1 again"
done
echo "BENCH seed_stored_readded_bytes $(stored_sum)"
seed_mapped a 1 check && seed_mapped b 2 check ||
	die "seed: the data did not survive the release"
for t in a b; do
	eval "T=\$seed_$t"
	ctm-bench until $D/dc_release "tag $T" $P/backends/$t/dc_status released >/dev/null &&
		rmdir $P/backends/$t || die "seed: remove $t"
done
destroy_region decoder0.0 "$r" || die "seed: destroy $r"
put 0 $D/enable && rm $D/pool && rmdir $D $P && unload_mock || die "seed: teardown"

load_mock || die "modprobe cxl_tag_mock"
mkdir $P && put 0xa0000000 $P/size || die "pool"
mkdir $D && put 0x10000000 $D/ram_size && put 0x90000000 $D/dc0/size &&
	ln -s $P $D/pool && put 1 $D/enable || die "device"
host=$(mock_host_of b) || die "no platform device"
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
r=$(new_dc_region decoder0.0 "$mem" 0x90000000) || die "DC region"
RD=/sys/bus/cxl/devices/$r/dax_region${r#region}
wait_for 10 test -e $RD/dax_region/seed || die "no DAX region"

# Bandwidth: one 64 MiB tagged extent mapped through DAX, against
# anonymous memory of the same size, in the same guest.
T=$(tag 0)
mkdir $P/backends/bw && put $T $P/backends/bw/tag &&
	put 0x4000000 $P/backends/bw/size || die "bandwidth backend"
ctm-bench until $D/dc_add "0 $T free 0x4000000" $P/backends/bw/dc_status accepted \
	>/dev/null || die "bandwidth extent not accepted"
dax=$(cat $RD/dax_region/seed)
put $T /sys/bus/dax/devices/$dax/uuid &&
	put $dax /sys/bus/dax/drivers/device_dax/bind || die "claim $dax"
set -- $(ctm-bench bw /dev/$dax 0x4000000 5) || die "dax bandwidth"
echo "BENCH dax_write_mibs $1"
echo "BENCH dax_read_mibs $2"
set -- $(ctm-bench bw anon 0x4000000 5) || die "anon bandwidth"
echo "BENCH anon_write_mibs $1"
echo "BENCH anon_read_mibs $2"
put $dax /sys/bus/dax/drivers/device_dax/unbind && put 0 /sys/bus/dax/devices/$dax/size &&
	ctm-bench until $D/dc_release "tag $T" $P/backends/bw/dc_status released >/dev/null &&
	rmdir $P/backends/bw || die "bandwidth cleanup"

# Kernel memory per backend: 1000 tagged 2 MiB backends, plus one to
# measure with. Slab and vmalloc growth; in a KASAN kernel redzones and the
# freed objects KASAN keeps in quarantine count too (an upper bound).
s0=$(slab_kb)
v0=$(vmalloc_kb)
ctm-bench backends $P 1 1000 0x200000 || die "backends"
s1=$(slab_kb)
v1=$(vmalloc_kb)
echo "BENCH backend_slab_bytes $(((s1 - s0) * 1024 / 1000))"
echo "BENCH backend_vmalloc_bytes $(((v1 - v0) * 1024 / 1000))"
TM=$(tag 100000)
mkdir $P/backends/m && put $TM $P/backends/m/tag && put 0x200000 $P/backends/m/size ||
	die "measuring backend"

# grow N: live tagged extents 1..N, one offer each.
live=0
grow() {
	ctm-bench offers $D/dc_add $((live + 1)) "$1" || die "offers up to $1"
	live=$1
	wait_for 300 sh -c "[ \"\$(head -n1 $P/backends/t$1/dc_status)\" = accepted ]" ||
		die "extent $1 not accepted: $(head -n1 $P/backends/t$1/dc_status)"
	n=$(ls $RD | grep -c '^extent')
	[ "$n" = "$1" ] || die "$n extents on the host, expected $1"
}

# cycle N TAG BACKEND SIZE SUFFIX LIVE: N times, add SIZE bytes of TAG
# (placed by the device) until BACKEND's status reads accepted, then
# release the tag until it reads released; each timed, printed as
# "SAMPLE add<SUFFIX> LIVE <ns>" and "SAMPLE release<SUFFIX> LIVE <ns>".
cycle() {
	k=0
	while [ $k -lt $1 ]; do
		ns=$(ctm-bench until $D/dc_add "0 $2 free $4" $P/backends/$3/dc_status accepted) ||
			die "add$5 with $6 live, sample $k"
		echo "SAMPLE add$5 $6 $ns"
		ns=$(ctm-bench until $D/dc_release "tag $2" $P/backends/$3/dc_status released) ||
			die "release$5 with $6 live, sample $k"
		echo "SAMPLE release$5 $6 $ns"
		k=$((k + 1))
	done
}

# sample N: add-to-accepted and release-to-released with N live extents.
sample() { cycle $SAMPLES $TM m 0x200000 "" $1; }

s0=$(slab_kb)
v0=$(vmalloc_kb)
for n in 10 100 1000; do
	grow $n
	sample $n
done
s1=$(slab_kb)
v1=$(vmalloc_kb)
echo "BENCH extent_slab_bytes $(((s1 - s0) * 1024 / 1000))"
echo "BENCH extent_vmalloc_bytes $(((v1 - v0) * 1024 / 1000))"
echo "BENCH live_extents $(ls $RD | grep -c '^extent')"
echo "BENCH live_tags $live"
# Media per tagged byte with 1000 live tagged 2 MiB extents (the measuring
# backend released): the media the accepted extents decode to, over the
# bytes those extents tag. Pools take no media (they are budgets), and the
# backends' stores, kernel memory, hold nothing of an accepted extent.
echo "BENCH media_pool_bytes 0"
stored=0
for v in $(cat $P/backends/t*/stored); do stored=$((stored + v)); done
echo "BENCH live_stored_bytes $stored"
echo "BENCH media_dc_bytes $((1000 * 0x200000))"
echo "BENCH tagged_bytes $((1000 * 0x200000))"

# Give all 1000 back, one release write per tag, all from one process (a
# shell loop would measure its own forks), timed from the first write to
# the host holding no extent.
awk 'BEGIN { for (i = 1; i <= 1000; i++)
	printf "tag %08x-0000-4000-8000-%012x\n", i, i }' >/tmp/release
t0=$(ctm-bench now)
ctm-bench batch $D/dc_release /tmp/release $RD 0 >/dev/null || die "release of 1000 tags"
t1=$(ctm-bench now)
echo "BENCH release_1000_issue_ns $((t1 - t0))"
if ns=$(ctm-bench since "$t0" $RD 0); then
	echo "BENCH release_1000_ns $ns"
else
	# Past ctm-bench's 120 s: wait on, at a resolution of a second.
	wait_for 300 sh -c "! ls $RD | grep -q '^extent'" || die "extents left after release"
	echo "BENCH release_1000_ns $(($(ctm-bench now) - t0))"
fi
i=1
while [ $i -le 1000 ]; do
	rmdir $P/backends/t$i || die "rmdir backend t$i"
	i=$((i + 1))
done

# One 1 GiB extent. Fresh: a new backend each time, never written.
# Filled: one backend written through DAX while accepted, then released
# (its contents kept) and added again each time.
k=1
while [ $k -le $SAMPLES_1G ]; do
	T=$(tag $((200000 + k)))
	mkdir $P/backends/f$k && put $T $P/backends/f$k/tag &&
		put $GIB $P/backends/f$k/size || die "1 GiB backend f$k"
	ns=$(ctm-bench until $D/dc_add "0 $T free $GIB" $P/backends/f$k/dc_status accepted) ||
		die "1 GiB fresh add $k"
	echo "SAMPLE add_1g_fresh 0 $ns"
	ns=$(ctm-bench until $D/dc_release "tag $T" $P/backends/f$k/dc_status released) ||
		die "1 GiB fresh release $k"
	echo "SAMPLE release_1g_fresh 0 $ns"
	rmdir $P/backends/f$k || die "rmdir f$k"
	k=$((k + 1))
done
T=$(tag 300000)
mkdir $P/backends/g && put $T $P/backends/g/tag && put $GIB $P/backends/g/size ||
	die "1 GiB backend g"
ctm-bench until $D/dc_add "0 $T free $GIB" $P/backends/g/dc_status accepted >/dev/null ||
	die "1 GiB fill: add"
dax=$(dc_claim "$r" $T) || die "1 GiB fill: claim"
# Two rounds: the last leaves every byte 0x01, not zero.
set -- $(ctm-bench bw /dev/$dax $GIB 2) || die "1 GiB fill: write"
echo "BENCH dax_1g_write_mibs $1"
dc_unclaim "$r" "$dax" || die "1 GiB fill: unclaim"
ctm-bench until $D/dc_release "tag $T" $P/backends/g/dc_status released >/dev/null ||
	die "1 GiB fill: release"
cycle $SAMPLES_1G $T g $GIB _1g_filled 0
rmdir $P/backends/g || die "rmdir g"

# A batch of 1000 untagged extents in ten offers of 100 (the host's
# default chain limit).
lens=0x200000
i=1
while [ $i -lt 100 ]; do lens="$lens,0x200000"; i=$((i + 1)); done
: >/tmp/batch
i=0
while [ $i -lt 10 ]; do echo "0 0 free $lens" >>/tmp/batch; i=$((i + 1)); done
ns=$(ctm-bench batch $D/dc_add /tmp/batch $RD 1000) || die "batch of 1000"
echo "BENCH batch_1000_ns $ns"
exit 0
