/**
 * λ grids without hand-typing, as scikit-learn's lasso path makes them: from λ_max, the smallest
 * λ at which every shift is zero, down a log grid to λ_max · ratio.
 *
 * λ_max from the optimality conditions at the optimum of the model whose conditions share one β:
 * all shifts zero is optimal exactly when each mutation's gradient across conditions meets its
 * penalty's condition (model/shiftPenalty.ts lambdaMax: for the reference penalty,
 * |∂f/∂β_{d,m}| ≤ λ for every non-reference d; for all-pairs, a cut condition over the sets of
 * conditions). That model is fitted as the lasso at a λ large enough to zero every shift; its end
 * point does not depend on that λ.
 */
import { UserError } from '../errors';
import { fusionWeights, shiftPenalty } from '../model/shiftPenalty';
import { fitPath, type FitRequest, type PathHooks } from './fitPath';
import { nonzeroShifts } from './predictions';
import { GRID_POINTS, GRID_RATIO, gridProblem } from './lassoText';

/** First λ tried for the shared-β fit, and how often it may be raised 10-fold. */
const ZEROING_LAMBDA = 1;
const RAISES = 4;

export interface LambdaMax {
  lambdaMax: number;
  /** Iterations and seconds of the shared-β fit. */
  iterations: number;
  seconds: number;
}

export async function findLambdaMax(
  request: Omit<FitRequest, 'lasso'>,
  hooks: PathHooks = {},
): Promise<LambdaMax> {
  const { prepared, model } = request;
  if (prepared.conditions.length < 2)
    throw new UserError('a λ grid needs two or more conditions: one condition has no shifts');
  let lambda = ZEROING_LAMBDA;
  for (let raise = 0; raise <= RAISES; raise++, lambda *= 10) {
    const path = await fitPath({ ...request, lasso: [lambda] }, hooks);
    const fit = path.fits[0]!;
    if (path.cancelled) throw new UserError('cancelled while finding λ_max');
    if (nonzeroShifts(fit.params, prepared.reference).some((n) => n > 0)) continue;
    const grad = new Float64Array(fit.x.length);
    path.dataFit.valueAndGradient(fit.x, grad);
    // Natural coordinates' gradient: a flipped column's β̃ is −β (β̃0 takes the rest, and ∂f/∂β̃0 = 0 here).
    const { M, sign } = path.fitData;
    const D = prepared.conditions.length;
    const weights = fusionWeights(path.fitData, model.scaleFusionByN);
    const penalty = shiftPenalty(model.penalty, lambda, prepared.reference, D, weights);
    const g = new Float64Array(D);
    let max = 0;
    for (let m = 0; m < M; m++) {
      for (let d = 0; d < D; d++) g[d] = sign[d * M + m]! * grad[d * M + m]!;
      max = Math.max(max, penalty.lambdaMax(g));
    }
    return { lambdaMax: max, iterations: fit.result.iterations, seconds: fit.result.seconds };
  }
  throw new UserError(`no λ up to ${lambda / 10} makes every shift zero`);
}

/** Rounded to 3 significant digits, up or down (readable folder names such as lambda-0.000123). */
function round3(x: number, direction: 'up' | 'nearest'): number {
  const scale = 10 ** (Math.floor(Math.log10(x)) - 2);
  return +((direction === 'up' ? Math.ceil(x / scale - 1e-9) : Math.round(x / scale)) * scale).toPrecision(3);
}

/**
 * `points` λ from λ_max down to λ_max · ratio, evenly spaced in log; the first rounded up (every
 * shift stays zero there), the others to the nearest 3 significant digits.
 */
export function lambdaGrid(lambdaMax: number, points = GRID_POINTS, ratio = GRID_RATIO): number[] {
  if (!(lambdaMax > 0) || !Number.isFinite(lambdaMax))
    throw new UserError(
      `λ_max is ${lambdaMax}: the data give no shift a gradient, so there is no grid to make`,
    );
  const problem = gridProblem(points, ratio);
  if (problem) throw new UserError(problem);
  return Array.from({ length: points }, (_, i) =>
    i === 0 ? round3(lambdaMax, 'up') : round3(lambdaMax * ratio ** (i / (points - 1)), 'nearest'),
  );
}
