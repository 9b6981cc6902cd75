#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's BENCH/SAMPLE lines into a table and a JSON file.

usage: bench-report.py RAW.log RESULTS.json [RAW-DEBUG.log]

RAW.log is the run on the non-debug (bench) kernel, the product; its
figures are the JSON's top level and are judged against the targets of
issue 11. RAW-DEBUG.log, if given, is the same benchmark on the debug
(KASAN + lockdep) kernel, shown as a second column and stored under
"debug_kernel". QEMU DCD lines (qemu_*) may be in either log; the mock's
figures they are compared with are those of the same log's kernel.
"""
import json
import math
import sys

MIB2 = 'a 2 MiB extent'


def pct(sorted_ns, p):
    """Nearest-rank percentile of a sorted list."""
    return sorted_ns[max(0, math.ceil(p / 100 * len(sorted_ns)) - 1)]


def parse(raw):
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
            elif len(w) >= 3 and w[0] == 'TEST' and w[1] == 'fail':
                errors.append(' '.join(w[2:]))
    return bench, samples, errors


def latency(samples, key):
    ns = sorted(samples.get(key, []))
    if not ns:
        return None
    return {'median': round(pct(ns, 50) / 1e6, 3),
            'p99': round(pct(ns, 99) / 1e6, 3), 'n': len(ns)}


def fmt_lat(lat):
    if not lat:
        return None
    return f'{lat["median"]:.2f} / {lat["p99"]:.2f} ms (n={lat["n"]})'


def summarize(bench, samples):
    """The JSON of one kernel's run and its table cells, by row id."""
    res, cell = {'latency_ms': {}}, {}
    for op in ('add', 'release'):
        for live in sorted(l for o, l in samples if o == op):
            lat = latency(samples, (op, live))
            res['latency_ms'].setdefault(op, {})[str(live)] = lat
            res['samples_per_point'] = lat['n']
            cell[f'{op}_{live}'] = fmt_lat(lat)
        lat = res['latency_ms'].get(op, {})
        if '10' in lat and '1000' in lat:
            ratio = lat['1000']['median'] / lat['10']['median']
            res['latency_ms'][op]['median_1000_over_10'] = round(ratio, 2)
            cell[f'{op}_ratio'] = f'{ratio:.2f}x'
    for op in ('add', 'release'):
        for kind in ('fresh', 'filled'):
            lat = latency(samples, (f'{op}_1g_{kind}', 0))
            if lat:
                res['latency_ms'].setdefault(f'{op}_1g', {})[kind] = lat
                cell[f'{op}_1g_{kind}'] = fmt_lat(lat)
    for op in ('add', 'release'):
        lat = latency(samples, (f'{op}_seed', 0))
        if lat:
            res['latency_ms'][f'{op}_seed_1g'] = lat
            cell[f'{op}_seed'] = fmt_lat(lat)
    two = res['latency_ms'].get('add', {}).get('10')
    fresh = res['latency_ms'].get('add_1g', {}).get('fresh')
    if two and fresh:
        ratio = fresh['median'] / two['median']
        res['latency_ms']['add_1g']['fresh_over_2mib'] = round(ratio, 2)
        cell['add_1g_ratio'] = f'{ratio:.1f}x'

    if 'batch_1000_ns' in bench:
        eps = 1000 / (bench['batch_1000_ns'] / 1e9)
        res['batch_1000_extents_per_s'] = round(eps, 1)
        cell['batch'] = f'{eps:.0f} extents/s'
    if 'release_1000_ns' in bench:
        s = bench['release_1000_ns'] / 1e9
        res['release_1000_s'] = round(s, 2)
        cell['release_tags'] = f'{s:.2f} s'
        if 'release_1000_issue_ns' in bench:
            i = bench['release_1000_issue_ns'] / 1e9
            res['release_1000_issue_s'] = round(i, 2)
            cell['release_tags'] += f' (writes issued in {i:.2f} s)'
    elif 'release_1000_s' in bench:		# older guest scripts
        res['release_1000_s'] = bench['release_1000_s']
        cell['release_tags'] = f'{bench["release_1000_s"]:.0f} s'

    for what in ('extent', 'backend'):
        slab = bench.get(f'{what}_slab_bytes', bench.get(f'{what}_bytes'))
        vm = bench.get(f'{what}_vmalloc_bytes')
        if slab is None:
            continue
        mem = {'slab': int(slab)}
        text = f'{int(slab)} B slab'
        if vm is not None:
            mem['vmalloc'] = int(vm)
            mem['total'] = int(slab + vm)
            text = f'{int(slab + vm)} B ({int(slab)} slab + {int(vm)} vmalloc)'
        res[f'{what}_memory_bytes'] = mem
        cell[f'{what}_mem'] = text

    if bench.get('tagged_bytes'):
        pool, dc = bench['media_pool_bytes'], bench['media_dc_bytes']
        ratio = (pool + dc) / bench['tagged_bytes']
        res['media_per_tagged_byte'] = {
            'ratio': round(ratio, 3), 'pool_bytes': int(pool),
            'dc_bytes': int(dc), 'tagged_bytes': int(bench['tagged_bytes'])}
        cell['media'] = (f'{ratio:.3f} ({pool / 2**30:.2f} GiB pool + '
                         f'{dc / 2**30:.2f} GiB DC media for '
                         f'{bench["tagged_bytes"] / 2**30:.2f} GiB tagged)')
    if 'live_stored_bytes' in bench:
        res['media_per_tagged_byte']['stored_bytes'] = int(
            bench['live_stored_bytes'])
    if bench.get('seed_tagged_bytes'):
        seed = {k: int(bench[f'seed_{k}']) for k in (
            'media_bytes', 'tagged_bytes', 'stored_accepted_bytes',
            'stored_released_bytes', 'stored_readded_bytes')
            if f'seed_{k}' in bench}
        res['seed_full_size'] = seed
        mib = 2**20
        cell['seed'] = (
            f'{seed["tagged_bytes"] / 2**30:.0f} GiB tagged in '
            f'{seed["media_bytes"] / 2**30:.0f} GiB media; stored: '
            f'{seed.get("stored_accepted_bytes", 0) / mib:.0f} MiB accepted, '
            f'{seed.get("stored_released_bytes", 0) / mib:.0f} MiB released, '
            f'{seed.get("stored_readded_bytes", 0) / mib:.0f} MiB re-added')
    for key in ('live_extents', 'live_tags'):
        if key in bench:
            res[key] = bench[key]
    for op in ('write', 'read'):
        d, a = bench.get(f'dax_{op}_mibs'), bench.get(f'anon_{op}_mibs')
        if d and a:
            res[f'seq_{op}'] = {'dax_mibs': d, 'anon_mibs': a,
                                'ratio': round(d / a, 3)}
            cell[f'bw_{op}'] = f'{d:.0f} / {a:.0f} MiB/s = {d / a:.2f}'

    # QEMU's DCD beside the mock of the same kernel.
    for op in ('add', 'release'):
        lat = latency(samples, (f'qemu_{op}', 0))
        if not lat:
            continue
        res.setdefault('qemu_dcd', {}).setdefault('latency_ms', {})[op] = lat
        cell[f'qemu_{op}'] = fmt_lat(lat)
        mock = res['latency_ms'].get(op, {}).get('10')
        if mock:
            ratio = mock['median'] / lat['median']
            lat['mock_10_over_qemu'] = round(ratio, 3)
            cell[f'qemu_{op}'] += f'; mock at 10 live: {ratio:.2f}x'
    for op in ('write', 'read'):
        qd = bench.get(f'qemu_dax_{op}_mibs')
        qa = bench.get(f'qemu_anon_{op}_mibs')
        if qd and qa:
            q = {'dax_mibs': qd, 'anon_mibs': qa, 'ratio': round(qd / qa, 3)}
            res.setdefault('qemu_dcd', {})[f'seq_{op}'] = q
            cell[f'qemu_bw_{op}'] = f'{qd:.0f} / {qa:.0f} MiB/s = {qd / qa:.2f}'
    return res, cell


