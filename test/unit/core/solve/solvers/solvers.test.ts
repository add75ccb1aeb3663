/**
 * Solvers against independent checks: they agree with each other; the KKT conditions hold at the
 * solution (checked in natural coordinates through the unflipped design, an independent path);
 * the bit-flipped and natural problems have the same optimum; known truth is recovered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../../src/core/fit/fitPath.ts';
import { DataFit } from '../../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../../../../src/core/model/options.ts';
import { toFitting } from '../../../../../src/core/model/parameters.ts';
import { resolveSolverOptions, type SolverName } from '../../../../../src/core/solve/options.ts';
import { mutationName } from '../../../../../src/core/data/variantTable.ts';
import { pearson } from '../../../../../src/core/stats.ts';
import { truthBeta } from '../../../../../src/core/simulate/simulate.ts';
import { simulatedPrepared } from '../../../support/sim.ts';

const small = simulatedPrepared({
  seed: 3,
  sites: 12,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 2500,
});

async function fitWith(
  solver: SolverName,
  model: Partial<ModelOptions>,
  tolerance = 1e-7,
  maxIterations = 200_000,
) {
  const { prepared } = await small;
  return fitPath({
    prepared,
    model: resolveModelOptions(model),
    lasso: [2e-4],
    solver: resolveSolverOptions({ solver, tolerance, maxIterations, maxSeconds: 60 }),
  });
}

const objective = (p: Awaited<ReturnType<typeof fitWith>>) => p.fits[0]!.result.trajectory.at(-1)!.objective;

/** Predictions are identified even where parameters are not (saturated, weakly determined β). */
async function predictions(p: Awaited<ReturnType<typeof fitWith>>): Promise<Float64Array[]> {
  p.dataFit.value(p.fits[0]!.x);
  return p.dataFit.yhat.map((a) => Float64Array.from(a));
}

for (const penalty of ['reference', 'all-pairs'] as const) {
  test(`solvers reach the same optimum (${penalty} penalty)`, async () => {
    const runs = await Promise.all(
      (['auto', 'newton-cd', 'apg'] as SolverName[]).map(async (s) => ({
        s,
        path: await fitWith(s, { penalty }, 1e-6),
      })),
    );
    const F = runs.map(({ s, path }) => {
      const r = path.fits[0]!.result;
      assert.ok(r.converged, `${s} converged (stationarity ${r.stationarity})`);
      return r.trajectory[r.trajectory.length - 1]!.objective;
    });
    for (const f of F) assert.ok(Math.abs(f - F[0]!) <= 1e-6 * Math.abs(F[0]!), `objectives ${F}`);
    const [a, b] = [await predictions(runs[0]!.path), await predictions(runs[2]!.path)];
    a.forEach((row, d) =>
      row.forEach((v, i) =>
        assert.ok(Math.abs(v - b[d]![i]!) < 5e-3, `prediction ${d},${i}: ${v} vs ${b[d]![i]}`),
      ),
    );
  });
}

test('the multidms baseline (FISTA + ADMM prox) descends towards the same optimum, more slowly', async () => {
  const ours = await fitWith('auto', {});
  const baseline = await fitWith('multidms', {}, 1e-7, 400);
  const F = objective(baseline);
  assert.ok(F >= objective(ours) - 1e-9, `baseline ${F} below the optimum ${objective(ours)}`);
  assert.ok(F <= 1.1 * objective(ours), `baseline ${F} far from the optimum ${objective(ours)}`);
  const start = baseline.fits[0]!.result.trajectory[0]!.objective;
  assert.ok(F < start / 10, 'the baseline made progress');
  // ADMM's zero shifts are reported as 0, not as the rounding residue of β_d − β_ref (~1e-13).
  const { beta } = baseline.fits[0]!.params;
  const r = (await small).prepared.reference;
  let zeros = 0;
  beta.forEach((b, d) => {
    if (d === r) return;
    b.forEach((v, m) => {
      const shift = v - beta[r]![m]!;
      assert.ok(shift === 0 || Math.abs(shift) > 1e-12, `shift ${d},${m} = ${shift}`);
      if (shift === 0) zeros++;
    });
  });
  assert.ok(zeros > 0, 'some shifts are exactly zero');
});

