/**
 * The default solver: proximal Gauss–Newton first, for its fast progress where curvature and
 * the intercept-vs-all-betas valley matter, then accelerated proximal gradient for the tail,
 * once Gauss–Newton steps stall on weakly identified (saturated) mutations. Neither alone is as
 * good on the real data: APG alone can stop at a worse local minimum or take 2–3× as long, and
 * Newton alone crawls through the tail (bench/solver-tuning.md).
 */
import { solveApg } from './apg';
import { ManifoldNewton } from './manifoldNewton';
import { solveNewtonCd, type StallRule } from './newtonCd';
import type { SolverHooks, SolverOptions, SolverResult } from '../options';
import type { Problem } from '../problem';
import { continuing, followedBy } from '../run';
import { AUTO, MANIFOLD_NEWTON } from '../tuning';

export async function solveAuto(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  const below = ManifoldNewton.applies(problem) ? MANIFOLD_NEWTON.below : 0;
  return newtonThenApg(problem, x0, options, reference, hooks, { ...AUTO.stall, below });
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
