#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs on the build host: the
# kernel build dependencies, QEMU (bookworm's, and what building trixie's
# needs), busybox for the guest and what building the project's ndctl
# (cxl, daxctl; build-ndctl.sh) needs. Does nothing when they are all
# present.
. "$(dirname "$0")/lib/common.sh"

PACKAGES=(
	# kernel build
	make gcc bc bison flex libelf-dev libssl-dev cpio xz-utils kmod perl
	python3 rsync patch
	# guest
	qemu-system-x86 busybox-static
	# ndctl 81 from trixie's source, with ndctl-patches/ (build-ndctl.sh):
	# apt-get source (dpkg-dev, below), meson and what its meson.build
	# requires with docs, systemd and tests off
	meson libkmod-dev libudev-dev uuid-dev libjson-c-dev libiniparser-dev
	libkeyutils-dev libtraceevent-dev libtracefs-dev
	# QEMU 10.0 built from trixie's source for its DCD (build-qemu.sh); the
	# firmware it loads is bookworm's (seabios, ipxe-qemu via
	# qemu-system-x86)
	dpkg-dev ninja-build pkgconf libglib2.0-dev libpixman-1-dev zlib1g-dev
	python3-venv seabios
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
		missing+=("$p")
done
((${#missing[@]})) || exit 0

[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
say "installing host packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_logged "apt-get update" "$CACHE/apt-update.log" apt-get update
run_logged "apt-get install" "$CACHE/apt-install.log" \
	apt-get install -y --no-install-recommends "${missing[@]}"
