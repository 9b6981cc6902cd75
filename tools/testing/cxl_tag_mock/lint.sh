#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks, in the harness line protocol (lib/tap.awk):
#  - checkpatch.pl --strict on every project C file and every patch;
#  - a W=1 build with sparse (C=2) of every directory that holds project C
#    files; W=1 also runs kernel-doc on them. Only diagnostics that name a
#    project file count: the kernel's own files are not ours to fix.
# The W=1 build goes to its own output directory (MO=) so the test kernel's
# objects keep their flags; its verdict is cached by the sources' hash.
. "$(dirname "$0")/lib/common.sh"

cd "$REPO"
mapfile -t cfiles < <(find drivers include -name '*.[ch]' 2>/dev/null | sort)

checkpatch() {
	perl "$KSRC/scripts/checkpatch.pl" --strict --terse --show-types \
		--no-summary "$@" 2>&1
}

# A verdict depends on the file, on checkpatch.pl and the data files it
# reads, and for a patch on the tree it is checked against (the pristine
# source and the series): a pass is kept under the hash of all of them, so
# that a run of an unchanged tree does not spend a core-minute, next to the
# guests, on checking the same bytes again. Failures are never kept.
CK_CACHE=$CACHE/lint/checkpatch
mkdir -p "$CK_CACHE"
CK_KEY=$(cat "$KSRC/scripts/checkpatch.pl" "$KSRC/scripts/spelling.txt" \
	"$KSRC/scripts/const_structs.checkpatch" "$KSRC_PRISTINE/Makefile" "$0" |
	sha256sum | cut -d' ' -f1)
SERIES_KEY=$(cat patches/series patches/*.patch | sha256sum | cut -d' ' -f1)

# checkpatch_verdict NAME ARGS...: one verdict line for NAME (its last
# argument is the file, as seen from $REPO). Files are checked $JOBS at a
# time (checkpatch.pl is one process per file, and most of lint's time);
# the lines come out in the order of the files.
checkpatch_verdict() {
	local name=$1 out key
	shift
	key=$({
		echo "$name $CK_KEY"
		case "$name" in patches/*) echo "$SERIES_KEY" ;; esac
		cat "${@: -1}"
	} | sha256sum | cut -d' ' -f1)
	if [ -f "$CK_CACHE/$key" ]; then
		echo "TEST pass checkpatch --strict: $name"
	elif out=$(cd "$KSRC" && checkpatch "$@") && [ -z "$out" ]; then
		: >"$CK_CACHE/$key"
		echo "TEST pass checkpatch --strict: $name"
	else
		echo "TEST fail checkpatch --strict: $name"
		echo "$out" | head -n 20 | sed 's/^/# /'
	fi
}
verdicts=$(mktemp -d)
trap 'rm -rf "$verdicts"' EXIT
i=0
{
	for f in "${cfiles[@]}"; do
		echo "$f -f $f"
	done
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' patches/series |
		while read -r p; do echo "patches/$p $REPO/patches/$p"; done
} >"$verdicts/list"
while read -r name args; do
	# shellcheck disable=SC2086 # a flag and a path, no spaces
	checkpatch_verdict "$name" $args </dev/null >"$verdicts/$(printf %04d $i)" &
	i=$((i + 1))
	while (($(jobs -rp | wc -l) >= JOBS)); do
		wait -n
	done
done <"$verdicts/list"
wait
cat "$verdicts"/[0-9]*

# Each C file is built by the kbuild directory it belongs to: the nearest
# one with a Makefile (KUnit suites in tests/ build with their module).
kbuild_dir() {
	local d
	d=$(dirname "$1")
	while [ "$d" != . ] && [ ! -f "$KSRC/$d/Makefile" ]; do
		d=$(dirname "$d")
	done
	echo "$d"
}
mapfile -t dirs < <(for f in "${cfiles[@]}"; do
	case "$f" in *.c) kbuild_dir "$f" ;; esac
done | sort -u)
for d in "${dirs[@]}"; do
	# The include tree may not exist in a checkout with no headers.
	# Module.symvers: what the kernel build exports changes the verdict.
	key=$( (cat "$KBUILD/.config" "$KBUILD/Module.symvers" "$0" patches/*
		find "$d" $(ls -d include 2>/dev/null) -type f -print0 |
			sort -z | xargs -0 cat) | sha256sum | cut -d' ' -f1)
	out_dir=$CACHE/lint/$d
	verdict=$out_dir/verdict
	if [ "$(head -n 1 "$verdict" 2>/dev/null)" != "$key" ]; then
		rm -rf "$out_dir"
		mkdir -p "$out_dir"
		make -s -C "$KSRC" O="$KBUILD" M="$KSRC/$d" MO="$out_dir" \
			W=1 C=2 CHECK="$CACHE/tools/bin/sparse" -j"$JOBS" modules \
			>"$out_dir/build.log" 2>&1 ||
			echo "build failed" >>"$out_dir/build.log"
		{
			echo "$key"
			grep -E "build failed|is not available or not up to date" \
				"$out_dir/build.log" || true
			for f in "${cfiles[@]}"; do
				grep -E "(^|/)$f:[0-9]+(:[0-9]+)?: *(warning|error|Warning|Error)" \
					"$out_dir/build.log" || true
			done
		} >"$verdict"
	fi
	if [ "$(wc -l <"$verdict")" -le 1 ]; then
		echo "TEST pass W=1 and sparse: $d"
	else
		echo "TEST fail W=1 and sparse: $d"
		tail -n +2 "$verdict" | head -n 20 | sed 's/^/# /'
	fi
done

# kernel-doc -Wall on every header the patches touch: W=1 runs kernel-doc
# on the project's own files only, and a patch can break a comment it
# does not touch (one put a struct between another struct and its
# comment). What the pristine header already reports is not ours.
kdoc() {	# TREE HEADER: its diagnostics, without line numbers
	perl "$KSRC/scripts/kernel-doc" -Wall -none "$1/$2" 2>&1 |
		sed -e "s|$1/||g" -e 's/:[0-9][0-9]*//g' -e 's/ on pos [0-9]*//g' | sort
}
while read -r h; do
	[ -e "$KSRC/$h" ] || continue
	if [ -e "$KSRC_PRISTINE/$h" ]; then
		new=$(comm -13 <(kdoc "$KSRC_PRISTINE" "$h") <(kdoc "$KSRC" "$h"))
	else
		new=$(kdoc "$KSRC" "$h")
	fi
	if [ -z "$new" ]; then
		echo "TEST pass kernel-doc -Wall: $h"
	else
		echo "TEST fail kernel-doc -Wall: $h"
		echo "$new" | head -n 20 | sed 's/^/# /'
	fi
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' patches/series |
	while read -r p; do
		sed -n 's|^+++ b/\([^[:space:]]*\.h\)\([[:space:]].*\)\{0,1\}$|\1|p' "patches/$p"
	done | sort -u)
