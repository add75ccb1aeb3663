/** The interaction spectrum, against independent computations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphabet } from '../../../../src/core/data/alphabet.ts';
import { loadedModel } from '../../../../src/core/fit/modelFile.ts';
import { Random } from '../../../../src/core/random.ts';
import {
  fourierTransform,
  gridSize,
  inverseFourierTransform,
  walshHadamard,
} from '../../../../src/core/spectrum/fourier.ts';
import { buildLandscape, MAX_GRID } from '../../../../src/core/spectrum/landscape.ts';
import { frequencyOf, MAX_ORDER, summarize } from '../../../../src/core/spectrum/summaries.ts';
import { spectrum } from '../../../../src/core/spectrum/spectrum.ts';
import { tinyModel } from '../../support/models.ts';

/** numpy.fft.fftn(f.reshape(shape)) / N, straight from the definition: O(N²). */
function directDft(
  re: Float64Array,
  im: Float64Array,
  shape: number[],
): { re: Float64Array; im: Float64Array } {
  const n = gridSize(shape);
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let u = 0; u < n; u++) {
    const fu = frequencyOf(u, shape);
    for (let x = 0; x < n; x++) {
      const fx = frequencyOf(x, shape);
      const angle = -2 * Math.PI * fu.reduce((a, uj, j) => a + (uj * fx[j]!) / shape[j]!, 0);
      out.re[u]! += re[x]! * Math.cos(angle) - im[x]! * Math.sin(angle);
      out.im[u]! += re[x]! * Math.sin(angle) + im[x]! * Math.cos(angle);
    }
    out.re[u]! /= n;
    out.im[u]! /= n;
  }
  return out;
}

function randomArray(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: n }, () => r.normal());
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

const SHAPES = [[7], [3, 4], [2, 3, 5], [4, 1, 3], [2, 2, 2, 2, 3], [6, 5]];

test('DFT matches the O(N²) definition on mixed-radix grids, real and complex input', () => {
  for (const [s, shape] of SHAPES.entries()) {
    const n = gridSize(shape);
    const f = randomArray(n, s);
    const expected = directDft(f, new Float64Array(n), shape);
    const re = f.slice();
    const im = new Float64Array(n);
    fourierTransform(re, im, shape);
    close(re, expected.re, 1e-12, `re ${shape.join('×')}`);
    close(im, expected.im, 1e-12, `im ${shape.join('×')}`);
    const g = randomArray(n, 100 + s);
    const complex = directDft(f, g, shape);
    const re2 = f.slice();
    const im2 = g.slice();
    fourierTransform(re2, im2, shape);
    close(re2, complex.re, 1e-12, `complex re ${shape.join('×')}`);
    close(im2, complex.im, 1e-12, `complex im ${shape.join('×')}`);
  }
});

test('Parseval, inverse and Hermitian symmetry', () => {
  for (const [s, shape] of SHAPES.entries()) {
    const n = gridSize(shape);
    const f = randomArray(n, 10 + s);
    const re = f.slice();
    const im = new Float64Array(n);
    fourierTransform(re, im, shape);
    let energy = 0;
    for (let i = 0; i < n; i++) energy += re[i]! ** 2 + im[i]! ** 2;
    const meanSquare = f.reduce((a, v) => a + v * v, 0) / n;
    assert.ok(Math.abs(energy - meanSquare) < 1e-12 * n, `Parseval ${shape.join('×')}`);
    for (let i = 0; i < n; i++) {
      const u = frequencyOf(i, shape);
      const j = u.reduce((acc, x, d) => acc * shape[d]! + ((shape[d]! - x) % shape[d]!), 0);
      assert.ok(Math.abs(re[i]! - re[j]!) < 1e-13 && Math.abs(im[i]! + im[j]!) < 1e-13, 'F(−u) = conj F(u)');
    }
    inverseFourierTransform(re, im, shape);
    close(re, f, 1e-12, 'inverse re');
    close(im, new Float64Array(n), 1e-12, 'inverse im');
  }
});

