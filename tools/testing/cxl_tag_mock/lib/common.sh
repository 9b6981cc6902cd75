# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the cxl_tag_mock harness scripts.
# Sourced, never run.

set -euo pipefail

HARNESS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO=$(cd "$HARNESS/../../.." && pwd)

# Everything downloaded or built lives outside the work tree so that a fresh
# clone (CI) reuses it and git never sees it.
CACHE=${CXL_TAG_MOCK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxl_tag_mock}
KSRC_PRISTINE=$CACHE/linux-pristine	# unpacked Debian source, never edited
KSRC=$CACHE/linux			# pristine + patches/ + project files
# Two builds of the same $KSRC, chosen by CTM_KERNEL:
#  debug  kernel.config as it is: KASAN, lockdep, kmemleak and fault
#         injection on. make check, make demo and CI use only this one.
#  bench  kernel.config with the options in BENCH_CONFIG_OFF turned off and
#         nothing else changed (build-kernel.sh derives its fragment from
#         kernel.config, so the two cannot drift). Only make bench builds it.
# Each has its own O= output and its own guest staging and logs.
CTM_KERNEL=${CTM_KERNEL:-debug}
case $CTM_KERNEL in
debug)
	KBUILD=$CACHE/build		# O= output of the kernel build
	GUEST=$CACHE/guest		# initramfs staging and guest run logs
	;;
bench)
	KBUILD=$CACHE/build-bench
	GUEST=$CACHE/guest-bench
	;;
*)
	printf 'error: CTM_KERNEL is "%s", not debug or bench\n' "$CTM_KERNEL" >&2
	exit 1
	;;
esac
# The debug-only options of kernel.config, each of which must be in it.
# DEBUG_KERNEL stays: it only makes debug options visible (the choice of
# DEBUG_INFO_NONE is one), and turns on none that costs at run time.
BENCH_CONFIG_OFF="KASAN KASAN_GENERIC PROVE_LOCKING DEBUG_KMEMLEAK
	DEBUG_KMEMLEAK_AUTO_SCAN DEBUG_ATOMIC_SLEEP FAULT_INJECTION FAILSLAB
	FAIL_PAGE_ALLOC FAULT_INJECTION_DEBUG_FS UNWINDER_FRAME_POINTER"
# What the bench .config must not have, whatever selected it.
BENCH_CONFIG_ABSENT="KASAN LOCKDEP PROVE_LOCKING PROVE_RCU
	DEBUG_LOCK_ALLOC DEBUG_SPINLOCK DEBUG_MUTEXES DEBUG_RWSEMS
	DEBUG_WW_MUTEX_SLOWPATH DEBUG_RT_MUTEXES TRACE_IRQFLAGS DEBUG_KMEMLEAK
	DEBUG_ATOMIC_SLEEP FAULT_INJECTION FAILSLAB FAIL_PAGE_ALLOC"

KERNEL_SERIES=7.3
KERNEL_SUITE=trixie-backports

# Guest memory layout. With 2.75 GiB or more, q35 keeps the first 2 GiB below
# 4 GiB and puts the rest at 4 GiB. "mem=2G" drops that rest from the
# kernel's memory map entirely, so it appears nowhere in /proc/iomem and
# the mock can publish it as a CXL window: it is the device's media.
# (memmap=$ would leave a "Reserved" resource there, and a window over it
# has a child that region HPA allocation refuses to allocate across.)
GUEST_RAM_MB=${GUEST_RAM_MB:-3072}
GUEST_LOW_RAM=2G
GUEST_CPUS=${GUEST_CPUS:-2}
# One TCG thread for all of a guest's vCPUs: make check runs two or three
# guests side by side on two cores, and with a host thread per vCPU
# (multi-threaded TCG) the vCPUs of a guest wait for each other whenever
# one of them is not running, which made every test 1.2 to 2.3 times as
# slow next to a second guest as alone. The guests keep two vCPUs, so the
# kernel still runs SMP and races still interleave. GUEST_ACCEL,
# GUEST_QEMU and GUEST_CPU_MODEL choose otherwise for an experiment.
GUEST_ACCEL=${GUEST_ACCEL:-tcg,thread=single}
GUEST_QEMU=${GUEST_QEMU:-qemu-system-x86_64}
# The CPU is "max" without 5-level paging (see run-guest.sh) and without
# ERMS and FSRM: with them the kernel copies and clears memory with
# "rep movsb"/"rep stosb", which TCG runs one byte per iteration; without
# them it moves 8 bytes at a time. Measured side by side in two guests:
# a 64 MiB tmpfs write 0.98 -> 0.73 s, its read 0.48 -> 0.28 s, a fork and
# exec 49 -> 40 ms, adv_random_ops' backend fills 68 -> 53 ms.
GUEST_CPU_MODEL=${GUEST_CPU_MODEL:-max,la57=off,-erms,-fsrm}
MEDIA_BASE=0x100000000
MEDIA_SIZE=$(printf '%#x' $(((GUEST_RAM_MB - 2048) << 20)))

