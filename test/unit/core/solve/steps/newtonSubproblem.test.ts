/**
 * The proximal Newton pieces against an independent computation: the Gauss–Newton model's
 * curvatures (and its beta-by-dense-block cross terms) against J from central differences of ŷ, and the subproblem's answer against the
 * optimality of  q(δ) + λP(x + δ)  written out from that J.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFit } from '../../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../../src/core/model/fitData.ts';
import { buildModelParts, resolveLocks } from '../../../../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../../../../src/core/model/options.ts';
import { Random } from '../../../../../src/core/random.ts';
import { ALL_BETAS, GaussNewtonModel } from '../../../../../src/core/solve/steps/gaussNewton.ts';
import { NewtonSubproblem } from '../../../../../src/core/solve/steps/newtonSubproblem.ts';
import { Problem } from '../../../../../src/core/solve/problem.ts';
import { simulatedPrepared } from '../../../support/sim.ts';

const sim = simulatedPrepared({
  seed: 8,
  sites: 6,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 120,
});

async function setUp({ lasso, ...options }: Case, seed: number) {
  const { prepared } = await sim;
  const model = resolveModelOptions({ ridgeBeta: 1e-3, ridgeScale: 1e-2, ...options });
  const fitData = buildFitData(prepared, { weights: model.weights, bitFlip: true });
  const parts = buildModelParts(model, fitData);
  const f = new DataFit(fitData, parts);
  const L = f.layout;
  const problem = new Problem(f, lasso, model.penalty, resolveLocks(model, parts, L, fitData));
  const r = new Random(seed);
  const x = Float64Array.from({ length: L.size }, () => 0.5 * r.normal());
  x[L.theta] = 2 + r.uniform(); // ge_scale, inside its bound
  const grad = new Float64Array(L.size);
  f.valueAndGradient(x, grad);
  // Columns of J = ∂ŷ/∂x by central differences, one per coordinate, and along E (every β̃
  // moved by its bit-flip sign, i.e. every natural β by +1).
  const yhatAt = (dir: Float64Array, t: number) => {
    f.value(x.map((v, k) => v + t * dir[k]!));
    return f.yhat.map((a) => Float64Array.from(a));
  };
  const column = (dir: Float64Array) => {
    const step = 1e-6;
    const [plus, minus] = [yhatAt(dir, step), yhatAt(dir, -step)];
    return plus.map((p, d) => p.map((v, i) => (v - minus[d]![i]!) / (2 * step)));
  };
  const J = Array.from({ length: L.size }, (_, k) =>
    column(Float64Array.from({ length: L.size }, (_, j) => +(j === k))),
  );
  const E = column(Float64Array.from({ length: L.size }, (_, j) => (j < L.beta0 ? fitData.sign[j]! : 0)));
  f.valueAndGradient(x, grad); // leave the data fit's slopes at x
  return { f, L, problem, x, grad, J, E, fitData };
}

/** Σ_i c_i a_i b_i over every condition's rows. */
function weightedDot(c: Float64Array[], a: Float64Array[], b: Float64Array[]): number {
  let s = 0;
  c.forEach((cd, d) => cd.forEach((w, i) => (s += w * a[d]![i]! * b[d]![i]!)));
  return s;
}

/** Model options, and the λ of the problem. */
type Case = Partial<ModelOptions> & { lasso: number };

const cases: Case[] = [
  { lasso: 2e-3 },
  { lasso: 2e-3, penalty: 'all-pairs', loss: 'squared' },
  { lasso: 1e-3, epistasis: 'softplus', activation: 'softplus', lowerBound: -1.5 },
];

/**
 * The row weights the model should use: c times the loss curvature, 1 under the bound, Huber's
 * own (0 beyond δ) with the exact curvature; and how many rows that zeroes.
 */
function curvatureWeights(f: DataFit, exact: boolean) {
  const delta = exact ? f.parts.loss.delta : Infinity;
  let outside = 0;
  const c = f.fit.data.map((d, di) =>
    d.c.map((w, i) => {
      if (Math.abs(d.y[i]! - f.yhat[di]![i]!) <= delta) return w;
      outside++;
      return 0;
    }),
  );
  return { c, outside };
}

