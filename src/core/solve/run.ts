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
} from './options';

export class Run {
  private readonly t0 = performance.now();
  evaluations = 0;
  readonly trajectory: IterationRecord[] = [];
  private readonly scratch: Float64Array;

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

  /** Records an iteration (losses default to the data fit's last evaluation, which must be at x). */
  record(
    iteration: number,
    x: Float64Array,
    objective: number,
    relStationarity: number,
    losses: ArrayLike<number> = this.problem.dataFit.lossPerCondition,
  ): IterationRecord {
    const r: IterationRecord = {
      iteration,
      objective,
      lossPerCondition: Array.from(losses),
      penalty: this.problem.penaltyValue(x),
      stationarity: relStationarity,
      elapsedMs: performance.now() - this.t0,
    };
    this.trajectory.push(r);
    this.hooks.progress?.(r);
    return r;
  }

  /** Yields to the event loop, then says whether to stop: cancelled, or out of time. */
  async interrupted(): Promise<'cancelled' | 'timeout' | undefined> {
    await yieldToEventLoop();
    if (this.hooks.shouldStop?.()) return 'cancelled';
    if ((performance.now() - this.t0) / 1000 > this.options.maxSeconds) return 'timeout';
    return undefined;
  }

  finish(
    x: Float64Array,
    iterations: number,
    converged: boolean,
    cancelled: boolean,
    relStationarity: number,
  ): SolverResult {
    return {
      x,
      iterations,
      converged,
      cancelled,
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
