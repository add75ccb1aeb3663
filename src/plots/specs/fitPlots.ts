/** Plots of a fit's progress and of a λ path: loss curves, stationarity, sparsity, validation, correlations. */
import type { TopLevelSpec } from 'vega-lite';
import { COMBINED_REPLICATE, jobReplicate } from '../../core/io/resultsLayout';
import type { CorrelationRow, FitRef } from '../model';
import { conditionColor } from '../theme';
import { SCHEMA } from './schema';

/** One point of a loss curve: a fit (λ, replicate), an iteration, a series (objective or a condition). */
export interface CurvePoint {
  fit: string;
  iteration: number;
  series: string;
  value: number;
}

/** The distinct values of a field, in order of first appearance (a plot's legend entries). */
function legendOf<T>(rows: T[], key: (row: T) => string): string[] {
  return [...new Set(rows.map(key))];
}

export function lossCurvesSpec(points: CurvePoint[], logScale: boolean): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Objective and loss per condition',
    // The plot's accessible name (vega sets it as the container's aria-label), with its series.
    description: `Loss curves of ${legendOf(points, (p) => p.series).join(', ')}`,
    data: { values: points.filter((p) => Number.isFinite(p.value) && (!logScale || p.value > 0)) },
    mark: { type: 'line', tooltip: true, interpolate: 'monotone' },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'loss',
        scale: logScale ? { type: 'log' } : { zero: false },
      },
      color: { field: 'fit', type: 'nominal', title: 'fit' },
      strokeDash: { field: 'series', type: 'nominal', title: 'series', legend: { symbolType: 'stroke' } },
    },
    width: 'container',
    height: 200,
  };
}

/** Okabe–Ito orange: apart from the fits' blues and from the grid in light, dark and high contrast. */
const TOLERANCE_COLOUR = '#E69F00';

/**
 * The certificate over the iterations where it was measured, on a log axis, with the tolerance
 * the fit was held to as a dashed rule (when known), so "converged" can be read off the plot.
 */
export function stationaritySpec(points: CurvePoint[], tolerance?: number | null): TopLevelSpec {
  const line = {
    mark: { type: 'line' as const, point: { size: 12 }, tooltip: true },
    encoding: {
      x: { field: 'iteration', type: 'quantitative' as const, title: 'iteration' },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: 'relative stationarity',
        scale: { type: 'log' as const },
      },
      color: { field: 'fit', type: 'nominal' as const, title: 'fit' },
    },
  };
  const values = points.filter((p) => Number.isFinite(p.value) && p.value > 0);
  const base = {
    $schema: SCHEMA,
    title: 'Stationarity (prox-gradient norm, relative)',
    width: 'container' as const,
    height: 140,
  };
  if (!(tolerance !== null && tolerance !== undefined && tolerance > 0))
    return { ...base, data: { values }, ...line };
  return {
    ...base,
    layer: [
      { data: { values }, ...line },
      {
        data: { values: [{ tolerance }] },
        mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 1.5, color: TOLERANCE_COLOUR, tooltip: true },
        encoding: { y: { ...line.encoding.y, field: 'tolerance' } },
      },
      {
        data: { values: [{ tolerance, label: `tolerance ${tolerance.toExponential(0)}` }] },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'bottom',
          dx: 4,
          dy: -2,
          x: 0,
          color: TOLERANCE_COLOUR,
          fontWeight: 'bold',
        },
        encoding: { y: { ...line.encoding.y, field: 'tolerance' }, text: { field: 'label' } },
      },
    ],
  };
}

function lambdaAxis(fits: FitRef[]) {
  const lambdas = [...new Set(fits.map((f) => f.lambda))].sort((a, b) => a - b);
  return {
    field: 'lambda',
    type: 'ordinal' as const,
    title: 'lasso λ',
    sort: lambdas,
    axis: { labelExpr: "format(datum.value, '.0e')" },
  };
}

/** A dashed rule at the recommended λ (sharing the λ axis of the chart it is layered on). */
function recommendedRule(fits: FitRef[], recommended: number | null) {
  return recommendedRuleOn(lambdaAxis(fits), recommended);
}

/** The same on any λ axis `x` (the ridge plot's has its own λ). */
export function recommendedRuleOn(x: object, recommended: number | null) {
  return recommended === null
    ? []
    : [
        {
          data: { values: [{ lambda: recommended }] },
          mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#E69F00' },
          encoding: { x },
        },
      ];
}

/** Fraction of non-zero shifts per non-reference condition, against λ. */
export function pathSparsitySpec(
  fits: FitRef[],
  conditions: string[],
  reference: string,
  recommended: number | null,
): TopLevelSpec {
  const values = fits.flatMap((f) =>
    conditions.flatMap((c, d) =>
      c === reference
        ? []
        : [
            {
              lambda: f.lambda,
              replicate: f.replicate || 'all',
              condition: c,
              nonzero: f.nonzeroShifts[d]! / Math.max(1, f.mutations),
            },
          ],
    ),
  );
  return {
    $schema: SCHEMA,
    title: 'Non-zero shifts',
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: lambdaAxis(fits),
          y: { field: 'nonzero', type: 'quantitative', title: 'fraction non-zero', axis: { format: '%' } },
          color: {
            field: 'condition',
            type: 'nominal',
            scale: {
              domain: conditions.filter((c) => c !== reference),
              range: conditions.flatMap((c, d) => (c === reference ? [] : [conditionColor(d)])),
            },
          },
          strokeDash: { field: 'replicate', type: 'nominal', legend: { symbolType: 'stroke' } },
        },
      },
      ...recommendedRule(fits, recommended),
    ],
    width: 'container',
    height: 160,
  };
}

