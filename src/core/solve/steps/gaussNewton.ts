/**
 * The Gauss–Newton quadratic model of f around x, for the proximal Newton solver:
 *   q(δ) = ∇f(x)ᵀδ + ½ Σ_i c_i (J_i δ)² + ½ Σ_j r_j δ_j²,
 * J_i = ∂ŷ_i/∂x the row Jacobian, r_j ridge plus Levenberg–Marquardt damping μ·W_j (plus the
 * floor below), c_i the row weight (FitData's c) times the loss curvature ρ'' the model uses
 * (lossCurvature): the bound ρ'' ≤ 1 of Huber and squared error, or Huber's own near the end.
 * The exact Huber curvature (0 outside δ) from the start has the line search cut about every
 * other step; the bound keeps steps whole. Near the solution the bound is what holds Newton–CD
 * back (its steps then decrease F more than the model says), so the solver switches to the exact
 * curvature there (useExactCurvature), with each β's curvature floored at
 * GAUSS_NEWTON.curvatureFloor (tuning.ts) of its bound value, since a mutation seen only in rows
 * outside δ would otherwise have a flat model and take an unbounded step. The measurements: bench/solver-tuning.md.
 * Rows of different conditions never share a β coordinate, so a mutation's block of D betas
 * has a diagonal Hessian; β̃0 and θ are dense (they touch every row) and form a small block.
 *
 * The dense block also holds one generalised coordinate E, "move every β of every condition by
 * the same amount" (natural coordinates, so no shift and no penalty changes). Together with the
 * intercepts it spans the valley where β0 rises and all mutation effects fall together (rows
 * carry similar numbers of mutations), along which coordinate descent alone would crawl.
 */
import { newEval } from '../../model/epistasis';
import type { Problem } from '../problem';
import { GAUSS_NEWTON } from '../tuning';

/** Marker in `dense` for the generalised coordinate E (all betas move together). */
export const ALL_BETAS = -1;

export class GaussNewtonModel {
  /** Curvature Σ c_i ρ''_i slope_i² of each β̃ coordinate (without ridge, damping and floor). */
  readonly hBeta: Float64Array;
  /**
   * Per condition, in the order of the design's transpose (column by column, rows ascending):
   * each entry's row slope, and its row weight times slope. The subproblem's beta sweeps read a
   * column's entries in sequence instead of gathering c and slope by row (4× faster sweeps,
   * bench/solver-tuning.md), with the same sums to the bit.
   */
  readonly columnSlope: Float64Array[];
  readonly columnWeightedSlope: Float64Array[];
  /**
   * What does not change between builds, so each build reads one row quantity (the slope) per
   * entry instead of three: per condition, each row's Σ sign of its mutations (the E column's
   * factor) and, in transpose order, each entry's row weight.
   */
  private readonly signedSum: Int32Array[];
  private readonly columnWeight: Float64Array[];
  /** Dense coordinates (free β̃0 and θ entries) and then E (index −1), and their K×K Hessian. */
  readonly dense: Int32Array;
  readonly Hdense: Float64Array;
  /** One row's Jacobian against the dense block, filled row by row during a build. */
  private readonly denseRow: Float64Array;
  /**
   * Per condition, M×K: column m's weighted Jacobian against the dense block,
   * U[m·K + a] = Σ_{i ∈ column m} c_i slope_i J[i, a]. A beta's move ε changes Jᵀ diag(c) v by
   * ε·U[m], and a dense move e changes a beta's model gradient by U[m]·e, so the subproblem
   * never has to pass over the rows for the dense block.
   */
  readonly columnDense: Float64Array[];
  /** Ridge (2λ) of every coordinate; damping μ·W is added by the solver. */
  readonly ridge: Float64Array;
  /**
   * Per condition and row, the loss curvature ρ'' the model uses: 1 (the bound) until
   * useExactCurvature, then Huber's own (0 for residuals beyond δ).
   */
  readonly lossCurvature: Float64Array[];
  /** What each coordinate's curvature lacks to GAUSS_NEWTON.curvatureFloor of its bound value (0 under the bound). */
  readonly curvatureFloor: Float64Array;
  private exact = false;

