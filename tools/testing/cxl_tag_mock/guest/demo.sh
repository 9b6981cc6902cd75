#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, narrated step by step.
. "$CTM/lib.sh"

step() {
	echo
	echo "### $*"
}

run() {
	echo "\$ $*"
	"$@"
}

# Show an attribute write as the shell command a person would type.
set_attr() {
	echo "\$ echo $1 > $2"
	put "$1" "$2"
}

C=$CONFIGFS

step "Load cxl_tag_mock with the held-back media (${CTM_MEDIA:-none})"
dmesg -c >/dev/null
run modprobe cxl_port
run modprobe cxl_mem
run modprobe dax_cxl
run modprobe device_dax
run modprobe kmem
run modprobe cxl_tag_mock media="$CTM_MEDIA" || exit 1
dmesg | grep -i cxl_tag_mock

step "What the cxl core enumerated: root, window, host bridge, memdev, endpoint"
run ls /sys/bus/cxl/devices
run cxl list -BPEMDu

step "configfs: the default device is devices/default"
run find $C -maxdepth 2
run cat $C/features
run cat $C/devices/default/ram_size $C/devices/default/enable

step "A RAM region over the default device, mapped by a process"
mem=$(basename "$(dirname "$(grep -l 0x1000 /sys/bus/cxl/devices/mem*/serial)")")
echo "\$ cxl create-region -t ram -d decoder0.0 -m $mem -s 0x20000000"
region=$(create_ram_region decoder0.0 "$mem" 0x20000000) || exit 1
echo "created $region over $mem"
run cxl list -R -r "$region"
dax=$(basename "$(ls -d /sys/bus/cxl/devices/$region/dax_region*/dax[0-9]*)")
run daxctl reconfigure-device --mode=devdax --force "$dax"
host=$(basename "$(readlink -f /sys/bus/cxl/devices/$mem/..)")
run ctm-pattern write /dev/$dax 0 0x200000 42
echo "the device reads the same bytes from its media:"
run ctm-pattern check /sys/kernel/debug/cxl_tag_mock/$host/media 0 0x200000 42 &&
	echo "match"
echo "\$ cxl destroy-region -f $region"
destroy_region decoder0.0 "$region" && echo "destroyed $region"

A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
SZ=0x800000
P=$C/pools/p0
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0