def judge(res):
    """Issue 11's targets for the non-debug kernel: row id -> verdict."""
    out = {}

    def upper(rid, value, limit, unit, what):
        if value is None:
            out[rid] = {'target': what, 'met': None}
            return
        met = value <= limit
        v = {'target': what, 'value': value, 'met': met}
        if met:
            v['verdict'] = 'met'
        elif unit:
            v['verdict'] = (f'missed by {value - limit:.3g} {unit} '
                            f'({value / limit:.1f}x the target)')
        else:
            v['verdict'] = f'missed: {value:.3g} against {limit:g}'
        out[rid] = v

    lat = res['latency_ms']
    for live in ('10', '100', '1000'):
        m = lat.get('add', {}).get(live)
        upper(f'add_{live}', m and m['median'], 1.0, 'ms',
              f'median < 1 ms for {MIB2}')
    upper('add_1g_ratio', lat.get('add_1g', {}).get('fresh_over_2mib'), 2.0,
          '', 'fresh: not growing with size (1 GiB / 2 MiB <= 2)')
    eps = res.get('batch_1000_extents_per_s')
    v = {'target': '>= 1000 extents/s', 'met': None}
    if eps is not None:
        v.update(value=eps, met=eps >= 1000)
        v['verdict'] = 'met' if eps >= 1000 else (
            f'missed by {1000 - eps:.0f} extents/s ({1000 / eps:.1f}x too slow)')
    out['batch'] = v
    upper('release_tags', res.get('release_1000_s'), 10.0, 's', '< 10 s')
    mem = res.get('extent_memory_bytes', {})
    upper('extent_mem', mem.get('total', mem.get('slab')), 512, 'B',
          '<= 512 B per live extent')
    media = res.get('media_per_tagged_byte', {})
    upper('media', media.get('ratio'), 1.0, '', '1.0')
    return out


