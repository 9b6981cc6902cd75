#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Adversarial: a fuzzer over every writable configfs attribute, platform
# sysfs knob (dc_*) and debugfs knob of the mock. The attributes are found
# by listing the directories, so a new one is fuzzed too (of the identical
# groups dc0-dc7, dc0 only: they share their code); the table in
# fuzz_one says what each must refuse and with which errno (from
# Documentation/ABI/testing/*cxl-tag-mock*; "*" where the documentation
# names none: any failure). After every refused write the whole state
# must read back as before: every readable configfs attribute, the
# structure of the tree and the debugfs knobs; each backend's contents
# after its fuzzing and at the end.
# Objects are fuzzed in both states where that matters: a disabled and an
# enabled device, backends unreserved, reserved and in use.
#
# Every fault is recorded and the run goes on (re-reading the state after
# a write that changed it), so that one run lists them all.
. "$CTM/lib.sh"

ctm_start
trap 'exec 3>&- 4<&-; ctm_cleanup; rm -rf /tmp/fz' EXIT
DBG=/sys/kernel/debug/cxl_tag_mock
A=5be13bce-ae34-4a77-b6c3-16df975fcf1a
B=6be13bce-ae34-4a77-b6c3-16df975fcf1a
U=7be13bce-ae34-4a77-b6c3-16df975fcf1a
A_UP=$(echo $A | tr a-f A-F)
M=0x200000
mkdir -p /tmp/fz

