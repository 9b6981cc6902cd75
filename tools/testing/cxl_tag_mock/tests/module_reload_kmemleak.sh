#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Twenty load/unload cycles leave no object behind: nothing registered and
# nothing kmemleak reports.
. "$CTM/lib.sh"

[ -w "$KMEMLEAK" ] || skip "kmemleak is not available"
trap ctm_cleanup EXIT
kmemleak_forget
i=0
while [ $i -lt 20 ]; do
	load_mock || fail "load $i"
	[ -e /sys/bus/platform/devices/cxl_tag_mock.0/driver ] ||
		fail "device not bound in cycle $i"
	unload_mock || fail "unload $i"
	[ ! -e /sys/module/cxl_tag_mock ] || fail "still loaded after cycle $i"
	i=$((i + 1))
done
leaks=$(kmemleak_report) || fail "kmemleak scan failed"
[ -z "$leaks" ] || fail "kmemleak reports after 20 cycles: $leaks"
exit 0
