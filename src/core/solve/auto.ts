/**
 * The default solver: proximal Gauss–Newton first, for its fast progress where curvature and
 * the intercept-vs-all-betas valley matter, then accelerated proximal gradient for the tail,
 * once Gauss–Newton steps stall on weakly identified (saturated) mutations. Measured on the 10K
 * documentation example: Newton then APG converge in 3.1 s (1,083 iterations), where APG alone
 * stops at a worse local minimum (F 0.026440 against 0.026418, 4.0 s) and Newton alone needs
 * 41 s; on well-conditioned simulations Newton finishes alone (19 steps, 1 s). (On Delta+BA.2
 * and XBB.1.5 the order is reversed: APG alone ends lower, 0.365596 against 0.366149 and
 * 0.485367 against 0.485542, but takes 2–3× as long.)
 */
import { solveApg } from './apg';
import { NEWTON_BELOW } from './apgChecks';
import { ManifoldNewton } from './manifoldNewton';
import { solveNewtonCd, type StallRule } from './newtonCd';
import type { SolverHooks, SolverOptions, SolverResult } from './options';
import type { Problem } from './problem';
import { continuing, followedBy } from './run';

/**
 * Hand over to APG when the best stationarity has not improved 3-fold in 8 Newton steps, or,
 * where APG takes manifold Newton steps, once it is at NEWTON_BELOW: its first iteration then
 * tries one at once. Measured on the 700k-row simulation, where Newton–CD gets there (exact
 * curvature in its tail, newtonCd.ts): 16 iterations, 7.0 s. Handing over at 1e-2 instead, the
 * manifold step tried at 4.9e-3 fails (1.7 s) and the fit takes 50 iterations, 10.2 s.
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
