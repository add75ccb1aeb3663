/** Plots of a fit's predictions: predicted against observed scores, and the global-epistasis curve. */
import type { TopLevelSpec } from 'vega-lite';
import type { FitDetail } from '../model';
import { conditionColor, INK } from '../theme';
import { SCHEMA } from './schema';

function sampleRows(detail: FitDetail) {
  const v = detail.variants;
  return v.condition.map((c, i) => ({
    condition: detail.conditions[c],
    observed: v.observed[i],
    predicted: v.predicted[i],
    latent: v.latent[i],
  }));
}

/** Predicted against observed scores per condition, with Pearson r and R² in the labels. */
export function predictedObservedSpec(detail: FitDetail): TopLevelSpec {
  const labels = detail.conditions.map((c, d) => {
    const r = detail.pearson[d];
    const r2 = detail.r2[d];
    return `${c}  (r = ${r === null || r === undefined ? '—' : r.toFixed(3)}, R² = ${r2 === null || r2 === undefined ? '—' : r2.toFixed(3)})`;
  });
  const values = sampleRows(detail).map((row) => ({
    ...row,
    label: labels[detail.conditions.indexOf(row.condition!)],
  }));
  return {
    $schema: SCHEMA,
    title: 'Predicted against observed functional scores',
    description: `Predicted against observed functional scores of ${detail.conditions.join(', ')}`,
    data: { values },
    facet: { field: 'label', type: 'nominal', title: null, sort: labels },
    columns: 3,
    spec: {
      layer: [
        {
          mark: { type: 'point', filled: true, size: 10, opacity: 0.35 },
          encoding: {
            x: { field: 'predicted', type: 'quantitative', title: 'predicted' },
            y: { field: 'observed', type: 'quantitative', title: 'observed' },
            color: {
              field: 'condition',
              type: 'nominal',
              legend: null,
              scale: { domain: detail.conditions, range: detail.conditions.map((_, d) => conditionColor(d)) },
            },
          },
        },
        {
          transform: [
            {
              aggregate: [
                { op: 'min', field: 'observed', as: 'lo' },
                { op: 'max', field: 'observed', as: 'hi' },
              ],
            },
            { fold: ['lo', 'hi'], as: ['end', 'value'] },
          ],
          mark: { type: 'line', strokeDash: [4, 3], color: '#888888' },
          encoding: {
            x: { field: 'value', type: 'quantitative' },
            y: { field: 'value', type: 'quantitative' },
          },
        },
      ],
      width: 220,
      height: 200,
    },
  };
}

/** Latent phenotype against observed score, with the fitted g and each condition's wildtype. */
export function epistasisSpec(detail: FitDetail): TopLevelSpec {
  const colors = { domain: detail.conditions, range: detail.conditions.map((_, d) => conditionColor(d)) };
  return {
    $schema: SCHEMA,
    title: 'Global epistasis: latent phenotype → functional score',
    description: `Global epistasis, with the variants and wildtypes of ${detail.conditions.join(', ')}`,
    layer: [
      {
        data: { values: sampleRows(detail) },
        mark: { type: 'point', filled: true, size: 10, opacity: 0.3 },
        encoding: {
          x: { field: 'latent', type: 'quantitative', title: 'predicted latent phenotype' },
          y: { field: 'observed', type: 'quantitative', title: 'observed functional score' },
          color: { field: 'condition', type: 'nominal', scale: colors },
        },
      },
      {
        data: { values: detail.curve.latent.map((l, i) => ({ latent: l, score: detail.curve.score[i] })) },
        mark: { type: 'line', strokeWidth: 2, style: INK },
        encoding: {
          x: { field: 'latent', type: 'quantitative' },
          y: { field: 'score', type: 'quantitative' },
        },
      },
      {
        data: {
          values: detail.wildtypes.map((w, d) => ({ condition: detail.conditions[d], latent: w.latent })),
        },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'latent', type: 'quantitative' },
          color: { field: 'condition', type: 'nominal', scale: colors },
        },
      },
    ],
    width: 'container',
    height: 260,
  };
}
