/**
 * multidms's own test table (tests/test_data.py TEST_FUNC_SCORES, reference a): nine variants,
 * four mutations, one of them (M1W) seen once, in the condition's best variant. Small enough
 * that every solver can be run to its end at every λ, and awkward enough that a solver can
 * stop on a saturated stretch of the sigmoid with a vanishing gradient.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessHealth } from '../../../../src/core/fit/fitHealth.ts';
import { fitLambda } from '../../../../src/core/fit/fitLambda.ts';
import { fitPath } from '../../../../src/core/fit/fitPath.ts';
import { toNatural } from '../../../../src/core/model/parameters.ts';
import { Problem } from '../../../../src/core/solve/problem.ts';
import { coldStartReference } from '../../../../src/core/solve/run.ts';
import {
  DEFAULT_MODEL_OPTIONS,
  resolveModelOptions,
  type ModelOptions,
} from '../../../../src/core/model/options.ts';
import { resolveSolverOptions, type SolverName } from '../../../../src/core/solve/options.ts';
import { prepare, TEST_FUNC_SCORES } from '../../support/data.ts';

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

const LAMBDAS = [1, 0.1, 0.01, 1e-5];

for (const ridgeBeta of [DEFAULT_MODEL_OPTIONS.ridgeBeta, 0]) {
  test(`the default solver ends at or below every other solver's end, cold and along a path (ridge ${ridgeBeta})`, async () => {
    const model = { ridgeBeta };
    // The others, cold at each λ: Newton–CD and APG to their certificates, multidms 1,000 iterations.
    const best = new Map<number, number>();
    for (const lambda of LAMBDAS) {
      const ends = [
        objective((await fit('newton-cd', [lambda], model)).fits[0]!),
        objective((await fit('apg', [lambda], model)).fits[0]!),
        objective(
          (
            await fitPath({
              prepared: await table,
              model: resolveModelOptions(model),
              solver: resolveSolverOptions({ solver: 'multidms', maxIterations: 1000, baselineTolerance: 0 }),
              lasso: [lambda],
            })
          ).fits[0]!,
        ),
      ];
      best.set(lambda, Math.min(...ends));
    }
    const slack = (lambda: number) => 1e-6 * Math.max(1e-3, best.get(lambda)!);
    for (const lambda of LAMBDAS) {
      const cold = (await fit('auto', [lambda], model)).fits[0]!;
      assert.ok(cold.result.converged, `cold λ = ${lambda}: ${cold.stopReason}`);
      assert.ok(
        objective(cold) <= best.get(lambda)! + slack(lambda),
        `cold λ = ${lambda}: ${objective(cold)} > ${best.get(lambda)}`,
      );
    }
    const path = await fit('auto', LAMBDAS, model);
    for (const f of path.fits) {
      assert.ok(f.result.converged, `path λ = ${f.lambda}: ${f.stopReason}`);
      assert.ok(
        objective(f) <= best.get(f.lambda)! + slack(f.lambda),
        `path λ = ${f.lambda}: ${objective(f)} > ${best.get(f.lambda)}`,
      );
    }
  });
}

test('a saturated first end gets a second start, and the lower end is kept and said so', async () => {
  // No ridge, λ = 0.1: auto hands over to APG after 8 Newton–CD steps and APG certifies a point
  // with M1W's β at 17 (its one variant on the sigmoid's flat top), objective 0.097.
  const f = (await fit('auto', [0.1], { ridgeBeta: 0 })).fits[0]!;
  assert.ok(f.starts.length >= 2, JSON.stringify(f.starts));
  const [first, ...rest] = f.starts;
  assert.ok(first!.objective > 0.09, `first end ${first!.objective}`);
  const kept = f.starts.find((s) => s.chosen)!;
  assert.ok(rest.includes(kept) && kept.objective < 0.056, JSON.stringify(f.starts));
  assert.equal(f.health.flatVariants, 0);
  assert.equal(f.stopReason, 'converged');
});

test('a warm start that ends suspiciously gets a cold fit at its λ, and the better end is kept', async () => {
  // A warm start as a previous λ might leave it: condition a's β0 run off to 1,000, where every
  // variant of a sits on the sigmoid's flat top and the gradient vanishes (a false certificate).
  const p = await table;
  const model = resolveModelOptions({ ridgeBeta: 0 });
  const path = await fitPath({ prepared: p, model, solver: resolveSolverOptions({}), lasso: [0.1] });
  const { dataFit } = path;
  const L = dataFit.layout;
  const problem = new Problem(dataFit, 0.1, model.penalty, {
    index: new Int32Array(0),
    value: new Float64Array(0),
  });
  const cold = path.cold;
  const start = Float64Array.from(cold);
  start[L.beta0] = 1000;
  const fitted = await fitLambda({
    problem,
    start,
    warm: true,
    cold,
    solver: resolveSolverOptions({}),
    reference: coldStartReference(problem, cold),
    inspect: (at) => {
      const params = toNatural(at, L, dataFit.fit);
      return { params, health: assessHealth(p, dataFit, at, params) };
    },
  });
  const [warm, coldFit] = fitted.starts;
  assert.equal(warm!.stopReason, 'diverging');
  assert.deepEqual([coldFit!.from, coldFit!.solver], ['cold', 'auto']);
  assert.equal(fitted.stopReason, 'converged');
  assert.ok(!fitted.starts[0]!.chosen);
  assert.ok(Math.abs(objective(fitted) - 0.05538) < 1e-4, `kept ${objective(fitted)}`);
});

test('ge_scale held at its upper bound is reported (as on this table at the inferred bound), and a free one is not', async () => {
  const bounded = (await fit('auto', [0.01], { scaleUpperBound: 0.5 })).fits[0]!;
  assert.ok(Math.abs(bounded.params.theta[0]! - 0.5) < 1e-12, `ge_scale ${bounded.params.theta[0]}`);
  assert.deepEqual(bounded.health.atBound, ['ge_scale = 0.5 (its upper bound)']);
  // The inferred bound (2 × the scores' range) holds this table's ge_scale.
  const inferred = (await fit('auto', [0.01])).fits[0]!;
  assert.deepEqual(inferred.health.atBound, [
    `ge_scale = ${Number(inferred.params.theta[0]!.toPrecision(4))} (its upper bound)`,
  ]);
  const free = (await fit('auto', [0.01], { scaleUpperBound: null })).fits[0]!;
  assert.ok(free.params.theta[0]! > 0.5, `ge_scale ${free.params.theta[0]}`);
  assert.deepEqual(free.health.atBound, []);
});
