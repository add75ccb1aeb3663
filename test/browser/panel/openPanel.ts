/** Opens the panel in the harness with recorded results, answering its fit requests as the host does. */
import type { Browser, Page } from 'playwright-core';
import type { FitDetail, ResultsIndex } from '../../../src/plots/model.ts';
import { post, posted, type Harness } from './harness.ts';
import type { ThemeName } from './themes.ts';

export async function openPanel(
  browser: Browser,
  harness: Harness,
  theme: ThemeName,
  index: ResultsIndex,
  details: FitDetail[],
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text()))
      consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (process.env.DMSFIT_TEST_VERBOSE)
    page.on('console', (m) => process.stdout.write(`    [page] ${m.text()}\n`));
  (page as Page & { consoleErrors?: string[] }).consoleErrors = consoleErrors;
  await page.goto(harness.url(theme));
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
  );
  // Answer the panel's load-fit requests as the host does.
  const answer = async () => {
    for (const m of (await posted(page)) as { type: string; fit?: string }[]) {
      if (m.type !== 'load-fit') continue;
      const d = details.find((x) => x.id === m.fit);
      if (d) await post(page, { type: 'fit-detail', detail: d });
    }
    await page.evaluate(() => {
      const w = window as unknown as { __posted: { type: string }[] };
      w.__posted = w.__posted.filter((m) => m.type !== 'load-fit');
    });
  };
  await post(page, {
    type: 'dataset',
    dataset: {
      dataUri: 'file:///data/sim.csv',
      fileName: 'sim.csv',
      rows: 36000,
      conditions: index.conditions,
      reference: index.reference,
      epistasis: 'sigmoid',
      lasso: [2e-4, 5e-5],
      holdout: 0.2,
      clipLow: 'median-stop',
      ridgeBeta: 1e-7,
    },
  });
  await post(page, { type: 'results', index });
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'load-fit'),
  );
  await answer();
  await page.locator('#plot-heatmap svg .mark-rect path').first().waitFor({ timeout: 20_000 });
  (page as Page & { answer?: () => Promise<void> }).answer = answer;
  return page;
}