test('Walsh–Hadamard is the q = 2 Fourier transform', () => {
  const shape = [2, 2, 2, 2];
  const f = randomArray(16, 3);
  const w = f.slice();
  walshHadamard(w);
  const re = f.slice();
  const im = new Float64Array(16);
  fourierTransform(re, im, shape);
  close(w, re, 1e-14, 'WHT');
});

/** f on a grid from per-site terms a_j(x_j) and, optionally, one pairwise term on sites (p, r). */
function landscape(
  shape: number[],
  seed: number,
  pair?: { p: number; r: number; h: number[][] },
): Float64Array {
  const random = new Random(seed);
  const terms = shape.map((q) => Array.from({ length: q }, () => random.normal()));
  return Float64Array.from({ length: gridSize(shape) }, (_, i) => {
    const x = frequencyOf(i, shape);
    let v = 0.7 + x.reduce((a, xj, j) => a + terms[j]![xj]!, 0);
    if (pair) v += pair.h[x[pair.p]!]![x[pair.r]!]!;
    return v;
  });
}

function spectrumOf(f: Float64Array, shape: number[]) {
  const re = f.slice();
  const im = new Float64Array(f.length);
  fourierTransform(re, im, shape);
  return summarize(re, im, shape, 10);
}

test('an additive landscape has no energy above order 1', () => {
  const shape = [3, 4, 5];
  const s = spectrumOf(landscape(shape, 1), shape);
  for (let j = 2; j <= 3; j++) assert.ok(s.orderEnergy[j]! < 1e-28, `E_${j} = ${s.orderEnergy[j]}`);
  assert.ok(Math.abs(s.orderShare[1]! - 1) < 1e-12);
  assert.equal(s.ruggedness, 1);
});

test('one pairwise term puts exactly its ANOVA variance at order 2, on that pair', () => {
  const shape = [3, 4, 2, 3];
  const random = new Random(5);
  const raw = Array.from({ length: 4 }, () => Array.from({ length: 2 }, () => random.normal()));
  // The pure interaction part of raw: doubly centred (row, column and grand means removed).
  const rowMean = raw.map((r) => r.reduce((a, b) => a + b) / r.length);
  const colMean = [0, 1].map((c) => raw.reduce((a, r) => a + r[c]!, 0) / raw.length);
  const grand = rowMean.reduce((a, b) => a + b) / rowMean.length;
  const pure = raw.map((r, a) => r.map((v, b) => v - rowMean[a]! - colMean[b]! + grand));
  const anovaVariance = pure.flat().reduce((a, v) => a + v * v, 0) / 8;
  const s = spectrumOf(landscape(shape, 2, { p: 1, r: 2, h: raw }), shape);
  assert.ok(Math.abs(s.orderEnergy[2]! - anovaVariance) < 1e-13, `${s.orderEnergy[2]} vs ${anovaVariance}`);
  assert.ok(Math.abs(s.subsetEnergy[(1 << 1) | (1 << 2)]! - anovaVariance) < 1e-13, 'on sites 1 and 2');
  assert.ok(s.orderEnergy[3]! < 1e-28 && s.orderEnergy[4]! < 1e-28);
  // The largest order-2 coefficient sits on that pair.
  const pairTop = s.top.find((c) => c.order === 2)!;
  assert.deepEqual(
    pairTop.frequency.map((u) => u !== 0),
    [false, true, true, false],
  );
});

test('energies and ruggedness do not depend on how states are labelled', () => {
  const shape = [3, 4, 3];
  const f = landscape(shape, 3, {
    p: 0,
    r: 2,
    h: [
      [0, 1, -2],
      [0.5, 0, 0],
      [3, -1, 0],
    ],
  });
  // Relabel the states at site 1 by a permutation.
  const perm = [2, 0, 3, 1];
  const g = Float64Array.from({ length: f.length }, (_, i) => {
    const x = frequencyOf(i, shape);
    x[1] = perm[x[1]!]!;
    return f[x.reduce((a, xj, j) => a * shape[j]! + xj, 0)]!;
  });
  const a = spectrumOf(f, shape);
  const b = spectrumOf(g, shape);
  close(a.orderEnergy, b.orderEnergy, 1e-13, 'order energies');
  close(a.subsetEnergy, b.subsetEnergy, 1e-13, 'subset energies');
  assert.ok(Math.abs(a.ruggedness - b.ruggedness) < 1e-12);
});

