/**
 * The fit without the lasso that the intervals are centred on (intervals.ts), by damped
 * Gauss–Newton steps from the lasso's solution, each solved by Jacobi-preconditioned conjugate
 * gradients on the data fit's Gauss–Newton Hessian plus the ridge the caller left in place.
 *
 * Why not the relaxed refit's manifold Newton (relaxedFit.ts): it stops on the lasso fits'
 * certificate, the largest gradient entry over its column's loss weight, which rare mutations
 * far from the floor hold up; on XBB.1.5 library 1 it stayed at 0.84 for 55 steps. What the
 * intervals need is that every centre they are given is close to the optimum relative to its
 * own standard error. So the fit stops once the undamped Gauss–Newton step's Newton decrement
 * (on the log-likelihood's scale) is at most DECREMENT over the coordinates the data pin down,
 * which puts every such centre within about 0.1 standard error of the optimum. The others
 * (mutations at the score floor, whose curvature vanishes there) get no interval and are held:
 * counting them, the decrement stayed at 20–30 on XBB.1.5 while F no longer moved.
 */
import type { DataFit } from '../model/dataFit';
import { DataHessian } from '../solve/steps/dataHessian';
import { ScaledCg } from '../solve/linalg/inverseDiagonal';
import type { Problem } from '../solve/problem';

/** Stop at this Newton decrement (log-likelihood scale): every centre within 0.1 standard error. */
export const DECREMENT = 0.01;
/** A step that needs more damping than this makes no progress: the fit stops there. */
const MAX_DAMPING = 1e8;
/** Steps tried, accepted or not (a rejected one raises the damping). */
const MAX_TRIES = 300;
/** The damping never falls below this between steps (0 only to confirm convergence). */
const MIN_DAMPING = 1e-6;

export interface UnpenalisedFit {
  x: Float64Array;
  steps: number;
  /** The Newton decrement at x over the coordinates the data pin down, log-likelihood scale (unconverged: the last damped step's). */
  decrement: number;
  converged: boolean;
  seconds: number;
}

/**
 * `problem` (λ 0) over `f` with the ridge the fit should keep; `likelihoodScale` the factor from
 * f's curvature to the log-likelihood's (its conditions' mean).
 */
