/** g, t and ρ against finite differences and closed forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HINGE_SCALE, softplusActivation } from '../../../../src/core/model/activation.ts';
import { globalEpistasis, newEval, type EpistasisName } from '../../../../src/core/model/epistasis.ts';
import {
  OUTSIDE_CURVATURE,
  denseCurvature,
  huber,
  huberPsi,
  huberValue,
  squared,
} from '../../../../src/core/model/loss.ts';
import { sigmoid, softplus } from '../../../../src/core/model/numerics.ts';
import { Random } from '../../../../src/core/random.ts';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('sigmoid and softplus are stable at extreme arguments and match their definitions', () => {
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  close(sigmoid(0.3), 1 / (1 + Math.exp(-0.3)), 1e-15, 'σ');
  assert.equal(softplus(1000), 1000);
  assert.equal(softplus(-1000), 0);
  close(softplus(0.7), Math.log(1 + Math.exp(0.7)), 1e-15, 'softplus');
});

for (const name of ['sigmoid', 'softplus', 'identity', 'nn'] as EpistasisName[]) {
  test(`${name} epistasis: dg/dz and dg/dθ match central differences`, () => {
    const g = globalEpistasis(name, { hiddenUnits: 3 });
    const r = new Random(5);
    const T = g.thetaNames.length;
    const e = newEval(g);
    for (let trial = 0; trial < 20; trial++) {
      const theta = Float64Array.from({ length: T }, (_, j) =>
        g.lower[j] === 0 ? Math.abs(r.normal()) + 0.1 : r.normal(),
      );
      const z = 3 * r.normal();
      g.evaluate(z, theta, e, true);
      close(e.g, g.value(z, theta), 1e-14, 'value');
      const h = 1e-6;
      close(e.dz, (g.value(z + h, theta) - g.value(z - h, theta)) / (2 * h), 1e-7, 'dz');
      for (let j = 0; j < T; j++) {
        const p = Float64Array.from(theta);
        const m = Float64Array.from(theta);
        p[j]! += h;
        m[j]! -= h;
        close(e.dtheta[j]!, (g.value(z, p) - g.value(z, m)) / (2 * h), 1e-7, `dθ${j}`);
      }
    }
  });
}

for (const name of ['sigmoid', 'softplus', 'identity', 'nn'] as EpistasisName[]) {
  test(`${name} epistasis: its steepest slope bounds dg/dz on a grid, and is reached (nn: bounded)`, () => {
    const g = globalEpistasis(name, { hiddenUnits: 3 });
    const r = new Random(8);
    const e = newEval(g);
    for (let trial = 0; trial < 10; trial++) {
      const theta = Float64Array.from({ length: g.thetaNames.length }, (_, j) =>
        g.lower[j] === 0 ? Math.abs(r.normal()) + 0.1 : r.normal(),
      );
      let top = 0;
      for (let z = -60; z <= 60; z += 0.01) {
        g.evaluate(z, theta, e, false);
        top = Math.max(top, e.dz);
      }
      const steepest = g.steepest(theta);
      assert.ok(top <= steepest * (1 + 1e-12), `${name}: grid ${top} > steepest ${steepest}`);
      if (name !== 'nn') close(top, steepest, 1e-6, `${name} steepest`);
    }
  });
}

test('nn epistasis is monotone increasing for admissible θ', () => {
  const g = globalEpistasis('nn', { hiddenUnits: 4 });
  const r = new Random(9);
  const theta = Float64Array.from({ length: 13 }, (_, j) =>
    g.lower[j] === 0 ? Math.abs(r.normal()) : r.normal(),
  );
  let prev = -Infinity;
  for (let z = -10; z <= 10; z += 0.1) {
    const v = g.value(z, theta);
    assert.ok(v >= prev - 1e-15);
    prev = v;
  }
});

test('softplus hinge: bounded below by the lower bound, identity far above it, derivative σ((u−l)/h)', () => {
  const t = softplusActivation(-3.5);
  assert.ok(t.value(-100) >= -3.5);
  close(t.value(10), 10, 1e-12, 'far above');
  close(t.value(-3.5), -3.5 + HINGE_SCALE * Math.log(2), 1e-14, 'at the bound');
  const h = 1e-6;
  for (const u of [-5, -3.6, -3.5, -3.4, 0, 2])
    close(t.du(u), (t.value(u + h) - t.value(u - h)) / (2 * h), 1e-7, `t'(${u})`);
});

test('Huber: quadratic inside δ, linear outside, ψ is its derivative; squared loss is ½r²', () => {
  const l = huber(1);
  close(l.value(0.5), 0.125, 1e-15, 'inside');
  close(l.value(-3), 2.5, 1e-15, 'outside');
  close(l.value(1), 0.5, 1e-15, 'at δ');
  for (const r of [-2.5, -0.3, 0.2, 1.7])
    close(l.psi(r), (l.value(r + 1e-6) - l.value(r - 1e-6)) / 2e-6, 1e-7, `ψ(${r})`);
  const l2 = huber(0.5);
  close(l2.value(2), 0.5 * (2 - 0.25), 1e-15, 'δ = 0.5');
  close(squared.value(3), 4.5, 1e-15, 'squared');
  assert.equal(squared.psi(-2), -2);
});

test('Huber ρ, ψ and the dense curvature without branches equal the textbook forms bit for bit', () => {
  const rng = new Random(5);
  const rhoTextbook = (r: number, delta: number) => {
    const a = r < 0 ? -r : r;
    return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
  };
  const psiTextbook = (r: number, delta: number) => (r > delta ? delta : r < -delta ? -delta : r);
  const special = [0, -0, 1, -1, 1e-300, -5e-324, 1e300, NaN, Infinity, -Infinity];
  for (const delta of [1, 0.3, 1e-8, Infinity]) {
    const rs = [
      ...special,
      delta,
      -delta,
      ...Array.from({ length: 20_000 }, () => (rng.uniform() - 0.5) * 10 ** rng.int(8)),
    ];
    for (const r of rs) {
      assert.ok(Object.is(huberValue(r, delta), rhoTextbook(r, delta)), `ρ(${r}, ${delta})`);
      assert.ok(Object.is(huberPsi(r, delta), psiTextbook(r, delta)), `ψ(${r}, ${delta})`);
      const curvature = Math.abs(r) <= delta ? 1 : OUTSIDE_CURVATURE;
      assert.ok(Object.is(denseCurvature(r, delta), curvature), `ρ''(${r}, ${delta})`);
    }
  }
});
