/**
 * The discrete Fourier transform over Z_{q_1} × … × Z_{q_k}, on arrays in C order (last axis
 * fastest), separable one axis at a time:
 *
 *   F(u) = (1/N) Σ_x f(x) · exp(−2πi Σ_j u_j x_j / q_j),   N = Π q_j,
 *
 * i.e. numpy's `fftn(f.reshape(q)) / N`. Site alphabets are small (q ≤ 23), so each axis is a
 * direct length-q DFT with a precomputed twiddle table, applied to whole contiguous blocks of
 * the faster axes at once (the inner loop runs over memory in order). For a real landscape the
 * first axis transformed computes only frequencies u ≤ q/2 and mirrors the rest
 * (F(−u) = conj F(u) along an axis of a real input's transform).
 */

/** Inner elements per tile (q rows of this many doubles, re and im, stay in L1/L2). */
const TILE = 64;

/** cos/sin(2π·r/q) for r < q. */
function twiddles(q: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(q);
  const sin = new Float64Array(q);
  for (let r = 0; r < q; r++) {
    cos[r] = Math.cos((2 * Math.PI * r) / q);
    sin[r] = Math.sin((2 * Math.PI * r) / q);
  }
  return { cos, sin };
}

export function gridSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Transforms one axis in place. `sign` −1 is the forward transform, +1 the inverse (both
 * unscaled). With `realInput`, `im` is all zero on entry, so half the frequencies suffice.
 * Each output sums its q inputs in registers; tiles of the contiguous inner range keep those
 * q rows in L1 while every frequency is formed.
 */
function transformAxis(
  re: Float64Array,
  im: Float64Array,
  shape: readonly number[],
  axis: number,
  sign: 1 | -1,
  realInput: boolean,
  /** Only inner indices whose last-axis frequency is ≤ this are needed (the rest follow by symmetry). */
  lastHalf = Infinity,
): void {
  const q = shape[axis]!;
  if (q === 1) return;
  let stride = 1;
  for (let j = axis + 1; j < shape.length; j++) stride *= shape[j]!;
  const block = q * stride;
  const { cos, sin } = twiddles(q);
  // Row u of the DFT matrix, flattened: (cos, ±sin) of 2π·(u·t mod q)/q.
  const wc = new Float64Array(q * q);
  const ws = new Float64Array(q * q);
  for (let u = 0; u < q; u++)
    for (let t = 0; t < q; t++) {
      wc[u * q + t] = cos[(u * t) % q]!;
      ws[u * q + t] = sign * sin[(u * t) % q]!;
    }
  const outRe = new Float64Array(block);
  const outIm = new Float64Array(block);
  const half = realInput ? Math.floor(q / 2) : q - 1;
  // With `lastHalf`, stride is a multiple of the last axis's length: tiles hold whole rows of it,
  // of which the first lastHalf + 1 entries are computed.
  const qLast = shape[shape.length - 1]!;
  const row = lastHalf < Infinity ? qLast : 1;
  const take = lastHalf < Infinity ? lastHalf + 1 : 1;
  const tile = Math.min(stride, row * Math.max(1, Math.floor(TILE / row)));
  for (let base = 0; base < re.length; base += block) {
    for (let i0 = 0; i0 < stride; i0 += tile) {
      const i1 = Math.min(stride, i0 + tile);
      for (let u = 0; u <= half; u++) {
        const w = u * q;
        const o = u * stride;
        for (let r0 = i0; r0 < i1; r0 += row)
          for (let i = r0; i < r0 + take; i++) {
            let sr = 0;
            let si = 0;
            let x = base + i;
            if (realInput) {
              for (let t = 0; t < q; t++, x += stride) {
                const a = re[x]!;
                sr += a * wc[w + t]!;
                si += a * ws[w + t]!;
              }
            } else {
              for (let t = 0; t < q; t++, x += stride) {
                const a = re[x]!;
                const b = im[x]!;
                const c = wc[w + t]!;
                const d = ws[w + t]!;
                sr += a * c - b * d;
                si += a * d + b * c;
              }
            }
            outRe[o + i] = sr;
            outIm[o + i] = si;
          }
      }
    }
    if (realInput) {
      // Along this axis the transform of real data is Hermitian: F(q − u) = conj F(u).
      for (let u = half + 1; u < q; u++) {
        const o = u * stride;
        const m = (q - u) * stride;
        for (let i = 0; i < stride; i++) {
          outRe[o + i] = outRe[m + i]!;
          outIm[o + i] = -outIm[m + i]!;
        }
      }
    }
    re.set(outRe, base);
    im.set(outIm, base);
  }
}

