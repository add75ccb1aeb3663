/**
 * The default model's data-fit Hessian at one point, for manifold Newton's CG: each row's
 * derivatives (σ, σ(1 − σ), ∂ŷ/∂φ, ∂²ŷ/∂φ², c·ρ'' and c·ψ), the Hessian's diagonal and its
 * product with a vector. The product H v is one sweep that gathers (X̃v)_i and scatters back,
 * with no exp.
 *
 * The product runs over runs of rows with one design row (fitData.ts groupEnd: one variant's
 * barcodes), not over rows: such rows share φ and so every derivative but c·ρ'' and c·ψ, in
 * which the product is linear, so a run's sums stand for its rows. Delta + BA.2 has 167k runs
 * for 372k rows.
 */
import type { DataFit } from '../../model/dataFit';
import type { ConditionData } from '../../model/fitData';
import { huberPsi } from '../../model/loss';
import { sigmoid } from '../../model/numerics';
import type { Layout } from '../../model/parameters';
import { gatherForces } from '../../model/sigmoidPass';

/** Per row (or per run): c·ρ'', c·ψ, σ, σ(1 − σ), ∂ŷ/∂φ, ∂²ŷ/∂φ². */
interface Derivatives {
  cr: Float64Array;
  cpsi: Float64Array;
  s: Float64Array;
  sp: Float64Array;
  y1: Float64Array;
  y2: Float64Array;
}

function derivatives(n: number): Derivatives {
  const row = () => new Float64Array(n);
  return { cr: row(), cpsi: row(), s: row(), sp: row(), y1: row(), y2: row() };
}

export class DataHessian {
  private readonly rows: Derivatives[];
  /** Per condition, each run's first row, and the run's derivatives (c·ρ'' and c·ψ summed). */
  private readonly runs: (Derivatives & { first: Uint32Array })[];
  /** Per condition and row, ∂²f/∂φ² (the preconditioner's weights, after `diagonal`). */
  readonly weights: Float64Array[];

  constructor(private readonly data: readonly ConditionData[]) {
    this.rows = data.map((c) => derivatives(c.n));
    this.weights = data.map((c) => new Float64Array(c.n));
    this.runs = data.map((c) => {
      const firsts: number[] = [];
      for (let i = 0; i < c.n; i = c.groupEnd[i]!) firsts.push(i);
      return { ...derivatives(firsts.length), first: Uint32Array.from(firsts) };
    });
  }

  /**
   * The derivatives at the data fit's last point (its φ and ŷ), ge_scale `scale`. With `bound`,
   * a row beyond δ takes the iteratively-reweighted weight δ/|r| instead of Huber's own ρ'' = 0:
   * the tightest quadratic above Huber there, so a model that never calls flat a direction the
   * gradient still pulls along.
   */
  prepare(f: DataFit, scale: number, bound = false): void {
    const delta = f.parts.loss.delta;
    this.data.forEach((c, d) => {
      const { cr, cpsi, s, sp, y1, y2 } = this.rows[d]!;
      const phi = f.phi[d]!;
      const yhat = f.yhat[d]!;
      for (let i = 0; i < c.n; i++) {
        const si = sigmoid(phi[i]!);
        const r = c.y[i]! - yhat[i]!;
        s[i] = si;
        sp[i] = si * (1 - si);
        y1[i] = scale * sp[i]!;
        y2[i] = y1[i]! * (1 - 2 * si);
        const a = Math.abs(r);
        cr[i] = a <= delta ? c.c[i]! : bound ? (c.c[i]! * delta) / a : 0;
        cpsi[i] = c.c[i]! * huberPsi(r, delta);
      }
      const run = this.runs[d]!;
      run.first.forEach((first, k) => {
        let sumCr = 0;
        let sumCpsi = 0;
        for (let i = first; i < c.groupEnd[first]!; i++) {
          sumCr += cr[i]!;
          sumCpsi += cpsi[i]!;
        }
        run.cr[k] = sumCr;
        run.cpsi[k] = sumCpsi;
        run.s[k] = s[first]!;
        run.sp[k] = sp[first]!;
        run.y1[k] = y1[first]!;
        run.y2[k] = y2[first]!;
      });
    });
  }

  /**
   * Drops the residual-curvature terms (ρ'·∂²ŷ): what is left is the Gauss–Newton Hessian
   * JᵀDJ, positive semidefinite, for steps where the exact one is not positive on the manifold.
   */
  toGaussNewton(): void {
    for (const row of this.rows) row.cpsi.fill(0);
    for (const run of this.runs) run.cpsi.fill(0);
  }

  /**
   * Condition d's rows weigh factor[d] times as much: the curvature of a weighted sum of the
   * conditions' losses (the log-likelihood's, each condition over its own noise variance).
   */
  scaleConditions(factor: readonly number[]): void {
    for (const [d, f] of factor.entries()) {
      for (const part of [this.rows[d]!, this.runs[d]!]) {
        for (let i = 0; i < part.cr.length; i++) {
          part.cr[i]! *= f;
          part.cpsi[i]! *= f;
        }
      }
    }
  }

  /** diag ← the data fit's Hessian diagonal (β̃, β̃0, ge_scale and ge_bias entries); sets `weights`. */
  diagonal(diag: Float64Array, L: Layout): void {
    diag.fill(0);
    this.data.forEach((c, d) => {
      const { cr, cpsi, s, y1, y2 } = this.rows[d]!;
      const w = this.weights[d]!;
      let hb0 = 0;
      for (let i = 0; i < c.n; i++) {
        w[i] = cr[i]! * y1[i]! * y1[i]! - cpsi[i]! * y2[i]!;
        hb0 += w[i]!;
        diag[L.theta]! += cr[i]! * s[i]! * s[i]!; // ŷ is linear in scale and bias
        diag[L.theta + 1]! += cr[i]!;
      }
      diag[L.beta0 + d] = hb0;
      gatherForces(c.Xt, w, diag, d * L.M, 0, L.M);
    });
  }

  /** out ← H_f v on the β̃, β̃0, ge_scale and ge_bias entries (H_f the data fit's Hessian). */
  times(v: Float64Array, out: Float64Array, L: Layout): void {
    const { M } = L;
    const vs = v[L.theta]!;
    const vb = v[L.theta + 1]!;
    // A plain loop, not forEach: sums mutated inside a closure would live in its context.
    let hs = 0;
    let hb = 0;
    for (let d = 0; d < L.D; d++) {
      const { ptr, idx } = this.data[d]!.X;
      const { first, cr, cpsi, s, sp, y1, y2 } = this.runs[d]!;
      const off = d * M;
      const vb0 = v[L.beta0 + d]!;
      let h0 = 0;
      // Run by run, gathering from and scattering into the M-long slices of v and out (which stay
      // in cache) instead of gathering by column from an n-long force vector (which does not).
      out.fill(0, off, off + M);
      for (let k = 0; k < first.length; k++) {
        const start = ptr[first[k]!]!;
        const end = ptr[first[k]! + 1]!;
        let u = vb0;
        for (let j = start; j < end; j++) u += v[off + idx[j]!]!;
        const a = cr[k]! * (y1[k]! * u + s[k]! * vs + vb);
        const wk = a * y1[k]! - cpsi[k]! * (y2[k]! * u + sp[k]! * vs);
        for (let j = start; j < end; j++) out[off + idx[j]!]! += wk;
        h0 += wk;
        hs += a * s[k]! - cpsi[k]! * sp[k]! * u;
        hb += a;
      }
      out[L.beta0 + d] = h0;
    }
    out[L.theta] = hs;
    out[L.theta + 1] = hb;
  }
}
