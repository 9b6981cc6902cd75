# SPDX-License-Identifier: GPL-2.0
# Helpers for guest tests and the runner. Sourced by every test:
#   . "$CTM/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak
CONFIGFS=/sys/kernel/config/cxl_tag_mock

# selected NAME: true when no filter was given on the kernel command line
# (ctm.filter=, a grep pattern) or NAME matches it.
selected() {
	[ -z "${CTM_FILTER:-}" ] || echo "$1" | grep -q -- "$CTM_FILTER"
}

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 4
}

# expect_errno ERRNO-TEXT CMD...: CMD must fail and its error must name
# ERRNO-TEXT (e.g. "Invalid argument"). Shell builtins report errno through
# strerror, so the text is what a test can see.
expect_errno() {
	want=$1
	shift
	if out=$("$@" 2>&1); then
		fail "'$*' succeeded, expected: $want"
	fi
	case "$out" in
	*"$want"*) ;;
	*) fail "'$*' failed with '$out', expected: $want" ;;
	esac
}

kmemleak_forget() {
	[ -w "$KMEMLEAK" ] || return 0
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
}

# Objects kmemleak holds to be leaked now. kmemleak ignores objects younger
# than five seconds, so wait that long before the scan.
kmemleak_report() {
	[ -w "$KMEMLEAK" ] || return 1
	sleep 6
	echo scan >"$KMEMLEAK"
	cat "$KMEMLEAK"
}

# The port driver must be registered before the mock builds its topology
# (the module's softdep, which busybox modprobe does not read).
load_mock() {
	modprobe cxl_port && modprobe cxl_mem &&
		modprobe cxl_tag_mock ${CTM_MEDIA:+media=$CTM_MEDIA} "$@"
}

unload_mock() {
	modprobe -r cxl_tag_mock
}