/**
 * Forward transform in place with scaling 1/N: on entry `re` holds f (and `im` its imaginary
 * part, zero for a real landscape); on exit re + i·im holds F. The last axis goes first, so the
 * real-input shortcut applies to the largest number of blocks.
 */
export function fourierTransform(re: Float64Array, im: Float64Array, shape: readonly number[]): void {
  checkShape(re, im, shape);
  const real = im.every((v) => v === 0);
  const k = shape.length;
  transformAxis(re, im, shape, k - 1, -1, real);
  // A real landscape's transform is Hermitian, F(−u) = conj F(u): the other axes are needed only
  // for last-axis frequencies up to q/2; the rest is mirrored afterwards.
  const lastHalf = real && k > 1 ? Math.floor(shape[k - 1]! / 2) : Infinity;
  for (let axis = k - 2; axis >= 0; axis--) transformAxis(re, im, shape, axis, -1, false, lastHalf);
  if (lastHalf < Infinity) mirrorHermitian(re, im, shape, lastHalf);
  const scale = 1 / re.length;
  for (let i = 0; i < re.length; i++) {
    re[i]! *= scale;
    im[i]! *= scale;
  }
}

/** Fills F(u) = conj F(−u) for every u whose last-axis frequency exceeds `lastHalf`. */
function mirrorHermitian(
  re: Float64Array,
  im: Float64Array,
  shape: readonly number[],
  lastHalf: number,
): void {
  const k = shape.length;
  const digit = new Int32Array(k);
  // Index of −u, kept in step with u's odometer: −u_j = (q_j − u_j) mod q_j.
  const strides = new Float64Array(k);
  for (let j = k - 1, s = 1; j >= 0; s *= shape[j]!, j--) strides[j] = s;
  const n = re.length;
  for (let idx = 0; idx < n; idx++) {
    if (digit[k - 1]! > lastHalf) {
      let neg = 0;
      for (let j = 0; j < k; j++) {
        const d = digit[j]!;
        neg += (d === 0 ? 0 : shape[j]! - d) * strides[j]!;
      }
      re[idx] = re[neg]!;
      im[idx] = -im[neg]!;
    }
    for (let j = k - 1; j >= 0; j--) {
      if (++digit[j]! < shape[j]!) break;
      digit[j] = 0;
    }
  }
}

/** The inverse of `fourierTransform` (no scaling): F back to f. */
export function inverseFourierTransform(re: Float64Array, im: Float64Array, shape: readonly number[]): void {
  checkShape(re, im, shape);
  for (let axis = shape.length - 1; axis >= 0; axis--) transformAxis(re, im, shape, axis, 1, false);
}

function checkShape(re: Float64Array, im: Float64Array, shape: readonly number[]): void {
  const n = gridSize(shape);
  if (re.length !== n || im.length !== n)
    throw new Error(`arrays of length ${re.length}/${im.length} do not match the grid ${shape.join('×')}`);
  if (shape.some((q) => !Number.isInteger(q) || q < 1)) throw new Error(`bad grid ${shape.join('×')}`);
}

/**
 * Walsh–Hadamard transform in place with scaling 1/N (the q = 2 case of `fourierTransform`,
 * by butterflies): F(u) = (1/N) Σ_x f(x)·(−1)^{popcount(u & x)}, bit k−1−j ↔ site j (C order).
 */
export function walshHadamard(f: Float64Array): void {
  const n = f.length;
  if ((n & (n - 1)) !== 0) throw new Error(`Walsh–Hadamard needs a power of two, got ${n}`);
  for (let h = 1; h < n; h *= 2) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const a = f[j]!;
        const b = f[j + h]!;
        f[j] = a + b;
        f[j + h] = a - b;
      }
    }
  }
  for (let i = 0; i < n; i++) f[i]! /= n;
}
