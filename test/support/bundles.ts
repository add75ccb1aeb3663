/** Builds the fitter and CLI bundles once per test run (the tests that start processes need them). */
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO } from './codeServer.ts';

let built: Promise<{ fitter: string; cli: string }> | undefined;

export function bundles(): Promise<{ fitter: string; cli: string }> {
  built ??= (async () => {
    const outdir = join(REPO, 'out', 'test-bundles');
    await esbuild.build({
      entryPoints: { fitter: join(REPO, 'src/fitter/main.ts'), cli: join(REPO, 'src/cli/main.ts') },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir,
      alias: { 'vega-canvas': join(REPO, 'node_modules/vega-canvas/build/vega-canvas.browser.js') },
      logLevel: 'warning',
    });
    return { fitter: join(outdir, 'fitter.js'), cli: join(outdir, 'cli.js') };
  })();
  return built;
}
