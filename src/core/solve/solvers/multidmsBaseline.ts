/**
 * multidms 1.x's optimiser, reproduced in this engine as a baseline for benchmarks:
 * jaxopt ProximalGradient (FISTA, backtracking from the previous step doubled, halving up to
 * maxls times) whose prox is 50 iterations of linearized ADMM on the generalized lasso
 * (reference §3.6–3.7). Shifts are their own parameter leaf (ADMM's z), and they enter the
 * momentum, the line-search distance and the stopping error ‖x_{k+1} − x_k‖/s_{k+1} as in
 * multidms. Only the reference-based penalty exists there.
 */
import type { SolverHooks, SolverOptions, SolverResult } from '../options';
import type { Problem } from '../problem';
import { Run } from '../run';

const EPS = 2.220446049250313e-16;
/** The certificate (for comparison with our solvers) is computed every this many iterations. */
const CHECK_EVERY = 10;

/** Linearized ADMM for min_x ½‖x − b‖² + sλ‖𝔇̃x‖₁ over the β̃ block; writes x and the shifts z. */
function admmProx(
  problem: Problem,
  b: Float64Array,
  stepLambda: number,
  iterations: number,
  tau: number,
  x: Float64Array,
  z: Float64Array,
): void {
  const { D, M } = problem.layout;
  const sign = problem.dataFit.fit.sign;
  const r = problem.dataFit.fit.reference;
  const mu = (0.99 * tau) / D; // largest eigenvalue of 𝔇̃ᵀ𝔇̃ is D
  const weight = Float64Array.from({ length: D }, (_, d) => problem.penalty.shiftWeight?.(d) ?? 1);
  const u = new Float64Array(D * M);
  const w = new Float64Array(D * M);
  const diff = (src: Float64Array, out: Float64Array) => {
    for (let m = 0; m < M; m++) {
      const xr = sign[r * M + m]! * src[r * M + m]!;
      for (let d = 0; d < D; d++) out[d * M + m] = d === r ? 0 : sign[d * M + m]! * src[d * M + m]! - xr;
    }
  };
  x.set(b.subarray(0, D * M));
  diff(x, z);
  const tmp = new Float64Array(D * M);
  for (let it = 0; it < iterations; it++) {
    // v = x − (μ/τ)·𝔇̃ᵀ(𝔇̃x − z + u);  x = (v + μb)/(1 + μ)
    diff(x, w);
    for (let k = 0; k < D * M; k++) tmp[k] = w[k]! - z[k]! + u[k]!;
    for (let m = 0; m < M; m++) {
      let sum = 0;
      for (let d = 0; d < D; d++) if (d !== r) sum += tmp[d * M + m]!;
      for (let d = 0; d < D; d++) {
        const k = d * M + m;
        const adj = d === r ? -sign[k]! * sum : sign[k]! * tmp[k]!;
        x[k] = (x[k]! - (mu / tau) * adj + mu * b[k]!) / (1 + mu);
      }
    }
    diff(x, w);
    for (let k = 0; k < D * M; k++) {
      const thr = tau * stepLambda * weight[Math.floor(k / M)]!;
      const a = w[k]! + u[k]!;
      z[k] = a > thr ? a - thr : a < -thr ? a + thr : 0;
      u[k]! += w[k]! - z[k]!;
    }
  }
}

/**
 * Where ADMM's shift leaf is exactly zero, the condition's natural β is set to the reference's,
 * so that the reported shift β_d − β_ref is 0, as multidms reports it, and not the rounding
 * residue (up to ~1e-12) that the separately updated β leaves carry.
 */
function snapZeroShifts(problem: Problem, x: Float64Array, shifts: Float64Array): Float64Array {
  const { D, M } = problem.layout;
  const sign = problem.dataFit.fit.sign;
  const r = problem.dataFit.fit.reference;
  for (let d = 0; d < D; d++) {
    if (d === r) continue;
    for (let m = 0; m < M; m++) {
      const k = d * M + m;
      if (shifts[k] === 0 && problem.free[k]) x[k] = sign[k]! * sign[r * M + m]! * x[r * M + m]!;
    }
  }
  return x;
}

