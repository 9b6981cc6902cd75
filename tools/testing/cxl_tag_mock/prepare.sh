#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything a guest run needs, each step skipped or incremental when its
# inputs did not change: host packages, the Debian kernel source, the
# patched and configured kernel with the project's modules, the patched
# ndctl (cxl, daxctl) for the guest, the initramfs, and QEMU 10.0 for the
# QEMU DCD run (built once, then cached).
. "$(dirname "$0")/lib/common.sh"

mkdir -p "$CACHE"
"$HARNESS/setup-host.sh"
"$HARNESS/fetch-kernel.sh"
"$HARNESS/build-sparse.sh"
"$HARNESS/build-kernel.sh"
"$HARNESS/build-ndctl.sh"
"$HARNESS/build-initramfs.sh"
"$HARNESS/build-qemu.sh"
