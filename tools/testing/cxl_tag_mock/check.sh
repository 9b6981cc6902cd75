#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: build what is missing, run the host-side checks, every KUnit
# suite and every guest test, then the QEMU DCD scenarios (the test kernel
# against QEMU's own Dynamic Capacity Device, run-qemu-dcd.sh), and print
# TAP closing with "N passed, N failed" as the last line. Exits non-zero
# on any failure.
. "$(dirname "$0")/lib/common.sh"

"$HARNESS/prepare.sh"
# With CTM_FILTER, the QEMU DCD guest boots only when the filter selects
# one of its scenarios (named "qemu-dcd: NAME").
qemu_dcd_selected() {
	local t name
	[ -n "${CTM_FILTER:-}" ] || return 0
	for t in "$HARNESS"/qemu-dcd/tests/*.sh; do
		name=$(basename "$t" .sh)
		echo "qemu-dcd: ${name#[0-9][0-9]_}" | grep -q -- "$CTM_FILTER" && return 0
	done
	return 1
}

# The QEMU DCD guest boots next to the main guests, not after them: the
# machine's two cores are then busy to the end, where after the main
# guests one core would otherwise run it alone for minutes. Lint runs next
# to them too (while the guests boot, and where a guest waits). Their
# lines are printed after the guests', and a failure of either to run
# fails the check as before.
dcd_out=$GUEST/qemu-dcd.protocol
lint_out=$GUEST/lint.protocol
{
	mkdir -p "$GUEST"
	"$HARNESS/lint.sh" >"$lint_out" &
	lint=$!
	dcd=
	if qemu_dcd_selected; then
		"$HARNESS/run-qemu-dcd.sh" >"$dcd_out" &
		dcd=$!
	fi
	guest_rc=0
	"$HARNESS/run-guest.sh" check || guest_rc=$?
	rc=0
	wait "$lint" || rc=$?
	cat "$lint_out"
	if [ -n "$dcd" ]; then
		wait "$dcd" || rc=$?
		cat "$dcd_out"
	fi
	[ "$guest_rc" = 0 ] || exit "$guest_rc"
	[ "$rc" = 0 ] || exit "$rc"
} | "${AWK_LINES[@]}" -v header=1 -f "$HARNESS/lib/tap.awk"