/**
 * Training and validation loss per condition, against λ; with `folds`, the validation loss is the
 * mean over k folds of the path refitted without each (crossValidation.ts), and the subtitle says so.
 */
export function pathLossSpec(
  fits: FitRef[],
  conditions: string[],
  recommended: number | null,
  folds?: number,
): TopLevelSpec {
  const values = fits.flatMap((f) =>
    conditions.flatMap((c, d) => [
      {
        lambda: f.lambda,
        replicate: f.replicate || 'all',
        condition: c,
        split: 'training',
        loss: f.trainingLoss[d]!,
      },
      ...(f.validationLoss[d] === null || f.validationLoss[d] === undefined
        ? []
        : [
            {
              lambda: f.lambda,
              replicate: f.replicate || 'all',
              condition: c,
              split: 'validation',
              loss: f.validationLoss[d]!,
            },
          ]),
    ]),
  );
  return {
    $schema: SCHEMA,
    title: folds
      ? {
          text: 'Loss against λ',
          subtitle: `validation: mean over ${folds} folds, each left out of its own fit`,
        }
      : 'Loss against λ',
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: lambdaAxis(fits),
          y: { field: 'loss', type: 'quantitative', title: 'mean loss', scale: { zero: false } },
          color: {
            field: 'condition',
            type: 'nominal',
            scale: { domain: conditions, range: conditions.map((_, d) => conditionColor(d)) },
          },
          strokeDash: { field: 'split', type: 'nominal', title: 'split', legend: { symbolType: 'stroke' } },
          detail: { field: 'replicate', type: 'nominal' },
        },
      },
      ...recommendedRule(fits, recommended),
    ],
    width: 'container',
    height: 160,
  };
}

/** Replicate correlation (Pearson r) of each parameter against λ. */
export function pathCorrelationSpec(
  rows: CorrelationRow[],
  fits: FitRef[],
  recommended: number | null,
): TopLevelSpec {
  const refits = rows.filter((r) => r.r !== null && r.fits === 'all-variants');
  return {
    $schema: SCHEMA,
    title: 'Replicate correlation',
    layer: [
      {
        data: { values: rows.filter((r) => r.r !== null && r.fits === 'path') },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: lambdaAxis(fits),
          y: { field: 'r', type: 'quantitative', title: 'Pearson r', scale: { domain: [0, 1] } },
          color: { field: 'parameter', type: 'nominal' },
          strokeDash: { field: 'replicates', type: 'nominal', legend: { symbolType: 'stroke' } },
        },
      },
      // The replicates refitted on all their variants at the recommended λ: what agreement the
      // per-library estimates reach, beside the hold-out's training fits it was chosen on.
      ...(refits.length > 0
        ? [
            {
              data: { values: refits },
              transform: [{ calculate: "'all-variant refit'", as: 'refit' }],
              mark: { type: 'point' as const, filled: true, size: 90, tooltip: true },
              encoding: {
                x: lambdaAxis(fits),
                y: { field: 'r', type: 'quantitative' as const },
                color: { field: 'parameter', type: 'nominal' as const },
                shape: {
                  field: 'refit',
                  type: 'nominal' as const,
                  scale: { range: ['diamond'] },
                  legend: { title: null },
                },
              },
            },
          ]
        : []),
      ...recommendedRule(fits, recommended),
    ],
    width: 'container',
    height: 160,
  };
}

/** What a fit's progress message says of one iteration (the protocol's `progress`). */
export interface ProgressPoint {
  lambda: number;
  iteration: number;
  objective: number | null;
  lossPerCondition: (number | null)[];
  stationarity: number | null;
}

/**
 * Live loss-curve points of one iteration of job `job`: the objective, each condition's loss
 * (named by `conditions`, in the fit's order) and the stationarity when it was measured.
 */
export function progressPoints(job: string, m: ProgressPoint, conditions: readonly string[]): CurvePoint[] {
  const fit = fitLabel(m.lambda, jobReplicate(job));
  const at = (series: string, value: number | null): CurvePoint => ({
    fit,
    iteration: m.iteration,
    series,
    value: value ?? NaN,
  });
  const points = [at('objective', m.objective)];
  m.lossPerCondition.forEach((v, d) => points.push(at(conditions[d] ?? `condition ${d + 1}`, v)));
  if (m.stationarity !== null && Number.isFinite(m.stationarity))
    points.push(at('stationarity', m.stationarity));
  return points;
}

/** Loss-curve points of one fit's trajectory: the objective and each condition's loss. */
export function trajectoryPoints(
  fit: string,
  conditions: string[],
  t: { iteration: number[]; objective: number[]; loss: number[][] },
): CurvePoint[] {
  const points: CurvePoint[] = [];
  t.iteration.forEach((iteration, i) => {
    points.push({ fit, iteration, series: 'objective', value: t.objective[i]! });
    conditions.forEach((c, d) => points.push({ fit, iteration, series: c, value: t.loss[d]![i]! }));
  });
  return points;
}

/** Stationarity-plot points of one fit's trajectory: the iterations where it was measured. */
export function stationarityPoints(
  fit: string,
  t: { iteration: number[]; stationarity: (number | null)[] },
): CurvePoint[] {
  return t.iteration.flatMap((iteration, i) => {
    const value = t.stationarity[i];
    return value !== null && value !== undefined && Number.isFinite(value)
      ? [{ fit, iteration, series: 'stationarity', value }]
      : [];
  });
}

export function fitLabel(lambda: number, replicate: string): string {
  const which = replicate === COMBINED_REPLICATE ? ' all replicates' : replicate ? ` rep ${replicate}` : '';
  return `λ ${lambda.toExponential(0)}${which}`;
}
