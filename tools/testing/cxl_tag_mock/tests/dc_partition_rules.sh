#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Mainline 7.4's rules for a device's DC partition, as the host applies
# them. A device breaking one is used without Dynamic Capacity: one
# warning says why, the memdev has no dynamic_ram_1 directory, no endpoint
# decoder takes the dynamic_ram_1 mode (EINVAL), and its static capacity
# still makes a RAM region.
# - DC region 0 must sit directly above the static capacity: here 256 MiB
#   of DPA are left unused between them (dc_gap);
# - the CDAT must describe DC region 0 with a DSMAS entry (dc0/dsmas 0
#   leaves it out). Such a device's offers are still answered: refused
#   with one empty Add DC Response, none left pending on the device.
# A device that keeps both (its DSMAS entry read-only and shareable) has
# its DC partition, the host says once that it recorded both flags, and a
# dynamic_ram_1 region commits on it.
. "$CTM/lib.sh"
ctm_start

# dc_off NAME WARNING: device NAME has no DC on the host, said once.
dc_off() {
	local mem ep dec ram n
	mem=$(memdev_of $1) || fail "$1: no memdev"
	wait_for 10 endpoint_of "$mem" >/dev/null || fail "$1: no endpoint"
	ep=$(endpoint_of "$mem")
	[ ! -e /sys/bus/cxl/devices/$mem/dynamic_ram_1 ] ||
		fail "$1: $mem still shows dynamic_ram_1"
	n=$(dc_log_since | grep -c -F "$2")
	[ "$n" = 1 ] || fail "$1: '$2' logged $n times: $(dc_log_since | tail -n 5)"
	dec=$(ls -d /sys/bus/cxl/devices/$ep/decoder* | head -n 1)
	expect_errno_exact "Invalid argument" put dynamic_ram_1 $dec/mode
	ram=$(create_ram_region decoder0.0 "$mem" 0x10000000) ||
		fail "$1: no RAM region"
	destroy_region decoder0.0 "$ram" || fail "$1: destroy $ram"
}

mkdir $C/devices/gap $C/devices/nodsmas $C/devices/ok || fail "mkdir"
expect_put "Invalid argument" 0x1000000 $C/devices/gap/dc_gap
for d in gap nodsmas ok; do
	put 0x10000000 $C/devices/$d/ram_size &&
		put 0x10000000 $C/devices/$d/dc0/size || fail "$d: geometry"
done
put 0x10000000 $C/devices/gap/dc_gap || fail "gap: dc_gap"
put 0 $C/devices/nodsmas/dc0/dsmas || fail "nodsmas: dc0/dsmas"
[ "$(cat $C/devices/nodsmas/dc0/dsmas)" = 0 ] || fail "dc0/dsmas reads back $(cat $C/devices/nodsmas/dc0/dsmas)"
put 1 $C/devices/ok/dc0/read_only && put 1 $C/devices/ok/dc0/sharable ||
	fail "ok: flags"

dc_log_mark
put 1 $C/devices/gap/enable || fail "gap: enable"
wait_for 10 memdev_of gap >/dev/null || fail "gap: no memdev"
dc_off gap "DC region 0 at 0x20000000 is not directly above the static capacity (0x10000000): Dynamic Capacity disabled"

dc_log_mark
put 1 $C/devices/nodsmas/enable || fail "nodsmas: enable"
wait_for 10 memdev_of nodsmas >/dev/null || fail "nodsmas: no memdev"
dc_off nodsmas "DC region 0 (DPA 0x10000000-0x1fffffff, DSMAD handle 0) has no CDAT DSMAS entry: Dynamic Capacity disabled"
add0=$(dc_mbox_runs nodsmas 0x4802)
put "0 0 prescriptive 0:0x200000" $C/devices/nodsmas/dc_add || fail "nodsmas: offer"
[ -z "$(cat $C/devices/nodsmas/dc_extents)" ] ||
	fail "nodsmas: the offer is left on the device: $(cat $C/devices/nodsmas/dc_extents)"
[ $(($(dc_mbox_runs nodsmas 0x4802) - add0)) = 1 ] && [ "$(dc_mbox_fails nodsmas 0x4802)" = 0 ] ||
	fail "nodsmas: Add DC Response $(dc_mbox_runs nodsmas 0x4802) runs, $(dc_mbox_fails nodsmas 0x4802) refused"

dc_log_mark
put 1 $C/devices/ok/enable || fail "ok: enable"
mem=$(memdev_of ok) || fail "ok: no memdev"
[ "$(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)" = 0x10000000 ] ||
	fail "ok: dynamic_ram_1/size $(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size)"
wait_for 10 endpoint_of "$mem" >/dev/null || fail "ok: no endpoint"
n=$(dc_log_since | grep -c -F "$mem: DC region 0: shareable read-only")
[ "$n" = 1 ] || fail "ok: DSMAS flags logged $n times: $(dc_log_since | tail -n 5)"
! dc_log_since | grep -q "Dynamic Capacity disabled" ||
	fail "ok: $(dc_log_since | grep 'Dynamic Capacity disabled')"
r=$(new_dc_region decoder0.0 "$mem" 0x10000000) || fail "ok: no DC region"
destroy_region decoder0.0 "$r" || fail "ok: destroy $r"

for d in gap nodsmas ok; do
	put 0 $C/devices/$d/enable && rmdir $C/devices/$d || fail "$d: remove"
done
ctm_pass
