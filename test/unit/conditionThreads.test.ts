/** Helper threads for the data-fit pass: any thread count gives bit-identical passes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignConditions } from '../../src/core/model/conditionThreads.ts';
import { fitPath } from '../../src/core/fit/fitPath.ts';
import { ThreadBudget } from '../../src/core/fit/threadBudget.ts';
import { DataFit } from '../../src/core/model/dataFit.ts';
import { buildFitData } from '../../src/core/model/fitData.ts';
import { buildModelParts } from '../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../src/core/model/options.ts';
import { Random } from '../../src/core/random.ts';
import { resolveSolverOptions } from '../../src/core/solve/options.ts';
import { simulatedPrepared } from './support/sim.ts';

const sim = simulatedPrepared({
  seed: 11,
  sites: 10,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 400,
});

async function dataFit(o: Partial<ModelOptions>): Promise<DataFit> {
  const { prepared } = await sim;
  const options = resolveModelOptions({ ...o, scaleUpperBound: null });
  const fitData = buildFitData(prepared, { weights: options.weights, bitFlip: true });
  return new DataFit(fitData, buildModelParts(options, fitData));
}

function point(f: DataFit, seed: number): Float64Array {
  const r = new Random(seed);
  const L = f.layout;
  const x = Float64Array.from({ length: L.size }, () => 0.4 * r.normal());
  x[L.theta] = 1 + Math.abs(r.normal());
  return x;
}

/** Everything a pass leaves behind, as plain numbers for an exact comparison. */
function snapshot(f: DataFit, x: Float64Array, withGradient: boolean): number[] {
  const grad = new Float64Array(x.length);
  const value = withGradient ? f.valueAndGradient(x, grad) : f.value(x);
  const rows = [f.phi, f.yhat, ...(withGradient ? [f.slope, f.force] : [])].flatMap((a) =>
    a.flatMap((v) => [...v]),
  );
  return [value, ...f.lossPerCondition, ...(withGradient ? grad : []), ...rows];
}

test('conditions are split by work, largest first, group 0 being the caller', () => {
  assert.deepEqual([...assignConditions([10, 30, 20], 2)], [1, 0, 1]);
  assert.deepEqual([...assignConditions([5, 5, 5, 5], 2)], [0, 1, 0, 1]);
  assert.deepEqual([...assignConditions([1, 2, 3], 3)], [2, 1, 0]);
  assert.deepEqual([...assignConditions([7, 7], 1)], [0, 0]);
});

for (const loss of ['huber', 'squared'] as const) {
  test(`passes with 1, 2 and 3 threads are bit-identical (${loss})`, async () => {
    const f = await dataFit({ loss });
    const points = [1, 2, 3].map((s) => point(f, s));
    const serial = points.map((x) => [snapshot(f, x, true), snapshot(f, x, false)]);
    try {
      for (const threads of [2, 3, 2]) {
        await f.useThreads(threads);
        assert.equal(f.threadCount, threads);
        points.forEach((x, k) => {
          assert.deepEqual(
            snapshot(f, x, true),
            serial[k]![0],
            `threads ${threads}, point ${k}, with gradient`,
          );
          assert.deepEqual(snapshot(f, x, false), serial[k]![1], `threads ${threads}, point ${k}, value`);
        });
      }
      // A change of x that matters must show: the comparison is not vacuous.
      const moved = Float64Array.from(points[0]!);
      moved[0]! += 1e-9;
      assert.notDeepEqual(snapshot(f, moved, true), serial[0]![0]);
    } finally {
      await f.useThreads(1);
    }
    assert.equal(f.threadCount, 1);
    assert.deepEqual(snapshot(f, points[0]!, true), serial[0]![0]);
  });
}

test('more threads than conditions use one per condition; other models stay on one thread', async () => {
  const f = await dataFit({});
  try {
    await f.useThreads(8);
    assert.equal(f.threadCount, 3);
  } finally {
    await f.useThreads(1);
  }
  const g = await dataFit({ epistasis: 'softplus' });
  await g.useThreads(2);
  assert.equal(g.threadCount, 1);
});

test('a λ path gives identical fits whether threads join mid-fit or never', async () => {
  const { prepared } = await sim;
  const request = {
    prepared,
    model: resolveModelOptions({ lasso: 1e-3, scaleUpperBound: null }),
    solver: resolveSolverOptions({ maxIterations: 400 }),
    lasso: [1e-2, 1e-3],
  };
  const serial = await fitPath(request);
  const budget = new ThreadBudget(1);
  let progressed = 0;
  let mostInUse = 0;
  const threaded = await fitPath(request, {
    threads: budget,
    progress: () => {
      if (++progressed === 5) budget.set(3);
      mostInUse = Math.max(mostInUse, budget.inUse);
    },
  });
  assert.equal(mostInUse, 3, 'the helpers joined during the path');
  assert.equal(threaded.fits.length, 2);
  threaded.fits.forEach((fit, k) => {
    assert.deepEqual([...fit.x], [...serial.fits[k]!.x], `λ = ${fit.lambda}`);
    assert.equal(fit.result.iterations, serial.fits[k]!.result.iterations);
  });
  assert.equal(threaded.dataFit.threadCount, 1, 'helpers end with the path');
  assert.equal(budget.inUse, 1);
});
