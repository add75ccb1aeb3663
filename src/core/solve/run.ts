/**
 * Bookkeeping shared by the solvers: elapsed time, data passes, the trajectory, progress
 * hooks, cancellation and the time cap, and the final result.
 */
import type { Problem } from './problem';
import { stationarity } from './problem';
import {
  yieldToEventLoop,
  type IterationRecord,
  type SolverHooks,
  type SolverOptions,
  type SolverResult,
  type SolverStop,
} from './options';

export class Run {
  private readonly t0 = performance.now();
  evaluations = 0;
  readonly trajectory: IterationRecord[] = [];
  private readonly scratch: Float64Array;
  /** The latest measured relative stationarity (iteration 0 is always measured). */
  private lastStationarity = 1;

  constructor(
    readonly problem: Problem,
    readonly options: SolverOptions,
    /** ‖G(x₀)‖∞ at the cold start: stationarity is reported relative to it. */
    readonly reference: number,
    private readonly hooks: SolverHooks = {},
  ) {
    this.scratch = new Float64Array(problem.layout.size);
  }

  /** Relative stationarity at x given ∇f(x). */
  stationarity(x: Float64Array, grad: Float64Array): number {
    return stationarity(this.problem, x, grad, this.scratch) / this.reference;
  }

  /**
   * Records an iteration (losses default to the data fit's last evaluation, which must be at x).
   * `relStationarity` is NaN where it was not measured: the record then carries the latest value.
   */
  record(
    iteration: number,
    x: Float64Array,
    objective: number,
    relStationarity: number,
    losses: ArrayLike<number> = this.problem.dataFit.lossPerCondition,
    extra: Pick<IterationRecord, 'error' | 'stepSize'> = {},
  ): IterationRecord {
    const measured = !Number.isNaN(relStationarity);
    if (measured) this.lastStationarity = relStationarity;
    const r: IterationRecord = {
      iteration,
      objective,
      lossPerCondition: Array.from(losses),
      penalty: this.problem.penaltyValue(x),
      stationarity: this.lastStationarity,
      measured,
      elapsedMs: performance.now() - this.t0,
      ...extra,
    };
    this.trajectory.push(r);
    this.hooks.progress?.(r);
    return r;
  }

  /** Yields to the event loop, then says whether to stop: cancelled, or out of time. */
  async interrupted(): Promise<'cancelled' | 'time-cap' | undefined> {
    await yieldToEventLoop();
    if (this.hooks.shouldStop?.()) return 'cancelled';
    if ((performance.now() - this.t0) / 1000 > this.options.maxSeconds) return 'time-cap';
    return undefined;
  }

  finish(x: Float64Array, iterations: number, stop: SolverStop, relStationarity: number): SolverResult {
    return {
      x,
      iterations,
      stop,
      converged: stop === 'converged',
      cancelled: stop === 'cancelled',
      stationarity: relStationarity,
      reference: this.reference,
      trajectory: this.trajectory,
      seconds: (performance.now() - this.t0) / 1000,
      evaluations: this.evaluations,
    };
  }
}

/** ‖G(x₀)‖∞ at a cold start x₀ (the unit of the relative stationarity). */
export function coldStartReference(problem: Problem, x0: Float64Array): number {
  const grad = new Float64Array(x0.length);
  const x = Float64Array.from(x0);
  problem.project(x);
  problem.dataFit.valueAndGradient(x, grad);
  const g = stationarity(problem, x, grad, new Float64Array(x.length));
  return g > 0 ? g : 1;
}

/** Hooks for a solver run that continues `before`: its iterations and time count on from there. */
export function continuing(
  hooks: SolverHooks | undefined,
  before: Pick<SolverResult, 'iterations' | 'seconds'>,
): SolverHooks | undefined {
  const offset = before.iterations;
  const elapsed = before.seconds * 1000;
  return (
    hooks && {
      ...hooks,
      progress: (r) =>
        hooks.progress?.({ ...r, iteration: r.iteration + offset, elapsedMs: r.elapsedMs + elapsed }),
    }
  );
}

/** One result for `before` and then `after` (which started where `before` ended, or anywhere). */
export function followedBy(before: SolverResult, after: SolverResult): SolverResult {
  const offset = before.iterations;
  const elapsed = before.seconds * 1000;
  const tail = after.trajectory
    .slice(1)
    .map((r) => ({ ...r, iteration: r.iteration + offset, elapsedMs: r.elapsedMs + elapsed }));
  return {
    ...after,
    iterations: offset + after.iterations,
    trajectory: [...before.trajectory, ...tail],
    seconds: before.seconds + after.seconds,
    evaluations: before.evaluations + after.evaluations,
  };
}
