/** Helpers for driving the VS Code web workbench (selectors measured on VS Code 1.100). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { REPO } from '../support/codeServer.ts';

export const SHOTS = join(REPO, 'test-output', 'browser');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

export function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

/**
 * Right-clicks an explorer row and opens `submenu` → `item`. Retries: right after the explorer
 * appears, the first context menu can lack contributed items, and a click right after a menu
 * opens can be swallowed.
 */
export async function contextMenu(
  page: Page,
  row: Locator,
  path: string[],
  beforeClick?: () => Promise<void>,
  /** What the command shows when it ran; if it does not appear, the click was lost: retry. */
  shown?: Locator,
  /** Run before each attempt, e.g. to select files again (a retry's right-click may change the selection). */
  before?: () => Promise<void>,
  /** How long `shown` may take (the command may read large files first). */
  shownTimeout = 15_000,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await before?.();
      await row.click({ button: 'right' });
      for (const [i, name] of path.entries()) {
        const item = page.getByRole('menuitem', { name, exact: true });
        await item.waitFor({ timeout: 3000 });
        await page.waitForTimeout(300);
        if (i < path.length - 1) {
          await item.hover();
          continue;
        }
        await beforeClick?.();
        await item.click();
      }
      await shown?.waitFor({ timeout: shownTimeout });
      return;
    } catch (err) {
      lastError = err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2000);
    }
  }
  throw lastError;
}

/** The content frame of the active webview (our panel's document). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
