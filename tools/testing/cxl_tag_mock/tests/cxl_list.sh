#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cxl-cli (the project's ndctl 81 build) lists what the mock registered,
# through the same sysfs a real device populates: the bus, the host bridge
# port, the endpoint, the memdev (RAM size, serial, host), decoders and a
# region.
. "$CTM/lib.sh"

ctm_start
mem=$(cd /sys/bus/cxl/devices && ls -d mem* | head -n 1)
region=$(create_ram_region decoder0.0 "$mem" 0x10000000) || fail "create region"

# One JSON object per line makes the fields greppable without jq.
json=$(cxl list -BPEMDR 2>&1 | tr -d ' \n' | sed 's/},{/},\n{/g')
has() {
	echo "$json" | grep -q -- "$1" || { echo "$json"; fail "cxl list: no $1"; }
}
has '"bus":"root0"'
has '"provider":"cxl_tag_mock.0"'
has '"port":"port1"'
has '"host":"cxl_tag_mock_hb.0"'
has '"endpoint":"endpoint2"'
has "\"memdev\":\"$mem\""
has '"ram_size":536870912'
has '"serial":4096'
has '"host":"cxl_tag_mock_mem.0"'
has '"decoder":"decoder0.0"'
has "\"resource\":$((${CTM_MEDIA#*@}))"
has '"volatile_capable":true'
has '"decoder":"decoder2.0"'
has "\"region\":\"$region\",\"resource\":$((${CTM_MEDIA#*@})),\"size\":268435456"

destroy_region decoder0.0 "$region" || fail "destroy region"
ctm_pass