export async function solveMultidmsBaseline(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  if (!problem.penalty.fusesToReference)
    throw new Error('the multidms baseline supports only the reference-based penalty');
  const run = new Run(problem, options, reference, hooks);
  const f = problem.dataFit;
  const L = problem.layout;
  const nb = L.D * L.M;
  // State: params x and shift leaf; velocity y likewise.
  let x = Float64Array.from(x0);
  problem.project(x);
  let xs = new Float64Array(nb);
  const y = Float64Array.from(x);
  const ys = new Float64Array(nb);
  let xp = new Float64Array(x.length);
  let xps = new Float64Array(nb);
  const gy = new Float64Array(x.length);
  const gx = new Float64Array(x.length);
  const point = new Float64Array(x.length);
  let s = 1;
  let t = 1;
  // Iteration 0, as multidms's trajectory starts: the initial state, its certificate measured.
  f.valueAndGradient(x, gx);
  run.evaluations++;
  let rel = run.stationarity(x, gx);
  run.record(0, x, f.value(x) + problem.penaltyValue(x), rel, f.lossPerCondition, { stepSize: s });
  for (let it = 1; it <= options.maxIterations; it++) {
    const fy = f.valueAndGradient(y, gy);
    run.evaluations++;
    let step = s;
    const prox = () => {
      for (let k = 0; k < x.length; k++) point[k] = y[k]! - step * gy[k]!;
      if (L.D > 1)
        admmProx(problem, point, step * problem.lambda, options.admmIterations, options.admmTau, xp, xps);
      else xp.set(point.subarray(0, nb));
      for (let k = nb; k < x.length; k++) xp[k] = point[k]!;
      problem.project(xp);
    };
    prox();
    for (let ls = 0; ls < options.maxLineSearch; ls++) {
      const fp = f.value(xp);
      run.evaluations++;
      let inner = 0;
      let dist = 0;
      for (let k = 0; k < x.length; k++) {
        const dk = xp[k]! - y[k]!;
        inner += dk * gy[k]!;
        dist += dk * dk;
      }
      for (let k = 0; k < nb; k++) dist += (xps[k]! - ys[k]!) ** 2;
      if (!(step * (fp - fy) > step * inner + 0.5 * dist + EPS)) break;
      step /= 2;
      prox();
    }
    const next = step <= 1e-6 ? 1 : 2 * step;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    // Without acceleration jaxopt's ProximalGradient is plain proximal gradient: no momentum.
    const beta = options.acceleration ? (t - 1) / tNext : 0;
    let change = 0;
    for (let k = 0; k < x.length; k++) {
      change += (xp[k]! - x[k]!) ** 2;
      y[k] = xp[k]! + beta * (xp[k]! - x[k]!);
    }
    for (let k = 0; k < nb; k++) {
      change += (xps[k]! - xs[k]!) ** 2;
      ys[k] = xps[k]! + beta * (xps[k]! - xs[k]!);
    }
    const error = Math.sqrt(change) / next;
    [x, xp] = [xp, x];
    [xs, xps] = [xps, xs];
    t = tNext;
    s = next;
    const objective = f.value(x) + problem.penaltyValue(x);
    const losses = Float64Array.from(f.lossPerCondition);
    if (it % CHECK_EVERY === 0 || error < options.baselineTolerance) {
      f.valueAndGradient(x, gx);
      rel = run.stationarity(x, gx);
    }
    run.evaluations += 2;
    run.record(it, x, objective, it % CHECK_EVERY === 0 ? rel : NaN, losses, { error, stepSize: next });
    if (error < options.baselineTolerance)
      return run.finish(snapZeroShifts(problem, x, xs), it, 'converged', rel);
    const stop = await run.interrupted();
    if (stop) return run.finish(snapZeroShifts(problem, x, xs), it, stop, rel);
  }
  return run.finish(snapZeroShifts(problem, x, xs), options.maxIterations, 'iteration-cap', rel);
}
