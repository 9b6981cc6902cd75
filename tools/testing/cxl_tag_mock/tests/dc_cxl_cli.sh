#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The project's DCD-aware cxl-cli and daxctl (build-ndctl.sh,
# ndctl-patches/) against the mock: cxl list -M shows the DC partition,
# the root decoder is dynamic_ram_1 capable, cxl create-region -t
# dynamic_ram_1 makes a DC region (a UUID is refused), cxl list -R -N
# lists its extents (offset, length, tag; the null UUID when untagged),
# daxctl create-device --uuid claims a tag and an untagged extent (0),
# daxctl list shows each device's uuid, and cxl destroy-region takes the
# region down with the claimed devices (disabled), giving the extents back
# to the device.
# What DCD test scripts rely on, seen through the tools: a device claimed
# with 0 reads the null UUID (daxX.Y/uuid and daxctl list); the
# cxl_test-format knobs of the memdev's platform device are synchronous
# (cxl list -N right after a write shows its result) and dc_del_extent
# takes any range (releasing a tag group, then its other member, works).
# Without -t, create-region makes a dynamic_ram_1 region only for a root
# decoder that can map nothing else.
. "$CTM/lib.sh"

# daxctl enables a device by adding its name to device_dax's IDs (new_id),
# and disable-device takes it out again; a name left there would bind the
# next test's daxX.Y to device_dax whatever its region's kind.
da=
du=
cleanup() {
	dc_expect_end dc_cxl_cli
	umount /sys/bus/cxl/devices/decoder0.0/cap_ram 2>/dev/null
	for d in $da $du; do
		echo $d >/sys/bus/dax/drivers/device_dax/remove_id
	done 2>/dev/null
	ctm_cleanup
}

ctm_start dax
trap cleanup EXIT
A=2a2b3c4d-0101-4a77-b6c3-16df975fcf1a
B=2a2b3c4d-0102-4a77-b6c3-16df975fcf1a
X=2a2b3c4d-0109-4a77-b6c3-16df975fcf1a	# no backend, never offered

# run CMD...: its stdout and stderr in $out, one line; fail when it fails.
run() {
	out=$("$@" 2>&1) || fail "'$*' failed: $out"
	out=$(echo "$out" | tr -d ' \n')
}
# has TEXT: $out holds TEXT.
has() {
	case "$out" in
	*"$1"*) ;;
	*) fail "no '$1' in: $out" ;;
	esac
}
hasnt() {
	case "$out" in
	*"$1"*) fail "'$1' in: $out" ;;
	esac
}

ctm_pool p0 0x2000000 a:$A:0x400000:73 b:$B:0x800000 || fail "pool and backends"
D=$(ctm_dc_dev dc 0x10000000 0x10000000 p0) || fail "enable the DCD"
mem=$(memdev_of dc) || fail "no memdev"

# The DC partition and the root decoder's capability.
run cxl list -M -m "$mem"
has "\"memdev\":\"$mem\""
has '"ram_size":268435456'
has '"dynamic_ram_1_size":268435456'
run cxl list -D -d decoder0.0
has '"decoder":"decoder0.0"'
has '"dynamic_ram_1_capable":true'

# The default type. decoder0.0 maps RAM as well: without -t, a RAM
# region over the RAM partition.
run cxl create-region -d decoder0.0 -m "$mem"
has '"type":"ram"'
has '"size":268435456'
rr=$(echo "$out" | sed -n 's/.*"region":"\(region[0-9]*\)".*/\1/p')
[ -n "$rr" ] && [ "$(cat /sys/bus/cxl/devices/$rr/mode)" = ram ] ||
	fail "no RAM region from: $out"
run cxl destroy-region -f "$rr"
[ ! -e /sys/bus/cxl/devices/$rr ] || fail "$rr still there"
# A root decoder that maps only Dynamic Capacity: this kernel has none
# (cap_dynamic_ram_1 comes with cap_ram), so the test shows cxl-cli one
# by hiding decoder0.0's cap_ram behind a bind mount that reads 0. Without
# -t, a dynamic_ram_1 region over the DC partition.
echo 0 >/tmp/cap_ram.0
mount --bind /tmp/cap_ram.0 /sys/bus/cxl/devices/decoder0.0/cap_ram ||
	fail "bind mount over decoder0.0/cap_ram"
