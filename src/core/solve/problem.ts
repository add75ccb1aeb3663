/**
 * The composite problem the solvers minimise:  F(x) = f(x) + λ·P(x) + ι_C(x),
 * f the data fit (smooth), P the shift penalty (per mutation, across conditions, in natural
 * coordinates), C the box of θ bounds and the locked coordinates. The non-smooth part is
 * separable over mutations, so its proximal map in any diagonal metric h is exact, the
 * penalty's own per mutation (model/shiftPenalty.ts):
 *  - reference-based: the weighted star prox;
 *  - all-pairs: the pool-adjacent-violators prox, which needs one weight per mutation, so the
 *    metric is first harmonised to max_d h_{d,m} (a valid, more conservative metric);
 *  - θ: projection on its bounds; locked coordinates: their value.
 */
import type { DataFit } from '../model/dataFit';
import type { Locks } from '../model/model';
import type { ShiftPenaltyName } from '../model/options';
import { fusionWeights, shiftPenalty, type ShiftPenalty } from '../model/shiftPenalty';

export class Problem {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** 1 for coordinates the solver may change. */
  readonly free: Uint8Array;
  /** Data-only diagonal metric W (loss weight each coordinate touches; floored), harmonised. */
  readonly W: Float64Array;
  private readonly cIn: Float64Array;
  private readonly wIn: Float64Array;
  private readonly uOut: Float64Array;
  private readonly blockScratch: Float64Array;
  /** The shift penalty at λ (natural coordinates, one mutation at a time). */
  readonly penalty: ShiftPenalty;

  constructor(
    readonly dataFit: DataFit,
    readonly lambda: number,
    penalty: ShiftPenaltyName,
    readonly locks: Locks,
    /** multidms `scale_fusion_by_n`: each condition's shift term weighted by n_ref/n_d. */
    scaleFusionByN = false,
  ) {
    const L = dataFit.layout;
    const fit = dataFit.fit;
    this.penalty = shiftPenalty(penalty, lambda, fit.reference, L.D, fusionWeights(fit, scaleFusionByN));
    this.lower = new Float64Array(L.size).fill(-Infinity);
    this.upper = new Float64Array(L.size).fill(Infinity);
    const g = dataFit.parts.epistasis;
    for (let j = 0; j < L.T; j++) {
      this.lower[L.theta + j] = g.lower[j]!;
      this.upper[L.theta + j] = g.upper[j]!;
    }
    this.free = new Uint8Array(L.size).fill(1);
    locks.index.forEach((j, k) => {
      this.lower[j] = this.upper[j] = locks.value[k]!;
      this.free[j] = 0;
    });
    // W: column weights for β̃; Σc = 1/D for β̃0_d; 1 for θ. Floored at one row's weight so
    // that mutations unseen in a condition still get a finite step.
    let floor = Infinity;
    for (const c of fit.data) for (const w of c.c) if (w > 0 && w < floor) floor = w;
    this.W = new Float64Array(L.size);
    for (let k = 0; k < L.beta0; k++) this.W[k] = Math.max(fit.columnWeight[k]!, floor);
    for (let d = 0; d < L.D; d++) this.W[L.beta0 + d] = 1 / L.D;
    for (let j = 0; j < L.T; j++) this.W[L.theta + j] = 1;
    this.harmonise(this.W);
    this.cIn = new Float64Array(L.D);
    this.wIn = new Float64Array(L.D);
    this.uOut = new Float64Array(L.D);
    this.blockScratch = new Float64Array(L.D);
  }

  get layout() {
    return this.dataFit.layout;
  }

  /** Where the penalty's prox needs it, each mutation's metric made uniform (max over conditions). */
  harmonise(h: Float64Array): void {
    if (!this.penalty.uniformMetric || this.lambda === 0) return;
    const { D, M } = this.layout;
    for (let m = 0; m < M; m++) {
      let w = 0;
      for (let d = 0; d < D; d++) w = Math.max(w, h[d * M + m]!);
      for (let d = 0; d < D; d++) h[d * M + m] = w;
    }
  }

  /** λ·P(x) (natural-coordinate shifts of the fitting coordinates). */
  penaltyValue(x: Float64Array): number {
    if (this.lambda === 0 || this.layout.D === 1) return 0;
    const { D, M } = this.layout;
    const sign = this.dataFit.fit.sign;
    const u = this.blockScratch;
    let s = 0;
    for (let m = 0; m < M; m++) {
      for (let d = 0; d < D; d++) u[d] = sign[d * M + m]! * x[d * M + m]!;
      s = this.penalty.addTo(s, u);
    }
    return this.lambda * s;
  }

