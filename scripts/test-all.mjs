// `npm test`: every check a change must pass, in order of cost, with a pass/fail summary.
// Stages: the Debian packages the tests need (installed where missing: system-packages.sh), lint,
// typecheck, unit tests, build + package, extension-host tests in code-server,
// cluster tests (the workflow on Snakemake and Slurm), browser tests (Chromium against
// code-server with the packaged .vsix installed).
import { spawnSync } from 'node:child_process';

const node = process.execPath;
const stages = [
  ['system packages (Debian: Chromium, Snakemake, Slurm, …)', 'bash', ['scripts/system-packages.sh']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['typecheck (webview)', 'npx', ['tsc', '-p', 'tsconfig.webview.json']],
  ['typecheck (browser tests)', 'npx', ['tsc', '-p', 'tsconfig.browser-tests.json']],
  ['unit tests', 'npm', ['run', '--silent', 'test:unit']],
  ['integration tests (real data in ../shared)', 'npm', ['run', '--silent', 'test:integration']],
  [
    'cluster tests (Snakemake, a real single-node Slurm)',
    node,
    ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/cluster/cluster.test.ts'],
  ],
  ['package', node, ['scripts/package.mjs']],
  [
    "demo (the README's first command, after the build)",
    node,
    ['--test', '--import', 'tsx', 'test/demo/demo.test.ts'],
  ],
  ['extension-host tests', node, ['--import', 'tsx', 'test/vscode/run.ts']],
  ['browser tests', node, ['--import', 'tsx', 'test/browser/run.ts']],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args] of stages) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: (Date.now() - t0) / 1000 });
  if (!ok) break; // later stages depend on earlier ones (a broken build cannot be packaged)
}
process.stdout.write('\n');
for (const r of results)
  process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)\n`);
const failed = results.filter((r) => !r.ok).length;
const skipped = stages.length - results.length;
process.stdout.write(
  `test stages: ${results.length - failed} passed, ${failed} failed${only.length === 0 && skipped ? `, ${skipped} not run` : ''}\n`,
);
process.exit(failed === 0 ? 0 : 1);
