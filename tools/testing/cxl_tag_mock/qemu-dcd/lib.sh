# SPDX-License-Identifier: GPL-2.0
# Helpers for the QEMU DCD scenarios (qemu-dcd/tests/*.sh), on top of the
# harness's guest helpers ($CTM/lib.sh). Sourced.
#
# The device is QEMU's cxl-type3 "dcd0" with one DC region and no static
# capacity, so DC region 0 starts at DPA 0, the dynamic_ram_1 region the
# probe scenario makes covers all of it, and an extent's offset in sysfs
# (from the start of the region) is the offset QMP names.
. "$CTM/lib.sh"

QD_QOM=/machine/peripheral/dcd0
QD_ENV=/tmp/qemu-dcd.env
QD_BLOCK=$((2 << 20))
# shellcheck disable=SC1090
[ ! -f $QD_ENV ] || . $QD_ENV

# qmp JSON: run one QMP command on QEMU through the host (fd 3, the third
# serial port, opened by qemu-dcd/init). QMP_REPLY is the host's answer,
# "ok <return value>" or "error <class>: <description>"; the status is 0
# for ok.
qmp() {
	host "qmp $1"
}

# host LINE: any request to the host side (bridge.py): QMP_REPLY and the
# status as for qmp.
host() {
	printf '%s\n' "$1" >&3 || return 2
	IFS= read -r QMP_REPLY <&3 || return 2
	case "$QMP_REPLY" in
	ok*) return 0 ;;
	esac
	return 1
}

# qd_extents OFF:LEN...: the QMP extent list.
qd_extents() {
	s=
	for e in "$@"; do
		s="$s${s:+,}{\"offset\":$((${e%%:*})),\"len\":$((${e#*:}))}"
	done
	echo "[$s]"
}

# qd_add TAG OFF:LEN...: ask QEMU to offer the extents as one Add Capacity
# chain (QEMU sets More on all records but the last), with TAG ("" for
# none; QEMU sends a null tag whatever it is given).
qd_add() {
	qd_add_json "$@"
	qmp "$QD_JSON"
}

# qd_add_json TAG OFF:LEN...: the QMP command of qd_add, in QD_JSON.
qd_add_json() {
	tag=$1
	shift
	QD_JSON="{\"execute\":\"cxl-add-dynamic-capacity\",\"arguments\":{\"path\":\"$QD_QOM\",\"host-id\":0,\"selection-policy\":\"prescriptive\",\"region\":0${tag:+,\"tag\":\"$tag\"},\"extents\":$(qd_extents "$@")}}"
}

# qd_release OFF:LEN...: a prescriptive Release Capacity for the extents.
qd_release() {
	qmp "{\"execute\":\"cxl-release-dynamic-capacity\",\"arguments\":{\"path\":\"$QD_QOM\",\"host-id\":0,\"removal-policy\":\"prescriptive\",\"region\":0,\"extents\":$(qd_extents "$@")}}"
}

# qd_release_tag TAG: a tag-based Release Capacity.
qd_release_tag() {
	qmp "{\"execute\":\"cxl-release-dynamic-capacity\",\"arguments\":{\"path\":\"$QD_QOM\",\"host-id\":0,\"removal-policy\":\"tag-based\",\"region\":0,\"tag\":\"$1\",\"extents\":[]}}"
}

