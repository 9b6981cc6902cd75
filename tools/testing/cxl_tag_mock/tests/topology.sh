#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The mock's platform and default memory device come up through the real
# cxl core: a root with one window, the host bridge port, the memdev bound
# to cxl_mem with its endpoint port, and decoders at every level.
. "$CTM/lib.sh"

ctm_start
cxl=/sys/bus/cxl/devices

dump() {
	ls -l $cxl
	dmesg | tail -n 40
}

[ -e $cxl/root0 ] || { dump; fail "no CXL root"; }
[ -e $cxl/decoder0.0 ] || { dump; fail "no root decoder for the window"; }
[ "$(cat $cxl/decoder0.0/start)" = "${CTM_MEDIA#*@}" ] ||
	fail "window starts at $(cat $cxl/decoder0.0/start)"
[ "$(cat $cxl/decoder0.0/size)" = "${CTM_MEDIA%@*}" ] ||
	fail "window size $(cat $cxl/decoder0.0/size)"
[ "$(cat $cxl/decoder0.0/cap_ram)" = 1 ] || fail "window is not for RAM"

mem=$(ls -d $cxl/mem* 2>/dev/null | head -n 1)
[ -n "$mem" ] || { dump; fail "no memdev"; }
[ "$(basename "$(readlink "$mem/driver")")" = cxl_mem ] ||
	{ dump; fail "memdev not bound to cxl_mem"; }
[ "$(cat "$mem/ram/size")" = 0x20000000 ] || fail "ram size $(cat "$mem/ram/size")"
[ "$(cat "$mem/serial")" = 0x1000 ] || fail "serial $(cat "$mem/serial")"

ep=$(ls -d $cxl/endpoint* 2>/dev/null | head -n 1)
[ -n "$ep" ] || { dump; fail "no endpoint port"; }
[ "$(basename "$(readlink "$ep/driver")")" = cxl_port ] ||
	{ dump; fail "endpoint port not bound"; }
n=$(ls -d "$ep"/decoder*.* 2>/dev/null | wc -l)
[ "$n" -eq 8 ] || { dump; fail "endpoint has $n decoders, not 8"; }
hb=$(ls -d $cxl/port* 2>/dev/null | head -n 1)
[ -n "$hb" ] || { dump; fail "no host bridge port"; }
n=$(ls -d "$hb"/decoder*.* 2>/dev/null | wc -l)
[ "$n" -eq 8 ] || { dump; fail "host bridge has $n decoders, not 8"; }

unload_mock || fail "unload"
[ -z "$(ls $cxl 2>/dev/null)" ] || { ls $cxl; fail "CXL devices left after unload"; }
exit 0