unhide() { umount /sys/bus/cxl/devices/decoder0.0/cap_ram 2>/dev/null; }
run cxl list -D -d decoder0.0
hasnt '"volatile_capable"'
has '"dynamic_ram_1_capable":true'
if out=$(cxl create-region -d decoder0.0 -m "$mem" 2>&1); then
	unhide
	out=$(echo "$out" | tr -d ' \n')
	rr=$(echo "$out" | sed -n 's/.*"region":"\(region[0-9]*\)".*/\1/p')
	has '"type":"dynamic_ram_1"'
	[ "$(cat /sys/bus/cxl/devices/$rr/mode)" = dynamic_ram_1 ] ||
		fail "$rr mode $(cat /sys/bus/cxl/devices/$rr/mode)"
	run cxl destroy-region -f "$rr"
else
	unhide
	fail "create-region without -t on a DC-only root decoder: $out"
fi
[ "$(cat /sys/bus/cxl/devices/decoder0.0/cap_ram)" = 1 ] || fail "cap_ram still hidden"

# A UUID is refused for a DC region, and nothing is left behind.
if out=$(cxl create-region -t dynamic_ram_1 -d decoder0.0 -m "$mem" \
	-U $A 2>&1); then
	fail "create-region -t dynamic_ram_1 -U succeeded: $out"
fi
[ -z "$(ls -d /sys/bus/cxl/devices/region* 2>/dev/null)" ] ||
	fail "a refused create-region left $(ls -d /sys/bus/cxl/devices/region*)"

run cxl create-region -t dynamic_ram_1 -d decoder0.0 -m "$mem"
has '"type":"dynamic_ram_1"'
has '"size":268435456'
r=$(echo "$out" | sed -n 's/.*"region":"\(region[0-9]*\)".*/\1/p')
[ -n "$r" ] || fail "no region in: $out"
[ "$(cat /sys/bus/cxl/devices/$r/mode)" = dynamic_ram_1 ] ||
	fail "$r mode $(cat /sys/bus/cxl/devices/$r/mode)"
RD=$(dc_dax_dir $r)
wait_for 10 test -e $RD/dax_region/seed || fail "no DAX region"
ep=$(cat /sys/bus/cxl/devices/$r/target0)
run cxl list -D -d "$ep"
has '"mode":"dynamic_ram_1"'

# No capacity yet: an empty extent list.
run cxl list -R -N -r $r
has '"extents":[]'

put "0 0 prescriptive 0:0x200000" $D/dc_add || fail "add untagged"
put "0 $A prescriptive 0x400000:0x400000" $D/dc_add || fail "add A"
dc_wait_host 20 $r "0x0 0x200000 -;0x400000 0x400000 $A;" || fail "extents"

run cxl list -R -N -r $r
has "\"region\":\"$r\""
has '"type":"dynamic_ram_1"'
has "\"extents\":[{\"offset\":0,\"length\":2097152,\"uuid\":\"$NULL_UUID\"},{\"offset\":4194304,\"length\":4194304,\"uuid\":\"$A\"}]"
# -v implies -N; without either, no extents.
run cxl list -v -r $r
has "\"offset\":4194304,\"length\":4194304,\"uuid\":\"$A\""
run cxl list -R -r $r
hasnt '"extents"'

# Claims. --uuid is exclusive with --size; an unknown tag fails and
# changes nothing.
if out=$(daxctl create-device -r $r --uuid $A -s 0x400000 2>&1); then
	fail "create-device --uuid --size succeeded: $out"
fi
if out=$(daxctl create-device -r $r --uuid $X 2>&1); then
	fail "create-device --uuid of an unknown tag succeeded: $out"
fi
[ "$(dc_avail $r)" = $((0x600000)) ] || fail "available_size $(dc_avail $r)"

run daxctl create-device -r $r --uuid $A
has "\"uuid\":\"$A\""
has '"size":4194304'
da=$(echo "$out" | sed -n 's/.*"chardev":"\(dax[0-9.]*\)".*/\1/p')
[ -n "$da" ] || fail "no device in: $out"
[ "$(basename "$(readlink -f /sys/bus/dax/devices/$da/driver)")" = device_dax ] ||
	fail "$da is not bound to device_dax"
ctm-pattern check /dev/$da 0 0x400000 73 || fail "A's data through $da"

