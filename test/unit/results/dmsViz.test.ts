import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dmsVizExport, DMS_VIZ_DEFAULTS } from '../../../src/results/dmsViz.ts';
import type { FitDetail } from '../../../src/plots/model.ts';
import { dmsVizProblems } from '../../support/dmsVizSchema.ts';

/** Three conditions (reference B) over sites 184, 184a and 185, with one bundle. */
function detail(selection: boolean): FitDetail {
  const conditions = ['C', 'B', 'A'];
  const name = ['N184K', 'G184aD', 'T185* N184K', 'T185A', 'T185S'];
  const per = <T>(f: (d: number, m: number) => T) => conditions.map((_, d) => name.map((_, m) => f(d, m)));
  return {
    lambda: 1e-4,
    replicate: '',
    conditions,
    reference: 'B',
    converged: true,
    mutations: {
      name,
      site: ['184', '184a', '185 184', '185', '185'],
      wt: ['N', 'G', 'T N', 'T', 'T'],
      mut: ['K', 'D', '* K', 'A', 'S'],
      beta: per((d, m) => -m - d / 10),
      shift: per((d, m) => (d === 1 ? 0 : d + m / 10)),
      timesSeen: per((d, m) => 1 + d + m),
      // T185S is unseen in the reference: neither condition's shift rests on data there.
      identifiable: per((d, m) => (m === 4 && d === 1 ? 'unseen' : m === 0 && d === 2 ? 'saturated' : 'yes')),
      seBeta: per(() => 0.1),
      seShift: per((d) => (d === 1 ? NaN : 0.2)),
      ...(selection ? { selection: per((d, m) => (d === 1 ? NaN : m / 4)) } : {}),
    },
    sites: { label: ['184', '184a', '185'], wildtype: [] },
  } as unknown as FitDetail;
}

test('dms-viz export: rows per mutation and shown condition, unidentified and bundles left out', () => {
  const out = dmsVizExport(detail(true), { ...DMS_VIZ_DEFAULTS, name: 'Env', pdb: '5FYL' });
  assert.deepEqual(dmsVizProblems(out.json), []);
  const e = out.json.Env!;
  // Shifts: conditions C and A (not the reference B), sorted as dms-viz lists them.
  assert.deepEqual(e.conditions, ['A', 'C']);
  assert.deepEqual(e.condition_colors, { A: '#0072B2', C: '#CC79A7' });
  const keys = e.mut_metric_df.map((r) => `${r.condition}:${r.wildtype}${r.reference_site}${r.mutant}`);
  assert.deepEqual(keys, ['C:N184K', 'C:G184aD', 'A:G184aD', 'C:T185A', 'A:T185A']);
  assert.equal(out.bundles, 2);
  assert.equal(out.unidentified, 3); // A:N184K saturated; T185S in both, unseen in the reference
  assert.equal(out.rows, 5);
  // Numeric sites stay numbers; an insertion site is text; sequential sites keep the natural order
  // (JSON key order cannot: integer-like keys come first in a JavaScript object).
  assert.equal(e.mut_metric_df[0]!.reference_site, 184);
  assert.equal(e.mut_metric_df[1]!.reference_site, '184a');
  assert.deepEqual(
    Object.entries(e.sitemap)
      .map(([k, s]) => [k, s.sequential_site])
      .sort((x, y) => (x[1] as number) - (y[1] as number)),
    [
      ['184', 1],
      ['184a', 2],
      ['185', 3],
    ],
  );
  const a = e.mut_metric_df.find((r) => r.condition === 'A' && r.mutant === 'A')!;
  assert.deepEqual(a, {
    reference_site: 185,
    wildtype: 'T',
    mutant: 'A',
    condition: 'A',
    shift: 2.3,
    times_seen: 6,
    beta: -3.2,
    standard_error: 0.2,
    selection_frequency: 0.75,
  });
  assert.deepEqual(e.filter_limits, { times_seen: [1, 2, 6], selection_frequency: [0, 0, 0.75] });
  assert.equal(e.floor, false);
});

test('dms-viz export of β: every condition, its own identifiability, no selection filter', () => {
  const out = dmsVizExport(detail(false), { ...DMS_VIZ_DEFAULTS, metric: 'beta', name: 'Env', pdb: '5FYL' });
  assert.deepEqual(dmsVizProblems(out.json), []);
  const e = out.json.Env!;
  assert.deepEqual(e.conditions, ['A', 'B', 'C']);
  assert.equal(e.metric_col, 'beta');
  assert.equal(out.unidentified, 2); // A:N184K, B:T185S
  assert.equal(out.rows, 4 * 3 - 2);
  assert.deepEqual(Object.keys(e.filter_cols), ['times_seen']);
  assert.ok(e.mut_metric_df.every((r) => !('shift' in r) && r.standard_error === 0.1));
});

test('dms-viz export: the standard-error column is there when every row written has one, whatever the left-out rows have', () => {
  const d = detail(false);
  // T185S (left out: unseen in the reference) has no standard error; the rows written all do.
  d.mutations.seShift = d.mutations.seShift.map((s) => s.map((v, m) => (m === 4 ? Infinity : v)));
  const rows = () =>
    dmsVizExport(d, { ...DMS_VIZ_DEFAULTS, name: 'Env', pdb: '5FYL' }).json.Env!.mut_metric_df;
  assert.ok(rows().every((r) => r.standard_error === 0.2));
  // One written row without one: no column, rather than a column with a hole.
  d.mutations.seShift[0]![3] = Infinity;
  assert.ok(rows().every((r) => !('standard_error' in r)));
});
