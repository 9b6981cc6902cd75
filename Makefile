# SPDX-License-Identifier: GPL-2.0
#
# cxl_tag_mock: the two commands a user needs, and the steps behind them.
# The kernel side (Kconfig, drivers/, include/) is built inside Debian's
# linux-source-7.3 by tools/testing/cxl_tag_mock/build-kernel.sh, which
# links these files into the kernel tree at their kernel paths.

SHELL := /bin/bash
HARNESS := tools/testing/cxl_tag_mock

.PHONY: check demo bench kernel ndctl initramfs clean distclean

# Build what is missing, run every KUnit suite and guest test, print TAP and
# "N passed, N failed".
check:
	@$(HARNESS)/check.sh

# Build what is missing, boot the guest, load cxl_tag_mock and show what it
# registered.
demo:
	@$(HARNESS)/demo.sh

# Build what is missing, boot a guest with more media and measure: latencies
# with 10, 100 and 1000 live extents, a batch of 1000, kernel memory per
# extent and per backend, DAX bandwidth against anonymous memory. Prints a
# table; the JSON goes to the cache (see the last line).
bench:
	@$(HARNESS)/bench.sh

kernel:
	@$(HARNESS)/setup-host.sh
	@$(HARNESS)/fetch-kernel.sh
	@$(HARNESS)/build-kernel.sh

# cxl-cli, daxctl and ndctl from Debian's ndctl source with the project's
# ndctl-patches/, for the guest.
ndctl:
	@$(HARNESS)/setup-host.sh
	@$(HARNESS)/build-ndctl.sh

initramfs: kernel ndctl
	@$(HARNESS)/build-initramfs.sh

# Drop the kernel build and guest files; keep the downloaded source.
clean:
	@. $(HARNESS)/lib/common.sh && rm -rf "$$KBUILD" "$$GUEST"

# Drop everything the harness cached.
distclean:
	@. $(HARNESS)/lib/common.sh && rm -rf "$$CACHE"
