/**
 * The relaxed lasso (Meinshausen 2007): a refit on the support the lasso chose, without its
 * penalty. The lasso shrinks every shift it keeps towards zero by about λ over the data's
 * curvature; the refit keeps each zero shift at zero (the condition's β moves with the
 * reference's) and lets the others take the values the data give them. So the shifts' pattern
 * is the lasso's and their sizes are not shrunk.
 *
 * The problem is smooth on that support, so it is solved by Newton steps on the fixed manifold
 * (manifoldNewton.ts with the ties given), from the lasso's solution, until the certificate on
 * the manifold (the tangent part of ∇F, in the problem's stationarity measure) is the tolerance
 * times the unit the caller gives. The problem is the caller's: its λ is 0, and its ridge (the
 * model's, relaxedRefit.ts) stays.
 */
import { newtonCgTolerance } from './apgChecks';
import { ManifoldNewton } from './manifoldNewton';
import type { FitData } from '../../model/fitData';
import type { Problem } from '../problem';

export interface RelaxedOptions {
  /** Stop when the certificate is tolerance × unit. */
  tolerance: number;
  unit: number;
  /** Newton steps at most. */
  maxSteps: number;
  /** Checked between steps. */
  shouldStop?: () => boolean;
}

export interface RelaxedResult {
  x: Float64Array;
  converged: boolean;
  steps: number;
  /** The certificate at x, relative to the unit. */
  stationarity: number;
  objective: number;
  seconds: number;
}

/** Per mutation, the conditions whose natural β equals the reference's at x (bit d; the reference's always). */
export function zeroShiftTies(fit: FitData, x: Float64Array): Uint32Array {
  const { M, D, reference: ref, sign } = fit;
  const ties = new Uint32Array(M);
  for (let m = 0; m < M; m++) {
    const ur = sign[ref * M + m]! * x[ref * M + m]!;
    let mask = 1 << ref;
    for (let d = 0; d < D; d++) if (sign[d * M + m]! * x[d * M + m]! === ur) mask |= 1 << d;
    ties[m] = mask;
  }
  return ties;
}

/** The refit of `problem` (λ 0) from `start` on the manifold `ties`. */
export function relaxedFit(
  problem: Problem,
  start: Float64Array,
  ties: Uint32Array,
  options: RelaxedOptions,
): RelaxedResult {
  if (problem.lambda !== 0) throw new Error('the relaxed refit takes a problem without a lasso');
  const t0 = performance.now();
  const newton = new ManifoldNewton(problem, ties);
  const n = start.length;
  let x = Float64Array.from(start);
  problem.project(x);
  let grad = new Float64Array(n);
  let F = problem.dataFit.valueAndGradient(x, grad, { curvature: true });
  let stationarity = newton.tangentStationarity(x, grad) / options.unit;
  let steps = 0;
  while (stationarity > options.tolerance && steps < options.maxSteps && !options.shouldStop?.()) {
    const next = newton.step(x, grad, F, newtonCgTolerance(stationarity, options.tolerance));
    if (next === undefined) break;
    x = Float64Array.from(newton.trial);
    grad = Float64Array.from(newton.trialGradient);
    F = next;
    steps++;
    stationarity = newton.tangentStationarity(x, grad) / options.unit;
  }
  return {
    x,
    converged: stationarity <= options.tolerance,
    steps,
    stationarity,
    objective: F,
    seconds: (performance.now() - t0) / 1000,
  };
}
