#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's linux-source-7.3 from trixie-backports and unpack it into
# $KSRC_PRISTINE. The package comes from the mirror this machine's own apt
# configuration names, through a private sources list and private state
# directories: the system's apt configuration is never touched.
. "$(dirname "$0")/lib/common.sh"

stamp=$KSRC_PRISTINE/.cxl_tag_mock-source
[ -f "$stamp" ] && exit 0

apt_dir=$CACHE/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$CACHE/debs"

# The URI of the main Debian archive, as apt itself resolves it: the entry
# whose suite has no "-updates"/"-security" suffix.
uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
	awk '$2 !~ /-/ && $1 !~ /security/ { print $1; exit }')
[ -n "$uri" ] || die "no Debian archive URI in this machine's apt configuration"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] $uri $KERNEL_SUITE main" >"$apt_dir/sources.list"
apt_opts=(
	-o "Dir::Etc::sourcelist=$apt_dir/sources.list"
	-o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::Cache=$apt_dir/cache"
	-o "APT::Sandbox::User=root"
)

say "looking up linux-source-$KERNEL_SERIES in $KERNEL_SUITE"
run_logged "apt-get update ($KERNEL_SUITE)" "$apt_dir/update.log" \
	apt-get "${apt_opts[@]}" update
version=$(apt-cache "${apt_opts[@]}" madison "linux-source-$KERNEL_SERIES" 2>/dev/null |
	awk -v s="$KERNEL_SUITE" '$0 ~ s { print $3; exit }')
case "$version" in
"$KERNEL_SERIES".*) ;;
*) die "no linux-source-$KERNEL_SERIES (7.3.x) in $KERNEL_SUITE (found '${version:-nothing}')" ;;
esac

say "downloading linux-source-$KERNEL_SERIES $version"
(cd "$CACHE/debs" && run_logged "apt-get download" "$apt_dir/download.log" \
	apt-get "${apt_opts[@]}" download "linux-source-$KERNEL_SERIES=$version")
deb=$(ls -t "$CACHE"/debs/linux-source-"$KERNEL_SERIES"_*.deb | head -n 1)

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
