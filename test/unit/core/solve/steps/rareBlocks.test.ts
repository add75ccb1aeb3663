/**
 * The rare-mutation block steps against brute force: after a sweep, no point of a grid around each
 * rare block (the rest of x fixed) has a lower objective F = f + λP, F falls by what the sweep
 * says, and the latents it carried along are those a fresh pass computes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../../src/core/fit/fitPath.ts';
import { resolveLocks } from '../../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../../src/core/solve/options.ts';
import { Problem } from '../../../../../src/core/solve/problem.ts';
import { RareBlocks } from '../../../../../src/core/solve/steps/rareBlocks.ts';
import { simulatedPrepared } from '../../../support/sim.ts';

/** Many sites and few variants: most mutations are seen in a handful of variants. */
const sim = simulatedPrepared({
  seed: 8,
  sites: 120,
  conditions: ['a', 'b'],
  nonIdenticalSites: 10,
  variantsPerCondition: 500,
});

/** A loose fit (so the rare blocks are not yet at their minimum) and its problem. */
async function setUp(lasso: number, ridgeBeta = 1e-4, maxIterations = 30) {
  const { prepared } = await sim;
  const model = resolveModelOptions({ ridgeBeta });
  const path = await fitPath({
    prepared,
    model,
    lasso: [lasso],
    solver: resolveSolverOptions({ solver: 'apg', tolerance: 1e-2, maxIterations }),
  });
  const f = path.dataFit;
  const problem = new Problem(f, lasso, model.penalty, resolveLocks(model, f.parts, f.layout, path.fitData));
  return { f, problem, x: Float64Array.from(path.fits[0]!.x) };
}

const F = (problem: Problem, x: Float64Array) => problem.dataFit.value(x) + problem.penaltyValue(x);

for (const lasso of [0, 1e-3, 1e-1]) {
  test(`a sweep leaves every rare block at a brute-force minimum of F (λ ${lasso})`, async () => {
    const { f, problem, x } = await setUp(lasso);
    const { M } = problem.layout;
    const rare = new RareBlocks(problem);
    const singles = rare.groups.filter((g) => g.length === 1).map((g) => g[0]!);
    assert.ok(singles.length >= 20, `rare mutations alone in their variants: ${singles.length}`);
    const before = F(problem, x);
    f.value(x);
    const fell = rare.sweep(x, 1e-10);
    assert.ok(fell > 0, 'the loose fit left the rare blocks room to fall');
    const after = F(problem, x);
    assert.ok(
      Math.abs(before - after - fell) <= 1e-12 * before,
      `F fell ${before - after}, the sweep says ${fell}`,
    );
    // The latents carried along are a fresh pass's.
    const carried = f.phi.map((p) => Float64Array.from(p));
    f.value(x);
    for (let d = 0; d < carried.length; d++)
      for (let i = 0; i < carried[d]!.length; i++)
        assert.ok(Math.abs(carried[d]![i]! - f.phi[d]![i]!) <= 1e-12, `φ of row ${i}, condition ${d}`);
    // Brute force over a grid of each block's two coordinates (the reference's and the other's),
    // which covers moving the pair together and moving the shift alone.
    const steps = [-0.3, -0.03, -3e-3, -3e-4, 0, 3e-4, 3e-3, 0.03, 0.3];
    for (const m of singles.slice(0, 20)) {
      let lowest = Infinity;
      const trial = Float64Array.from(x);
      for (const a of steps)
        for (const b of steps) {
          trial[m] = x[m]! + a;
          trial[M + m] = x[M + m]! + b;
          if (a !== 0 || b !== 0) lowest = Math.min(lowest, F(problem, trial));
        }
      assert.ok(after <= lowest + 1e-13 * after, `mutation ${m}: F ${after}, grid minimum ${lowest}`);
    }
  });
}

test('sweeps apply only with a ridge on β and few rare entries; blocks hold mutations seen in few rows', async () => {
  for (const ridgeBeta of [0, 1e-4]) {
    const { f, problem } = await setUp(1e-3, ridgeBeta, 5);
    const blocks = new RareBlocks(problem);
    const { M, D } = problem.layout;
    let rareEntries = 0;
    let entries = 0;
    for (let d = 0; d < D; d++) entries += f.fit.data[d]!.X.ptr[f.fit.data[d]!.X.rows]!;
    for (const group of blocks.groups)
      for (const m of group) {
        let rows = 0;
        for (let d = 0; d < D; d++) rows += f.fit.data[d]!.Xt.ptr[m + 1]! - f.fit.data[d]!.Xt.ptr[m]!;
        assert.ok(rows > 0 && rows <= 16, `mutation ${m} (of ${M}) in ${rows} rows`);
        rareEntries += rows;
      }
    assert.equal(blocks.entryShare, rareEntries / entries);
    // This simulation is nearly all rare mutations (as the 10K example): APG moves them itself.
    assert.ok(blocks.entryShare > 0.2, `rare entries' share ${blocks.entryShare}`);
    assert.equal(RareBlocks.worthSweeping(problem), undefined);
  }
});
