/**
 * The plots of a λ path, named as their exported files, in the order the panel's "Lasso path"
 * section and the report show them: one list, so the two never differ.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsIndex } from './model';
import { pathCorrelationSpec, pathLossSpec, pathSparsitySpec } from './specs/fitPlots';
import { ridgeLossSpec } from './specs/ridgePlots';

export interface NamedPlot {
  name: string;
  caption: string;
  spec: TopLevelSpec;
}

/** Every name pathPlots can give, for the panel's elements. */
export const PATH_PLOT_NAMES = ['path-sparsity', 'path-loss', 'path-correlation', 'ridge-loss'] as const;

type PathPlot = NamedPlot & { name: (typeof PATH_PLOT_NAMES)[number] };

/**
 * The path's plots: with several λ, its sparsity, loss and (with replicates) correlation; with a
 * ridge grid, every ridge's loss, even at a single λ.
 */
export function pathPlots(index: ResultsIndex): PathPlot[] {
  const { fits, recommendedLambda: recommended } = index;
  const path = new Set(fits.map((f) => f.lambda)).size > 1;
  return [
    ...(path ? lambdaPlots(index) : []),
    ...(index.ridge
      ? [
          {
            name: 'ridge-loss' as const,
            caption: 'Validation loss against λ for each ridge on β of the grid, the chosen ridge thicker',
            spec: ridgeLossSpec(index.ridge, recommended),
          },
        ]
      : []),
  ];
}

function lambdaPlots(index: ResultsIndex): PathPlot[] {
  const { fits, conditions, recommendedLambda: recommended } = index;
  return [
    {
      name: 'path-sparsity',
      caption: 'Fraction of non-zero shifts against λ',
      spec: pathSparsitySpec(fits, conditions, index.reference, recommended),
    },
    {
      name: 'path-loss',
      caption: 'Training and validation loss against λ',
      spec: pathLossSpec(fits, conditions, recommended, index.folds),
    },
    ...(index.correlations.length > 0
      ? [
          {
            name: 'path-correlation' as const,
            caption: 'Replicate correlation against λ',
            spec: pathCorrelationSpec(index.correlations, fits, recommended),
          },
        ]
      : []),
  ];
}
