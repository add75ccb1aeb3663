/**
 * Parameter layout and the two parameterisations. The solver works on one Float64Array
 *   x = [ β̃ (D × M, condition-major) | β̃0 (D) | θ (T) ]
 * in the coordinates of the design it fits (bit-flipped by default). With bundle set B_d
 * (multidms issue #156): β̃_{d,m} = −β_{d,m} for m ∈ B_d, and β̃0_d = β0_d + Σ_{m∈B_d} β_{d,m};
 * the map is its own inverse. Users only ever see natural parameters.
 */
import type { FitData } from './fitData';

export interface Layout {
  D: number;
  M: number;
  /** Number of θ entries. */
  T: number;
  /** Offset of β̃0 (after D × M betas) and of θ. */
  beta0: number;
  theta: number;
  size: number;
}

export function layout(D: number, M: number, T: number): Layout {
  return { D, M, T, beta0: D * M, theta: D * M + D, size: D * M + D + T };
}

export interface NaturalParameters {
  /** beta[d][m]. */
  beta: Float64Array[];
  beta0: Float64Array;
  theta: Float64Array;
}

/** Natural parameters from fitting coordinates (identity when not bit-flipped). */
export function toNatural(x: Float64Array, L: Layout, fit: FitData): NaturalParameters {
  const beta = Array.from({ length: L.D }, (_, d) => x.slice(d * L.M, (d + 1) * L.M));
  const beta0 = x.slice(L.beta0, L.beta0 + L.D);
  if (fit.bitFlip) {
    for (let d = 0; d < L.D; d++) {
      for (const m of fit.bundles[d]!) {
        beta0[d] = beta0[d]! + beta[d]![m]!;
        beta[d]![m] = -beta[d]![m]!;
      }
    }
  }
  return { beta, beta0, theta: x.slice(L.theta, L.theta + L.T) };
}

/** Fitting coordinates from natural parameters. */
export function toFitting(p: NaturalParameters, L: Layout, fit: FitData): Float64Array {
  const x = new Float64Array(L.size);
  for (let d = 0; d < L.D; d++) x.set(p.beta[d]!, d * L.M);
  x.set(p.beta0, L.beta0);
  x.set(p.theta, L.theta);
  if (fit.bitFlip) {
    for (let d = 0; d < L.D; d++) {
      for (const m of fit.bundles[d]!) {
        x[d * L.M + m] = -p.beta[d]![m]!;
        x[L.beta0 + d] = x[L.beta0 + d]! + p.beta[d]![m]!;
      }
    }
  }
  return x;
}

/** Shifts Δ_{d,m} = β_{d,m} − β_{ref,m} of natural parameters (zero for the reference). */
export function shifts(p: NaturalParameters, reference: number): Float64Array[] {
  const ref = p.beta[reference]!;
  return p.beta.map((b, d) => (d === reference ? new Float64Array(b.length) : b.map((v, m) => v - ref[m]!)));
}
