#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel in QEMU (TCG) and print what the guest runner says
# in the harness line protocol (lib/tap.awk):
#   run-guest.sh check   every KUnit suite and guest test
#   run-guest.sh demo    the demo's narration
#   run-guest.sh bench   the benchmark (bench.sh)
# "check" boots GUEST_SHARDS guests side by side (2 by default, 1 with
# CTM_FILTER): one TCG guest keeps about one host core busy, so two of
# them halve the wall time on a two-core machine. The guest runner splits
# the tests between them by their recorded cost (guest/weights). Guest 1
# keeps its files in $GUEST and prints as it goes; guest K > 1 uses
# $GUEST/shard-K and is printed when it is done.
# Each guest's kernel console goes to console.log in its directory, which
# is searched for KASAN, lockdep, kmemleak, WARN, BUG and Oops reports
# afterwards. CTM_FILTER (a grep pattern) selects tests by name;
# GUEST_TIMEOUT bounds each guest's run in seconds.
. "$(dirname "$0")/lib/common.sh"

mode=${1:-check}
timeout_s=${GUEST_TIMEOUT:-1800}
shards=1
if [ "$mode" = check ] && [ -z "${CTM_FILTER:-}" ]; then
	shards=${GUEST_SHARDS:-2}
fi
[ "$mode" != check ] || [ -z "${GUEST_SHARDS:-}" ] || shards=$GUEST_SHARDS

# boot_guest K: boot guest K (1-based) of $shards and print its line
# protocol, then the checks of its kernel log.
boot_guest() {
	local k=$1 dir=$GUEST who=guest klog="kernel log"
	local console results append qemu finished rc

	if ((shards > 1)); then
		who="guest $k/$shards"
		klog="kernel log $k/$shards"
		((k == 1)) || dir=$GUEST/shard-$k
	fi
	mkdir -p "$dir"
	console=$dir/console.log
	results=$dir/results.log
	: >"$console"
	: >"$results"

	append="console=ttyS0 panic=-1 oops=panic no_hash_pointers"
	append+=" mem=$GUEST_LOW_RAM"
	append+=" ctm.mode=$mode ctm.media=$MEDIA_SIZE@$MEDIA_BASE"
	((shards == 1)) || append+=" ctm.shard=$k/$shards"
	[ -z "${CTM_FILTER:-}" ] || append+=" ctm.filter=$CTM_FILTER"

	# la57=off: with 5-level paging, an interrupt during identify_cpu()
	# now and then draws a KASAN wild-memory-access report at boot, before
	# any project code runs (as in run-qemu-dcd.sh, qemu-dcd.rst).
	say "booting $who (QEMU TCG, $GUEST_CPUS CPUs, $GUEST_RAM_MB MiB, media $MEDIA_SIZE at $MEDIA_BASE)"
	timeout -k 10 "$timeout_s" "$GUEST_QEMU" \
		-machine q35 -accel "$GUEST_ACCEL" -cpu "$GUEST_CPU_MODEL" -smp "$GUEST_CPUS" -m "$GUEST_RAM_MB" \
		-kernel "$KBUILD/arch/x86/boot/bzImage" -initrd "$GUEST/initramfs.cpio.gz" \
		-append "$append" -display none -monitor none -no-reboot \
		-serial "file:$console" -serial "file:$results" </dev/null &
	qemu=$!

	# Follow the runner's output live; remember whether it got to the end.
	if follow_runner "$qemu" "$results"; then
		finished=1
	else
		finished=0
	fi
	rc=0
	wait "$qemu" || rc=$?

	if ((finished && rc == 0)); then
		echo "TEST pass $who: ran to the end and powered off"
	else
		echo "TEST fail $who: ran to the end and powered off (qemu exit $rc, see $console)"
		tail -n 30 "$console" | sed 's/^/# /'
	fi

	# Any report of these in the kernel log fails the run, whichever test it
	# came from. One exception: inside a test's expected-errors brackets (see
	# below), the call trace the allocators print for a failure that test
	# injected on purpose ("page allocation failure", "vmalloc error") is not
	# a fault; anything else there still is.
	if awk '/cxl_tag_mock-test: expected-errors begin / { inside = 1 }
		 /cxl_tag_mock-test: expected-errors end / { inside = 0 }
		 inside && /page allocation failure|vmalloc error/ { alloc = 1 }
		 /<\/TASK>/ { if (alloc) { alloc = 0; next } }
		 !alloc' "$console" | grep -aE "$SPLAT" >"$dir/splats"; then
		echo "TEST fail $klog: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
		head -n 40 "$dir/splats" | sed 's/^/# /'
	else
		echo "TEST pass $klog: no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
	fi

	# A DC mailbox command the device refused, or a host DC step that failed,
	# is a fault even when every test passed (a test may not look at the log).
	# Tests that provoke them on purpose bracket them with dc_expect_begin and
	# dc_expect_end (guest/lib.sh); only lines outside brackets count.
	dcfail='Release DC 0x[0-9a-f]+\+0x[0-9a-f]+: -[0-9]+|Add DC Response(: -[0-9]+| failed)|'
	dcfail+='refused: cannot add it|DAX cannot use its tag group|Failed to clear events|'
	dcfail+='Failed to query event records|accepted but unusable|DC extent .* unusable: -|'
	dcfail+="cannot read the device's extents|oldest offer is not this one"
	outside_expected "$console" | grep -aE "$dcfail" >"$dir/dc-failures" || true
	if [ -s "$dir/dc-failures" ]; then
		echo "TEST fail $klog: no unexpected DC command failure"
		head -n 20 "$dir/dc-failures" | sed 's/^/# /'
	else
		echo "TEST pass $klog: no unexpected DC command failure"
	fi
}

# Guest 1 prints live; the others print when they are done, in order.
for ((k = 2; k <= shards; k++)); do
	mkdir -p "$GUEST/shard-$k"
	boot_guest "$k" >"$GUEST/shard-$k/protocol" &
done
boot_guest 1
wait
for ((k = 2; k <= shards; k++)); do
	cat "$GUEST/shard-$k/protocol"
done
