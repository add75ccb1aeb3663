/**
 * `npm run bench`: bundles the cases like production code (esbuild, no test loader) and runs
 * each in a fresh Node process, so timings and peak RSS belong to one case. Prints a table and
 * writes test-output/bench.json. Filter with `npm run bench -- <substring>`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchResult } from './shared';

const ROOT = resolve(import.meta.dirname, '..');

/** Thousands separators for counts, significant digits for small quantities. */
function formatNumber(v: number): string {
  if (v !== 0 && Math.abs(v) < 0.01) return v.toExponential(2);
  return Number.isInteger(v)
    ? v.toLocaleString('en-US')
    : v.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

async function main(): Promise<void> {
  const bundle = join(ROOT, 'out/bench/cases.js');
  await esbuild.build({
    // The data fit's helper-thread script goes beside the cases, where passThreads.ts looks.
    entryPoints: {
      cases: join(ROOT, 'bench/cases/main.ts'),
      passWorker: join(ROOT, 'src/core/model/passWorker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: join(ROOT, 'out/bench'),
    // The collection case bundles the fitter itself at run time.
    external: ['esbuild'],
    // The report case draws with Vega: its browser canvas shim, as the CLI's bundle does.
    alias: { 'vega-canvas': join(ROOT, 'node_modules/vega-canvas/build/vega-canvas.browser.js') },
    logLevel: 'warning',
  });
  const filter = process.argv[2];
  const names = (
    JSON.parse(execFileSync(process.execPath, [bundle, '--list'], { encoding: 'utf8' })) as string[]
  ).filter((n) => !filter || n.includes(filter));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`machine: ${machine}\n\n`);
  const results: BenchResult[] = [];
  for (const name of names) {
    const r = spawnSync(process.execPath, [bundle, name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    if (r.status !== 0 || lines.length === 0) {
      process.stdout.write(`✖ ${name}: failed (exit ${r.status})\n`);
      continue;
    }
    for (const line of lines) {
      const res = JSON.parse(line) as BenchResult;
      results.push(res);
      const m = Object.entries(res.metrics)
        .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`)
        .join('  ');
      process.stdout.write(`${res.case}\n    ${m}\n`);
    }
  }
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-output/bench.json'),
    JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2),
  );
}

void main();
