/**
 * The start of a fit (multidms's init_theta_scale, init_theta_bias, init_beta_variance and
 * PRNGKey): θ and β as asked, β drawn as v·N(0, 1) — its spread measured over thousands of
 * coordinates, reproducible by seed — and a fit from a random start reaching the optimum a fit
 * from zero reaches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath, type FittedModel } from '../../../../src/core/fit/fitPath.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts, initialParameters } from '../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { layout } from '../../../../src/core/model/parameters.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { simulatedPrepared } from '../../support/sim.ts';

const sim = simulatedPrepared({
  seed: 13,
  sites: 30,
  conditions: ['a', 'b'],
  nonIdenticalSites: 3,
  variantsPerCondition: 1500,
});

async function start(o: Parameters<typeof resolveModelOptions>[0]) {
  const { prepared } = await sim;
  const model = resolveModelOptions(o);
  const fit = buildFitData(prepared, { weights: 'none', bitFlip: true });
  const parts = buildModelParts(model, fit);
  const L = layout(fit.D, fit.M, parts.epistasis.thetaNames.length);
  return { x: initialParameters(model, parts, L), L };
}

test('the start: θ as asked, β zero by default, v·N(0,1) by seed otherwise, β0 zero', async () => {
  const zero = await start({ initScale: 6.5, initBias: -3.5 });
  assert.equal(zero.x[zero.L.theta], 6.5);
  assert.equal(zero.x[zero.L.theta + 1], -3.5);
  assert.ok(zero.x.subarray(0, zero.L.theta).every((v) => v === 0));

  const v = 2;
  const a = await start({ initBetaVariance: v, initSeed: 4 });
  const betas = Array.from(a.x.subarray(0, a.L.beta0));
  assert.ok(betas.length > 1000, `${betas.length} coordinates`);
  const mean = betas.reduce((s, b) => s + b, 0) / betas.length;
  const sd = Math.sqrt(betas.reduce((s, b) => s + (b - mean) ** 2, 0) / (betas.length - 1));
  // multidms multiplies N(0, 1) by the "variance": the spread is v, not √v.
  assert.ok(Math.abs(sd - v) < 0.1 * v, `sd ${sd}`);
  assert.ok(Math.abs(mean) < 4 * (v / Math.sqrt(betas.length)), `mean ${mean}`);
  assert.ok(
    a.x.subarray(a.L.beta0, a.L.theta).every((b0) => b0 === 0),
    'β0 starts at 0',
  );
  assert.deepEqual((await start({ initBetaVariance: v, initSeed: 4 })).x, a.x, 'same seed, same start');
  const other = (await start({ initBetaVariance: v, initSeed: 5 })).x;
  assert.ok(
    other.some((b, k) => b !== a.x[k]),
    'another seed, another start',
  );
});

test('bad starting values are refused with the setting named', () => {
  assert.throws(() => resolveModelOptions({ initBetaVariance: -1 }), /init_beta_variance/);
  assert.throws(() => resolveModelOptions({ initScale: Number.NaN }), /init_theta_scale/);
  assert.throws(() => resolveModelOptions({ initSeed: 1.5 }), /seed/);
});

test('a fit from a random start ends where the fit from zero ends', async () => {
  const { prepared } = await sim;
  const solver = resolveSolverOptions({ tolerance: 1e-8 });
  const ends: FittedModel[] = [];
  for (const initBetaVariance of [0, 0.5]) {
    const model = resolveModelOptions({ ridgeBeta: 1e-4, initBetaVariance, initSeed: 2 });
    const path = await fitPath({ prepared, model, solver, lasso: [1e-3] });
    const f = path.fits[0]!;
    assert.equal(f.stopReason, 'converged');
    if (initBetaVariance > 0)
      assert.ok(
        path.cold.some((b, k) => k < f.x.length - 4 && b !== 0),
        'it started away from 0',
      );
    ends.push(f);
  }
  const [fromZero, fromRandom] = ends;
  const objective = (f: FittedModel) => f.result.trajectory.at(-1)!.objective;
  const [a, b] = [objective(fromZero!), objective(fromRandom!)];
  assert.ok(Math.abs(a - b) / a < 1e-7, `objectives ${a} and ${b}`);
  let gap = 0;
  fromZero!.params.beta.forEach((b, d) =>
    b.forEach((v, m) => (gap = Math.max(gap, Math.abs(v - fromRandom!.params.beta[d]![m]!)))),
  );
  assert.ok(gap < 1e-3, `largest β difference ${gap}`);
});
