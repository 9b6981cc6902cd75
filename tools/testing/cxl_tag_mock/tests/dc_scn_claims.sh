#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Claiming DAX devices of a DC region where an untagged and a tagged
# extent coexist. A claim with a tag nobody has is -ENOENT and changes
# nothing (available_size, the seed's size and uuid); uuid reads back 0 or
# the tag; a second "0" claim when the only untagged extent is taken is
# -ENOENT; a device that has capacity refuses another claim (-EBUSY).
# DAX device operations: a plain create-device (create, then a size) is
# refused, as is resizing a claimed device and setting a mapping; a device
# destroyed (size 0) gives its extent back, and the tag can be claimed
# again, with its data.
. "$CTM/lib.sh"
ctm_start dax
A=2a2b3c4d-0001-4a77-b6c3-16df975fcf1a
X=2a2b3c4d-0009-4a77-b6c3-16df975fcf1a	# no backend, never offered

ctm_pool p0 0x2000000 a:$A:0x400000:61 || fail "pool and backend a, filled"
D=$(ctm_dc_dev dc 0x10000000 0x10000000 p0) || fail "enable the DCD"
r=$(ctm_dc_region dc) || fail "DC region"
RD=$(dc_dax_dir $r)

put "0 0 prescriptive 0:0x200000" $D/dc_add || fail "add untagged"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "add A"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;" || fail "extents"
AV=$((0x600000))
[ "$(dc_avail $r)" = $AV ] || fail "available_size $(dc_avail $r)"

seed=$(dc_seed $r) || fail "no seed"
S=/sys/bus/dax/devices/$seed
[ "$(cat $S/uuid)" = $NULL_UUID ] || fail "seed uuid reads $(cat $S/uuid)"
expect_errno_exact "No such file or directory" put $X $S/uuid
[ "$(dc_avail $r)" = $AV ] || fail "available_size changed by a failed claim: $(dc_avail $r)"
[ "$(cat $S/size)" = 0 ] && [ "$(cat $S/uuid)" = $NULL_UUID ] ||
	fail "a failed claim changed $seed: size $(cat $S/size) uuid $(cat $S/uuid)"
# A plain create-device: sizes are refused on a DC region.
expect_put "Operation not supported" 0x200000 $S/size
[ "$(dc_avail $r)" = $AV ] || fail "available_size changed by a size write"

# "0" takes the one untagged extent; uuid reads the null UUID.
put 0 $S/uuid || fail "claim 0"
[ "$(cat $S/size)" = $((0x200000)) ] || fail "$seed size $(cat $S/size)"
[ "$(cat $S/uuid)" = $NULL_UUID ] || fail "$seed uuid $(cat $S/uuid)"
[ "$(dc_avail $r)" = $((0x400000)) ] || fail "available_size $(dc_avail $r)"
expect_put "Device or resource busy" $A $S/uuid
put $seed /sys/bus/dax/drivers/device_dax/bind || fail "bind $seed"
du=$seed
expect_put "Device or resource busy" 0 /sys/bus/dax/devices/$du/uuid

# Another "0": none left.
seed=$(dc_seed $r) || fail "no second seed"
S=/sys/bus/dax/devices/$seed
expect_put "No such file or directory" 0 $S/uuid
[ "$(cat $S/size)" = 0 ] || fail "$seed got $(cat $S/size) from a failed claim"
[ "$(dc_avail $r)" = $((0x400000)) ] || fail "available_size $(dc_avail $r)"

# The tag: one device of its extent, uuid reads it back, data is A's.
put $A $S/uuid || fail "claim A"
[ "$(cat $S/uuid)" = $A ] || fail "$seed uuid $(cat $S/uuid)"
[ "$(cat $S/size)" = $((0x400000)) ] || fail "$seed size $(cat $S/size)"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r)"
put $seed /sys/bus/dax/drivers/device_dax/bind || fail "bind $seed"
da=$seed
ctm-pattern check /dev/$da 0 0x400000 61 || fail "A's data through $da"
# Resizing a claimed device, up or down, or giving it a mapping: refused.
put $da /sys/bus/dax/drivers/device_dax/unbind || fail "unbind $da"
expect_put "Operation not supported" 0x800000 /sys/bus/dax/devices/$da/size
expect_put "Operation not supported" 0x200000 /sys/bus/dax/devices/$da/size
expect_errno "Operation not supported" put 0x0-0x1fffff /sys/bus/dax/devices/$da/mapping
[ "$(cat /sys/bus/dax/devices/$da/uuid)" = $A ] || fail "uuid changed: $(cat /sys/bus/dax/devices/$da/uuid)"
# Nothing left to claim: no new seed.
expect_put "No space left on device" 1 $RD/dax_region/create

# Destroy A's device; the tag comes back, uuid reads 0 again.
put 0 /sys/bus/dax/devices/$da/size || fail "destroy $da"
[ "$(cat /sys/bus/dax/devices/$da/uuid)" = $NULL_UUID ] || fail "$da uuid after destroy: $(cat /sys/bus/dax/devices/$da/uuid)"
[ "$(dc_avail $r)" = $((0x400000)) ] || fail "available_size after destroy $(dc_avail $r)"
[ "${da#*.}" = 0 ] || put $da $RD/dax_region/delete || fail "delete $da"
da=$(dc_claim $r $A) || fail "claim A again"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((0x400000)) ] || fail "$da size"
ctm-pattern check /dev/$da 0 0x400000 61 || fail "A's data through $da after the re-claim"

# Extents stay on the device while devices come and go.
[ "$(tag_status $C/pools/p0/backends/a)" = accepted ] || fail "a: $(tag_status $C/pools/p0/backends/a)"
dc_unclaim $r $da || fail "destroy $da"
dc_unclaim $r $du || fail "destroy $du"
destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 10 dc "" || fail "extents left"
ctm_rm_dev $D || fail "remove the device"
rmdir $C/pools/p0/backends/a $C/pools/p0 || fail "remove the pool"
ctm_pass
