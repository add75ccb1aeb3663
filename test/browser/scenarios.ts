import assert from 'node:assert/strict';
import type { ScenarioContext } from './run.ts';
import { contextMenu, explorerRow, openWorkbench, shot, webviewFrame } from './workbench.ts';

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export const scenarios: Scenario[] = [
  {
    name: 'right-click a CSV → DMS Fit → Show Panel shows the file and its row count',
    async run({ server, browser, workspace }) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await openWorkbench(page, server.url, workspace);
      await shot(page, '01-workbench');
      const row = explorerRow(page, 'tiny.csv');
      await row.click();
      await contextMenu(page, row, ['DMS Fit', 'Show Panel'], () => shot(page, '02-context-menu'));
      const frame = webviewFrame(page);
      await frame.locator('#dataset .row-count').waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('#dataset .file-name').textContent(), 'tiny.csv');
      assert.equal(await frame.locator('#dataset .row-count').textContent(), '10 data rows');
      await shot(page, '03-panel');
      await page.close();
    },
  },
];
