#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build QEMU 10.0 from Debian trixie's source package, only the x86_64
# system emulator, for the QEMU DCD guest run (run-qemu-dcd.sh): bookworm's
# own QEMU (7.2) has no Dynamic Capacity in its cxl-type3 device.
#
# The source comes through a private deb-src list (private_apt), like the
# kernel. The +ds tarball carries no meson wheel and bookworm's meson is
# too old for QEMU 10, so trixie's meson (Architecture: all, pure Python)
# is unpacked next to the build and put on PYTHONPATH, where QEMU's
# configure finds it before looking for a wheel. The firmware QEMU loads
# (SeaBIOS, option ROMs) is bookworm's, through --firmwarepath: the +ds
# source has none.
#
# The result, $CACHE/qemu/install/bin, is rebuilt only when the configure
# options or BUILD_REV change or when
# trixie's qemu version does (looked up at most once a week, so a check
# run needs no network otherwise). CTM_QEMU_LOCK names a lock file taken
# for the compile step only, for runs that are not already under the
# shared heavy lock.
. "$(dirname "$0")/lib/common.sh"

QEMU_SUITE=trixie
QEMU_SERIES=10.0
QDIR=$CACHE/qemu
stamp=$QDIR/install/.cxl_tag_mock-qemu
# Everything optional off (--without-default-features), the default
# devices on: cxl-type3 and the CXL host bridge come with them.
configure=(
	"$QDIR/src/qemu/configure"
	--prefix="$QDIR/install"
	--target-list=x86_64-softmmu
	--without-default-features
	--disable-docs --disable-werror --disable-download
	--disable-install-blobs
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu
)
# The build is keyed by these options and by how the steps below use them
# (BUILD_REV, raised when they change), not by this file's text.
BUILD_REV=1
script_hash=$(echo "$BUILD_REV ${configure[*]}" | sha256sum | cut -d' ' -f1)

lookup_version() {
	private_apt qemu deb-src "$QEMU_SUITE"
	version=$(apt-cache "${APT_OPTS[@]}" showsrc qemu 2>/dev/null |
		awk '/^Version:/ { print $2; exit }')
	case "$version" in
	*:"$QEMU_SERIES".*) ;;
	*) die "no qemu $QEMU_SERIES.x source in $QEMU_SUITE (found '${version:-nothing}')" ;;
	esac
}

if [ -f "$stamp" ] && [ "$(sed -n 2p "$stamp")" = "$script_hash" ]; then
	# Up to date for this script; ask for a newer trixie version weekly.
	[ -n "$(find "$stamp" -mtime -7)" ] && exit 0
	# A failed look-up keeps the build: it is only a week old check.
	if ! latest=$( (lookup_version && echo "$version") 2>/dev/null); then
		say "could not look up trixie's qemu version, keeping QEMU $(head -n 1 "$stamp")"
		exit 0
	fi
	if [ "$latest" = "$(head -n 1 "$stamp")" ]; then
		touch "$stamp"
		exit 0
	fi
	say "trixie has qemu $latest (built: $(head -n 1 "$stamp")), rebuilding"
fi

start=$SECONDS
lookup_version
say "building QEMU $version (x86_64 system emulator only) in $QDIR"
rm -rf "$QDIR/src" "$QDIR/build" "$QDIR/install" "$QDIR/meson"
mkdir -p "$QDIR/src" "$QDIR/build" "$QDIR/meson"

(cd "$QDIR/src" && run_logged "apt-get source qemu" "$QDIR/download.log" \
	apt-get "${APT_OPTS[@]}" source --download-only "qemu=$version")
dsc=$(ls "$QDIR"/src/qemu_*.dsc)
# apt verified every file against the signed Release; the .dsc signature
# would need debian-keyring, which adds nothing to that.
run_logged "dpkg-source -x" "$QDIR/unpack.log" \
	dpkg-source --no-check -x "$dsc" "$QDIR/src/qemu"

private_apt qemubin deb "$QEMU_SUITE"
(cd "$QDIR/meson" && run_logged "apt-get download meson" "$QDIR/meson.log" \
	apt-get "${APT_OPTS[@]}" download meson)
dpkg-deb -x "$QDIR"/meson/meson_*_all.deb "$QDIR/meson/root"
export PYTHONPATH=$QDIR/meson/root/usr/lib/python3/dist-packages
python3 -c 'import mesonbuild' 2>/dev/null || die "trixie's meson did not unpack"

(cd "$QDIR/build" && run_logged "QEMU configure" "$QDIR/configure.log" "${configure[@]}")

qemu_progress() {
	local line
	line=$(grep -o '^\[[0-9]*/[0-9]*\]' "$1" | tail -n 1)
	[ -z "$line" ] || printf ', %s' "$line"
}
build() {
	if [ -n "${CTM_QEMU_LOCK:-}" ]; then
		flock "$CTM_QEMU_LOCK" nice -n 19 make -C "$QDIR/build" -j"$JOBS" install
	else
		nice -n 19 make -C "$QDIR/build" -j"$JOBS" install
	fi
}
PROGRESS_FN=qemu_progress run_logged "QEMU build" "$QDIR/build.log" build
[ -x "$QDIR/install/bin/qemu-system-x86_64" ] || die "the QEMU build left no qemu-system-x86_64"
"$QDIR/install/bin/qemu-system-x86_64" -device cxl-type3,help 2>/dev/null |
	grep -q num-dc-regions || die "the built QEMU's cxl-type3 has no Dynamic Capacity"
# The sources and objects are not needed again; the binary is.
rm -rf "$QDIR/src" "$QDIR/build"
printf '%s\n%s\n' "$version" "$script_hash" >"$stamp"
say "QEMU $version built in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
