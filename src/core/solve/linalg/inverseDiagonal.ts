/**
 * The diagonal of H⁻¹ for a large sparse symmetric positive definite H known only by its
 * products. Exact inversion is out of reach
 * (XBB.1.5's H has ~15,000 rows: a dense Cholesky is ~10¹² flops), so the entries are estimated
 * by Hutchinson's method on the Jacobi-scaled matrix C = D^{-1/2} H D^{-1/2} (D = diag H):
 * for Rademacher probes v, E[v vᵀ] = I, so E[v_a (C⁻¹v)_a] = (C⁻¹)_aa = D_a (H⁻¹)_aa. Each probe is one solve, by conjugate gradients on C (Jacobi-
 * preconditioned CG on H). The estimate of an entry errs by a sum over the off-diagonal entries of
 * C⁻¹ in its row, each times a random sign, over the number of probes: the scaling makes C's
 * diagonal 1, so that error is relative to the entry's own size, not to the largest row's.
 * A diagonal entry is never below 1/D_a (Cauchy–Schwarz: (e_aᵀH⁻¹e_a)(e_aᵀHe_a) ≥ 1), the
 * floor the estimate is held to.
 */
import { Random } from '../../random';

export interface InverseEntriesOptions {
  /** Random probes (each one solve). */
  probes: number;
  seed: number;
  /** CG stops once ‖r‖ ≤ tolerance · ‖b‖ in the scaled system, or after maxIterations. */
  tolerance: number;
  maxIterations: number;
  shouldStop?: () => boolean;
}

export interface InverseEntries {
  /** (H⁻¹)_aa per coordinate (NaN off `free`). */
  diagonal: Float64Array;
  /** CG iterations over all probes, and whether every solve met its tolerance. */
  iterations: number;
  solved: boolean;
  /** Probes done (fewer than asked when stopped). */
  probes: number;
}

/**
 * `times(v, out)`: out ← H v (H symmetric; only `free` coordinates are read and written);
 * `diag`: H's diagonal.
 */
export function inverseEntries(
  times: (v: Float64Array, out: Float64Array) => void,
  diag: Float64Array,
  free: Uint8Array,
  options: InverseEntriesOptions,
): InverseEntries {
  const n = diag.length;
  const root = new Float64Array(n);
  for (let k = 0; k < n; k++) root[k] = free[k] && diag[k]! > 0 ? Math.sqrt(diag[k]!) : 0;
  const accDiag = new Float64Array(n);
  const v = new Float64Array(n);
  const rhs = new Float64Array(n);
  const u = new Float64Array(n);
  const cg = new ScaledCg(times, root, options);
  const random = new Random(options.seed);
  let probes = 0;
  let solved = true;
  while (probes < options.probes && !options.shouldStop?.()) {
    for (let k = 0; k < n; k++) {
      v[k] = root[k]! > 0 ? (random.uint32() & 1 ? 1 : -1) : 0;
      rhs[k] = v[k]!;
    }
    solved = cg.solve(rhs, u) && solved;
    // u = C⁻¹ v: accumulate v_a u_a.
    for (let k = 0; k < n; k++) accDiag[k]! += v[k]! * u[k]!;
    probes++;
  }
  const diagonal = new Float64Array(n).fill(NaN);
  for (let k = 0; k < n; k++) if (root[k]! > 0) diagonal[k] = Math.max(accDiag[k]! / probes, 1) / diag[k]!;
  return { diagonal, iterations: cg.iterations, solved, probes };
}

/**
 * Conjugate gradients on C = R⁻¹ H R⁻¹ (R = diag(root)), coordinates with root 0 held at 0:
 * Jacobi-preconditioned CG on H when root = √diag H.
 */
export class ScaledCg {
  iterations = 0;
  private readonly r: Float64Array;
  private readonly p: Float64Array;
  private readonly q: Float64Array;
  private readonly hq: Float64Array;

  constructor(
    private readonly times: (v: Float64Array, out: Float64Array) => void,
    private readonly root: Float64Array,
    private readonly options: Pick<InverseEntriesOptions, 'tolerance' | 'maxIterations'>,
  ) {
    const n = root.length;
    this.r = new Float64Array(n);
    this.p = new Float64Array(n);
    this.q = new Float64Array(n);
    this.hq = new Float64Array(n);
  }

  /** x ← C⁻¹ b; whether the residual met the tolerance. */
  solve(b: Float64Array, x: Float64Array): boolean {
    const { r, p, q, hq, root } = this;
    const n = root.length;
    x.fill(0);
    r.set(b);
    p.set(b);
    let rr = dot(r, r);
    const stop = this.options.tolerance ** 2 * rr;
    for (let it = 0; it < this.options.maxIterations && rr > stop; it++) {
      // C p = R⁻¹ H R⁻¹ p.
      for (let k = 0; k < n; k++) q[k] = root[k]! > 0 ? p[k]! / root[k]! : 0;
      this.times(q, hq);
      for (let k = 0; k < n; k++) q[k] = root[k]! > 0 ? hq[k]! / root[k]! : 0;
      const pq = dot(p, q);
      if (!(pq > 0)) return false;
      const alpha = rr / pq;
      for (let k = 0; k < n; k++) {
        x[k]! += alpha * p[k]!;
        r[k]! -= alpha * q[k]!;
      }
      const next = dot(r, r);
      const beta = next / rr;
      rr = next;
      for (let k = 0; k < n; k++) p[k] = r[k]! + beta * p[k]!;
      this.iterations++;
    }
    return rr <= stop;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}
