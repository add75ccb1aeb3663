/**
 * The plots of a results folder, named as their exported files: what the report draws, what
 * Export Plots writes as SVG and PNG.
 */
import { fileStem } from '../core/io/fileStem';
import type { FitDetail, ResultsIndex } from '../plots/model';
import { pathPlots, type NamedPlot } from '../plots/pathPlots';
import { rowSumsSpec } from '../plots/specs/dataPlots';
import {
  fitLabel,
  lossCurvesSpec,
  stationarityPoints,
  stationaritySpec,
  trajectoryPoints,
} from '../plots/specs/fitPlots';
import { heatmapSpec } from '../plots/specs/heatmap';
import { siteOverviewSpec } from '../plots/specs/mutationPlots';
import { epistasisSpec, predictedObservedSpec } from '../plots/specs/predictionPlots';

const HEATMAP_WINDOW = 150;

export type { NamedPlot };

/** Every plot of the results, named (the names are the exported files' names). */
export function reportPlots(
  index: ResultsIndex,
  detail: FitDetail | undefined,
  trajectories: FitDetail[],
): NamedPlot[] {
  const plots: NamedPlot[] = [
    {
      name: 'row-sums',
      caption: 'Mutations per variant in the reference-based and the bit-flipped encodings',
      spec: rowSumsSpec(index.rowSums, index.conditions),
    },
  ];
  const points = trajectories.flatMap((t) =>
    trajectoryPoints(fitLabel(t.lambda, t.replicate), t.conditions, t.trajectory),
  );
  const stat = trajectories.flatMap((t) => stationarityPoints(fitLabel(t.lambda, t.replicate), t.trajectory));
  plots.push(
    {
      name: 'loss-curves',
      caption: 'Objective and per-condition loss during each fit',
      spec: lossCurvesSpec(points, true),
    },
    {
      name: 'stationarity',
      caption: 'Convergence certificate (relative prox-gradient norm)',
      spec: stationaritySpec(stat),
    },
  );
  plots.push(...pathPlots(index));
  if (detail) {
    const sites = detail.sites.label.length;
    // Which fit the effects are of: the combined fit when there is one, else the recommended λ.
    const of = ` — ${fitLabel(detail.lambda, detail.replicate)}`;
    detail.conditions.forEach((c, d) => {
      if (c === detail.reference) return;
      plots.push({
        name: `sites-shift-${fileStem(c)}`,
        caption: `Summed |shift| by site in ${c}${of}`,
        spec: siteOverviewSpec(detail, 'shift', d),
      });
      for (let from = 0; from < sites; from += HEATMAP_WINDOW) {
        plots.push({
          name: `heatmap-shift-${fileStem(c)}-${from + 1}`,
          caption: `Shifts in ${c}, sites ${detail.sites.label[from]}–${detail.sites.label[Math.min(sites, from + HEATMAP_WINDOW) - 1]}${of}`,
          spec: heatmapSpec(detail, 'shift', d, from, from + HEATMAP_WINDOW),
        });
      }
    });
    plots.push(
      {
        name: 'predicted-observed',
        caption: `Predicted against observed scores${of}`,
        spec: predictedObservedSpec(detail),
      },
      {
        name: 'global-epistasis',
        caption: `Latent phenotype against score, with the fitted global epistasis${of}`,
        spec: epistasisSpec(detail),
      },
    );
  }
  return plots;
}
