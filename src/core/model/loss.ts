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

/**
 * Huber ρ with threshold δ (δ = Infinity is squared error); plain functions for tight loops.
 * ρ is m(|r| − m/2) with m = min(|r|, δ), without a branch on the residual: residual signs are a
 * coin toss, and the branch cost 2.3 of 15.8 ms per data-fit pass on 226k rows. It is bit for
 * bit the textbook form: for |r| ≤ δ, |r|·(|r|/2) is one rounding of r²/2, as (r/2)·r was
 * (the one exception, r = ±∞ with δ = ∞, is caught by a branch that residuals never take).
 */
export function huberValue(r: number, delta: number): number {
  const a = Math.abs(r);
  const m = Math.min(a, delta);
  return a === Infinity ? a : m * (a - 0.5 * m);
}

/**
 * The loss curvature a row gives the dense block's Gauss–Newton Hessian (APG's step on β̃0 and
 * θ, dataFit.denseHessian): Huber's ρ'' (1 within δ), but OUTSIDE_CURVATURE beyond δ instead of 0.
 * With 0, rows beyond δ pull on the gradient and not on the Hessian, so the gradient can leave
 * the Hessian's range and the damped Newton step runs off along a null direction: on multidms's
 * test table, APG alone jumped to β0 = 625,000 at its first step and stopped there with every
 * variant of the condition saturated (F 1.31, against 0.055 at λ = 0.1). With 0.1 it reaches
 * 0.055; on the hand-posed real fits it takes 539, 149 and
 * 1,273 iterations instead of 579, 179 and 1,283 (XBB.1.5 lib 1, Delta+BA.2, the 10K example).
 */
export const OUTSIDE_CURVATURE = 0.1;

export function denseCurvature(r: number, delta: number): number {
  return Math.abs(r) <= delta ? 1 : OUTSIDE_CURVATURE;
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
