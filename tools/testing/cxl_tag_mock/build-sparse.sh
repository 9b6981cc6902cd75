#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's C=1/C=2 checks need a sparse that knows __typeof_unqual__;
# bookworm's 0.6.4 does not (scripts/checker-valid.sh rejects it). Build the
# sparse source package from sid, which does, into $CACHE/tools/bin/sparse.
. "$(dirname "$0")/lib/common.sh"

SPARSE=$CACHE/tools/bin/sparse
[ -x "$SPARSE" ] && exit 0

say "building sparse from Debian sid's source package"
private_apt sid-src deb-src sid
work=$CACHE/tools/src
rm -rf "$work"
mkdir -p "$work" "$(dirname "$SPARSE")"
(cd "$work" && run_logged "apt-get source sparse" "$work/source.log" \
	apt-get "${APT_OPTS[@]}" source --download-only sparse)
orig=$(ls "$work"/sparse_*.orig.tar.* | head -n 1)
tar -xf "$orig" -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'sparse*' | head -n 1)
run_logged "sparse build" "$work/build.log" \
	make -C "$src" -j"$JOBS" sparse HAVE_LLVM=no HAVE_SQLITE=no HAVE_GTK=no HAVE_LIBXML=no
"$KSRC_PRISTINE/scripts/checker-valid.sh" "$src/sparse" -m64 --arch=x86_64 | grep -qx 1 ||
	die "sid's sparse ($(basename "$orig")) is not accepted by the kernel's checker-valid.sh"
install -m 0755 "$src/sparse" "$SPARSE"