run daxctl create-device -r $r --uuid 0
has "\"uuid\":\"$NULL_UUID\""
has '"size":2097152'
du=$(echo "$out" | sed -n 's/.*"chardev":"\(dax[0-9.]*\)".*/\1/p')
[ -n "$du" ] && [ "$du" != "$da" ] || fail "no second device in: $out"
[ "$(dc_avail $r)" = 0 ] || fail "available_size $(dc_avail $r)"
# The only untagged extent is taken.
if out=$(daxctl create-device -r $r --uuid 0 2>&1); then
	fail "a second --uuid 0 succeeded: $out"
fi

run daxctl list -d $da
has "\"chardev\":\"$da\",\"size\":4194304,\"uuid\":\"$A\""
run daxctl list -d $du
has "\"chardev\":\"$du\",\"size\":2097152,\"uuid\":\"$NULL_UUID\""
[ "$(cat /sys/bus/dax/devices/$du/uuid)" = $NULL_UUID ] ||
	fail "$du/uuid reads '$(cat /sys/bus/dax/devices/$du/uuid)', not the null UUID"

# The knobs are synchronous: no wait between a write and cxl list. A More
# chain for B (two extents) surfaces when it closes.
KN=$(mock_knob dc)
DC0=0x10000000	# DPA of DC region 0
put "$((DC0 + 0x1000000)):0x400000:$B:1" $KN/dc_inject_extent || fail "inject B, More=1"
run cxl list -R -N -r $r
hasnt "$B"
put "$((DC0 + 0x1800000)):0x400000:$B:0" $KN/dc_inject_extent || fail "inject B, More=0"
run cxl list -R -N -r $r
has "{\"offset\":16777216,\"length\":4194304,\"uuid\":\"$B\"},{\"offset\":25165824,\"length\":4194304,\"uuid\":\"$B\"}]"
# Release the group through its first member: both go at once. Then its
# other member (already released with the group) and a range the host
# never had: each write is taken, and nothing else changes. The host
# answers those two with a Release DC of what it does not hold, which
# the device refuses: expected here.
put "$((DC0 + 0x1000000)):0x400000:$B" $KN/dc_del_extent || fail "release B's first extent"
run cxl list -R -N -r $r
hasnt "$B"
dc_expect_begin dc_cxl_cli
put "$((DC0 + 0x1800000)):0x400000:$B" $KN/dc_del_extent ||
	fail "release B's other extent after its group"
put "$((DC0 + 0x3000000)):0x200000:0" $KN/dc_del_extent || fail "release a range never added"
dc_expect_end dc_cxl_cli
run cxl list -R -N -r $r
has "\"extents\":[{\"offset\":0,\"length\":2097152,\"uuid\":\"$NULL_UUID\"},{\"offset\":4194304,\"length\":4194304,\"uuid\":\"$A\"}]"
wait_for 10 sh -c "[ \"\$(head -n 1 $C/pools/p0/backends/b/dc_status)\" = released ]" ||
	fail "b: $(cat $C/pools/p0/backends/b/dc_status)"
dc_wait_extents 10 dc "0 0x0 0x200000 - 0 accepted;0 0x400000 0x400000 $A 0 accepted;" ||
	fail "the device's extents after the releases"

# Disable both devices (their extents stay claimed), then destroy the
# region: the extents go back to the device.
run daxctl disable-device $da
run daxctl disable-device $du
[ ! -e /sys/bus/dax/devices/$da/driver ] && [ ! -e /sys/bus/dax/devices/$du/driver ] ||
	fail "a device is still bound after disable-device"
[ "$(cat /sys/bus/dax/devices/$da/size)" = $((0x400000)) ] ||
	fail "$da lost its capacity when disabled"
run cxl destroy-region -f $r
[ ! -e /sys/bus/cxl/devices/$r ] || fail "$r still there"
dc_wait_extents 10 dc "" || fail "extents left on the device"
[ "$(tag_status $C/pools/p0/backends/a)" != accepted ] ||
	fail "a: $(tag_status $C/pools/p0/backends/a)"
run cxl list -R
hasnt "\"region\":\"$r\""

ctm_rm_dev $D || fail "remove the device"
rmdir $C/pools/p0/backends/a $C/pools/p0/backends/b $C/pools/p0 ||
	fail "remove the pool"
ctm_pass
