#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Adversarial: a seeded random-operation run (ctm-randops, at least 5,000
# operations within ADV_RANDOPS_SECONDS, 450 by default) on one device
# whose DC region is bound to DAX: offers, releases and forced releases,
# claims with mmap, reads and writes through the mappings, backend
# rmdir/mkdir and resize, checked after every operation (see
# helpers/ctm-randops.c). It prints its seed first; CTM_SEED=<seed>
# replays a run. Afterwards everything is given back: no extent is left,
# every backend and the module go.
. "$CTM/lib.sh"
# It works on the kernel's sysfs attributes themselves: the region, its
# extents and the claims go through the *_sysfs helpers, not cxl-cli and
# daxctl.
ctm_start dax
P=$C/pools/p0
NTAGS=6
OPS=${ADV_RANDOPS_OPS:-5000}
# 5,000 operations took 185-280 s in a TCG guest of its own; next to a
# second guest (run-guest.sh runs two) only 3,886 fitted in 300 s, when
# the checks after each operation (31-56 ms) cost more than the
# operations; the checks now read only the host extents that are new.
# See the pace line ctm-randops prints, which goes to the kernel log. The
# bound leaves room under the runner's 600 s per test.
SECONDS_MAX=${ADV_RANDOPS_SECONDS:-450}

ctm_pool p0 0x4000000 || fail "pool"
i=0
while [ $i -lt $NTAGS ]; do
	ctm_backend p0 b$i "$(printf 'da7ada7a-0000-4a77-b6c3-%012d' $i)" 0x800000 ||
		fail "backend b$i"
	i=$((i + 1))
done
D=$(ctm_dc_dev ro 0x10000000 0x10000000 p0) || fail "enable the DCD"
r=$(ctm_dc_region ro 0x10000000 new_dc_region_sysfs) || fail "DC region"

# A second offer of a tag the host holds already (an accepted group) is
# refused by the host (-EEXIST, logged): the run makes such offers on
# purpose.
trap 'dc_expect_end adv_random_ops; ctm_cleanup' EXIT
dc_expect_begin adv_random_ops
ctm-randops -n $OPS -m $OPS -t $SECONDS_MAX $D $P $r $NTAGS >/tmp/randops.out 2>&1 ||
	{ cat /tmp/randops.out; fail "random operations (replay with CTM_SEED=<the seed above>)"; }
dc_expect_end adv_random_ops
# The seed and the pace, in the run's log even when the test passes.
echo "cxl_tag_mock-test: adv_random_ops: $(grep -e '^seed' -e '^pace' -e operations /tmp/randops.out | tr '\n' ' ')" >/dev/kmsg

# Give everything back: every tag released (ctm-randops unclaimed its
# DAX devices), then no extent is left on either side.
for b in $P/backends/*; do
	t=$(cat $b/tag)
	[ -z "$t" ] || put "tag $t" $D/dc_release >/dev/null 2>&1
done
wait_for 30 sh -c "! grep -q . $D/dc_extents" ||
	fail "extents left on the device: $(cat $D/dc_extents)"
host_empty() { [ "$(dc_host_count $r)" = 0 ]; }
wait_for 10 host_empty ||
	fail "extents left on the host: $(dc_sysfs_extents $r)"
used=$(cat $P/used) free=$(cat $P/free) size=$(cat $P/size)
[ $((used + free)) = $((size)) ] || fail "pool: used $used + free $free != size $size"
rmdir $P/backends/* || fail "rmdir backends: $(cat $P/backends/*/dc_status)"
destroy_region_sysfs decoder0.0 $r || fail "destroy $r"
put 0 $D/enable && rm $D/pool && rmdir $D $P || fail "remove the device and pool"
ctm_pass
