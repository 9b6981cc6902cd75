#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A device with the smallest mailbox payload CXL allows (256 bytes, r3.1
# 8.2.8.4.3) and all eight DC regions: every list the host reads or sends
# must be paged by the payload, as mainline 7.4 reads the DC configuration
# ("in chunks bounded by the payload size"). Get DC Configuration: 5
# regions fit a payload, so the host needs two chunks and start index 5;
# it keeps Dynamic Capacity (dynamic_ram_1 is region 0's size, no
# "inconsistent region counts" nor "Dynamic Capacity disabled"). 20
# extents the device has at enable (dc_preload) reach the host when the
# region probes, through Get DC Extent List pages of 6; a chain of 20 more
# is answered in batches (15 extents fit an Add DC Response), and the
# series is one answer: when its second payload is refused (fail_mbox),
# the device accepts none of the first payload's 15 either, as the host
# drops the offer and answers it empty; offered again, all 20 are
# accepted; both sides then list the same 40, and destroying the region
# gives all 40 back.
# payload_size refuses values that are not a power of 2 in 256..4096.
. "$CTM/lib.sh"
ctm_start dax
D=$C/devices/sp
N=20

mkdir $D || fail "mkdir"
[ "$(cat $D/payload_size)" = 0x1000 ] || fail "payload_size reads $(cat $D/payload_size)"
for bad in 0 128 255 257 384 8192 0x10000 -1; do
	expect_put "Invalid argument" "$bad" $D/payload_size
done
put 256 $D/payload_size && put 0x10000000 $D/ram_size &&
	put 0x10000000 $D/dc0/size || fail "geometry"
i=1
while [ $i -lt 8 ]; do
	put 0x4000000 $D/dc$i/size || fail "dc$i"
	i=$((i + 1))
done
pre=
i=0
while [ $i -lt $N ]; do
	pre="$pre${pre:+ }0:$(printf '%#x' $((i * 0x200000))):0x200000"
	i=$((i + 1))
done
put "$pre" $D/dc_preload || fail "preload"
dc_log_mark
put 1 $D/enable || fail "enable"
mem=$(memdev_of sp) || fail "no memdev"
wait_for 10 endpoint_of "$mem" >/dev/null || fail "no endpoint"
[ "$(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size 2>/dev/null)" = 0x10000000 ] ||
	fail "dynamic_ram_1/size: $(cat /sys/bus/cxl/devices/$mem/dynamic_ram_1/size 2>&1); $(dc_log_since | tail -n 5)"
dc_log_since | grep -E "inconsistent region counts|Dynamic Capacity disabled|payload too small" &&
	fail "the host did not read the DC configuration in chunks"
expect_put "Device or resource busy" 512 $D/payload_size

host_has() { [ "$(dc_host_count $r)" = $1 ]; }
r=$(ctm_dc_region sp) || fail "DC region"
wait_for 10 host_has $N || fail "$(dc_host_count $r) of the $N preloaded extents on the host"
dc_sides_agree sp $r || fail "the sides disagree after the region probe"

lens=0x200000
i=1
while [ $i -lt $N ]; do lens="$lens,0x200000"; i=$((i + 1)); done
# The second Add DC Response of the series fails.
F=/sys/kernel/debug/cxl_tag_mock/$(mock_host_of sp)
trap 'dc_expect_end dc_small_payload; ctm_cleanup' EXIT
dc_expect_begin dc_small_payload
add0=$(dc_mbox_runs sp 0x4802)
put 0x4802 $F/fail_mbox/opcode && put 2 $F/fail_mbox/interval &&
	put 1 $F/fail_mbox/times && put 100 $F/fail_mbox/probability ||
	fail "arm fail_mbox"
dc_log_mark
put "0 0 free $lens" $D/dc_add || fail "offer $N extents (refused answer)"
[ "$(cat $F/fail_mbox/times)" = 0 ] || fail "fail_mbox did not fire"
put 0 $F/fail_mbox/probability || fail "disarm fail_mbox"
# Two payloads, the second refused, then the empty answer.
[ $(($(dc_mbox_runs sp 0x4802) - add0)) = 3 ] ||
	fail "$(($(dc_mbox_runs sp 0x4802) - add0)) Add DC Responses, expected 3"
dc_log_since | grep -q "Add DC Response failed: offer dropped (empty response: 0)" ||
	fail "the drop is not logged: $(dc_log_since | tail -3)"
! grep -q ' pending$' $D/dc_extents || fail "offers left pending: $(grep pending $D/dc_extents)"
[ "$(grep -c ' accepted$' $D/dc_extents)" = $N ] ||
	fail "the device accepted part of a refused series: $(grep -c ' accepted$' $D/dc_extents) extents"
host_has $N || fail "$(dc_host_count $r) extents on the host after the refused series"
dc_sides_agree sp $r || fail "the sides disagree after the refused series"
dc_expect_end dc_small_payload
put "0 0 free $lens" $D/dc_add || fail "offer $N extents"
wait_for 30 sh -c "[ \$(grep -c ' accepted\$' $D/dc_extents) = $((2 * N)) ]" ||
	fail "$(grep -c ' accepted$' $D/dc_extents) of $((2 * N)) accepted: $(tail -n 3 $D/dc_extents)"
wait_for 10 host_has $((2 * N)) || fail "$(dc_host_count $r) extents on the host"
dc_sides_agree sp $r || fail "the sides disagree after the chain"

destroy_region decoder0.0 "$r" || fail "destroy $r"
dc_wait_extents 30 sp "" || fail "extents left on the device"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