# The writes go through one ctm-wserve process (its header says why and
# how): requests on fd 3, replies on fd 4.
mkfifo /tmp/fz/req /tmp/fz/rsp || fail "mkfifo"
ctm-wserve </tmp/fz/req >/tmp/fz/rsp &
exec 3>/tmp/fz/req 4</tmp/fz/rsp
# ws FIELD...: one request, the fields joined by tabs; the reply in rsp.
ws() {
	local IFS='	'
	printf '%s\n' "$*" >&3
	IFS= read -r rsp <&4 || fail "ctm-wserve is gone"
}
# wsw MODE FILE DATA: one write; what it did in out, the state change in chg.
WRITES=0
wsw() {
	WRITES=$((WRITES + 1))
	ws W "$1" "$2" "$3"
	out=${rsp%%	*}
	chg=${rsp#*	}
}

# --- objects in each state ---------------------------------------------
mkdir $C/pools/p0 $C/pools/p1 $C/pools/p2 || fail "mkdir pools"
put 0x4000000 $C/pools/p0/size && put $M $C/pools/p2/size || fail "pool sizes"
P=$C/pools/p0/backends
mkdir $P/a $P/b $P/u $C/pools/p1/backends/n || fail "mkdir backends"
put $A $P/a/tag && put 0x800000 $P/a/size || fail "backend a"
put $B $P/b/tag && put 0x400000 $P/b/size || fail "backend b"
ctm-pattern write $DBG/pools/p0/a 0 0x800000 31 &&
	ctm-pattern write $DBG/pools/p0/b 0 0x400000 32 || fail "fill backends"

# d: disabled, with a preload list. e: enabled, events held, so that
# nothing moves while it is fuzzed; backend a has an accepted (preloaded)
# and a pending extent there, b has none.
D=$C/devices/d
E=$C/devices/e
mkdir $D $E || fail "mkdir devices"
for x in $D $E; do
	put 0x10000000 $x/ram_size && put 0x10000000 $x/dc0/size &&
		ln -s $C/pools/p0 $x/pool || fail "geometry of $x"
done
PRELOAD="0:0x1000000:$M:$A"
put "$PRELOAD" $D/dc_preload && put "$PRELOAD" $E/dc_preload || fail "preload"
put 1 $E/dc_hold_events && put 1 $E/enable || fail "enable e"
put "0 $A prescriptive 0:$M" $E/dc_add || fail "offer on e"
[ "$(cat $P/a/state)" = in-use ] && [ "$(cat $P/b/state)" = reserved ] &&
	[ "$(cat $P/u/state)" = unreserved ] || fail "backend states"
H=$(mock_knob e)
HD=$DBG/$(basename $H)
[ -d $HD ] || fail "no debugfs directory $HD"

# --- state snapshot and the write primitives ---------------------------
# After every write: the attributes of the object whose attribute it is
# (set per directory fuzzed with ws L: the attribute itself and its
# object's state; ctm-wserve compares them). After every object: the
# whole state, the structure of the trees and every readable configfs
# attribute and debugfs knob, which costs too much in the TCG guest to
# take after each of ~400 writes, or after each of ~60 attributes; a
# change there names the object, the write that made it is then found by
# running the object's writes alone.
# Backend contents are checked after each backend's fuzzing and at the
# end.
snapshot() {
	grep -r -s -H '' $C $HD/dc_list_page $HD/dc_list_churn $HD/dc_lose_records $HD/dc_hold_events
	ls -R $DBG/pools /sys/bus/cxl/devices
}
ws L $C/features
BASE=
rebase() { BASE=$(snapshot); ws B; }

# Faults go to a file, one line each, and are summed up at the end.
FAULTS=0
fault() {
	FAULTS=$((FAULTS + 1))
	echo "$*" | cut -c1-240 >>/tmp/fz/faults
}

changes() {	# BEFORE AFTER: the first lines that differ
	echo "$1" >/tmp/fz/before
	echo "$2" >/tmp/fz/after
	diff /tmp/fz/before /tmp/fz/after | grep '^[-+][^-+]' | head -n 2 | tr '\n' ' '
}

# check_write WANT WHAT OUT: OUT is what ctm-write said; WANT is an errno
# text, several separated by "|", or "*" for any failure. The state must
# be as before.
check_write() {
	want=$1 what=$2 out=$3 msg=
	case "$out" in
	"write error: "*)
		got=${out#write error: }
		ok=0
		if [ "$want" = "*" ]; then
			ok=1
		else
			IFS='|'
			for w in $want; do [ "$got" = "$w" ] && ok=1; done
			unset IFS
		fi
		[ $ok = 1 ] || msg="failed with '$got', expected '$want'"
		;;
	"") msg="accepted (all bytes), expected '$want'" ;;
	*"short write"*) msg="accepted ($out), expected '$want'" ;;
	*) msg="$out, expected '$want'" ;;
	esac
	[ -z "$chg" ] || msg="$msg; changed: $chg"
	# The size of a written file is said only in a fault: counting it
	# for every write would cost a process each.
	[ -z "$msg" ] || [ -z "$FZ_FILE" ] ||
		what="${what%%@BYTES@*}$(wc -c <"$FZ_FILE")${what#*@BYTES@}"
	[ -z "$msg" ] || fault "$what: $msg"
}

# bad WANT FILE VALUE: write VALUE and a newline in one write().
bad() {
	wsw s "$2" "$3"
	check_write "$1" "'$3' > $2" "$out"
}

# bad_raw WANT FILE FORMAT: write printf FORMAT (may hold \000) as is.
bad_raw() {
	wsw r "$2" "$3"
	check_write "$1" "printf '$3' > $2" "$out"
}

# bad_file WANT FILE DATAFILE [LABEL]: write the file's bytes in one write().
FZ_FILE=
bad_file() {
	wsw f "$2" "$3"
	FZ_FILE=$3
	check_write "$1" "${4:-${3##*/}} (@BYTES@ bytes) > $2" "$out"
	FZ_FILE=
}

# bad_echo WANT FILE DATAFILE: as a shell's echo does it, which retries
# what a short write left: the value must not be cut, nor replaced by its
# tail; the shell must see the failure.
bad_echo() {
	out=$(sh -c 'echo "$(cat "$1")" >"$2"' x "$3" "$2" 2>&1) &&
		fault "echo of $(basename "$3") ($(wc -c <"$3") bytes) > $2: exit 0"
	case "$out" in
	*"$1"*) ;;
	*) fault "echo of $(basename "$3") > $2: '$out', expected $1" ;;
	esac
	ws C
	[ -z "$rsp" ] || fault "echo of $(basename "$3") > $2 changed the state: $rsp"
}

