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

# Unpacking needs about 1.6 GiB; say so plainly rather than let tar fail
# half way through.
need_kb=$((2 * 1024 * 1024))
free_kb=$(df -Pk "$CACHE" | awk 'NR == 2 { print $4 }')
((free_kb >= need_kb)) ||
	die "unpacking the kernel source needs 2 GiB free in $CACHE, $((free_kb / 1024)) MiB left"

# One unpack at a time: a second harness run (make demo next to make check)
# deleting the first one's directory is one way an unpack loses files.
exec 9>"$CACHE/fetch.lock"
flock 9
[ -f "$stamp" ] && exit 0

# Unpack into a directory of this run's own, list what tar extracted, and
# accept the tree only when tar succeeded and every member it named is
# there: a tree that lost files would build a kernel that fails later, far
# from the cause.
unpack() {
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/linux-source-$KERNEL_SERIES.tar.xz" |
		tar -xvJ -C "$1" --strip-components=1 >"$1.members"
}
verify() {
	local dir=$1 missing
	missing=$(sed -e 's|^[^/]*/||' -e '/^$/d' "$dir.members" |
		while IFS= read -r f; do [ -e "$dir/$f" ] || [ -L "$dir/$f" ] || echo "$f"; done |
		head -n 5)
	if [ -n "$missing" ]; then
		echo "members missing after unpacking: $(echo "$missing" | tr '\n' ' ')"
		return 1
	fi
	for f in Makefile arch/x86/Kconfig drivers/cxl/core/mbox.c drivers/dax/bus.c; do
		[ -f "$dir/$f" ] || { echo "$f missing after unpacking"; return 1; }
	done
}
for try in 1 2; do
	say "unpacking $(basename "$deb")$( ((try == 1)) || echo ' (second try)')"
	tmp=$(mktemp -d "$KSRC_PRISTINE.tmp.XXXXXX")
	why=
	if ! (run_logged "unpack" "$CACHE/unpack.log" unpack "$tmp"); then
		why="tar failed: $(grep -m 3 'tar:' "$CACHE/unpack.log" | tr '\n' ' ')"
	elif ! why=$(verify "$tmp"); then
		:
	fi
	if [ -z "$why" ]; then
		rm -f "$tmp.members"
		echo "$version" >"$tmp/.cxl_tag_mock-source"
		rm -rf "$KSRC_PRISTINE"
		mv "$tmp" "$KSRC_PRISTINE"
		exit 0
	fi
	rm -rf "$tmp" "$tmp.members"
	say "the unpacked kernel source is incomplete: $why"
	[ "$try" = 1 ] && say "unpacking once more"
done
die "unpacking $(basename "$deb") failed twice; see $CACHE/unpack.log"
