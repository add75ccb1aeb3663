/** The data-fit pass cut into items and shared by helper threads: any thread count gives bit-identical passes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_COLUMNS, SEGMENT_ROWS, planPass } from '../../../../src/core/model/passPlan.ts';
import { fitPath } from '../../../../src/core/fit/fitPath.ts';
import { ThreadBudget } from '../../../../src/core/fit/threadBudget.ts';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../../../src/core/model/options.ts';
import { Random } from '../../../../src/core/random.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { simulatedPrepared } from '../../support/sim.ts';

const sim = simulatedPrepared({
  seed: 11,
  sites: 10,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 400,
});
/** Conditions of several row segments each, of unequal sizes (b keeps 2/3 of its rows, c 1/2). */
const large = simulatedPrepared({
  seed: 12,
  sites: 12,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 2.5 * SEGMENT_ROWS,
});

async function dataFit(o: Partial<ModelOptions>, data = sim): Promise<DataFit> {
  const { prepared } = await data;
  const options = resolveModelOptions({ ...o, scaleUpperBound: null });
  const [b, c] = [prepared.conditions.indexOf('b'), prepared.conditions.indexOf('c')];
  const keep = (v: number): boolean => {
    const d = prepared.variants.condition[v];
    return d === b ? v % 3 !== 0 : d === c ? v % 2 === 0 : true;
  };
  const fitData = buildFitData(prepared, {
    weights: options.weights,
    bitFlip: true,
    ...(data === large ? { include: keep } : {}),
  });
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
  const value = withGradient ? f.valueAndGradient(x, grad, { curvature: true }) : f.value(x);
  const rows = [f.phi, f.yhat, ...(withGradient ? [f.slope, f.force] : [])].flatMap((a) =>
    a.flatMap((v) => [...v]),
  );
  return [value, ...f.lossPerCondition, ...(withGradient ? [...grad, ...f.denseHessian] : []), ...rows];
}

/** The same at y = x + ω(x − older), φ extrapolated from the latents kept at older and x. */
function extrapolatedSnapshot(f: DataFit, x: Float64Array, older: Float64Array): number[] {
  const omega = 0.6;
  f.value(older);
  f.keepLatent();
  f.value(x);
  f.keepLatent();
  const y = x.map((v, k) => v + omega * (v - older[k]!));
  const grad = new Float64Array(x.length);
  const value = f.valueAndGradient(y, grad, { curvature: true, extrapolate: omega });
  const rows = [f.phi, f.yhat, f.slope, f.force].flatMap((a) => a.flatMap((v) => [...v]));
  return [value, ...f.lossPerCondition, ...grad, ...f.denseHessian, ...rows];
}

test('a pass is cut into row segments and column blocks that cover each condition once, in order', () => {
  const rows = [2 * SEGMENT_ROWS + 5, 0, SEGMENT_ROWS, 1];
  const M = BLOCK_COLUMNS + 3;
  const plan = planPass(rows, M);
  const triplets = (a: Int32Array) =>
    Array.from({ length: a.length / 3 }, (_, k) => [...a.subarray(3 * k, 3 * k + 3)]);
  assert.deepEqual(triplets(plan.segments), [
    [0, 0, SEGMENT_ROWS],
    [0, SEGMENT_ROWS, 2 * SEGMENT_ROWS],
    [0, 2 * SEGMENT_ROWS, 2 * SEGMENT_ROWS + 5],
    [2, 0, SEGMENT_ROWS],
    [3, 0, 1],
  ]);
  assert.deepEqual([...plan.firstSegment], [0, 3, 3, 4, 5]);
  assert.equal(plan.segmentCount, 5);
  assert.equal(plan.blockCount, 8);
  assert.deepEqual(
    triplets(plan.blocks),
    [0, 1, 2, 3].flatMap((d) => [
      [d, 0, BLOCK_COLUMNS],
      [d, BLOCK_COLUMNS, M],
    ]),
  );
});

for (const loss of ['huber', 'squared'] as const) {
  test(`passes with 1, 2 and 3 threads are bit-identical (${loss}, conditions of several segments)`, async () => {
    const f = await dataFit({ loss }, large);
    const counts = f.fit.data.map((c) => c.n);
    assert.ok(
      counts.every((n) => n > SEGMENT_ROWS) && new Set(counts).size === 3,
      `rows per condition: ${counts}`,
    );
    const points = [1, 2, 3].map((s) => point(f, s));
    const serial = points.map((x, k) => [
      snapshot(f, x, true),
      snapshot(f, x, false),
      extrapolatedSnapshot(f, x, points[(k + 1) % 3]!),
    ]);
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
          assert.deepEqual(
            extrapolatedSnapshot(f, x, points[(k + 1) % 3]!),
            serial[k]![2],
            `threads ${threads}, point ${k}, extrapolated`,
          );
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

test('no more threads than row segments are started; other models stay on one thread', async () => {
  const f = await dataFit({});
  assert.ok(f.fit.data.every((c) => c.n <= SEGMENT_ROWS));
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
    model: resolveModelOptions({ scaleUpperBound: null }),
    // Plain APG at a tight tolerance keeps the path long however fast the default solver gets
    // (it certifies 1e-12 in 51), so the helpers, which start asynchronously, join mid-path. With
    // three λ (900 iterations, under 1 s) they once joined only after the end on a machine busy
    // with the other test files; six give them 2,000 iterations.
    solver: resolveSolverOptions({ solver: 'apg', maxIterations: 400, tolerance: 1e-12 }),
    lasso: [1e-2, 6e-3, 3e-3, 2e-3, 1e-3, 6e-4],
  };
  const serial = await fitPath(request);
  const budget = new ThreadBudget(1);
  let progressed = 0;
  let mostInUse = 0;
  const threaded = await fitPath(request, {
    threads: budget,
    progress: () => {
      if (++progressed === 2) budget.set(3);
      mostInUse = Math.max(mostInUse, budget.inUse);
    },
  });
  assert.equal(mostInUse, 3, 'the helpers joined during the path');
  assert.equal(threaded.fits.length, 6);
  threaded.fits.forEach((fit, k) => {
    assert.deepEqual([...fit.x], [...serial.fits[k]!.x], `λ = ${fit.lambda}`);
    assert.equal(fit.result.iterations, serial.fits[k]!.result.iterations);
  });
  assert.equal(threaded.dataFit.threadCount, 1, 'helpers end with the path');
  assert.equal(budget.inUse, 1);
});
