/**
 * The report's standalone chart pages (standaloneChart.ts) opened from disk in a browser, as a
 * user opens them or GitHub Pages serves them: each draws its plot with the Vega runtime beside
 * it, with no request leaving the folder and no error on the page.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { cliSandbox, PANEL_SHOTS } from './sandbox.ts';

export const standaloneScenario = {
  name: "report: every plot's standalone page draws live from disk, with nothing fetched from elsewhere",
  async run({ browser }: { browser: Browser }) {
    const { dir, data, run } = await cliSandbox('standalone');
    run(['simulate', '--out', data, '--seed', '9', '--sites', '20', '--variants', '800']);
    const out = join(dir, 'sim.dmsfit');
    run(['fit', data, '-r', 'h1', '--lasso', '1e-3,1e-4', '-o', out]);
    run(['report', out]);
    const plots = join(out, 'plots');
    const pages = readdirSync(plots).filter((f) => f.endsWith('.html'));
    assert.deepEqual(
      pages.map((p) => p.replace(/\.html$/, '')).sort(),
      readdirSync(plots)
        .filter((f) => f.endsWith('.svg'))
        .map((f) => f.replace(/\.svg$/, ''))
        .sort(),
      'a page per SVG plot',
    );
    mkdirSync(PANEL_SHOTS, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => !r.url().startsWith(pathToFileURL(plots).href) && elsewhere.push(r.url()));
    try {
      for (const name of pages) {
        await page.goto(pathToFileURL(join(plots, name)).href);
        await page.locator('#chart svg .role-mark').first().waitFor({ state: 'attached', timeout: 10_000 });
        const drawn = await page.locator('#chart svg .role-mark path, #chart svg .role-mark text').count();
        assert.ok(drawn > 0, `${name}: ${drawn} marks drawn`);
        if (name === pages[0]) await page.screenshot({ path: join(PANEL_SHOTS, 'standalone-chart.png') });
      }
      assert.deepEqual(errors, [], 'no errors on the pages');
      assert.deepEqual(elsewhere, [], 'nothing fetched from outside the plots folder');
    } finally {
      await page.close();
    }
  },
};
