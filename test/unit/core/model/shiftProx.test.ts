/**
 * The exact shift proxes against an independent solver: the dual of
 *   min_u ½‖u − c‖²_W + λ‖Au‖₁   (A the difference operator of the penalty)
 * is max_{‖z‖∞ ≤ λ} zᵀAc − ½‖Aᵀz‖²_{W⁻¹}, solved here by projected gradient to high precision,
 * with u = c − W⁻¹Aᵀz. Also closed forms for two conditions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllPairsShifts, ReferenceShifts } from '../../../../src/core/model/shiftPenalty.ts';
import { proxAllPairs, proxStar } from '../../../../src/core/model/shiftProx.ts';
import { Random } from '../../../../src/core/random.ts';

/** Rows of A as pairs (a, b): (Au)_k = u_a − u_b; `lambda` per pair (its term's λ·ω) or for all. */
function dualProx(c: number[], w: number[], lambda: number | number[], pairs: [number, number][]): number[] {
  const bound = pairs.map((_, k) => (typeof lambda === 'number' ? lambda : lambda[k]!));
  const z = new Float64Array(pairs.length);
  const u = Float64Array.from(c);
  // Lipschitz constant of the dual gradient: ‖A W⁻¹ Aᵀ‖ ≤ max row sum.
  let L = 0;
  for (const [a, b] of pairs) {
    let s = 0;
    for (const [p, q] of pairs) {
      const shared =
        (a === p ? 1 / w[a]! : 0) +
        (b === q ? 1 / w[b]! : 0) -
        (a === q ? 1 / w[a]! : 0) -
        (b === p ? 1 / w[b]! : 0);
      s += Math.abs(shared);
    }
    L = Math.max(L, s);
  }
  for (let it = 0; it < 200_000; it++) {
    for (let d = 0; d < c.length; d++) u[d] = c[d]!;
    pairs.forEach(([a, b], k) => {
      u[a]! -= z[k]! / w[a]!;
      u[b]! += z[k]! / w[b]!;
    });
    let moved = 0;
    pairs.forEach(([a, b], k) => {
      const next = Math.max(-bound[k]!, Math.min(bound[k]!, z[k]! + (u[a]! - u[b]!) / L));
      moved = Math.max(moved, Math.abs(next - z[k]!));
      z[k] = next;
    });
    if (moved < 1e-15) break;
  }
  for (let d = 0; d < c.length; d++) u[d] = c[d]!;
  pairs.forEach(([a, b], k) => {
    u[a]! -= z[k]! / w[a]!;
    u[b]! += z[k]! / w[b]!;
  });
  return [...u];
}

function objective(
  u: ArrayLike<number>,
  c: number[],
  w: number[],
  lambda: number,
  penalty: (u: ArrayLike<number>) => number,
) {
  let s = 0;
  for (let d = 0; d < c.length; d++) s += 0.5 * w[d]! * (u[d]! - c[d]!) ** 2;
  return s + lambda * penalty(u);
}

test('star prox = independent dual solution (random D, weights, λ, reference)', () => {
  const r = new Random(2);
  for (let trial = 0; trial < 300; trial++) {
    const D = 2 + r.int(5);
    const ref = r.int(D);
    const c = Array.from({ length: D }, () => 2 * r.normal());
    const w = Array.from({ length: D }, () => 0.05 + 3 * r.uniform());
    const lambda = r.uniform() < 0.1 ? 0 : Math.abs(r.normal());
    const out = new Float64Array(D);
    proxStar(c, w, ref, lambda, out);
    const pairs = Array.from({ length: D }, (_, d) => [d, ref] as [number, number]).filter(
      ([d]) => d !== ref,
    );
    const u = dualProx(c, w, lambda, pairs);
    const star = new ReferenceShifts(lambda, ref, D);
    const f = (x: ArrayLike<number>) => objective(x, c, w, lambda, (v) => star.addTo(0, v));
    assert.ok(f(out) <= f(u) + 1e-12, `objective ${f(out)} vs dual ${f(u)}`);
    for (let d = 0; d < D; d++)
      assert.ok(Math.abs(out[d]! - u[d]!) < 1e-7, `trial ${trial}: ${[...out]} vs ${u}`);
  }
});

