/** The recommended λ: the one-standard-error rule, among λ whose fits all converged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendLambda, type ValidationRecord } from '../../src/core/fit/lambdaChoice.ts';

const record = (lambda: number, loss: number, converged = true, replicate = ''): ValidationRecord => ({
  lambda,
  replicate,
  converged,
  conditions: [
    { loss, lossStdErr: 0.01 },
    { loss, lossStdErr: 0.01 },
  ],
});

test('the largest λ within one standard error of the smallest mean validation loss', () => {
  // SE of the mean over two conditions: √(0.01² + 0.01²)/2 = 0.00707.
  const c = recommendLambda([record(1e-3, 0.2), record(1e-4, 0.105), record(1e-5, 0.1)])!;
  assert.equal(c.lambda, 1e-4);
  assert.equal(c.minimum!.lambda, 1e-5);
  assert.deepEqual(c.unconverged, []);
  assert.equal(recommendLambda([]), undefined);
});

test('an unconverged fit is never recommended; with replicates, one unconverged replicate rules its λ out', () => {
  const c = recommendLambda([record(1e-3, 0.2), record(1e-4, 0.105, false), record(1e-5, 0.1)])!;
  assert.equal(c.lambda, 1e-5);
  assert.deepEqual(c.unconverged, [1e-4]);
  const reps = recommendLambda([
    record(1e-4, 0.1, true, '1'),
    record(1e-4, 0.1, false, '2'),
    record(1e-5, 0.3, true, '1'),
    record(1e-5, 0.3, true, '2'),
  ])!;
  assert.equal(reps.lambda, 1e-5);
});

test('when no λ converged, no λ is recommended and the choice says why', () => {
  const c = recommendLambda([record(1e-4, 0.1, false), record(1e-5, 0.1, false)])!;
  assert.equal(c.lambda, null);
  assert.match(c.reason!, /λ = 0\.0001, λ = 0\.00001 did not converge/);
  assert.equal(c.minimum, null);
});