step "Seed scenario: a pool and two tagged backends of 8 MiB, filled from the device side"
run mkdir $P
set_attr 0x4000000 $P/size
for b in a:$A b:$B; do
	run mkdir $P/backends/${b%%:*}
	set_attr ${b#*:} $P/backends/${b%%:*}/tag
	set_attr $SZ $P/backends/${b%%:*}/size
done
run ctm-pattern write $DBG/a 0 $SZ 11
run ctm-pattern write $DBG/b 0 $SZ 12
for b in a b; do
	echo "backends/$b: tag $(cat $P/backends/$b/tag), state $(cat $P/backends/$b/state), dc_status $(head -n1 $P/backends/$b/dc_status), stored $(cat $P/backends/$b/stored)"
done

step "A Dynamic Capacity Device: 256 MiB of RAM, DC region 0 of 256 MiB, tagged capacity from p0"
D=$C/devices/dcd0
run mkdir $D
set_attr 0x10000000 $D/ram_size
set_attr 0x10000000 $D/dc0/size
run ln -s $P $D/pool
set_attr 1 $D/enable
dmem=$(basename "$(dirname "$(grep -l "$(cat $D/serial)" /sys/bus/cxl/devices/mem*/serial)")")
dhost=$(basename "$(readlink -f /sys/bus/cxl/devices/$dmem/..)")
run cxl list -M -m "$dmem"
run cxl list -D -d decoder0.0
echo "$dmem/dynamic_ram_1/size: $(cat /sys/bus/cxl/devices/$dmem/dynamic_ram_1/size)"

step "A dynamic_ram_1 region over DC region 0: a DAX region with no capacity yet"
echo "\$ cxl create-region -t dynamic_ram_1 -d decoder0.0 -m $dmem"
out=$(cxl create-region -t dynamic_ram_1 -d decoder0.0 -m "$dmem") || exit 1
echo "$out"
dc=$(echo "$out" | sed -n 's/.*"region":"\(region[0-9]*\)".*/\1/p')
RD=/sys/bus/cxl/devices/$dc/dax_region${dc#region}
wait_for 10 test -e $RD/dax_region/seed
run cxl list -R -N -r "$dc"
echo "seed device: $(cat $RD/dax_region/seed), available_size: $(cat $RD/dax_region/available_size)"
T=/sys/kernel/tracing
echo >$T/trace
echo 1 >$T/events/cxl/cxl_dynamic_capacity/enable

show_extents() {
	echo "device side ($D/dc_extents):"
	sed 's/^/  /' $D/dc_extents
	echo "host side:"
	run cxl list -R -N -r "$dc"
}

step "Add capacity by tag: A at DC offset 0, B at one backend size"
set_attr "0 $A prescriptive 0:$SZ" $D/dc_add
set_attr "0 $B prescriptive $SZ:$SZ" $D/dc_add
wait_for 20 sh -c "[ \"\$(head -n1 $P/backends/b/dc_status)\" = accepted ]"
show_extents
echo "dc_status a: $(head -n1 $P/backends/a/dc_status), b: $(head -n1 $P/backends/b/dc_status)"
# One copy: accepted, the tags' bytes are in the media, not in their stores.
echo "stored a: $(cat $P/backends/a/stored), b: $(cat $P/backends/b/stored)"
echo "available_size: $(cat $RD/dax_region/available_size)"

step "Claim each tag as one DAX device and read the backend's bytes through the mapping"
claim() {
	echo "\$ daxctl create-device -r $dc --uuid $1" >&2
	out=$(daxctl create-device -r "$dc" --uuid "$1") || return 1
	echo "$out" >&2
	echo "$out" | sed -n 's/.*"chardev":"\(dax[0-9.]*\)".*/\1/p'
}
da=$(claim $A)
db=$(claim $B)
run daxctl list -d "$da"
run daxctl list -d "$db"
run ctm-pattern check /dev/$da 0 $SZ 11 && echo "A: match"
run ctm-pattern check /dev/$db 0 $SZ 12 && echo "B: match"
run ctm-pattern write /dev/$da 0 $SZ 13
echo "the host's write, read from the device side through backend a:"
run ctm-pattern check $DBG/a 0 $SZ 13 && echo "match"

destroy() {
	run daxctl disable-device "$1"
	run daxctl destroy-device "$1"
}

step "Release A by tag, its DAX device destroyed first"
destroy $da
set_attr "tag $A" $D/dc_release
wait_for 20 sh -c "[ \"\$(head -n1 $P/backends/a/dc_status)\" = released ]"
echo "dc_status a: $(head -n1 $P/backends/a/dc_status), stored a: $(cat $P/backends/a/stored)"
show_extents

step "Release B by tag while its DAX device holds it: the host defers"
set_attr "tag $B" $D/dc_release
sleep 2
echo "dc_status b: $(head -n1 $P/backends/b/dc_status)"
destroy $db
echo "the device asks again once the DAX device is gone:"
set_attr "tag $B" $D/dc_release
wait_for 20 sh -c "[ \"\$(head -n1 $P/backends/b/dc_status)\" = released ]"
echo "dc_status a: $(head -n1 $P/backends/a/dc_status), b: $(head -n1 $P/backends/b/dc_status)"
run mkdir $P/backends/never
set_attr 7be13bce-ae34-4a77-b6c3-16df975fcf1a $P/backends/never/tag
echo "dc_status of a tag never offered: $(head -n1 $P/backends/never/dc_status)"
show_extents

step "The trace: one add and one release per extent, and the deferred release"
echo 0 >$T/events/cxl/cxl_dynamic_capacity/enable
grep cxl_dynamic_capacity $T/trace | sed 's/^ *//'

step "Tear down"
run cxl destroy-region -f "$dc"
set_attr 0 $D/enable
run rm $D/pool
run rmdir $D $P/backends/a $P/backends/b $P/backends/never $P
run rmmod cxl_tag_mock
run ls /sys/bus/cxl/devices
