/** What the panel and the notification say of a fit: the sentence it ended with, and the time it has left. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitOutcome } from '../../../src/jobs/fitOutcome.ts';
import { timeLeft } from '../../../src/jobs/progress.ts';
import type { CollectionResult } from '../../../src/jobs/collection.ts';
import type { FitSummary } from '../../../src/core/fit/fitSummary.ts';

const fit = (lambda: number, converged: boolean, stopDetail = 'converged') => ({
  replicate: '',
  summary: { lambda, converged, stopDetail } as FitSummary,
});
const result = (r: Partial<CollectionResult>): CollectionResult =>
  ({ status: 'done', jobs: [], fits: [], ...r }) as CollectionResult;

test('fit outcome: how many fits converged, the first that did not and why, the recommended λ', () => {
  assert.equal(fitOutcome(result({ fits: [fit(1e-4, true)] })), 'Done: 1 fit, converged.');
  assert.equal(
    fitOutcome(
      result({
        fits: [fit(1e-3, true), fit(1e-4, true)],
        recommended: { lambda: 1e-4 } as CollectionResult['recommended'],
      }),
    ),
    'Done: 2 fits, all converged; recommended λ 0.0001.',
  );
  assert.equal(
    fitOutcome(result({ fits: [fit(1e-3, true), fit(1e-5, false, 'stopped at the iteration cap (5,000)')] })),
    'Done: 1 of 2 fits did not converge (λ 0.00001: stopped at the iteration cap (5,000)).',
  );
  // No λ to recommend (a reason instead): the sentence does not invent one.
  assert.equal(
    fitOutcome(
      result({
        fits: [fit(1e-3, true)],
        recommended: { lambda: null, reason: 'no hold-out' } as unknown as CollectionResult['recommended'],
      }),
    ),
    'Done: 1 fit, converged.',
  );
});

test('fit outcome: cancelled and failed say the earlier results are unchanged', () => {
  assert.equal(fitOutcome(result({ status: 'cancelled' })), 'Cancelled: the earlier results are unchanged.');
  const failed = result({
    status: 'failed',
    jobs: [
      { id: 'fit', status: 'failed', error: 'h1.csv line 4: not a number.' },
    ] as CollectionResult['jobs'],
  });
  assert.equal(fitOutcome(failed), 'Failed: h1.csv line 4: not a number. The earlier results are unchanged.');
});

test('time left: nothing before 5 % is done or once all is, else the same pace for the rest, rounded', () => {
  assert.equal(timeLeft(10, 0.01), '');
  assert.equal(timeLeft(0, 0.5), '');
  assert.equal(timeLeft(10, 0.5), 'about 10 s left');
  assert.equal(timeLeft(2, 0.9), 'about 5 s left');
  assert.equal(timeLeft(30, 0.25), 'about 2 min left');
  assert.equal(timeLeft(60, 0.1), 'about 9 min left');
  assert.equal(timeLeft(5, 1), '');
});
