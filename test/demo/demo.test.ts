/**
 * The README's first command: `npm run demo` on the bundled example (after the build), into a
 * temporary folder; its outputs are checked, not just its exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

test('the demo fits the example, reports, analyses interactions and recovers the truth', () => {
  const out = mkdtempSync(join(tmpdir(), 'dmsfit-demo-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/demo.mjs'), '--out', out], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  assert.equal(r.status, 0, r.stderr);
  const stdout = r.stdout;
  const results = join(out, 'three-backgrounds.dmsfit');
  const headline = (key: string) => new RegExp(`^${key}\\s+(.*)$`, 'm').exec(stdout)?.[1] ?? '';
  assert.match(headline('fits'), /^10\/10 converged/);
  const lambda = Number(/λ = ([\d.e-]+)/.exec(headline('recommended'))?.[1]);
  const collection = JSON.parse(readFileSync(join(results, 'collection.json'), 'utf8')) as {
    recommended: { lambda: number };
  };
  assert.equal(lambda, collection.recommended.lambda);
  const losses = [...headline('validation').matchAll(/B\d ([\d.]+)/g)].map((m) => Number(m[1]));
  assert.equal(losses.length, 3);
  assert.ok(
    losses.every((l) => l > 0 && l < 1),
    `validation losses ${losses.join(', ')}`,
  );
  const betaR = Number(/Pearson r = ([\d.]+)/.exec(headline('vs truth'))?.[1]);
  assert.ok(betaR > 0.8, `β vs truth r = ${betaR}`);
  // The libraries' agreement as their all-variant refits reach it, and as the path's fits do.
  const agreement = [...headline('agreement').matchAll(/r (0\.\d+)/g)].map((m) => Number(m[1]));
  assert.equal(agreement.length, 2, headline('agreement'));
  assert.ok(
    agreement.every((x) => x > 0.5 && x < 1),
    headline('agreement'),
  );
  const recall = [...headline('vs truth').matchAll(/recall (\d+)%/g)].map((m) => Number(m[1]));
  assert.ok(recall.length === 2 && recall.every((x) => x >= 50), `shift recall ${recall.join(', ')}`);
  // Files: the collection, the report with its plots, the spectrum.
  const rows = readFileSync(join(results, 'collection.csv'), 'utf8').trim().split('\n');
  assert.equal(rows.length, 1 + 10);
  const report = readFileSync(join(results, 'report.html'), 'utf8');
  assert.match(report, /<svg/);
  assert.doesNotMatch(report, /(src|href)=["']?https?:/, 'self-contained');
  assert.ok(readdirSync(join(results, 'plots')).filter((f) => f.endsWith('.svg')).length >= 8);
  const spectrumDir = /^spectrum\s+(.*)\/$/m.exec(stdout)![1]!;
  const spectrum = JSON.parse(readFileSync(join(ROOT, spectrumDir, 'spectrum.json'), 'utf8')) as {
    conditions: { ruggedness: number; binary?: unknown }[];
  };
  assert.equal(spectrum.conditions.length, 3);
  assert.ok(spectrum.conditions.every((c) => c.ruggedness >= 1 && c.binary));
  assert.ok(existsSync(join(ROOT, spectrumDir, 'orders.csv')));
  process.stdout.write(`${stdout.slice(stdout.indexOf('=== DMS Fit demo ==='))}\n`);
});
