#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of make bench. Prints "BENCH <name> <value>" and
# "SAMPLE <op> <live extents> <ns>" lines; the host turns them into a table
# and JSON (lib/bench-report.py). Needs a media range of 5 GiB: a DC region
# of 2.25 GiB for 1000 live 2 MiB extents and a pool of 2.5 GiB for 1000
# tagged backends.
. "$CTM/lib.sh"

SAMPLES=${CTM_BENCH_SAMPLES:-100}
C=$CONFIGFS
P=$C/pools/p0
D=$C/devices/b
die() { echo "BENCH error $*"; exit 1; }
slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
tag() { printf '%08x-0000-4000-8000-%012x' "$1" "$1"; }

load_mock || die "modprobe cxl_tag_mock"
modprobe dax_cxl && modprobe device_dax || die "dax modules"
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
# measure with. Slab growth, in a KASAN kernel: redzones and the freed
# objects KASAN keeps in quarantine count too, so this is an upper bound.
s0=$(slab_kb)
ctm-bench backends $P 1 1000 0x200000 || die "backends"
s1=$(slab_kb)
echo "BENCH backend_bytes $(((s1 - s0) * 1024 / 1000))"
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

# sample N: add-to-accepted and release-to-released with N live extents.
sample() {
	k=0
	while [ $k -lt $SAMPLES ]; do
		ns=$(ctm-bench until $D/dc_add "0 $TM free 0x200000" $P/backends/m/dc_status accepted) ||
			die "add with $1 live"
		echo "SAMPLE add $1 $ns"
		ns=$(ctm-bench until $D/dc_release "tag $TM" $P/backends/m/dc_status released) ||
			die "release with $1 live"
		echo "SAMPLE release $1 $ns"
		k=$((k + 1))
	done
}

s0=$(slab_kb)
for n in 10 100 1000; do
	grow $n
	sample $n
done
s1=$(slab_kb)
echo "BENCH extent_bytes $(((s1 - s0) * 1024 / 1000))"
echo "BENCH live_extents $(ls $RD | grep -c '^extent')"
echo "BENCH live_tags $live"

# Give all 1000 back, then a batch of 1000 untagged extents in ten offers
# of 100 (the most a host takes in one chain).
t0=$(date +%s)
i=1
while [ $i -le 1000 ]; do
	put "tag $(tag $i)" $D/dc_release || die "release $i"
	i=$((i + 1))
done
wait_for 300 sh -c "! ls $RD | grep -q '^extent'" || die "extents left after release"
echo "BENCH release_1000_s $(($(date +%s) - t0))"
lens=0x200000
i=1
while [ $i -lt 100 ]; do lens="$lens,0x200000"; i=$((i + 1)); done
: >/tmp/batch
i=0
while [ $i -lt 10 ]; do echo "0 0 free $lens" >>/tmp/batch; i=$((i + 1)); done
ns=$(ctm-bench batch $D/dc_add /tmp/batch $RD 1000) || die "batch of 1000"
echo "BENCH batch_1000_ns $ns"
exit 0
