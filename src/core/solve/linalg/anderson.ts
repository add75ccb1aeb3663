/**
 * Anderson extrapolation of a fixed-point iteration (as skglm applies to coordinate-descent
 * iterates): from the last K+1 iterates u_0..u_K, with differences r_j = u_{j+1} − u_j, find
 * weights c (Σc = 1) minimising ‖Σ c_j r_j‖ and propose Σ c_j u_{j+1}. The caller accepts the
 * proposal only if it lowers its objective, so a poor extrapolation costs one evaluation.
 */
import { choleskySolve } from './cholesky';

export class Anderson {
  /** The last depth + 1 iterates, a ring of buffers allocated once (iterates can be megabytes). */
  private readonly ring: Float64Array[] = [];
  /** Ring slot of the oldest iterate, and how many iterates are known. */
  private start = 0;
  private count = 0;
  /**
   * Gram matrix of the differences r_j = u_{j+1} − u_j of the known iterates (u_0 the oldest):
   * a new iterate adds one row of dot products, instead of recomputing all depth(depth+1)/2.
   */
  private readonly gram: Float64Array;
  private readonly out: Float64Array;

  constructor(
    private readonly size: number,
    private readonly depth = 5,
  ) {
    this.gram = new Float64Array(depth * depth);
    this.out = new Float64Array(size);
  }

  reset(): void {
    this.count = 0;
  }

  private iterate(j: number): Float64Array {
    return this.ring[(this.start + j) % (this.depth + 1)]!;
  }

  /**
   * Records an iterate; returns the extrapolated point once enough are known, else undefined.
   * The returned array is reused: it is valid until the next call.
   */
  push(iterate: Float64Array): Float64Array | undefined {
    const K = this.depth;
    const G = this.gram;
    if (this.count === K + 1) {
      // Forget the oldest iterate: difference j + 1 becomes difference j.
      this.start = (this.start + 1) % (K + 1);
      this.count--;
      for (let a = 0; a < K - 1; a++) for (let b = 0; b < K - 1; b++) G[a * K + b] = G[(a + 1) * K + b + 1]!;
    }
    const slot = (this.start + this.count) % (K + 1);
    (this.ring[slot] ??= new Float64Array(this.size)).set(iterate);
    this.count++;
    if (this.count >= 2) {
      const j = this.count - 2;
      const u1 = this.iterate(j + 1);
      const u0 = this.iterate(j);
      for (let b = 0; b <= j; b++) {
        const v1 = this.iterate(b + 1);
        const v0 = this.iterate(b);
        let s = 0;
        for (let k = 0; k < this.size; k++) s += (v1[k]! - v0[k]!) * (u1[k]! - u0[k]!);
        G[b * K + j] = G[j * K + b] = s;
      }
    }
    if (this.count <= K) return undefined;
    const z = solveSymmetric(G, K);
    if (!z) return undefined;
    const total = z.reduce((s, v) => s + v, 0);
    if (!Number.isFinite(total) || Math.abs(total) < 1e-300) return undefined;
    const out = this.out;
    out.fill(0);
    for (let j = 0; j < K; j++) {
      const c = z[j]! / total;
      const u = this.iterate(j + 1);
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
  const z = new Array<number>(K);
  const ones = new Array<number>(K).fill(1);
  return choleskySolve(A, K, ones, z, new Float64Array(K * K)) ? z : undefined;
}
