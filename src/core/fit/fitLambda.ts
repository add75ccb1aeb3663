/**
 * One λ of a path, fitted so that it ends no worse than a fresh start would: the requested
 * solver from the given start (the previous λ's solution, or the cold start); then, when that
 * end point looks suspicious (parameters running off, or at least FLAT_WARNING_SHARE of the
 * variants on a flat stretch of the curve, fitHealth.ts), second starts from the cold start:
 * the requested solver (for a warm start, this is the cold fit at this λ) and, for the auto
 * solver, the Gauss–Newton path (Newton–CD to its end, then APG). The end with the lowest
 * objective among those whose stop reason is "converged" wins, else the lowest overall.
 * Each second start may take the larger of 1 s and twice the first's time (within the λ's
 * time cap), so a well-posed fit pays nothing and a small saturated one little.
 */
import type { NaturalParameters } from '../model/parameters';
import { solveGaussNewtonPath } from '../solve/solvers/auto';
import type { SolverHooks, SolverOptions, SolverResult } from '../solve/options';
import type { Problem } from '../solve/problem';
import { continuing } from '../solve/run';
import { solve } from '../solve/solve';
import type { FitHealth } from './fitHealth';
import { FLAT_WARNING_SHARE, stopReason, type StopReason } from './stopReason';

/** One start of a λ's fit, as fit.json lists it. */
export interface FitStart {
  from: 'warm' | 'cold';
  solver: string;
  stopReason: StopReason;
  objective: number;
  iterations: number;
  seconds: number;
}

export interface LambdaFit {
  /** The chosen end (its `seconds` are those of every start together). */
  result: SolverResult;
  params: NaturalParameters;
  health: FitHealth;
  stopReason: StopReason;
  /** Every start tried, the chosen one marked by `chosen`. */
  starts: (FitStart & { chosen: boolean })[];
}

export interface LambdaRequest {
  problem: Problem;
  start: Float64Array;
  /** Whether `start` is a warm start (another λ's solution) rather than `cold`. */
  warm: boolean;
  cold: Float64Array;
  solver: SolverOptions;
  /** ‖G(x₀)‖∞ at the cold start (the unit of the relative stationarity). */
  reference: number;
  /** The end point's parameters in natural coordinates, and its health. */
  inspect: (x: Float64Array) => { params: NaturalParameters; health: FitHealth };
}

const SECOND_START_MIN_SECONDS = 1;

function suspicious(health: FitHealth): boolean {
  return health.divergingCount > 0 || health.flatShare >= FLAT_WARNING_SHARE;
}

const objective = (r: SolverResult) => r.trajectory.at(-1)!.objective;

/** One start's end: its result, what its end point looks like, and its stop reason. */
interface End {
  from: 'warm' | 'cold';
  solver: string;
  result: SolverResult;
  params: NaturalParameters;
  health: FitHealth;
  reason: StopReason;
}

export async function fitLambda(request: LambdaRequest, hooks: SolverHooks = {}): Promise<LambdaFit> {
  const { problem, solver, reference } = request;
  const end = (from: End['from'], name: string, result: SolverResult): End => {
    const { params, health } = request.inspect(result.x);
    return { from, solver: name, result, params, health, reason: stopReason(result.stop, health) };
  };
  const first = end(
    request.warm ? 'warm' : 'cold',
    solver.solver,
    await solve(problem, request.start, solver, reference, hooks),
  );
  const ends = [first];
  if (!first.result.cancelled && suspicious(first.health)) {
    const alternatives: [string, typeof solve][] = [];
    if (request.warm) alternatives.push([solver.solver, solve]);
    if (solver.solver === 'auto') alternatives.push(['gauss-newton path', solveGaussNewtonPath]);
    // Progress counts on across starts, so a host's curves and bars continue.
    const spent = { iterations: first.result.iterations, seconds: first.result.seconds };
    for (const [name, run] of alternatives) {
      const seconds = Math.min(
        solver.maxSeconds - spent.seconds,
        Math.max(SECOND_START_MIN_SECONDS, 2 * first.result.seconds),
      );
      if (!(seconds > 0)) break;
      const result = await run(
        problem,
        request.cold,
        { ...solver, maxSeconds: seconds },
        reference,
        continuing(hooks, spent),
      );
      ends.push(end('cold', name, result));
      spent.iterations += result.iterations;
      spent.seconds += result.seconds;
      if (result.cancelled) break;
    }
  }
  const certified = ends.filter((e) => e.reason === 'converged');
  const best = (certified.length > 0 ? certified : ends).reduce((a, b) =>
    objective(b.result) < objective(a.result) ? b : a,
  );
  const cancelled = ends.some((e) => e.result.cancelled);
  return {
    result: {
      ...best.result,
      seconds: ends.reduce((s, e) => s + e.result.seconds, 0),
      ...(cancelled ? { stop: 'cancelled', converged: false, cancelled: true } : {}),
    },
    params: best.params,
    health: best.health,
    stopReason: cancelled ? 'cancelled' : best.reason,
    starts: ends.map((e) => ({
      from: e.from,
      solver: e.solver,
      stopReason: e.reason,
      objective: objective(e.result),
      iterations: e.result.iterations,
      seconds: e.result.seconds,
      chosen: e === best,
    })),
  };
}