test('ruggedness and sparsity follow their definitions (brute force over the coefficients)', () => {
  const shape = [3, 3, 2, 2, 2, 2, 2];
  const f = randomArray(gridSize(shape), 8);
  const re = f.slice();
  const im = new Float64Array(f.length);
  fourierTransform(re, im, shape);
  const s = summarize(re, im, shape, 5);
  const all = Array.from(re, (_, i) => ({
    order: frequencyOf(i, shape).filter((u) => u !== 0).length,
    abs: Math.hypot(re[i]!, im[i]!),
  }));
  const nonConstant = all.slice(1).map((c) => c.abs);
  const m = nonConstant.reduce((a, b) => a + b) / nonConstant.length;
  const sd = Math.sqrt(nonConstant.reduce((a, v) => a + (v - m) ** 2, 0) / nonConstant.length);
  const low = all.filter((c) => c.order >= 1 && c.order <= MAX_ORDER);
  assert.ok(Math.abs(s.sparsity - low.filter((c) => c.abs > sd / 5).length / low.length) < 1e-15);
  const e = (j: number) => all.filter((c) => c.order === j).reduce((a, c) => a + c.abs ** 2, 0);
  const orders = [1, 2, 3, 4, 5];
  const ruggedness = orders.reduce((a, j) => a + j * e(j), 0) / orders.reduce((a, j) => a + e(j), 0);
  assert.ok(Math.abs(s.ruggedness - ruggedness) < 1e-12, `${s.ruggedness} vs ${ruggedness}`);
  assert.ok(s.orderEnergy[6]! + s.orderEnergy[7]! > 0, 'orders above 5 exist and are left out');
  // Top coefficients: one per conjugate pair, largest first, shares within the variance.
  assert.ok(s.top.every((c, i) => i === 0 || c.share <= s.top[i - 1]!.share));
  assert.ok(s.top.reduce((a, c) => a + c.share, 0) <= 1 + 1e-12);
  const largest = Math.max(
    ...all.slice(1).map((c, i) => {
      const u = frequencyOf(i + 1, shape);
      const self = u.every((x, j) => x === 0 || 2 * x === shape[j]);
      return ((self ? 1 : 2) * c.abs ** 2) / s.variance;
    }),
  );
  assert.ok(Math.abs(s.top[0]!.share - largest) < 1e-12, 'the first is the largest');
});

const sigmoid = (z: number) => 4 / (1 + Math.exp(-z)) - 3;

test('landscape: states, wildtype first, and values equal per-sequence predictions', () => {
  const doc = tinyModel();
  const model = loadedModel(doc, alphabet('aa-stop').letters);
  const l = buildLandscape(model, { condition: 'b', sites: ['1', '2', '3'] });
  // b's wildtype at site 2 is P (a bundle mutation G2P); G is scorable there (the reference letter).
  assert.deepEqual(
    l.sites.map((s) => s.letters),
    [
      ['M', 'A', 'C'],
      ['P', 'A', 'G'],
      ['A', 'C', '*'],
    ],
  );
  const beta = Object.fromEntries(doc.mutations.map((m, j) => [m, doc.beta.b![j]!]));
  const refWt = 'MGA';
  for (let i = 0; i < l.values.length; i++) {
    const x = frequencyOf(i, l.shape);
    const letters = x.map((xj, j) => l.sites[j]!.letters[xj]!);
    // Reference-based encoding of the sequence: one β per letter that differs from the reference.
    let latent = doc.beta0.b!;
    letters.forEach((c, j) => {
      if (c !== refWt[j]) latent += beta[`${refWt[j]}${j + 1}${c}`]!;
    });
    assert.ok(Math.abs(l.values[i]! - sigmoid(latent)) < 1e-14, letters.join(''));
  }
  const latentScale = buildLandscape(model, { condition: 'b', sites: ['1', '3'], scale: 'latent' });
  const s = spectrumOf(latentScale.values, latentScale.shape);
  assert.ok(s.orderEnergy[2]! < 1e-28, 'latent scale: additive');
});

