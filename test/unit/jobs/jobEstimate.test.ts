/**
 * The shape of a job's estimate (the coefficients themselves are checked against measured jobs by
 * `npm run bench -- estimates`): what it is from, how it grows, and that every request is a round
 * figure of at least twice the estimate; and the data it is from, against a count by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollectionJob } from '../../../src/jobs/collectionPlan';
import { dataPerReplicate, estimateJob, extraFitsPerLambda } from '../../../src/jobs/jobEstimate';
import { DEFAULT_COLUMNS } from '../../../src/core/data/columns';
import { load } from '../support/data';

const path = (lambdas: number[] | null): CollectionJob => ({
  id: 'fit',
  kind: 'path',
  stage: 1,
  replicate: null,
  lambdas,
  after: [],
});

test('a request is at least twice the estimate, in 100 MB and whole minutes', () => {
  for (const [rows, substitutions, parameters, lambdas] of [
    [10, 10, 4, 1],
    [145_196, 271_912, 17_978, 3],
    [2_000_000, 9_000_000, 40_000, 12],
  ] as const) {
    const e = estimateJob(
      path(Array.from({ length: lambdas }, (_, i) => 10 ** -(i + 3))),
      { rows, substitutions, parameters },
      1,
    );
    assert.deepEqual([e.rows, e.substitutions, e.parameters], [rows, substitutions, parameters]);
    assert.ok(e.request.memMB >= 2 * e.memMB && e.request.memMB % 100 === 0, JSON.stringify(e));
    assert.ok(
      e.request.minutes * 60 >= 2 * e.seconds && Number.isInteger(e.request.minutes),
      JSON.stringify(e),
    );
    assert.ok(e.request.minutes >= 1);
  }
});

test('time grows with the λ of a path and, above a million substitutions, in proportion to them', () => {
  const data = { rows: 1e6, substitutions: 2e6, parameters: 2e4 };
  const one = estimateJob(path([1e-4]), data, 1).seconds;
  const three = estimateJob(path([1e-4, 5e-5, 2e-5]), data, 1).seconds;
  const perLambda = (three - one) / 2;
  assert.ok(perLambda > 0);
  // A stage-2 job (λ from stage 1) fits one λ.
  assert.equal(estimateJob(path(null), data, 1).seconds, one);
  const start = one - perLambda;
  const twice = estimateJob(
    path([1e-4, 5e-5]),
    { rows: 1e6, substitutions: 4e6, parameters: 2e4 },
    1,
  ).seconds;
  const once = estimateJob(path([1e-4, 5e-5]), data, 1).seconds;
  // Twice the substitutions: the same start-up, twice the λ part (to the rounding of whole seconds).
  assert.ok(Math.abs(twice - start - 2 * (once - start)) <= 2, `${twice} ${once} ${start}`);
});

test('folds and stability halves add their fits to a path job, counted in full fits; stage 2 adds none', () => {
  const data = { rows: 1e6, substitutions: 2e6, parameters: 2e4 };
  const job = path([1e-4, 5e-5, 2e-5]);
  const start =
    2 * estimateJob(path([1e-4]), data, 1).seconds - estimateJob(path([1e-4, 5e-5]), data, 1).seconds;
  const lambdaPart = (extra: number) => estimateJob(job, data, 1, extra).seconds - start;
  // 5 folds: 5 paths on 4/5 of the data, 4 paths' worth; 6 halves: 3.
  assert.equal(extraFitsPerLambda({ crossValidation: { folds: 5, seed: 0 } }, job), 4);
  assert.equal(extraFitsPerLambda({ stability: { subsamples: 6, fraction: 0.5 } }, job), 3);
  assert.equal(extraFitsPerLambda({}, job), 0);
  assert.equal(
    extraFitsPerLambda({ crossValidation: { folds: 5, seed: 0 } }, { ...job, kind: 'combined', stage: 2 }),
    0,
  );
  assert.ok(Math.abs(lambdaPart(4) - 5 * lambdaPart(0)) <= 3, `${lambdaPart(4)} vs 5 × ${lambdaPart(0)}`);
});

test('memory grows with rows, substitutions and helper threads; time credits no threads', () => {
  const data = { rows: 1e5, substitutions: 2e5, parameters: 1e4 };
  const base = estimateJob(path([1e-4]), data, 1);
  assert.ok(estimateJob(path([1e-4]), { ...data, rows: 1e6 }, 1).memMB > base.memMB);
  assert.ok(estimateJob(path([1e-4]), { ...data, substitutions: 2e6 }, 1).memMB > base.memMB);
  const four = estimateJob(path([1e-4]), data, 4);
  assert.ok(four.memMB > base.memMB);
  assert.equal(four.seconds, base.seconds);
  assert.equal(four.threads, 4);
});

test('below a million substitutions, time per λ grows as the square root of substitutions × parameters', () => {
  const at = (substitutions: number, parameters: number, lambdas: number[]) =>
    estimateJob(path(lambdas), { rows: 1e5, substitutions, parameters }, 1).seconds;
  const perLambda = (s: number, p: number) => at(s, p, [1e-4, 5e-5, 2e-5]) - at(s, p, [1e-4]);
  // Four times the parameters at a quarter of the substitutions: the same cost (GFP-like data, few
  // parameters, fit faster than as many substitutions over many parameters).
  assert.equal(perLambda(8e5, 5e3), perLambda(2e5, 2e4));
  assert.ok(perLambda(2e5, 2e4) > 1.9 * perLambda(2e5, 5e3));
});

test('the data of each replicate and of all rows: rows, substitutions, distinct (mutation, condition) pairs', async () => {
  const text = `condition,replicate,aa_substitutions,func_score
a,r1,M1E G3R,0.1
a,r1,M1E,0.2
b,r1,M1E,0.3
a,r2,G3R P4T,0.4
b,r2,,0.5
b,r2,G3R,0.6
`;
  const { table } = await load(text, { columns: { ...DEFAULT_COLUMNS, replicate: 'replicate' } });
  const per = dataPerReplicate(table);
  assert.deepEqual([...per.keys()].sort(), ['', 'r1', 'r2']);
  // r1: (M1E,a) (G3R,a) (M1E,b); r2: (G3R,a) (P4T,a) (G3R,b); all: the union, 5.
  assert.deepEqual(per.get('r1'), { rows: 3, substitutions: 4, parameters: 3 });
  assert.deepEqual(per.get('r2'), { rows: 3, substitutions: 3, parameters: 3 });
  assert.deepEqual(per.get(''), { rows: 6, substitutions: 7, parameters: 5 });
});
