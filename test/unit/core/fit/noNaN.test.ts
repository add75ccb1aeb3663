/**
 * No NaN reaches a user: not in a progress message (APG measures the certificate every few
 * iterations; the records in between carry the last value), nor in the CLI's lines, fit.json,
 * path.csv, trajectory.csv or mutations.csv, even for fits stopped by their iteration cap and
 * with a hold-out. And the progress fraction behind the status bar is a number in [0, 1].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { runFitJob } from '../../../../src/core/fit/fitJob.ts';
import type { FitSummary } from '../../../../src/core/fit/fitSummary.ts';
import { toCsvText } from '../../../../src/core/io/csvWriter.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSimulation, simulateRows, simulateTruth } from '../../../../src/core/simulate/simulate.ts';
import type { IterationRecord } from '../../../../src/core/solve/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { fittedLines, lineView } from '../../../../src/cli/progress.ts';
import { jobFraction } from '../../../../src/jobs/progress.ts';
import type { FitterToHost } from '../../../../src/protocol/fitter.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('a path with a hold-out, some fits at their iteration cap: no NaN anywhere a user reads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-nan-'));
  const truth = simulateTruth(resolveSimulation({ seed: 4, sites: 15, variantsPerCondition: 800 }));
  const data = join(dir, 'sim.csv');
  writeFileSync(
    data,
    toCsvText({
      columns: ['condition', 'aa_substitutions', 'func_score'],
      rows: [...simulateRows(truth)].map((r) => [r.condition, r.substitutions, r.score]),
    }),
  );
  const records: IterationRecord[] = [];
  const fitted: FitSummary[] = [];
  await runFitJob(
    {
      inputs: [{ path: data }],
      data: resolveDataOptions({ reference: 'h1', alphabet: 'aa-stop' }),
      model: resolveModelOptions({}),
      // APG, whose certificate is measured every 10 iterations; 35 iterations stop some λ short.
      solver: resolveSolverOptions({ solver: 'apg', maxIterations: 35 }),
      lasso: [1e-3, 1e-4, 1e-5],
      holdout: { fraction: 0.2, seed: 1 },
      out: join(dir, 'out'),
      version: 'test',
    },
    { progress: (_l, r) => records.push(r), fitted: (s) => fitted.push(s) },
  );
  assert.ok(
    records.some((r) => !r.measured),
    'some iterations did not measure the certificate',
  );
  for (const r of records)
    for (const v of [r.objective, r.penalty, r.stationarity, r.elapsedMs, ...r.lossPerCondition])
      assert.ok(Number.isFinite(v), `record ${JSON.stringify(r)}`);
  assert.ok(
    fitted.some((f) => f.stopReason === 'iteration-cap'),
    'a fit stopped at its cap',
  );
  let text = '';
  const view = lineView((s) => (text += s), 0);
  for (const r of records)
    view.message('fit', {
      type: 'progress',
      id: 'fit',
      lambda: 1e-4,
      lambdaIndex: 1,
      lambdaCount: 3,
      ...r,
    });
  for (const f of fitted) text += fittedLines(f).join('\n');
  assert.ok(!/NaN/.test(text), text);
  for (const file of files(join(dir, 'out')))
    assert.ok(!readFileSync(file, 'utf8').includes('NaN'), `${file} holds NaN`);
});

test('the progress fraction is a number in [0, 1] whatever the stationarity', () => {
  const m = (stationarity: number | null, lambdaIndex = 0): Extract<FitterToHost, { type: 'progress' }> => ({
    type: 'progress',
    id: 'fit',
    lambda: 1e-5,
    lambdaIndex,
    lambdaCount: 2,
    iteration: 3,
    objective: 1,
    lossPerCondition: [1],
    penalty: 0,
    stationarity,
    elapsedMs: 10,
  });
  for (const s of [null, NaN, Infinity, 2, 1, 1e-3, 1e-6, 1e-12, 0])
    for (const i of [0, 1]) {
      const f = jobFraction(m(s, i), 1e-6);
      assert.ok(f >= 0 && f <= 1, `${s} at λ ${i}: ${f}`);
    }
  assert.equal(jobFraction(m(1e-3), 1e-6), 0.25);
});
