#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# configfs: pools, tagged backends and devices. Every bad write fails with
# a precise errno and changes nothing; good ones do what they say.
. "$CTM/lib.sh"

ctm_start

grep -q "^pools: size free used" $C/features || fail "features: $(cat $C/features)"
[ "$(cat $C/devices/default/enable)" = 1 ] || fail "default device not enabled"
[ "$(memdev_count)" = 1 ] || fail "default device has no memdev"

# Pools
mkdir $C/pools/p0 || fail "mkdir pool"
[ "$(cat $C/pools/p0/size)" = 0x0 ] || fail "new pool has a size: $(cat $C/pools/p0/size)"
expect_put "Invalid argument" 0 $C/pools/p0/size
expect_put "Invalid argument" 3145728 $C/pools/p0/size
expect_put "Invalid argument" lots $C/pools/p0/size
# A pool is a budget for its backends' contents, which are in the media
# or in kernel memory: it can be larger than the media, not than both.
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
media=$((${CTM_MEDIA%@*}))
room=$(((mem_kb << 10) + media))
expect_put "No space left on device" $(printf '%#x' $(((room + 0x200000) & ~0x1fffff))) \
	$C/pools/p0/size
[ "$(cat $C/pools/p0/size)" = 0x0 ] || fail "a refused size was taken"
put $(printf '%#x' $((media + 0x10000000))) $C/pools/p0/size ||
	fail "a pool larger than the media"
put 0x10000000 $C/pools/p0/size || fail "pool size 256M"
[ "$(cat $C/pools/p0/free)" = 0x10000000 ] || fail "pool free $(cat $C/pools/p0/free)"
[ "$(cat $C/pools/p0/used)" = 0x0 ] || fail "pool used $(cat $C/pools/p0/used)"

# Backends
B=$C/pools/p0/backends
tag=5be13bce-ae34-4a77-b6c3-16df975fcf1a
mkdir $B/b0 $B/b1 || fail "mkdir backends"
[ "$(cat $B/b0/state)" = unreserved ] || fail "new backend state $(cat $B/b0/state)"
expect_put "Invalid argument" not-a-uuid $B/b0/tag
expect_put "Invalid argument" 5be13bce-ae34-4a77-b6c3-16df975fcf1 $B/b0/tag
expect_put "Invalid argument" 5be13bce-ae34-4a77-b6c3-16df975fcf1aa $B/b0/tag
expect_put "Invalid argument" 00000000-0000-0000-0000-000000000000 $B/b0/tag
put $tag $B/b0/tag || fail "set tag"
[ "$(cat $B/b0/tag)" = $tag ] || fail "tag reads back as $(cat $B/b0/tag)"
expect_put "File exists" $tag $B/b1/tag
expect_put "Invalid argument" 0 $B/b0/size
expect_put "Invalid argument" 1048576 $B/b0/size
put 0x8000000 $B/b0/size || fail "backend size 128M"
[ "$(cat $B/b0/state)" = reserved ] || fail "backend state $(cat $B/b0/state)"
[ "$(cat $C/pools/p0/used)" = 0x8000000 ] || fail "pool used $(cat $C/pools/p0/used)"
expect_put "No space left on device" 0x10000000 $B/b1/size
[ "$(cat $B/b1/state)" = unreserved ] || fail "failed reservation changed state"
[ "$(cat $C/pools/p0/used)" = 0x8000000 ] || fail "failed reservation used pages"
expect_put "Device or resource busy" 0x20000000 $C/pools/p0/size
expect_errno "Directory not empty" rmdir $C/pools/p0

# Devices
mkdir $C/devices/d1 || fail "mkdir device"
put 0x10000000 $C/devices/d1/ram_size || fail "ram_size"
put 0x4242 $C/devices/d1/serial || fail "serial"
expect_put "Invalid argument" 2 $C/devices/d1/enable
put 1 $C/devices/d1/enable || fail "enable d1"
[ "$(memdev_count)" = 2 ] || fail "enabled device has no memdev"
grep -l 0x4242 /sys/bus/cxl/devices/mem*/serial >/dev/null || fail "no memdev with serial 0x4242"
expect_put "Device or resource busy" 0x20000000 $C/devices/d1/ram_size
expect_put "Device or resource busy" 0x10000000 $C/devices/d1/dc0/size
put 0 $C/devices/d1/enable || fail "disable d1"
[ "$(memdev_count)" = 1 ] || fail "disabled device kept its memdev"

# Geometry is checked at enable; a refused enable creates nothing.
put 0x6400000 $C/devices/d1/ram_size || fail "ram_size 100M"
expect_put "Invalid argument" 1 $C/devices/d1/enable
put 0x10000000 $C/devices/d1/ram_size || fail "ram_size 256M"
put 0x10000000 $C/devices/d1/dc1/size || fail "dc1 size"
expect_put "Invalid argument" 1 $C/devices/d1/enable
put 0 $C/devices/d1/dc1/size || fail "dc1 size 0"
put 0x10000000 $C/devices/d1/dc0/size || fail "dc0 size"
put 100 $C/devices/d1/dc0/block_size || fail "dc0 block size 100"
expect_put "Invalid argument" 1 $C/devices/d1/enable
put 0x200000 $C/devices/d1/dc0/block_size || fail "dc0 block size 2M"
[ "$(memdev_count)" = 1 ] || fail "refused enables created a memdev"
put 1 $C/devices/d1/enable || fail "enable d1 with a DC region"

# A device with a live region cannot be disabled.
mem=$(basename "$(dirname "$(grep -l 0x4242 /sys/bus/cxl/devices/mem*/serial)")")
region=$(create_ram_region decoder0.0 "$mem" 0x10000000) || fail "region on d1"
expect_put "Device or resource busy" 0 $C/devices/d1/enable
destroy_region decoder0.0 "$region" || fail "destroy region"
put 0 $C/devices/d1/enable || fail "disable d1 after its region"

# An enabled device cannot be removed, with or without a region.
put 1 $C/devices/d1/enable || fail "re-enable d1"
expect_errno "Device or resource busy" rmdir $C/devices/d1
region=$(create_ram_region decoder0.0 "$mem" 0x10000000) || fail "region on d1 again"
expect_errno "Device or resource busy" rmdir $C/devices/d1
[ "$(cat /sys/bus/cxl/devices/$region/commit)" = 1 ] || fail "refused rmdir broke $region"
destroy_region decoder0.0 "$region" || fail "destroy region again"
put 0 $C/devices/d1/enable || fail "disable d1 before rmdir"
rmdir $C/devices/d1 || fail "rmdir disabled device"
[ "$(memdev_count)" = 1 ] || fail "removed device left its memdev"

# Objects made with mkdir pin the module (busybox rmmod says EAGAIN).
expect_errno "Resource temporarily unavailable" rmmod cxl_tag_mock
rmdir $B/b0 $B/b1 $C/pools/p0 || fail "rmdir pool and backends"
ctm_pass
