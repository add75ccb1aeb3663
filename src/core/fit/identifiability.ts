/**
 * Whether the data determine each mutation's β in each condition, or only the regularisation
 * does. At the fitted point, the data's curvature along β_{d,m} is the Gauss–Newton
 * h = Σ_i c_i (dŷ_i/dφ_i)² over the training variants of condition d that carry m (in the
 * fitting design: for one of d's bundle mutations, the variants that revert it); the ridge's is
 * 2λ_β. Where h is below the ridge's, the ridge sets β, not the data: the mutation is seen only
 * in variants on a flat stretch of the curve (e.g. at the score floor). Without a ridge the
 * default ridge is the yardstick. A mutation is also flagged when condition d has one variant
 * of it (the estimate rests on one measurement) or none (its shift is set by the lasso alone).
 * A shift Δ_{d,m} = β_{d,m} − β_{ref,m} is identified when both betas are.
 */
import type { DataFit } from '../model/dataFit';
import { DEFAULT_MODEL_OPTIONS } from '../model/options';

export type Identifiability = 'yes' | 'single-variant' | 'saturated' | 'unseen';

export const IDENTIFIABILITY: readonly Identifiability[] = ['yes', 'single-variant', 'saturated', 'unseen'];

/**
 * Per condition (the data fit's order) and mutation, an index into IDENTIFIABILITY. The data
 * fit's last gradient pass must have been at the fitted point (its slopes are read).
 */
export function identifiability(dataFit: DataFit, ridgeBeta: number): Uint8Array[] {
  const ridge = 2 * (ridgeBeta > 0 ? ridgeBeta : DEFAULT_MODEL_OPTIONS.ridgeBeta);
  const M = dataFit.layout.M;
  return dataFit.fit.data.map((c, d) => {
    const { ptr, idx } = c.Xt;
    const slope = dataFit.slope[d]!;
    const out = new Uint8Array(M);
    for (let m = 0; m < M; m++) {
      const seen = ptr[m + 1]! - ptr[m]!;
      if (seen === 0) {
        out[m] = 3;
        continue;
      }
      let h = 0;
      for (let k = ptr[m]!; k < ptr[m + 1]!; k++) {
        const i = idx[k]!;
        h += c.c[i]! * slope[i]! * slope[i]!;
      }
      out[m] = h < ridge ? 2 : seen === 1 ? 1 : 0;
    }
    return out;
  });
}

/** Whether mutation m's shift in condition d is identified (both its betas are). */
export function shiftIdentified(codes: Uint8Array[], d: number, reference: number, m: number): boolean {
  return codes[d]![m] === 0 && codes[reference]![m] === 0;
}
