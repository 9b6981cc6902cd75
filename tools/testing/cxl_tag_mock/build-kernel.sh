#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bring the kernel working tree up to date with the project and build it:
#  1. $KSRC is a copy of the pristine Debian source with patches/series
#     applied; when the series changes, the files the old series touched are
#     restored from the pristine tree first.
#  2. The project's own files are symlinked into $KSRC at their kernel paths
#     (drivers/**, include/**; the top-level Kconfig becomes
#     drivers/cxl/tag_mock/Kconfig). A project file never replaces a kernel
#     file: edits to kernel files are patches.
#  3. .config is allnoconfig plus kernel.config, and every line of the
#     fragment must survive olddefconfig.
#  4. make, which rebuilds only what changed.
# With CTM_KERNEL=bench (make bench), the fragment is kernel.config with
# the options of BENCH_CONFIG_OFF (lib/common.sh) turned off, written to
# $KBUILD/kernel.config, and the build goes to its own $KBUILD.
. "$(dirname "$0")/lib/common.sh"

fragment=$HARNESS/kernel.config
if [ "$CTM_KERNEL" = bench ]; then
	mkdir -p "$KBUILD"
	for sym in $BENCH_CONFIG_OFF; do
		grep -qE "^(# )?CONFIG_${sym}[= ]" "$fragment" ||
			die "BENCH_CONFIG_OFF names $sym, which kernel.config does not set"
	done
	# Every line of kernel.config but those naming an option of the
	# list, which are replaced by "is not set" at the end.
	awk -v off="$BENCH_CONFIG_OFF" '
		BEGIN { n = split(off, a, /[[:space:]]+/)
			for (i = 1; i <= n; i++) if (a[i] != "") o["CONFIG_" a[i]] = 1 }
		{ sym = $0; sub(/^# /, "", sym); sub(/[= ].*/, "", sym) }
		sym in o { next }
		{ print }
		END { print ""; print "# make bench: the debug-only options, off"
		      for (i = 1; i <= n; i++) if (a[i] != "") print "# CONFIG_" a[i] " is not set" }
	' "$fragment" >"$KBUILD/kernel.config.new"
	mv "$KBUILD/kernel.config.new" "$KBUILD/kernel.config"
	fragment=$KBUILD/kernel.config
fi
# Files a full build of kernel.config compiles (measured), for progress.
FULL_BUILD_FILES=1250
applied=$KSRC/.cxl_tag_mock-applied
links=$KSRC/.cxl_tag_mock-links

if [ ! -d "$KSRC" ]; then
	say "copying the pristine kernel source to the working tree"
	rm -rf "$KSRC.tmp"
	cp -a "$KSRC_PRISTINE" "$KSRC.tmp"
	mv "$KSRC.tmp" "$KSRC"
fi

# --- 1. patches ------------------------------------------------------------
series_files() {
	[ -f "$REPO/patches/series" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$REPO/patches/series"
}
series_hash=$(cd "$REPO/patches" && series_files | while read -r p; do
	sha256sum "$p"
done | sha256sum | cut -d' ' -f1)

if [ "$(head -n 1 "$applied" 2>/dev/null)" != "$series_hash" ]; then
	# Undo the previous series by restoring what it touched. A plain cp
	# gives the file a new mtime, so make rebuilds what depends on it.
	if [ -f "$applied" ]; then
		tail -n +2 "$applied" | while read -r f; do
			if [ -e "$KSRC_PRISTINE/$f" ]; then
				cp "$KSRC_PRISTINE/$f" "$KSRC/$f"
			else
				rm -f "$KSRC/$f"
			fi
		done
	fi
	# Record what the new series touches before applying it, so that a
	# series that fails half way is undone on the next run.
	{
		echo incomplete
		series_files | while read -r p; do
			sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$REPO/patches/$p"
		done | sort -u
	} >"$applied.new"
	mv "$applied.new" "$applied"
	while read -r p; do
		say "applying patches/$p"
		patch -d "$KSRC" -p1 -f -s --no-backup-if-mismatch <"$REPO/patches/$p" ||
			die "patches/$p does not apply to linux-source-$KERNEL_SERIES"
	done < <(series_files)
	sed -i "1s/.*/$series_hash/" "$applied"
fi

# --- 2. project files --------------------------------------------------------
declare -A want=()
while IFS= read -r f; do
	want[$f]=$REPO/$f
done < <(cd "$REPO" && find drivers include -type f ! -name '*~' ! -name '.*' 2>/dev/null)
want[drivers/cxl/tag_mock/Kconfig]=$REPO/Kconfig

if [ -f "$links" ]; then
	while read -r f; do
		[ -n "${want[$f]:-}" ] || { [ -L "$KSRC/$f" ] && rm -f "$KSRC/$f"; }
	done <"$links"
fi
for f in "${!want[@]}"; do
	dst=$KSRC/$f
	if [ -e "$dst" ] && [ ! -L "$dst" ]; then
		die "$f exists in the kernel source: change it with a patch in patches/"
	fi
	[ "$(readlink "$dst" 2>/dev/null)" = "${want[$f]}" ] && continue
	mkdir -p "$(dirname "$dst")"
	ln -sfn "${want[$f]}" "$dst"
done
printf '%s\n' "${!want[@]}" | sort >"$links"

# --- What the build is made of --------------------------------------------
# The project's files by content (wherever the checkout is), the series,
# the fragment, the kernel's version and this script. When they are what the last successful build was made
# of, and its image is there, configuring and walking the tree again
# (about 20 s of a core, next to nothing else on a warm make check) is
# skipped. When they differ, the project files whose content changed are
# made newer than anything built: a checkout's files can be older than
# the objects another checkout's versions of them were built into, and
# make compares times, not contents.
mkdir -p "$KBUILD"
built=$KBUILD/.cxl_tag_mock-built
manifest() {
	echo "series $series_hash"
	echo "fragment $(sha256sum <"$fragment" | cut -d' ' -f1)"
	echo "kernel $(sha256sum <"$KSRC_PRISTINE/Makefile" | cut -d' ' -f1)"
	echo "script $(sha256sum <"$0" | cut -d' ' -f1)"
	for f in "${!want[@]}"; do
		echo "$f $(sha256sum <"${want[$f]}" | cut -d' ' -f1)"
	done | sort
}
manifest >"$built.new"
if [ -f "$KBUILD/arch/x86/boot/bzImage" ] && cmp -s "$built.new" "$built"; then
	rm -f "$built.new"
	say "kernel and modules in $KBUILD are up to date (same sources as their last build)"
	exit 0
fi
if [ -f "$built" ]; then
	comm -13 <(sort "$built") <(sort "$built.new") | while read -r f _; do
		[ -z "${want[$f]:-}" ] || touch "${want[$f]}"
	done
fi
rm -f "$built"

# --- 3. configuration -------------------------------------------------------
make -s -C "$KSRC" O="$KBUILD" KCONFIG_CONFIG=.config.candidate \
	KCONFIG_ALLCONFIG="$fragment" allnoconfig >"$KBUILD/config.log" 2>&1 ||
	{ cat "$KBUILD/config.log" >&2; die "kernel configuration failed"; }
bad=0
while read -r line; do
	case "$line" in
	CONFIG_*)
		grep -qxF "$line" "$KBUILD/.config.candidate" ||
			{ echo "$fragment: '$line' did not survive olddefconfig" >&2; bad=1; }
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		! grep -q "^$sym=" "$KBUILD/.config.candidate" ||
			{ echo "$fragment: $sym is set but must be off" >&2; bad=1; }
		;;
	esac
done <"$fragment"
if [ "$CTM_KERNEL" = bench ]; then
	for sym in $BENCH_CONFIG_ABSENT; do
		! grep -q "^CONFIG_$sym=" "$KBUILD/.config.candidate" ||
			{ echo "bench kernel: CONFIG_$sym is set (selected by something)" >&2; bad=1; }
	done
fi
((bad == 0)) || die "the kernel configuration lost requested options (see above)"
if ! cmp -s "$KBUILD/.config.candidate" "$KBUILD/.config"; then
	mv "$KBUILD/.config.candidate" "$KBUILD/.config"
else
	rm -f "$KBUILD/.config.candidate"
fi

# --- 4. build ------------------------------------------------------------------
kbuild_progress() {
	local n total
	n=$(grep -c '^  CC' "$1" || true)
	total=$(cat "$KBUILD/.cxl_tag_mock-objects" 2>/dev/null || echo "$FULL_BUILD_FILES")
	if ((total > n)); then
		printf ', %d of about %d files compiled' "$n" "$total"
	else
		printf ', %d files compiled' "$n"
	fi
}
say "building the kernel and modules in $KBUILD (make -j$JOBS)"
PROGRESS_FN=kbuild_progress run_logged "kernel build" "$KBUILD/build.log" \
	make -C "$KSRC" O="$KBUILD" -j"$JOBS" bzImage modules
# Remember the largest number of files a build compiled: the next full
# build's progress is measured against it.
n=$(grep -c '^  CC' "$KBUILD/build.log" || true)
if ((n > $(cat "$KBUILD/.cxl_tag_mock-objects" 2>/dev/null || echo 0))); then
	echo "$n" >"$KBUILD/.cxl_tag_mock-objects"
fi
mv "$built.new" "$built"
