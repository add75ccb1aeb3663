/** Anderson extrapolation: against a from-scratch computation, and exact on a linear iteration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Anderson } from '../../../../../src/core/solve/linalg/anderson.ts';
import { Random } from '../../../../../src/core/random.ts';
import { linearSolve } from '../../../support/linearSolve.ts';

/** The extrapolation computed from scratch: Gram of all differences, G z = 1 by elimination. */
function fromScratch(iterates: Float64Array[]): Float64Array {
  const K = iterates.length - 1;
  const r = Array.from({ length: K }, (_, j) => iterates[j + 1]!.map((v, k) => v - iterates[j]![k]!));
  const G = r.map((a) => r.map((b) => a.reduce((s, v, k) => s + v * b[k]!, 0)));
  const trace = G.reduce((s, row, a) => s + row[a]!, 0);
  G.forEach((row, a) => (row[a]! += 1e-10 * trace));
  const z = linearSolve(G, new Array<number>(K).fill(1));
  const total = z.reduce((s, v) => s + v, 0);
  const out = new Float64Array(iterates[0]!.length);
  z.forEach((zj, j) => iterates[j + 1]!.forEach((v, k) => (out[k]! += (zj / total) * v)));
  return out;
}

test('proposals match a from-scratch computation over the last depth + 1 iterates, across resets', () => {
  const rnd = new Random(3);
  const size = 40;
  const depth = 5;
  const anderson = new Anderson(size, depth);
  let window: Float64Array[] = [];
  let x = Float64Array.from({ length: size }, () => rnd.normal());
  let proposals = 0;
  for (let it = 0; it < 300; it++) {
    if (it % 37 === 36) {
      anderson.reset();
      window = [];
    }
    // A noisy contraction, so that the differences are not degenerate.
    x = x.map((v) => 0.8 * v + 0.3 * rnd.normal());
    const proposal = anderson.push(x);
    window.push(Float64Array.from(x));
    if (window.length > depth + 1) window.shift();
    if (window.length <= depth) {
      assert.equal(proposal, undefined, `iteration ${it}: too few iterates to extrapolate`);
      continue;
    }
    assert.ok(proposal, `iteration ${it}`);
    const expected = fromScratch(window);
    proposal.forEach((v, k) =>
      assert.ok(
        Math.abs(v - expected[k]!) <= 1e-9 * (1 + Math.abs(expected[k]!)),
        `iteration ${it}, entry ${k}`,
      ),
    );
    proposals++;
  }
  assert.ok(proposals > 200);
});

test('on a linear iteration in fewer dimensions than its depth, the proposal is the fixed point', () => {
  // u ← A u + b with A a contraction in 4 dimensions: the affine hull of 5 iterates holds the
  // fixed point u*, and Σ c_j r_j = (A − I)(Σ c_j u_j − u*) is zero when Σ c_j u_j = u*, so the
  // proposal Σ c_j u_{j+1} = A u* + b = u*. (Eigenvalues 0.85, 0.4, −0.1, −0.6, well
  // apart, keep the differences' Gram matrix well above the solver's 1e-10 ridge.)
  const A = [
    [0.85, 0.2, 0, 0.1],
    [0, 0.4, 0.3, 0],
    [0, 0, -0.1, 0.2],
    [0, 0, 0, -0.6],
  ];
  const b = [1, -2, 0.5, 3];
  // Fixed point: (I − A) u = b, by Gaussian elimination.
  const M = A.map((row, i) => [...row.map((v, j) => (i === j ? 1 : 0) - v), b[i]!]);
  for (let p = 0; p < 4; p++)
    for (let q = p + 1; q < 4; q++) {
      const f = M[q]![p]! / M[p]![p]!;
      for (let c = p; c <= 4; c++) M[q]![c]! -= f * M[p]![c]!;
    }
  const fixed = new Array<number>(4).fill(0);
  for (let p = 3; p >= 0; p--) {
    let s = M[p]![4]!;
    for (let c = p + 1; c < 4; c++) s -= M[p]![c]! * fixed[c]!;
    fixed[p] = s / M[p]![p]!;
  }
  const anderson = new Anderson(4, 5);
  let u = new Float64Array(4);
  let proposal: Float64Array | undefined;
  for (let it = 0; it < 6; it++) {
    proposal = anderson.push(u);
    u = Float64Array.from(A, (row, i) => row.reduce((s, v, j) => s + v * u[j]!, b[i]!));
  }
  assert.ok(proposal);
  // After six iterates plain iteration is still far from the fixed point; the proposal is not.
  const error = (v: ArrayLike<number>) => Math.max(...fixed.map((f, i) => Math.abs(v[i]! - f)));
  assert.ok(error(u) > 0.5, `plain iteration error ${error(u)}`);
  // To the accuracy the ridge leaves (measured 4e-6, with u* of size 4).
  assert.ok(error(proposal) < 1e-4, `extrapolation error ${error(proposal)}`);
});
