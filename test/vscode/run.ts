/**
 * Runs the extension-host test suite inside a real VS Code: code-server loads this repository
 * as the extension under development and runs out/test/vscode/suite.js (mocha) in its Node
 * extension host, driven through Chromium. The page reports the result via codeAutomationExit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.ts';
import { REPO, startCodeServer } from '../support/codeServer.ts';
import { freshWorkspace } from '../support/workspace.ts';
import { consoleText } from '../support/console.ts';
import { SUITE_BEGIN, SUITE_END } from './suite/markers.ts';

const TIMEOUT_MS = 5 * 60_000;

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--tests'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) return 1;
  const workspace = await freshWorkspace();
  const server = await startCodeServer({ workspace });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    // Print what the suite prints between its markers (the extension host's console arrives
    // in the page's console); everything else is workbench noise unless DMSFIT_TEST_VERBOSE is set.
    let inSuite = false;
    page.on('console', (msg) => {
      void consoleText(msg).then((text) => {
        // Chromium's note on the workbench, and the webview service worker re-registering per panel.
        if (text.startsWith('An iframe which has both allow-scripts')) return;
        if (text.startsWith('Found unexpected service worker controller')) return;
        if (text.includes(SUITE_BEGIN)) inSuite = true;
        else if (text.includes(SUITE_END)) inSuite = false;
        else if (inSuite || process.env.DMSFIT_TEST_VERBOSE) process.stdout.write(`${text}\n`);
      });
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${server.authority}${REPO}`],
      ['extensionTestsPath', `vscode-remote://${server.authority}${join(REPO, 'out/test/vscode/suite')}`],
    ]);
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url);
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stdout.write('extension tests timed out\n');
        resolve(1);
      }, TIMEOUT_MS),
    );
    const code = await Promise.race([exit, timeout]);
    process.stdout.write(`extension-host tests ${code === 0 ? 'passed' : 'FAILED'}\n`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
