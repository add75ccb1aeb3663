/**
 * The default solver: proximal Gauss–Newton first, for its fast progress where curvature and
 * the intercept-vs-all-betas valley matter, then accelerated proximal gradient for the tail,
 * once Gauss–Newton steps stall on weakly identified (saturated) mutations. Neither alone is as
 * good on the real data: APG alone can stop at a worse local minimum or take 2–3× as long, and
 * Newton alone crawls through the tail (bench/solver-tuning.md).
 */
import { solveApg } from './apg';
import { NEWTON_BELOW } from './apgChecks';
import { ManifoldNewton } from './manifoldNewton';
import { solveNewtonCd, type StallRule } from './newtonCd';
import type { SolverHooks, SolverOptions, SolverResult } from '../options';
import type { Problem } from '../problem';
import { continuing, followedBy } from '../run';

/**
 * Hand over to APG when the best stationarity has not improved 3-fold in 8 Newton steps, or,
 * where APG takes manifold Newton steps, once it is at NEWTON_BELOW: its first iteration then
 * tries one at once. Handing over earlier makes that first manifold step fail where Newton–CD
 * could still have got there (bench/solver-tuning.md).
 */
const STALL = { window: 8, factor: 3 };

export async function solveAuto(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  const below = ManifoldNewton.applies(problem) ? NEWTON_BELOW : 0;
  return newtonThenApg(problem, x0, options, reference, hooks, { ...STALL, below });
}

/**
 * The Gauss–Newton path: Newton–CD until it converges or can make no more progress, then APG
 * for the rest. A second start for fits whose auto end point looks saturated (fitLambda.ts): on
 * multidms's test table (no ridge, λ = 0.1) auto hands over after 8 steps and APG slides onto a
 * saturated stretch (objective 0.097), where Newton–CD alone goes on to 0.055.
 */
export function solveGaussNewtonPath(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  return newtonThenApg(problem, x0, options, reference, hooks, undefined);
}

async function newtonThenApg(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks: SolverHooks | undefined,
  stall: StallRule | undefined,
): Promise<SolverResult> {
  const newton = await solveNewtonCd(problem, x0, options, reference, hooks, stall);
  if (newton.cancelled || newton.converged) return newton;
  // Newton–CD handed over (its stall rule) with nothing left for APG: the caps stopped the fit.
  const remaining = options.maxIterations - newton.iterations;
  if (remaining <= 0) return { ...newton, stop: 'iteration-cap' };
  if (newton.seconds >= options.maxSeconds) return { ...newton, stop: 'time-cap' };
  const apg = await solveApg(
    problem,
    newton.x,
    { ...options, maxIterations: remaining, maxSeconds: options.maxSeconds - newton.seconds },
    reference,
    continuing(hooks, newton),
  );
  return followedBy(newton, apg);
}
