/** Spec builders: fields, encodings, data sizes; every spec compiles to Vega without warnings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { FitDetail, FitRef, ResultsIndex } from '../../src/plots/model.ts';
import { reportPlots } from '../../src/results/reportPlots.ts';
import { compiles, renders } from './support/vegaLite.ts';
import { rowSumsSpec } from '../../src/plots/specs/dataPlots.ts';
import {
  lossCurvesSpec,
  pathCorrelationSpec,
  pathLossSpec,
  pathSparsitySpec,
  stationarityPoints,
  stationaritySpec,
  trajectoryPoints,
} from '../../src/plots/specs/fitPlots.ts';
import {
  colorExtent,
  heatmapSpec,
  siteLabelExpr,
  siteOverviewSpec,
} from '../../src/plots/specs/mutationPlots.ts';
import { timesSeenOf } from '../../src/plots/specs/mutationValues.ts';
import { epistasisSpec, predictedObservedSpec } from '../../src/plots/specs/predictionPlots.ts';
import { SITE_STATISTICS, siteStatistic, type SiteStatistic } from '../../src/plots/specs/siteStatistic.ts';

function detail(): FitDetail {
  // Sites 1..4; condition b differs from the reference a at site 3 (G → P).
  const site = ['1', '1', '2', '3', '3', '4'];
  const mut = ['E', 'W', 'A', 'P', 'R', '*'];
  return {
    lambda: 1e-4,
    replicate: '',
    conditions: ['a', 'b'],
    reference: 'a',
    converged: true,
    stationarity: 1e-7,
    tolerance: 1e-6,
    stopDetail: 'converged',
    advice: null,
    warnings: [],
    notIdentifiable: [
      { 'single-variant': 3, saturated: 0, unseen: 0 },
      { 'single-variant': 2, saturated: 1, unseen: 1 },
    ],
    topShifts: [[], [{ mutation: 'M2A', shift: 0.3 }]],
    theta: { ge_scale: 6, ge_bias: -5 },
    pearson: [0.9, 0.95],
    r2: [0.81, 0.9],
    trajectory: {
      iteration: [0, 1, 2],
      objective: [1, 0.5, 0.4],
      stationarity: [1, 0.1, null],
      loss: [
        [1, 0.5, 0.4],
        [0.9, 0.6, 0.3],
      ],
    },
    mutations: {
      name: site.map((s, i) => `${s === '3' ? 'G' : 'M'}${s}${mut[i]}`),
      site,
      wt: site.map((s) => (s === '3' ? 'G' : 'M')),
      mut,
      beta: [
        [1, -2, 0.5, 0.3, -1, -9],
        [1, -2, 0.8, 0.3, -1, -9],
      ],
      shift: [
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0.3, 0, 0, -3],
      ],
      timesSeen: [
        [3, 1, 2, 4, 1, 1],
        [2, 0, 2, 5, 1, 1],
      ],
      // M4* is saturated in b: its shift of −3 is the ridge's, not the data's.
      identifiable: [
        ['yes', 'single-variant', 'yes', 'yes', 'single-variant', 'single-variant'],
        ['yes', 'unseen', 'yes', 'yes', 'single-variant', 'saturated'],
      ],
      seBeta: [
        [0.1, 0.3, 0.1, 0.1, 0.4, 0.5],
        [0.1, NaN, 0.1, 0.1, 0.4, 0.5],
      ],
      seShift: [
        [NaN, NaN, NaN, NaN, NaN, NaN],
        [0.14, NaN, 0.14, 0.14, 0.57, 0.71],
      ],
    },
    sites: {
      label: ['1', '2', '3', '4'],
      wildtype: [
        ['M', 'M', 'G', 'M'],
        ['M', 'M', 'P', 'M'],
      ],
    },
    variants: {
      condition: [0, 0, 1, 1],
      observed: [0, -1, 0.2, -2],
      predicted: [0.1, -0.9, 0.1, -2.2],
      latent: [3, 1, 2.5, -1],
    },
    curve: { latent: [-2, 0, 2], score: [-5, -2, 0] },
    wildtypes: [
      { latent: 3, score: 0 },
      { latent: 2.5, score: -0.1 },
    ],
  };
}

function fits(): FitRef[] {
  return [1e-4, 1e-5].flatMap((lambda) =>
    ['1', '2'].map((replicate) => ({
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

const values = (spec: TopLevelSpec): unknown[] => (spec as { data: { values: unknown[] } }).data.values;

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

test("heatmap: only the window's mutations, wildtype marks per site, symmetric colour domain", () => {
  const d = detail();
  const spec = heatmapSpec(d, 'shift', 1, 1, 3);
  const layers = (
    spec as unknown as { layer: (TopLevelSpec & { encoding: { color: { scale: { domain: number[] } } } })[] }
  ).layer;
  const cells = values(layers[0]!) as { mutation: string; identified: boolean; identifiable: string }[];
  assert.deepEqual(
    cells.map((c) => c.mutation),
    ['M2A', 'G3P', 'G3R'],
  );
  // G3R: seen once in b, so its shift is greyed out and the tooltip says why.
  assert.deepEqual(
    cells.map((c) => [c.identified, c.identifiable]),
    [
      [true, 'yes'],
      [true, 'yes'],
      [false, 'single-variant'],
    ],
  );
  // Sites 2 and 3: × at each reference wildtype, ● at b's own wildtype where it differs (site 3).
  assert.equal(values(layers[1]!).length, 3);
  assert.equal(colorExtent(d, 'shift', 1), 3);
  assert.deepEqual(layers[0]!.encoding.color.scale.domain, [-3, -1.5, 0, 1.5, 3]);
  // The marks and the grey are explained under the title.
  assert.deepEqual((spec.title as { subtitle: string }).subtitle.split(' · '), [
    '× a wildtype',
    '● b wildtype where it differs',
    'grey: not identified by the data',
  ]);
  compiles(spec);
});

test('times_seen slider: a shift rests on the fewer of its two conditions, filtered cells are grey and left out of sums', () => {
  const d = detail();
  assert.deepEqual(timesSeenOf(d, 'shift', 1), [2, 0, 2, 4, 1, 1]);
  assert.deepEqual(timesSeenOf(d, 'beta', 1), [2, 0, 2, 5, 1, 1]);
  assert.deepEqual([...siteStatistic(d, 'shift', 1, 2)], [0, 0.3, 0, 0]);
  assert.deepEqual([...siteStatistic(d, 'shift', 1, 3)], [0, 0, 0, 0]);
  assert.deepEqual([...siteStatistic(d, 'beta', 1, 5)], [0, 0, 0.3, 0]);
  const spec = heatmapSpec(d, 'shift', 1, 0, 4, false, 3) as {
    layer: { encoding: { color: { condition: { test: string } } } }[];
  } & TopLevelSpec;
  const cells = values(spec.layer[0] as unknown as TopLevelSpec) as {
    mutation: string;
    filtered: boolean;
    filteredText: string;
  }[];
  assert.deepEqual(
    cells.filter((c) => c.filtered).map((c) => c.mutation),
    ['M1E', 'M1W', 'M2A', 'G3R', 'M4*'],
  );
  assert.equal(cells.find((c) => c.mutation === 'G3P')!.filteredText, 'yes');
  assert.match(cells.find((c) => c.mutation === 'M2A')!.filteredText, /^no: 2 \(the fewer of b and a\)$/);
  assert.match(spec.layer[0]!.encoding.color.condition.test, /datum\.filtered/);
  compiles(spec);
});

test('site overview: one value per site (sum of |shift| of identified mutations), a brush only with a window', () => {
  const d = detail();
  // M4*'s shift of −3 is left out: it is saturated in b (the ridge set it).
  assert.deepEqual([...siteStatistic(d, 'shift', 1)], [0, 0.3, 0, 0]);
  d.mutations.identifiable[1]![5] = 'yes';
  d.mutations.identifiable[0]![5] = 'yes';
  assert.deepEqual([...siteStatistic(d, 'shift', 1)], [0, 0.3, 0, 3]);
  // A shift is identified only where the reference's β is too.
  d.mutations.identifiable[0]![5] = 'single-variant';
  assert.deepEqual([...siteStatistic(d, 'shift', 1)], [0, 0.3, 0, 0]);
  assert.deepEqual([...siteStatistic(d, 'beta', 1)].at(-1), 9);
  const brushed = siteOverviewSpec(d, 'shift', 1, [0, 2]) as {
    layer: { params?: unknown[] }[];
  } & TopLevelSpec;
  assert.equal(values(brushed).length, 4);
  assert.ok(brushed.layer[0]!.params);
  const plain = siteOverviewSpec(d, 'shift', 1) as { layer: { params?: unknown[] }[] } & TopLevelSpec;
  assert.equal(plain.layer[0]!.params, undefined);
  compiles(brushed);
  compiles(plain);
});

test('site statistics: sum, mean, max and min of the effects or of |effects|, per site, as counted by hand', () => {
  const d = detail();
  // β in b of the mutations counted (identified in b): M1E 1 (site 1), M2A 0.8 (site 2), G3P 0.3
  // (site 3). Every other one is not identified in b; sites with none count 0.
  const expected: Record<SiteStatistic, number[]> = {
    'sum-abs': [1, 0.8, 0.3, 0],
    'mean-abs': [1, 0.8, 0.3, 0],
    'max-abs': [1, 0.8, 0.3, 0],
    sum: [1, 0.8, 0.3, 0],
    mean: [1, 0.8, 0.3, 0],
    max: [1, 0.8, 0.3, 0],
    min: [1, 0.8, 0.3, 0],
  };
  for (const stat of SITE_STATISTICS)
    assert.deepEqual([...siteStatistic(d, 'beta', 1, 0, stat)], expected[stat], stat);
  // Make site 1's W (β −2) and site 4's * (β −9) count too: now the statistics part ways.
  d.mutations.identifiable[1]![1] = 'yes';
  d.mutations.identifiable[1]![5] = 'yes';
  const byHand: Record<SiteStatistic, number[]> = {
    'sum-abs': [3, 0.8, 0.3, 9],
    'mean-abs': [1.5, 0.8, 0.3, 9],
    'max-abs': [2, 0.8, 0.3, 9],
    sum: [-1, 0.8, 0.3, -9],
    mean: [-0.5, 0.8, 0.3, -9],
    max: [1, 0.8, 0.3, -9],
    min: [-2, 0.8, 0.3, -9],
  };
  for (const stat of SITE_STATISTICS) {
    const got = [...siteStatistic(d, 'beta', 1, 0, stat)];
    got.forEach((v, s) => assert.ok(Math.abs(v - byHand[stat][s]!) < 1e-12, `${stat} site ${s + 1}: ${v}`));
  }
  // The times_seen filter applies first: M1W was seen 0 times in b.
  assert.deepEqual([...siteStatistic(d, 'beta', 1, 1, 'min')].slice(0, 1), [1]);
  const spec = siteOverviewSpec(d, 'shift', 1, undefined, 0, 'max-abs') as {
    title: { text: string };
    layer: { encoding: { y: { title: string } } }[];
  };
  assert.match(spec.title.text, /^Largest \|shift\| by site/);
  assert.equal(spec.layer[0]!.encoding.y.title, 'max |shift|');
  compiles(spec as unknown as TopLevelSpec);
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

test('heatmap: shifts fewer than 1.645 standard errors from zero fade, or with confidentOnly are drawn as 0', () => {
  const d = detail();
  // In b: mutation 2's shift 0.3 is 2.1 se from zero; mutation 4's 0.2 only 0.35.
  d.mutations.shift[1]![4] = 0.2;
  type Cell = { mutation: string; value: number; se: number | null; confident: string; faded: boolean };
  const cells = (confidentOnly: boolean) =>
    values(
      (heatmapSpec(d, 'shift', 1, 0, 4, confidentOnly) as unknown as { layer: TopLevelSpec[] }).layer[0]!,
    ) as Cell[];
  const byName = (cs: Cell[]) => new Map(cs.map((c) => [c.mutation, c]));
  const sure = d.mutations.name[2]!;
  const unsure = d.mutations.name[4]!;
  const faded = byName(cells(false));
  assert.deepEqual(
    [faded.get(sure)!.confident, faded.get(sure)!.faded, faded.get(sure)!.value],
    ['yes', false, 0.3],
  );
  assert.deepEqual([faded.get(unsure)!.faded, faded.get(unsure)!.value], [true, 0.2]);
  assert.match(faded.get(unsure)!.confident, /^no: \|shift\| < 1.645 se$/);
  assert.equal(faded.get(unsure)!.se, 0.57);
  const hidden = byName(cells(true));
  assert.deepEqual([hidden.get(unsure)!.value, hidden.get(unsure)!.faded], [0, false]);
  assert.equal(hidden.get(sure)!.value, 0.3);
  // A zero shift, and a condition's NaN standard error (results from before), are left alone.
  for (const c of hidden.values()) if (c.value === 0 && c.mutation !== unsure) assert.equal(c.confident, '—');
  compiles(heatmapSpec(d, 'shift', 1, 0, 4, true));
});

test('heatmap: with selection frequencies the shift tooltip gives each one; without, none is offered', () => {
  const d = detail();
  type Layer = TopLevelSpec & { encoding: { tooltip: { field: string; format?: string }[] } };
  const layer = (x: FitDetail) =>
    (heatmapSpec(x, 'shift', 1, 0, 4) as unknown as { layer: Layer[] }).layer[0]!;
  const fields = (l: Layer) => l.encoding.tooltip.map((t) => t.field);
  assert.ok(!fields(layer(d)).includes('selected'), 'no stability, no tooltip entry');
  d.mutations.selection = [d.mutations.name.map(() => NaN), [1, 0.5, 5 / 6, 0, 0, 1 / 6]];
  const l = layer(d);
  assert.ok(fields(l).includes('selected'));
  assert.equal(l.encoding.tooltip.find((t) => t.field === 'selected')!.format, '.0%');
  const byName = new Map(
    (values(l) as { mutation: string; selected: number | null }[]).map((c) => [c.mutation, c]),
  );
  d.mutations.name.forEach((name, m) => {
    const cell = byName.get(name);
    if (cell) assert.equal(cell.selected, d.mutations.selection![1]![m], name);
  });
  const beta = (heatmapSpec(d, 'beta', 1, 0, 4) as unknown as { layer: Layer[] }).layer[0]!;
  assert.ok(!fields(beta).includes('selected'), 'β has no selection');
  compiles(heatmapSpec(d, 'shift', 1, 0, 4));
});

test('heatmap: with a relaxed refit the shift tooltip gives its shift; without, none is offered', () => {
  const d = detail();
  type Layer = TopLevelSpec & { encoding: { tooltip: { field: string }[] } };
  const layer = (x: FitDetail, parameter: 'shift' | 'beta' = 'shift') =>
    (heatmapSpec(x, parameter, 1, 0, 4) as unknown as { layer: Layer[] }).layer[0]!;
  const fields = (l: Layer) => l.encoding.tooltip.map((t) => t.field);
  assert.ok(!fields(layer(d)).includes('relaxed'), 'no refit, no tooltip entry');
  d.mutations.relaxedShift = [d.mutations.name.map(() => NaN), [-2.5, 0, 1.25, 0, 0, 3]];
  const l = layer(d);
  assert.ok(fields(l).includes('relaxed'));
  const cells = values(l) as { mutation: string; relaxed: number | null }[];
  assert.ok(cells.length > 0);
  for (const cell of cells) {
    const m = d.mutations.name.indexOf(cell.mutation);
    assert.equal(cell.relaxed, d.mutations.relaxedShift[1]![m], cell.mutation);
  }
  assert.ok(!fields(layer(d, 'beta')).includes('relaxed'), 'β has no relaxed shift');
  compiles(heatmapSpec(d, 'shift', 1, 0, 4));
});

test("heatmap colours: red to blue through the theme's background, so a zero effect is the panel's colour", async () => {
  const { vegaConfig, LIGHT_THEME, divergingRange } = await import('../../src/plots/theme.ts');
  const d = detail();
  const layer = (
    heatmapSpec(d, 'shift', 1, 0, 4) as unknown as {
      layer: { encoding: { color: { scale: { range: string; domain: number[] } } } }[];
    }
  ).layer[0]!;
  const { range, domain } = layer.encoding.color.scale;
  assert.equal(range, 'diverging');
  assert.equal(domain.length, 5);
  assert.equal(domain[2], 0, 'zero at the middle stop');
  // Drawn: the colour Vega gives a zero effect is the background itself (in HCL, white became cyan).
  const { compile } = await import('vega-lite');
  const vega = await import('vega');
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;
  for (const background of ['#ffffff', '#1f1f1f', '#000000']) {
    const config = vegaConfig({ ...LIGHT_THEME, background }) as { range: { diverging: string[] } };
    assert.deepEqual(config.range.diverging, divergingRange(background));
    const compiled = compile(heatmapSpec(d, 'shift', 1, 0, 4) as never, { config: config as never }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    await view.runAsync();
    const color = view.scale('color') as (v: number) => string;
    assert.equal(color(0), rgb(background), `zero on ${background}`);
    assert.notEqual(color(domain[4]! / 2), rgb(background));
  }
  await renders(heatmapSpec(d, 'shift', 1, 0, 4));
});