  constructor(private readonly problem: Problem) {
    const L = problem.layout;
    const fit = problem.dataFit.fit;
    this.hBeta = new Float64Array(L.D * L.M);
    const dense: number[] = [];
    for (let k = L.beta0; k < L.size; k++) if (problem.free[k]) dense.push(k);
    if (L.M > 0) dense.push(ALL_BETAS);
    this.dense = Int32Array.from(dense);
    const K = dense.length;
    this.Hdense = new Float64Array(K * K);
    this.denseRow = new Float64Array(K);
    this.columnDense = fit.data.map(() => new Float64Array(L.M * K));
    this.columnSlope = fit.data.map((c) => new Float64Array(c.Xt.idx.length));
    this.columnWeightedSlope = fit.data.map((c) => new Float64Array(c.Xt.idx.length));
    const sign = fit.sign;
    this.signedSum = fit.data.map((c, d) => {
      const { ptr, idx } = c.X;
      const sums = new Int32Array(c.n);
      for (let i = 0; i < c.n; i++)
        for (let k = ptr[i]!; k < ptr[i + 1]!; k++) sums[i]! += sign[d * L.M + idx[k]!]!;
      return sums;
    });
    // A plain loop: Float64Array.from with a map function took 0.4 s on a 700k-row simulation.
    this.columnWeight = fit.data.map((c) => {
      const w = new Float64Array(c.Xt.idx.length);
      for (let k = 0; k < w.length; k++) w[k] = c.c[c.Xt.idx[k]!]!;
      return w;
    });
    this.lossCurvature = fit.data.map((c) => new Float64Array(c.n).fill(1));
    this.curvatureFloor = new Float64Array(L.size);
    this.ridge = new Float64Array(L.size);
    const parts = problem.dataFit.parts;
    for (let k = 0; k < L.beta0; k++) this.ridge[k] = 2 * problem.dataFit.betaRidge[k]!;
    for (let j = 0; j < L.T; j++) this.ridge[L.theta + j] = 2 * parts.ridgeTheta[j]!;
  }

  /** From the next build on, Huber's exact curvature instead of the bound (squared error: no change). */
  useExactCurvature(): void {
    this.exact = this.problem.dataFit.parts.loss.delta < Infinity;
  }

  /** Rebuilds the model at x; the data fit's last valueAndGradient must have been at x. */
  build(x: Float64Array): void {
    const problem = this.problem;
    const f = problem.dataFit;
    const L = problem.layout;
    const { M, T } = L;
    const g = f.parts.epistasis;
    const t = f.parts.activation;
    const e = newEval(g);
    const theta = x.subarray(L.theta, L.theta + T);
    const K = this.dense.length;
    // Where each dense coordinate sits: β̃0 of condition d → slot, θ_j → slot.
    const beta0Slot = new Int32Array(L.D).fill(-1);
    const thetaSlot = new Int32Array(T).fill(-1);
    let allSlot = -1;
    this.dense.forEach((k, a) => {
      if (k === ALL_BETAS) allSlot = a;
      else if (k < L.theta) beta0Slot[k - L.beta0] = a;
      else thetaSlot[k - L.theta] = a;
    });
    this.Hdense.fill(0);
    const H = this.Hdense;
    f.fit.data.forEach((c, d) => {
      const slope = f.slope[d]!;
      const phi = f.phi[d]!;
      const J = this.denseRow;
      J.fill(0); // the other conditions' intercepts stay 0
      const signedSum = this.signedSum[d]!;
      const s0 = beta0Slot[d]!;
      const U = this.columnDense[d]!;
      U.fill(0);
      const { ptr, idx } = c.X;
      const rho2 = this.lossCurvature[d]!;
      if (this.exact) {
        const yhat = f.yhat[d]!;
        const delta = f.parts.loss.delta;
        for (let i = 0; i < c.n; i++) rho2[i] = Math.abs(c.y[i]! - yhat[i]!) <= delta ? 1 : 0;
      }
      for (let i = 0; i < c.n; i++) {
        const ci = c.c[i]! * rho2[i]!;
        const si = slope[i]!;
        if (s0 >= 0) J[s0] = si;
        if (allSlot >= 0) J[allSlot] = si * signedSum[i]!;
        if (T > 0) {
          g.evaluate(phi[i]!, theta, e, true);
          const dt = t.du(e.g);
          for (let j = 0; j < T; j++) if (thetaSlot[j]! >= 0) J[thetaSlot[j]!] = dt * e.dtheta[j]!;
        }
        for (let a = 0; a < K; a++) {
          const ja = ci * J[a]!;
          if (ja === 0) continue;
          for (let b = a; b < K; b++) H[a * K + b]! += ja * J[b]!;
        }
        const wi = ci * si;
        for (let k = ptr[i]!; k < ptr[i + 1]!; k++) {
          const u = idx[k]! * K;
          for (let a = 0; a < K; a++) U[u + a]! += wi * J[a]!;
        }
      }
      // By columns: each entry's slope and weighted slope, and their products summed per column
      // in ascending row order (and under the bound, for the floor).
      const Xt = c.Xt;
      const s = this.columnSlope[d]!;
      const ws = this.columnWeightedSlope[d]!;
      const cw = this.columnWeight[d]!;
      const off = d * M;
      for (let m = 0; m < M; m++) {
        let h = 0;
        let bound = 0;
        for (let k = Xt.ptr[m]!; k < Xt.ptr[m + 1]!; k++) {
          const i = Xt.idx[k]!;
          const sk = slope[i]!;
          s[k] = sk;
          const b = cw[k]! * sk;
          ws[k] = b * rho2[i]!;
          h += ws[k]! * sk;
          bound += b * sk;
        }
        this.hBeta[off + m] = h;
        this.curvatureFloor[off + m] = this.exact ? Math.max(0, GAUSS_NEWTON.curvatureFloor * bound - h) : 0;
      }
    });
    for (let a = 0; a < K; a++) for (let b = 0; b < a; b++) H[a * K + b] = H[b * K + a]!;
  }
}