# Latencies are "median / p99 ms (n=samples)".
ROWS = (
    ('add_10', 'add -> accepted, 2 MiB, 10 live extents'),
    ('add_100', 'add -> accepted, 2 MiB, 100 live extents'),
    ('add_1000', 'add -> accepted, 2 MiB, 1000 live extents'),
    ('add_ratio', 'add -> accepted, median at 1000 / at 10'),
    ('release_10', 'release -> released, 2 MiB, 10 live extents'),
    ('release_100', 'release -> released, 2 MiB, 100 live extents'),
    ('release_1000', 'release -> released, 2 MiB, 1000 live extents'),
    ('release_ratio', 'release -> released, median at 1000 / at 10'),
    ('add_1g_fresh', 'add -> accepted, 1 GiB, fresh backend'),
    ('add_1g_ratio', 'add -> accepted, 1 GiB fresh / 2 MiB (10 live)'),
    ('add_1g_filled', 'add -> accepted, 1 GiB, filled backend'),
    ('release_1g_fresh', 'release -> released, 1 GiB, fresh backend'),
    ('release_1g_filled', 'release -> released, 1 GiB, filled backend'),
    ('add_seed', 'add -> accepted, 1 GiB, seed at full size'),
    ('release_seed', 'release -> released, 1 GiB (128 MiB written)'),
    ('seed', 'seed at full size: media, and memory of the stores'),
    ('batch', 'batch of 1000 extents (10 offers of 100)'),
    ('release_tags', 'release of 1000 tags, one release each'),
    ('extent_mem', 'kernel memory per live extent'),
    ('backend_mem', 'kernel memory per backend (2 MiB)'),
    ('media', 'media bytes per tagged byte (1000 live)'),
    ('bw_write', 'sequential write, DAX / anonymous'),
    ('bw_read', 'sequential read, DAX / anonymous'),
    ('qemu_add', 'add -> accepted, QEMU DCD over QMP'),
    ('qemu_release', 'release -> released, QEMU DCD over QMP'),
    ('qemu_bw_write', 'sequential write, QEMU DCD DAX / anonymous'),
    ('qemu_bw_read', 'sequential read, QEMU DCD DAX / anonymous'),
)


def main():
    raw, dest = sys.argv[1], sys.argv[2]
    debug_raw = sys.argv[3] if len(sys.argv) > 3 else None
    bench, samples, errors = parse(raw)
    res, cell = summarize(bench, samples)
    cols = [cell]
    res['kernel'] = 'non-debug (kernel.config without its debug options)'
    if debug_raw:
        dbench, dsamples, derrors = parse(debug_raw)
        errors += [f'debug kernel: {e}' for e in derrors]
        dres, dcell = summarize(dbench, dsamples)
        dres['kernel'] = 'debug (kernel.config: KASAN, lockdep, kmemleak)'
        res['debug_kernel'] = dres
        cols.append(dcell)
    targets = judge(res)
    res['targets'] = targets

    head = ['measurement (latency: median / p99)', 'non-debug kernel']
    if debug_raw:
        head.append('debug kernel')
    head += ['target (non-debug)', 'verdict']
    table = []
    for rid, what in ROWS:
        vals = [c.get(rid) for c in cols]
        t = targets.get(rid)
        if not any(vals) and not t:
            continue
        # QEMU's DCD runs on the debug kernel only (bench.sh).
        missing = 'debug kernel only' if rid.startswith('qemu_') \
            else 'not measured'
        row = [what] + [v or missing for v in vals]
        if t:
            row += [t['target'],
                    t.get('verdict', 'not measured') if t['met'] is not None
                    else 'not measured']
        else:
            row += ['', '']
        table.append(row)
    width = [max(len(r[i]) for r in table + [head]) for i in range(len(head))]
    for r in [head, ['-' * w for w in width]] + table:
        print('  '.join(f'{v:<{w}}' for v, w in zip(r, width)).rstrip())
    with open(dest, 'w') as f:
        json.dump(res, f, indent=2, sort_keys=True)
        f.write('\n')
    print(f'\nJSON: {dest}')
    if errors:
        print('bench had failures: ' + '; '.join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
