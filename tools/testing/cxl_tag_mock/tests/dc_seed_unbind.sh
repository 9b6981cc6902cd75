#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The DAX region's seed attribute stays safe to read while the region's
# DAX driver goes: two background readers read every DC region's
# dax_region/seed in a tight loop while the region's DAX driver is
# unbound and bound again, many times (dax_cxl has no bind attributes:
# unloading and loading it, and unbinding and binding the region, do
# that), and then while the whole region is destroyed and made again. Each read either fails (the file is
# gone) or shows a DAX device name or nothing; the kernel log shows no
# KASAN report (seed_show once read a freed seed device).
. "$CTM/lib.sh"
cleanup() {
	[ -z "${readers:-}" ] || kill $readers 2>/dev/null
	wait 2>/dev/null
	ctm_cleanup
}

ctm_start dax
trap cleanup EXIT
D=$(ctm_dc_dev su 0x10000000 0x10000000) || fail "enable the DCD"
mem=$(memdev_of su)
ed=$(dc_ep_decoder "$mem" 0) || fail "no endpoint decoder"
r=$(dc_region_on "$ed" 0x10000000) || fail "DC region"
wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no DAX region"

# A reader counts good reads and notes any value that is no device name.
reader() {
	local n=0 s f
	while [ ! -e /tmp/seed.stop ]; do
		for f in /sys/bus/cxl/devices/region*/dax_region*/dax_region/seed; do
			{ read -r s <"$f"; } 2>/dev/null || continue
			case "$s" in
			"" | dax[0-9]*.[0-9]*) n=$((n + 1)) ;;
			*) echo "$f: '$s'" >>/tmp/seed.bad ;;
			esac
		done
	done
	echo $n >/tmp/seed.ok.$1
}
rm -f /tmp/seed.stop /tmp/seed.bad /tmp/seed.ok.*
reader 1 &
readers=$!
reader 2 &
readers="$readers $!"

dc_log_mark
i=0
while [ $i -lt 12 ]; do
	rmmod dax_cxl || fail "unload dax_cxl ($i)"
	modprobe dax_cxl || fail "load dax_cxl ($i)"
	wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no seed after loading dax_cxl ($i)"
	put $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r ($i)"
	put $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r ($i)"
	wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no seed after binding $r ($i)"
	i=$((i + 1))
done
i=0
while [ $i -lt 5 ]; do
	dc_region_off $r "$ed" || fail "destroy $r ($i)"
	r=$(dc_region_on "$ed" 0x10000000) || fail "DC region again ($i)"
	wait_for 10 test -e "$(dc_dax_dir $r)/dax_region/seed" || fail "no DAX region ($i)"
	i=$((i + 1))
done
touch /tmp/seed.stop
wait $readers
readers=
[ ! -s /tmp/seed.bad ] || fail "bad seed values: $(head -n 5 /tmp/seed.bad)"
for n in 1 2; do
	[ "$(cat /tmp/seed.ok.$n)" -gt 0 ] || fail "reader $n never read the seed"
done
echo "seed reads: $(cat /tmp/seed.ok.1) and $(cat /tmp/seed.ok.2)"
dc_log_since | grep -E 'KASAN|BUG:|general protection' &&
	fail "the kernel log shows a fault: $(dc_log_since | grep -A 20 -E 'KASAN|BUG:' | head -n 30)"
rm -f /tmp/seed.stop /tmp/seed.ok.*

dc_region_off $r "$ed" || fail "destroy $r"
ctm_rm_dev $D || fail "remove the device"
ctm_pass
