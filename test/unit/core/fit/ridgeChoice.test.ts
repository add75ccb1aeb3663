/**
 * The ridge chosen together with λ (ridgeChoice.ts): the rule on records posed by hand (the
 * largest ridge within one standard error of the best, unconverged λ left out, the model's own
 * ridge when nothing converged), and through the CLI: ridge.csv per ridge, λ and fold, lambda.json's
 * per-ridge losses recomputed from its rows, the path fitted at the chosen ridge with the folds'
 * records reused as its cv.csv, a ridge that flattens every β never chosen, the panel's plot of
 * every ridge's losses, and the refusals.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValidationRecord } from '../../../../src/core/fit/lambdaChoice.ts';
import { chooseRidge, ridgeGridProblem, type JobChoice } from '../../../../src/core/fit/ridgeChoice.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { runFitJob, type FitJobSpec } from '../../../../src/core/fit/fitJob.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { reproduceCommand } from '../../../../src/jobs/reproduceCommand.ts';
import { pathPlots } from '../../../../src/plots/pathPlots.ts';
import { readCsv, readResultsIndex } from '../../../../src/results/readResults.ts';
import { renders } from '../../support/vegaLite.ts';
import { simulatedCli } from '../../support/simulatedCli.ts';

/** Two folds at λ 1e-4 and 1e-5, each fold's loss as given (one condition). */
const records = (losses: [number, number][], converged = true): ValidationRecord[] =>
  [1e-4, 1e-5].flatMap((lambda, k) =>
    losses[k]!.map((loss, f) => ({
      lambda,
      replicate: `fold ${f + 1}`,
      converged,
      conditions: [{ loss, lossStdErr: 0 }],
    })),
  );

test('the largest ridge whose best λ is within one standard error of the best ridge’s is chosen, if ge_scale is off its bound', () => {
  // Best λ per ridge: 1e-7 → mean 1.0 (se 0.1 across the two folds), 1e-6 → 1.05, 1e-5 → 1.5.
  const chosen = chooseRidge(
    new Map([
      [
        1e-6,
        records([
          [1.0, 1.1],
          [1.1, 1.2],
        ]),
      ],
      [
        1e-7,
        records([
          [1.2, 1.2],
          [0.9, 1.1],
        ]),
      ],
      [
        1e-5,
        records([
          [1.5, 1.5],
          [1.6, 1.6],
        ]),
      ],
    ]),
    'k-fold cross-validation (2 folds)',
    3e-7,
  );
  assert.equal(chosen.ridge, 1e-6);
  assert.deepEqual(
    chosen.perRidge.map((r) => [r.ridge, r.lambda, r.loss, r.candidate]),
    [
      [1e-7, 1e-5, 1.0, true],
      [1e-6, 1e-4, 1.05, true],
      [1e-5, 1e-4, 1.5, false],
    ],
  );
  assert.ok(Math.abs(chosen.perRidge[0]!.stdErr! - 0.1) < 1e-12);
  // An unconverged ridge does not compete; with none converged, the model's own ridge stands.
  const some = chooseRidge(
    new Map([
      [
        1e-7,
        records([
          [1.2, 1.2],
          [0.9, 1.1],
        ]),
      ],
      [
        1e-6,
        records(
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          false,
        ),
      ],
    ]),
    'hold-out',
    3e-7,
  );
  assert.equal(some.ridge, 1e-7);
  assert.deepEqual(
    some.perRidge.map((r) => r.loss),
    [1.0, null],
  );
  // A ridge whose fits put ge_scale on its bound does not compete, however well it predicts.
  const bound = records([
    [0.5, 0.5],
    [0.5, 0.5],
  ]).map((r) => ({ ...r, onBound: true }));
  const off = chooseRidge(
    new Map([
      [
        1e-7,
        records([
          [1.2, 1.2],
          [0.9, 1.1],
        ]),
      ],
      [1e-6, bound],
    ]),
    'hold-out',
    3e-7,
  );
  assert.equal(off.ridge, 1e-7);
  assert.deepEqual(
    off.perRidge.map((r) => [r.ridge, r.onBound, r.candidate]),
    [
      [1e-7, false, true],
      [1e-6, true, false],
    ],
  );
  // When every ridge is on its bound, they all compete.
  assert.equal(chooseRidge(new Map([[1e-6, bound]]), 'hold-out', 3e-7).ridge, 1e-6);
  const none = chooseRidge(
    new Map([
      [
        1e-6,
        records(
          [
            [1, 1],
            [1, 1],
          ],
          false,
        ),
      ],
    ]),
    'hold-out',
    3e-7,
  );
  assert.equal(none.ridge, 3e-7);
  assert.match(none.reason!, /no ridge of the grid had a converged λ/);
  assert.match(ridgeGridProblem([1e-7])!, /2 to 10 values/);
  assert.match(ridgeGridProblem([1e-7, 1e-7])!, /must differ/);
  assert.equal(ridgeGridProblem([0, 1e-7]), undefined);
});

