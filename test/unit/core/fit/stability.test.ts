/**
 * Stability selection: the subsamples are the stated share of each condition's admitted
 * variants, reproducible by number; and on a simulation with a known truth, through the CLI,
 * mutations.csv's selection frequencies are shares of the subsample fits (counted here from
 * their own kind: multiples of 1/n in [0, 1]) that rank real shifts above null ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subsample } from '../../../../src/core/fit/stability.ts';
import { fitFolder, readCsv } from '../../../../src/results/readResults.ts';
import { TOP_FIT } from '../../../../src/core/io/resultsLayout.ts';
import { simulatedPrepared } from '../../support/sim.ts';
import { simulatedCli } from '../../support/simulatedCli.ts';

test("a subsample is half of each condition's admitted variants, the same for the same number", async () => {
  const { prepared: p } = await simulatedPrepared({
    seed: 3,
    sites: 10,
    conditions: ['a', 'b'],
    variantsPerCondition: 301,
  });
  const admitted = (v: number) => v % 5 !== 0;
  const first = subsample(p, 0, 0.5, admitted);
  p.encodings.forEach((e) => {
    const pool = [...e.variants].filter(admitted);
    const kept = pool.filter(first);
    assert.equal(kept.length, Math.round(pool.length / 2));
    assert.ok(
      [...e.variants].filter((v) => !admitted(v)).every((v) => !first(v)),
      'only admitted variants',
    );
  });
  const again = subsample(p, 0, 0.5, admitted);
  const other = subsample(p, 1, 0.5, admitted);
  const all = Array.from({ length: p.variants.n }, (_, v) => v);
  assert.deepEqual(all.map(first), all.map(again));
  assert.ok(all.some((v) => first(v) !== other(v)));
});

test('dmsfit fit --stability: selection frequencies that rank real shifts above null ones', async () => {
  const { dir, data, files, dmsfit } = await simulatedCli('stability', {
    seed: 5,
    sites: 30,
    variantsPerCondition: 3000,
  });
  const out = join(dir, 'out');
  const n = 6;
  const r = dmsfit('fit', data, '-r', 'h1', '--lasso', '5e-5', '--stability', String(n), '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const fit = (await fitFolder(out, TOP_FIT))!;
  const summary = JSON.parse(readFileSync(join(fit, 'fit.json'), 'utf8')) as {
    stability: { subsamples: number; fraction: number; converged: number };
  };
  assert.deepEqual(summary.stability, {
    subsamples: n,
    fraction: 0.5,
    converged: summary.stability.converged,
  });
  assert.ok(
    summary.stability.converged >= n - 1,
    `${summary.stability.converged} of ${n} subsample fits converged`,
  );

  const rows = (await readCsv(join(fit, 'mutations.csv'))).rows;
  const real = new Map((await readCsv(files.truthCsv)).rows.map((t) => [t.mutation!, Number(t.shift_h2)]));
  const freq = rows.map((m) => Number(m.selection_frequency_h2));
  for (const f of freq) assert.ok(f >= 0 && f <= 1 && Math.abs(f * n - Math.round(f * n)) < 1e-9, `${f}`);
  assert.ok(!('selection_frequency_h1' in rows[0]!), 'none for the reference');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const shifted = rows.flatMap((m, i) => (real.get(m.mutation!) ? [freq[i]!] : []));
  const unshifted = rows.flatMap((m, i) => (real.get(m.mutation!) === 0 ? [freq[i]!] : []));
  assert.ok(
    shifted.length > 10 && unshifted.length > 100,
    `${shifted.length} shifted, ${unshifted.length} not`,
  );
  assert.ok(
    mean(shifted) > mean(unshifted) + 0.3,
    `mean selection frequency: real shifts ${mean(shifted).toFixed(2)}, null ${mean(unshifted).toFixed(2)}`,
  );
});
