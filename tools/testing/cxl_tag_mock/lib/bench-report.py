#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's BENCH/SAMPLE lines into a table and a JSON file.

usage: bench-report.py RAW.log RESULTS.json
"""
import json
import math
import sys


def pct(sorted_ns, p):
    """Nearest-rank percentile of a sorted list."""
    return sorted_ns[max(0, math.ceil(p / 100 * len(sorted_ns)) - 1)]


def main():
    raw, dest = sys.argv[1], sys.argv[2]
    bench, samples, errors = {}, {}, []
    with open(raw) as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[0] == 'BENCH' and w[1] == 'error':
                errors.append(' '.join(w[2:]))
            elif len(w) == 3 and w[0] == 'BENCH':
                bench[w[1]] = float(w[2])
            elif len(w) == 4 and w[0] == 'SAMPLE':
                samples.setdefault((w[1], int(w[2])), []).append(int(w[3]))
    if errors:
        print('bench failed: ' + '; '.join(errors), file=sys.stderr)
        return 1

    res = {'latency_ms': {}, 'samples_per_point': 0}
    rows = []
    for op, what in (('add', 'add -> accepted'),
                     ('release', 'release -> released')):
        for live in sorted(l for o, l in samples if o == op):
            ns = sorted(samples[(op, live)])
            med, p99 = pct(ns, 50) / 1e6, pct(ns, 99) / 1e6
            res['latency_ms'].setdefault(op, {})[str(live)] = {
                'median': round(med, 3), 'p99': round(p99, 3), 'n': len(ns)}
            res['samples_per_point'] = len(ns)
            rows.append((f'{what}, {live} live extents',
                         f'median {med:.2f} ms, p99 {p99:.2f} ms'))
        lat = res['latency_ms'].get(op, {})
        if '10' in lat and '1000' in lat:
            ratio = lat['1000']['median'] / lat['10']['median']
            res['latency_ms'][op]['median_1000_over_10'] = round(ratio, 2)
            rows.append((f'{what}, median at 1000 / at 10', f'{ratio:.2f}x'))

    # QEMU's DCD beside the mock: the same operation on both peers.
    for op, what in (('add', 'add -> accepted'),
                     ('release', 'release -> released')):
        ns = sorted(samples.get((f'qemu_{op}', 0), []))
        if not ns:
            continue
        med, p99 = pct(ns, 50) / 1e6, pct(ns, 99) / 1e6
        q = {'median': round(med, 3), 'p99': round(p99, 3), 'n': len(ns)}
        res.setdefault('qemu_dcd', {}).setdefault('latency_ms', {})[op] = q
        rows.append((f'{what}, QEMU DCD over QMP (0 live)',
                     f'median {med:.2f} ms, p99 {p99:.2f} ms'))
        mock = res['latency_ms'].get(op, {}).get('10')
        if mock:
            ratio = mock['median'] / med
            q['mock_10_over_qemu'] = round(ratio, 3)
            rows.append((f'{what}, median mock (10 live) / QEMU DCD',
                         f'{ratio:.2f}x'))

    if 'batch_1000_ns' in bench:
        eps = 1000 / (bench['batch_1000_ns'] / 1e9)
        res['batch_1000_extents_per_s'] = round(eps, 1)
        rows.append(('batch of 1000 extents (10 offers of 100)',
                     f'{eps:.0f} extents/s'))
    for key, what in (('extent_bytes', 'kernel memory per live extent'),
                      ('backend_bytes', 'kernel memory per backend')):
        if key in bench:
            res[key] = int(bench[key])
            rows.append((what, f'{int(bench[key])} bytes (slab)'))
    for key in ('live_extents', 'live_tags', 'release_1000_s'):
        if key in bench:
            res[key] = bench[key]
    for op in ('write', 'read'):
        d, a = bench.get(f'dax_{op}_mibs'), bench.get(f'anon_{op}_mibs')
        if d and a:
            res[f'seq_{op}'] = {'dax_mibs': d, 'anon_mibs': a,
                                'ratio': round(d / a, 3)}
            rows.append((f'sequential {op}, DAX / anonymous',
                         f'{d:.0f} / {a:.0f} MiB/s = {d / a:.2f}'))
        qd, qa = bench.get(f'qemu_dax_{op}_mibs'), bench.get(f'qemu_anon_{op}_mibs')
        if qd and qa:
            q = {'dax_mibs': qd, 'anon_mibs': qa, 'ratio': round(qd / qa, 3)}
            res.setdefault('qemu_dcd', {})[f'seq_{op}'] = q
            rows.append((f'sequential {op}, QEMU DCD DAX / anonymous',
                         f'{qd:.0f} / {qa:.0f} MiB/s = {qd / qa:.2f}'))
            if d and a:
                rel = (d / a) / (qd / qa)
                q['mock_ratio_over_qemu_ratio'] = round(rel, 3)
                rows.append((f'sequential {op}, mock DAX / QEMU DCD DAX '
                             '(each against its anonymous)', f'{rel:.2f}'))

    width = max(len(r[0]) for r in rows) if rows else 10
    print(f'{"measurement":<{width}}  result')
    print(f'{"-" * width}  {"-" * 30}')
    for name, val in rows:
        print(f'{name:<{width}}  {val}')
    with open(dest, 'w') as f:
        json.dump(res, f, indent=2, sort_keys=True)
        f.write('\n')
    print(f'\nJSON: {dest}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
