# SPDX-License-Identifier: GPL-2.0
# Helpers for guest tests and the runner. Sourced by every test:
#   . "$CTM/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak
CONFIGFS=/sys/kernel/config/cxl_tag_mock
# What daxX.Y/uuid reads for a device claimed with 0, or without capacity.
NULL_UUID=00000000-0000-0000-0000-000000000000
# The DPA of DC region 0 on a device with 256 MiB of RAM, the DC tests'
# usual geometry: where the ranges of dc_inject_extent and dc_del_extent
# start.
DC_BASE=0x10000000

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

# kmemleak_forget: scan, then forget every object found so far; also stop
# kmemleak's own thread, which would scan a minute after boot and every
# ten minutes (seconds of a core each under TCG): a leak stays one until
# a scan finds it, and the runs scan at their end (kmemleak_report), as
# the tests that look for leaks do when they need to.
kmemleak_forget() {
	[ -w "$KMEMLEAK" ] || return 0
	echo scan=off >"$KMEMLEAK"
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

# Only the mock: modprobe -r would also try its dependencies (cxl_core,
# cxl_mem), which dax_cxl and others may still use.
unload_mock() {
	rmmod cxl_tag_mock
}

# endpoint_of MEMDEV: the endpoint port whose upstream device is MEMDEV.
# (Here and below, helpers that tests call often read and compare with
# the shell's builtins: under TCG and the debug kernel every process a
# helper starts costs 30 to 80 ms, and most of a test's time was spent
# starting them.)
endpoint_of() {
	for ep in /sys/bus/cxl/devices/endpoint*; do
		[ "$ep/uport" -ef "/sys/bus/cxl/devices/$1" ] &&
			{ echo "${ep##*/}"; return 0; }
	done
	return 1
}

# --- Regions: cxl-cli, as a user makes them -------------------------------
#
# Tests make, list and destroy regions and claim DAX devices with the
# project's DCD-aware cxl-cli and daxctl (build-ndctl.sh), as a user does.
# The raw sysfs steps behind them stay available as the *_sysfs helpers:
# tests/dc_sysfs_abi.sh does a whole DC region's life through them alone,
# so that the kernel ABI is tested without the tools, and the tests that
# race or fault-inject sysfs attributes (adv_*, dc_fault_inject,
# dc_revoke_busy_attrs, dc_tag_race_devices) or loop on the kernel's
# object lifetimes (lifetime_cycles) use them where they hit the
# attributes. A cxl-cli call costs a second or more in the TCG guest.

# json_str FIELD: the value of the first "FIELD":"..." in the JSON on stdin.
json_str() {
	sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1
}

# create_ram_region ROOT_DECODER MEMDEV SIZE [MODE]: cxl create-region -t
# MODE (ram by default; dynamic_ram_1) of a 1-way region over MEMDEV.
# Prints the region's name; the region is committed and bound.
create_ram_region() {
	local out r
	out=$(cxl create-region -t "${4:-ram}" -d "$1" -m "$2" -s "$3" 2>&1) || {
		echo "cxl create-region -t ${4:-ram} -d $1 -m $2 -s $3: $out" >&2
		return 1
	}
	r=$(echo "$out" | json_str region)
	[ -n "$r" ] && [ -e "/sys/bus/cxl/devices/$r" ] || {
		echo "cxl create-region made no region: $out" >&2
		return 1
	}
	echo "$r"
}

# new_dc_region ROOT_DECODER MEMDEV SIZE: a dynamic_ram_1 region, bound,
# through the first free endpoint decoder of MEMDEV.
new_dc_region() {
	create_ram_region "$1" "$2" "$3" dynamic_ram_1
}

# dax_devs_of REGION: the names of its DAX devices (daxN.M).
dax_devs_of() {
	ls /sys/bus/dax/devices 2>/dev/null | grep "^dax${1#region}\."
}

# dax_ids_forget NAME...: DAX devices that daxctl enabled and that went
# with their region without a disable-device leave their names in
# device_dax's IDs (new_id), where they would bind the next region's
# devices of those names (a RAM region's to device_dax instead of kmem):
# take them out. Quiet; a name that is not there is fine.
dax_ids_forget() {
	local d
	for d in "$@"; do
		echo "$d" >/sys/bus/dax/drivers/device_dax/remove_id
	done 2>/dev/null
	return 0
}

# destroy_region ROOT_DECODER REGION: cxl destroy-region -f, which
# unbinds, decommits, frees the endpoint decoders' DPA and deletes it.
destroy_region() {
	local devs out
	devs=$(dax_devs_of "$2")
	out=$(cxl destroy-region -f "$2" 2>&1) || {
		echo "cxl destroy-region -f $2: $out" >&2
		return 1
	}
	# It exits 0 when it found no such region ("destroyed 0 regions").
	[ ! -e "/sys/bus/cxl/devices/$2" ] || {
		echo "cxl destroy-region -f $2 left it: $out" >&2
		return 1
	}
	dax_ids_forget $devs
}

# commit_ram_region_sysfs ROOT_DECODER MEMDEV SIZE [MODE]: the sysfs steps
# of a 1-way region in MODE (ram by default), as cxl create-region does
# them, up to the commit. Prints the region's name; the region is
# committed, not bound.
commit_ram_region_sysfs() {
	mode=${4:-ram}
	cxl_dir=/sys/bus/cxl/devices
	ep=$(endpoint_of "$2") || { echo "no endpoint for $2" >&2; return 1; }
	dec=
	for d in "$cxl_dir/$ep"/decoder*.*; do
		[ "$(cat "$d/mode")" = none ] && [ $(($(cat "$d/dpa_size"))) -eq 0 ] &&
			{ dec=$(basename "$d"); break; }
	done
	[ -n "$dec" ] || {
		echo "no free decoder on $ep:" >&2
		grep . "$cxl_dir/$ep"/decoder*.*/mode "$cxl_dir/$ep"/decoder*.*/dpa_size >&2
		return 1
	}
	r=$(cat "$cxl_dir/$1/create_${mode}_region") || return 1
	# Each step says what failed: a region half made is hard to read.
	for step in "$r:$1/create_${mode}_region" \
		"256:$r/interleave_granularity" "1:$r/interleave_ways" \
		"$3:$r/size" "$mode:$dec/mode" "$3:$dec/dpa_size" \
		"$dec:$r/target0" "1:$r/commit"; do
		echo "${step%%:*}" >"$cxl_dir/${step#*:}" || {
			echo "writing ${step%%:*} to ${step#*:} failed" >&2
			return 1
		}
	done
	echo "$r"
}

# create_ram_region_sysfs ROOT_DECODER MEMDEV SIZE [MODE]: the same, and
# bound. Prints the region's name.
create_ram_region_sysfs() {
	r=$(commit_ram_region_sysfs "$@") &&
		echo "$r" >/sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo "$r"
}

# new_dc_region_sysfs ROOT_DECODER MEMDEV SIZE: the same for dynamic_ram_1.
new_dc_region_sysfs() {
	create_ram_region_sysfs "$1" "$2" "$3" dynamic_ram_1
}

# destroy_region_sysfs ROOT_DECODER REGION: unbind, decommit and delete
# (the endpoint decoder keeps its DPA).
destroy_region_sysfs() {
	cxl_dir=/sys/bus/cxl/devices
	echo "$2" >/sys/bus/cxl/drivers/cxl_region/unbind 2>/dev/null
	echo 0 >"$cxl_dir/$2/commit" &&
		echo "$2" >"$cxl_dir/$1/delete_region"
}

# put VALUE FILE: write an attribute. A failed write is reported (as
# "write error: <strerror>") and returns non-zero; it does not end the
# test, since echo is not a special builtin (POSIX), so neither its
# failed write nor a failed redirection exits the shell.
put() {
	echo "$1" >"$2"
}

# expect_put ERRNO-TEXT VALUE FILE: the write must fail with that error
# and the attribute must read back as before.
expect_put() {
	before=$(cat "$3")
	expect_errno "$1" put "$2" "$3"
	[ "$(cat "$3")" = "$before" ] ||
		fail "failed write of '$2' changed $3 from '$before' to '$(cat "$3")'"
}

# memdev_count: how many memdevs there are (also left in MEMDEVS, for a
# caller that counts without a subshell).
memdev_count() {
	local m
	MEMDEVS=0
	for m in /sys/bus/cxl/devices/mem*; do
		[ ! -e "$m" ] || MEMDEVS=$((MEMDEVS + 1))
	done
	echo $MEMDEVS
}

# Remove every configfs object a test made, deepest first, so the module
# can go. The default device is the module's own and stays.
cleanup_configfs() {
	[ -d "$CONFIGFS" ] || return 0
	for d in "$CONFIGFS"/devices/*; do
		[ -d "$d" ] && [ "$(basename "$d")" != default ] || continue
		# An enabled device cannot be removed; disable it first.
		put 0 "$d/enable"
		rmdir "$d"
	done
	rmdir "$CONFIGFS"/pools/*/backends/* "$CONFIGFS"/pools/* 2>/dev/null
	return 0
}

# expect_errno_exact ERRNO-TEXT CMD...: as expect_errno, but the error
# must be exactly ERRNO-TEXT ("No such device" is also the start of
# "No such device or address").
expect_errno_exact() {
	expect_errno "$@"
	shift
	case "$out" in
	*": $want") ;;
	*) fail "'$*' failed with '$out', expected exactly: $want" ;;
	esac
}

# mock_host_of CONFIGFS-DEVICE: the platform device (cxl_tag_mock_mem.N)
# of an enabled configfs device, found by its serial number.
mock_host_of() {
	local serial s m h
	read -r serial <"$CONFIGFS/devices/$1/serial" || return 1
	for s in /sys/bus/cxl/devices/mem*/serial; do
		read -r m <"$s" 2>/dev/null && [ "$m" = "$serial" ] || continue
		m=${s%/serial}
		for h in /sys/bus/platform/devices/*/"${m##*/}"; do
			[ -e "$h" ] || continue
			h=${h%/*}
			echo "${h##*/}"
			return 0
		done
	done
	return 1
}

