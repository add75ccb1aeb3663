/** The ridge chosen with λ (`--ridge-grid`): each ridge's validation loss against λ, the chosen one marked. */
import type { TopLevelSpec } from 'vega-lite';
import { formatNumber } from '../format';
import type { RidgeIndex } from '../model';
import { conditionColor } from '../theme';
import { recommendedRuleOn } from './fitPlots';
import { SCHEMA } from './schema';

/** One line per ridge (the chosen one thicker), a dashed rule at the recommended λ. */
export function ridgeLossSpec(ridge: RidgeIndex, recommended: number | null): TopLevelSpec {
  const ridges = [...new Set(ridge.losses.map((l) => l.ridge))].sort((a, b) => a - b);
  const lambdas = [...new Set(ridge.losses.map((l) => l.lambda))].sort((a, b) => a - b);
  const label = (r: number) =>
    `${formatNumber(r)}${r === ridge.chosen ? ' (chosen)' : ''}${ridge.onBound.includes(r) ? ' (ge_scale on its bound)' : ''}`;
  const values = ridge.losses.map((l) => ({
    ...l,
    ridgeLabel: label(l.ridge),
    chosen: l.ridge === ridge.chosen,
  }));
  const x = {
    field: 'lambda',
    type: 'ordinal' as const,
    title: 'lasso λ',
    sort: lambdas,
    axis: { labelExpr: "format(datum.value, '.0e')" },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Validation loss against λ, per ridge on β',
      subtitle:
        ridge.reason ?? `ridge ${formatNumber(ridge.chosen)} chosen (${ridge.validation}): ${ridge.rule}`,
    },
    description: `Validation loss of ridges ${ridges.map(label).join(', ')}`,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x,
          // Log: a ridge that flattens the fit would squeeze the others' lines into one.
          y: {
            field: 'loss',
            type: 'quantitative',
            title: 'mean validation loss',
            scale: { type: 'log', nice: false },
          },
          color: {
            field: 'ridgeLabel',
            type: 'nominal',
            title: 'ridge on β',
            scale: { domain: ridges.map(label), range: ridges.map((_, k) => conditionColor(k)) },
          },
          strokeWidth: { condition: { test: 'datum.chosen', value: 3 }, value: 1.25 },
          tooltip: [
            { field: 'ridge', type: 'quantitative', title: 'ridge on β' },
            { field: 'lambda', type: 'quantitative', title: 'λ' },
            { field: 'loss', type: 'quantitative', format: '.4g', title: 'mean validation loss' },
          ],
        },
      },
      ...recommendedRuleOn(x, recommended),
    ],
    width: 'container',
    height: 160,
  };
}
