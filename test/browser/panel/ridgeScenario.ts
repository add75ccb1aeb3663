/**
 * The panel on a fit whose ridge was chosen from a grid, with intervals: the ridge plot drawn in
 * light, dark and high-contrast themes without CSP violations, a heatmap cell's tooltip giving
 * its 90 % interval, the interval-width slider greying the wide ones, and the mutation table
 * (mutationTableChecks.ts) in every theme.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FitDetail } from '../../../src/plots/model.ts';
import { readResultsIndex } from '../../../src/results/readResults.ts';
import { readFitDetail } from '../../../src/results/readFitDetail.ts';
import { startHarness, violations } from './harness.ts';
import { openPanel } from './openPanel.ts';
import { cliSandbox, PANEL_SHOTS } from './sandbox.ts';
import { checkMutationTable } from './mutationTableChecks.ts';

async function ridgeResults(): Promise<string> {
  const { dir, data, run } = await cliSandbox('panel-ridge');
  run(['simulate', '--out', data, '--seed', '8', '--sites', '30', '--variants', '3000']);
  const out = join(dir, 'sim.dmsfit');
  const grid = ['--lasso', '2e-4,5e-5', '--ridge-grid', '1e-7,1e-6,1e-4', '--folds', '2'];
  run(['fit', data, '-r', 'h1', ...grid, '--intervals', '-o', out]);
  return out;
}

export const ridgeScenario = {
  name: 'panel: a ridge chosen from a grid and 90 % intervals — the ridge plot in three themes, the interval in the tooltip',
  async run({ browser }: { browser: Browser }) {
    const folder = await ridgeResults();
    const index = (await readResultsIndex(folder))!;
    assert.ok(index.ridge, 'the index has the ridge choice');
    const details = (await Promise.all(index.fits.map((f) => readFitDetail(folder, f.id)))).filter(
      (d): d is FitDetail => !!d,
    );
    const harness = await startHarness();
    mkdirSync(PANEL_SHOTS, { recursive: true });
    try {
      for (const theme of ['light', 'dark', 'high-contrast'] as const) {
        const page: Page = await openPanel(browser, harness, theme, index, details);
        await page
          .locator('#plot-ridge-loss svg g[class*="mark-line"] path')
          .first()
          .waitFor({ timeout: 20_000 });
        const legend = (await page.locator('#plot-ridge-loss svg .role-legend').textContent()) ?? '';
        assert.match(legend, /\(chosen\)/, legend);
        await page.locator('#path').screenshot({ path: join(PANEL_SHOTS, `${theme}-path-ridge.png`) });
        assert.deepEqual(await violations(page), [], 'no CSP violations');
        assert.deepEqual(
          (page as Page & { consoleErrors?: string[] }).consoleErrors,
          [],
          'no console errors',
        );
        if (theme === 'dark') {
          await page.locator('#plot-heatmap svg .mark-rect path').nth(5).hover();
          await page.locator('#vg-tooltip-element.visible').waitFor({ timeout: 5000 });
          const tip = (await page.locator('#vg-tooltip-element').textContent()) ?? '';
          assert.match(tip, /90 % interval of the shift/, tip);
          await page.screenshot({ path: join(PANEL_SHOTS, 'dark-tooltip-interval.png') });
          // The interval-width slider: a narrow maximum greys wide intervals and says so.
          await page.locator('#interval-width').waitFor({ state: 'visible' });
          const grey = () => page.locator('#plot-heatmap svg .mark-rect path[fill="#8a8a8a"]').count();
          const before = await grey();
          await page.evaluate(() => {
            const input = document.getElementById('interval-width') as HTMLInputElement;
            input.value = '10';
            input.dispatchEvent(new Event('input'));
          });
          await page.waitForFunction(
            () =>
              /with intervals ≤/.test(
                document.querySelector('#plot-sites svg .role-title')?.textContent ?? '',
              ),
            undefined,
            { timeout: 5000 },
          );
          const after = await grey();
          assert.ok(after > before, `grey cells ${before} → ${after}`);
          await page.locator('#effects').screenshot({ path: join(PANEL_SHOTS, 'dark-interval-width.png') });
          // Floor at zero: the site chart says so, and no bar goes below its axis.
          await page.locator('#floor-at-zero').click();
          await page.waitForFunction(
            () =>
              /negative values as 0/.test(
                document.querySelector('#plot-sites svg .role-title')?.textContent ?? '',
              ),
            undefined,
            { timeout: 5000 },
          );
          await page.locator('#effects').screenshot({ path: join(PANEL_SHOTS, 'dark-floor-at-zero.png') });
        }
        // Last: picking a row moves the heatmap's window.
        await checkMutationTable(page, theme);
        await page.close();
      }
    } finally {
      await harness.close();
    }
  },
};
