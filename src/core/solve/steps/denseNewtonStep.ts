/**
 * The step APG takes on the dense coordinates (β̃0 per condition, θ): a box-constrained Newton
 * step in the metric s·H + damping, H the Gauss–Newton Hessian of the data fit on those
 * coordinates (dataFit.denseHessian). They touch every row and are strongly coupled (ge_scale
 * with every β̃0, ge_bias with them all), so a diagonal metric can only move them as fast as the
 * worst direction allows: on Delta+BA.2 they held APG's tail at ~5,000 iterations.
 */
import { solveBoxQp } from '../linalg/boxQp';
import { choleskySolve } from '../linalg/cholesky';

export class DenseNewtonStep {
  /** The metric of the current step (K × K, row-major), its Cholesky factor and −g. */
  private readonly metric: Float64Array;
  private readonly factor: Float64Array;
  private readonly minusG: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(readonly K: number) {
    this.metric = new Float64Array(K * K);
    this.factor = new Float64Array(K * K);
    this.minusG = new Float64Array(K);
    this.lo = new Float64Array(K);
    this.hi = new Float64Array(K);
  }

  /**
   * δ = argmin gᵀδ + ½δᵀ(s·H + diag(damping))δ subject to lower ≤ y + δ ≤ upper, written
   * into `delta`; returns the model's value gᵀδ + ½δᵀ(…)δ at δ (≤ 0).
   */
  solve(
    H: Float64Array,
    s: number,
    damping: ArrayLike<number>,
    g: ArrayLike<number>,
    y: ArrayLike<number>,
    lower: ArrayLike<number>,
    upper: ArrayLike<number>,
    delta: Float64Array,
  ): number {
    const { K, metric, lo, hi } = this;
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) metric[a * K + b] = s * H[a * K + b]!;
      metric[a * K + a]! += damping[a]!;
      lo[a] = lower[a]! - y[a]!;
      hi[a] = upper[a]! - y[a]!;
    }
    // The unconstrained Newton step is the answer when it stays inside the box (almost always:
    // only ge_scale ≥ 0 and locked values bound these coordinates); otherwise the box QP.
    let inside = this.newton(g, delta);
    for (let a = 0; a < K && inside; a++) inside = delta[a]! >= lo[a]! && delta[a]! <= hi[a]!;
    if (!inside) {
      delta.fill(0);
      solveBoxQp(metric, Float64Array.from(g), lo, hi, delta, 5000, 1e-16);
    }
    let q = 0;
    for (let a = 0; a < K; a++) {
      let md = 0;
      for (let b = 0; b < K; b++) md += metric[a * K + b]! * delta[b]!;
      q += delta[a]! * (g[a]! + 0.5 * md);
    }
    return q;
  }

  /** δ = −metric⁻¹g by Cholesky; false when the metric is not numerically positive definite. */
  private newton(g: ArrayLike<number>, delta: Float64Array): boolean {
    const { K, minusG } = this;
    for (let a = 0; a < K; a++) minusG[a] = -g[a]!;
    return choleskySolve(this.metric, K, minusG, delta, this.factor, 1e-14) && delta.every(Number.isFinite);
  }
}
