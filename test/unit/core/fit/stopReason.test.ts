/** Stop reasons and their advice: what overrules the solver, and the next step for each. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adviceFlag,
  adviceFor,
  adviceSetting,
  describeStop,
  stopReason,
  type AdviceContext,
} from '../../../../src/core/fit/stopReason.ts';
import type { FitHealth } from '../../../../src/core/fit/fitHealth.ts';
import { parseClipBound } from '../../../../src/core/data/clip.ts';

const healthy: FitHealth = {
  flatVariants: 10,
  flatShare: 0.01,
  diverging: [],
  divergingCount: 0,
  atBound: [],
};
const context: AdviceContext = {
  model: { ridgeBeta: 1e-7 },
  solver: { maxIterations: 20000, maxSeconds: Infinity, tolerance: 1e-6 },
  clip: {},
  seconds: 12.3,
};

test('the end point overrules a certificate: running-off parameters, then a saturated plateau', () => {
  assert.equal(stopReason('converged', healthy), 'converged');
  assert.equal(stopReason('time-cap', healthy), 'time-cap');
  const off = { ...healthy, diverging: ['β0 of a'], divergingCount: 1 };
  assert.equal(stopReason('converged', off), 'diverging');
  assert.equal(stopReason('converged', { ...healthy, flatShare: 0.49 }), 'converged');
  assert.equal(stopReason('converged', { ...healthy, flatShare: 0.5 }), 'saturated');
  // A cancelled fit is cancelled, whatever its end point looks like.
  assert.equal(stopReason('cancelled', off), 'cancelled');
  assert.equal(describeStop('diverging', { ...off, divergingCount: 3 }), 'diverging: β0 of a and 2 more');
});

test('each reason that is not convergence names one setting and its new value', () => {
  assert.equal(adviceFor('converged', context), undefined);
  assert.equal(adviceFor('cancelled', context), undefined);
  const cap = adviceFor('iteration-cap', context)!;
  assert.deepEqual([cap.option, cap.value], ['maxIterations', 40000]);
  assert.equal(adviceFlag(cap), '--max-iterations 40000');
  assert.equal(adviceSetting(cap), 'dmsfit.maxIterations = 40000');
  // No time cap was set: the advice is twice the time the fit took.
  assert.deepEqual(adviceFor('time-cap', context)!.value, 25);
  assert.deepEqual(
    adviceFor('time-cap', { ...context, solver: { ...context.solver, maxSeconds: 60 } })!.value,
    120,
  );
  assert.deepEqual(adviceFor('stalled', context)!.value, 1e-5);
  // An ill-posed fit: first a ridge, then clipping, then a stronger ridge.
  const noRidge = { ...context, model: { ridgeBeta: 0 } };
  assert.deepEqual(adviceFor('diverging', noRidge)!.option, 'ridgeBeta');
  const clip = adviceFor('saturated', context)!;
  assert.equal(adviceFlag(clip), '--clip-low median-stop');
  assert.equal(adviceSetting(clip), 'dmsfit.clipLow = "median-stop"');
  const clipped = { ...context, clip: { low: 'median-stop' as const } };
  assert.deepEqual(adviceFor('saturated', clipped)!.value, 1e-6);
});

test('clipping bounds as users write them: none, median-stop, numbers; anything else is refused', () => {
  for (const none of ['', ' none ', null, undefined]) assert.equal(parseClipBound(none, true), undefined);
  assert.equal(parseClipBound('median-stop', true), 'median-stop');
  assert.equal(parseClipBound(' -3.5 ', true), -3.5);
  assert.equal(parseClipBound(2.5, false), 2.5);
  assert.throws(() => parseClipBound('median-stop', false), /a number/);
  assert.throws(() => parseClipBound('low', true), /'low'/);
  assert.throws(() => parseClipBound(NaN, true));
});
