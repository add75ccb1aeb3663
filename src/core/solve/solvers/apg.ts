/**
 * Accelerated proximal gradient (FISTA) in a block metric (apgStep.ts: a diagonal step on β̃, a
 * Newton step on the dense coordinates, backtracking per block), with O'Donoghue & Candès's
 * gradient-based adaptive restart of the momentum. The block metric is there because β̃0 and θ
 * touch every row and are strongly coupled: a diagonal metric moves them only as fast as their
 * worst direction allows.
 *
 * Every APG.checkEvery iterations (and at restarts) the certificate is measured at x, and there
 * (apgChecks.ts) rare mutations seen in a handful of variants on the sigmoid's flat parts, which
 * the diagonal step barely moves though little but the ridge holds them, have their blocks
 * solved exactly when they hold the certificate (rareBlocks.ts), the momentum kept elsewhere;
 * and near the end Newton steps on the identified manifold are tried (manifoldNewton.ts), a
 * step taken restarting the momentum. What each piece and constant was measured against:
 * bench/solver-tuning.md.
 */
import { NewtonChain, sweepRareBlocks, type ApgIterate } from './apgChecks';
import { BlockMetricStep } from '../steps/apgStep';
import { ManifoldNewton } from './manifoldNewton';
import type { SolverHooks, SolverOptions, SolverResult } from '../options';
import type { Problem } from '../problem';
import { RareBlocks } from '../steps/rareBlocks';
import { Run } from '../run';
import { APG } from '../tuning';

export async function solveApg(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  const run = new Run(problem, options, reference, hooks);
  const f = problem.dataFit;
  const n = x0.length;
  const x = Float64Array.from(x0);
  problem.project(x);
  const y = Float64Array.from(x);
  const gy = new Float64Array(n);
  const fy = f.valueAndGradient(y, gy, { curvature: true });
  f.keepLatent();
  run.evaluations++;
  const rel = run.stationarity(x, gy);
  run.record(0, x, fy + problem.penaltyValue(x), rel);
  if (rel <= options.tolerance) return run.finish(x, 0, 'converged', rel);
  const s: ApgIterate = { x, objective: NaN, losses: new Float64Array(0), rel, y, fy, gy, t: 1 };
  let xNew: Float64Array = new Float64Array(n);
  const gx = new Float64Array(n);
  const scratch = new Float64Array(n);
  const step = new BlockMetricStep(problem);
  const newton = ManifoldNewton.applies(problem)
    ? new NewtonChain(problem, new ManifoldNewton(problem))
    : undefined;
  const rare = RareBlocks.worthSweeping(problem);
  for (let it = 1; it <= options.maxIterations; it++) {
    // At a scheduled check the step's own pass also gives ∇f at the new point.
    const scheduled = it % APG.checkEvery === 0 || it === 1;
    const fNew = step.take(y, gy, s.fy, xNew, scheduled ? gx : undefined);
    run.evaluations += step.passes;
    // The data fit's latents are xNew's: y is extrapolated from them and x's (kept last time).
    f.keepLatent();
    s.objective = fNew + problem.penaltyValue(xNew);
    s.losses = Float64Array.from(f.lossPerCondition);
    // Restart when the momentum points uphill: (y − x⁺)·(x⁺ − x) > 0.
    const xOld = s.x;
    let uphill = 0;
    for (let k = 0; k < n; k++) uphill += (y[k]! - xNew[k]!) * (xNew[k]! - xOld[k]!);
    const tNew = (1 + Math.sqrt(1 + 4 * s.t * s.t)) / 2;
    const restart = uphill > 0;
    const beta = restart ? 0 : (s.t - 1) / tNew;
    s.t = restart ? 1 : tNew;
    for (let k = 0; k < n; k++) y[k] = xNew[k]! + beta * (xNew[k]! - xOld[k]!);
    [s.x, xNew] = [xNew, xOld];
    step.decay();
    // Also after the first iteration: a start Newton–CD handed over below MANIFOLD_NEWTON.probe
    // probes at once.
    const check = restart || scheduled;
    let moved = false;
    if (check && !restart) {
      s.rel = run.stationarity(s.x, gx);
      if (rare) moved = sweepRareBlocks(problem, rare, s, gx, scratch, run, options);
      if (newton) moved = newton.run(s, gx, it, run, options) || moved;
    }
    if (!moved) {
      s.fy = f.valueAndGradient(y, gy, { curvature: true, extrapolate: beta });
      run.evaluations++;
      if (restart) s.rel = run.stationarity(s.x, gy);
    }
    run.record(it, s.x, s.objective, check ? s.rel : NaN, s.losses);
    if (check && s.rel <= options.tolerance) return run.finish(s.x, it, 'converged', s.rel);
    const stop = await run.interrupted();
    if (stop) return run.finish(s.x, it, stop, s.rel);
  }
  f.valueAndGradient(s.x, gx);
  s.rel = run.stationarity(s.x, gx);
  return run.finish(
    s.x,
    options.maxIterations,
    s.rel <= options.tolerance ? 'converged' : 'iteration-cap',
    s.rel,
  );
}
