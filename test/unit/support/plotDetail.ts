/** A small fit (4 sites, conditions a and b) for the plot specs' tests. */
import type { FitDetail } from '../../../src/plots/model.ts';
import type { TopLevelSpec } from 'vega-lite';

export const values = (spec: TopLevelSpec): unknown[] =>
  (spec as { data: { values: unknown[] } }).data.values;

export function detail(): FitDetail {
  // Sites 1..4; condition b differs from the reference a at site 3 (G → P).
  const site = ['1', '1', '2', '3', '3', '4'];
  const mut = ['E', 'W', 'A', 'P', 'R', '*'];
  return {
    id: '.',
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