export function unpenalisedFit(
  problem: Problem,
  start: Float64Array,
  options: {
    likelihoodScale: number;
    /** Per β coordinate, the data curvature below which it is not pinned down (and not watched). */
    weakBelow: Float64Array;
    maxSteps: number;
    shouldStop?: () => boolean;
  },
): UnpenalisedFit {
  const t0 = performance.now();
  const f: DataFit = problem.dataFit;
  const n = f.layout.size;
  const system = new DampedSystem(problem, options.weakBelow);
  let x = Float64Array.from(start);
  problem.project(x);
  let grad = new Float64Array(n);
  let F = f.valueAndGradient(x, grad);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  const p = new Float64Array(n);
  const tryStep = (alpha: number) => {
    for (let k = 0; k < n; k++) trial[k] = x[k]! + alpha * p[k]!;
    problem.project(trial);
    return f.valueAndGradient(trial, trialGrad);
  };
  let steps = 0;
  let decrement = Infinity;
  let confirmed = false;
  /** The step count at the last confirmation refused (−1: none). */
  let refusedAt = -1;
  let tries = 0;
  while (steps < options.maxSteps && tries < MAX_TRIES && !options.shouldStop?.()) {
    tries++;
    const confirming = system.damping === 0;
    const gp = system.direction(x, grad, p);
    // The Newton decrement bounds each watched centre's distance to the optimum:
    // |x_k − x*_k| ≲ √(δ · var_k). A damped step's understates it, so it is confirmed undamped.
    const delta = -gp * options.likelihoodScale;
    // Unconfirmed, the last damped step's decrement is what an unconverged fit reports.
    decrement = delta;
    if (confirming) {
      if (!(delta > DECREMENT)) {
        confirmed = true;
        break;
      }
    } else if (!(delta > DECREMENT)) {
      system.damping = 0;
      continue;
    }
    if (system.damping > MAX_DAMPING) break;
    let Ft = tryStep(1);
    // Confirmed and refused twice at the same point: the damped steps between were refused too,
    // until their decrement passed for converged, so the fit would cycle here.
    if (!(Ft < F) && confirming && refusedAt === steps) {
      const alpha = secantLength(gp, trialGrad, p);
      if (alpha !== undefined) {
        Ft = tryStep(alpha);
        if (Ft < F) for (let k = 0; k < n; k++) p[k] = alpha * p[k]!;
      }
    }
    if (!(Ft < F)) {
      if (confirming) refusedAt = steps;
      system.refused();
      continue;
    }
    system.accepted((F - Ft) / (-0.5 * gp));
    F = Ft;
    x = Float64Array.from(trial);
    grad = Float64Array.from(trialGrad);
    steps++;
  }
  // The data fit's last pass must be at x for the caller (its φ and ŷ are read).
  f.valueAndGradient(x, grad);
  return {
    x,
    steps,
    decrement,
    converged: confirmed,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * The undamped step overshot the minimum along p, where F curves more than the Gauss–Newton model
 * (2.35× on a small simulation): the secant of the slope along p (∇f·p = gp at the start, the
 * trial's gradient at its end) places that minimum. Its step length, or undefined if the slope
 * did not turn.
 */
function secantLength(gp: number, trialGrad: Float64Array, p: Float64Array): number | undefined {
  let slope = 0;
  for (let k = 0; k < p.length; k++) slope += trialGrad[k]! * p[k]!;
  return slope > 0 ? Math.min(0.9, Math.max(0.1, gp / (gp - slope))) : undefined;
}

/**
 * The damped Gauss–Newton system at the current point: the data fit's Gauss–Newton Hessian, the
 * ridge, Levenberg–Marquardt damping relative to the diagonal, solved by Jacobi-preconditioned CG
 * on the coordinates free to move.
 */
class DampedSystem {
  /**
   * Relative to the diagonal: the Gauss–Newton model promised ten times the decrease the
   * sigmoid's floor and Huber's linear arms gave (XBB.1.5 library 1), so undamped steps were
   * halved two to eight times each. 0 only to confirm convergence.
   */
  damping = 1e-3;
  private readonly f: DataFit;
  private readonly hessian: DataHessian;
  private readonly ridge: Float64Array;
  private readonly diag: Float64Array;
  private readonly root: Float64Array;
  private readonly free: Uint8Array;
  private readonly rhs: Float64Array;
  private readonly y: Float64Array;
  private readonly cg: ScaledCg;

  constructor(
    private readonly problem: Problem,
    private readonly weakBelow: Float64Array,
  ) {
    const f = problem.dataFit;
    const L = f.layout;
    const n = L.size;
    this.f = f;
    this.hessian = new DataHessian(f.fit.data);
    this.ridge = new Float64Array(n);
    for (let k = 0; k < L.beta0; k++) this.ridge[k] = 2 * f.betaRidge[k]!;
    for (let j = 0; j < L.T; j++) this.ridge[L.theta + j] = 2 * f.parts.ridgeTheta[j]!;
    this.diag = new Float64Array(n);
    this.root = new Float64Array(n);
    this.free = new Uint8Array(n);
    this.rhs = new Float64Array(n);
    this.y = new Float64Array(n);
    const scratch = new Float64Array(n);
    const { hessian, ridge, diag, free } = this;
    const times = (v: Float64Array, out: Float64Array) => {
      for (let k = 0; k < n; k++) scratch[k] = free[k] ? v[k]! : 0;
      hessian.times(scratch, out, L);
      for (let k = 0; k < n; k++)
        out[k] = free[k] ? out[k]! + (ridge[k]! + this.damping * diag[k]!) * scratch[k]! : 0;
    };
    this.cg = new ScaledCg(times, this.root, { tolerance: 1e-3, maxIterations: 500 });
  }

  /** The damped step p at x (∇f(x) = grad, the data fit's last pass at x); returns ∇f·p. */
  direction(x: Float64Array, grad: Float64Array, p: Float64Array): number {
    const { f, problem, hessian, diag, root, free, rhs, y, ridge, damping } = this;
    const L = f.layout;
    const n = L.size;
    hessian.prepare(f, x[L.theta]!, true);
    hessian.toGaussNewton();
    hessian.diagonal(diag, L);
    // Coordinates the data do not pin down here are held: their curvature vanishes at the score
    // floor, so a step along them is not bounded by any damping relative to it, and they get no
    // interval. So the decrement measures the distance to the optimum of those that do.
    for (let k = 0; k < n; k++) {
      const low = x[k]! <= problem.lower[k]!;
      const atBound = k >= L.beta0 && (low || x[k]! >= problem.upper[k]!);
      const held = k < L.beta0 && !(diag[k]! > this.weakBelow[k]!);
      free[k] = problem.free[k] && !held && !(atBound && grad[k]! * (low ? 1 : -1) > 0) ? 1 : 0;
      const h = diag[k]! * (1 + damping) + ridge[k]!;
      root[k] = free[k] && h > 0 ? Math.sqrt(h) : 0;
      rhs[k] = root[k]! > 0 ? -grad[k]! / root[k]! : 0;
    }
    this.cg.solve(rhs, y);
    let gp = 0;
    for (let k = 0; k < n; k++) {
      p[k] = root[k]! > 0 ? y[k]! / root[k]! : 0;
      gp += grad[k]! * p[k]!;
    }
    return gp;
  }

  /** A step refused: damp more. */
  refused(): void {
    this.damping = Math.max(this.damping, MIN_DAMPING) * 8;
  }

  /** A step taken, which gained `ratio` of what the model promised: damp less, or more. */
  accepted(ratio: number): void {
    const d = Math.max(this.damping, MIN_DAMPING);
    this.damping = ratio > 0.75 ? Math.max(d / 4, MIN_DAMPING) : ratio < 0.25 ? d * 4 : d;
  }
}
