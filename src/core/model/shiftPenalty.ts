/**
 * The shift penalties as objects, in the way skglm gives each penalty its value and prox: one
 * mutation's D betas u in natural coordinates (the caller undoes the design's sign flips), its
 * exact proximal map and its λ_max. Solvers ask a penalty what it needs (a uniform metric, fusion
 * to the reference) and never switch on its kind.
 */
import type { FitData } from './fitData';
import type { ShiftPenaltyName } from './options';
import { proxAllPairs, proxStar } from './shiftProx';

export interface ShiftPenalty {
  readonly name: ShiftPenaltyName;
  readonly lambda: number;
  /** The prox takes one metric weight per mutation: a caller harmonises its D weights to their max. */
  readonly uniformMetric: boolean;
  /**
   * A zero shift fuses a condition to the reference alone, so the pattern of zero shifts is a set
   * of (condition, mutation) pairs (manifoldNewton.ts's manifold, the multidms baseline's ADMM).
   */
  readonly fusesToReference: boolean;
  /**
   * s + P(u), λ not applied, adding P's terms one by one to s: a total over mutations is then the
   * same to the bit whether it is one loop or a call per mutation.
   */
  addTo(s: number, u: ArrayLike<number>): number;
  /** out = argmin_z Σ_d (w_d / 2)(z_d − c_d)² + λ·P(z). `out` may alias `c`; weights positive. */
  prox(c: ArrayLike<number>, w: ArrayLike<number>, out: Float64Array): void;
  /**
   * The smallest λ at which equal betas (every shift zero) are optimal for a mutation whose data
   * fit has gradient g per condition, g taken where they are equal and optimal (so Σ_d g_d = 0).
   */
  lambdaMax(g: ArrayLike<number>): number;
  /** Where the penalty fuses to the reference: the weight ω_d of condition d's term λω_d|u_d − u_r|. */
  shiftWeight?(d: number): number;
}

/**
 * multidms's `scale_fusion_by_n`: condition d's shift term weighted by n_ref/n_d, its training
 * variants against the reference's, so a condition with fewer variants needs more evidence
 * for a shift. `rows[d]` = n_d.
 */
export function fusionWeightsByN(rows: ArrayLike<number>, reference: number): Float64Array {
  const nRef = rows[reference]!;
  return Float64Array.from({ length: rows.length }, (_, d) => {
    const n = rows[d]!;
    if (d === reference) return 1;
    if (!(n > 0)) throw new Error(`condition ${d} has no training variants to scale its fusion by`);
    return nRef / n;
  });
}

/** The condition weights of a fit's penalty: n_ref/n_d over its training rows, or none. */
export function fusionWeights(
  fit: Pick<FitData, 'data' | 'reference'>,
  scaleByN: boolean,
): Float64Array | undefined {
  return scaleByN
    ? fusionWeightsByN(
        fit.data.map((c) => c.n),
        fit.reference,
      )
    : undefined;
}

/**
 * Σ_{d≠r} ω_d |u_d − u_r|: each condition's shift from the reference, ω_d = 1 unless `weights`
 * are given (fusionWeightsByN).
 */
export class ReferenceShifts implements ShiftPenalty {
  readonly name = 'reference';
  readonly uniformMetric = false;
  readonly fusesToReference = true;
  private readonly scratch: Float64Array;

  constructor(
    readonly lambda: number,
    readonly reference: number,
    conditions: number,
    private readonly weights?: Float64Array,
  ) {
    this.scratch = new Float64Array(2 * conditions);
  }

  addTo(s: number, u: ArrayLike<number>): number {
    const ur = u[this.reference]!;
    const w = this.weights;
    for (let d = 0; d < u.length; d++)
      if (d !== this.reference) s += w ? w[d]! * Math.abs(u[d]! - ur) : Math.abs(u[d]! - ur);
    return s;
  }

  prox(c: ArrayLike<number>, w: ArrayLike<number>, out: Float64Array): void {
    proxStar(c, w, this.reference, this.lambda, out, this.scratch, this.weights);
  }

  /** With β_ref at its optimum, each shift is a lasso coordinate of its own: max_{d≠r} |g_d|/ω_d. */
  lambdaMax(g: ArrayLike<number>): number {
    let max = 0;
    for (let d = 0; d < g.length; d++)
      if (d !== this.reference) max = Math.max(max, Math.abs(g[d]!) / this.shiftWeight(d));
    return max;
  }

  shiftWeight(d: number): number {
    return this.weights ? this.weights[d]! : 1;
  }
}

/** Σ_{d<d'} |u_d − u_d'|: every pair of conditions, none singled out. */
export class AllPairsShifts implements ShiftPenalty {
  readonly name = 'all-pairs';
  readonly uniformMetric = true;
  readonly fusesToReference = false;
  private readonly sorted: Float64Array;

  constructor(
    readonly lambda: number,
    conditions: number,
  ) {
    this.sorted = new Float64Array(conditions);
  }

  addTo(s: number, u: ArrayLike<number>): number {
    for (let a = 0; a < u.length; a++) {
      const ua = u[a]!;
      for (let b = a + 1; b < u.length; b++) s += Math.abs(ua - u[b]!);
    }
    return s;
  }

  /** The weights must be equal (uniformMetric): the first is used. */
  prox(c: ArrayLike<number>, w: ArrayLike<number>, out: Float64Array): void {
    proxAllPairs(c, w[0]!, this.lambda, out);
  }

  /**
   * Equal betas are optimal when −g is a flow on the complete graph of conditions with capacity λ
   * per edge: by the max-flow min-cut theorem, when Σ_{d∈S} g_d ≤ λ·|S|·(D − |S|) for every set S of
   * conditions. For each size k the largest Σ_S g is the k largest g summed, so
   * λ_max = max_k (top-k sum) / (k(D − k)), and the bottom-k sums cover Σ_d g_d ≠ 0 by rounding.
   */
  lambdaMax(g: ArrayLike<number>): number {
    const D = g.length;
    const v = this.sorted;
    for (let d = 0; d < D; d++) v[d] = g[d]!;
    v.sort();
    let max = 0;
    let low = 0;
    let high = 0;
    for (let k = 1; k < D; k++) {
      low += v[k - 1]!;
      high += v[D - k]!;
      max = Math.max(max, high / (k * (D - k)), -low / (k * (D - k)));
    }
    return max;
  }
}

/**
 * The penalty of that name at λ, for D conditions with the given reference; `weights` (the
 * reference penalty only) weight each condition's term.
 */
export function shiftPenalty(
  name: ShiftPenaltyName,
  lambda: number,
  reference: number,
  conditions: number,
  weights?: Float64Array,
): ShiftPenalty {
  if (weights && name !== 'reference') throw new Error('only the reference penalty takes condition weights');
  return name === 'reference'
    ? new ReferenceShifts(lambda, reference, conditions, weights)
    : new AllPairsShifts(lambda, conditions);
}
