#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build what is missing, boot a guest with 5 GiB of media, run
# guest/bench.sh, then boot the QEMU DCD guest and run qemu-dcd/bench.sh
# (the same operations against QEMU's device), and report the numbers side
# by side as a table and as JSON
# ($CACHE/bench/results.json). Nothing here passes or fails on a number.
. "$(dirname "$0")/lib/common.sh"

"$HARNESS/prepare.sh"
out=$CACHE/bench
mkdir -p "$out"
GUEST_RAM_MB=7168 GUEST_TIMEOUT=${GUEST_TIMEOUT:-3600} \
	"$HARNESS/run-guest.sh" bench | tee "$out/raw.log" | grep -v '^SAMPLE ' >&2
# The same measurements against QEMU's own DCD, as the independent peer,
# in the same run: latencies over QMP and DAX bandwidth of a QEMU extent.
"$HARNESS/run-qemu-dcd.sh" bench | tee -a "$out/raw.log" | grep -v '^SAMPLE ' >&2
python3 "$HARNESS/lib/bench-report.py" "$out/raw.log" "$out/results.json"