# good FILE VALUE: a write that must succeed; the state is read again.
good() {
	wsw s "$1" "$2"
	[ -z "$out" ] || fault "'$2' > $1: $out"
	rebase
}

# Values that are bad for every attribute. Each write costs a snapshot of
# the state in the TCG guest, so each attribute gets the values that tell
# its parser's faults apart, not every spelling of them: 4 KiB of garbage
# stands for any value longer than a page (6 KiB ones take the same path).
head -c 4096 /dev/zero | tr '\0' 'Q' >/tmp/fz/garbage4k
# Digits longer than a page, a valid value if cut: the kernel must not
# parse the first page alone. Zeros where the attribute is 0 (or not
# writable), ones where it is 1, so that a cut value changes nothing.
{ head -c 4200 /dev/zero | tr '\0' '0'; echo 7; } >/tmp/fz/zeros4k
{ head -c 4200 /dev/zero | tr '\0' '1'; echo 1; } >/tmp/fz/ones4k
DIGITS=/tmp/fz/zeros4k

# An empty value (a newline alone), a NUL alone.
empty_bad() {	# FILE WANT
	bad "$2" "$1" ""
	bad_raw "$2" "$1" '\000'
}

# Garbage, an embedded NUL, and values longer than a page: the whole value
# or nothing.
long_bad() {	# FILE WANT
	bad_raw "$2" "$1" 'a\000b'
	bad_file "*" "$1" /tmp/fz/garbage4k
	bad_file "*" "$1" $DIGITS
}

common_bad() {	# FILE WANT-FOR-FORMAT-ERRORS
	empty_bad "$1" "$2"
	long_bad "$1" "$2"
}

# Numbers that are not numbers, or too large for 64 bits.
# VALID is a value that changes nothing or fails differently when taken,
# so that a kernel that stops at an embedded NUL shows as a wrong errno.
num_bad() {	# FILE WANT-EINVAL WANT-ERANGE VALID
	common_bad "$1" "$2"
	bad "$2" "$1" "-1"
	bad "$2" "$1" "0x200000 junk"
	bad "$3" "$1" "99999999999999999999999"
	bad "$3" "$1" "0x10000000000000000"
	# A valid number and a NUL: the kernel must not stop at the NUL.
	bad_raw "$2" "$1" "$4\\000junk\\n"
}

# Settings of an enabled device: a valid value is busy, and so may be
# anything else.
busy_bad() {	# FILE VALID
	bad "$EB" "$1" "$2"
	bad "$EI|$EB" "$1" ""
	bad "$EI|$EB|$ER" "$1" "99999999999999999999999"
	bad_raw "$EI|$EB" "$1" "$2\\000junk\\n"
	bad_file "*" "$1" /tmp/fz/garbage4k
}

bool_bad() {	# FILE WANT
	common_bad "$1" "$2"
	bad_raw "$2" "$1" "$(cat "$1")\\000junk\\n"
	bad "$2" "$1" "2"
	bad "$2" "$1" "x"
}

EI="Invalid argument"
ER="Numerical result out of range"
EB="Device or resource busy"
EBIG="File too large"
ENS="No space left on device"
ENX="No such device or address"
ENE="No such file or directory"

# A list longer than a page: NR entries made by FORMAT from index i.
long_list() {	# NR FORMAT OUT
	i=0
	while [ $i -lt $1 ]; do
		eval "printf '%s ' \"$2\""
		i=$((i + 1))
	done >"$3"
}

