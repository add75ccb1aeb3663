/**
 * The data-fit pass for the default model (sigmoid global epistasis, identity output, Huber or
 * squared loss), written out as monomorphic loops. The generic pass (dataFit.ts) calls the
 * epistasis, activation and loss through interfaces per row and computes φ in a separate sweep;
 * here σ (numerics.ts), ρ and ψ (loss.ts) are called directly.
 *
 * A pass is two kinds of work (passPlan.ts cuts them into items for any number of threads):
 *  - rows: φ, ŷ and, for a gradient, each row's slope dŷ/dφ and force ∂f/∂φ, with the rows'
 *    partial sums of the loss and of the dense gradient entries;
 *  - columns: each β's gradient Σ_{i∈column} force_i, gathered through the transpose.
 * The gather adds a column's forces in ascending row order, exactly as scattering them from the
 * row loop did, so ∇β is the same to the bit; and it is faster than scattering from the row loop,
 * whose writes stall on each other (bench/measurements.md).
 * Checked against a row-by-row computation in test/unit/core/model/dataFit.test.ts.
 */
import type { BinaryCsr } from '../sparse';
import { denseCurvature, huberPsi, huberValue } from './loss';
import { sigmoid } from './numerics';

export interface SigmoidRows {
  n: number;
  X: BinaryCsr;
  /** The design by columns, for the gradient's gather. */
  Xt: BinaryCsr;
  /** Rows i … groupEnd[i] − 1 share row i's design row, so its latent and sigmoid. */
  groupEnd: Uint32Array;
  y: Float64Array;
  c: Float64Array;
}

/** Per-row outputs of the pass (slope and force only with a gradient). */
export interface RowOutputs {
  phi: Float64Array;
  yhat: Float64Array;
  slope: Float64Array;
  force: Float64Array;
}

/** What a pass computes besides the value, and how it finds φ. */
export interface PassMode {
  /** Each row's slope and force, the dense gradient entries and (columns phase) ∇β̃. */
  gradient: boolean;
  /** With the gradient: the dense Gauss–Newton Hessian sums (only APG's step reads them). */
  curvature: boolean;
  /**
   * NaN: φ = β̃0 + Σ_m x_m over each row's mutations. A number ω: x = a + ω(a − b), a and b the
   * last two points whose latents were kept (DataFit.keepLatent; `newest` says which slot holds
   * a), and φ is extrapolated in the same way, as φ is linear in β̃0 and β̃: one multiply-add
   * per row instead of a gather over the row's mutations.
   */
  extrapolate: number;
  newest: number;
}

/**
 * Partial sums the row pass writes, in this order, at `sums[at …]`: the rows' loss
 * Σ c_i ρ(y_i − ŷ_i) and, with a gradient, ∂f/∂β̃0, ∂f/∂ge_scale and ∂f/∂ge_bias, then (with
 * curvature, else 0) the Gauss–Newton curvature Σ c_i ρ''(r_i) J_a J_b (ρ'' floored beyond δ,
 * loss.ts denseCurvature) of the pairs (β̃0, β̃0),
 * (β̃0, scale), (β̃0, bias), (scale, scale), (scale, bias), (bias, bias), J = ∂ŷ/∂(β̃0, scale, bias).
 */
export const ROW_SUMS = 10;

/**
 * Rows [from, to) of one condition at β̃ = x[off …], β̃0 = b0; `delta` is the Huber threshold
 * (Infinity for squared error); `kept` holds the condition's kept latents (mode.extrapolate).
 */
export function sigmoidRowsPass(
  rows: SigmoidRows,
  from: number,
  to: number,
  x: Float64Array,
  off: number,
  b0: number,
  scale: number,
  bias: number,
  delta: number,
  out: RowOutputs,
  mode: PassMode,
  kept: readonly Float64Array[],
  sums: Float64Array,
  at: number,
): void {
  const { ptr, idx } = rows.X;
  const { y, c, groupEnd } = rows;
  const { phi, yhat, slope, force } = out;
  const withGradient = mode.gradient;
  const withCurvature = mode.gradient && mode.curvature;
  const omega = mode.extrapolate;
  const extrapolate = !Number.isNaN(omega);
  const latest = kept[mode.newest]!;
  const older = kept[1 - mode.newest]!;
  let loss = 0;
  let gb0 = 0;
  let gScale = 0;
  let gBias = 0;
  let h00 = 0;
  let h0s = 0;
  let h0b = 0;
  let hss = 0;
  let hsb = 0;
  let hbb = 0;
  for (let first = from; first < to;) {
    // A run of rows with one design row (one variant's barcodes): φ and σ once for the run.
    const end = Math.min(groupEnd[first]!, to);
    let z: number;
    if (extrapolate) {
      const a = latest[first]!;
      z = a + omega * (a - older[first]!);
    } else {
      const stop = ptr[first + 1]!;
      z = b0;
      for (let k = ptr[first]!; k < stop; k++) z += x[off + idx[k]!]!;
    }
    const s = sigmoid(z);
    const pred = scale * s + bias;
    const sl = scale * s * (1 - s);
    for (let i = first; i < end; i++) {
      phi[i] = z;
      yhat[i] = pred;
      const r = y[i]! - pred;
      const w = c[i]!;
      loss += w * huberValue(r, delta);
      if (!withGradient) continue;
      slope[i] = sl;
      const dLdy = -w * huberPsi(r, delta);
      const fz = dLdy * sl;
      force[i] = fz;
      gb0 += fz;
      gScale += dLdy * s;
      gBias += dLdy;
      if (!withCurvature) continue;
      // ρ'' of Huber, floored beyond δ (loss.ts; squared error: δ = ∞, always 1).
      const cw = w * denseCurvature(r, delta);
      const cs = cw * s;
      h00 += cw * sl * sl;
      h0s += cs * sl;
      h0b += cw * sl;
      hss += cs * s;
      hsb += cs;
      hbb += cw;
    }
    first = end;
  }
  sums[at] = loss;
  sums[at + 1] = gb0;
  sums[at + 2] = gScale;
  sums[at + 3] = gBias;
  sums[at + 4] = h00;
  sums[at + 5] = h0s;
  sums[at + 6] = h0b;
  sums[at + 7] = hss;
  sums[at + 8] = hsb;
  sums[at + 9] = hbb;
}

/** grad[off + m] = Σ_{i ∈ column m} force_i for columns [from, to) (rows ascending). */
export function gatherForces(
  Xt: BinaryCsr,
  force: Float64Array,
  grad: Float64Array,
  off: number,
  from: number,
  to: number,
): void {
  const { ptr, idx } = Xt;
  for (let m = from; m < to; m++) {
    const end = ptr[m + 1]!;
    let s = 0;
    for (let k = ptr[m]!; k < end; k++) s += force[idx[k]!]!;
    grad[off + m] = s;
  }
}
