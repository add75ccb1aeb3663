/**
 * Each report plot as a page of its own (`plots/<name>.html`), live where report.html is static:
 * the same Vega spec, drawn in the browser by the Vega runtime beside it (`plots/vega.min.js`,
 * copied from the build, so the pages need no network), with its tooltips (the browser's own)
 * and its brushes. A folder of them can be published as is, e.g. on GitHub Pages.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec } from 'vega';
import { escapeHtml } from './escapeHtml';

/** The runtime's file name beside the pages. */
export const VEGA_RUNTIME = 'vega.min.js';

/**
 * The Vega runtime's text: beside the bundle that runs (the build copies it into dist/), else
 * from the installed package (tests and scripts run from the sources).
 */
export async function vegaRuntime(): Promise<string> {
  const beside = join(__dirname, VEGA_RUNTIME);
  // The package exports no subpaths: its main entry sits in build/, beside the browser build.
  const installed = () => join(dirname(createRequire(__filename).resolve('vega')), VEGA_RUNTIME);
  return readFile(existsSync(beside) ? beside : installed(), 'utf8');
}

/** JSON inside a script element: no `</script>` or `<!--` can end or open anything. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** One plot's page: the report's title, the spec drawn as SVG at load, and the plot's caption. */
export function standaloneChart(title: string, caption: string, spec: Spec): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(caption)} — ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#1f1f1f}p{color:#555}</style>
<script src="${VEGA_RUNTIME}"></script>
</head><body>
<h1>${escapeHtml(title)}</h1>
<div id="chart"></div>
<p>${escapeHtml(caption)}</p>
<script id="spec" type="application/json">${scriptJson(spec)}</script>
<script>
  const spec = JSON.parse(document.getElementById('spec').textContent);
  new vega.View(vega.parse(spec), { renderer: 'svg', container: '#chart', hover: true }).runAsync();
</script>
</body></html>
`;
}