test('weighted star prox (scale_fusion_by_n: λ_d = λω_d) = independent dual solution', () => {
  const r = new Random(5);
  for (let trial = 0; trial < 300; trial++) {
    const D = 2 + r.int(5);
    const ref = r.int(D);
    const c = Array.from({ length: D }, () => 2 * r.normal());
    const w = Array.from({ length: D }, () => 0.05 + 3 * r.uniform());
    const omega = Array.from({ length: D }, (_, d) => (d === ref ? 1 : 0.2 + 4 * r.uniform()));
    const lambda = Math.abs(r.normal());
    const out = new Float64Array(D);
    proxStar(c, w, ref, lambda, out, undefined, omega);
    const others = Array.from({ length: D }, (_, d) => d).filter((d) => d !== ref);
    const u = dualProx(
      c,
      w,
      others.map((d) => lambda * omega[d]!),
      others.map((d) => [d, ref]),
    );
    const star = new ReferenceShifts(lambda, ref, D, Float64Array.from(omega));
    const f = (x: ArrayLike<number>) => objective(x, c, w, lambda, (v) => star.addTo(0, v));
    assert.ok(f(out) <= f(u) + 1e-12, `objective ${f(out)} vs dual ${f(u)}`);
    for (let d = 0; d < D; d++)
      assert.ok(Math.abs(out[d]! - u[d]!) < 1e-7, `trial ${trial}: ${[...out]} vs ${u}`);
    // The penalty object's prox is this prox.
    const viaPenalty = new Float64Array(D);
    star.prox(c, w, viaPenalty);
    assert.deepEqual([...viaPenalty], [...out]);
  }
});

test('all-pairs prox = independent dual solution (uniform weight)', () => {
  const r = new Random(3);
  for (let trial = 0; trial < 300; trial++) {
    const D = 2 + r.int(5);
    const c = Array.from({ length: D }, () => 2 * r.normal());
    // Ties in c exercise pooling.
    if (r.uniform() < 0.2) c[1] = c[0]!;
    const wv = 0.1 + 2 * r.uniform();
    const w = new Array<number>(D).fill(wv);
    const lambda = Math.abs(r.normal());
    const out = new Float64Array(D);
    proxAllPairs(c, wv, lambda, out);
    const pairs: [number, number][] = [];
    for (let a = 0; a < D; a++) for (let b = a + 1; b < D; b++) pairs.push([a, b]);
    const u = dualProx(c, w, lambda, pairs);
    const allPairs = new AllPairsShifts(lambda, D);
    const f = (x: ArrayLike<number>) => objective(x, c, w, lambda, (v) => allPairs.addTo(0, v));
    assert.ok(f(out) <= f(u) + 1e-12, `objective ${f(out)} vs dual ${f(u)}`);
    for (let d = 0; d < D; d++)
      assert.ok(Math.abs(out[d]! - u[d]!) < 1e-7, `trial ${trial}: ${[...out]} vs ${u}`);
  }
});

test('two conditions: closed form (soft-threshold the difference, fuse when small)', () => {
  const out = new Float64Array(2);
  // c = (0, 3), w = 1, λ = 1: u_r moves up by 1, u_1 down by 1.
  proxStar([0, 3], [1, 1], 0, 1, out);
  assert.deepEqual([...out], [1, 2]);
  // |difference| ≤ 2λ/w: fused at the weighted mean.
  proxStar([0, 1], [1, 3], 0, 1, out);
  assert.ok(Math.abs(out[0]! - 0.75) < 1e-15 && Math.abs(out[1]! - 0.75) < 1e-15);
  proxAllPairs([0, 3], 1, 1, out);
  assert.deepEqual([...out], [1, 2]);
  // λ = 0 is the identity.
  proxStar([0.3, -2], [1, 1], 1, 0, out);
  assert.deepEqual([...out], [0.3, -2]);
});
