/**
 * How a path starts (`pathStart`) and the multidms solver's own settings: a cold path fits each λ
 * as if alone; the baseline's trajectory starts at iteration 0 with its error and step size, its
 * plain-gradient mode never climbs, and other ADMM steps τ reach the same optimum.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../../src/core/fit/fitPath.ts';
import { trajectoryTable } from '../../../../../src/core/fit/fitOutputs.ts';
import { resolveModelOptions } from '../../../../../src/core/model/options.ts';
import { resolveSolverOptions, type SolverOptions } from '../../../../../src/core/solve/options.ts';
import { simulatedPrepared } from '../../../support/sim.ts';

const small = simulatedPrepared({
  seed: 3,
  sites: 12,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 2500,
});

async function fit(lasso: number[], solver: Partial<SolverOptions>) {
  const { prepared } = await small;
  return fitPath({
    prepared,
    model: resolveModelOptions(),
    solver: resolveSolverOptions({ tolerance: 1e-7, maxSeconds: 60, ...solver }),
    lasso,
  });
}

test('a cold path fits each λ exactly as a fit of that λ alone; a warm one starts from the last solution', async () => {
  const cold = await fit([1e-3, 2e-4], { pathStart: 'cold' });
  const alone = await fit([2e-4], {});
  const warm = await fit([1e-3, 2e-4], { pathStart: 'warm' });
  assert.deepEqual([...cold.fits[1]!.x], [...alone.fits[0]!.x]);
  assert.equal(cold.fits[1]!.result.iterations, alone.fits[0]!.result.iterations);
  assert.equal(cold.fits[1]!.starts[0]!.from, 'cold');
  assert.equal(warm.fits[1]!.starts[0]!.from, 'warm');
  // Both reach the optimum at 2e-4.
  const F = (p: typeof cold) => p.fits[1]!.result.trajectory.at(-1)!.objective;
  assert.ok(Math.abs(F(cold) - F(warm)) <= 1e-6 * F(warm), `${F(cold)} vs ${F(warm)}`);
});

test('the multidms solver: iteration 0 first, its error and step size in trajectory.csv', async () => {
  const path = await fit([2e-4], { solver: 'multidms', maxIterations: 50, baselineTolerance: 0 });
  const { result } = path.fits[0]!;
  assert.equal(result.trajectory[0]!.iteration, 0);
  assert.equal(result.trajectory[0]!.stepSize, 1);
  const table = trajectoryTable((await small).prepared, result);
  assert.deepEqual(table.columns.slice(-2), ['error', 'step_size']);
  const rows = [...table.rows];
  assert.equal(rows.length, 51);
  // Iteration 0 has no error yet; every later one has a positive error and step.
  assert.equal(rows[0]!.at(-2), null);
  for (const row of rows.slice(1)) assert.ok((row.at(-2) as number) > 0 && (row.at(-1) as number) > 0);
  // The other solvers' trajectories keep their columns.
  const ours = await fit([2e-4], {});
  assert.ok(!trajectoryTable((await small).prepared, ours.fits[0]!.result).columns.includes('error'));
});

test('without acceleration the multidms solver is proximal gradient: F never rises', async () => {
  const path = await fit([2e-4], {
    solver: 'multidms',
    acceleration: false,
    maxIterations: 150,
    baselineTolerance: 0,
  });
  const F = path.fits[0]!.result.trajectory.map((r) => r.objective);
  for (let k = 1; k < F.length; k++)
    assert.ok(F[k]! <= F[k - 1]! * (1 + 1e-9), `F rose at ${k}: ${F[k - 1]} → ${F[k]}`);
  // With momentum the same budget gets further (FISTA's faster rate).
  const fista = await fit([2e-4], { solver: 'multidms', maxIterations: 150, baselineTolerance: 0 });
  assert.ok(fista.fits[0]!.result.trajectory.at(-1)!.objective < F.at(-1)!);
});

test('the multidms solver reaches the same optimum with another ADMM step τ', async () => {
  const optimum = (await fit([2e-4], {})).fits[0]!.result.trajectory.at(-1)!.objective;
  for (const admmTau of [0.5, 2]) {
    const path = await fit([2e-4], { solver: 'multidms', admmTau, maxIterations: 400 });
    const F = path.fits[0]!.result.trajectory.at(-1)!.objective;
    assert.ok(F >= optimum - 1e-9 && F <= 1.1 * optimum, `τ ${admmTau}: ${F} against ${optimum}`);
  }
  assert.throws(() => resolveSolverOptions({ admmTau: 0 }), /ADMM step τ must be positive/);
  assert.throws(() => resolveSolverOptions({ maxLineSearch: -1 }), /line-search halvings/);
});
