/** The panel in headless Chromium, on recorded results, in light, dark and high-contrast themes. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { FitDetail } from '../../../src/plots/model.ts';
import type { SpectrumRequest } from '../../../src/protocol/spectrum.ts';
import { fitSpectrum } from '../../../src/results/fitSpectrum.ts';
import { readResultsIndex } from '../../../src/results/readResults.ts';
import { readFitDetail } from '../../../src/results/readFitDetail.ts';
import { post, posted, startHarness, violations } from './harness.ts';
import { openPanel } from './openPanel.ts';
import { PANEL_SHOTS } from './sandbox.ts';
import { recordedResults } from './recordedResults.ts';
import { ridgeScenario } from './ridgeScenario.ts';
import { standaloneScenario } from './standaloneScenario.ts';
import { spikeSized } from './spike.ts';

const SECTIONS = ['summary', 'row-sums', 'progress', 'path', 'effects', 'predictions', 'interactions'];

/** Clicks Analyse in the Interactions section and answers as the host's helper process does. */
async function analyseInteractions(page: Page, folder: string): Promise<void> {
  await page.locator('#spectrum-binary').click();
  await page.locator('#spectrum-run').click();
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'spectrum'),
  );
  const asked = (await posted(page)).find((m) => m.type === 'spectrum') as unknown as {
    fit: string;
    request: SpectrumRequest;
  };
  assert.equal(asked.request.sites.length, 3, 'three suggested sites');
  assert.equal(asked.request.binary, true);
  const { result } = await fitSpectrum(folder, asked.fit, asked.request);
  await post(page, { type: 'spectrum', result });
  await page.locator('#plot-spectrum-plane svg .mark-symbol path').first().waitFor({ timeout: 20_000 });
  assert.match(
    (await page.locator('#plot-spectrum-orders').textContent()) ?? '',
    /non-specific epistasis from g/,
  );
  assert.ok((await page.locator('#spectrum-top tbody tr').count()) > 0, 'top coefficients listed');
}

/** Pixels with any ink on the canvas plot `id` (0 if it has no canvas yet). Runs in the page. */
function canvasInk(id: string): number {
  const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
  if (!canvas || canvas.width === 0) return 0;
  const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked++;
  return inked;
}

async function assertPlotsRendered(page: Page): Promise<void> {
  for (const id of [
    'row-sums',
    'plot-loss',
    'plot-stationarity',
    'plot-path-sparsity',
    'plot-path-loss',
    'plot-path-correlation',
    'plot-sites',
    'plot-heatmap',
    'plot-spectrum-orders',
    'plot-spectrum-pairs',
    'plot-spectrum-plane',
  ]) {
    const marks = await page.locator(`#${id} svg g[class*="mark-"] > *`).count();
    assert.ok(marks > 0, `#${id} has SVG marks (${marks})`);
  }
  for (const id of ['plot-predicted', 'plot-epistasis']) {
    const inked = await page.evaluate(canvasInk, id);
    assert.ok(inked > 1000, `#${id} canvas has ${inked} painted pixels`);
  }
  // The heatmap is windowed: never the whole protein's cells at once.
  const cells = await page.locator('#plot-heatmap svg .mark-rect path').count();
  assert.ok(cells > 0 && cells <= 300 * 22, `${cells} heatmap cells`);
  await assertHeatmapFits(page);
}

/**
 * The heatmap, its colour legend and its letter axis included, fits the panel's width: nothing to
 * scroll sideways to.
 */
export async function assertHeatmapFits(page: Page | FrameLocator): Promise<void> {
  const sizes = await page.locator('#plot-heatmap').evaluate((el) => ({
    client: el.clientWidth,
    scroll: el.scrollWidth,
    svg: el.querySelector('svg')?.getBoundingClientRect().width ?? Infinity,
  }));
  assert.ok(sizes.client > 0, 'the heatmap has a width');
  assert.ok(
    sizes.scroll <= sizes.client && sizes.svg <= sizes.client + 1,
    `heatmap ${JSON.stringify(sizes)}`,
  );
}