test('binary sigmoid of two additive sites: the order-2 coefficient is the classic ε/4', () => {
  const model = loadedModel(tinyModel(), alphabet('aa-stop').letters);
  const result = spectrum(model, { sites: ['1', '3'], conditions: ['a'], binary: { repeats: 5, seed: 1 } });
  const binary = result.conditions[0]!.binary!;
  assert.equal(binary.exhaustive, true);
  assert.equal(binary.draws.length, 4, '2 mutants × 2 mutants');
  const draw = binary.draws.find((d) => d.mutants.join('') === 'A*')!;
  // f over (site 1 ∈ {M, A}) × (site 3 ∈ {A, *}); ε = f11 − f10 − f01 + f00.
  const f = (a: number, b: number) => sigmoid(1.5 + a * -1.2 + b * -6);
  const epsilon = f(1, 1) - f(1, 0) - f(0, 1) + f(0, 0);
  const mean = (f(0, 0) + f(0, 1) + f(1, 0) + f(1, 1)) / 4;
  const variance = (f(0, 0) ** 2 + f(0, 1) ** 2 + f(1, 0) ** 2 + f(1, 1) ** 2) / 4 - mean ** 2;
  assert.ok(Math.abs(draw.orderShare[2]! - (epsilon / 4) ** 2 / variance) < 1e-12);
  // The same number from the q-ary transform of that 2 × 2 grid.
  const re = Float64Array.of(f(0, 0), f(0, 1), f(1, 0), f(1, 1));
  const im = new Float64Array(4);
  fourierTransform(re, im, [2, 2]);
  assert.ok(Math.abs(re[3]! - epsilon / 4) < 1e-15);
  assert.ok(binary.ruggedness.mean > 1 && binary.ruggedness.mean < 2);
});

test('grids beyond 2^22 points are refused with the numbers and a way out', () => {
  const doc = tinyModel();
  // 24 sites with 2 states: 2^24 points.
  doc.sites = Array.from({ length: 24 }, (_, i) => String(i + 1));
  doc.wildtypes = { a: 'M'.repeat(24), b: 'M'.repeat(24) };
  doc.mutations = doc.sites.map((s) => `M${s}A`);
  doc.beta = { a: doc.sites.map(() => 0.1), b: doc.sites.map(() => 0.1) };
  const model = loadedModel(doc, alphabet('aa-stop').letters);
  assert.throws(
    () => buildLandscape(model, { sites: doc.sites }),
    new RegExp(`16,777,216 points; the limit is ${MAX_GRID.toLocaleString('en-US')}.*binary mode`),
  );
  assert.throws(() => buildLandscape(model, { sites: ['1', '99'] }), /site 99 is not in the model/);
});

test('a background variant shifts every point of the grid by its effect; it may not touch the sites', () => {
  const model = loadedModel(tinyModel(), alphabet('aa-stop').letters);
  const plain = buildLandscape(model, { condition: 'a', sites: ['1', '2'], scale: 'latent' });
  const onTop = buildLandscape(model, {
    condition: 'a',
    sites: ['1', '2'],
    scale: 'latent',
    background: 'A3C',
  });
  close(
    onTop.values,
    plain.values.map((v) => v + 0.8),
    1e-14,
    'latent + β(A3C)',
  );
  assert.throws(() => buildLandscape(model, { sites: ['1', '3'], background: 'A3C' }), /at a chosen site/);
  assert.throws(() => buildLandscape(model, { sites: ['1'], background: 'G3C' }), /wildtype of a at 3 is A/);
});
