/** The packaged extension in a real VS Code (code-server), driven like a user would drive it. */
import assert from 'node:assert/strict';
import type { ScenarioContext } from './run.ts';
import { contextMenu, explorerRow, openWorkbench, shot, webviewFrame } from './workbench.ts';

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export const scenarios: Scenario[] = [
  {
    name: 'right-click a CSV → Fit Dataset → reference → live panel → results folder, heatmap tooltip, interactions',
    async run({ server, browser, workspace }) {
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      await openWorkbench(page, server.url, workspace);
      await shot(page, 'fit-01-workbench');
      const row = explorerRow(page, 'slow.csv');
      await row.click();
      // The reference is ambiguous (three conditions): a quick pick lists them, once.
      const pick = page.locator('.quick-input-widget');
      await contextMenu(
        page,
        row,
        ['DMS Fit', 'Fit Dataset'],
        () => shot(page, 'fit-02-context-menu'),
        pick.locator('.monaco-list-row', { hasText: 'BA.1' }),
      );
      const listed = await pick.locator('.quick-input-list .monaco-list-row').allTextContents();
      assert.deepEqual(listed.map((t) => t.trim()).sort(), ['BA.1', 'BA.2', 'Delta']);
      await shot(page, 'fit-03-reference');
      await pick.locator('.monaco-list-row', { hasText: 'Delta' }).click();
      // Progress notification, and the panel beside the file filling while the fit runs.
      const toasts = page.locator('.notifications-toasts');
      await toasts.getByText('DMS Fit: slow.csv').first().waitFor({ timeout: 30_000 });
      const frame = webviewFrame(page);
      await frame.locator('#plot-loss svg g[class*="mark-"] > *').first().waitFor({ timeout: 60_000 });
      assert.equal(
        await toasts.getByText(/slow\.csv fitted/).count(),
        0,
        'the loss curves were drawn before the fit ended',
      );
      assert.match((await frame.locator('#file-name').textContent()) ?? '', /slow\.csv/);
      await shot(page, 'fit-04-live');
      await toasts.getByText(/slow\.csv fitted/).waitFor({ timeout: 120_000 });
      // The toast comes from the host; the panel shows the end once its own message has arrived.
      await frame.locator('#fit-status', { hasNotText: /^Fitting/ }).waitFor({ timeout: 30_000 });
      await shot(page, 'fit-05-done');
      await explorerRow(page, 'slow.dmsfit').waitFor({ timeout: 30_000 });
      // The finished fit: heatmap with a tooltip naming the mutation under the pointer.
      const cell = frame.locator('#plot-heatmap svg .mark-rect path').nth(5);
      await cell.waitFor({ timeout: 30_000 });
      await cell.scrollIntoViewIfNeeded();
      await cell.hover();
      const tooltip = frame.locator('#vg-tooltip-element.visible');
      await tooltip.waitFor({ timeout: 10_000 });
      assert.match((await tooltip.textContent()) ?? '', /mutation\s*[A-Z*-]\d+[A-Z*-]/);
      await shot(page, 'fit-06-tooltip');
      // Interactions: the spectrum of the fit on show, computed by the helper process.
      const analyse = frame.locator('#spectrum-run');
      await analyse.scrollIntoViewIfNeeded();
      await analyse.click();
      await frame.locator('#plot-spectrum-plane svg .mark-symbol path').first().waitFor({ timeout: 30_000 });
      assert.match((await frame.locator('#spectrum-status').textContent()) ?? '', /sequences per condition/);
      await frame.locator('#interactions').scrollIntoViewIfNeeded();
      await shot(page, 'fit-07-interactions');
      await page.close();
    },
  },
  {
    name: 'a malformed CSV: the Problems panel lists each error at its row',
    async run({ server, browser, workspace }) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await openWorkbench(page, server.url, workspace);
      await explorerRow(page, 'malformed.csv').dblclick();
      await page.locator('.monaco-editor .view-lines').first().waitFor();
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row');
      await problems.filter({ hasText: "func_score 'abc' is not a number" }).waitFor({ timeout: 30_000 });
      const texts = await problems.allTextContents();
      for (const [message, line] of [
        ["func_score 'abc' is not a number", 3],
        ['expected 3 fields as in the header, found 4', 4],
        ['two substitutions at site 1', 5],
        ["'P2P' has the same wildtype and mutant", 9],
        ["malformed substitution 'X4'", 10],
        ["wildtype at site 3 is 'G' here but 'P' at line 7", 11],
      ] as const) {
        const row = texts.find((t) => t.includes(message));
        assert.ok(row, `Problems lists: ${message}`);
        assert.match(row, new RegExp(`\\[Ln ${line}, Col \\d+\\]`), `${message} at line ${line}`);
      }
      await shot(page, 'problems-01-malformed');
      await page.close();
    },
  },
];
