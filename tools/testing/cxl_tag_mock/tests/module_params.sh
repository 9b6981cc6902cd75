#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A bad media= value fails the load with a precise errno and leaves nothing
# registered; no media at all is allowed and said in the log.
. "$CTM/lib.sh"

trap ctm_cleanup EXIT
nothing_left() {
	[ ! -e /sys/module/cxl_tag_mock ] || fail "module loaded after: $*"
	[ ! -e "$CONFIGFS" ] || fail "configfs subsystem left after: $*"
	[ ! -e /sys/bus/platform/devices/cxl_tag_mock.0 ] ||
		fail "platform device left after: $*"
}

for bad in 1G @4G 1G@ 1G@4Gx 0@4G 100M@4G 1G@0x100001000; do
	expect_errno "Invalid argument" modprobe cxl_tag_mock media="$bad"
	nothing_left "media=$bad"
done
expect_errno "Numerical result out of range" \
	modprobe cxl_tag_mock media=1G@0xfffffffff0000000
nothing_left "media=1G@0xfffffffff0000000"

# The first 256 MiB of the guest are System RAM: not the mock's to use.
expect_errno "Device or resource busy" modprobe cxl_tag_mock media=256M@0
nothing_left "media=256M@0"

dmesg -c >/dev/null
modprobe cxl_tag_mock || fail "load without media"
[ -z "$(cat /sys/module/cxl_tag_mock/parameters/media)" ] ||
	fail "media parameter not empty without media"
dmesg | grep -q "no media range" || fail "no-media load not said in the log"
unload_mock || fail "unload"
nothing_left "unload"
exit 0
