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

step "A pool of 256 MiB carved from the media, and a tagged backend in it"
run mkdir $C/pools/p0
set_attr 0x10000000 $C/pools/p0/size
run mkdir $C/pools/p0/backends/seed-a
set_attr 5be13bce-ae34-4a77-b6c3-16df975fcf1a $C/pools/p0/backends/seed-a/tag
set_attr 0x4000000 $C/pools/p0/backends/seed-a/size
for f in tag size state; do
	echo "backends/seed-a/$f: $(cat $C/pools/p0/backends/seed-a/$f)"
done
for f in size used free; do
	echo "pools/p0/$f: $(cat $C/pools/p0/$f)"
done
echo "A second backend asking for more than the pool has left is refused:"
run mkdir $C/pools/p0/backends/seed-b
set_attr 6be13bce-ae34-4a77-b6c3-16df975fcf1a $C/pools/p0/backends/seed-b/tag
set_attr 0x10000000 $C/pools/p0/backends/seed-b/size
echo "backends/seed-b/state: $(cat $C/pools/p0/backends/seed-b/state)"

step "A second device made in configfs, with a Dynamic Capacity region"
run mkdir $C/devices/dcd0
set_attr 0x10000000 $C/devices/dcd0/ram_size
set_attr 0x10000000 $C/devices/dcd0/dc0/size
set_attr 1 $C/devices/dcd0/enable
run cxl list -M

step "A RAM region over the default device, mapped by a process"
mem=$(basename "$(dirname "$(grep -l 0x1000 /sys/bus/cxl/devices/mem*/serial)")")
region=$(create_ram_region decoder0.0 "$mem" 0x20000000)
echo "created $region over $mem"
run cxl list -R -r "$region"
dax=$(basename "$(ls -d /sys/bus/cxl/devices/$region/dax_region*/dax[0-9]*)")
run daxctl reconfigure-device --mode=devdax --force "$dax"
host=$(basename "$(readlink -f /sys/bus/cxl/devices/$mem/..)")
run ctm-pattern write /dev/$dax 0 0x200000 42
echo "the device reads the same bytes from its media:"
run ctm-pattern check /sys/kernel/debug/cxl_tag_mock/$host/media 0 0x200000 42 &&
	echo "match"

step "Tear down"
destroy_region decoder0.0 "$region" && echo "destroyed $region"
set_attr 0 $C/devices/dcd0/enable
run rmdir $C/devices/dcd0 $C/pools/p0/backends/seed-a $C/pools/p0/backends/seed-b $C/pools/p0
run rmmod cxl_tag_mock
run ls /sys/bus/cxl/devices
