#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's linux-source-7.3 from trixie-backports and unpack it into
# $KSRC_PRISTINE, through a private sources list (private_apt).
. "$(dirname "$0")/lib/common.sh"

stamp=$KSRC_PRISTINE/.cxl_tag_mock-source
[ -f "$stamp" ] && exit 0

mkdir -p "$CACHE/debs"
say "looking up linux-source-$KERNEL_SERIES in $KERNEL_SUITE"
private_apt kernel deb "$KERNEL_SUITE"
version=$(apt-cache "${APT_OPTS[@]}" madison "linux-source-$KERNEL_SERIES" 2>/dev/null |
	awk -v s="$KERNEL_SUITE" '$0 ~ s { print $3; exit }')
case "$version" in
"$KERNEL_SERIES".*) ;;
*) die "no linux-source-$KERNEL_SERIES (7.3.x) in $KERNEL_SUITE (found '${version:-nothing}')" ;;
esac

say "downloading linux-source-$KERNEL_SERIES $version"
(cd "$CACHE/debs" && run_logged "apt-get download" "$CACHE/apt/kernel/download.log" \
	apt-get "${APT_OPTS[@]}" download "linux-source-$KERNEL_SERIES=$version")
deb=$CACHE/debs/linux-source-${KERNEL_SERIES}_${version}_all.deb
[ -f "$deb" ] || die "apt-get download left no $deb"

say "unpacking $(basename "$deb")"
rm -rf "$KSRC_PRISTINE" "$KSRC_PRISTINE.tmp"
mkdir -p "$KSRC_PRISTINE.tmp"
unpack() {
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/linux-source-$KERNEL_SERIES.tar.xz" |
		tar -xJ -C "$KSRC_PRISTINE.tmp" --strip-components=1
}
run_logged "unpack" "$CACHE/unpack.log" unpack
echo "$version" >"$KSRC_PRISTINE.tmp/.cxl_tag_mock-source"
mv "$KSRC_PRISTINE.tmp" "$KSRC_PRISTINE"