# qd_agree REGION [MiB]: the host's extents of REGION and QEMU's book
# agree on every 2 MiB block of the first MiB (default: the whole DC
# region): a block is held in QEMU exactly when a host extent covers it.
# QEMU has no command that lists its extents: the bridge reads its book
# block by block (bridge.py: book), one request over the serial port for
# all of them.
qd_agree() {
	local end off marks m host_has
	end=$(( (${2:-$((QD_DC_SIZE >> 20))}) << 20 ))
	dc_host_extents "$1" >/tmp/qd-host
	host "book $QD_QOM 0 $QD_BLOCK $((end / QD_BLOCK))" ||
		{ echo "QEMU's book: $QMP_REPLY"; return 1; }
	marks=${QMP_REPLY#ok }
	[ ${#marks} = $((end / QD_BLOCK)) ] || { echo "QEMU's book: $QMP_REPLY"; return 1; }
	off=0
	while [ $off -lt $end ]; do
		host_has=-
		while read -r o l u; do
			[ $off -ge $((o)) ] && [ $off -lt $((o + l)) ] && { host_has=H; break; }
		done </tmp/qd-host
		m=${marks%"${marks#?}"}
		marks=${marks#?}
		[ "$m" = $host_has ] || {
			echo "block $(printf %#x $off): host $([ $host_has = H ] && echo has || echo lacks) it, QEMU's book: $m"
			echo "host extents: $(tr '\n' ';' </tmp/qd-host)"
			return 1
		}
		off=$((off + QD_BLOCK))
	done
}

# qd_media DPA LEN SEED AS: the host checks QEMU's backing file (the
# device's media) at DPA for the ctm-pattern words of SEED at offset AS,
# so that what the guest wrote through DAX is known to have landed at the
# right DPA of the device.
qd_media() {
	host "media $1 $2 $3 $4"
}

# qd_irqs: interrupts the device's vectors have taken so far.
qd_irqs() {
	awk -v d="$QD_PCI" '$0 ~ d { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i; else break }
		END { print n + 0 }' /proc/interrupts
}

# qd_wait_count SECONDS REGION N: wait until REGION has N extents.
qd_wait_count() {
	local WAIT_END WAIT_TRIES
	wait_begin "$1"
	while [ "$(dc_host_count "$2")" != "$3" ]; do
		wait_more || { echo "$2 has $(dc_host_count "$2") extents, expected $3"; return 1; }
	done
}

# qd_use REGION DPA LEN SEED: claim one untagged extent of REGION ("0"),
# check its size is LEN, write SEED's pattern through the DAX device,
# read it back, and have the host find it on the device's media at DPA
# (first and last MiB). Prints the DAX device's name.
qd_use() {
	d=$(dc_claim "$1" 0) || { echo "claim 0 failed" >&2; return 1; }
	echo "$d"
	[ $(($(cat /sys/bus/dax/devices/$d/size))) = $(($3)) ] ||
		{ echo "$d size $(cat /sys/bus/dax/devices/$d/size), expected $3" >&2; return 1; }
	ctm-pattern write /dev/$d 0 "$3" "$4" >&2 && ctm-pattern check /dev/$d 0 "$3" "$4" >&2 ||
		{ echo "$d does not read back what was written" >&2; return 1; }
	qd_media $(($2)) 0x100000 "$4" 0 ||
		{ echo "media at $2: $QMP_REPLY" >&2; return 1; }
	qd_media $(($2 + $3 - 0x100000)) 0x100000 "$4" $(($3 - 0x100000)) ||
		{ echo "media at the end of $2+$3: $QMP_REPLY" >&2; return 1; }
}

# qd_step REGION EXPECTED WHAT: after a step, wait until the host's extents
# are EXPECTED (dc_host_extents lines joined by ";") and check that QEMU
# agrees; fail naming WHAT otherwise.
qd_step() {
	dc_wait_host 20 "$1" "$2" || fail "$3: the host's extents"
	qd_agree "$1" 128 || fail "$3: QEMU's view differs from the host's"
}

# qd_cleanup: the scenarios' EXIT trap. After a failure, give back what
# the scenario left (its DAX devices, then every extent through QEMU), so
# that the next scenario starts from an empty region; keeps the exit
# status.
qd_cleanup() {
	rc=$?
	trap - EXIT
	[ $rc -ne 0 ] && [ -n "${QD_REGION:-}" ] || exit $rc
	echo "# cleaning up after the failure"
	dc_trace_stop 2>/dev/null
	exec 5>&- 2>/dev/null
	# A process still mapping a DAX device (release_deferred's).
	[ -z "${hold:-}" ] || { kill "$hold" 2>/dev/null; wait "$hold" 2>/dev/null; }
	for d in /sys/bus/dax/devices/dax${QD_REGION#region}.*; do
		[ -e "$d/size" ] && [ "$(cat "$d/size")" != 0 ] || continue
		dc_unclaim "$QD_REGION" "$(basename "$d")" || echo "# unclaim $d failed"
	done
	dc_host_extents "$QD_REGION" | while read -r o l u; do
		qd_release $((o)):$((l)) || echo "# release $o+$l: $QMP_REPLY"
	done
	dc_wait_host 20 "$QD_REGION" "" || echo "# the region keeps extents"
	exit $rc
}
