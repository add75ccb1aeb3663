/** APG's dense-block step against brute force: every active set of the box enumerated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseNewtonStep } from '../../../../../src/core/solve/steps/denseNewtonStep.ts';
import { Random } from '../../../../../src/core/random.ts';
import { linearSolve } from '../../../support/linearSolve.ts';

/** min gᵀδ + ½δᵀAδ over lo ≤ δ ≤ hi: each coordinate at lo, at hi or free (3^K candidates). */
function bruteForce(
  A: number[][],
  g: number[],
  lo: number[],
  hi: number[],
): { delta: number[]; value: number } {
  const K = g.length;
  const value = (d: number[]) =>
    d.reduce((s, di, a) => s + di * (g[a]! + 0.5 * A[a]!.reduce((t, v, b) => t + v * d[b]!, 0)), 0);
  let best = { delta: new Array<number>(K).fill(0), value: Infinity };
  for (let code = 0; code < 3 ** K; code++) {
    const state = Array.from({ length: K }, (_, a) => Math.floor(code / 3 ** a) % 3);
    if (state.some((s, a) => (s === 0 && lo[a] === -Infinity) || (s === 1 && hi[a] === Infinity))) continue;
    const d = state.map((s, a) => (s === 0 ? lo[a]! : s === 1 ? hi[a]! : 0));
    const free = state.flatMap((s, a) => (s === 2 ? [a] : []));
    if (free.length > 0) {
      const rhs = free.map(
        (a) => -g[a]! - A[a]!.reduce((t, v, b) => t + (state[b] === 2 ? 0 : v * d[b]!), 0),
      );
      const z = linearSolve(
        free.map((a) => free.map((b) => A[a]![b]!)),
        rhs,
      );
      free.forEach((a, i) => (d[a] = z[i]!));
    }
    if (d.some((v, a) => v < lo[a]! - 1e-12 || v > hi[a]! + 1e-12)) continue;
    const v = value(d);
    if (v < best.value) best = { delta: d, value: v };
  }
  return best;
}

test('the dense Newton step minimises its box-constrained quadratic model (brute force over active sets)', () => {
  const r = new Random(7);
  const K = 4;
  const step = new DenseNewtonStep(K);
  let bounded = 0;
  for (let trial = 0; trial < 300; trial++) {
    // A coupled, badly scaled Gauss–Newton-like H = JᵀJ (rank ≤ 3 rows of J sometimes: singular).
    const rows = trial % 5 === 0 ? 3 : 8;
    const J = Array.from({ length: rows }, () =>
      Array.from({ length: K }, (_, a) => r.normal() * 10 ** (a - 2)),
    );
    const H = new Float64Array(K * K);
    for (let a = 0; a < K; a++)
      for (let b = 0; b < K; b++) H[a * K + b] = J.reduce((s, row) => s + row[a]! * row[b]!, 0);
    const s = 0.5 + r.uniform();
    const damping = Float64Array.from({ length: K }, () => 1e-3 * r.uniform());
    const g = Float64Array.from({ length: K }, () => r.normal());
    const y = Float64Array.from({ length: K }, () => r.normal());
    // ge_scale-like lower bound on one coordinate, a locked one sometimes, the rest free.
    const lower = Float64Array.from({ length: K }, (_, a) => (a === 2 ? y[a]! - r.uniform() : -Infinity));
    const upper = new Float64Array(K).fill(Infinity);
    if (trial % 7 === 0) lower[0] = upper[0] = y[0]!;
    const delta = new Float64Array(K);
    const q = step.solve(H, s, damping, g, y, lower, upper, delta);
    const A = Array.from({ length: K }, (_, a) =>
      Array.from({ length: K }, (_, b) => s * H[a * K + b]! + (a === b ? damping[a]! : 0)),
    );
    const lo = Array.from({ length: K }, (_, a) => lower[a]! - y[a]!);
    const hi = Array.from({ length: K }, (_, a) => upper[a]! - y[a]!);
    const best = bruteForce(A, [...g], lo, hi);
    if (best.delta.some((v, a) => v === lo[a] || v === hi[a])) bounded++;
    assert.ok(
      Math.abs(q - best.value) <= 1e-9 * Math.max(1, Math.abs(best.value)),
      `trial ${trial}: ${q} vs ${best.value}`,
    );
    delta.forEach((v, a) =>
      assert.ok(v >= lo[a]! - 1e-12 && v <= hi[a]! + 1e-12, `trial ${trial} coordinate ${a} in its box`),
    );
  }
  // Both branches (the plain Newton step and the box QP) were exercised.
  assert.ok(bounded > 30 && bounded < 270, `bounded answers: ${bounded}`);
});
