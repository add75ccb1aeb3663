/**
 * A self-contained HTML report of a results folder: summary tables and every plot as inline SVG
 * (no scripts, no network), readable in any browser and archivable with the results.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomically } from '../core/io/atomicDir';
import type { FitDetail, FitRef, ResultsIndex } from '../plots/model';
import { rowSumsSpec } from '../plots/specs/dataPlots';
import {
  fitLabel,
  lossCurvesSpec,
  pathCorrelationSpec,
  pathLossSpec,
  pathSparsitySpec,
  stationaritySpec,
  trajectoryPoints,
} from '../plots/specs/fitPlots';
import {
  epistasisSpec,
  heatmapSpec,
  predictedObservedSpec,
  siteOverviewSpec,
} from '../plots/specs/mutationPlots';
import { LIGHT_THEME } from '../plots/theme';
import { readFitDetail, readResultsIndex } from './readResults';
import { renderSvg } from './render';

const HEATMAP_WINDOW = 150;

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export interface NamedPlot {
  name: string;
  caption: string;
  spec: TopLevelSpec;
}

/** The fit the report details: the recommended λ if any, else the first (largest λ). */
export function chosenFit(index: ResultsIndex): FitRef | undefined {
  return index.fits.find((f) => f.lambda === index.recommendedLambda) ?? index.fits[0];
}

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
  const stat = trajectories.flatMap((t) =>
    t.trajectory.iteration.map((iteration, i) => ({
      fit: fitLabel(t.lambda, t.replicate),
      iteration,
      series: 'stationarity',
      value: t.trajectory.stationarity[i] ?? NaN,
    })),
  );
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
  if (new Set(index.fits.map((f) => f.lambda)).size > 1) {
    plots.push(
      {
        name: 'path-sparsity',
        caption: 'Fraction of non-zero shifts against λ',
        spec: pathSparsitySpec(index.fits, index.conditions, index.reference, index.recommendedLambda),
      },
      {
        name: 'path-loss',
        caption: 'Training and validation loss against λ',
        spec: pathLossSpec(index.fits, index.conditions, index.recommendedLambda),
      },
    );
    if (index.correlations.length > 0) {
      plots.push({
        name: 'path-correlation',
        caption: 'Replicate correlation against λ',
        spec: pathCorrelationSpec(index.correlations, index.fits, index.recommendedLambda),
      });
    }
  }
  if (detail) {
    const sites = detail.sites.label.length;
    detail.conditions.forEach((c, d) => {
      if (c === detail.reference) return;
      plots.push({
        name: `sites-shift-${c}`,
        caption: `Summed |shift| by site in ${c}`,
        spec: siteOverviewSpec(detail, 'shift', d),
      });
      for (let from = 0; from < sites; from += HEATMAP_WINDOW) {
        plots.push({
          name: `heatmap-shift-${c}-${from + 1}`,
          caption: `Shifts in ${c}, sites ${detail.sites.label[from]}–${detail.sites.label[Math.min(sites, from + HEATMAP_WINDOW) - 1]}`,
          spec: heatmapSpec(detail, 'shift', d, from, from + HEATMAP_WINDOW),
        });
      }
    });
    plots.push(
      {
        name: 'predicted-observed',
        caption: 'Predicted against observed scores',
        spec: predictedObservedSpec(detail),
      },
      {
        name: 'global-epistasis',
        caption: 'Latent phenotype against score, with the fitted global epistasis',
        spec: epistasisSpec(detail),
      },
    );
  }
  return plots;
}

/** Counts with separators, small quantities (λ) in exponent form, others to 4 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => `<td>${escapeHtml(typeof v === 'number' ? formatNumber(v) : v)}</td>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export async function buildReport(
  folder: string,
  title: string,
): Promise<{ html: string; plots: { name: string; svg: string }[] }> {
  const index = await readResultsIndex(folder);
  if (!index) throw new Error(`${folder} holds no DMS Fit results`);
  const chosen = chosenFit(index);
  const details = (
    await Promise.all(index.fits.map((f) => readFitDetail(folder, f.lambda, f.replicate)))
  ).filter((d): d is FitDetail => !!d);
  const detail = chosen
    ? details.find((d) => d.lambda === chosen.lambda && d.replicate === chosen.replicate)
    : undefined;
  const plots = [];
  for (const p of reportPlots(index, detail, details))
    plots.push({ ...p, svg: await renderSvg(p.spec, LIGHT_THEME) });
  const d = index.data;
  const dataTable = table(
    ['condition', 'input rows', 'variants', 'kept', 'dropped', 'bundle mutations'],
    d.conditions.map((c) => [
      `${c.name}${c.isReference ? ' (reference)' : ''}`,
      c.inputRows,
      c.variants,
      c.kept,
      Object.entries(c.dropped)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || '—',
      c.bundle.length,
    ]),
  );
  const fitsTable = table(
    [
      'λ',
      'replicate',
      'converged',
      'iterations',
      'seconds',
      ...index.conditions.map((c) => `non-zero shifts ${c}`),
    ],
    index.fits.map((f) => [
      f.lambda,
      f.replicate || '—',
      f.converged ? 'yes' : 'no',
      f.iterations,
      f.seconds,
      ...f.nonzeroShifts,
    ]),
  );
  const recommended =
    index.recommendedLambda === null
      ? ''
      : `<p>Recommended λ = ${escapeHtml(String(index.recommendedLambda))} (one-standard-error rule on validation loss).</p>`;
  const figures = plots
    .map((p) => `<figure>${p.svg}<figcaption>${escapeHtml(p.caption)}</figcaption></figure>`)
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px auto;max-width:900px;color:#1f1f1f}table{border-collapse:collapse;margin:8px 0 16px}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left}figure{margin:20px 0;overflow-x:auto}figcaption{color:#555;font-size:90%}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${d.keptVariants.toLocaleString('en-US')} variants, ${d.mutations.toLocaleString('en-US')} mutations, ${d.sites.toLocaleString('en-US')} sites; reference ${escapeHtml(d.reference)}.</p>
<h2>Data</h2>${dataTable}
<h2>Fits</h2>${fitsTable}${recommended}
<h2>Plots</h2>
${figures}
<p><small>DMS Fit report of ${escapeHtml(folder)}, ${escapeHtml(new Date().toISOString())}.</small></p>
</body></html>
`;
  return { html, plots: plots.map(({ name, svg }) => ({ name, svg })) };
}

/** Writes report.html and plots/<name>.svg into the results folder (each file atomically). */
export async function writeReport(
  folder: string,
  title: string,
): Promise<{ report: string; plots: string[] }> {
  const { html, plots } = await buildReport(folder, title);
  await mkdir(join(folder, 'plots'), { recursive: true });
  const written: string[] = [];
  for (const p of plots) {
    const path = join(folder, 'plots', `${p.name}.svg`);
    await writeFileAtomically(path, p.svg);
    written.push(path);
  }
  const report = join(folder, 'report.html');
  await writeFileAtomically(report, html);
  return { report, plots: written };
}
