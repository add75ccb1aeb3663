/**
 * Proximal Gauss–Newton with coordinate descent ("newton-cd", the default solver).
 * Each outer iteration builds the Gauss–Newton model of f at x (gaussNewton.ts), minimises
 * model + λP approximately (newtonSubproblem.ts), and accepts the step with a backtracking
 * line search on F = f + λP. Levenberg–Marquardt damping grows when steps must be cut and
 * shrinks when the model predicts the decrease well.
 */
import { GaussNewtonModel } from '../steps/gaussNewton';
import { NewtonSubproblem } from '../steps/newtonSubproblem';
import type { SolverHooks, SolverOptions, SolverResult } from '../options';
import type { Problem } from '../problem';
import { Run } from '../run';
import { NEWTON_CD } from '../tuning';

/** Stop early (not converged) when the best stationarity has not improved `factor`-fold in `window` steps. */
export interface StallRule {
  window: number;
  factor: number;
  /** Also stop (not converged) once stationarity is at or below this. */
  below: number;
}

export async function solveNewtonCd(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
  stall?: StallRule,
): Promise<SolverResult> {
  const run = new Run(problem, options, reference, hooks);
  const f = problem.dataFit;
  const n = x0.length;
  const model = new GaussNewtonModel(problem);
  const sub = new NewtonSubproblem(problem, model);
  let x = Float64Array.from(x0);
  problem.project(x);
  let grad = new Float64Array(n);
  let Fx = f.valueAndGradient(x, grad) + problem.penaltyValue(x);
  run.evaluations++;
  let rel = run.stationarity(x, grad);
  run.record(0, x, Fx, rel);
  if (rel <= options.tolerance) return run.finish(x, 0, 'converged', rel);

  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  let mu: number = NEWTON_CD.dampingStart;
  const best = [rel]; // best stationarity after each step
  for (let it = 1; it <= options.maxIterations; it++) {
    if (rel <= NEWTON_CD.exactCurvatureBelow) model.useExactCurvature();
    model.build(x);
    sub.start(x, grad, mu);
    sub.solve(NEWTON_CD.maxSweeps, NEWTON_CD.sweepTolerance);
    const predicted = sub.directionalDecrease();
    const modelDecrease = sub.modelValue();
    const delta = sub.delta;

    let alpha = 1;
    let FTrial = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let k = 0; k < n; k++) xTrial[k] = x[k]! + alpha * delta[k]!;
      FTrial = f.valueAndGradient(xTrial, gTrial) + problem.penaltyValue(xTrial);
      run.evaluations++;
      if (FTrial <= Fx + NEWTON_CD.armijo * alpha * predicted) break;
      alpha /= 2;
    }
    if (!(FTrial <= Fx + NEWTON_CD.armijo * alpha * 2 * predicted)) {
      // No decrease along δ even for tiny steps: the model is exhausted at this precision.
      f.valueAndGradient(x, grad);
      rel = run.stationarity(x, grad);
      return run.finish(x, it, rel <= options.tolerance ? 'converged' : 'stalled', rel);
    }
    if (alpha < 1) mu *= 4;
    else if (modelDecrease < 0 && FTrial - Fx <= 0.5 * modelDecrease)
      mu = Math.max(NEWTON_CD.dampingMin, mu / 4);
    [x, xTrial] = [xTrial, x];
    [grad, gTrial] = [gTrial, grad];
    Fx = FTrial;
    rel = run.stationarity(x, grad);
    run.record(it, x, Fx, rel);
    if (rel <= options.tolerance) return run.finish(x, it, 'converged', rel);
    best.push(Math.min(rel, best[best.length - 1]!));
    if (
      stall &&
      (rel <= stall.below || (it > stall.window && best[it]! * stall.factor > best[it - stall.window]!))
    ) {
      return run.finish(x, it, 'stalled', rel);
    }
    const stop = await run.interrupted();
    if (stop) return run.finish(x, it, stop, rel);
  }
  return run.finish(x, options.maxIterations, 'iteration-cap', rel);
}
