/**
 * Per-variant loss ρ of the residual r = y − ŷ, with ψ = ρ' and a curvature bound ρ'' ≤ c
 * (used by the Gauss–Newton majorizer). Huber with δ = 1 is multidms's default.
 */
export type LossName = 'huber' | 'squared';

export interface Loss {
  readonly name: LossName;
  readonly delta: number;
  value(r: number): number;
  psi(r: number): number;
}

/** Huber ρ with threshold δ (δ = Infinity is squared error); plain functions for tight loops. */
export function huberValue(r: number, delta: number): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/** ψ = clamp(r, −δ, δ), by min and max: no branch on the residual's sign (NaN and −0 pass through). */
export function huberPsi(r: number, delta: number): number {
  return Math.max(-delta, Math.min(delta, r));
}

export function huber(delta = 1): Loss {
  if (!(delta > 0)) throw new Error(`Huber delta must be positive, got ${delta}`);
  return {
    name: 'huber',
    delta,
    value: (r) => huberValue(r, delta),
    psi: (r) => huberPsi(r, delta),
  };
}

export const squared: Loss = { name: 'squared', delta: Infinity, value: (r) => 0.5 * r * r, psi: (r) => r };

export function lossFunction(name: LossName, delta = 1): Loss {
  return name === 'huber' ? huber(delta) : squared;
}
