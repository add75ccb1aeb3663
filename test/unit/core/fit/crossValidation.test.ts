/**
 * k-fold cross-validation (crossValidation.ts): the folds partition every condition's variants
 * in near-equal shares, reproducibly; through the CLI, cv.csv has a row per λ and fold, and
 * lambda.json's loss and standard error per λ and its choice follow from cv.csv by the
 * one-standard-error rule, recomputed here from the rows alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldOf } from '../../../../src/core/fit/crossValidation.ts';
import { readCsv, readResultsIndex } from '../../../../src/results/readResults.ts';
import { pathLossSpec } from '../../../../src/plots/specs/fitPlots.ts';
import { simulatedPrepared } from '../../support/sim.ts';
import { simulatedCli } from '../../support/simulatedCli.ts';

test('folds: every kept variant in exactly one, shares within one of each other per condition, seeded', async () => {
  const { prepared: p } = await simulatedPrepared({
    seed: 2,
    sites: 10,
    conditions: ['a', 'b'],
    variantsPerCondition: 503,
  });
  const fold = foldOf(p, 4, 0);
  const kept = new Set(p.encodings.flatMap((e) => [...e.variants]));
  for (let v = 0; v < p.variants.n; v++) assert.equal(fold[v]! >= 0, kept.has(v), `variant ${v}`);
  for (const e of p.encodings) {
    const sizes = [0, 0, 0, 0];
    for (const v of e.variants) sizes[fold[v]!]!++;
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, sizes.join(','));
  }
  assert.deepEqual(foldOf(p, 4, 0), fold);
  assert.notDeepEqual(foldOf(p, 4, 1), fold);
  assert.throws(() => foldOf(p, 1, 0), /from 2 to 20/);
});

test('dmsfit fit --folds: cv.csv per λ and fold, and a λ chosen from it by the one-standard-error rule', async () => {
  const { dir, data, dmsfit } = await simulatedCli('cv', { seed: 6, sites: 20, variantsPerCondition: 2000 });
  const out = join(dir, 'out');
  const k = 3;
  const run = (args: string[]) => dmsfit('fit', data, '-r', 'h1', ...args);
  const r = run(['--lasso-grid', '5', '--folds', String(k), '-o', out]);
  assert.equal(r.status, 0, r.stderr);

  const rows = (await readCsv(join(out, 'cv.csv'))).rows;
  const lambdas = [...new Set(rows.map((row) => Number(row.lambda)))];
  assert.equal(lambdas.length, 5);
  assert.equal(rows.length, 5 * k);
  const perLambda = lambdas.map((lambda) => {
    const at = rows.filter((row) => Number(row.lambda) === lambda);
    assert.deepEqual(at.map((row) => row.fold).sort(), ['fold 1', 'fold 2', 'fold 3']);
    const losses = at.map((row) => (Number(row.loss_validation_h1) + Number(row.loss_validation_h2)) / 2);
    const mean = losses.reduce((a, b) => a + b, 0) / k;
    const sd = Math.sqrt(losses.reduce((s, l) => s + (l - mean) ** 2, 0) / (k - 1));
    return { lambda, mean, se: sd / Math.sqrt(k), converged: at.every((row) => row.converged === 'true') };
  });
  const choice = JSON.parse(readFileSync(join(out, 'lambda.json'), 'utf8')) as {
    lambda: number;
    decidedBy: string;
    perLambda: { lambda: number; loss: number; stdErr: number; candidate: boolean }[];
  };
  for (const p of choice.perLambda) {
    const mine = perLambda.find((q) => q.lambda === p.lambda)!;
    assert.ok(Math.abs(p.loss - mine.mean) <= 1e-12 * mine.mean, `${p.lambda}: ${p.loss} vs ${mine.mean}`);
    assert.ok(Math.abs(p.stdErr - mine.se) <= 1e-9 * mine.se, `${p.lambda}: ${p.stdErr} vs ${mine.se}`);
  }
  const usable = perLambda.filter((q) => q.converged);
  const best = usable.reduce((a, b) => (b.mean < a.mean ? b : a));
  const within = usable.filter((q) => q.mean <= best.mean + best.se).map((q) => q.lambda);
  assert.ok(within.includes(choice.lambda), `chose ${choice.lambda}; within one se: ${within.join(', ')}`);
  assert.equal(choice.decidedBy, 'validation loss');
  // The losses tell the λ apart: at λ_max (every shift zero) the folds fit worse than at the best.
  const top = perLambda[0]!;
  assert.ok(top.mean > best.mean + best.se, `λ_max ${top.mean} against the best ${best.mean} ± ${best.se}`);
  // The panel and the report draw the folds' mean as the validation loss, and say so.
  const index = (await readResultsIndex(out))!;
  assert.equal(index.folds, k);
  for (const f of index.fits) {
    const at = rows.filter((row) => Number(row.lambda) === f.lambda);
    ['h1', 'h2'].forEach((c, d) => {
      const mean = at.reduce((s, row) => s + Number(row[`loss_validation_${c}`]), 0) / k;
      assert.ok(Math.abs(f.validationLoss[d]! - mean) <= 1e-12 * mean, `${f.lambda} ${c}`);
    });
  }
  const title = (
    pathLossSpec(index.fits, index.conditions, index.recommendedLambda, index.folds) as {
      title: { subtitle: string };
    }
  ).title;
  assert.match(title.subtitle, /mean over 3 folds/);
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as { crossValidation?: unknown };
  assert.deepEqual(job.crossValidation, { folds: k, seed: 0 });

  const both = run(['--lasso', '1e-4', '--folds', '3', '--holdout', '0.2', '-o', join(dir, 'x')]);
  assert.equal(both.status, 1);
  assert.match(both.stderr, /--folds or --holdout, not both/);
  const one = run(['--lasso', '1e-4', '--folds', '1', '-o', join(dir, 'y')]);
  assert.equal(one.status, 1);
  assert.match(one.stderr, /--folds: from 2 to 20/);
});
