/**
 * The shift penalties as objects (shiftPenalty.ts): their values against formulas written another
 * way, their prox as the functions checked in shiftProx.test.ts, and λ_max against the prox itself —
 * equal betas are the prox's answer at −g just above λ_max and not just below it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllPairsShifts,
  fusionWeightsByN,
  ReferenceShifts,
  shiftPenalty,
} from '../../../../src/core/model/shiftPenalty.ts';
import { proxAllPairs, proxStar } from '../../../../src/core/model/shiftProx.ts';
import { Random } from '../../../../src/core/random.ts';

test('values: the star as shifts from the reference, all pairs as Σ_k (D + 1 − 2k) u_(k) over u sorted descending', () => {
  const r = new Random(11);
  for (let trial = 0; trial < 200; trial++) {
    const D = 1 + r.int(7);
    const ref = r.int(D);
    const u = Array.from({ length: D }, () => 3 * r.normal());
    const shifts = u.map((v) => Math.abs(v - u[ref]!));
    const star = shifts.reduce((a, v) => a + v, 0);
    assert.ok(Math.abs(new ReferenceShifts(1, ref, D).addTo(0, u) - star) <= 1e-12 * (1 + star));
    const sorted = [...u].sort((a, b) => b - a);
    const ranks = sorted.reduce((a, v, k) => a + (D - 1 - 2 * k) * v, 0);
    assert.ok(Math.abs(new AllPairsShifts(1, D).addTo(0, u) - ranks) <= 1e-12 * (1 + Math.abs(ranks)));
    // addTo adds to what it is given, λ not applied.
    const added = new AllPairsShifts(5, D).addTo(2.5, u) - 2.5;
    assert.ok(Math.abs(added - ranks) <= 1e-12 * (1 + Math.abs(ranks)), `${added} added, ${ranks}`);
  }
});

test('prox: the star and pool-adjacent-violators maps, with the penalty’s λ and reference', () => {
  const c = [0.4, -1.2, 2.0, 0.1];
  const w = [0.5, 2, 1, 1];
  const out = new Float64Array(4);
  const expected = new Float64Array(4);
  shiftPenalty('reference', 0.3, 2, 4).prox(c, w, out);
  proxStar(c, w, 2, 0.3, expected);
  assert.deepEqual([...out], [...expected]);
  shiftPenalty('all-pairs', 0.3, 2, 4).prox(c, [2, 2, 2, 2], out);
  proxAllPairs(c, 2, 0.3, expected);
  assert.deepEqual([...out], [...expected]);
});

test('λ_max: equal betas are the prox of −g at 1 + 1e-9 times it and not at 1 − 1e-6 (D = 2 … 7, both penalties)', () => {
  const r = new Random(12);
  const spread = (u: Float64Array) => Math.max(...u) - Math.min(...u);
  for (let trial = 0; trial < 300; trial++) {
    const D = 2 + r.int(6);
    const ref = r.int(D);
    // The gradient at a shared-β optimum sums to zero over conditions.
    const g = Array.from({ length: D }, () => r.normal() * (r.uniform() < 0.3 ? 5 : 1));
    const mean = g.reduce((a, v) => a + v, 0) / D;
    for (let d = 0; d < D; d++) g[d]! -= mean;
    const minusG = g.map((v) => -v);
    const ones = new Array<number>(D).fill(1);
    for (const name of ['reference', 'all-pairs'] as const) {
      const lambdaMax = shiftPenalty(name, 1, ref, D).lambdaMax(g);
      const out = new Float64Array(D);
      shiftPenalty(name, lambdaMax * (1 + 1e-9), ref, D).prox(minusG, ones, out);
      assert.ok(spread(out) < 1e-9 * (1 + lambdaMax), `${name} D ${D}: ${[...out]} above λ_max ${lambdaMax}`);
      shiftPenalty(name, lambdaMax * (1 - 1e-6), ref, D).prox(minusG, ones, out);
      assert.ok(spread(out) > 1e-9 * lambdaMax, `${name} D ${D}: fused below λ_max ${lambdaMax}`);
    }
  }
});

test('condition weights (scale_fusion_by_n): ω_d = n_ref/n_d; the value Σ ω_d|u_d − u_r|; λ_max against the prox', () => {
  assert.deepEqual([...fusionWeightsByN([100, 400, 50], 0)], [1, 0.25, 2]);
  assert.throws(() => fusionWeightsByN([100, 0], 0), /no training variants/);
  assert.throws(() => shiftPenalty('all-pairs', 1, 0, 2, Float64Array.of(1, 2)), /only the reference/);
  const r = new Random(13);
  const spread = (u: Float64Array) => Math.max(...u) - Math.min(...u);
  for (let trial = 0; trial < 300; trial++) {
    const D = 2 + r.int(6);
    const ref = r.int(D);
    const omega = Float64Array.from({ length: D }, (_, d) => (d === ref ? 1 : 0.1 + 5 * r.uniform()));
    const u = Array.from({ length: D }, () => 3 * r.normal());
    const value = u.reduce((a, v, d) => a + (d === ref ? 0 : omega[d]! * Math.abs(v - u[ref]!)), 0);
    const star = new ReferenceShifts(1, ref, D, omega);
    assert.ok(Math.abs(star.addTo(0, u) - value) <= 1e-12 * (1 + value));
    const g = Array.from({ length: D }, () => r.normal());
    const mean = g.reduce((a, v) => a + v, 0) / D;
    for (let d = 0; d < D; d++) g[d]! -= mean;
    const minusG = g.map((v) => -v);
    const ones = new Array<number>(D).fill(1);
    const lambdaMax = star.lambdaMax(g);
    const out = new Float64Array(D);
    shiftPenalty('reference', lambdaMax * (1 + 1e-9), ref, D, omega).prox(minusG, ones, out);
    assert.ok(spread(out) < 1e-9 * (1 + lambdaMax), `D ${D}: ${[...out]} above λ_max ${lambdaMax}`);
    shiftPenalty('reference', lambdaMax * (1 - 1e-6), ref, D, omega).prox(minusG, ones, out);
    assert.ok(spread(out) > 1e-9 * lambdaMax, `D ${D}: fused below λ_max ${lambdaMax}`);
  }
});