export const panelScenarios = [
  {
    name: 'panel: recorded results render in light, dark and high-contrast themes without CSP violations',
    async run({ browser }: { browser: Browser }) {
      const folder = await recordedResults();
      const index = (await readResultsIndex(folder))!;
      // The path's fits, the combined fit, which the panel shows first, and the all-variant refits.
      const listed = [
        ...(index.combined ? [index.combined] : []),
        ...(index.allVariants ?? []),
        ...index.fits,
      ];
      assert.ok(index.combined, 'a collection with a recommended λ has a combined fit');
      assert.equal(index.allVariants?.length, 2, 'and a refit of each replicate on all its variants');
      const details = (await Promise.all(listed.map((f) => readFitDetail(folder, f.id)))).filter(
        (d): d is FitDetail => !!d,
      );
      const harness = await startHarness();
      mkdirSync(PANEL_SHOTS, { recursive: true });
      try {
        for (const theme of ['light', 'dark', 'high-contrast'] as const) {
          const page = await openPanel(browser, harness, theme, index, details);
          await analyseInteractions(page, folder);
          await assertPlotsRendered(page);
          for (const s of SECTIONS)
            await page.locator(`#${s}`).screenshot({ path: join(PANEL_SHOTS, `${theme}-${s}.png`) });
          assert.deepEqual(await violations(page), [], 'no CSP violations');
          assert.deepEqual(
            (page as Page & { consoleErrors?: string[] }).consoleErrors,
            [],
            'no console errors',
          );
          if (theme === 'light') {
            // "Show command": the command that poses these fits again, copied through the host.
            await page.locator('#command-view summary').click();
            const command = (await page.locator('#command-text').textContent()) ?? '';
            assert.equal(command, index.command?.text);
            assert.match(
              command,
              /^dmsfit fit .*-r h1 .*--replicate-column replicate .*--lasso 0\.0002,0\.00005 .*--holdout 0\.2 /,
            );
            await page.locator('#summary').screenshot({ path: join(PANEL_SHOTS, 'light-command.png') });
            await page.locator('#copy-command').click();
            assert.ok(
              (await posted(page)).some(
                (m) => m.type === 'copy' && (m as { text?: string }).text === command,
              ),
            );
            // The site numbering map's regions colour the site chart's zoom bar, named in its legend,
            // and head a column of the mutation table.
            const sites = (await page.locator('#plot-sites svg').textContent()) ?? '';
            for (const r of ['region', 'NTD', 'RBD', 'S2', 'not in the map']) assert.ok(sites.includes(r), r);
            assert.ok((await page.locator('#mutation-table th').allTextContents()).includes('region'));
            // The times_seen slider (dms-vep's 1–25, from 2) greys out the cells seen less often.
            assert.equal(await page.locator('#times-seen').inputValue(), '2');
            const grey = () =>
              page.$$eval(
                '#plot-heatmap svg .mark-rect path',
                (cells) => cells.filter((c) => c.getAttribute('fill') === '#8a8a8a').length,
              );
            const greyAt2 = await grey();
            await page.locator('#times-seen').fill('25');
            await page.waitForFunction(
              (n) =>
                [...document.querySelectorAll('#plot-heatmap svg .mark-rect path')].filter(
                  (c) => c.getAttribute('fill') === '#8a8a8a',
                ).length > n,
              greyAt2,
              { timeout: 5000 },
            );
            const greyAt25 = await grey();
            assert.match(
              (await page.locator('#plot-sites svg .role-title').textContent()) ?? '',
              /seen ≥ 25 times/,
            );
            await page.locator('#effects').screenshot({ path: join(PANEL_SHOTS, 'light-times-seen-25.png') });
            await page.locator('#times-seen').fill('2');
            await page.waitForFunction(
              () => !document.querySelector('#plot-sites svg .role-title')?.textContent?.includes('≥ 25'),
              undefined,
              { timeout: 5000 },
            );
            console.log(`    times_seen ≥ 2: ${greyAt2} grey cells; ≥ 25: ${greyAt25}`);
            // The site statistic: the chart's title and axis say which, and its line changes.
            const siteTitle = () => page.locator('#plot-sites svg .role-title').textContent();
            assert.match((await siteTitle()) ?? '', /^Summed \|shift\| by site/);
            const line = () => page.locator('#plot-sites svg .mark-area path').first().getAttribute('d');
            const summed = await line();
            await page.evaluate(() => {
              const select = document.getElementById('site-statistic') as HTMLElement & { value: string };
              select.value = 'min';
              select.dispatchEvent(new Event('change'));
            });
            await page.waitForFunction(
              () =>
                document
                  .querySelector('#plot-sites svg .role-title')
                  ?.textContent?.startsWith('Smallest shift'),
              undefined,
              { timeout: 5000 },
            );
            assert.notEqual(await line(), summed, 'the line follows the statistic');
            await page.locator('#effects').screenshot({ path: join(PANEL_SHOTS, 'light-site-min.png') });
            await page.evaluate(() => {
              const select = document.getElementById('site-statistic') as HTMLElement & { value: string };
              select.value = 'sum-abs';
              select.dispatchEvent(new Event('change'));
            });
            await page.waitForFunction(
              () => document.querySelector('#plot-sites svg .role-title')?.textContent?.startsWith('Summed'),
              undefined,
              { timeout: 5000 },
            );
            // Tooltip on a heatmap cell names the mutation.
            await page.locator('#plot-heatmap svg .mark-rect path').nth(5).hover();
            await page.locator('#vg-tooltip-element.visible').waitFor({ timeout: 5000 });
            assert.match((await page.locator('#vg-tooltip-element').textContent()) ?? '', /mutation/);
            await page.screenshot({ path: join(PANEL_SHOTS, 'light-tooltip.png') });
            // Brushing the site overview moves the heatmap window.
            const before = await page.locator('#plot-heatmap svg .role-title').textContent();
            const box = (await page.locator('#plot-sites svg').boundingBox())!;
            // The initial brush spans this small protein: clear it (double-click), then draw a new one.
            await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height * 0.5);
            await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
            await page.mouse.down();
            await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 5 });
            await page.mouse.up();
            await page.waitForFunction(
              (t) => document.querySelector('#plot-heatmap svg .role-title')?.textContent !== t,
              before,
              { timeout: 5000 },
            );
            // Fit poses clipping and the ridge as the settings (prefilled) or the user say; a
            // value the fitter cannot take is said, not dropped.
            await page.locator('#fit').click();
            const fit = (await posted(page)).find((m) => m.type === 'fit') as unknown as {
              options: { clipLow?: unknown; ridgeBeta?: unknown };
            };
            assert.deepEqual([fit.options.clipLow, fit.options.ridgeBeta], ['median-stop', 1e-7]);
            await page.evaluate(() => {
              (document.getElementById('clip-low') as HTMLElement & { value: string }).value = 'low';
            });
            await page.locator('#fit').click();
            assert.match((await page.locator('#fit-status').textContent()) ?? '', /^Not fitted: clip below/);
            // λ as a grid from λ_max: 'grid 5' asks for one; a grid of one point is said, not sent.
            await page.evaluate(() => {
              (document.getElementById('clip-low') as HTMLElement & { value: string }).value = 'median-stop';
              (document.getElementById('lasso') as HTMLElement & { value: string }).value = 'grid 5';
            });
            await page.locator('#fit').click();
            const fits = (await posted(page)).filter((m) => m.type === 'fit') as unknown as {
              options: { lasso?: unknown; lassoGrid?: unknown };
            }[];
            assert.deepEqual(fits.at(-1)!.options.lassoGrid, { points: 5, ratio: 1e-3 });
            assert.equal(fits.at(-1)!.options.lasso, undefined);
            await page.evaluate(() => {
              (document.getElementById('lasso') as HTMLElement & { value: string }).value = 'grid 1';
            });
            await page.locator('#fit').click();
            assert.match(
              (await page.locator('#fit-status').textContent()) ?? '',
              /^Not fitted: a λ grid needs 2 to 50 points, got 1/,
            );
            // After Cancel the status says what happened, and keeps saying it when the host then
            // reports the fit stopped (without an outcome); a new fit clears it.
            const cancelled = 'Cancelled: the earlier results are unchanged.';
            // Messages arrive as tasks, in order: a timer after them runs once they are handled.
            const status = async () => {
              await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
              return page.locator('#fit-status').textContent();
            };
            await post(page, { type: 'fit-state', running: false, outcome: cancelled });
            await post(page, { type: 'fit-state', running: false });
            assert.equal(await status(), cancelled);
            await post(page, { type: 'fit-state', running: true });
            assert.equal(await status(), 'Fitting… ');
            await post(page, { type: 'fit-state', running: false });
            assert.equal(await status(), '');
            // State survives a reload: the same fit is asked for again.
            const selected = await page.evaluate(
              () => JSON.parse(sessionStorage.getItem('dmsfit-panel-state') ?? '{}').selected,
            );
            await page.reload();
            await page.waitForFunction(() =>
              (window as unknown as { __posted: { type: string }[] }).__posted.some(
                (m) => m.type === 'load-fit',
              ),
            );
            const again = (await posted(page)).find((m) => m.type === 'load-fit') as unknown as {
              fit: string;
            };
            assert.deepEqual({ id: again.fit }, selected);
          }
          await page.close();
        }
      } finally {
        await harness.close();
      }
    },
  },
  {
    name: 'panel: first paint of a spike-sized result (~12k mutations × 3 conditions)',
    async run({ browser }: { browser: Browser }) {
      const { index, detail } = spikeSized();
      const harness = await startHarness();
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        await page.goto(harness.url('light'));
        await page.waitForFunction(() =>
          (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
        );
        await post(page, { type: 'results', index });
        await page.waitForFunction(() =>
          (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'load-fit'),
        );
        const { total: ms, at } = await page.evaluate(
          async (d) => {
            const t0 = performance.now();
            window.postMessage({ type: 'fit-detail', detail: d }, '*');
            const ids = ['plot-sites', 'plot-heatmap', 'plot-loss', 'plot-predicted', 'plot-epistasis'];
            const at: Record<string, number> = {};
            while (!ids.every((id) => at[id])) {
              // SVG plots are painted when their marks exist; canvas plots when their canvas has
              // ink. (Inline: named helpers here would be wrapped by the test loader's __name.)
              for (const id of ids) {
                if (at[id]) continue;
                let done = !!document.querySelector(`#${id} svg g[class*="mark-"] > *`);
                const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
                if (!done && canvas && canvas.width > 0) {
                  const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
                  for (let i = 3; i < px.length && !done; i += 4) done = px[i]! > 0;
                }
                if (done) at[id] = performance.now() - t0;
              }
              await new Promise((r) => requestAnimationFrame(r));
            }
            return { total: performance.now() - t0, at };
          },
          detail as unknown as Record<string, unknown>,
        );
        mkdirSync(PANEL_SHOTS, { recursive: true });
        writeFileSync(
          join(PANEL_SHOTS, 'first-paint.json'),
          JSON.stringify(
            { mutations: detail.mutations.name.length, conditions: 3, firstPaintMs: Math.round(ms) },
            null,
            2,
          ),
        );
        process.stdout.write(
          `    first paint of ${detail.mutations.name.length} mutations × 3 conditions: ${Math.round(ms)} ms ${JSON.stringify(at)}\n`,
        );
        await page.screenshot({ path: join(PANEL_SHOTS, 'spike-sized.png'), fullPage: false });
        await page.close();
      } finally {
        await harness.close();
      }
    },
  },
  ridgeScenario,
  standaloneScenario,
];