# dc_state DEVICE REGION OFFSET: the state dc_extents shows for the extent
# at OFFSET of REGION (e.g. "pending"), or nothing.
dc_state() {
	awk -v r="$2" -v o="$3" '$1 == r && $2 == o { print $6 }' \
		"$CONFIGFS/devices/$1/dc_extents"
}

# tag_status BACKEND-DIR: the first line of its dc_status.
tag_status() {
	local l=
	read -r l <"$1/dc_status"
	echo "$l"
}

# create_dc_region ROOT_DECODER ENDPOINT_DECODER SIZE: a 1-way region in
# the dynamic_ram_1 mode over DC region 0 through ENDPOINT_DECODER (a
# path), which gets SIZE bytes of DPA; committed. Prints its name.
create_dc_region() {
	cxl_dir=/sys/bus/cxl/devices
	r=$(cat "$cxl_dir/$1/create_dynamic_ram_1_region") &&
		echo "$r" >"$cxl_dir/$1/create_dynamic_ram_1_region" &&
		echo 256 >"$cxl_dir/$r/interleave_granularity" &&
		echo 1 >"$cxl_dir/$r/interleave_ways" &&
		echo "$3" >"$cxl_dir/$r/size" &&
		echo dynamic_ram_1 >"$2/mode" &&
		echo "$3" >"$2/dpa_size" &&
		echo "$(basename "$2")" >"$cxl_dir/$r/target0" &&
		echo 1 >"$cxl_dir/$r/commit" || return 1
	echo "$r"
}