for (const [n, options] of cases.entries())
  for (const exact of [false, true]) {
    const label = `${options.epistasis ?? 'sigmoid'}/${options.penalty ?? 'reference'}${exact ? ', exact curvature' : ''}`;

    test(`Gauss–Newton curvatures are Σ c ρ'' J Jᵀ with J from central differences of ŷ: ${label}`, async () => {
      const { f, L, problem, x, J, E, fitData } = await setUp(options, 10 + n);
      const model = new GaussNewtonModel(problem);
      if (exact) model.useExactCurvature();
      model.build(x);
      const { c, outside } = curvatureWeights(f, exact);
      if (exact && f.parts.loss.delta < Infinity) assert.ok(outside > 0, 'some residuals are beyond δ');
      const close = (got: number, want: number, what: string) =>
        assert.ok(
          Math.abs(got - want) <= 1e-6 * Math.max(1e-4, Math.abs(want)),
          `${what}: ${got} vs ${want}`,
        );
      const bound = fitData.data.map((d) => d.c);
      let floored = 0;
      for (let k = 0; k < L.beta0; k++) {
        const h = weightedDot(c, J[k]!, J[k]!);
        close(model.hBeta[k]!, h, `hBeta[${k}]`);
        // The floor: what the curvature lacks to a tenth of its value under the bound.
        const floor = Math.max(0, 0.1 * weightedDot(bound, J[k]!, J[k]!) - h);
        close(model.curvatureFloor[k]!, exact ? floor : 0, `floor[${k}]`);
        if (exact && floor > 0) floored++;
      }
      if (exact && f.parts.loss.delta < Infinity) assert.ok(floored > 0, 'some curvatures are floored');
      const K = model.dense.length;
      const col = (a: number) => (model.dense[a] === ALL_BETAS ? E : J[model.dense[a]!]!);
      for (let a = 0; a < K; a++)
        for (let b = 0; b < K; b++)
          close(model.Hdense[a * K + b]!, weightedDot(c, col(a), col(b)), `H[${a}][${b}]`);
      // Each beta column against each dense one (β̃ columns touch one condition's rows only).
      for (let k = 0; k < L.beta0; k++) {
        const [d, m] = [Math.floor(k / L.M), k % L.M];
        for (let a = 0; a < K; a++)
          close(model.columnDense[d]![m * K + a]!, weightedDot(c, J[k]!, col(a)), `U[${k}][${a}]`);
      }
    });

    test(`the Newton subproblem's sweeps minimise q(δ) + λP(x + δ): ${label}`, async () => {
      const { f, L, problem, x, grad, J, fitData } = await setUp(options, 20 + n);
      const model = new GaussNewtonModel(problem);
      if (exact) model.useExactCurvature();
      model.build(x);
      const sub = new NewtonSubproblem(problem, model);
      const mu = 1e-2;
      sub.start(x, grad, mu);
      sub.solve(20_000, 1e-13);
      const delta = sub.delta;
      // v = Jδ and r = ridge + μW, written out independently.
      const v = fitData.data.map((c, d) =>
        c.y.map((_, i) => J.reduce((s, col, k) => s + col[d]![i]! * delta[k]!, 0)),
      );
      const r = Float64Array.from({ length: L.size }, (_, k) => {
        const ridge =
          k < L.beta0 ? 2 * f.parts.ridgeBeta : k >= L.theta ? 2 * f.parts.ridgeTheta[k - L.theta]! : 0;
        return ridge + mu * problem.W[k]! + model.curvatureFloor[k]!;
      });
      const { c } = curvatureWeights(f, exact);
      // The model's value, as the solver reports it (its line search trusts it).
      const target = x.map((xk, k) => xk + delta[k]!);
      let q = 0;
      for (let k = 0; k < L.size; k++) q += grad[k]! * delta[k]! + 0.5 * r[k]! * delta[k]! ** 2;
      q += 0.5 * weightedDot(c, v, v) + problem.penaltyValue(target) - problem.penaltyValue(x);
      assert.ok(
        Math.abs(sub.modelValue() - q) <= 1e-8 * Math.abs(q),
        `model value ${sub.modelValue()} vs ${q}`,
      );
      assert.ok(q < 0, 'the step lowers the model');
      // Optimality: the prox-gradient mapping of the model at x + δ vanishes (any metric will do).
      const gq = Float64Array.from(
        { length: L.size },
        (_, k) => grad[k]! + r[k]! * delta[k]! + weightedDot(c, J[k]!, v),
      );
      const step = new Float64Array(L.size);
      const mapping = (at: Float64Array, g: Float64Array) => {
        problem.proxGradientStep(at, g, problem.W, step);
        return at.reduce((m, a, k) => Math.max(m, Math.abs(a - step[k]!)), 0);
      };
      const atStart = mapping(x, grad);
      const atEnd = mapping(target, gq);
      assert.ok(atEnd <= 1e-7 * atStart, `${label}: mapping ${atEnd} vs ${atStart} at δ = 0`);
    });
  }
