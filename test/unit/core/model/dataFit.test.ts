/** The data fit's gradient against central differences, for every loss × epistasis × activation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../../../src/core/model/options.ts';
import { toFitting, toNatural } from '../../../../src/core/model/parameters.ts';
import { Random } from '../../../../src/core/random.ts';
import { simulatedPrepared } from '../../support/sim.ts';

const sim = simulatedPrepared({
  seed: 4,
  sites: 8,
  conditions: ['a', 'b', 'c'],
  nonIdenticalSites: 2,
  variantsPerCondition: 150,
});

function randomPoint(fit: DataFit, r: Random): Float64Array {
  const L = fit.layout;
  const g = fit.parts.epistasis;
  const x = Float64Array.from({ length: L.size }, () => 0.5 * r.normal());
  for (let j = 0; j < L.T; j++) x[L.theta + j] = g.lower[j] === 0 ? 0.5 + Math.abs(r.normal()) : r.normal();
  return x;
}

const combos: Partial<ModelOptions>[] = [];
for (const epistasis of ['sigmoid', 'softplus', 'identity', 'nn'] as const) {
  for (const activation of ['identity', 'softplus'] as const) {
    for (const loss of ['huber', 'squared'] as const) {
      combos.push({
        epistasis,
        activation,
        loss,
        lowerBound: -1.5,
        hiddenUnits: 3,
        ridgeBeta: 1e-3,
        ridgeScale: 1e-2,
        ridgeBias: 1e-2,
      });
    }
  }
}
combos.push({ epistasis: 'sigmoid', weights: 'variance', huberDelta: 0.3 });

for (const [k, o] of combos.entries()) {
  const label = `${o.epistasis}/${o.activation ?? 'identity'}/${o.loss ?? 'huber'}${o.weights ? '/variance weights' : ''}`;
  test(`gradient = central differences: ${label}`, async () => {
    const { prepared } = await sim;
    const options = resolveModelOptions({ ...o, scaleUpperBound: null });
    for (const bitFlip of [true, false]) {
      const fitData = buildFitData(prepared, { weights: options.weights, bitFlip });
      const f = new DataFit(fitData, buildModelParts(options, fitData));
      const r = new Random(100 + k);
      const x = randomPoint(f, r);
      const grad = new Float64Array(x.length);
      f.valueAndGradient(x, grad);
      const L = f.layout;
      const coords = [...Array.from({ length: L.T + L.D }, (_, j) => L.beta0 + j)];
      for (let t = 0; t < 25; t++) coords.push(r.int(L.D * L.M));
      for (const j of coords) {
        const h = 1e-6;
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[j]! += h;
        xm[j]! -= h;
        const fd = (f.value(xp) - f.value(xm)) / (2 * h);
        assert.ok(
          Math.abs(grad[j]! - fd) <= 1e-7 * Math.max(1, Math.abs(fd)),
          `${label} bitFlip=${bitFlip} coord ${j}: ${grad[j]} vs ${fd}`,
        );
      }
    }
  });
}

test('bit-flipped and natural coordinates give identical latent phenotypes and loss', async () => {
  const { prepared } = await sim;
  const options = resolveModelOptions({ scaleUpperBound: null });
  const flipped = buildFitData(prepared, { weights: 'none', bitFlip: true });
  const natural = buildFitData(prepared, { weights: 'none', bitFlip: false });
  const ff = new DataFit(flipped, buildModelParts(options, flipped));
  const fn = new DataFit(natural, buildModelParts(options, natural));
  const r = new Random(1);
  const x = randomPoint(ff, r);
  const params = toNatural(x, ff.layout, flipped);
  const xn = toFitting(params, fn.layout, natural);
  assert.ok(Math.abs(ff.value(x) - fn.value(xn)) < 1e-12);
  flipped.data.forEach((_, d) =>
    ff.phi[d]!.forEach((v, i) => assert.ok(Math.abs(v - fn.phi[d]![i]!) < 1e-10)),
  );
  // The transform is its own inverse.
  const back = toFitting(toNatural(x, ff.layout, flipped), ff.layout, flipped);
  back.forEach((v, i) => assert.ok(Math.abs(v - x[i]!) < 1e-12));
});

test('loss per condition is the unpenalised mean loss of its variants', async () => {
  const { prepared } = await sim;
  const options = resolveModelOptions({ ridgeBeta: 0.1, scaleUpperBound: null });
  const fitData = buildFitData(prepared, { weights: 'none', bitFlip: true });
  const f = new DataFit(fitData, buildModelParts(options, fitData));
  const x = randomPoint(f, new Random(2));
  const value = f.value(x);
  fitData.data.forEach((c, d) => {
    let s = 0;
    for (let i = 0; i < c.n; i++) {
      const r = Math.abs(c.y[i]! - f.yhat[d]![i]!);
      s += r <= 1 ? 0.5 * r * r : r - 0.5;
    }
    assert.ok(Math.abs(f.lossPerCondition[d]! - s / c.n) < 1e-12);
  });
  const mean = [...f.lossPerCondition].reduce((a, b) => a + b, 0) / fitData.D;
  assert.ok(Math.abs(value - f.ridge - mean) < 1e-12);
});

test('the sigmoid fast pass matches a row-by-row computation of φ, ŷ, slope, force and ∇f', async () => {
  const { prepared } = await sim;
  for (const loss of ['huber', 'squared'] as const) {
    const options = resolveModelOptions({ loss, huberDelta: 0.4, ridgeBeta: 1e-2, scaleUpperBound: null });
    const fitData = buildFitData(prepared, { weights: 'none', bitFlip: true });
    const f = new DataFit(fitData, buildModelParts(options, fitData));
    const L = f.layout;
    const x = randomPoint(f, new Random(9));
    const grad = new Float64Array(L.size);
    const value = f.valueAndGradient(x, grad);
    const [scale, bias] = [x[L.theta]!, x[L.theta + 1]!];
    const expected = new Float64Array(L.size);
    let total = 0;
    fitData.data.forEach((c, d) => {
      for (let i = 0; i < c.n; i++) {
        const cols = Array.from(c.X.idx.subarray(c.X.ptr[i]!, c.X.ptr[i + 1]!));
        const phi = x[L.beta0 + d]! + cols.reduce((s, m) => s + x[d * L.M + m]!, 0);
        const s = 1 / (1 + Math.exp(-phi));
        const yhat = scale * s + bias;
        const r = c.y[i]! - yhat;
        const psi = loss === 'squared' ? r : Math.max(-0.4, Math.min(0.4, r));
        total +=
          c.c[i]! * (loss === 'squared' || Math.abs(r) <= 0.4 ? 0.5 * r * r : 0.4 * (Math.abs(r) - 0.2));
        const force = -c.c[i]! * psi * scale * s * (1 - s);
        for (const m of cols) expected[d * L.M + m]! += force;
        expected[L.beta0 + d]! += force;
        expected[L.theta]! += -c.c[i]! * psi * s;
        expected[L.theta + 1]! += -c.c[i]! * psi;
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
        assert.ok(close(f.phi[d]![i]!, phi) && close(f.yhat[d]![i]!, yhat), `${loss} row ${i}`);
        assert.ok(close(f.slope[d]![i]!, scale * s * (1 - s)) && close(f.force[d]![i]!, force));
      }
    });
    for (let k = 0; k < L.beta0; k++) {
      total += 1e-2 * x[k]! ** 2;
      expected[k]! += 2e-2 * x[k]!;
    }
    assert.ok(Math.abs(value - total) <= 1e-12, `${loss}: value ${value} vs ${total}`);
    expected.forEach((v, k) => assert.ok(Math.abs(grad[k]! - v) <= 1e-12, `${loss} coord ${k}`));
  }
});

for (const [k, o] of combos.entries()) {
  const label = `${o.epistasis}/${o.activation ?? 'identity'}/${o.loss ?? 'huber'}${o.weights ? '/variance weights' : ''}`;
  test(`dense Gauss–Newton Hessian = Σ c ρ''(floored) J Jᵀ with J from central differences of ŷ: ${label}`, async () => {
    const { prepared } = await sim;
    const options = resolveModelOptions({ ...o, scaleUpperBound: null });
    const fitData = buildFitData(prepared, { weights: options.weights, bitFlip: true });
    const f = new DataFit(fitData, buildModelParts(options, fitData));
    const L = f.layout;
    const K = L.D + L.T;
    const x = randomPoint(f, new Random(300 + k));
    f.valueAndGradient(x, new Float64Array(L.size), { curvature: true });
    const H = Float64Array.from(f.denseHessian);
    const yhat = f.yhat.map((a) => Float64Array.from(a));
    // J[a][d][i] = ∂ŷ_i/∂(dense coordinate a), by central differences.
    const J = Array.from({ length: K }, (_, a) => {
      const step = 1e-6;
      const at = (sign: number) => {
        const xs = Float64Array.from(x);
        xs[L.beta0 + a]! += sign * step;
        f.value(xs);
        return f.yhat.map((v) => Float64Array.from(v));
      };
      const [plus, minus] = [at(1), at(-1)];
      return plus.map((p, d) => p.map((v, i) => (v - minus[d]![i]!) / (2 * step)));
    });
    const delta = options.loss === 'huber' ? options.huberDelta : Infinity;
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        let expected = 0;
        fitData.data.forEach((c, d) => {
          for (let i = 0; i < c.n; i++) {
            // Huber's ρ'' is 1 within δ; beyond δ the dense Hessian floors it at 0.1 (loss.ts).
            const rho2 = Math.abs(c.y[i]! - yhat[d]![i]!) <= delta ? 1 : 0.1;
            expected += rho2 * c.c[i]! * J[a]![d]![i]! * J[b]![d]![i]!;
          }
        });
        if (a === b && a >= L.D) expected += 2 * f.parts.ridgeTheta[a - L.D]!;
        const got = H[a * K + b]!;
        assert.ok(
          Math.abs(got - expected) <= 1e-6 * Math.max(1e-3, Math.abs(expected)),
          `${label} H[${a}][${b}] = ${got}, expected ${expected}`,
        );
      }
    }
  });
}

for (const [k, o] of combos.entries()) {
  const label = `${o.epistasis}/${o.activation ?? 'identity'}/${o.loss ?? 'huber'}${o.weights ? '/variance weights' : ''}`;
  test(`a pass with φ extrapolated from kept latents equals the pass at the extrapolated point: ${label}`, async () => {
    const { prepared } = await sim;
    const options = resolveModelOptions({ ...o, scaleUpperBound: null });
    const fitData = buildFitData(prepared, { weights: options.weights, bitFlip: true });
    const f = new DataFit(fitData, buildModelParts(options, fitData));
    const r = new Random(400 + k);
    const [older, x] = [randomPoint(f, r), randomPoint(f, r)];
    const n = f.layout.size;
    for (const omega of [0, 0.8]) {
      const y = x.map((v, j) => v + omega * (v - older[j]!));
      const want = new Float64Array(n);
      const wantValue = f.valueAndGradient(y, want);
      f.value(older);
      f.keepLatent();
      f.value(x);
      f.keepLatent();
      const got = new Float64Array(n);
      const value = f.valueAndGradient(y, got, { extrapolate: omega });
      // ω = 0 is x itself, to the bit; otherwise φ differs from the direct sum by rounding.
      const tol = omega === 0 ? 0 : 1e-12;
      assert.ok(Math.abs(value - wantValue) <= tol * Math.abs(wantValue), `${label} ω=${omega}: value`);
      want.forEach((v, j) =>
        assert.ok(
          Math.abs(got[j]! - v) <= tol * Math.max(1, Math.abs(v)),
          `${label} ω=${omega}: ∂f/∂x[${j}]`,
        ),
      );
    }
  });
}