# destroy_dc_region ROOT_DECODER REGION ENDPOINT_DECODER: decommit and
# delete it, and give the endpoint decoder's DPA back.
destroy_dc_region() {
	cxl_dir=/sys/bus/cxl/devices
	echo 0 >"$cxl_dir/$2/commit" &&
		echo "$2" >"$cxl_dir/$1/delete_region" &&
		echo 0 >"$3/dpa_size"
}

# The pace every wait shares. A wait of N seconds tries at once and then
# until N - 1 seconds have passed (a wait of 1 tries once): ten times a
# tenth of a second apart first, since most waits end within a few hundred
# milliseconds and a guest asleep for a whole second leaves its core
# idle, then once a second. A waiting function declares
# "local WAIT_END WAIT_TRIES" (so that waits can nest), calls wait_begin N
# and, after each failed try, wait_more, which is false once time is up.
uptime_cs() {	# sets NOW_CS: /proc/uptime in hundredths of a second
	read -r NOW_CS _ </proc/uptime
	NOW_CS=${NOW_CS%.*}${NOW_CS#*.}
}
wait_begin() {
	uptime_cs
	WAIT_END=$((NOW_CS + ($1 - 1) * 100))
	WAIT_TRIES=0
}
wait_more() {
	uptime_cs
	[ "$NOW_CS" -lt "$WAIT_END" ] || return 1
	WAIT_TRIES=$((WAIT_TRIES + 1))
	if [ "$WAIT_TRIES" -le 10 ]; then
		sleep 0.1
	else
		sleep 1
	fi
}

# wait_for SECONDS CMD...: retry CMD until it succeeds, for SECONDS.
wait_for() {
	local WAIT_END WAIT_TRIES
	wait_begin "$1"
	shift
	while ! "$@" >/dev/null 2>&1; do
		wait_more || return 1
	done
}

# --- Fixtures: the start of a test and the objects it makes --------------

# ctm_start [dax] [MOCK-ARGS...]: the start of a test that needs the media:
# ctm_cleanup on EXIT, a skip when the guest has no media range, the mock
# loaded (with MOCK-ARGS) and, with "dax", dax_cxl and device_dax. Fails
# the test when a module does not load. Sets C, the tests' short name for
# $CONFIGFS.
ctm_start() {
	local dax=
	C=$CONFIGFS
	trap ctm_cleanup EXIT
	[ -n "${CTM_MEDIA:-}" ] || skip "the guest was booted without a media range"
	[ "${1:-}" != dax ] || { dax=1; shift; }
	load_mock "$@" || fail "modprobe cxl_tag_mock"
	[ -z "$dax" ] || { modprobe dax_cxl && modprobe device_dax; } || fail "dax modules"
}

# ctm_backend POOL NAME TAG SIZE [SEED]: a backend NAME of configfs pool
# POOL with TAG and SIZE bytes reserved; with SEED, filled from the device
# side (its debugfs view) with ctm-pattern's pattern SEED.
ctm_backend() {
	local b=$CONFIGFS/pools/$1/backends/$2
	mkdir "$b" && put "$3" "$b/tag" && put "$4" "$b/size" || return 1
	[ -z "${5:-}" ] ||
		ctm-pattern write "/sys/kernel/debug/cxl_tag_mock/pools/$1/$2" 0 "$4" "$5"
}

# ctm_pool POOL SIZE [NAME:TAG:SIZE[:SEED]...]: a configfs pool of SIZE
# bytes and the tagged backends named (ctm_backend).
ctm_pool() {
	local p=$1 b n t sz
	mkdir "$CONFIGFS/pools/$p" && put "$2" "$CONFIGFS/pools/$p/size" || return 1
	shift 2
	for b in "$@"; do
		n=${b%%:*}
		b=${b#*:}
		t=${b%%:*}
		b=${b#*:}
		sz=${b%%:*}
		b=${b#"$sz"}
		ctm_backend "$p" "$n" "$t" "$sz" "${b#:}" || return 1
	done
}

# ctm_dev DEVICE RAM_SIZE DC0_SIZE [POOL|-] [ATTR=VALUE...]: a configfs
# device of that geometry, linked to POOL ("-" or none: no pool), with each
# ATTR (a path below the device, e.g. dc0/sanitize_on_release or
# dc_preload) written in order; not enabled. Prints the device's
# directory.
ctm_dev() {
	local d=$CONFIGFS/devices/$1 a
	mkdir "$d" && put "$2" "$d/ram_size" && put "$3" "$d/dc0/size" || return 1
	if [ $# -gt 3 ]; then
		[ "$4" = - ] || ln -s "$CONFIGFS/pools/$4" "$d/pool" || return 1
		shift 4
	else
		shift 3
	fi
	for a in "$@"; do
		put "${a#*=}" "$d/${a%%=*}" || return 1
	done
	echo "$d"
}

# ctm_dc_dev DEVICE RAM_SIZE DC0_SIZE [POOL|-] [ATTR=VALUE...]: the same,
# enabled. Prints the device's directory.
ctm_dc_dev() {
	ctm_dev "$@" >/dev/null && put 1 "$CONFIGFS/devices/$1/enable" || return 1
	echo "$CONFIGFS/devices/$1"
}

# ctm_rm_dev DIR: disable the configfs device at DIR, remove its pool link
# when it has one, and remove it.
ctm_rm_dev() {
	put 0 "$1/enable" || return 1
	[ ! -L "$1/pool" ] || rm "$1/pool" || return 1
	rmdir "$1"
}

# mock_knob DEVICE [KNOB]: the path of KNOB of the platform device
# (cxl_tag_mock_mem.N) of configfs DEVICE, e.g. dc_inject_extent; of the
# platform device itself without KNOB.
mock_knob() {
	local h
	h=$(mock_host_of "$1") || return 1
	echo "/sys/bus/platform/devices/$h${2:+/$2}"
}

# mock_debugfs DEVICE [FILE]: the path of FILE in the debugfs directory
# of configfs DEVICE (where every test knob of the device is), e.g.
# dc_hold_events; of the directory itself without FILE.
mock_debugfs() {
	local h
	h=$(mock_host_of "$1") || return 1
	echo "/sys/kernel/debug/cxl_tag_mock/$h${2:+/$2}"
}

# ctm_pass: the end of a test that passed: unload the mock (the test fails
# when it cannot go) and exit 0.
ctm_pass() {
	unload_mock || fail "unload"
	exit 0
}

# ctm_dc_region DEVICE [SIZE [MAKER]]: a dynamic_ram_1 region of SIZE
# bytes (256 MiB) over the memdev of configfs DEVICE, made by MAKER
# (new_dc_region; new_dc_region_sysfs), once dax_cxl has given it its DAX
# region. Prints the region's name.
ctm_dc_region() {
	local mem r
	mem=$(memdev_of "$1") && [ -n "$mem" ] || { echo "no memdev for $1" >&2; return 1; }
	r=$(${3:-new_dc_region} decoder0.0 "$mem" "${2:-0x10000000}") || return 1
	wait_for 10 test -e "$(dc_dax_dir "$r")/dax_region/seed" ||
		{ echo "no DAX region under $r" >&2; return 1; }
	echo "$r"
}

# --- Dynamic Capacity scenario helpers (tests/dc_scn_*.sh) ---------------

# dc_mbox_runs DEVICE OPCODE: how often the host has sent the mailbox
# command OPCODE ("0x4803") to configfs device DEVICE (the mock's per
# device mailbox statistics in debugfs).
dc_mbox_runs() {
	awk -v op="$2" '$1 == op { print $2 }' \
		"/sys/kernel/debug/cxl_tag_mock/$(mock_host_of "$1")/mailbox"
}

# dc_mbox_fails DEVICE OPCODE: how often the mock refused OPCODE.
dc_mbox_fails() {
	awk -v op="$2" '$1 == op { print $3 }' \
		"/sys/kernel/debug/cxl_tag_mock/$(mock_host_of "$1")/mailbox"
}

# dc_deferred DEVICE CMD...: CMD writes one of DEVICE's request knobs to
# ask for a release that the host must defer (what it names is in use).
# The knobs are synchronous: when the write returns, the host has read
# the record and answered it. So the deferral shows positively, at once:
# the host read the DC log (Get Event Records ran) and sent no Release DC.
dc_deferred() {
	local dev=$1 get0 rel0
	shift
	get0=$(dc_mbox_runs "$dev" 0x0100) && rel0=$(dc_mbox_runs "$dev" 0x4803) ||
		{ echo "no mailbox statistics for $dev"; return 1; }
	"$@" || { echo "$*: failed"; return 1; }
	[ "$(dc_mbox_runs "$dev" 0x0100)" -gt "$get0" ] ||
		{ echo "the host did not read the release record"; return 1; }
	[ "$(dc_mbox_runs "$dev" 0x4803)" = "$rel0" ] ||
		{ echo "the host sent Release DC"; return 1; }
}

# memdev_of CONFIGFS-DEVICE: the memX of an enabled configfs device.
memdev_of() {
	local h m
	h=$(mock_host_of "$1") || return 1
	for m in /sys/bus/platform/devices/"$h"/mem*; do
		[ -e "$m" ] && echo "${m##*/}"
	done
}

# dc_dax_dir REGION: the region's cxl_dax_region directory
# (/sys/bus/cxl/devices/regionN/dax_regionN), where its extents are.
dc_dax_dir() {
	echo "/sys/bus/cxl/devices/$1/dax_region${1#region}"
}

# dc_host_extents REGION: the host's extents of REGION as cxl list -N
# shows them, one a line in offset order: "<offset> <length> <uuid or ->",
# offset and length in hex as sysfs shows them ("-" for untagged: the
# null UUID in the JSON). Nothing when there is no such region.
dc_host_extents() {
	local o l u
	cxl list -R -N -r "$1" 2>/dev/null | awk -v nul="$NULL_UUID" '
		/"extents":\[\]/ { next }
		/"extents":\[/ { inside = 1; next }
		inside && /^ *\]/ { inside = 0; next }
		!inside { next }
		{ gsub(/[ ",]/, "") }
		/^offset:/ { o = substr($0, 8) }
		/^length:/ { l = substr($0, 8) }
		/^uuid:/ { u = substr($0, 6); if (u == nul) u = "-"; print o, l, u }
	' | sort -n | while read -r o l u; do
		printf '0x%x 0x%x %s\n' "$o" "$l" "$u"
	done
}

# joined_insert LIST ENTRY: ENTRY, which starts with an offset, put into
# LIST (entries joined by ";", by ascending offset) before the first entry
# at a higher offset; the result in INSERTED. Builtins only: the checks
# that call it run after every step of the long tests.
joined_insert() {
	local rest=$1 out=
	while [ -n "$rest" ] && [ $((${rest%% *} < ${2%% *})) = 1 ]; do
		out="$out${rest%%;*};"
		rest=${rest#*;}
	done
	INSERTED="$out$2;$rest"
}

# dc_sysfs_read REGION: set JOINED to the host's extents of REGION read
# from their sysfs attributes (regionN/dax_regionN/extentN.M/{offset,
# length,uuid}), each "<offset> <length> <uuid or ->;", in offset order.
# The shell does it all: dc_wait_host polls it.
dc_sysfs_read() {
	local e o l u
	JOINED=
	for e in "/sys/bus/cxl/devices/$1/dax_region${1#region}"/extent*; do
		{ read -r o <"$e/offset" && read -r l <"$e/length"; } 2>/dev/null ||
			continue
		u=-
		[ ! -e "$e/uuid" ] || read -r u <"$e/uuid" 2>/dev/null || u=-
		joined_insert "$JOINED" "$o $l $u"
		JOINED=$INSERTED
	done
}

# dc_sysfs_extents REGION: the same as dc_host_extents, read from sysfs
# (dc_sysfs_read), one extent a line.
dc_sysfs_extents() {
	local rest
	dc_sysfs_read "$1"
	rest=$JOINED
	while [ -n "$rest" ]; do
		echo "${rest%%;*}"
		rest=${rest#*;}
	done
}

# dc_host_count REGION: how many extents the host has in REGION, from
# sysfs (the tests that count do so while extents come and go by the
# hundred).
dc_host_count() {
	ls "$(dc_dax_dir "$1")" | grep -c '^extent'
}

# dc_wait_host SECONDS REGION EXPECTED: wait until the host's extents of
# REGION are EXPECTED (lines joined by ";"), as cxl list -N shows them
# (dc_host_extents); on timeout, print what they are. The wait polls the
# extents' sysfs attributes, which costs nothing, and asks cxl list once
# they match (a cxl list takes about a second in the TCG guest). A test
# that stays on sysfs sets DC_LIST=dc_sysfs_extents: then cxl list is not
# asked.
dc_wait_host() {
	local WAIT_END WAIT_TRIES got
	wait_begin "$1"
	while :; do
		dc_sysfs_read "$2"
		got=$JOINED
		if [ "$got" = "$3" ]; then
			[ "${DC_LIST:-}" = dc_sysfs_extents ] && return 0
			got=$(dc_host_extents "$2" | tr '\n' ';')
			[ "$got" = "$3" ] && return 0
			got="$got (cxl list), sysfs: '$3'"
		fi
		wait_more || { echo "host extents of $2: '$got', expected '$3'"; return 1; }
	done
}

# dc_avail REGION: its DAX region's available_size.
dc_avail() {
	local a
	read -r a <"/sys/bus/cxl/devices/$1/dax_region${1#region}/dax_region/available_size" &&
		echo "$a"
}

# dc_seed REGION: a zero-size seed DAX device of REGION (made with
# "create" when the region has none); prints its name.
dc_seed() {
	local R s
	R=$(dc_dax_dir "$1")/dax_region
	s=$(cat "$R/seed")
	[ -n "$s" ] || { put 1 "$R/create" && s=$(cat "$R/seed"); }
	[ -n "$s" ] || return 1
	echo "$s"
}

# dc_claim REGION TAG: daxctl create-device -r REGION --uuid TAG ("0": one
# untagged extent): a seed device of REGION claims TAG and is bound to
# device_dax. Prints the device's name.
dc_claim() {
	local out d
	out=$(daxctl create-device -r "$1" --uuid "$2" 2>&1) || {
		echo "daxctl create-device -r $1 --uuid $2: $out" >&2
		return 1
	}
	d=$(echo "$out" | json_str chardev)
	[ -n "$d" ] || { echo "daxctl create-device made no device: $out" >&2; return 1; }
	echo "$d"
}

# dc_unclaim REGION DAX: daxctl disable-device, then destroy-device, which
# gives its extents back (size 0) and deletes it (device 0 of a region
# always stays). disable-device also takes DAX out of device_dax's IDs.
dc_unclaim() {
	local out
	out=$(daxctl disable-device "$2" 2>&1 && daxctl destroy-device "$2" 2>&1) || {
		echo "unclaim $2: $out" >&2
		return 1
	}
	# Both exit 0 when they find no such device ("destroyed 0 devices").
	case "$out" in
	*"destroyed 1 device"*) ;;
	*) echo "unclaim $2: $out" >&2; return 1 ;;
	esac
}

# dc_claim_sysfs REGION TAG / dc_unclaim_sysfs REGION DAX: the same through
# the DAX attributes: the seed's uuid, device_dax's bind and unbind, size
# 0 and the region's delete.
dc_claim_sysfs() {
	local s
	s=$(dc_seed "$1") || return 1
	put "$2" "/sys/bus/dax/devices/$s/uuid" || return 1
	put "$s" /sys/bus/dax/drivers/device_dax/bind || return 1
	echo "$s"
}
dc_unclaim_sysfs() {
	if [ -e "/sys/bus/dax/devices/$2/driver" ]; then
		put "$2" /sys/bus/dax/drivers/device_dax/unbind || return 1
	fi
	put 0 "/sys/bus/dax/devices/$2/size" || return 1
	[ "${2#*.}" = 0 ] || put "$2" "$(dc_dax_dir "$1")/dax_region/delete"
}

# dc_trace_start: trace cxl:cxl_dynamic_capacity from now on, alone.
DC_TRACE=/sys/kernel/tracing
dc_trace_start() {
	[ -d $DC_TRACE/events ] || mount -t tracefs nodev $DC_TRACE || return 1
	echo 0 >$DC_TRACE/tracing_on
	echo >$DC_TRACE/trace
	echo 1 >$DC_TRACE/events/cxl/cxl_dynamic_capacity/enable || return 1
	echo 1 >$DC_TRACE/tracing_on
}

# dc_trace_count TYPE: cxl_dynamic_capacity events of TYPE (add, release)
# traced since dc_trace_start.
dc_trace_count() {
	grep -c "cxl_dynamic_capacity:.*type=$1 " $DC_TRACE/trace
}

# dc_trace_stop
dc_trace_stop() {
	echo 0 >$DC_TRACE/tracing_on
	echo 0 >$DC_TRACE/events/cxl/cxl_dynamic_capacity/enable
}

# read_joined FILE: set JOINED to FILE's lines joined by ";" (as
# tr '\n' ';' would join them), read by the shell.
read_joined() {
	local l
	JOINED=
	while IFS= read -r l; do
		JOINED="$JOINED$l;"
	done <"$1"
	JOINED=$JOINED$l
}

# dc_extents_of DEVICE: its dc_extents, lines joined by ";".
dc_extents_of() {
	read_joined "$CONFIGFS/devices/$1/dc_extents"
	echo "$JOINED"
}

# dc_wait_extents SECONDS DEVICE EXPECTED: wait until dc_extents_of DEVICE
# is EXPECTED; on timeout, print what it is.
dc_wait_extents() {
	local WAIT_END WAIT_TRIES got
	wait_begin "$1"
	while :; do
		got=$(dc_extents_of "$2")
		[ "$got" = "$3" ] && return 0
		wait_more || { echo "dc_extents of $2: '$got', expected '$3'"; return 1; }
	done
}

# dc_log_mark / dc_log_since: the kernel log lines printed after the mark.
# The mark is a line of its own in the log: counting lines would see
# nothing new once the ring buffer is full (a test that floods the log, as
# fault injection does, fills it).
dc_log_mark() {
	DC_LOG_MARK="cxl_tag_mock-test: mark $$.$(date +%s).$RANDOM"
	echo "$DC_LOG_MARK" >/dev/kmsg
}
dc_log_since() {
	dmesg | awk -v m="$DC_LOG_MARK" 'found { print } index($0, m) { found = 1 }'
}

# ctm_cleanup: after a failed test, take down what it left (every region
# of decoder0.0, newest first; configfs objects; the mock) so that the next
# test starts clean. Quiet, and harmless when nothing is left: a test that
# passed has unloaded the mock, and then it does nothing. Every test runs
# it on EXIT (ctm_start sets that trap; a test with more to undo sets its
# own, ending with ctm_cleanup).
ctm_cleanup() {
	[ -e /sys/module/cxl_tag_mock ] || return 0
	for r in $(ls -d /sys/bus/cxl/devices/decoder0.0/region* 2>/dev/null |
		   sed 's/.*region//' | sort -rn); do
		dax_ids_forget $(dax_devs_of region$r)
		destroy_region_sysfs decoder0.0 region$r
		for ep in /sys/bus/cxl/devices/endpoint*/decoder*; do
			[ "$(cat $ep/dpa_size 2>/dev/null)" != 0 ] &&
				[ -z "$(cat $ep/region 2>/dev/null)" ] &&
				echo 0 >$ep/dpa_size
		done
	done
	for d in "$CONFIGFS"/devices/*; do
		[ "$(basename "$d")" != default ] || continue
		put 0 "$d/enable"
		rm -f "$d/pool"
	done
	cleanup_configfs
	unload_mock
} >/dev/null 2>&1

# dc_ep_decoder MEMDEV N: the path of endpoint decoder N of MEMDEV.
dc_ep_decoder() {
	local ep
	ep=$(endpoint_of "$1") || return 1
	echo "/sys/bus/cxl/devices/$ep/decoder${ep#endpoint}.$2"
}

# dc_region_on ENDPOINT_DECODER SIZE: a dynamic_ram_1 region of
# decoder0.0 through ENDPOINT_DECODER (a path, which may have been used by
# a region before), committed and bound; prints its name.
dc_region_on() {
	local r
	r=$(create_dc_region decoder0.0 "$1" "$2") || return 1
	echo "$r" >/sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo "$r"
}

# dc_region_off REGION ENDPOINT_DECODER: unbind, decommit and delete
# REGION and free the decoder's DPA, so that dc_region_on can use it again.
dc_region_off() {
	local devs
	devs=$(dax_devs_of "$1")
	echo "$1" >/sys/bus/cxl/drivers/cxl_region/unbind 2>/dev/null
	dax_ids_forget $devs
	destroy_dc_region decoder0.0 "$1" "$2"
}

# --- Kernel log brackets and mapping holders (tests/dc_*.sh) ---------------

# dc_expect_begin NAME / dc_expect_end NAME: host DC failures logged
# between them are expected by test NAME; run-guest.sh ignores them there
# and fails the run on any other. An end without a begin is harmless, so
# a cleanup trap may always write one.
dc_expect_begin() {
	echo "cxl_tag_mock-test: expected-errors begin $1" >/dev/kmsg
}
dc_expect_end() {
	echo "cxl_tag_mock-test: expected-errors end $1" >/dev/kmsg
}

# mh_start ID PATH LENGTH: a ctm-maphold process that maps PATH and waits
# for commands (see helpers/ctm-maphold.c); a sleeping writer keeps its
# fifo open between commands. Fails unless the mapping is made.
mh_start() {
	local d=/tmp/mh.$1
	rm -rf "$d"
	mkdir "$d" && mkfifo "$d/in" || return 1
	ctm-maphold "$2" "$3" <"$d/in" >"$d/out" 2>&1 &
	echo $! >"$d/pid"
	sleep 100000 >"$d/in" &
	echo $! >"$d/writer"
	wait_for 10 grep -qx ready "$d/out" || { cat "$d/out"; return 1; }
}

# mh_cmd ID COMMAND: send one command, print its one-line answer.
mh_cmd() {
	local d=/tmp/mh.$1 n i=0
	n=$(wc -l <"$d/out")
	echo "$2" >"$d/in"
	while [ "$(wc -l <"$d/out")" -le "$n" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "no answer"; return 1; }
		sleep 0.1
	done
	tail -n 1 "$d/out"
}

# mh_stop ID: end the holder (and its mapping); harmless when gone.
mh_stop() {
	local d=/tmp/mh.$1
	[ -d "$d" ] || return 0
	kill "$(cat "$d/pid")" "$(cat "$d/writer")" 2>/dev/null
	wait "$(cat "$d/pid")" 2>/dev/null
	rm -rf "$d"
	return 0
}

# dc_pool_balanced POOL: its used + free is its size.
dc_pool_balanced() {
	local p=$CONFIGFS/pools/$1 u f s
	read -r u <"$p/used" && read -r f <"$p/free" && read -r s <"$p/size" &&
		[ $((u + f)) -eq $((s)) ]
}

# dc_sides_agree DEVICE REGION: the extents the device holds for the host
# (dc_extents: accepted or release-pending) are the host's (read from
# sysfs, dc_sysfs_extents: a check of the harness, run often), offsets,
# lengths and tags, and no offer is left pending or as a duplicate. One region over the whole DC
# partition: the device's offsets into DC region 0 are the host's.
dc_sides_agree() {
	local r o l t q st x dev= offers=
	while read -r r o l t q st x; do
		case "$st" in
		accepted | release-pending)
			if [ -z "$x" ]; then
				joined_insert "$dev" "$o $l $t"
				dev=$INSERTED
				continue
			fi
			;;
		esac
		offers="${offers}offer: $r $o $l $t $q $st $x;"
	done <"$CONFIGFS/devices/$1/dc_extents"
	dc_sysfs_read "$2"
	[ -z "$offers" ] && [ "$dev" = "$JOINED" ] && return 0
	echo "device: $offers$dev host: $JOINED"
	return 1
}
