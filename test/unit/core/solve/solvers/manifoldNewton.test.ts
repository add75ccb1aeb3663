/**
 * The manifold Newton step against independent computations: its Hessian-vector products against
 * central differences of the gradient along the manifold, and its step against what it promises
 * (zero shifts stay zero, F falls, the certificate falls by orders of magnitude).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../../src/core/fit/fitPath.ts';
import { resolveLocks } from '../../../../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../../../../src/core/model/options.ts';
import { Random } from '../../../../../src/core/random.ts';
import { ManifoldNewton } from '../../../../../src/core/solve/solvers/manifoldNewton.ts';
import { MANIFOLD_NEWTON } from '../../../../../src/core/solve/tuning.ts';
import { resolveSolverOptions } from '../../../../../src/core/solve/options.ts';
import { Problem, stationarity } from '../../../../../src/core/solve/problem.ts';
import { simulatedPrepared } from '../../../support/sim.ts';

const sim = simulatedPrepared({
  seed: 21,
  sites: 10,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 600,
});

/** A problem with the fit of a few Newton–CD steps (so shifts are exactly zero or not), and its internals. */
async function setUp(options: Partial<ModelOptions>, tolerance: number, lasso = 3e-3) {
  const { prepared } = await sim;
  const model = resolveModelOptions({ ridgeBeta: 1e-6, ...options });
  const path = await fitPath({
    prepared,
    model,
    lasso: [lasso],
    solver: resolveSolverOptions({ solver: 'newton-cd', tolerance, maxIterations: 400 }),
  });
  const f = path.dataFit;
  const problem = new Problem(f, lasso, model.penalty, resolveLocks(model, f.parts, f.layout, path.fitData));
  const x = Float64Array.from(path.fits[0]!.x);
  return { f, problem, x, L: f.layout };
}

for (const loss of ['huber', 'squared'] as const) {
  test(`manifold Hessian-vector products = central differences of the gradient (${loss})`, async () => {
    const { f, problem, x, L } = await setUp({ loss }, 1e-2);
    const newton = new ManifoldNewton(problem) as unknown as {
      identify(x: Float64Array): void;
      hessian: { prepare(f: unknown, scale: number): void };
      project(v: Float64Array): void;
      hessianTimes(v: Float64Array, out: Float64Array): void;
      tiedMask: Uint32Array;
      diag: Float64Array;
    };
    f.value(x);
    newton.identify(x);
    newton.hessian.prepare(f, x[L.theta]!);
    assert.ok(
      Array.from(newton.tiedMask).some((m) => m > 1),
      'some mutation has a zero shift (its conditions tied to the reference)',
    );
    const r = new Random(5);
    for (let trial = 0; trial < 3; trial++) {
      const v = Float64Array.from({ length: L.size }, () => r.normal());
      newton.project(v);
      const hv = new Float64Array(L.size);
      newton.hessianTimes(v, hv);
      const step = 1e-6;
      const gradAt = (s: number) => {
        const g = new Float64Array(L.size);
        f.valueAndGradient(
          x.map((xk, k) => xk + s * v[k]!),
          g,
        );
        return g;
      };
      const [plus, minus] = [gradAt(step), gradAt(-step)];
      const want = plus.map((p, k) => (p - minus[k]!) / (2 * step));
      newton.project(want);
      let scale = 0;
      want.forEach((w) => (scale = Math.max(scale, Math.abs(w))));
      // The step's damping, projected as the product is.
      const damping = v.map((vk, k) => MANIFOLD_NEWTON.damping * newton.diag[k]! * vk);
      newton.project(damping);
      want.forEach((w, k) => {
        const got = hv[k]! - damping[k]!;
        assert.ok(Math.abs(got - w) <= 1e-5 * scale, `${loss} trial ${trial} coord ${k}: ${got} vs ${w}`);
      });
      // Tangent vectors keep tied conditions together: v's tied entries agree in natural units.
      const { M, D } = L;
      const sign = f.fit.sign;
      for (let m = 0; m < M; m++) {
        const tied = [...Array(D).keys()].filter((d) => newton.tiedMask[m]! & (1 << d));
        const nat = tied.map((d) => sign[d * M + m]! * v[d * M + m]!);
        nat.forEach((u) => assert.ok(Math.abs(u - nat[0]!) <= 1e-12 * (1 + Math.abs(u))));
      }
    }
  });
}

test('a manifold Newton step keeps zero shifts zero, lowers F and the certificate by ≥ 10×', async () => {
  const { f, problem, x, L } = await setUp({}, 1e-3);
  const grad = new Float64Array(L.size);
  const Fx = f.valueAndGradient(x, grad) + problem.penaltyValue(x);
  const scratch = new Float64Array(L.size);
  const before = stationarity(problem, x, grad, scratch);
  const newton = new ManifoldNewton(problem);
  const F = newton.step(x, grad, Fx, 1e-3);
  assert.ok(F !== undefined && F < Fx, `F ${F} vs ${Fx}`);
  const y = newton.trial;
  assert.ok(Math.abs(problem.objective(y) - F) <= 1e-15 * Math.abs(F));
  const { M, D } = L;
  const sign = f.fit.sign;
  const ref = f.fit.reference;
  const shift = (z: Float64Array, m: number, d: number) =>
    sign[d * M + m]! * z[d * M + m]! - sign[ref * M + m]! * z[ref * M + m]!;
  let zeros = 0;
  for (let m = 0; m < M; m++)
    for (let d = 0; d < D; d++) {
      if (shift(x, m, d) !== 0) continue;
      zeros++;
      assert.ok(Math.abs(shift(y, m, d)) <= 1e-12, `mutation ${m} condition ${d}`);
    }
  assert.ok(zeros > M, 'the point has zero shifts to keep');
  f.valueAndGradient(y, grad);
  const after = stationarity(problem, y, grad, scratch);
  assert.ok(after * 10 <= before, `stationarity ${before} → ${after}`);
});

test('trial points keep each shift on its side of zero (a crossing shift is set to zero)', async () => {
  const { f, problem, x, L } = await setUp({}, 1e-3, 3e-4);
  const newton = new ManifoldNewton(problem) as unknown as {
    identify(x: Float64Array): void;
    keepSigns(x: Float64Array, trial: Float64Array): void;
    tiedMask: Uint32Array;
  };
  newton.identify(x);
  const r = new Random(8);
  const { M, D } = L;
  const sign = f.fit.sign;
  const ref = f.fit.reference;
  const shift = (z: Float64Array, m: number, d: number) =>
    sign[d * M + m]! * z[d * M + m]! - sign[ref * M + m]! * z[ref * M + m]!;
  const moved = x.map((xk) => xk + 0.05 * r.normal());
  const trial = Float64Array.from(moved);
  newton.keepSigns(x, trial);
  let crossed = 0;
  let kept = 0;
  for (let m = 0; m < M; m++)
    for (let d = 0; d < D; d++) {
      const k = d * M + m;
      if (d === ref || newton.tiedMask[m]! & (1 << d)) {
        assert.equal(trial[k], moved[k], 'tied and reference coordinates are left alone');
        continue;
      }
      const [before, after] = [shift(x, m, d), shift(moved, m, d)];
      if (before * after > 0) {
        kept++;
        assert.equal(trial[k], moved[k]);
      } else {
        crossed++;
        assert.ok(Math.abs(shift(trial, m, d)) <= 1e-15, `mutation ${m} condition ${d} is set to zero`);
      }
    }
  assert.ok(crossed > 0 && kept > 0, `crossed ${crossed}, kept ${kept}`);
});
