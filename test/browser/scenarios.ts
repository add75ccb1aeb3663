/** The packaged extension in a real VS Code (code-server), driven like a user would drive it. */
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shared } from '../integration/support.ts';
import { assertHeatmapFits } from './panel/scenarios.ts';
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
      // A dms-vep site numbering map beside the data, which the fit takes without being asked.
      const sites = Array.from({ length: 200 }, (_, i) => `${i + 1},${i + 1},${i < 100 ? 'NTD' : 'RBD'}\n`);
      writeFileSync(
        join(workspace, 'site_numbering_map.csv'),
        `sequential_site,reference_site,region\n${sites.join('')}`,
      );
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
      assert.match(
        (await tooltip.textContent()) ?? '',
        /region, sequential site\s*(NTD|RBD), sequential \d+/,
      );
      const siteChart = (await frame.locator('#plot-sites svg').textContent()) ?? '';
      assert.ok(
        ['region', 'NTD', 'RBD'].every((r) => siteChart.includes(r)),
        'the zoom bar names the regions',
      );
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
    name: 'a default fit of the two XBB.1.5 files: converged or a stated reason with advice, no NaN, both conditions in every legend',
    async run({ server, browser, workspace }) {
      // The real files, linked into the workspace (read in place, never copied); results are
      // written beside the links, in the workspace.
      const files = ['high', 'medium'].map((c) => `Lib1-230614_${c}_ACE2_func_scores.csv`);
      for (const f of files) symlinkSync(shared(`xbb15/${f}`), join(workspace, f));
      // Every setting at its default: without the fixtures' workspace settings (their λ path).
      rmSync(join(workspace, '.vscode/settings.json'));
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await openWorkbench(page, server.url, workspace);
      const [high, medium] = files.map((f) => explorerRow(page, f));
      // Both files selected, as a user does with Ctrl-click (retried: a click can be swallowed
      // while the explorer settles), before every attempt at the menu: a retried right-click
      // may leave one file selected, which would fit one condition and ask for no reference.
      const selectBoth = async () => {
        for (let attempt = 0; ; attempt++) {
          await high!.click();
          await page.waitForTimeout(500);
          await medium!.click({ modifiers: ['ControlOrMeta'] });
          await page.waitForTimeout(500);
          const selected = await page.locator('.explorer-folders-view .monaco-list-row.selected').count();
          if (selected === 2) return;
          assert.ok(attempt < 4, `two files selected (${selected})`);
        }
      };
      const pick = page.locator('.quick-input-widget');
      // The reference is asked once both 7 MB files are read: on a busy machine that takes a while.
      await contextMenu(
        page,
        medium!,
        ['DMS Fit', 'Fit Dataset'],
        () => shot(page, 'xbb-00-menu'),
        pick.locator('.monaco-list-row', { hasText: 'medium_ACE2' }),
        selectBoth,
        45_000,
      );
      const listed = await pick.locator('.quick-input-list .monaco-list-row').allTextContents();
      assert.deepEqual(listed.map((t) => t.trim()).sort(), ['high_ACE2', 'medium_ACE2']);
      await pick.locator('.monaco-list-row', { hasText: 'high_ACE2' }).click();
      const toasts = page.locator('.notifications-toasts');
      const statusBar = page.locator('.statusbar');
      const frame = webviewFrame(page);
      // Watch the status bar and the panel while the fit runs: never a NaN.
      const done = toasts.getByText(/func_scores\.csv fitted/);
      const seen: string[] = [];
      const deadline = Date.now() + 600_000;
      while ((await done.count()) === 0) {
        assert.ok(Date.now() < deadline, 'the fit ended within 10 minutes');
        seen.push(
          (await statusBar.textContent()) ?? '',
          (await frame.locator('#fit-status').textContent()) ?? '',
          (await toasts.textContent()) ?? '',
        );
        await page.waitForTimeout(1000);
      }
      assert.ok(
        seen.some((t) => /DMS Fit: .*%/.test(t)),
        'the status bar showed the progress',
      );
      assert.ok(
        seen.some((t) => /iteration \d+ of [\d,]+/.test(t)),
        'the notification showed the iteration out of the cap',
      );
      for (const t of seen) assert.doesNotMatch(t, /NaN/);
      const message = (await done.first().textContent()) ?? '';
      assert.ok(
        /converged\)/.test(message) || /did not converge .*Next step: .*dmsfit\.\w+ = /.test(message),
        `converged, or a stop reason with the setting to change: ${message}`,
      );
      // The panel's status says how the fit ended, and stays on it.
      await frame.locator('#fit-status', { hasText: /^Done: / }).waitFor({ timeout: 30_000 });
      await frame.locator('#plot-epistasis canvas').waitFor({ timeout: 60_000 });
      await shot(page, 'xbb-01-done');
      // In the editor at 1600 px: the heatmap, legend and letter axis in view, no sideways scroll.
      await assertHeatmapFits(frame);
      const text = (await frame.locator('body').textContent()) ?? '';
      assert.doesNotMatch(text, /NaN/);
      assert.doesNotMatch((await statusBar.textContent()) ?? '', /NaN/);
      // The header says what the results cover, not only the first file's rows.
      assert.match(
        (await frame.locator('#row-count').textContent()) ?? '',
        /^72,598 data rows in this file; its results fit 145,196 rows over 2 conditions \(high_ACE2, medium_ACE2\)$/,
      );
      // Every plot with a legend of conditions names both (its accessible name lists its series).
      for (const id of ['#plot-loss', '#plot-predicted', '#plot-epistasis']) {
        const label =
          (await frame.locator(`${id} [aria-label], ${id}[aria-label]`).first().getAttribute('aria-label')) ??
          '';
        for (const c of ['high_ACE2', 'medium_ACE2'])
          assert.ok(label.includes(c), `${id} names ${c}: ${label}`);
        assert.doesNotMatch(label, /condition \d/);
      }
      const legend = (await frame.locator('#plot-loss svg').textContent()) ?? '';
      for (const c of ['high_ACE2', 'medium_ACE2'])
        assert.ok(legend.includes(c), `the loss legend names ${c}`);
      // How the fit ended, said in the panel.
      assert.match(
        (await frame.locator('#fit-outcome').textContent()) ?? '',
        /^(Converged\.|Not converged — .+Next step: .+dmsfit\.)/,
      );
      await frame.locator('#fit-notes').scrollIntoViewIfNeeded();
      await shot(page, 'xbb-02-notes');
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
