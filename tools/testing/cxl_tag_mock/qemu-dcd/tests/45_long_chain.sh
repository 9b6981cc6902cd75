#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An offer longer than QEMU's DCD event log: QEMU queues the records of a
# cxl-add-dynamic-capacity together and loses those past the log's end,
# the closing one (More clear) with them. The host, told of the overflow
# by Get Event Records, answers the open offer empty once the log is read
# to its end, so QEMU drops it whole, and the next offer is accepted; a
# host that waited would have let the next offer's record close the chain
# and answered two offers at once, and from then on every answer would
# have been refused. Then the same offer and a short one back to back:
# when QEMU queues the short one's record before the host reads the full
# log, that record is lost too, and QEMU holds an offer the host never
# saw. The host's answer to the offer after them is then refused (Invalid
# Physical Address), and the host drops QEMU's oldest offer and answers
# again: that offer is accepted whichever way the race went. Both sides
# agree after each step.
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
N=12
set --
i=0
while [ $i -lt $N ]; do
	set -- "$@" $(printf '%#x' $((0x2000000 + i * 0x200000))):0x200000
	i=$((i + 1))
done
dc_log_mark
qd_add "" "$@" || fail "QMP add of $N extents: $QMP_REPLY"
wait_for 20 sh -c "dmesg | grep -q 'DC records lost to an event log overflow'" ||
	fail "the overflow was not noticed: $(dc_log_since | tail -n 5)"
dc_log_since | grep 'DC records lost' | sed 's/^/# /'
qd_step $r "" "the offer that overflowed the log"
qd_agree $r 512 || fail "after the overflow: QEMU's view differs from the host's"
qd_add "" 0x4000000:0x400000 || fail "QMP add after the overflow: $QMP_REPLY"
qd_step $r "0x4000000 0x400000 -;" "the offer after the overflow"
qd_release 0x4000000:0x400000 || fail "QMP release: $QMP_REPLY"
qd_step $r "" "the release"
! dc_log_since | grep -q "Add DC Response" ||
	fail "an Add DC Response failed: $(dc_log_since | grep 'Add DC Response')"

# Sent in one write to QEMU's monitor: QEMU runs them back to back.
dc_expect_begin long_chain
trap 'st=$?; dc_expect_end long_chain; (exit $st); qd_cleanup' EXIT
qd_add_json "" "$@"
first=$QD_JSON
qd_add_json "" 0x4000000:0x400000
host "qmps [$first,$QD_JSON]" || fail "QMP adds back to back: $QMP_REPLY"
wait_for 20 sh -c "[ \$(dmesg | grep -c 'DC records lost to an event log overflow') = 2 ]" ||
	fail "the second overflow was not noticed: $(dc_log_since | tail -n 5)"
qd_add "" 0x5000000:0x200000 || fail "QMP add of the third: $QMP_REPLY"
has_third() {
	dc_sysfs_read $r
	case "$JOINED" in
	*"0x5000000 0x200000 -;"*) return 0 ;;
	esac
	return 1
}
wait_for 20 has_third ||
	fail "the offer after the race was not accepted: $(dc_sysfs_read $r; echo $JOINED)"
dc_sysfs_read $r
echo "# after the race: $JOINED"
case "$JOINED" in
"0x4000000 0x400000 -;0x5000000 0x200000 -;" | "0x5000000 0x200000 -;") ;;
*) fail "after the race: $JOINED" ;;
esac
qd_agree $r 512 || fail "after the race: QEMU's view differs from the host's"
dc_log_since | grep "oldest offer is not this one" | sed 's/^/# /'
dc_expect_end long_chain
qd_release 0x5000000:0x200000 || fail "QMP release of the third: $QMP_REPLY"
case "$JOINED" in
0x4000000*) qd_release 0x4000000:0x400000 || fail "QMP release of the second: $QMP_REPLY" ;;
esac
qd_step $r "" "the releases after the race"
exit 0
