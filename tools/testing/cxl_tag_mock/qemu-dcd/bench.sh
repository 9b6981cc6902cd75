#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the QEMU DCD part of make bench (run-qemu-dcd.sh bench;
# the probe scenario made the region first). Prints "BENCH <name> <value>"
# and "SAMPLE <op> <live extents> <ns>" lines, named qemu_*, for
# lib/bench-report.py, which sets them beside the mock's:
# - add -> accepted: from the QMP request leaving the guest
#   (cxl-add-dynamic-capacity, one 2 MiB extent) to the host listing the
#   extent (extentN.M). The request travels over a serial port to the
#   host's bridge and QMP; the record comes back by the DC interrupt.
# - release -> released: the same for cxl-release-dynamic-capacity.
# - sequential write and read bandwidth through a DAX mapping of one
#   64 MiB QEMU extent, and of anonymous memory, in this guest.
. "$QD/lib.sh"

SAMPLES=${CTM_BENCH_SAMPLES:-30}
die() { echo "BENCH error qemu: $*"; exit 1; }
[ -n "${QD_REGION:-}" ] || die "no region (the probe scenario failed)"
r=$QD_REGION
RD=$(dc_dax_dir "$r")

k=0
while [ $k -lt $SAMPLES ]; do
	off=$(((k % 64) * QD_BLOCK))
	t0=$(ctm-bench now)
	qd_add "" $off:$QD_BLOCK || die "add: $QMP_REPLY"
	ns=$(ctm-bench since "$t0" "$RD" 1) || die "extent $off not accepted"
	echo "SAMPLE qemu_add 0 $ns"
	t0=$(ctm-bench now)
	qd_release $off:$QD_BLOCK || die "release: $QMP_REPLY"
	ns=$(ctm-bench since "$t0" "$RD" 0) || die "extent $off not released"
	echo "SAMPLE qemu_release 0 $ns"
	k=$((k + 1))
done

BW=0x4000000
qd_add "" 0:$BW || die "add the bandwidth extent: $QMP_REPLY"
qd_wait_count 30 "$r" 1 >&2 || die "bandwidth extent not accepted"
dax=$(dc_claim "$r" 0) || die "claim the bandwidth extent"
set -- $(ctm-bench bw /dev/$dax $BW 5) || die "dax bandwidth"
echo "BENCH qemu_dax_write_mibs $1"
echo "BENCH qemu_dax_read_mibs $2"
set -- $(ctm-bench bw anon $BW 5) || die "anon bandwidth"
echo "BENCH qemu_anon_write_mibs $1"
echo "BENCH qemu_anon_read_mibs $2"
dc_unclaim "$r" "$dax" || die "unclaim $dax"
qd_release 0:$BW || die "release the bandwidth extent: $QMP_REPLY"
qd_wait_count 30 "$r" 0 >&2 || die "bandwidth extent not released"
exit 0
