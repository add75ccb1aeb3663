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
 * Bit for bit the textbook forms (modelFunctions.test.ts), but with no branch on the residual:
 * residual signs and sizes are a coin toss, and V8 compiles Math.min, Math.max and `?:` on
 * doubles to jumps, which mispredict. So each chooses between its cases by multiplying with a
 * comparison's 0 or 1 (a setcc, no jump), and the only branches are on δ = ∞ and on an infinite
 * residual, which every row of a pass takes alike (what it saves: bench/measurements.md).
 */
export function huberValue(r: number, delta: number): number {
  const a = Math.abs(r);
  if (a === Infinity) return a;
  const inside = +(a <= delta);
  // m = min(a, δ): a·1 + 0 is a and 0 + δ is δ exactly (δ·0 would be NaN for δ = ∞).
  const m = inside * a + (1 - inside) * finite(delta);
  // For m = a, a·(a/2) is one rounding of r²/2, as (r/2)·r is.
  return m * (a - 0.5 * m);
}

/** δ, or 0 for δ = ∞ (so that 0 × δ is 0 in the selections above and below). */
function finite(delta: number): number {
  return delta === Infinity ? 0 : delta;
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
  const inside = +(Math.abs(r) <= delta);
  return inside + (1 - inside) * OUTSIDE_CURVATURE;
}

/** ψ = clamp(r, −δ, δ) (NaN and −0 pass through), choosing its case as huberValue does. */
export function huberPsi(r: number, delta: number): number {
  if (Math.abs(r) === Infinity) return r > delta ? delta : r < -delta ? -delta : r;
  const above = +(r > delta);
  const below = +(r < -delta);
  const d = finite(delta);
  // r·1 − (+0) keeps r's sign when r = −0; r·0 − (∓δ) is ±δ.
  return r * (1 - above - below) - (d * below - d * above);
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