test('dmsfit fit --ridge-grid --folds: ridge.csv, the choice recomputed from it, the path fitted at it', async () => {
  const { dir, data, dmsfit } = await simulatedCli('ridge', {
    seed: 3,
    sites: 20,
    variantsPerCondition: 2000,
  });
  const run = (args: string[]) => dmsfit('fit', data, '-r', 'h1', ...args);
  const out = join(dir, 'out');
  const grid = [0, 3e-7, 1e-2];
  const r = run(['--lasso', '1e-4,1e-5', '--ridge-grid', grid.join(','), '--folds', '2', '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /ridge on β = \S+ \(by k-fold cross-validation \(2 folds\)/);

  const rows = (await readCsv(join(out, 'ridge.csv'))).rows;
  assert.equal(rows.length, grid.length * 2 * 2);
  const choice = JSON.parse(readFileSync(join(out, 'lambda.json'), 'utf8')) as JobChoice;
  const ridge = choice.ridge!;
  // Per ridge, the best λ's mean loss over folds (each fold's the mean over conditions).
  for (const at of ridge.perRidge) {
    const mine = rows.filter((row) => Number(row.ridge_beta) === at.ridge);
    const losses = [1e-4, 1e-5].map((lambda) => {
      const folds = mine
        .filter((row) => Number(row.lambda) === lambda)
        .map((row) => (Number(row.loss_validation_h1) + Number(row.loss_validation_h2)) / 2);
      return folds.reduce((s, v) => s + v, 0) / folds.length;
    });
    assert.ok(Math.abs(Math.min(...losses) - at.loss!) < 1e-12, `ridge ${at.ridge}`);
    // And every λ's, which the ridge plot draws.
    assert.deepEqual(
      at.perLambda.map((p) => p.lambda),
      [1e-4, 1e-5],
    );
    at.perLambda.forEach((p, k) =>
      assert.ok(Math.abs(p.loss - losses[k]!) < 1e-12, `${at.ridge}, λ ${p.lambda}`),
    );
  }
  // A ridge that flattens every β predicts worst and is never chosen.
  const worst = ridge.perRidge.find((p) => p.ridge === 1e-2)!;
  assert.ok(ridge.perRidge.every((p) => p === worst || p.loss! < worst.loss!));
  assert.notEqual(ridge.ridge, 1e-2);
  const best = Math.min(...ridge.perRidge.map((p) => p.loss!));
  const within = ridge.perRidge.filter(
    (p) => p.loss! <= best + ridge.perRidge.find((q) => q.loss === best)!.stdErr!,
  );
  assert.equal(ridge.ridge, Math.max(...within.map((p) => p.ridge)));
  // The path is fitted at that ridge, and its cross-validation is that ridge's folds.
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as {
    model: { ridgeBeta: number };
    ridgeGrid: number[];
  };
  assert.equal(job.model.ridgeBeta, ridge.ridge);
  assert.deepEqual(job.ridgeGrid, grid);
  // Its command chooses again from the grid (job.json's model holds the ridge chosen, not asked).
  const again = reproduceCommand(
    JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as Parameters<typeof reproduceCommand>[0],
    join(out, 'job.json'),
    out,
  ).argv;
  assert.equal(again[again.indexOf('--ridge-grid') + 1], '0,3e-7,0.01');
  assert.ok(!again.includes('--ridge-beta'), again.join(' '));
  const cv = (await readCsv(join(out, 'cv.csv'))).rows;
  const chosenRows = rows.filter((row) => Number(row.ridge_beta) === ridge.ridge);
  assert.deepEqual(
    cv.map((row) => [row.lambda, row.fold, row.loss_validation_h2]),
    chosenRows.map((row) => [row.lambda, row.fold, row.loss_validation_h2]),
  );

  // The panel and the report: each ridge's losses as the choice averaged them, and a plot of them.
  const index = (await readResultsIndex(out))!;
  assert.equal(index.ridge!.chosen, ridge.ridge);
  assert.equal(index.ridge!.losses.length, grid.length * 2);
  for (const at of ridge.perRidge) {
    const drawn = index.ridge!.losses.filter((l) => l.ridge === at.ridge);
    assert.deepEqual(
      drawn,
      at.perLambda.map((p) => ({ ridge: at.ridge, ...p })),
    );
    assert.ok(Math.abs(Math.min(...drawn.map((l) => l.loss)) - at.loss!) < 1e-12, `ridge ${at.ridge}`);
  }
  const plot = pathPlots(index).find((p) => p.name === 'ridge-loss')!;
  assert.match(JSON.stringify(plot.spec), /\(chosen\)/);
  await renders(plot.spec);
  // At a single λ the path plots go, the ridge's stays.
  const single = pathPlots({ ...index, fits: index.fits.slice(0, 1) });
  assert.deepEqual(
    single.map((p) => p.name),
    ['ridge-loss'],
  );
  const without = { ...index };
  delete without.ridge;
  assert.ok(!pathPlots(without).some((p) => p.name === 'ridge-loss'));

  // Refused: no validation, a grid of one, with --ridge-beta, with replicates.
  const refused = (args: string[], message: RegExp) => {
    const x = run([...args, '-o', join(dir, 'refused')]);
    assert.equal(x.status, 1, x.stderr);
    assert.match(x.stderr, message);
  };
  refused(['--ridge-grid', '1e-7,1e-6'], /give --folds or --holdout/);
  refused(['--ridge-grid', '1e-7', '--folds', '2'], /2 to 10 values/);
  refused(['--ridge-grid', '1e-7,1e-6', '--ridge-beta', '0', '--folds', '2'], /not both/);
  refused(['--ridge-grid', '1e-7,1e-6', '--holdout', '0.2', '--by-replicate'], /one fit of all the data/);
});

test('a job stopped in its ridge step, its folds or its stability halves says so and leaves the earlier results', async () => {
  const { dir, data } = await simulatedCli('ridge-cancel', { seed: 2, sites: 10, variantsPerCondition: 600 });
  const out = join(dir, 'out');
  const spec = {
    inputs: [{ path: data }],
    data: resolveDataOptions({ reference: 'h1' }),
    model: resolveModelOptions({}),
    solver: resolveSolverOptions({}),
    lasso: [1e-4, 1e-5],
    out,
    version: 'test',
    crossValidation: { folds: 2, seed: 0 },
  };
  const earlier = await runFitJob(spec);
  assert.equal(earlier.cancelled, false);
  const before = readFileSync(join(out, 'lambda.json'), 'utf8');
  // Stop at the first fit of the ridge step, and (without a grid) at the first fit of a fold.
  const cases: [string, FitJobSpec, number][] = [
    ['ridge step', { ...spec, ridgeGrid: [1e-7, 1e-6] }, 0],
    ['folds', spec, 2],
  ];
  for (const [name, job, stopAt] of cases) {
    let stop = false;
    const r = await runFitJob(job, { fitStart: (_l, index) => (stop ||= index >= stopAt) }, () => stop);
    assert.equal(r.cancelled, true, name);
    assert.equal(readFileSync(join(out, 'lambda.json'), 'utf8'), before, `${name}: lambda.json unchanged`);
  }
  // Stopped among the stability halves (first asked there; a stop, once asked, stays asked): no
  // results over fewer halves are written.
  let stopped = false;
  const fromStability = () => (stopped ||= new Error().stack!.includes('selectionFrequency'));
  const { crossValidation: _folds, ...unfolded } = spec;
  const stability = { subsamples: 3, fraction: 0.5 };
  const holdout = { fraction: 0.2, seed: 0 };
  const halves = await runFitJob({ ...unfolded, holdout, stability }, {}, fromStability);
  assert.equal(halves.cancelled, true, 'stability');
  assert.equal(readFileSync(join(out, 'lambda.json'), 'utf8'), before, 'stability: lambda.json unchanged');
});
