#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: build what is missing, run the host-side checks, every KUnit
# suite and every guest test, and print TAP closing with
# "N passed, N failed" as the last line. Exits non-zero on any failure.
. "$(dirname "$0")/lib/common.sh"

"$HARNESS/prepare.sh"
{
	"$HARNESS/lint.sh"
	"$HARNESS/run-guest.sh" check
} | awk -v header=1 -f "$HARNESS/lib/tap.awk"
