#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build what is missing, then
#  1. build the non-debug "bench" kernel (CTM_KERNEL=bench: kernel.config
#     without its debug options, in its own output directory; nothing else
#     builds it) and its initramfs, boot it with 5 GiB of media and run
#     guest/bench.sh: the product's figures;
#  2. unless CTM_BENCH_DEBUG=0, run guest/bench.sh again on the debug kernel
#     of make check, then boot the QEMU DCD guest on that kernel and run
#     qemu-dcd/bench.sh (the same operations against QEMU's device): the
#     second column;
#  3. report the two side by side, against issue 11's targets, as a table
#     and as JSON ($CACHE/bench/results.json).
# Nothing here passes or fails on a number.
. "$(dirname "$0")/lib/common.sh"

"$HARNESS/prepare.sh"
CTM_KERNEL=bench "$HARNESS/build-kernel.sh"
CTM_KERNEL=bench "$HARNESS/build-initramfs.sh"
out=$CACHE/bench
mkdir -p "$out"
rm -f "$out/raw-debug.log"
say "the benchmark on the non-debug kernel"
CTM_KERNEL=bench GUEST_RAM_MB=7168 GUEST_TIMEOUT=${GUEST_TIMEOUT:-3600} \
	"$HARNESS/run-guest.sh" bench | tee "$out/raw.log" | grep -v '^SAMPLE ' >&2
debug=()
if [ "${CTM_BENCH_DEBUG:-1}" != 0 ]; then
	say "the benchmark on the debug kernel"
	GUEST_RAM_MB=7168 GUEST_TIMEOUT=${GUEST_TIMEOUT:-3600} \
		"$HARNESS/run-guest.sh" bench | tee "$out/raw-debug.log" | grep -v '^SAMPLE ' >&2
	# The same measurements against QEMU's own DCD, as the independent
	# peer: latencies over QMP and DAX bandwidth of a QEMU extent.
	"$HARNESS/run-qemu-dcd.sh" bench | tee -a "$out/raw-debug.log" | grep -v '^SAMPLE ' >&2
	debug=("$out/raw-debug.log")
fi
python3 "$HARNESS/lib/bench-report.py" "$out/raw.log" "$out/results.json" "${debug[@]}"
