#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Release by tag: QEMU 10.0 implements only the prescriptive removal
# policy, and refuses a tag-based cxl-release-dynamic-capacity ("Removal
# policy not supported"). The refusal changes nothing: the offered extent
# stays on the host and in QEMU, and a prescriptive release then takes
# it. (The host's tag-group release is tested with the mock, whose
# records carry tags.)
. "$QD/lib.sh"
[ -n "${QD_REGION:-}" ] || skip "no region (the probe scenario failed)"
trap qd_cleanup EXIT
r=$QD_REGION
T=0b9d7e65-4c21-4f3a-8a0d-5e6f7a8b9c0d
O=0xe000000 L=0x400000

qd_add $T $O:$L || fail "QMP add: $QMP_REPLY"
qd_step $r "$O $L -;" "the offer"
qd_release_tag $T && fail "QEMU took a tag-based release: $QMP_REPLY"
case "$QMP_REPLY" in
*"policy not supported"*) ;;
*) fail "tag-based release refused for another reason: $QMP_REPLY" ;;
esac
sleep 2
qd_step $r "$O $L -;" "after the refused release"
qd_release $O:$L || fail "QMP release: $QMP_REPLY"
qd_step $r "" "the prescriptive release"
exit 0
