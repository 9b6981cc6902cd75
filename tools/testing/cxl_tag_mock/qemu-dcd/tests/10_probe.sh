#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cxl_pci drives QEMU's DCD: the memdev shows a dynamic_ram_1 partition of
# the whole device (no static capacity), the CXL window offers
# dynamic_ram_1, the Dynamic Capacity event interrupt is requested (no
# "Failed to get interrupt", the device has MSI-X vectors taken by
# cxl_pci), and a dynamic_ram_1 region over the whole partition commits
# and gets a DAX region with a zero-size seed. QEMU holds no capacity for
# the host yet. Later scenarios use that region (/tmp/qemu-dcd.env).
. "$QD/lib.sh"

modprobe cxl_acpi && modprobe cxl_port && modprobe cxl_mem && modprobe cxl_pci ||
	fail "CXL modules"
modprobe dax_cxl && modprobe device_dax || fail "DAX modules"
wait_for 30 ls -d /sys/bus/cxl/devices/mem0 || { dmesg | grep -i cxl | tail -n 20; fail "no memdev"; }
M=/sys/bus/cxl/devices/mem0
wait_for 30 endpoint_of mem0 || fail "no endpoint port for mem0"
pci=$(basename "$(readlink -f $M/..)")
[ -e "$M/dynamic_ram_1/size" ] || { ls $M; fail "mem0 has no dynamic_ram_1"; }
size=$(cat $M/dynamic_ram_1/size)
[ $((size)) = $((512 << 20)) ] || fail "dynamic_ram_1/size $size, expected 512 MiB"
[ $(($(cat $M/ram/size 2>/dev/null || echo 0))) = 0 ] || fail "ram/size $(cat $M/ram/size)"
dmesg | grep -E "Failed to get interrupt|No interrupt support|Failed to set event interrupt|FW still in control" &&
	fail "cxl_pci did not set up event interrupts"
grep -q "$pci" /proc/interrupts || fail "no interrupt of $pci in /proc/interrupts"
grep "$pci" /proc/interrupts | sed 's/^/# /'

root=
for d in /sys/bus/cxl/devices/decoder0.*; do
	[ "$(cat "$d/cap_dynamic_ram_1" 2>/dev/null)" = 1 ] && { root=$(basename "$d"); break; }
done
[ -n "$root" ] || fail "no root decoder with cap_dynamic_ram_1"
r=$(create_ram_region "$root" mem0 $((512 << 20)) dynamic_ram_1) || fail "create the dynamic_ram_1 region"
[ "$(cat /sys/bus/cxl/devices/$r/mode)" = dynamic_ram_1 ] || fail "$r mode $(cat /sys/bus/cxl/devices/$r/mode)"
wait_for 10 test -e "$(dc_dax_dir "$r")/dax_region/seed" || fail "no DAX region under $r"
[ "$(dc_avail "$r")" = 0 ] || fail "available_size $(dc_avail "$r") before any extent"
[ "$(dc_host_count "$r")" = 0 ] || fail "extents before any offer"
cat >$QD_ENV <<EOT
QD_REGION=$r
QD_ROOT=$root
QD_PCI=$pci
QD_DC_SIZE=$((512 << 20))
EOT
. $QD_ENV
qd_agree "$r" 64 || fail "QEMU holds capacity the host does not know"
exit 0