  /** λ·P of mutation m alone, z its D betas in fitting coordinates (rareBlocks.ts). */
  blockPenalty(m: number, z: ArrayLike<number>): number {
    if (this.lambda === 0 || this.layout.D === 1) return 0;
    const { D, M } = this.layout;
    const sign = this.dataFit.fit.sign;
    const u = this.blockScratch;
    for (let d = 0; d < D; d++) u[d] = sign[d * M + m]! * z[d]!;
    return this.lambda * this.penalty.addTo(0, u);
  }

  /**
   * out = argmin_z  (1/2)‖z − v‖²_h + λP(z) + ι_C(z): the prox of the non-smooth part in the
   * diagonal metric h (already harmonised where the penalty needs it). `out` may alias `v`.
   */
  prox(v: Float64Array, h: Float64Array, out: Float64Array): void {
    const L = this.layout;
    const { D, M } = L;
    if (this.lambda > 0 && D > 1) {
      const { cIn, wIn, uOut } = this;
      for (let m = 0; m < M; m++) {
        for (let d = 0; d < D; d++) {
          cIn[d] = v[d * M + m]!;
          wIn[d] = h[d * M + m]!;
        }
        this.proxBlock(m, cIn, wIn, uOut);
        for (let d = 0; d < D; d++) out[d * M + m] = uOut[d]!;
      }
    } else if (out !== v) out.set(v.subarray(0, L.beta0));
    for (let k = L.beta0; k < L.size; k++) {
      const z = v[k]!;
      out[k] = z < this.lower[k]! ? this.lower[k]! : z > this.upper[k]! ? this.upper[k]! : z;
    }
  }

  /**
   * Prox of mutation m's block alone: z and out hold its D betas in fitting coordinates, h their
   * metric weights (harmonised where the penalty needs it). `out` may alias `z`.
   */
  proxBlock(m: number, z: ArrayLike<number>, h: ArrayLike<number>, out: Float64Array): void {
    const { D, M } = this.layout;
    const sign = this.dataFit.fit.sign;
    const u = this.blockScratch;
    for (let d = 0; d < D; d++) u[d] = sign[d * M + m]! * z[d]!;
    this.penalty.prox(u, h, u);
    for (let d = 0; d < D; d++) out[d] = sign[d * M + m]! * u[d]!;
  }

  /** out = prox^h(x − h⁻¹ ∘ grad): one proximal-gradient step in metric h. */
  proxGradientStep(x: Float64Array, grad: Float64Array, h: Float64Array, out: Float64Array): void {
    for (let k = 0; k < x.length; k++) out[k] = x[k]! - grad[k]! / h[k]!;
    this.prox(out, h, out);
    for (let k = 0; k < x.length; k++) if (!this.free[k]) out[k] = x[k]!;
  }

  /** x made feasible: θ clipped to its bounds, locked coordinates at their values. */
  project(x: Float64Array): void {
    const L = this.layout;
    for (let k = L.beta0; k < L.size; k++) x[k] = Math.min(Math.max(x[k]!, this.lower[k]!), this.upper[k]!);
  }

  /** F(x) = f(x) + λP(x), with f's side arrays (phi, yhat, …) left at x. */
  objective(x: Float64Array): number {
    return this.dataFit.value(x) + this.penaltyValue(x);
  }
}

/**
 * Stationarity certificate: the prox-gradient mapping in the data-only metric W,
 *   G(x) = x − prox^W(x − W⁻¹∇f(x)),
 * as a max norm. Each entry is an average residual force on one parameter in score units, so
 * rare mutations count as much as common ones, and it still vanishes along saturated (weakly
 * identified) directions. Solvers stop when ‖G(x)‖∞ ≤ tol · ‖G(x₀)‖∞, x₀ the default cold start.
 */
export function stationarity(
  problem: Problem,
  x: Float64Array,
  grad: Float64Array,
  scratch: Float64Array,
): number {
  problem.proxGradientStep(x, grad, problem.W, scratch);
  let g = 0;
  for (let k = 0; k < x.length; k++) g = Math.max(g, Math.abs(x[k]! - scratch[k]!));
  return g;
}
