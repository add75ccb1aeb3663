/**
 * λ grids without hand-typing, as scikit-learn's lasso path makes them: from λ_max, the smallest
 * λ at which every shift is zero, down a log grid to λ_max · ratio.
 *
 * λ_max from the optimality conditions: with the reference penalty, all shifts zero is optimal
 * exactly when |∂f/∂β_{d,m}| ≤ λ for every non-reference condition d and mutation m at the
 * optimum of the model whose conditions share one β (there, ∂f/∂β_{d,m} is the derivative along
 * the shift s_{d,m} with β_ref held). That model is fitted as the lasso at a λ large enough to
 * zero every shift; its end point does not depend on that λ.
 */
import { UserError } from '../errors';
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
  if (model.penalty !== 'reference')
    throw new UserError("a λ grid needs the reference penalty (penalty 'reference')");
  let lambda = ZEROING_LAMBDA;
  for (let raise = 0; raise <= RAISES; raise++, lambda *= 10) {
    const path = await fitPath({ ...request, lasso: [lambda] }, hooks);
    const fit = path.fits[0]!;
    if (path.cancelled) throw new UserError('cancelled while finding λ_max');
    if (nonzeroShifts(fit.params, prepared.reference).some((n) => n > 0)) continue;
    const grad = new Float64Array(fit.x.length);
    path.dataFit.valueAndGradient(fit.x, grad);
    const { M } = path.fitData;
    let max = 0;
    for (let d = 0; d < prepared.conditions.length; d++) {
      if (d === prepared.reference) continue;
      for (let m = 0; m < M; m++) max = Math.max(max, Math.abs(grad[d * M + m]!));
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
