/** Pearson r against hand-worked values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pearson } from '../../../src/core/stats.ts';

test('pearson: a hand-worked sample, exact lines, and the undefined cases', () => {
  // Deviations (−1, 0, 1) and (−4/3, −1/3, 5/3): Σab = 3, Σa² = 2, Σb² = 42/9.
  assert.ok(Math.abs(pearson([1, 2, 3], [1, 2, 4]) - 3 / Math.sqrt((2 * 42) / 9)) < 1e-15);
  assert.ok(Math.abs(pearson([0, 1, 2, 3], [5, 3, 1, -1]) + 1) < 1e-15);
  assert.ok(Math.abs(pearson(Float64Array.of(2, 4, 8), [1, 2, 4]) - 1) < 1e-15);
  assert.ok(Number.isNaN(pearson([1], [2])));
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
});
