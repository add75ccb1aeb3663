/**
 * multidms's own test table (tests/test_data.py TEST_FUNC_SCORES, reference a): nine variants,
 * four mutations, one of them (M1W) seen once, in the condition's best variant. Small enough
 * that every solver can be run to its end at every λ, and awkward enough that a solver can
 * stop on a saturated stretch of the sigmoid with a vanishing gradient.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../src/core/fit/fitPath.ts';
import { resolveModelOptions, type ModelOptions } from '../../src/core/model/options.ts';
import { resolveSolverOptions, type SolverName } from '../../src/core/solve/options.ts';
import { prepare, TEST_FUNC_SCORES } from './support/data.ts';

const table = prepare(TEST_FUNC_SCORES, { reference: 'a' });

async function fit(solver: SolverName, lasso: number[], model: Partial<ModelOptions> = {}) {
  return fitPath({
    prepared: await table,
    model: resolveModelOptions(model),
    solver: resolveSolverOptions({ solver, maxSeconds: 60 }),
    lasso,
  });
}

const objective = (f: { result: { trajectory: { objective: number }[] } }) =>
  f.result.trajectory.at(-1)!.objective;

test('APG alone does not run off along a direction its dense Hessian misses (no ridge)', async () => {
  // Rows beyond Huber's δ used to give the dense block a gradient outside its Hessian's range:
  // the first dense step sent β0 of condition a to 625,000 and APG stopped there, F = 1.31.
  const apg = (await fit('apg', [0.1], { ridgeBeta: 0 })).fits[0]!;
  const newton = (await fit('newton-cd', [0.1], { ridgeBeta: 0 })).fits[0]!;
  for (const b0 of apg.params.beta0) assert.ok(Math.abs(b0) < 10, `β0 ${[...apg.params.beta0]}`);
  assert.ok(objective(apg) <= objective(newton) + 1e-6, `APG ${objective(apg)}, Newton ${objective(newton)}`);
});
