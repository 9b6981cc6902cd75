#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the harness. Prints a line protocol that the host turns into
# TAP: "TEST pass|fail|skip NAME", "# diagnostic", and at the end "DONE".
# In demo and bench modes it runs demo.sh or bench.sh and passes its output
# through.
. "$CTM/lib.sh"

mode=$1
echo "START $(uname -r)"

if [ "$mode" = demo ] || [ "$mode" = bench ]; then
	sh "$CTM/$mode.sh" 2>&1
	echo DONE
	exit 0
fi

# A sharded run (ctm.shard=K/N, run-guest.sh) boots N guests; each runs
# its share of the jobs (the KUnit suites are one job, each guest test
# another). Every guest computes the same split: the jobs by recorded
# cost (weights), most expensive first, each to the least loaded guest.
who=guest
plan=
if [ -n "${CTM_SHARD:-}" ]; then
	who="guest $CTM_SHARD"
	{ echo kunit; for t in "$CTM"/tests/*.sh; do basename "$t" .sh; done; } >/tmp/jobs
	plan=$(awk 'FNR == NR { if ($1 !~ /^#/) cost[$1] = $2; next }
		    { print ($1 in cost ? cost[$1] : 20), $1 }' "$CTM/weights" /tmp/jobs |
		sort -k1,1nr -k2,2 |
		awk -v n="${CTM_SHARD#*/}" '{ b = 1
			for (i = 2; i <= n; i++) if (load[i] < load[b]) b = i
			load[b] += $1; print b, $2 }')
fi
# forks: how many processes the guest has started since boot.
forks() {
	awk '$1 == "processes" { print $2 }' /proc/stat
}

# mine JOB: this guest runs JOB.
mine() {
	[ -z "${CTM_SHARD:-}" ] || echo "$plan" | grep -qx "${CTM_SHARD%/*} $1"
}

# Forget whatever boot left behind, so the last scan reports only what the
# tests leaked.
kmemleak_forget

# KUnit suites run when their module loads; debugfs keeps each suite's KTAP
# until the module goes away, so read them all before unloading.
kunit_mods=
mine kunit || kunit_skip=1
for ko in $(find /lib/modules/"$(uname -r)" -name '*_test.ko' -o -name '*_kunit.ko'); do
	mod=$(basename "$ko" .ko)
	[ -z "${kunit_skip:-}" ] && selected "kunit:$mod" || continue
	if modprobe "$mod"; then
		kunit_mods="$kunit_mods $mod"
	else
		echo "TEST fail kunit: load $mod"
	fi
done
for results in /sys/kernel/debug/kunit/*/results; do
	[ -e "$results" ] || continue
	suite=$(basename "$(dirname "$results")")
	awk -v suite="$suite" '
		# Test cases are the lines one level (4 spaces) below the
		# suite; what a case logged comes before its result and is
		# shown when it fails.
		/^    (not )?ok [0-9]+ / {
			line = substr($0, 5)
			status = "pass"
			if (line ~ /^not ok/) { status = "fail"; sub(/^not ok [0-9]+ /, "", line) }
			else sub(/^ok [0-9]+ /, "", line)
			if (line ~ /# SKIP/) status = "skip"
			sub(/ *#.*/, "", line)
			print "TEST " status " kunit: " suite "." line
			if (status == "fail")
				printf "%s", buf
			buf = ""
			next
		}
		/^    (KTAP|1\.\.|# Subtest)/ { next }
		/^    / { sub(/^ +(# )?/, ""); buf = buf "# " $0 "\n" }
	' "$results"
done
for mod in $kunit_mods; do
	# rmmod, not modprobe -r: the suites' dependencies (cxl_core) are
	# shared with other suites and stay.
	rmmod "$mod" || echo "TEST fail kunit: unload $mod"
done
# The mock came in as a suite's dependency: the guest tests load their own.
[ ! -e /sys/module/cxl_tag_mock ] || rmmod cxl_tag_mock ||
	echo "TEST fail kunit: unload cxl_tag_mock after the suites"

# Guest tests: exit 0 passes, 4 skips (the kselftest convention), anything
# else fails and the test's output is shown.
for t in "$CTM"/tests/*.sh; do
	name=$(basename "$t" .sh)
	selected "$name" && mine "$name" || continue
	rc=0
	read -r t0 _ </proc/uptime
	p0=$(forks)
	timeout 600 sh "$t" >/tmp/test.out 2>&1 || rc=$?
	# What each test costs, in the run's log (README: where the time goes):
	# its time, and the processes it started, which under TCG and the
	# debug kernel cost most of it (tens of milliseconds each).
	read -r t1 _ </proc/uptime
	echo "cxl_tag_mock-test: $name took $((${t1%.*} - ${t0%.*})) s, $(($(forks) - p0)) processes" >/dev/kmsg
	# Every test starts with the mock unloaded and must leave it so.
	if [ -e /sys/module/cxl_tag_mock ]; then
		echo "$name left cxl_tag_mock loaded" >>/tmp/test.out
		[ $rc -ne 0 ] || rc=1
		# Whatever it left (processes mapping DAX devices, regions,
		# devices, pools) goes, so that the next test starts clean.
		pkill -9 -f 'ctm-' 2>/dev/null
		timeout 120 sh -c ". $CTM/lib.sh; ctm_cleanup" >>/tmp/test.out 2>&1
	fi
	case $rc in
	0) echo "TEST pass guest: $name" ;;
	4) echo "TEST skip guest: $name"; sed 's/^/# /' /tmp/test.out | tail -n 5 ;;
	*) echo "TEST fail guest: $name (exit $rc)"; sed 's/^/# /' /tmp/test.out | tail -n 60 ;;
	esac
done

if leaks=$(kmemleak_report) && [ -z "$leaks" ]; then
	echo "TEST pass $who: no kmemleak reports after the run"
else
	echo "TEST fail $who: no kmemleak reports after the run"
	echo "$leaks" | head -n 60 | sed 's/^/# /'
fi
echo DONE
