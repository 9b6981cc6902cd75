#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Lazy backing and direct mapping, seen from the device side: a tagged
# extent the device starts with (dc_preload) is bound to its backend; once
# a decoder maps it, the backend's contents are in the very pages the host
# decodes the extent at (the device's media view at the extent's DPA) and
# the backend's debugfs view reaches those pages. When the decoder stops,
# the contents go back to the backend's own pages and follow the extent to
# where the next decoder maps it. Forced release with Sanitize on Release
# zeroes both.
. "$CTM/lib.sh"

ctm_start
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
DCB=65536	# DC region 0's base DPA (256 MiB) in 4 KiB blocks

ctm_pool p0 0x4000000 a:$A:0x800000:21 || fail "pool and backend a, filled"
DBG=/sys/kernel/debug/cxl_tag_mock/pools/p0/a
dd if=$DBG of=/tmp/orig bs=4096 count=1024 2>/dev/null || fail "save backend a"

D=$(ctm_dc_dev dm 0x10000000 0x10000000 - dc0/sanitize_on_release=1 \
	"dc_preload=0:0:0x400000:$A" dc_hold_events=1) ||
	fail "enable a device with a preloaded extent"
[ "$(dc_state dm 0 0x0)" = accepted ] || fail "preload: $(cat $D/dc_extents)"
ctm-pattern check $DBG 0 0x800000 21 || fail "binding without a decoder moved data"

host=$(mock_host_of dm) || fail "no platform device for dm"
media=/sys/kernel/debug/cxl_tag_mock/$host/media
mem=$(basename "$(ls -d /sys/bus/platform/devices/$host/mem*)")
ep=$(endpoint_of "$mem") || fail "no endpoint for $mem"
dec=/sys/bus/cxl/devices/$ep/decoder${ep#endpoint}.0

same_at_dpa() {	# FILE: the extent's 4 MiB at the DC base read back as FILE
	dd if=$media bs=4096 skip=$DCB count=1024 2>/dev/null | cmp -s - "$1"
}

r=$(create_dc_region decoder0.0 $dec 0x10000000) || fail "DC region"
wait_for 10 same_at_dpa /tmp/orig ||
	fail "the tag's data is not in the pages the host decodes the extent at"
# The backend's view is those pages now: host-side writes show there.
ctm-pattern write $media 0x10000000 0x400000 22 || fail "write at the extent's DPA"
dd if=$media bs=4096 skip=$DCB count=1024 of=/tmp/m2 2>/dev/null || fail "save"
dd if=$DBG bs=4096 count=1024 2>/dev/null | cmp -s - /tmp/m2 ||
	fail "backend view does not show the host's pages"
ctm-pattern check $DBG 0x400000 0x400000 21 || fail "the unbound rest of backend a changed"

# The decoder goes: the contents return to the backend's own pages...
destroy_dc_region decoder0.0 $r $dec || fail "destroy $r"
sleep 2
# ...so with the old host range taken by another region, the next region
# over the extent, elsewhere, still shows them.
dflt=$(basename "$(dirname "$(grep -l 0x1000 /sys/bus/cxl/devices/mem*/serial)")")
rr=$(create_ram_region decoder0.0 "$dflt" 0x10000000) || fail "RAM region on the default device"
r=$(create_dc_region decoder0.0 $dec 0x10000000) || fail "DC region again"
wait_for 10 same_at_dpa /tmp/m2 || fail "the tag's data did not follow its extent"

# Forced release in a sanitizing region: both copies are zeroed.
put "tag $A" $D/dc_force_release || fail "force release"
[ "$(head -n 1 $C/pools/p0/backends/a/dc_status)" = released ] ||
	fail "status: $(cat $C/pools/p0/backends/a/dc_status)"
ctm-pattern zero $media 0x10000000 0x400000 0 || fail "decoded pages not sanitized"
ctm-pattern zero $DBG 0 0x400000 0 || fail "backend pages not sanitized"
ctm-pattern check $DBG 0x400000 0x400000 21 || fail "sanitize went beyond the extent"

destroy_dc_region decoder0.0 $r $dec || fail "destroy $r"
destroy_region decoder0.0 $rr || fail "destroy $rr"
ctm_rm_dev $D || fail "remove the device"
rmdir $C/pools/p0/backends/a $C/pools/p0 || fail "remove the pool"
ctm_pass
