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

# Build what is missing, including the non-debug bench kernel (only this
# target builds it), boot it with more media and measure: latencies with
# 10, 100 and 1000 live extents and of 1 GiB extents, a batch of 1000,
# releasing 1000 tags, kernel memory per extent and per backend, media per
# tagged byte, DAX bandwidth against anonymous memory; then the same on the
# debug kernel (CTM_BENCH_DEBUG=0 skips it) and against QEMU's DCD. Prints
# a table against issue 11's targets; the JSON goes to the cache.
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

# Drop the kernel builds and guest files; keep the downloaded source.
clean:
	@. $(HARNESS)/lib/common.sh && rm -rf "$$KBUILD" "$$GUEST"
	@CTM_KERNEL=bench && . $(HARNESS)/lib/common.sh && rm -rf "$$KBUILD" "$$GUEST"

# Drop everything the harness cached.
distclean:
	@. $(HARNESS)/lib/common.sh && rm -rf "$$CACHE"
