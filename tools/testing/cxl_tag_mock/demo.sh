#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build what is missing, boot the guest and narrate the demo
# (guest/demo.sh); the guest's own health checks close the output.
. "$(dirname "$0")/lib/common.sh"

"$HARNESS/prepare.sh"
"$HARNESS/run-guest.sh" demo | "${AWK_LINES[@]}" -f "$HARNESS/lib/tap.awk"
