/** The data fit's gradient against central differences, for every loss × epistasis × activation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFit } from '../../src/core/model/dataFit.ts';
import { buildFitData } from '../../src/core/model/fitData.ts';
import { buildModelParts } from '../../src/core/model/model.ts';
import { resolveModelOptions, type ModelOptions } from '../../src/core/model/options.ts';
import { toFitting, toNatural } from '../../src/core/model/parameters.ts';
import { Random } from '../../src/core/random.ts';
import { simulatedPrepared } from './support/sim.ts';

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
