/** What users type for λ (lassoText.ts): numbers, or a grid from λ_max; anything else is said why. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLassoText } from '../../../../src/core/fit/lassoText.ts';

test('numbers, comma- or space-separated; a grid with its points and ratio; errors that say what to type', () => {
  assert.deepEqual(parseLassoText('1e-5, 5e-5 1e-4'), { lasso: [1e-5, 5e-5, 1e-4] });
  assert.deepEqual(parseLassoText('0'), { lasso: [0] });
  assert.deepEqual(parseLassoText('grid'), { lassoGrid: { points: 10, ratio: 1e-3 } });
  assert.deepEqual(parseLassoText(' Grid 12 '), { lassoGrid: { points: 12, ratio: 1e-3 } });
  assert.deepEqual(parseLassoText('grid 6, 0.01'), { lassoGrid: { points: 6, ratio: 0.01 } });
  for (const bad of ['', '-1', '1e-5, x', 'NaN', 'Infinity'])
    assert.match((parseLassoText(bad) as { error: string }).error, /numbers ≥ 0/, bad);
  assert.match((parseLassoText('grid 1') as { error: string }).error, /2 to 50 points, got 1/);
  assert.match((parseLassoText('grid 51') as { error: string }).error, /2 to 50 points, got 51/);
  assert.match((parseLassoText('grid 10 2') as { error: string }).error, /ratio must be in \(0, 1\)/);
});
