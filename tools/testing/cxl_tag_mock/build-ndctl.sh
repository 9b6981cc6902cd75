#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the project's DCD-aware ndctl (cxl, daxctl, ndctl and their
# libraries) for the guest: Debian's ndctl source with the project's
# patches (ndctl-patches/series) applied, built with meson.
#
# Which ndctl: trixie's (81). Debian 13's version is fixed for the life of
# the release, so the patch series keeps applying, where sid's moves and
# its old versions leave the archive; 81 already knows RAM regions
# (create-region -t ram, region "type") and memdev QoS classes, which the
# DC additions sit next to; it builds with bookworm's meson and libraries.
# bookworm's 76.1 is older than all that. Only the upstream tarball is
# fetched (apt-get source --tar-only: apt checks it against the signed
# Sources index): the Debian packaging is not used, meson builds the
# upstream tree.
#
# Cached under $CACHE/ndctl: src/ndctl-VERSION (unpacked and patched),
# build/ (meson, prefix /usr) and install/ (its DESTDIR: usr/bin/cxl,
# usr/bin/daxctl, usr/bin/ndctl, usr/lib/libcxl.so.1, ...). The binaries
# and libraries carry an RPATH to install/usr/lib, so the patched
# libcxl/libdaxctl are the ones loaded, on the host and in the guest
# (build-initramfs.sh copies the libraries to the same path). Rebuilt from scratch only when the patches, the series or
# this script change (a hash stamp, as build-kernel.sh keeps for
# patches/series).
. "$(dirname "$0")/lib/common.sh"

NDCTL_SUITE=trixie
NDCTL_VERSION=81
NDIR=$CACHE/ndctl
PATCHES=$HARNESS/ndctl-patches
dest=$NDIR/install
prefix=$dest/usr
stamp=$dest/.cxl_tag_mock-ndctl

series_files() {
	[ -f "$PATCHES/series" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$PATCHES/series"
}
hash=$( {
	sha256sum "$0" | cut -d' ' -f1
	series_files | while read -r p; do
		echo "$p"
		sha256sum <"$PATCHES/$p"
	done
} | sha256sum | cut -d' ' -f1)

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] &&
	[ -x "$prefix/bin/cxl" ] && [ -x "$prefix/bin/daxctl" ]; then
	exit 0
fi

start=$SECONDS
src=$NDIR/src/ndctl-$NDCTL_VERSION
mkdir -p "$NDIR/dl"
tarball=$NDIR/dl/ndctl_$NDCTL_VERSION.orig.tar.gz
if [ ! -f "$tarball" ]; then
	private_apt ndctl deb-src "$NDCTL_SUITE"
	version=$(apt-cache "${APT_OPTS[@]}" showsrc ndctl 2>/dev/null |
		awk '/^Version:/ && !v { v = $2 } END { print v }')
	case "$version" in
	"$NDCTL_VERSION"-*) ;;
	*) die "no ndctl $NDCTL_VERSION source in $NDCTL_SUITE (found '${version:-nothing}')" ;;
	esac
	(cd "$NDIR/dl" && run_logged "apt-get source ndctl" "$NDIR/download.log" \
		apt-get "${APT_OPTS[@]}" source --download-only --tar-only "ndctl=$version")
	[ -f "$tarball" ] || die "apt-get source left no $(basename "$tarball")"
fi

say "building ndctl $NDCTL_VERSION with ndctl-patches/ in $NDIR"
rm -rf "$NDIR/src" "$NDIR/build" "$dest"
mkdir -p "$NDIR/src"
tar -xzf "$tarball" -C "$NDIR/src"
[ -f "$src/meson.build" ] || die "$(basename "$tarball") did not unpack to $src"
while read -r p; do
	patch -d "$src" -p1 -f -s --no-backup-if-mismatch <"$PATCHES/$p" ||
		die "ndctl-patches/$p does not apply to ndctl $NDCTL_VERSION"
done < <(series_files)

# What the guest does not need is off: docs, systemd units, the test
# suite, bash completion. keyutils and libtracefs stay: ndctl 81 does not
# build without them (ndctl/dimm.c, cxl/json.c).
meson_opts=(
	--prefix=/usr --libdir=lib -Drootlibdir=/usr/lib
	--buildtype=debugoptimized
	-Ddocs=disabled -Dasciidoctor=disabled -Dsystemd=disabled
	-Dtest=disabled -Ddestructive=disabled -Dbashcompletiondir=no
	-Dversion-tag="$NDCTL_VERSION+cxl_tag_mock"
	-Dc_link_args="-Wl,--disable-new-dtags,-rpath,$prefix/lib"
)
run_logged "meson setup" "$NDIR/configure.log" \
	meson setup "${meson_opts[@]}" "$NDIR/build" "$src"
run_logged "ndctl build" "$NDIR/build.log" \
	env DESTDIR="$dest" nice -n 19 ninja -C "$NDIR/build" -j"$JOBS" install
for b in cxl daxctl ndctl; do
	[ -x "$prefix/bin/$b" ] || die "the ndctl build left no $prefix/bin/$b"
	# The patched libraries, not the system's.
	libs=$(ldd "$prefix/bin/$b")
	grep -q "=> $prefix/lib/" <<<"$libs" ||
		die "$prefix/bin/$b does not load its libraries from $prefix/lib"
done
"$prefix/bin/cxl" version >/dev/null || die "the built cxl does not run"
echo "$hash" >"$stamp"
say "ndctl built in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
