#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel in QEMU (TCG) and turn what the guest runner prints
# into TAP on stdout:
#   run-guest.sh check   every KUnit suite and guest test, closing with
#                        "N passed, N failed"; exit 1 on any failure
#   run-guest.sh demo    the demo's narration
# The kernel console goes to $GUEST/console.log, which is searched for
# KASAN, lockdep, kmemleak, WARN, BUG and Oops reports afterwards.
# CTM_FILTER (a grep pattern) selects tests by name; GUEST_TIMEOUT bounds
# the guest's run in seconds.
. "$(dirname "$0")/lib/common.sh"

mode=${1:-check}
timeout_s=${GUEST_TIMEOUT:-1500}
console=$GUEST/console.log
results=$GUEST/results.log
: >"$console"
: >"$results"

append="console=ttyS0 panic=-1 oops=panic no_hash_pointers"
append+=" memmap=$MEDIA_SIZE\$$MEDIA_BASE"
append+=" ctm.mode=$mode ctm.media=$MEDIA_SIZE@$MEDIA_BASE"
[ -z "${CTM_FILTER:-}" ] || append+=" ctm.filter=$CTM_FILTER"

[ "$mode" != check ] || echo "TAP version 13"
say "booting the guest (QEMU TCG, $GUEST_CPUS CPUs, $GUEST_RAM_MB MiB, media $MEDIA_SIZE at $MEDIA_BASE)"
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-machine q35 -accel tcg -cpu max -smp "$GUEST_CPUS" -m "$GUEST_RAM_MB" \
	-kernel "$KBUILD/arch/x86/boot/bzImage" -initrd "$GUEST/initramfs.cpio.gz" \
	-append "$append" -display none -monitor none -no-reboot \
	-serial "file:$console" -serial "file:$results" </dev/null &
qemu=$!

# Follow the runner's output live; awk keeps the counts and the exit code.
tail -n +1 -F --pid="$qemu" "$results" 2>/dev/null | awk -v mode="$mode" '
	function tap(ok, name, directive) {
		n++
		printf "%s %d - %s%s\n", ok ? "ok" : "not ok", n, name, directive
		fflush()
	}
	{ sub(/\r$/, "") }
	/^START / { next }
	/^DONE$/ { done = 1; next }
	mode == "demo" { print; fflush(); next }
	/^TEST pass / { passed++; tap(1, substr($0, 11), ""); next }
	/^TEST skip / { skipped++; tap(1, substr($0, 11), " # SKIP"); next }
	/^TEST fail / { failed++; tap(0, substr($0, 11), ""); next }
	/^# / { print; fflush(); next }
	END {
		printf "%d %d %d %d %d\n", n, passed, failed, skipped, done > "/dev/stderr"
	}
' 2>"$GUEST/counts"
rc=0
wait "$qemu" || rc=$?
read -r n passed failed skipped done <"$GUEST/counts"

tap() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

if [ "$done" = 1 ]; then
	tap ok "guest: ran to the end and powered off"
else
	tap fail "guest: ran to the end and powered off (qemu exit $rc, see $console)"
	tail -n 30 "$console" | sed 's/^/# /'
fi

# Any report of these in the kernel log fails the run, whichever test it
# came from.
splat='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN|'
splat+='possible circular locking|possible recursive locking|inconsistent lock state|'
splat+='suspicious RCU usage|lockdep|new suspected memory leaks|Call Trace:'
if grep -aE "$splat" "$console" >"$GUEST/splats"; then
	tap fail "kernel log: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
	head -n 40 "$GUEST/splats" | sed 's/^/# /'
else
	tap ok "kernel log: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
fi

[ "$mode" = check ] || exit $((failed > 0))
echo "1..$n"
summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"
echo "$summary"
((failed == 0 && passed > 0))
