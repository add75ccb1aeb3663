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
  const L = f.layout;
  const n = L.size;
  const hessian = new DataHessian(f.fit.data);
  const ridge = new Float64Array(n);
  for (let k = 0; k < L.beta0; k++) ridge[k] = 2 * f.betaRidge[k]!;
  for (let j = 0; j < L.T; j++) ridge[L.theta + j] = 2 * f.parts.ridgeTheta[j]!;
  const diag = new Float64Array(n);
  const root = new Float64Array(n);
  const free = new Uint8Array(n);
  const scratch = new Float64Array(n);
  const times = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < n; k++) scratch[k] = free[k] ? v[k]! : 0;
    hessian.times(scratch, out, L);
    for (let k = 0; k < n; k++)
      out[k] = free[k] ? out[k]! + (ridge[k]! + damping * diag[k]!) * scratch[k]! : 0;
  };
  // Levenberg–Marquardt damping, relative to the diagonal: the Gauss–Newton model promised ten
  // times the decrease the sigmoid's floor and Huber's linear arms gave (XBB.1.5 library 1), so
  // undamped steps were halved two to eight times each.
  let damping = 1e-3;
  const cg = new ScaledCg(times, root, { tolerance: 1e-3, maxIterations: 500 });
  let x = Float64Array.from(start);
  problem.project(x);
  let grad = new Float64Array(n);
  let F = f.valueAndGradient(x, grad);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  const rhs = new Float64Array(n);
  const y = new Float64Array(n);
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
    hessian.prepare(f, x[L.theta]!, true);
    hessian.toGaussNewton();
    hessian.diagonal(diag, L);
    // Coordinates the data do not pin down here are held: their curvature vanishes at the score
    // floor, so a step along them is not bounded by any damping relative to it, and they get no
    // interval. So the decrement measures the distance to the optimum of those that do.
    const confirming = damping === 0;
    for (let k = 0; k < n; k++) {
      const low = x[k]! <= problem.lower[k]!;
      const atBound = k >= L.beta0 && (low || x[k]! >= problem.upper[k]!);
      const held = k < L.beta0 && !(diag[k]! > options.weakBelow[k]!);
      free[k] = problem.free[k] && !held && !(atBound && grad[k]! * (low ? 1 : -1) > 0) ? 1 : 0;
      const h = diag[k]! * (1 + damping) + ridge[k]!;
      root[k] = free[k] && h > 0 ? Math.sqrt(h) : 0;
      rhs[k] = root[k]! > 0 ? -grad[k]! / root[k]! : 0;
    }
    cg.solve(rhs, y);
    let gp = 0;
    for (let k = 0; k < n; k++) {
      p[k] = root[k]! > 0 ? y[k]! / root[k]! : 0;
      gp += grad[k]! * p[k]!;
    }
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
      damping = 0;
      continue;
    }
    if (damping > MAX_DAMPING) break;
    let Ft = tryStep(1);
    if (!(Ft < F) && confirming && refusedAt === steps) {
      // Confirmed and refused twice at the same point: the damped steps between were refused too,
      // until their decrement passed for converged, so the fit would cycle here. The undamped step
      // overshot the minimum along p, where F curves more than the Gauss–Newton model (2.35× on a
      // small simulation); the secant of the slope along p places that minimum, and the step to it
      // is tried.
      let slope = 0;
      for (let k = 0; k < n; k++) slope += trialGrad[k]! * p[k]!;
      if (slope > 0) {
        const alpha = Math.min(0.9, Math.max(0.1, gp / (gp - slope)));
        Ft = tryStep(alpha);
        if (Ft < F) for (let k = 0; k < n; k++) p[k] = alpha * p[k]!;
      }
    }
    const ratio = (F - Ft) / (-0.5 * gp);
    if (!(Ft < F)) {
      if (confirming) refusedAt = steps;
      damping = Math.max(damping, MIN_DAMPING) * 8;
      continue;
    }
    damping = Math.max(damping, MIN_DAMPING);
    damping = ratio > 0.75 ? Math.max(damping / 4, MIN_DAMPING) : ratio < 0.25 ? damping * 4 : damping;
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
