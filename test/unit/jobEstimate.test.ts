/**
 * The shape of a job's estimate (the coefficients themselves are checked against measured jobs by
 * `npm run bench -- estimates`): what it is from, how it grows, and that every request is a round
 * figure of at least twice the estimate.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollectionJob } from '../../src/jobs/collectionPlan';
import { estimateJob } from '../../src/jobs/jobEstimate';

const path = (lambdas: number[] | null): CollectionJob => ({
  id: 'fit',
  kind: 'path',
  stage: 1,
  replicate: null,
  lambdas,
  after: [],
});

test('a request is at least twice the estimate, in 100 MB and whole minutes', () => {
  for (const [rows, substitutions, lambdas] of [
    [10, 10, 1],
    [145_196, 271_912, 3],
    [2_000_000, 9_000_000, 12],
  ] as const) {
    const e = estimateJob(
      path(Array.from({ length: lambdas }, (_, i) => 10 ** -(i + 3))),
      { rows, substitutions },
      1,
    );
    assert.deepEqual([e.rows, e.substitutions], [rows, substitutions]);
    assert.ok(e.request.memMB >= 2 * e.memMB && e.request.memMB % 100 === 0, JSON.stringify(e));
    assert.ok(
      e.request.minutes * 60 >= 2 * e.seconds && Number.isInteger(e.request.minutes),
      JSON.stringify(e),
    );
    assert.ok(e.request.minutes >= 1);
  }
});

test('time grows with the λ of a path and, above a million substitutions, in proportion to them', () => {
  const data = { rows: 1e6, substitutions: 2e6 };
  const one = estimateJob(path([1e-4]), data, 1).seconds;
  const three = estimateJob(path([1e-4, 5e-5, 2e-5]), data, 1).seconds;
  const perLambda = (three - one) / 2;
  assert.ok(perLambda > 0);
  // A stage-2 job (λ from stage 1) fits one λ.
  assert.equal(estimateJob(path(null), data, 1).seconds, one);
  const start = one - perLambda;
  const twice = estimateJob(path([1e-4, 5e-5]), { rows: 1e6, substitutions: 4e6 }, 1).seconds;
  const once = estimateJob(path([1e-4, 5e-5]), data, 1).seconds;
  // Twice the substitutions: the same start-up, twice the λ part (to the rounding of whole seconds).
  assert.ok(Math.abs(twice - start - 2 * (once - start)) <= 2, `${twice} ${once} ${start}`);
});

test('memory grows with rows, substitutions and helper threads; time credits no threads', () => {
  const base = estimateJob(path([1e-4]), { rows: 1e5, substitutions: 2e5 }, 1);
  assert.ok(estimateJob(path([1e-4]), { rows: 1e6, substitutions: 2e5 }, 1).memMB > base.memMB);
  assert.ok(estimateJob(path([1e-4]), { rows: 1e5, substitutions: 2e6 }, 1).memMB > base.memMB);
  const four = estimateJob(path([1e-4]), { rows: 1e5, substitutions: 2e5 }, 4);
  assert.ok(four.memMB > base.memMB);
  assert.equal(four.seconds, base.seconds);
  assert.equal(four.threads, 4);
});
