/** Spec builders: fields, encodings, data sizes; every spec compiles to Vega without warnings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { FitRef, ResultsIndex } from '../../../../src/plots/model.ts';
import { reportPlots } from '../../../../src/results/reportPlots.ts';
import { compiles, renders } from '../../support/vegaLite.ts';
import { detail, values } from '../../support/plotDetail.ts';
import { rowSumsSpec } from '../../../../src/plots/specs/dataPlots.ts';
import {
  lossCurvesSpec,
  pathCorrelationSpec,
  pathLossSpec,
  pathSparsitySpec,
  progressPoints,
  stationarityPoints,
  stationaritySpec,
  trajectoryPoints,
} from '../../../../src/plots/specs/fitPlots.ts';
import { siteLabelExpr } from '../../../../src/plots/specs/mutationPlots.ts';
import { epistasisSpec, predictedObservedSpec } from '../../../../src/plots/specs/predictionPlots.ts';

function fits(): FitRef[] {
  return [1e-4, 1e-5].flatMap((lambda) =>
    ['1', '2'].map((replicate) => ({
      id: `replicate-${replicate}/lambda-${lambda}`,
      lambda,
      replicate,
      converged: true,
      stopDetail: 'converged',
      iterations: 10,
      seconds: 1,
      stationarity: 1e-7,
      trainingLoss: [0.1, 0.2],
      validationLoss: [0.12, null],
      nonzeroShifts: [0, lambda === 1e-4 ? 2 : 5],
      mutations: 10,
    })),
  );
}

test('row sums: one bar per (condition, encoding, row sum), faceted by condition and encoding', () => {
  const rows = [
    { condition: 'a', encoding: 'reference' as const, rowSum: 1, count: 5 },
    { condition: 'b', encoding: 'scaled' as const, rowSum: 2, count: 3 },
  ];
  const spec = rowSumsSpec(rows, ['a', 'b']) as {
    encoding: Record<string, { field: string }>;
  } & TopLevelSpec;
  assert.equal(values(spec).length, 2);
  assert.equal(spec.encoding.row!.field, 'condition');
  assert.equal(spec.encoding.column!.field, 'encoding');
  compiles(spec);
});

test('loss curves: objective and one series per condition per iteration; log scale drops non-positive values', () => {
  const d = detail();
  const points = trajectoryPoints('fit', d.conditions, d.trajectory);
  assert.equal(points.length, 3 * (1 + 2));
  const withZero = [...points, { fit: 'fit', iteration: 3, series: 'objective', value: 0 }];
  assert.equal(values(lossCurvesSpec(withZero, true)).length, points.length);
  assert.equal(values(lossCurvesSpec(withZero, false)).length, points.length + 1);
  compiles(lossCurvesSpec(points, true));
  compiles(stationaritySpec(points));
});

test('stationarity: the tolerance as a dashed rule on the same log axis, labelled; none when unknown', async () => {
  const points = stationarityPoints('fit', { iteration: [0, 10, 20], stationarity: [1, 3e-4, 8e-7] });
  const plain = stationaritySpec(points, null) as TopLevelSpec & { layer?: unknown };
  assert.equal(plain.layer, undefined);
  assert.equal(values(plain).length, 3);
  const spec = stationaritySpec(points, 1e-6) as TopLevelSpec & {
    layer: {
      mark: { type: string; strokeDash?: number[] };
      data: { values: Record<string, unknown>[] };
      encoding: { y: { field: string; scale: { type: string } } };
    }[];
  };
  assert.equal(spec.layer.length, 3);
  const [line, rule, label] = spec.layer;
  assert.equal(line!.data.values.length, 3);
  assert.equal(rule!.mark.type, 'rule');
  assert.ok(rule!.mark.strokeDash);
  assert.deepEqual(rule!.data.values, [{ tolerance: 1e-6 }]);
  for (const l of spec.layer) assert.equal(l.encoding.y.scale.type, 'log');
  assert.equal(label!.data.values[0]!.label, 'tolerance 1e-6');
  compiles(spec);
  await renders(spec);
});

test('lasso path: sparsity excludes the reference; loss shows training and validation; rule at the recommended λ', () => {
  const f = fits();
  const sparsity = pathSparsitySpec(f, ['a', 'b'], 'a', 1e-5) as { layer: TopLevelSpec[] } & TopLevelSpec;
  assert.equal(sparsity.layer.length, 2);
  const rows = values(sparsity.layer[0]!) as { condition: string; nonzero: number }[];
  assert.ok(rows.every((r) => r.condition === 'b'));
  assert.deepEqual(rows.map((r) => r.nonzero).sort(), [0.2, 0.2, 0.5, 0.5]);
  const loss = pathLossSpec(f, ['a', 'b'], null) as { layer: TopLevelSpec[] } & TopLevelSpec;
  assert.equal(loss.layer.length, 1);
  assert.equal(values(loss.layer[0]!).length, 4 * 2 + 4);
  compiles(sparsity);
  compiles(loss);
  const row = { lambda: 1e-4, replicates: '1,2', parameter: 'shift_b', r: 0.9, fits: 'path' as const };
  const correlation = pathCorrelationSpec([row], f, 1e-4) as { layer: TopLevelSpec[] } & TopLevelSpec;
  compiles(correlation);
  // The all-variant refits at the recommended λ are points of their own, not on the path's line.
  const both = pathCorrelationSpec([row, { ...row, r: 0.95, fits: 'all-variants' }], f, 1e-4) as {
    layer: TopLevelSpec[];
  } & TopLevelSpec;
  assert.equal(both.layer.length, correlation.layer.length + 1);
  assert.deepEqual(
    both.layer.slice(0, 2).map((l) => values(l).map((v) => (v as { r: number }).r)),
    [[0.9], [0.95]],
  );
  compiles(both);
});

test('site axis labels: the index axis shows the label of each site', () => {
  // Vega expressions used here are also JavaScript: evaluate them as such, independently of Vega.
  const label = (labels: string[], i: number) =>
    String(new Function('datum', `return ${siteLabelExpr(labels)};`)({ value: i }));
  assert.equal(siteLabelExpr(['331', '332', '333']), 'datum.value + 331');
  assert.equal(label(['-2', '-1', '0', '1'], 0), '-2');
  assert.equal(label(['-2', '-1', '0', '1'], 3), '1');
  const odd = ['1', '2', '214', '214a', '215'];
  assert.deepEqual(
    odd.map((_, i) => label(odd, i)),
    odd,
  );
  assert.equal(label(odd, 7), '', 'no label past the last site');
});

test('predictions: r and R² in the facet labels; epistasis curve, points and wildtype rules', () => {
  const d = detail();
  const pred = predictedObservedSpec(d) as { facet: { sort: string[] } } & TopLevelSpec;
  assert.deepEqual(pred.facet.sort, ['a  (r = 0.900, R² = 0.810)', 'b  (r = 0.950, R² = 0.900)']);
  assert.equal(values(pred).length, 4);
  const epi = epistasisSpec(d) as { layer: TopLevelSpec[] } & TopLevelSpec;
  assert.equal(values(epi.layer[1]!).length, 3);
  assert.equal(values(epi.layer[2]!).length, 2);
  compiles(pred);
  compiles(epi);
});

test('report plots: every plot compiles and is named as a safe file stem, even for hostile condition names', () => {
  const d = { ...detail(), conditions: ['a', '../b c/'] };
  const index = {
    conditions: d.conditions,
    reference: 'a',
    rowSums: [],
    fits: fits(),
    recommendedLambda: 1e-4,
    correlations: [],
  } as unknown as ResultsIndex;
  const plots = reportPlots(index, d, [d]);
  const names = plots.map((p) => p.name);
  // Each unsafe byte of the name as _XX: '../b c/' → '_2E._2Fb_20c_2F' (fileStem.ts).
  assert.ok(names.includes('sites-shift-_2E._2Fb_20c_2F'), names.join(', '));
  assert.ok(names.includes('heatmap-shift-_2E._2Fb_20c_2F-1'));
  for (const name of names) assert.match(name, /^[A-Za-z0-9._-]+$/);
  assert.equal(new Set(names).size, names.length, 'names are unique');
  for (const p of plots) compiles(p.spec);
});

test("plots draw for conditions named like Object.prototype's members (Vega fails on such string literals in expressions)", async () => {
  const conditions = ['__proto__', 'constructor', 'toString'];
  const d = { ...detail(), conditions: ['__proto__', 'constructor'], reference: '__proto__' };
  const rowSums = conditions.flatMap((condition) =>
    (['reference', 'scaled'] as const).map((encoding) => ({ condition, encoding, rowSum: 1, count: 3 })),
  );
  await renders(rowSumsSpec(rowSums, conditions));
  const index = {
    conditions: d.conditions,
    reference: '__proto__',
    rowSums: rowSums.slice(0, 4),
    fits: fits(),
    recommendedLambda: 1e-4,
    correlations: [],
  } as unknown as ResultsIndex;
  for (const p of reportPlots(index, d, [d])) await renders(p.spec);
});

test('live points of a progress message: the objective, each condition by name, the stationarity only when measured', () => {
  const m = { lambda: 1e-4, iteration: 7, objective: 0.5, lossPerCondition: [0.2, null], stationarity: null };
  const points = progressPoints('replicate-lib_201/lambda-0.0001', m, ['Delta', 'BA.2']);
  assert.deepEqual(
    points.map((p) => [p.series, p.iteration, p.value]),
    [
      ['objective', 7, 0.5],
      ['Delta', 7, 0.2],
      ['BA.2', 7, NaN],
    ],
  );
  // The fit is labelled by its replicate, decoded from the job's folder.
  assert.ok(
    points.every((p) => p.fit === points[0]!.fit && p.fit.includes('lib 1')),
    points[0]!.fit,
  );
  const measured = progressPoints('fit', { ...m, stationarity: 3e-4 }, ['Delta']);
  assert.deepEqual(
    measured.map((p) => p.series),
    ['objective', 'Delta', 'condition 2', 'stationarity'],
  );
  assert.equal(measured.at(-1)!.value, 3e-4);
});