# --- the table: what each attribute must refuse -------------------------
# fuzz_one KIND FILE: KIND is where the file is (pool, backend, dev, dc,
# plat, dbgdev, dbgpool) and the state of its object (on, off, inuse...).
fuzz_one() {
	kind=$1 f=$2 name=$(basename "$2")
	case "$kind/$name" in
	pool-*/size)
		# A number that is no size may be busy first where a
		# backend holds pages.
		inval=$EI
		[ $kind != pool-busy ] || inval="$EI|$EB"
		num_bad $f "$EI" "$ER" 0x80000000
		bad "$inval" $f 0
		bad "$inval" $f 0x300000
		bad "$inval" $f 0xffffffffffffffff
		if [ $kind = pool-busy ]; then
			bad "$EB" $f 0x8000000
		else
			bad "$ENS" $f 0xffffffffffe00000
			# More than the guest's RAM and media together.
			bad "$ENS" $f 0x400000000
		fi
		;;
	backend-*/tag)
		bad "$EI" $f ""
		bad "$EI" $f "{$U}"
		bad "$EI" $f "${U%?}"
		bad "$EI" $f "$U junk"
		bad "$EI" $f 00000000-0000-0000-0000-000000000000
		bad_raw "$EI" $f "$A\\000junk\\n"
		bad_file "*" $f /tmp/fz/garbage4k
		if [ $kind = backend-inuse ]; then
			bad "$EB" $f $U
		else
			# Another backend's tag, in either case, is taken.
			bad "File exists" $f $A
			bad "File exists" $f $A_UP
		fi
		;;
	backend-*/size)
		inval=$EI
		[ $kind != backend-inuse ] || inval="$EI|$EB"
		num_bad $f "$EI" "$ER" 0x8000000
		bad "$inval" $f 0
		bad "$inval" $f 0x100000
		bad "$inval" $f 0xffffffffffffffff
		case $kind in
		backend-inuse) bad "$EB" $f 0x400000 ;;
		backend-nopool) bad "$EI" $f $M ;;
		*)
			bad "$ENS" $f 0xffffffffffe00000
			bad "$ENS" $f 0x8000000
			;;
		esac
		;;
	dev-off/ram_size | dev-off/serial | dc-off/size | dc-off/block_size)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		;;
	dev-off/dc_gap)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		bad "$EI" $f 0x1000
		bad "$EI" $f 0xffffffffffffffff
		;;
	dev-off/payload_size)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		bad "$EI" $f 0
		bad "$EI" $f 255
		bad "$EI" $f 0x2000
		bad "$EI" $f 0xffffffffffffffff
		;;
	dev-on/ram_size | dev-on/serial | dev-on/dc_gap | dev-on/payload_size | dc-on/size | dc-on/block_size)
		busy_bad $f "$(cat $f)"
		;;
	dev-*/enable | dev-off/dc_hold_events | dc-off/sanitize_on_release | dc-off/sharable | \
	dc-off/read_only | dc-off/dsmas | dbgdev-on/dc_hold_events)
		[ "$(cat $f)" = 1 ] && DIGITS=/tmp/fz/ones4k
		bool_bad $f "$EI"
		DIGITS=/tmp/fz/zeros4k
		;;
	dc-on/sanitize_on_release | dc-on/sharable | dc-on/read_only | dc-on/dsmas)
		busy_bad $f 1
		;;
	dev-on/dc_hold_events)
		# Configuration, the state the device starts in; the live
		# state is the debugfs knob.
		busy_bad $f "$(cat $f)"
		;;
	dev-off/dc_preload)
		fuzz_preload $f
		;;
	dev-on/dc_preload)
		common_bad $f "$EI|$EB"
		bad "$EB" $f ""
		bad "$EB" $f "0:0:$M"
		;;
	dev-off/dc_add | dev-off/dc_release | dev-off/dc_force_release)
		# A well-formed request of a disabled device: no device.
		common_bad $f "$EI|No such device"
		if [ $name = dc_add ]; then
			bad "No such device" $f "0 $A prescriptive 0x400000:$M"
		else
			bad "No such device" $f "0 0x400000:$M"
			bad "No such device" $f "tag $A"
		fi
		;;
	dev-on/dc_add)
		fuzz_add $f
		;;
	dev-on/dc_release | dev-on/dc_force_release)
		fuzz_release $f
		;;
	plat-on/dc_inject_extent | plat-on/dc_inject_shared_extent | \
	dbgdev-on/dc_inject_extent | dbgdev-on/dc_inject_shared_extent)
		fuzz_inject $f
		;;
	plat-on/dc_del_extent | plat-on/dc_force_del_extent | \
	dbgdev-on/dc_del_extent | dbgdev-on/dc_force_del_extent)
		fuzz_del $f
		;;
	dbgdev-on/dc_list_page | dbgdev-on/dc_list_churn | \
	dbgdev-on/dc_lose_records)
		num_bad $f "$EI" "$EI|$ER" "$(cat $f)"
		bad "$EI|$ER" $f 0x100000000
		bad "$EI|$ER" $f 18446744073709551615
		;;
	dbgfault-on/opcode)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		bad "$ER" $f 0x10000
		;;
	dbgfault-on/return_code)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		bad "$ER" $f 0
		bad "$ER" $f 0x10000
		;;
	dbgfault-on/msecs)
		num_bad $f "$EI" "$ER" "$(cat $f)"
		bad "$ER" $f 60001
		;;
	dbgdev-on/dc_region_event)
		common_bad $f "$EI"
		bad "$EI" $f "-1"
		bad "$EI" $f "x"
		bad "$EI|$ER" $f 4294967296
		bad "$ENX" $f 1
		bad "$ENX" $f 8
		bad_raw "$EI" $f '1\000junk\n'
		;;
	dbgdev-on/media)
		# No decoder maps any DPA of e: nothing has storage.
		bad "$ENX" $f "data"
		out=$(echo data | ctm-write $f 0x10000000 2>&1)
		case "$out" in "short write: 0 of"* | "write error: $ENX") ;;
		*) fault "media past its end: '$out'" ;; esac
		;;
	dbgpool-*/*)
		# Data files: a backend without a size has none; at or past the
		# end of one, nothing is written.
		if [ $kind = dbgpool-nosize ]; then
			bad "$ENX" $f "data"
		else
			size=$(cat $P/$name/size)
			out=$(echo data | ctm-write $f $size 2>&1)
			case "$out" in "short write: 0 of"*) ;; *) fault "$f past its end: '$out'" ;; esac
			out=$(echo data | ctm-write $f 0x7fffffffffffffff 2>&1)
			case "$out" in "short write: 0 of"* | "write error: $EI") ;;
			*) fault "$f far past its end: '$out'" ;; esac
			ws C
			[ -z "$rsp" ] || fault "writes past the end of $f changed the state: $rsp"
		fi
		;;
	*)
		echo "# no table entry for $kind/$name: only the generic values"
		common_bad $f "*"
		;;
	esac
}

fuzz_preload() {
	f=$1
	bad "$EI" $f "0:0x1000000"
	bad "$EI" $f "8:0:$M"
	bad "$EI" $f "-1:0:$M"
	bad "$EI" $f "0:0:$M:{$A}"
	bad "$EI" $f "0:0:$M:not-a-tag"
	bad "$EI" $f "0:0:$M:$A:1:2"
	bad "$EI|$ER" $f "0:0:$M:$A:65536"
	bad "$EI|$ER" $f "0:99999999999999999999999:$M"
	bad "$EI" $f "0:0:$M junk"
	bad "$EI" $f "0:0:$M,,0:$M:$M"
	bad_raw "$EI" $f "$PRELOAD\\000junk\\n"
	# An empty write clears the list: only a NUL alone is empty-bad.
	bad_raw "$EI" $f '\000'
	long_bad $f "$EI"
	# 100 entries are longer than a page: refused as a whole, the old
	# list stays (never a part of the new one, nor its tail).
	long_list 100 '0:$((i * 2097152)):2097152:$A' /tmp/fz/preload100
	bad_file "$EBIG" $f /tmp/fz/preload100
	bad_echo "$EBIG" $f /tmp/fz/preload100
	# 71 tagged entries fit in one write, but read back as more than a
	# page: all of them, or a read error, never a list cut short.
	long_list 71 '0:$((i * 2097152)):2097152:$A' /tmp/fz/preload71
	if out=$(ctm-write $f </tmp/fz/preload71 2>&1); then
		if lines=$(cat $f 2>/dev/null); then
			n=$(echo "$lines" | grep -c .)
			[ "$n" = 71 ] || fault "71 preload entries read back as $n lines"
		fi
	else
		case "$out" in *"$EBIG"*) ;; *) fault "71 preload entries: $out" ;; esac
	fi
	good $f "$PRELOAD"
	# Duplicate entries are checked at enable: refused, nothing made.
	good $f "0:0:$M 0:0:$M"
	n=$(memdev_count)
	bad "$EB" $D/enable 1
	[ "$(memdev_count)" = $n ] || fault "refused enable made a memdev"
	good $f "$PRELOAD"
}

fuzz_add() {
	f=$1
	common_bad $f "$EI"
	bad "$EI" $f "0 $A"
	bad "$EI" $f "0 $A prescriptive"
	bad "$EI" $f "0 $A sideways 0x400000:$M"
	bad "$EI" $f "0 {$A} prescriptive 0x400000:$M"
	bad "$EI" $f "0 ${A%?} prescriptive 0x400000:$M"
	bad "$EI" $f "-1 $A prescriptive 0x400000:$M"
	bad "$ER" $f "4294967296 $A prescriptive 0x400000:$M"
	bad "$ENX" $f "8 $A prescriptive 0x400000:$M"
	bad "$EI" $f "0 $A prescriptive 0x400001:$M"
	bad "$EI" $f "0 $A prescriptive 0x400000:0x1000"
	bad "$EI" $f "0 $A prescriptive -0x200000:$M"
	bad "$ER" $f "0 $A prescriptive 0xffffffffffe00000:0x400000"
	bad "$ER" $f "0 $A prescriptive 0x400000:0xffffffffffe00000"
	bad "$EI|$ER" $f "0 $A prescriptive 0x400000:0xffffffffffffffff"
	bad "$ER" $f "0 $A prescriptive 0x400000:99999999999999999999999"
	bad "$ER" $f "0 $A free 0xffffffffffe00000"
	bad "$EI" $f "0 $A prescriptive 0x400000:$M,0x400000:$M"
	bad "$EI" $f "0 $A prescriptive 0x400000:$M junk"
	bad "$EI" $f "0 $A prescriptive 0x400000:$M,"
	bad "$EB" $f "0 $B prescriptive 0x1000000:$M"
	bad "$ENS" $f "0 $B free 0x400000,$M"
	bad_raw "$EI" $f "0 $B prescriptive 0x1000000:$M\\000junk\\n"
	# A list longer than a page: refused as a whole, nothing offered.
	# Zero-padded, 115 ranges of the free part of the region are longer
	# than a page, and every prefix would be a valid offer.
	{
		printf '0 0 prescriptive '
		i=9
		while [ $i -lt 124 ]; do
			printf '0x%016x:0x%016x' $((i * 0x200000)) 0x200000
			[ $i = 123 ] || printf ,
			i=$((i + 1))
		done
	} >/tmp/fz/add115
	bad_file "$EBIG" $f /tmp/fz/add115
	bad_echo "$EBIG" $f /tmp/fz/add115
	# Upper case names the same tag: taken, and listed in lower case.
	good $f "0 $A_UP prescriptive 0x600000:$M"
	grep -q "^0 0x600000 $M $A 0 pending" $E/dc_extents ||
		fault "upper-case offer: $(cat $E/dc_extents)"
}

fuzz_release() {
	f=$1
	common_bad $f "$EI"
	bad "$EI" $f "tag"
	bad "$EI" $f "tag 0"
	bad "$EI" $f "tag {$A}"
	bad "$EI" $f "tag $A junk"
	bad "$EI" $f "0 0x1000000"
	bad "$EI" $f "0 0x1000001:$M"
	bad "$EI" $f "-1 0x1000000:$M"
	bad "$ENX" $f "8 0x1000000:$M"
	bad "$EI" $f "0 0x1000000:$M,0x1000000:$M"
	bad "$ER" $f "0 0xffffffffffe00000:0x400000"
	bad "$ER|$EI" $f "0 0x1000000:0xfffffffffee00000"
	bad "$ENE" $f "tag $B"
	bad "$ENE" $f "0 0x2000000:$M"
	bad "$EB" $f "0 0:$M"
	bad_raw "$EI" $f "tag $B\\000junk\\n"
	bad_raw "$EI" $f "0 0x3000000:$M\\000junk\\n"
	{
		printf '0 0x1000000:%s' $M
		i=9
		while [ $i -lt 124 ]; do
			printf ',0x%016x:0x%016x' $((i * 0x200000)) 0x200000
			i=$((i + 1))
		done
	} >/tmp/fz/rel115
	bad_file "$EBIG" $f /tmp/fz/rel115
	bad_echo "$EBIG" $f /tmp/fz/rel115
}

# e's DC region 0 starts at DPA 0x10000000; A's preloaded extent is at
# 0x11000000, its offer at 0x10000000.
fuzz_inject() {
	f=$1 q=
	# The shared knob requires a sequence number.
	[ $(basename $f) = dc_inject_extent ] || q=:1
	common_bad $f "$EI"
	bad "$EI" $f "0x10400000:$M"
	bad "$EI" $f ":$M:0:0"
	bad "$EI" $f "0x10400000:$M:0:2$q"
	bad "$EI" $f "0x10400000:$M:{$A}:0$q"
	bad "$EI" $f "0x10400000:$M:0:0:65536"
	bad "$EI" $f "0x10400000:$M:0:0:1:1"
	bad "$EI" $f "0x10400001:$M:0:0$q"
	bad "$EI" $f "0x10400000:0:0:0$q"
	bad "$EI" $f "-1:$M:0:0$q"
	bad "$ER" $f "0xffffffffffe00000:0x400000:0:0$q"
	bad "$ER" $f "0x10400000:0xffffffffffe00000:0:0$q"
	bad "$ER" $f "0:$M:0:0$q"
	bad "$EB" $f "0x10000000:$M:0:0$q"
	bad_raw "$EI" $f "0:$M:0:0$q\\000junk\\n"
	[ $(basename $f) = dc_inject_extent ] || bad "$EI" $f "0x10400000:$M:$A:0"
}

fuzz_del() {
	f=$1
	common_bad $f "$EI"
	bad "$EI" $f "0x11000000:$M"
	bad "$EI" $f "0x11000000:$M:{$A}"
	bad "$EI" $f "0x11000001:$M:$A"
	bad "$EI" $f "0x11000000:0:$A"
	bad "$ER" $f "0xffffffffffe00000:0x400000:0"
	bad "$ER" $f "0x11000000:0xffffffffffe00000:0"
	bad "$ER" $f "0:$M:0"
	# dc_del_extent queues a record for any range (the cxl_test
	# semantics): only the forced knob refuses a range with no extent.
	[ $(basename $f) = dc_del_extent ] || bad "$ENE" $f "0x13000000:$M:0"
	bad_raw "$EI" $f "0:$M:0\\000junk\\n"
}

writable() { case "$(ls -ld "$1")" in ??w*) return 0 ;; esac; return 1; }

# Progress and pace in the kernel log, so that a run cut by the runner's
# timeout shows where it was.
T0=$(date +%s)
progress() {
	echo "cxl_tag_mock-test: adv_fuzz_knobs: $* at $(($(date +%s) - T0)) s" >/dev/kmsg
}

# check_all WHAT: the whole state is as before WHAT.
check_all() {
	now=$(snapshot)
	[ "$now" = "$BASE" ] || { fault "$1 changed the state: $(changes "$BASE" "$now")"; BASE=$now; }
}

# fuzz_dir KIND DIR [GLOB [LOCAL]]: every writable file of DIR (matching
# GLOB); LOCAL, a list of globs, is the object's state (default: DIR's
# files).
fuzz_dir() {
	progress "$1 $2"
	ws L ${4:-$2/*}
	for f in "$2"/${3:-*}; do
		[ -f "$f" ] && writable "$f" || continue
		fuzz_one "$1" "$f"
	done
	check_all "fuzzing $2 ($1)"
}

# The fuzzer can fail: a valid write through ctm-wserve is seen as taken
# and as a change of its object's state.
ws L $HD/dc_list_page
wsw s $HD/dc_list_page 1
[ -z "$out" ] && [ "$chg" = "-$HD/dc_list_page:0 +$HD/dc_list_page:1 " ] ||
	fail "ctm-wserve did not see a valid write: '$out' '$chg'"
good $HD/dc_list_page 0
[ "$(cat $HD/dc_list_page)" = 0 ] || fail "dc_list_page not restored"

rebase
fuzz_dir pool-busy $C/pools/p0
fuzz_dir pool-free $C/pools/p2
fuzz_dir pool-nosize $C/pools/p1
fuzz_dir backend-inuse $P/a
fuzz_dir backend-reserved $P/b
# Refused tag and size writes kept the backends' data.
ctm-pattern check $DBG/pools/p0/a 0 0x800000 31 || fault "backend a's data changed"
ctm-pattern check $DBG/pools/p0/b 0 0x400000 32 || fault "backend b's data changed"
fuzz_dir backend-unreserved $P/u
fuzz_dir backend-nopool $C/pools/p1/backends/n
fuzz_dir dev-off $D
fuzz_dir dc-off $D/dc0
fuzz_dir dev-on $E
fuzz_dir dc-on $E/dc0
fuzz_dir plat-on $H "dc_*" "$E/* $HD/dc_list_page $HD/dc_list_churn $HD/dc_lose_records $HD/dc_hold_events"
fuzz_dir dbgdev-on $HD "*" "$E/* $HD/dc_list_page $HD/dc_list_churn $HD/dc_lose_records $HD/dc_hold_events"
# The fault knobs' own files; the framework's (probability, times...) are
# the kernel's fault-injection attributes, not the mock's.
progress dbgfault
ws L $E/* $HD/fail_mbox/* $HD/delay_mbox/*
for f in fail_mbox/opcode fail_mbox/return_code delay_mbox/opcode delay_mbox/msecs; do
	fuzz_one dbgfault-on $HD/$f
done
check_all "fuzzing the fault knobs"
progress dbgpool
ws L $P/*/*
for be in a b u; do
	kind=dbgpool-sized
	[ "$(cat $P/$be/size)" != 0x0 ] || kind=dbgpool-nosize
	[ ! -e $DBG/pools/p0/$be ] || fuzz_one $kind $DBG/pools/p0/$be
