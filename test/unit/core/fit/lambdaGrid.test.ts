/**
 * λ grids (lambdaGrid.ts): λ_max from the optimality conditions is checked by the solver itself —
 * just above it every shift is zero, just below some shift is not — and the grid's spacing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../src/core/fit/fitPath.ts';
import { findLambdaMax, lambdaGrid } from '../../../../src/core/fit/lambdaGrid.ts';
import { nonzeroShifts } from '../../../../src/core/fit/predictions.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { simulatedPrepared } from '../../support/sim.ts';

test('λ_max: every shift is zero at 1.01 λ_max and some shift is not at 0.9 λ_max (two backgrounds, then three with each penalty)', async () => {
  for (const [conditions, penalty] of [
    [['a', 'b'], 'reference'],
    [['a', 'b', 'c'], 'reference'],
    [['a', 'b', 'c'], 'all-pairs'],
  ] as const) {
    const { prepared } = await simulatedPrepared({
      seed: 5,
      sites: 30,
      variantsPerCondition: 3000,
      conditions: [...conditions],
    });
    const model = resolveModelOptions({ penalty });
    const solver = resolveSolverOptions({ tolerance: 1e-8 });
    const { lambdaMax } = await findLambdaMax({ prepared, model, solver });
    assert.ok(lambdaMax > 0 && Number.isFinite(lambdaMax));
    const path = await fitPath({ prepared, model, solver, lasso: [1.01 * lambdaMax, 0.9 * lambdaMax] });
    const [above, below] = path.fits.map((f) => nonzeroShifts(f.params, prepared.reference));
    assert.deepEqual(
      above,
      conditions.map(() => 0),
      `${penalty}: at 1.01 λ_max = ${1.01 * lambdaMax}`,
    );
    assert.ok(
      below!.some((n) => n > 0),
      `${penalty}: at 0.9 λ_max: ${below}`,
    );
  }
});

test('the grid: λ_max rounded up first, then log-even steps down to λ_max · ratio, 3 significant digits', () => {
  const grid = lambdaGrid(1.234567e-3, 4, 1e-3);
  assert.deepEqual(grid, [0.00124, 0.000123, 0.0000123, 0.00000123]);
  const ten = lambdaGrid(2e-3);
  assert.equal(ten.length, 10);
  for (let i = 1; i < ten.length; i++) {
    assert.ok(ten[i]! < ten[i - 1]!);
    assert.ok(Math.abs(Math.log10(ten[i - 1]! / ten[i]!) - 1 / 3) < 0.01);
  }
  assert.throws(() => lambdaGrid(0), /no grid/);
  // The same limits as the panel's 'grid N' (lassoText.ts), so the CLI accepts what the panel does.
  assert.throws(() => lambdaGrid(1, 1), /2 to 50 points, got 1/);
  assert.throws(() => lambdaGrid(1, 51), /2 to 50 points, got 51/);
  assert.equal(lambdaGrid(1, 50).length, 50);
});
