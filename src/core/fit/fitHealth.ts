/**
 * What a fit's end point says beyond the solver's certificate. The certificate measures the
 * gradient, and the gradient vanishes on a saturated stretch of the global-epistasis curve
 * whether or not that stretch is a minimum: on multidms's test table (no ridge) the default
 * solver used to certify a point with one mutation at β = 17 and the sigmoid squeezed onto the
 * data, objective 0.097, where Gauss–Newton alone reaches 0.055. So each fit is also checked for
 *  - flat variants: training variants whose slope dŷ/dφ is below FLAT_SLOPE of the curve's
 *    steepest slope, where the data no longer move their latent phenotype;
 *  - diverging parameters: β, β0 or θ so large that they can only be running off to infinity;
 *  - θ on an upper bound: ge_scale at its bound, where the bound, not the data, sets it (lower
 *    bounds are left alone: the nn weights' 0 is an active constraint by design, and ge_scale at
 *    0 flattens the curve, which the flat-variant count reports).
 *    Real fits often end there (Delta + BA.2 at every ridge tried, 3e-8 to 3e-7, clipped or
 *    not; multidms's test table), and without the bound Delta + BA.2 runs on past 4,000
 *    iterations; a ridge on β also trades the latent scale against ge_scale: on XBB.1.5 5e-7
 *    or more sends ge_scale from about 8 to its bound.
 */
import type { PreparedData } from '../data/prepare/prepare';
import { mutationName } from '../data/variantTable';
import type { DataFit } from '../model/dataFit';
import type { NaturalParameters } from '../model/parameters';

/** A variant is on a flat stretch when its slope is below this fraction of g's steepest slope. */
export const FLAT_SLOPE = 1e-3;
/**
 * |β|, |β0| beyond this are running off: σ′(100) = 4e-44, so the data can no longer pull them
 * back (the real fits of ../shared/data end within ±22). θ entries beyond this many score
 * ranges likewise.
 */
export const DIVERGED = 100;
/** Names listed per fit at most (the count says how many more). */
const MAX_NAMED = 5;

export interface FitHealth {
  /** Training variants on a flat stretch of the curve, and their share of all training variants. */
  flatVariants: number;
  flatShare: number;
  /** Parameters running off to infinity (natural coordinates), named, at most MAX_NAMED. */
  diverging: string[];
  /** How many parameters run off in all. */
  divergingCount: number;
  /** θ entries held at their upper bound, as `ge_scale = 21.78 (its upper bound)`. */
  atBound: string[];
}

/** A θ entry within this relative distance of a finite bound sits on it. */
const ON_BOUND = 1e-9;

/** The health of the fit at x (fitting coordinates; params the same point in natural ones). */
export function assessHealth(
  prepared: PreparedData,
  dataFit: DataFit,
  x: Float64Array,
  params: NaturalParameters,
): FitHealth {
  const L = dataFit.layout;
  dataFit.valueAndGradient(x, new Float64Array(L.size));
  const steepest = dataFit.parts.epistasis.steepest(x.subarray(L.theta, L.theta + L.T));
  let flat = 0;
  let variants = 0;
  dataFit.fit.data.forEach((c, d) => {
    const slope = dataFit.slope[d]!;
    variants += c.n;
    for (let i = 0; i < c.n; i++) if (!(Math.abs(slope[i]!) >= FLAT_SLOPE * steepest)) flat++;
  });
  const names: string[] = [];
  let count = 0;
  const flag = (name: string) => {
    if (count++ < MAX_NAMED) names.push(name);
  };
  const conditions = prepared.conditions;
  params.beta0.forEach((b, d) => {
    if (!(Math.abs(b) <= DIVERGED)) flag(`β0 of ${conditions[d]}`);
  });
  const range = Math.max(1, dataFit.fit.yMax - dataFit.fit.yMin);
  const { thetaNames, upper } = dataFit.parts.epistasis;
  const atBound: string[] = [];
  thetaNames.forEach((name, j) => {
    const t = params.theta[j]!;
    if (!(Math.abs(t) <= DIVERGED * range)) flag(name);
    const bound = upper[j]!;
    if (Number.isFinite(bound) && bound - t <= ON_BOUND * Math.max(1, Math.abs(bound)))
      atBound.push(`${name} = ${Number(t.toPrecision(4))} (its upper bound)`);
  });
  params.beta.forEach((beta, d) => {
    for (let m = 0; m < beta.length; m++)
      if (!(Math.abs(beta[m]!) <= DIVERGED))
        flag(`β of ${mutationName(prepared.alphabet, prepared.mutations[m]!)} in ${conditions[d]}`);
  });
  return {
    flatVariants: flat,
    flatShare: variants > 0 ? flat / variants : 0,
    diverging: names,
    divergingCount: count,
    atBound,
  };
}
