// Bundles every runtime piece with esbuild into dist/:
//   extension.js  extension host (CommonJS, `vscode` external)
//   cli.js        the `dmsfit` command-line tool
//   fitter.js     the fitter child process (started by the CLI and the extension)
//   passWorker.js  a helper thread of the fitter's data-fit pass (passThreads.ts)
//   webview/      the panel script and stylesheet (browser, IIFE)
//   vega.min.js   Vega's browser build, copied for the report's standalone chart pages
// and, with --tests, the extension-host test suite into out/test/.
// Runtime dependencies are bundled, so the packaged extension ships no node_modules.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests') || watch;
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  minify: production,
  external: ['vscode'],
  // vega-canvas's Node build awaits the native `canvas` package at top level; plots are rendered
  // to SVG without a canvas, so the browser build (which returns no canvas outside a page) is used.
  alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { fitter: 'src/fitter/main.ts' }, outdir: 'dist' },
  // Helper threads of the fitter's data-fit pass, found beside the bundles that start them.
  { ...node, entryPoints: { passWorker: 'src/core/model/passWorker.ts' }, outdir: 'dist' },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: 'linked',
    minify: production,
    entryPoints: { panel: 'src/webview/main.ts' },
    outdir: 'dist/webview',
    logLevel: 'warning',
  },
];
if (withTests) {
  builds.push({
    ...node,
    entryPoints: { suite: 'test/vscode/suite/index.ts' },
    outdir: 'out/test/vscode',
    external: ['vscode', 'mocha'],
  });
}

function copyAssets() {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('src/webview/panel.css', 'dist/webview/panel.css');
  // The runtime the report's standalone chart pages load from beside them (standaloneChart.ts).
  copyFileSync('node_modules/vega/build/vega.min.js', 'dist/vega.min.js');
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}

if (watch) {
  // The start/finish lines let VS Code's background task know when a rebuild is done (tasks.json).
  let pending = 0;
  const announce = {
    name: 'announce',
    setup(build) {
      build.onStart(() => {
        if (pending++ === 0) console.log('[watch] build started');
      });
      build.onEnd(() => {
        copyAssets();
        if (--pending === 0) console.log('[watch] build finished');
      });
    },
  };
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [announce] })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  console.log(`built ${builds.length} bundles in ${Date.now() - t0} ms`);
}
