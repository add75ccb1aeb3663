/**
 * Browser tests: the packaged extension (out/dmsfit.vsix) installed into code-server, driven
 * through Debian's Chromium like a user would. Screenshots go to test-output/browser/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { REPO, startCodeServer, type CodeServer } from '../support/codeServer.ts';
import { freshWorkspace } from '../support/workspace.ts';
import { panelScenarios } from './panel/scenarios.ts';
import { scenarios } from './scenarios.ts';

export interface ScenarioContext {
  server: CodeServer;
  browser: Browser;
  workspace: string;
}

async function main(): Promise<number> {
  const vsix = join(REPO, 'out/dmsfit.vsix');
  if (!existsSync(vsix)) throw new Error('out/dmsfit.vsix is missing: run `npm run package` first');
  const only = process.argv[2];
  let passed = 0;
  let failed = 0;
  const report = (name: string, t0: number, err?: unknown) => {
    if (err === undefined) {
      passed++;
      process.stdout.write(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    } else {
      failed++;
      process.stdout.write(`✖ ${name}\n  ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  };
  // The panel on its own, in Chromium, with the extension's exact HTML and CSP.
  for (const scenario of panelScenarios.filter((s) => !only || s.name.includes(only))) {
    const browser = await launchBrowser();
    const t0 = Date.now();
    try {
      await scenario.run({ browser });
      report(scenario.name, t0);
    } catch (err) {
      report(scenario.name, t0, err);
    } finally {
      await browser.close();
    }
  }
  // The packaged extension in a real VS Code.
  for (const scenario of scenarios.filter((s) => !only || s.name.includes(only))) {
    // A fresh server and workspace per scenario: no state leaks between them.
    const workspace = await freshWorkspace();
    const server = await startCodeServer({ workspace, install: [vsix] });
    const browser = await launchBrowser();
    const t0 = Date.now();
    try {
      await scenario.run({ server, browser, workspace });
      report(scenario.name, t0);
    } catch (err) {
      report(scenario.name, t0, err);
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  process.stdout.write(`browser tests: ${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
