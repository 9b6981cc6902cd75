#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest's initramfs: busybox, the project's DCD-aware cxl, daxctl
# and ndctl (build-ndctl.sh) with the shared libraries they load, the
# kernel's modules, the guest runner and the project's guest tests. Cheap
# enough to redo on every run.
. "$(dirname "$0")/lib/common.sh"

stage=$GUEST/root
out=$GUEST/initramfs.cpio.gz
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,mnt}

cp /bin/busybox "$stage/bin/busybox"

# Dynamic user space: each binary (at DEST, by default its own path) with
# every library ldd names, at the same path, so the guest's loader finds
# them as the host's does.
copy_with_libs() {
	local bin=$1 dest=${2:-$1} lib
	install -D -m 0755 "$bin" "$stage$dest"
	ldd "$bin" | awk '/=>/ { print $3 } /^[[:space:]]*\// { print $1 }' |
		while read -r lib; do
			[ -e "$stage$lib" ] || install -D -m 0755 "$lib" "$stage$lib"
		done
}
# The patched tools; their RPATH names the patched libcxl and libdaxctl
# under $CACHE/ndctl/install/usr/lib, which land at that path here too.
# That path may be hidden in the guest (a cache under /tmp is under the
# guest's tmpfs /tmp), so the libraries also go to /usr/lib, where the
# loader looks next; no other libcxl is in the guest.
ndctl_bin=$CACHE/ndctl/install/usr/bin
for b in cxl daxctl ndctl; do
	[ -x "$ndctl_bin/$b" ] || die "no $ndctl_bin/$b: run build-ndctl.sh (make check does)"
	copy_with_libs "$ndctl_bin/$b" "/usr/bin/$b"
done
for lib in "$CACHE"/ndctl/install/usr/lib/lib*.so.[0-9]; do
	install -D -m 0755 "$(readlink -f "$lib")" "$stage/usr/lib/$(basename "$lib")"
done
# libkmod and friends read these, their absence is fine but noisy.
mkdir -p "$stage/etc/modprobe.d" "$stage/lib/modprobe.d"

make -s -C "$KSRC" O="$KBUILD" INSTALL_MOD_PATH="$stage" INSTALL_MOD_STRIP=1 \
	modules_install >"$GUEST/modules_install.log" 2>&1 ||
	{ cat "$GUEST/modules_install.log" >&2; die "modules_install failed"; }

# Helpers the tests run, static so they need nothing from the guest.
for c in "$HARNESS"/helpers/*.c; do
	gcc -static -O2 -Wall -Wextra -Werror -o "$stage/usr/bin/$(basename "$c" .c)" "$c" ||
		die "building $(basename "$c") failed"
done

dest=$stage/usr/share/cxl_tag_mock
mkdir -p "$dest"
cp -r "$HARNESS/guest/." "$dest/"
cp -r "$HARNESS/tests" "$dest/tests"
mv "$dest/init" "$stage/init"
chmod +x "$stage/init"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
