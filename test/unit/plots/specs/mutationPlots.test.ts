/** The mutation plots' specs: the site chart, its statistics, and the heatmap's cells, marks, tooltips and colours. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { FitDetail } from '../../../../src/plots/model.ts';
import { compiles, renders } from '../../support/vegaLite.ts';
import { detail, values } from '../../support/plotDetail.ts';
import { colorExtent, siteOverviewSpec } from '../../../../src/plots/specs/mutationPlots.ts';
import { heatmapSpec } from '../../../../src/plots/specs/heatmap.ts';
import { NO_FILTER, timesSeenOf, type MutationFilter } from '../../../../src/plots/specs/mutationValues.ts';
import {
  SITE_STATISTICS,
  siteStatistic,
  type SiteStatistic,
} from '../../../../src/plots/specs/siteStatistic.ts';

/** The filter of the times-seen slider alone. */
const seen = (minTimesSeen: number): MutationFilter => ({ ...NO_FILTER, minTimesSeen });

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
  // The marks and the grey are explained under the title, on two lines.
  const subtitle = (spec.title as { subtitle: string[] }).subtitle;
  assert.equal(subtitle.length, 2);
  assert.deepEqual(subtitle.join(' · ').split(' · '), [
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
  assert.deepEqual([...siteStatistic(d, 'shift', 1, seen(2))], [0, 0.3, 0, 0]);
  assert.deepEqual([...siteStatistic(d, 'shift', 1, seen(3))], [0, 0, 0, 0]);
  assert.deepEqual([...siteStatistic(d, 'beta', 1, seen(5))], [0, 0, 0.3, 0]);
  const spec = heatmapSpec(d, 'shift', 1, 0, 4, false, seen(3)) as {
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
    assert.deepEqual([...siteStatistic(d, 'beta', 1, NO_FILTER, stat)], expected[stat], stat);
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
    const got = [...siteStatistic(d, 'beta', 1, NO_FILTER, stat)];
    got.forEach((v, s) => assert.ok(Math.abs(v - byHand[stat][s]!) < 1e-12, `${stat} site ${s + 1}: ${v}`));
  }
  // The times_seen filter applies first: M1W was seen 0 times in b.
  assert.deepEqual([...siteStatistic(d, 'beta', 1, seen(1), 'min')].slice(0, 1), [1]);
  const spec = siteOverviewSpec(d, 'shift', 1, undefined, NO_FILTER, 'max-abs') as {
    title: { text: string };
    layer: { encoding: { y: { title: string } } }[];
  };
  assert.match(spec.title.text, /^Largest \|shift\| by site/);
  assert.equal(spec.layer[0]!.encoding.y.title, 'max |shift|');
  compiles(spec as unknown as TopLevelSpec);
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
  const { vegaConfig, LIGHT_THEME, divergingRange } = await import('../../../../src/plots/theme.ts');
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

test('heatmap: with intervals, a shift is confident when its 90 % interval excludes 0, whatever its se says', () => {
  const d = detail();
  // Mutation 2's shift 0.3 is 2.1 se from zero, but its interval holds 0; mutation 4's 0.2 is
  // 0.35 se from zero, but its interval excludes 0. Mutation 5 has no interval: its se decides.
  d.mutations.shift[1]![4] = 0.2;
  const none = d.mutations.name.map(() => NaN);
  d.mutations.shiftLow = [none, [NaN, NaN, -0.1, NaN, 0.05, NaN]];
  d.mutations.shiftHigh = [none, [NaN, NaN, 0.7, NaN, 0.4, NaN]];
  type Cell = { mutation: string; value: number; confident: string; faded: boolean };
  const cells = (confidentOnly: boolean) =>
    new Map(
      (
        values(
          (heatmapSpec(d, 'shift', 1, 0, 4, confidentOnly) as unknown as { layer: TopLevelSpec[] }).layer[0]!,
        ) as Cell[]
      ).map((c) => [c.mutation, c]),
    );
  const [two, four] = [d.mutations.name[2]!, d.mutations.name[4]!];
  const faded = cells(false);
  assert.deepEqual(
    [faded.get(two)!.faded, faded.get(two)!.confident],
    [true, 'no: its 90 % interval holds 0'],
  );
  assert.deepEqual([faded.get(four)!.faded, faded.get(four)!.confident], [false, 'yes']);
  const hidden = cells(true);
  assert.deepEqual([hidden.get(two)!.value, hidden.get(four)!.value], [0, 0.2]);
  assert.equal(hidden.get(two)!.confident, 'no: its 90 % interval holds 0 (drawn as 0)');
});

test('heatmap: with intervals the tooltip gives each one, of the shift or of β; without, none is offered', () => {
  const d = detail();
  type Layer = TopLevelSpec & { encoding: { tooltip: { field: string; title?: string }[] } };
  const layer = (x: FitDetail, parameter: 'shift' | 'beta' = 'shift') =>
    (heatmapSpec(x, parameter, 1, 0, 4) as unknown as { layer: Layer[] }).layer[0]!;
  const fields = (l: Layer) => l.encoding.tooltip.map((t) => t.field);
  assert.ok(!fields(layer(d)).includes('interval'), 'no intervals, no tooltip entry');
  const none = d.mutations.name.map(() => NaN);
  const given = {
    shift: [
      [-3, NaN, 0.5, -0.25, -0.1, 2],
      [-2, NaN, 2, 0.25, 0.1, 4],
    ],
    beta: [
      [-4, -1, NaN, -0.5, -0.2, 1.5],
      [-3.5, 0.5, NaN, 0.5, 0.2, 2.5],
    ],
  };
  [d.mutations.shiftLow, d.mutations.shiftHigh] = given.shift.map((v) => [none, v]);
  [d.mutations.betaLow, d.mutations.betaHigh] = given.beta.map((v) => [none, v]);
  for (const parameter of ['shift', 'beta'] as const) {
    const l = layer(d, parameter);
    const entry = l.encoding.tooltip.find((t) => t.field === 'interval')!;
    assert.match(entry.title!, parameter === 'shift' ? /of the shift/ : /of β/);
    const [low, high] = given[parameter] as [number[], number[]];
    const cells = values(l) as { mutation: string; interval: string | null }[];
    assert.ok(cells.length > 0);
    for (const cell of cells) {
      const m = d.mutations.name.indexOf(cell.mutation);
      assert.equal(cell.interval, Number.isNaN(low[m]) ? null : `${low[m]} to ${high[m]}`, cell.mutation);
    }
    compiles(heatmapSpec(d, parameter, 1, 0, 4));
  }
});

test('interval-width filter: wider intervals are grey in the heatmap and out of the site statistic; none kept', () => {
  const d = detail();
  const none = d.mutations.name.map(() => NaN);
  // Widths in b: 1, none, 0.25, 3, 0.5, 2 (mutation 1 has no interval, so it stays); mutation 3's
  // identified shift of 0.4 has the widest.
  d.mutations.shift[1]![3] = 0.4;
  d.mutations.shiftLow = [none, [-1.5, NaN, 0.2, -1, 0, 1]];
  d.mutations.shiftHigh = [none, [-0.5, NaN, 0.45, 2, 0.5, 3]];
  const narrow: MutationFilter = { ...NO_FILTER, maxIntervalWidth: 0.9 };
  const width = d.mutations.shiftHigh[1]!.map((h, m) => h - d.mutations.shiftLow![1]![m]!);
  type Cell = { mutation: string; filtered: boolean; widthText: string };
  const layer = (heatmapSpec(d, 'shift', 1, 0, 4, false, narrow) as unknown as { layer: TopLevelSpec[] })
    .layer[0]! as TopLevelSpec & { encoding: { tooltip: { field: string; title?: string }[] } };
  const cells = values(layer) as Cell[];
  assert.ok(cells.length > 0);
  for (const cell of cells) {
    const m = d.mutations.name.indexOf(cell.mutation);
    const wide = width[m]! > 0.9;
    assert.equal(cell.filtered, wide, cell.mutation);
    assert.equal(cell.widthText, wide ? `no: ${width[m]} wide` : 'yes', cell.mutation);
  }
  assert.equal(layer.encoding.tooltip.find((t) => t.field === 'widthText')!.title, 'interval ≤ 0.9 wide');
  // The site statistic keeps only the narrow ones: sum |shift| over them, site by site, by hand.
  const site = d.mutations.site.map((s) => d.sites.label.indexOf(s));
  const identified = d.mutations.identifiable[1]!.map(
    (id, m) => id === 'yes' && d.mutations.identifiable[0]![m] === 'yes',
  );
  const expected = d.sites.label.map((_, s) =>
    d.mutations.shift[1]!.reduce(
      (sum, v, m) => (site[m] === s && identified[m] && !(width[m]! > 0.9) ? sum + Math.abs(v) : sum),
      0,
    ),
  );
  assert.deepEqual([...siteStatistic(d, 'shift', 1, narrow)], expected);
  assert.notDeepEqual([...siteStatistic(d, 'shift', 1)], expected, 'the filter changes the sums');
  compiles(heatmapSpec(d, 'shift', 1, 0, 4, false, narrow));
  compiles(siteOverviewSpec(d, 'shift', 1, [0, 2], narrow));
});

test('floor at zero: negative values are drawn and summed as 0, the tooltip keeps the fitted value', () => {
  const d = detail();
  d.mutations.shift[1]![3] = -0.4; // identified in both, at site 3 beside the saturated M4*
  const floored: MutationFilter = { ...NO_FILTER, floorAtZero: true };
  // Sum of the shifts themselves (statistic 'sum'): floored, the −0.4 no longer counts.
  const plain = [...siteStatistic(d, 'shift', 1, NO_FILTER, 'sum')];
  const flat = [...siteStatistic(d, 'shift', 1, floored, 'sum')];
  assert.deepEqual(plain, [0, 0.3, -0.4, 0]);
  assert.deepEqual(flat, [0, 0.3, 0, 0]);
  type Cell = { mutation: string; value: number; shift: number };
  const spec = heatmapSpec(d, 'shift', 1, 0, 4, false, floored) as unknown as { layer: TopLevelSpec[] };
  const cell = (values(spec.layer[0]!) as Cell[]).find((c) => c.mutation === d.mutations.name[3])!;
  assert.deepEqual([cell.value, cell.shift], [0, -0.4]);
  assert.match(JSON.stringify(spec), /negative values drawn as 0/);
  compiles(heatmapSpec(d, 'shift', 1, 0, 4, false, floored));
});
