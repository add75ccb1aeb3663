import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../../../../src/core/random.ts';
import { choleskyFactor, choleskySubstitute } from '../../../../../src/core/solve/linalg/cholesky.ts';
import { inverseEntries } from '../../../../../src/core/solve/linalg/inverseDiagonal.ts';

const options = { seed: 3, tolerance: 1e-10, maxIterations: 500 };

/** A dense symmetric positive definite matrix like a design's: sparse 0/1 rows, weighted, plus a diagonal. */
function designLike(n: number, rows: number, seed: number): Float64Array {
  const random = new Random(seed);
  const H = new Float64Array(n * n);
  for (let i = 0; i < rows; i++) {
    const cols = [0, 1, 2].map(() => Math.floor(random.uniform() * n));
    const w = 0.5 + random.uniform();
    for (const a of cols) for (const b of cols) H[a * n + b]! += w;
  }
  for (let k = 0; k < n; k++) H[k * n + k]! += 0.05;
  return H;
}

function product(H: Float64Array, n: number) {
  return (v: Float64Array, out: Float64Array) => {
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += H[a * n + b]! * v[b]!;
      out[a] = s;
    }
  };
}

function denseInverse(H: Float64Array, n: number): Float64Array {
  const F = new Float64Array(n * n);
  assert.ok(choleskyFactor(H, n, F));
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    e.fill(0);
    e[b] = 1;
    choleskySubstitute(F, n, e, col);
    for (let a = 0; a < n; a++) inv[a * n + b] = col[a]!;
  }
  return inv;
}

test('a diagonal H: every probe gives its inverse exactly', () => {
  const n = 5;
  const H = new Float64Array(n * n);
  const d = [2, 0.5, 8, 1, 3];
  d.forEach((v, k) => (H[k * n + k] = v));
  const r = inverseEntries(product(H, n), Float64Array.from(d), new Uint8Array(n).fill(1), {
    ...options,
    probes: 3,
  });
  d.forEach((v, k) => assert.ok(Math.abs(r.diagonal[k]! - 1 / v) < 1e-12));
  assert.equal(r.probes, 3);
  assert.ok(r.solved);
});

test('a coupled H: the estimates converge to the dense inverse as probes grow, never below 1/H_aa', () => {
  const n = 40;
  const H = designLike(n, 120, 7);
  const inv = denseInverse(H, n);
  const diag = Float64Array.from({ length: n }, (_, k) => H[k * n + k]!);
  const free = new Uint8Array(n).fill(1);
  const worst = (probes: number) => {
    const r = inverseEntries(product(H, n), diag, free, { ...options, probes });
    for (let k = 0; k < n; k++) assert.ok(r.diagonal[k]! >= 1 / diag[k]! - 1e-15);
    let diagErr = 0;
    for (let k = 0; k < n; k++) diagErr = Math.max(diagErr, Math.abs(r.diagonal[k]! / inv[k * n + k]! - 1));
    return diagErr;
  };
  const few = worst(16);
  const many = worst(4096);
  assert.ok(many < 0.1, `every diagonal entry within 10 % with 4096 probes (${many})`);
  assert.ok(many < few / 4, `16 → 4096 probes: the error falls about as 1/√probes (${few} → ${many})`);
});

test('coordinates off `free` are neither read nor estimated', () => {
  const n = 6;
  const H = designLike(n, 20, 2);
  const free = Uint8Array.of(1, 1, 0, 1, 1, 1);
  const diag = Float64Array.from({ length: n }, (_, k) => H[k * n + k]!);
  const masked = (v: Float64Array, out: Float64Array) => {
    assert.equal(v[2], 0);
    product(H, n)(v, out);
    out[2] = 0;
  };
  const r = inverseEntries(masked, diag, free, { ...options, probes: 4 });
  assert.ok(Number.isNaN(r.diagonal[2]!));
  assert.ok([0, 1, 3, 4, 5].every((k) => Number.isFinite(r.diagonal[k]!)));
});
