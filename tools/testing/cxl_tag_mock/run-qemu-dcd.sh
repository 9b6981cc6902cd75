#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test kernel in the QEMU that build-qemu.sh built, with QEMU's
# own CXL Type-3 Dynamic Capacity Device as the host's peer, and print
# what the guest's scenarios say in the harness line protocol
# (lib/tap.awk), every line named "qemu-dcd: ...". With the argument
# "bench", the guest runs qemu-dcd/bench.sh after the probe instead of the
# scenarios, and its BENCH/SAMPLE lines come out as they are (make bench).
#
# The CPU is the main guests' (GUEST_CPU_MODEL, lib/common.sh): QEMU's
# "max" without 5-level paging (with LA57 the test kernel once logged a
# KASAN wild-memory-access from an interrupt taken during identify_cpu()
# at boot, before anything of the project ran; see qemu-dcd.rst) and
# without ERMS/FSRM, whose byte-wise string instructions TCG runs slowly.
#
# Topology: one CXL host bridge (pxb-cxl) with one root port and one
# cxl-type3 device with a single DC region of QEMU_DCD_MB MiB and no static
# capacity, one 4 GiB CXL fixed memory window over the host bridge. The
# DC region's memory is a shared file, $GUEST/qemu-dcd/dc0.media, so that
# the host can check what the guest wrote at which DPA.
# The guest's scenarios (qemu-dcd/tests/*.sh) ask for QMP commands on
# their third serial port; qemu-dcd/bridge.py runs them on QEMU's monitor
# and answers. /init is qemu-dcd/init, packed into a small second
# initramfs after the main one; the kernel unpacks both.
# The console goes to $GUEST/qemu-dcd/console.log and is searched for
# splats like the main run's. CTM_FILTER selects scenarios by name.
. "$(dirname "$0")/lib/common.sh"

QEMU=$CACHE/qemu/install/bin/qemu-system-x86_64
QEMU_DCD_MB=${QEMU_DCD_MB:-512}
run=$GUEST/qemu-dcd
timeout_s=${QEMU_DCD_TIMEOUT:-900}
[ -x "$QEMU" ] || die "no $QEMU: run build-qemu.sh (make check does)"

rm -rf "$run"
mkdir -p "$run/overlay/qemu-dcd"
cp -r "$HARNESS/qemu-dcd/init" "$HARNESS/qemu-dcd/lib.sh" "$HARNESS/qemu-dcd/tests" \
	"$HARNESS/qemu-dcd/bench.sh" "$run/overlay/qemu-dcd/"
# A sparse file: only what the guest writes takes space.
truncate -s "${QEMU_DCD_MB}M" "$run/dc0.media"
chmod +x "$run/overlay/qemu-dcd/init"
(cd "$run/overlay" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) \
	>"$run/overlay.cpio.gz"
cat "$GUEST/initramfs.cpio.gz" "$run/overlay.cpio.gz" >"$run/initrd.gz"

console=$run/console.log
results=$run/results.log
: >"$console"
: >"$results"
append="console=ttyS0 panic=-1 oops=panic no_hash_pointers rdinit=/qemu-dcd/init"
[ -z "${CTM_FILTER:-}" ] || append+=" ctm.filter=$CTM_FILTER"
# "run-qemu-dcd.sh bench": the probe, then qemu-dcd/bench.sh (make bench).
[ "${1:-}" != bench ] || append+=" ctm.mode=bench"

say "booting the QEMU DCD guest ($("$QEMU" --version | head -n 1), DC region $QEMU_DCD_MB MiB)"
timeout -k 10 "$timeout_s" "$QEMU" \
	-machine q35,cxl=on -accel "$GUEST_ACCEL" -cpu "$GUEST_CPU_MODEL" -smp "$GUEST_CPUS" \
	-m 2G,maxmem=4G,slots=4 \
	-kernel "$KBUILD/arch/x86/boot/bzImage" -initrd "$run/initrd.gz" \
	-append "$append" -display none -vga none -nic none -monitor none -no-reboot \
	-object "memory-backend-file,id=dc0,mem-path=$run/dc0.media,size=${QEMU_DCD_MB}M,share=on" \
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1 \
	-device cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2 \
	-device cxl-type3,bus=rp0,volatile-dc-memdev=dc0,num-dc-regions=1,id=dcd0,sn=0x1dcd \
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G \
	-qmp "unix:$run/qmp.sock,server=on,wait=off" \
	-chardev "socket,id=bridge,path=$run/bridge.sock,server=on,wait=off" \
	-serial "file:$console" -serial "file:$results" -serial chardev:bridge \
	</dev/null >"$run/qemu.log" 2>&1 &
qemu=$!
python3 "$HARNESS/qemu-dcd/bridge.py" "$run/qmp.sock" "$run/bridge.sock" "$run/dc0.media" \
	"$run/qmp.log" \
	2>"$run/bridge.err" &
bridge=$!

if follow_runner "$qemu" "$results" "qemu-dcd: "; then
	finished=1
else
	finished=0
fi
rc=0
wait "$qemu" || rc=$?
wait "$bridge" 2>/dev/null || true

if ((finished && rc == 0)); then
	echo "TEST pass qemu-dcd: guest ran to the end and powered off"
else
	echo "TEST fail qemu-dcd: guest ran to the end and powered off (qemu exit $rc, see $console)"
	sed 's/^/# /' "$run/qemu.log" "$run/bridge.err" | tail -n 10
	tail -n 30 "$console" | sed 's/^/# /'
fi

if grep -aE "$SPLAT" "$console" >"$run/splats"; then
	echo "TEST fail qemu-dcd: kernel log has no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
	head -n 40 "$run/splats" | sed 's/^/# /'
else
	echo "TEST pass qemu-dcd: kernel log has no KASAN, lockdep, kmemleak, WARN, BUG or Oops report"
fi

# A DC command either side refused is a fault even when every scenario
# passed: QEMU checks each Add DC Response against its oldest pending
# offer, so a second response to one chain would show here.
# The QEMU scenarios provoke no refusal, so every host complaint counts,
# but for lines a scenario brackets with dc_expect_begin and dc_expect_end
# (long_chain's race may have QEMU refuse one answer, as it should).
dcfail='Release DC 0x[0-9a-f]+\+0x[0-9a-f]+: -[0-9]+|Add DC Response|DC offer left open|'
dcfail+='DC extent .* (refused|unusable)|DAX cannot use its tag group|'
dcfail+="cannot read the device's extents|unknown DC event type|forcibly released|"
dcfail+='Failed to clear events|Failed to query event records|accepted but unusable|'
dcfail+='Get DC Configuration|DC region [0-9]+:'
if outside_expected "$console" | grep -aE "$dcfail" >"$run/dc-failures"; then
	echo "TEST fail qemu-dcd: kernel log has no DC command failure"
	head -n 20 "$run/dc-failures" | sed 's/^/# /'
else
	echo "TEST pass qemu-dcd: kernel log has no DC command failure"
fi