JOBS=${JOBS:-$(($(nproc) + 1))}

# Kernel log reports that fail a guest run, whichever test they came
# from (run-guest.sh, run-qemu-dcd.sh; grep -E).
SPLAT='BUG:|WARNING:|Oops|Kernel panic|general protection fault|KASAN|UBSAN|'
SPLAT+='possible circular locking|possible recursive locking|inconsistent lock state|'
SPLAT+='suspicious RCU usage|DEBUG_LOCKS_WARN_ON|new suspected memory leaks|Call Trace:'

# awk reading a pipe a line at a time. mawk, Debian's awk, reads a pipe in
# blocks unless told -W interactive, so what a running guest printed
# waited until kilobytes of it had gathered.
AWK_LINES=(awk)
if awk -W version 2>&1 | grep -q mawk; then
	AWK_LINES=(awk -W interactive)
fi

# follow_runner QEMU_PID RESULTS [PREFIX]: print the guest runner's line
# protocol from RESULTS as it arrives until QEMU exits, PREFIX put before
# each test's name; succeed when the runner got to its end (DONE).
follow_runner() {
	tail -n +1 -F --pid="$1" "$2" 2>/dev/null |
		"${AWK_LINES[@]}" -v prefix="${3:-}" '{ sub(/\r$/, "") } /^START / { next } /^DONE$/ { done = 1; next }
		     prefix != "" && /^TEST (pass|fail|skip) / {
			$0 = $1 " " $2 " " prefix substr($0, length($1 " " $2 " ") + 1) }
		     { print; fflush() } END { exit !done }'
}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# run_logged LABEL LOG CMD...: run CMD with its output in LOG and print a
# progress line every 30 s, so a long step never looks hung. PROGRESS_FN,
# if set, names a function that prints what "how far" means for LABEL.
run_logged() {
	local label=$1 log=$2 pid start next rc
	shift 2
	start=$SECONDS
	next=$((start + 30))
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if ((SECONDS >= next)); then
			next=$((next + 30))
			printf '    %s: %dm%02ds%s\n' "$label" \
				$(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) \
				"$(${PROGRESS_FN:-true} "$log")" >&2
		fi
	done
	rc=0
	wait "$pid" || rc=$?
	if ((rc)); then
		tail -n 40 "$log" >&2
		die "$label failed (exit $rc), full log: $log"
	fi
}

# private_apt NAME TYPE SUITE: fill APT_OPTS with options that make apt-get
# and apt-cache see only "TYPE URI SUITE main" (TYPE deb or deb-src), where
# URI is the Debian archive this machine's own apt configuration names, with
# lists and caches under $CACHE/apt/NAME. The system's apt configuration is
# never touched and no mirror host is written in the repository.
private_apt() {
	local name=$1 type=$2 suite=$3 dir=$CACHE/apt/$1 uri
	uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 !~ /-/ && $1 !~ /security/ { print $1; exit }')
	[ -n "$uri" ] || die "no Debian archive URI in this machine's apt configuration"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	echo "$type [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" \
		>"$dir/sources.list"
	APT_OPTS=(
		-o "Dir::Etc::sourcelist=$dir/sources.list"
		-o "Dir::Etc::sourceparts=-"
		-o "Dir::State::Lists=$dir/lists"
		-o "Dir::Cache=$dir/cache"
		-o "APT::Sandbox::User=root"
	)
	run_logged "apt-get update ($type $suite)" "$dir/update.log" \
		apt-get "${APT_OPTS[@]}" update
}

# outside_expected CONSOLE: the guest console's lines outside the tests'
# expected-errors brackets (guest/lib.sh dc_expect_begin/dc_expect_end).
outside_expected() {
	awk '/cxl_tag_mock-test: expected-errors begin / { inside = 1; next }
	     /cxl_tag_mock-test: expected-errors end / { inside = 0; next }
	     !inside' "$1"
}
