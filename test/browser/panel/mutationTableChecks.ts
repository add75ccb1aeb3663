/**
 * The panel's mutation table in a browser: it lists the fit's mutations sorted by effect size,
 * searches by name, sorts by a clicked header, and a clicked row outlines its cell in the heatmap,
 * whose window moves to that site.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PANEL_SHOTS } from './sandbox.ts';

const rows = (page: Page) => page.locator('#mutation-table tbody tr');
const cellTexts = (page: Page, column: number) =>
  page.$$eval(`#mutation-table tbody tr td:nth-child(${column})`, (tds) =>
    tds.map((t) => t.textContent ?? ''),
  );

async function search(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const field = document.getElementById('mutation-search') as HTMLElement & { value: string };
    field.value = t;
    field.dispatchEvent(new Event('input'));
  }, text);
}

export async function checkMutationTable(page: Page, theme: string): Promise<void> {
  await rows(page).first().waitFor({ timeout: 10_000 });
  const count = (await page.locator('#mutation-count').textContent()) ?? '';
  const [shown, total] = /^([\d,]+) of ([\d,]+) mutations/
    .exec(count)!
    .slice(1)
    .map((n) => Number(n.replace(/,/g, '')));
  assert.ok(shown! > 0 && shown === total, count);
  // By effect size, largest first.
  const sizes = (await cellTexts(page, 3)).map((t) => Math.abs(Number(t)));
  assert.deepEqual(
    sizes,
    [...sizes].sort((a, b) => b - a),
    'sorted by |shift|',
  );
  assert.equal(await page.locator('#mutation-table th[aria-sort="descending"]').textContent(), 'shift ▼');
  // Search by a mutation's name: only the rows naming it are left.
  const name = (await cellTexts(page, 1))[2]!;
  await search(page, name.toLowerCase());
  await page.waitForFunction((n) => document.querySelectorAll('#mutation-table tbody tr').length < n, shown!);
  assert.ok(
    (await cellTexts(page, 1)).every((t) => t.includes(name)),
    name,
  );
  await search(page, '');
  // Sort by site: ascending on the first click.
  await page.locator('#mutation-table th', { hasText: 'site' }).click();
  assert.equal(await page.locator('#mutation-table th[aria-sort="ascending"]').textContent(), 'site ▲');
  const sites = (await cellTexts(page, 2)).map(Number);
  assert.deepEqual(
    sites,
    [...sites].sort((a, b) => a - b),
  );
  // Pick the last listed (the far end of the protein): the heatmap's window moves there and
  // outlines the cell.
  const last = rows(page).last();
  const [picked, site] = await last
    .locator('td')
    .evaluateAll((tds) => tds.slice(0, 2).map((t) => t.textContent ?? ''));
  const rectMarks = () => page.locator('#plot-heatmap svg g.mark-rect').count();
  const before = await rectMarks();
  await last.click();
  await page.locator('#mutation-table tr.picked').waitFor();
  // One more rect mark: the outline (the cells' and the colour legend's are there already).
  await page.waitForFunction(
    (n) => document.querySelectorAll('#plot-heatmap svg g.mark-rect').length === n + 1,
    before,
    { timeout: 5000 },
  );
  const title = (await page.locator('#plot-heatmap svg .role-title').textContent()) ?? '';
  const [from, to] = /sites (\S+)–(\S+)\)/.exec(title)!.slice(1).map(Number);
  assert.ok(from! <= Number(site) && Number(site) <= to!, `${picked} at site ${site} in ${title}`);
  assert.equal(
    await page.evaluate(() => JSON.parse(sessionStorage.getItem('dmsfit-panel-state') ?? '{}').picked),
    picked,
  );
  await page.locator('#effects').screenshot({ path: join(PANEL_SHOTS, `${theme}-mutation-table.png`) });
  // The redrawn heatmap still answers the pointer. The pointer leaves the page first, and tries
  // again a pixel further if no tooltip shows: moved onto the cell along with the scroll that
  // brings it into view, it can land there without the move Vega answers (it did once in CI).
  const cell = page.locator('#plot-heatmap svg .mark-rect path').nth(3);
  const tip = page.locator('#vg-tooltip-element.visible');
  for (let attempt = 0; attempt < 4 && !(await tip.isVisible()); attempt++) {
    await page.mouse.move(0, 0);
    await cell.hover({ position: { x: 2 + attempt, y: 2 + attempt } });
    await tip.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  assert.ok(await tip.isVisible(), 'a tooltip over the redrawn heatmap');
}
