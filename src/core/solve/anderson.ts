/**
 * Anderson extrapolation of a fixed-point iteration (as skglm applies to coordinate-descent
 * iterates): from the last K+1 iterates u_0..u_K, with differences r_j = u_{j+1} − u_j, find
 * weights c (Σc = 1) minimising ‖Σ c_j r_j‖ and propose Σ c_j u_{j+1}. The caller accepts the
 * proposal only if it lowers its objective, so a poor extrapolation costs one evaluation.
 */
export class Anderson {
  private readonly history: Float64Array[] = [];
  private readonly gram: Float64Array;

  constructor(
    private readonly size: number,
    private readonly depth = 5,
  ) {
    this.gram = new Float64Array(depth * depth);
  }

  reset(): void {
    this.history.length = 0;
  }

  /** Records an iterate; returns the extrapolated point once enough are known, else undefined. */
  push(iterate: Float64Array): Float64Array | undefined {
    const K = this.depth;
    const copy = this.history.length > K ? this.history.shift()! : new Float64Array(this.size);
    copy.set(iterate);
    this.history.push(copy);
    if (this.history.length <= K) return undefined;
    const h = this.history;
    // Gram matrix of the differences r_j = h[j+1] − h[j].
    const G = this.gram;
    for (let a = 0; a < K; a++) {
      for (let b = a; b < K; b++) {
        let s = 0;
        const ha1 = h[a + 1]!;
        const ha = h[a]!;
        const hb1 = h[b + 1]!;
        const hb = h[b]!;
        for (let k = 0; k < this.size; k++) s += (ha1[k]! - ha[k]!) * (hb1[k]! - hb[k]!);
        G[a * K + b] = G[b * K + a] = s;
      }
    }
    const z = solveSymmetric(G, K);
    if (!z) return undefined;
    const total = z.reduce((s, v) => s + v, 0);
    if (!Number.isFinite(total) || Math.abs(total) < 1e-300) return undefined;
    const out = new Float64Array(this.size);
    for (let j = 0; j < K; j++) {
      const c = z[j]! / total;
      const u = h[j + 1]!;
      for (let k = 0; k < this.size; k++) out[k]! += c * u[k]!;
    }
    return out;
  }
}

/** Solves G z = 1 by Cholesky with a small ridge; undefined if G is numerically singular. */
function solveSymmetric(G: Float64Array, K: number): number[] | undefined {
  let trace = 0;
  for (let a = 0; a < K; a++) trace += G[a * K + a]!;
  if (!(trace > 0)) return undefined;
  const A = Float64Array.from(G);
  for (let a = 0; a < K; a++) A[a * K + a]! += 1e-10 * trace;
  const Lm = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * K + j]!;
      for (let k = 0; k < j; k++) s -= Lm[i * K + k]! * Lm[j * K + k]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        Lm[i * K + i] = Math.sqrt(s);
      } else Lm[i * K + j] = s / Lm[j * K + j]!;
    }
  }
  const y = new Array<number>(K);
  for (let i = 0; i < K; i++) {
    let s = 1;
    for (let k = 0; k < i; k++) s -= Lm[i * K + k]! * y[k]!;
    y[i] = s / Lm[i * K + i]!;
  }
  const z = new Array<number>(K);
  for (let i = K - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < K; k++) s -= Lm[k * K + i]! * z[k]!;
    z[i] = s / Lm[i * K + i]!;
  }
  return z;
}
