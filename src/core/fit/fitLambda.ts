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
import { solveGaussNewtonPath } from '../solve/auto';
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

export async function fitLambda(request: LambdaRequest, hooks: SolverHooks = {}): Promise<LambdaFit> {
  const { problem, solver, reference } = request;
  const first = await solve(problem, request.start, solver, reference, hooks);
  const ends = [{ from: request.warm ? 'warm' : 'cold', solver: solver.solver, result: first }] as {
    from: 'warm' | 'cold';
    solver: string;
    result: SolverResult;
  }[];
  const firstLook = request.inspect(first.x);
  const looks = [firstLook];
  if (!first.cancelled && suspicious(firstLook.health)) {
    const alternatives: [string, typeof solve][] = [];
    if (request.warm) alternatives.push([solver.solver, solve]);
    if (solver.solver === 'auto') alternatives.push(['gauss-newton path', solveGaussNewtonPath]);
    // Progress counts on across starts, so a host's curves and bars continue.
    const spent = { iterations: first.iterations, seconds: first.seconds };
    for (const [name, run] of alternatives) {
      const seconds = Math.min(
        solver.maxSeconds - spent.seconds,
        Math.max(SECOND_START_MIN_SECONDS, 2 * first.seconds),
      );
      if (!(seconds > 0)) break;
      const result = await run(
        problem,
        request.cold,
        { ...solver, maxSeconds: seconds },
        reference,
        continuing(hooks, spent),
      );
      ends.push({ from: 'cold', solver: name, result });
      looks.push(request.inspect(result.x));
      spent.iterations += result.iterations;
      spent.seconds += result.seconds;
      if (result.cancelled) break;
    }
  }
  const reasons = ends.map((e, k) => stopReason(e.result.stop, looks[k]!.health));
  const certified = ends.map((_, k) => k).filter((k) => reasons[k] === 'converged');
  const pool = certified.length > 0 ? certified : ends.map((_, k) => k);
  const best = pool.reduce((a, b) => (objective(ends[b]!.result) < objective(ends[a]!.result) ? b : a));
  const chosen = ends[best]!.result;
  const cancelled = ends.some((e) => e.result.cancelled);
  const total = ends.reduce((s, e) => s + e.result.seconds, 0);
  return {
    result: {
      ...chosen,
      seconds: total,
      ...(cancelled ? { stop: 'cancelled', converged: false, cancelled: true } : {}),
    },
    params: looks[best]!.params,
    health: looks[best]!.health,
    stopReason: cancelled ? 'cancelled' : reasons[best]!,
    starts: ends.map((e, k) => ({
      from: e.from,
      solver: e.solver,
      stopReason: reasons[k]!,
      objective: objective(e.result),
      iterations: e.result.iterations,
      seconds: e.result.seconds,
      chosen: k === best,
    })),
  };
}
