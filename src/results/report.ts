/**
 * A self-contained HTML report of a results folder: summary tables and every plot as inline SVG
 * (no scripts, no network), readable in any browser and archivable with the results; and each
 * plot as a live page of its own (standaloneChart.ts).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Spec } from 'vega';
import { UserError } from '../core/errors';
import { writeFileAtomically } from '../core/io/atomicDir';
import { withOutputLock } from '../core/io/outputLock';
import { formatNumber } from '../plots/format';
import { chosenFit, type FitDetail } from '../plots/model';
import { LIGHT_THEME } from '../plots/theme';
import { fitFolder, readResultsIndex } from './readResults';
import { readFitDetail } from './readFitDetail';
import { exportSpec, renderSvg } from './render';
import { reportPlots } from './reportPlots';
import { escapeHtml } from './escapeHtml';
import { standaloneChart, VEGA_RUNTIME, vegaRuntime } from './standaloneChart';
import { filterDetailByTimesSeen, filteredMutationsName, writeFilteredMutations } from './timesSeenFilter';

function table(headers: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) =>
    `<td>${escapeHtml(typeof v === 'number' ? formatNumber(v, 4) : v)}</td>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Before drawing plot `name`: `done` of `total` are drawn. */
export type PlotProgress = (done: number, total: number, name: string) => void;

export async function buildReport(
  folder: string,
  title: string,
  /** Draw only mutations seen at least this often in every condition (timesSeenFilter.ts); 0: all. */
  timesSeenThreshold = 0,
  /** Called as each plot is drawn (the editor's export shows it as a progress bar). */
  onPlot?: PlotProgress,
): Promise<{
  html: string;
  plots: { name: string; caption: string; svg: string; spec: Spec }[];
  detail?: FitDetail;
}> {
  const index = await readResultsIndex(folder);
  if (!index) throw new UserError(`${folder} holds no DMS Fit results`);
  const chosen = chosenFit(index);
  const details = (await Promise.all(index.fits.map((f) => readFitDetail(folder, f.id)))).filter(
    (d): d is FitDetail => !!d,
  );
  // The combined fit, when there is one, is not among the path's fits: read on its own.
  const detail = chosen
    ? (details.find((d) => d.id === chosen.id) ?? (await readFitDetail(folder, chosen.id)))
    : undefined;
  const drawn = detail && filterDetailByTimesSeen(detail, timesSeenThreshold);
  const plots = [];
  const planned = reportPlots(index, drawn, details);
  for (const p of planned) {
    onPlot?.(plots.length, planned.length, p.name);
    const spec = exportSpec(p.spec, LIGHT_THEME);
    let svg: string;
    try {
      svg = await renderSvg(spec);
    } catch (err) {
      throw new Error(`cannot draw plot ${p.name}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    plots.push({ name: p.name, caption: p.caption, spec, svg });
  }
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
      'stop reason',
      'iterations',
      'seconds',
      ...index.conditions.map((c) => `non-zero shifts ${c}`),
    ],
    index.fits.map((f) => [
      f.lambda,
      f.replicate || '—',
      f.converged ? 'yes' : 'no',
      f.stopDetail,
      f.iterations,
      f.seconds,
      ...f.nonzeroShifts,
    ]),
  );
  const recommended =
    index.recommendedLambda === null
      ? ''
      : `<p>Recommended λ = ${escapeHtml(String(index.recommendedLambda))} (decided by ${escapeHtml(index.recommendedBy ?? 'validation loss')}; every criterion per λ in collection.json or lambda.json).</p>`;
  const filtered =
    drawn && timesSeenThreshold > 0
      ? `<p>Mutation plots show the ${drawn.mutations.name.length.toLocaleString('en-US')} of ${detail!.mutations.name.length.toLocaleString('en-US')} mutations seen in at least ${timesSeenThreshold} variants in every condition (times_seen ≥ ${timesSeenThreshold}); the table of them is ${escapeHtml(filteredMutationsName(timesSeenThreshold))} beside mutations.csv.</p>`
      : '';
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
<h2>Fits</h2>${fitsTable}${recommended}${index.command ? `<p>Posed again by:</p><pre style="white-space:pre-wrap;word-break:break-all">${escapeHtml(index.command.text)}</pre>` : ''}
<h2>Plots</h2>${filtered}
${figures}
<p><small>DMS Fit report of ${escapeHtml(folder)}, ${escapeHtml(new Date().toISOString())}.</small></p>
</body></html>
`;
  return { html, plots, detail };
}

/**
 * Writes report.html, plots/<name>.svg and the standalone plots/<name>.html (with the Vega
 * runtime they load, plots/vega.min.js) into the results folder, each file atomically, and
 * returns each plot's Vega spec so a page with a canvas can draw the same plots as PNG.
 */
export async function writeReport(
  folder: string,
  title: string,
  timesSeenThreshold = 0,
  onPlot?: PlotProgress,
): Promise<{
  report: string;
  plots: string[];
  charts: string[];
  specs: { name: string; spec: Spec }[];
  filtered?: string;
}> {
  // Under the folder's lock: a fit replacing the folder meanwhile would take these files with it.
  return withOutputLock(folder, 'a report', async () => {
    const { html, plots, detail } = await buildReport(folder, title, timesSeenThreshold, onPlot);
    const fitDir = detail && timesSeenThreshold > 0 ? await fitFolder(folder, detail.id) : undefined;
    const filtered = fitDir && (await writeFilteredMutations(fitDir, timesSeenThreshold)).path;
    await mkdir(join(folder, 'plots'), { recursive: true });
    const written: string[] = [];
    const charts: string[] = [];
    for (const p of plots) {
      const path = join(folder, 'plots', `${p.name}.svg`);
      await writeFileAtomically(path, p.svg);
      written.push(path);
      const chart = join(folder, 'plots', `${p.name}.html`);
      await writeFileAtomically(chart, standaloneChart(title, p.caption, p.spec));
      charts.push(chart);
    }
    await writeFileAtomically(join(folder, 'plots', VEGA_RUNTIME), await vegaRuntime());
    const report = join(folder, 'report.html');
    await writeFileAtomically(report, html);
    const specs = plots.map(({ name, spec }) => ({ name, spec }));
    return { report, plots: written, charts, specs, filtered };
  });
}