test('KKT conditions hold at the solution (reference penalty), checked in natural coordinates', async () => {
  const { prepared } = await small;
  const lambda = 2e-4;
  const path = await fitWith('newton-cd', {}, 1e-10);
  const params = path.fits[0]!.params;
  // Independent path: the natural (unflipped) design and its own data fit.
  const options = resolveModelOptions();
  const natural = buildFitData(prepared, { weights: 'none', bitFlip: false });
  const f = new DataFit(natural, buildModelParts(options, natural));
  const x = toFitting(params, f.layout, natural);
  const g = new Float64Array(x.length);
  f.valueAndGradient(x, g);
  const { D, M } = f.layout;
  const r = prepared.reference;
  const tol = 1e-7;
  let active = 0;
  for (let m = 0; m < M; m++) {
    let sum = 0;
    for (let d = 0; d < D; d++) {
      const gd = g[d * M + m]!;
      sum += gd;
      if (d === r) continue;
      const shift = x[d * M + m]! - x[r * M + m]!;
      if (shift !== 0) {
        active++;
        assert.ok(
          Math.abs(gd + lambda * Math.sign(shift)) < tol,
          `m ${m} d ${d}: ∂f/∂β ${gd} with shift ${shift}`,
        );
      } else assert.ok(Math.abs(gd) <= lambda + tol, `m ${m} d ${d}: |∂f/∂β| ${gd} > λ at a zero shift`);
    }
    // The penalty's subgradients cancel across conditions, so the gradients of a mutation sum to 0.
    assert.ok(Math.abs(sum) < tol, `m ${m}: Σ_d ∂f/∂β_d = ${sum}`);
  }
  for (let k = f.layout.beta0; k < f.layout.size; k++) {
    const atBound = k === f.layout.theta && x[k]! >= 2 * (natural.yMax - natural.yMin) - 1e-12;
    if (!atBound) assert.ok(Math.abs(g[k]!) < tol, `coordinate ${k}: gradient ${g[k]}`);
  }
  assert.ok(active > 0, 'some shifts are non-zero');
});

test('bit-flipped and natural coordinates reach the same optimum', async () => {
  const [flipped, natural] = await Promise.all([fitWith('auto', {}), fitWith('auto', { bitFlip: false })]);
  assert.ok(
    Math.abs(objective(flipped) - objective(natural)) < 1e-7 * objective(flipped),
    `${objective(flipped)} vs ${objective(natural)}`,
  );
  const [a, b] = [await predictions(flipped), await predictions(natural)];
  a.forEach((row, d) =>
    row.forEach((v, i) => assert.ok(Math.abs(v - b[d]![i]!) < 1e-3, `prediction ${d},${i}`)),
  );
  // Wildtype latents (β0 + bundle) are identified too.
  const wt = (p: typeof flipped) =>
    p.fits[0]!.params.beta0.map(
      (b0, d) => b0 + [...p.fitData.bundles[d]!].reduce((s, m) => s + p.fits[0]!.params.beta[d]![m]!, 0),
    );
  wt(flipped).forEach((v, d) => assert.ok(Math.abs(v - wt(natural)[d]!) < 1e-3, `wildtype latent ${d}`));
});

test('locked parameters stay at their values', async () => {
  const path = await fitWith('auto', { lock: { ge_scale: 4, 'beta0:a': 1.5 } }, 1e-6);
  const p = path.fits[0]!.params;
  assert.equal(p.theta[0], 4);
  assert.equal(p.beta0[0], 1.5);
  assert.ok(path.fits[0]!.result.converged);
});

test('cancellation stops the solver at the next iteration', async () => {
  const { prepared } = await small;
  let iterations = 0;
  const path = await fitPath(
    {
      prepared,
      model: resolveModelOptions(),
      lasso: [2e-4],
      solver: resolveSolverOptions({ tolerance: 1e-12 }),
    },
    { progress: () => iterations++, shouldStop: () => iterations >= 3 },
  );
  assert.equal(path.cancelled, true);
  assert.ok(path.fits[0]!.result.cancelled);
  assert.ok(iterations <= 4, `stopped after ${iterations} iterations`);
});

test('simulated truth is recovered: β Pearson r ≥ 0.97 and shift support F1 ≥ 0.9', async () => {
  const { prepared, truth } = await simulatedPrepared({
    seed: 7,
    sites: 40,
    variantsPerCondition: 30_000,
    shiftedSiteFraction: 0.1,
    shiftSd: 1.5,
  });
  const path = await fitPath({
    prepared,
    model: resolveModelOptions(),
    lasso: [5e-5],
    solver: resolveSolverOptions({}),
  });
  const params = path.fits[0]!.params;
  assert.ok(path.fits[0]!.result.converged);
  const est: number[] = [];
  const tru: number[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  [...prepared.mutations].forEach((key, m) => {
    const name = mutationName(prepared.alphabet, key);
    const site = Number(name.slice(1, -1));
    const mut = name.slice(-1);
    for (let d = 0; d < 2; d++) {
      est.push(params.beta[d]![m]!);
      tru.push(truthBeta(truth, d, site, mut));
    }
    const trueShift = truthBeta(truth, 1, site, mut) - truthBeta(truth, 0, site, mut) !== 0;
    const fitShift = params.beta[1]![m] !== params.beta[0]![m];
    if (trueShift && fitShift) tp++;
    else if (fitShift) fp++;
    else if (trueShift) fn++;
  });
  const r = pearson(est, tru);
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  assert.ok(r >= 0.97, `β Pearson r ${r}`);
  assert.ok(f1 >= 0.9, `support F1 ${f1} (tp ${tp}, fp ${fp}, fn ${fn})`);
});
