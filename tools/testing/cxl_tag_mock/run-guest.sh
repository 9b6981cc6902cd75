#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel in QEMU (TCG) and print what the guest runner says,
# as it arrives, in the harness line protocol (lib/tap.awk):
#   run-guest.sh check   every KUnit suite and guest test
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
append+=" mem=$GUEST_LOW_RAM"
append+=" ctm.mode=$mode ctm.media=$MEDIA_SIZE@$MEDIA_BASE"
[ -z "${CTM_FILTER:-}" ] || append+=" ctm.filter=$CTM_FILTER"

say "booting the guest (QEMU TCG, $GUEST_CPUS CPUs, $GUEST_RAM_MB MiB, media $MEDIA_SIZE at $MEDIA_BASE)"
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-machine q35 -accel tcg -cpu max -smp "$GUEST_CPUS" -m "$GUEST_RAM_MB" \
	-kernel "$KBUILD/arch/x86/boot/bzImage" -initrd "$GUEST/initramfs.cpio.gz" \
	-append "$append" -display none -monitor none -no-reboot \
	-serial "file:$console" -serial "file:$results" </dev/null &
qemu=$!

# Follow the runner's output live; remember whether it got to the end.
if tail -n +1 -F --pid="$qemu" "$results" 2>/dev/null |
	awk '{ sub(/\r$/, "") } /^START / { next } /^DONE$/ { done = 1; next }
	     { print; fflush() } END { exit !done }'; then
	finished=1
else
	finished=0
fi
rc=0
wait "$qemu" || rc=$?

if ((finished && rc == 0)); then
	echo "TEST pass guest: ran to the end and powered off"
else
	echo "TEST fail guest: ran to the end and powered off (qemu exit $rc, see $console)"
	tail -n 30 "$console" | sed 's/^/# /'
fi

# Any report of these in the kernel log fails the run, whichever test it
# came from. One exception: inside a test's expected-errors brackets (see
# below), the call trace the allocators print for a failure that test
# injected on purpose ("page allocation failure", "vmalloc error") is not
# a fault; anything else there still is.
splat='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN|'
splat+='possible circular locking|possible recursive locking|inconsistent lock state|'
splat+='suspicious RCU usage|DEBUG_LOCKS_WARN_ON|new suspected memory leaks|Call Trace:'
if awk '/cxl_tag_mock-test: expected-errors begin / { inside = 1 }
	 /cxl_tag_mock-test: expected-errors end / { inside = 0 }
	 inside && /page allocation failure|vmalloc error/ { alloc = 1 }
	 /<\/TASK>/ { if (alloc) { alloc = 0; next } }
	 !alloc' "$console" | grep -aE "$splat" >"$GUEST/splats"; then
	echo "TEST fail kernel log: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
	head -n 40 "$GUEST/splats" | sed 's/^/# /'
else
	echo "TEST pass kernel log: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
fi


# A DC mailbox command the device refused, or a host DC step that failed,
# is a fault even when every test passed (a test may not look at the log).
# Tests that provoke them on purpose bracket them with dc_expect_begin and
# dc_expect_end (guest/lib.sh); only lines outside brackets count.
dcfail='Release DC 0x[0-9a-f]+\+0x[0-9a-f]+: -[0-9]+|Add DC Response(: -[0-9]+| failed)|'
dcfail+='refused: cannot add it|DAX cannot use its tag group|Failed to clear events|'
dcfail+='Failed to query event records|accepted but unusable|DC extent .* unusable: -'
awk '/cxl_tag_mock-test: expected-errors begin / { inside = 1; next }
     /cxl_tag_mock-test: expected-errors end / { inside = 0; next }
     !inside' "$console" | grep -aE "$dcfail" >"$GUEST/dc-failures" || true
if [ -s "$GUEST/dc-failures" ]; then
	echo "TEST fail kernel log: no unexpected DC command failure"
	head -n 20 "$GUEST/dc-failures" | sed 's/^/# /'
else
	echo "TEST pass kernel log: no unexpected DC command failure"
fi
