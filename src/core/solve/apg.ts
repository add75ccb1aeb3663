/**
 * Accelerated proximal gradient (FISTA) in the metric L̂·W, W the fixed data-scaled diagonal
 * of the problem (so rare and common mutations take comparable steps), with backtracking on L̂
 * (doubling until the quadratic upper bound holds, then gently decreasing), and O'Donoghue &
 * Candès's gradient-based adaptive restart of the momentum.
 */
import type { SolverHooks, SolverOptions, SolverResult } from './options';
import type { Problem } from './problem';
import { Run } from './run';

/** The certificate needs ∇f at x; between restarts it is computed every this many iterations. */
const CHECK_EVERY = 10;

export async function solveApg(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  const run = new Run(problem, options, reference, hooks);
  const f = problem.dataFit;
  const W = problem.W;
  const n = x0.length;
  let x = Float64Array.from(x0);
  problem.project(x);
  const y = Float64Array.from(x);
  let xNew = new Float64Array(n);
  const gy = new Float64Array(n);
  const gx = new Float64Array(n);
  const h = new Float64Array(n);
  let Lhat = 1;
  let t = 1;
  let fy = f.valueAndGradient(y, gy);
  run.evaluations++;
  let rel = run.stationarity(x, gy);
  run.record(0, x, fy + problem.penaltyValue(x), rel);
  if (rel <= options.tolerance) return run.finish(x, 0, true, false, rel);
  for (let it = 1; it <= options.maxIterations; it++) {
    let fNew = 0;
    for (let tries = 0; tries < 60; tries++) {
      for (let k = 0; k < n; k++) h[k] = Lhat * W[k]!;
      problem.proxGradientStep(y, gy, h, xNew);
      fNew = f.value(xNew);
      run.evaluations++;
      let bound = fy;
      for (let k = 0; k < n; k++) {
        const dk = xNew[k]! - y[k]!;
        bound += gy[k]! * dk + 0.5 * h[k]! * dk * dk;
      }
      if (fNew <= bound + 1e-13 * Math.abs(fy)) break;
      Lhat *= 2;
    }
    const objective = fNew + problem.penaltyValue(xNew);
    const losses = Float64Array.from(f.lossPerCondition);
    // Restart when the momentum points uphill: (y − x⁺)·(x⁺ − x) > 0.
    let uphill = 0;
    for (let k = 0; k < n; k++) uphill += (y[k]! - xNew[k]!) * (xNew[k]! - x[k]!);
    const tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const restart = uphill > 0;
    const beta = restart ? 0 : (t - 1) / tNew;
    t = restart ? 1 : tNew;
    for (let k = 0; k < n; k++) y[k] = xNew[k]! + beta * (xNew[k]! - x[k]!);
    [x, xNew] = [xNew, x];
    Lhat *= 0.9;
    const check = restart || it % CHECK_EVERY === 0;
    if (check && !restart) {
      f.valueAndGradient(x, gx);
      run.evaluations++;
      rel = run.stationarity(x, gx);
    }
    fy = f.valueAndGradient(y, gy);
    run.evaluations++;
    if (restart) rel = run.stationarity(x, gy);
    run.record(it, x, objective, check ? rel : NaN, losses);
    if (check && rel <= options.tolerance) return run.finish(x, it, true, false, rel);
    const stop = await run.interrupted();
    if (stop) return run.finish(x, it, false, stop === 'cancelled', rel);
  }
  f.valueAndGradient(x, gx);
  rel = run.stationarity(x, gx);
  return run.finish(x, options.maxIterations, rel <= options.tolerance, false, rel);
}