done
check_all "writes to the backends' data files"

# A tag in upper case is taken and reads back in lower case.
good $P/u/tag $(echo $U | tr a-f A-F)
[ "$(cat $P/u/tag)" = $U ] || fault "upper-case tag reads back as $(cat $P/u/tag)"

# The backends' data went through all of it untouched.
ctm-pattern check $DBG/pools/p0/a 0 0x800000 31 || fault "backend a's data changed"
ctm-pattern check $DBG/pools/p0/b 0 0x400000 32 || fault "backend b's data changed"

progress "done, $FAULTS faults in $WRITES writes"
if [ $FAULTS != 0 ]; then
	# The runner shows a failed test's last lines: the faults grouped.
	f=/tmp/fz/faults
	list() { grep -e "$1" $f | sed 's/.*> \([^:]*\): .*/\1/' | sort -u | tr '\n' ' '; }
	echo "valid value, NUL, junk not refused by: $(list '000junk')"
	echo "longer than a page not refused by: $(list 'bytes) >.*accepted')"
	grep -v -e '000junk' -e 'bytes) >.*accepted' $f
	fail "$FAULTS faults"
fi
put 0 $E/enable && rm $D/pool $E/pool && rmdir $D $E || fail "remove the devices"
rmdir $P/a $P/b $P/u $C/pools/p1/backends/n $C/pools/p0 $C/pools/p1 $C/pools/p2 ||
	fail "remove the pools"
ctm_pass
