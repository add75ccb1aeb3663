/**
 * Standard errors of each β and shift from the Gauss–Newton curvature at the fitted point, in
 * its diagonal approximation. For condition d, with row weights w_i (the loss weights rescaled
 * to mean 1, so 1 unless variance weighting is on), residuals r_i = y_i − ŷ_i and slopes
 * s_i = dŷ_i/dφ_i of the training rows:
 *   σ_d² = Σ_i w_i r_i² / (n_d − p_d)        (p_d: mutations seen in d, plus β0 and θ),
 *   h_{d,m} = Σ_{i carries m} w_i s_i²,       se(β_{d,m}) = σ_d / √h_{d,m},
 *   se(shift_{d,m}) = √(se(β_{d,m})² + se(β_{ref,m})²)   (the two conditions' data are independent).
 * This is the least-squares covariance with every other parameter held at its fitted value: it
 * leaves out the coupling between mutations that share variants, the shrinkage of the lasso and
 * the ridge, and the pooling a zero shift does across conditions. So it is a yardstick of how
 * much data stand behind an estimate — a shift many standard errors from zero is supported by
 * its own condition's and the reference's variants — not a calibrated interval: in the bundled
 * example's combined fit the true β fall inside ±1.645 se for 50–54 % of mutations. Where a condition has no data
 * on a mutation (h = 0) its standard error is Infinity.
 */
import type { DataFit } from '../model/dataFit';

export interface StandardErrors {
  /** Per condition (the data fit's order) and mutation. */
  beta: Float64Array[];
  /** Per condition and mutation; the reference condition's entries are 0. */
  shift: Float64Array[];
}

/** |shift| beyond this many standard errors: a normal 90 % interval around it excludes zero. */
export const CONFIDENT_Z = 1.645;

/** The data fit's last pass must have been at the fitted point (its predictions and slopes are read). */
export function standardErrors(dataFit: DataFit): StandardErrors {
  const { M, reference } = dataFit.fit;
  const T = dataFit.parts.epistasis.thetaNames.length;
  const beta = dataFit.fit.data.map((c, d) => {
    const slope = dataFit.slope[d]!;
    const yhat = dataFit.yhat[d]!;
    let weight = 0;
    for (let i = 0; i < c.n; i++) weight += c.c[i]!;
    const unit = weight > 0 ? c.n / weight : 0;
    let rss = 0;
    for (let i = 0; i < c.n; i++) rss += unit * c.c[i]! * (c.y[i]! - yhat[i]!) ** 2;
    const { ptr, idx } = c.Xt;
    let seen = 0;
    for (let m = 0; m < M; m++) if (ptr[m + 1]! > ptr[m]!) seen++;
    const dof = c.n - seen - 1 - T;
    const variance = dof > 0 ? rss / dof : Infinity;
    const se = new Float64Array(M);
    for (let m = 0; m < M; m++) {
      let h = 0;
      for (let k = ptr[m]!; k < ptr[m + 1]!; k++) {
        const i = idx[k]!;
        h += unit * c.c[i]! * slope[i]! ** 2;
      }
      se[m] = h > 0 ? Math.sqrt(variance / h) : Infinity;
    }
    return se;
  });
  const ref = beta[reference]!;
  const shift = beta.map((b, d) =>
    d === reference ? new Float64Array(M) : b.map((v, m) => Math.sqrt(v * v + ref[m]! * ref[m]!)),
  );
  return { beta, shift };
}

/** Whether a shift stands CONFIDENT_Z standard errors or more away from zero. */
export const confidentShift = (shift: number, se: number): boolean =>
  shift !== 0 && Math.abs(shift) >= CONFIDENT_Z * se;
