import { UserError } from '../errors';
/**
 * Solver options, documented once with their defaults, and what every solver returns
 * (parameters, iterations, convergence measure, trajectory), as in jaxopt and skglm.
 */
export type SolverName = 'auto' | 'newton-cd' | 'apg' | 'multidms';

export const SOLVER_NAMES: SolverName[] = ['auto', 'newton-cd', 'apg', 'multidms'];

export interface SolverOptions {
  /**
   * `auto` (default): `newton-cd` for up to 30 steps, then `apg` to finish. `newton-cd`: proximal
   * Gauss–Newton, each step solved by coordinate descent with exact per-mutation proxes, with line
   * search. `apg`: accelerated proximal gradient (FISTA) in a data-scaled diagonal metric, with
   * backtracking and adaptive restart, and near the end (default model, reference penalty)
   * Newton steps on the identified pattern of zero shifts. `multidms`: multidms 1.x's algorithm (FISTA with
   * backtracking, 50-step linearized-ADMM prox), as a baseline.
   */
  solver: SolverName;
  /** Stop when the stationarity certificate falls below tolerance × its cold-start value. Default 1e-6. */
  tolerance: number;
  /** Iteration cap (Newton steps and gradient steps together). Default 20,000 (APG steps are cheap). */
  maxIterations: number;
  /** Wall-clock cap in seconds. Default none. */
  maxSeconds: number;
  /**
   * How each λ of a path starts: `warm` (default) from the previous λ's solution, as
   * scikit-learn's lasso path; `cold` from the same initial values, each λ an independent fit, as
   * multidms's `fit_models` fits a grid.
   */
  pathStart: 'warm' | 'cold';
  /**
   * multidms baseline only, its defaults: ADMM iterations per prox (`admm_niter` 50), the ADMM
   * step τ (`admm_tau` 1), line-search halvings (`maxls` 15), its own tolerance on
   * ‖x_{k+1} − x_k‖/step (`tol` 1e-4), and FISTA's momentum (`acceleration` true).
   */
  admmIterations: number;
  admmTau: number;
  maxLineSearch: number;
  baselineTolerance: number;
  acceleration: boolean;
}

export const DEFAULT_SOLVER_OPTIONS: SolverOptions = {
  solver: 'auto',
  tolerance: 1e-6,
  maxIterations: 20_000,
  maxSeconds: Infinity,
  pathStart: 'warm',
  admmIterations: 50,
  admmTau: 1,
  maxLineSearch: 15,
  baselineTolerance: 1e-4,
  acceleration: true,
};

export function resolveSolverOptions(partial: Partial<SolverOptions> = {}): SolverOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULT_SOLVER_OPTIONS, ...defined };
  if (!(o.tolerance > 0)) throw new UserError(`tolerance must be positive, got ${o.tolerance}`);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1)
    throw new UserError(`max iterations must be a positive integer`);
  if (!Number.isInteger(o.admmIterations) || o.admmIterations < 1)
    throw new UserError(`ADMM iterations must be a positive integer, got ${o.admmIterations}`);
  if (!(o.admmTau > 0) || !Number.isFinite(o.admmTau))
    throw new UserError(`the ADMM step τ must be positive, got ${o.admmTau}`);
  if (!Number.isInteger(o.maxLineSearch) || o.maxLineSearch < 0)
    throw new UserError(`line-search halvings must be a whole number ≥ 0, got ${o.maxLineSearch}`);
  if (!(o.baselineTolerance >= 0))
    throw new UserError(`the multidms tolerance must be ≥ 0, got ${o.baselineTolerance}`);
  return o;
}

/** One row of a fit's trajectory (the loss-curve plot). */
export interface IterationRecord {
  iteration: number;
  /** F = data fit + ridge + λ·penalty. */
  objective: number;
  /** Unpenalised mean loss per condition. */
  lossPerCondition: number[];
  penalty: number;
  /**
   * Relative stationarity ‖G(x)‖∞ / ‖G(x₀)‖∞ at the latest iteration where it was measured:
   * this one if `measured`, else an earlier one (APG measures it every few iterations).
   */
  stationarity: number;
  measured: boolean;
  elapsedMs: number;
  /** The multidms solver only: its stopping error ‖x_{k+1} − x_k‖/step and its step size. */
  error?: number;
  stepSize?: number;
}

/**
 * Why a solver stopped: its certificate was met; it ran out of iterations or of time; it was
 * cancelled; or it could make no more progress (no decrease along its direction, even for tiny
 * steps) before the certificate was met.
 */
export type SolverStop = 'converged' | 'iteration-cap' | 'time-cap' | 'cancelled' | 'stalled';

export interface SolverResult {
  x: Float64Array;
  iterations: number;
  stop: SolverStop;
  /** stop === 'converged' and stop === 'cancelled', for readers that need only those. */
  converged: boolean;
  cancelled: boolean;
  /** Final relative stationarity and the cold-start reference it is relative to. */
  stationarity: number;
  reference: number;
  trajectory: IterationRecord[];
  seconds: number;
  /** Passes over the data (function and gradient evaluations). */
  evaluations: number;
}

export interface SolverHooks {
  /** Called after each iteration with its record. */
  progress?: (record: IterationRecord) => void;
  /** Checked after each iteration (the solver yields to the event loop first); true stops the fit. */
  shouldStop?: () => boolean;
}

/** Lets queued messages (e.g. a cancel request) be handled between iterations. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
