import { nameFacet, withFacetIndex } from './nameFacet';
/**
 * Plots of an interaction spectrum: the share of variance by interaction order, pairwise
 * energies between the chosen sites, and each landscape's point on the sparsity–ruggedness
 * plane (Tsui & Aghazadeh). Above order 1 the fitted model has no specific interactions: that
 * energy is non-specific epistasis created by the global-epistasis function g.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SpectrumResult } from '../../core/spectrum/spectrum';
import { conditionColor } from '../theme';
import { SCHEMA } from './schema';

function colors(result: SpectrumResult) {
  const names = result.conditions.map((c) => c.condition);
  return { domain: names, range: names.map((_, d) => conditionColor(d)) };
}

/** What an interaction order means for a global-epistasis model. */
export function orderKind(order: number): string {
  return order === 1 ? 'additive' : 'non-specific epistasis from g';
}

/** Share of the landscape's variance at each interaction order, per condition. */
export function orderEnergySpec(result: SpectrumResult): TopLevelSpec {
  const values = result.conditions.flatMap((c) =>
    c.orders
      .filter((o) => o.order >= 1)
      .map((o) => ({
        condition: c.condition,
        order: o.order,
        kind: orderKind(o.order),
        share: o.share,
        energy: o.energy,
      })),
  );
  const orders = [...new Set(values.map((v) => v.order))];
  return {
    $schema: SCHEMA,
    title: 'Variance by interaction order',
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'order',
        type: 'ordinal',
        sort: orders,
        title: 'interaction order (1 additive; 2 and above: non-specific epistasis from g)',
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'condition', type: 'nominal' },
      y: { field: 'share', type: 'quantitative', title: 'share of variance', axis: { format: '%' } },
      color: { field: 'condition', type: 'nominal', scale: colors(result) },
      tooltip: [
        { field: 'condition', type: 'nominal' },
        { field: 'order', type: 'ordinal' },
        { field: 'kind', type: 'nominal' },
        { field: 'share', type: 'quantitative', format: '.2%' },
        { field: 'energy', type: 'quantitative', format: '.3g' },
      ],
    },
    width: 'container',
    height: 180,
  };
}

/** k × k share of variance: single sites on the diagonal, site pairs off it; one panel per condition. */
export function pairEnergySpec(result: SpectrumResult): TopLevelSpec {
  const sites = result.sites;
  const names = result.conditions.map((c) => c.condition);
  const values = result.conditions.flatMap((c) =>
    c.pairEnergy.flatMap((row, i) =>
      row.map((energy, j) => ({
        condition: c.condition,
        a: sites[i]!,
        b: sites[j]!,
        kind: i === j ? 'site' : 'pair',
        share: c.variance > 0 ? energy / c.variance : 0,
      })),
    ),
  );
  return {
    $schema: SCHEMA,
    title: 'Share of variance by site (diagonal) and site pair',
    data: { values: withFacetIndex(values, names) },
    facet: { column: nameFacet('condition') },
    spec: {
      mark: { type: 'rect', tooltip: true },
      encoding: {
        x: { field: 'a', type: 'ordinal', sort: sites, title: 'site' },
        y: { field: 'b', type: 'ordinal', sort: sites, title: 'site' },
        color: {
          field: 'share',
          type: 'quantitative',
          title: 'share',
          scale: { scheme: 'blues', domainMin: 0 },
          legend: { format: '%' },
        },
        tooltip: [
          { field: 'a', type: 'nominal', title: 'site' },
          { field: 'b', type: 'nominal', title: 'site' },
          { field: 'kind', type: 'nominal' },
          { field: 'share', type: 'quantitative', format: '.2%' },
        ],
      },
      width: { step: Math.max(14, Math.min(40, Math.floor(240 / Math.max(1, sites.length)))) },
      height: { step: Math.max(14, Math.min(40, Math.floor(240 / Math.max(1, sites.length)))) },
    },
  };
}

/** The plane's axes: ruggedness is a mean order in [1, 5], sparsity a fraction. */
const RUGGEDNESS = { domain: [1, 5], zero: false };
const SPARSITY = { domain: [0, 1] };

/** Each condition's landscape on the sparsity–ruggedness plane; binary-view means with ±1 sd. */
export function planeSpec(result: SpectrumResult): TopLevelSpec {
  const points = result.conditions.flatMap((c) => [
    {
      condition: c.condition,
      view: `q-ary (q = ${c.sites.map((s) => s.letters.length).join('×')})`,
      ruggedness: c.ruggedness,
      sparsity: c.sparsity,
      rLow: c.ruggedness,
      rHigh: c.ruggedness,
      sLow: c.sparsity,
      sHigh: c.sparsity,
    },
    ...(c.binary
      ? [
          {
            condition: c.condition,
            view: `binary (${c.binary.draws.length}${c.binary.exhaustive ? '' : ' random'})`,
            ruggedness: c.binary.ruggedness.mean,
            sparsity: c.binary.sparsity.mean,
            rLow: c.binary.ruggedness.mean - c.binary.ruggedness.sd,
            rHigh: c.binary.ruggedness.mean + c.binary.ruggedness.sd,
            sLow: c.binary.sparsity.mean - c.binary.sparsity.sd,
            sHigh: c.binary.sparsity.mean + c.binary.sparsity.sd,
          },
        ]
      : []),
  ]);
  const color = { field: 'condition', type: 'nominal' as const, scale: colors(result) };
  return {
    $schema: SCHEMA,
    title: 'Sparsity–ruggedness plane',
    data: { values: points },
    layer: [
      {
        mark: { type: 'rule', clip: true },
        encoding: {
          x: { field: 'rLow', type: 'quantitative', scale: RUGGEDNESS },
          x2: { field: 'rHigh' },
          y: { field: 'sparsity', type: 'quantitative', scale: SPARSITY },
          color,
        },
      },
      {
        mark: { type: 'rule', clip: true },
        encoding: {
          y: { field: 'sLow', type: 'quantitative', scale: SPARSITY },
          y2: { field: 'sHigh' },
          x: { field: 'ruggedness', type: 'quantitative', scale: RUGGEDNESS },
          color,
        },
      },
      {
        mark: { type: 'point', filled: true, size: 80, tooltip: true },
        encoding: {
          x: {
            field: 'ruggedness',
            type: 'quantitative',
            title: 'ruggedness (mean order)',
            scale: RUGGEDNESS,
          },
          y: {
            field: 'sparsity',
            type: 'quantitative',
            title: 'sparsity (fraction significant)',
            scale: SPARSITY,
          },
          color,
          shape: { field: 'view', type: 'nominal', title: 'view' },
          tooltip: [
            { field: 'condition', type: 'nominal' },
            { field: 'view', type: 'nominal' },
            { field: 'ruggedness', type: 'quantitative', format: '.3f' },
            { field: 'sparsity', type: 'quantitative', format: '.3f' },
          ],
        },
      },
    ],
    width: 'container',
    height: 220,
  };
}
