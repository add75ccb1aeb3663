/**
 * Accelerated proximal gradient (FISTA) in a block metric, with backtracking per block and
 * O'Donoghue & Candès's gradient-based adaptive restart of the momentum:
 *  - the β̃ coordinates take a diagonal step in L̂_β·W, W the fixed data-scaled diagonal of the
 *    problem (so rare and common mutations take comparable steps), through the exact prox;
 *  - the dense coordinates (β̃0, θ) take a box-constrained Newton step in L̂_d·H, H the
 *    Gauss–Newton Hessian at y that the gradient pass leaves (denseNewtonStep.ts).
 * Each scale doubles when its block's quadratic model fails (a failed step is retried with β̃
 * moved alone to tell which block failed: one extra value pass) and otherwise decays gently.
 * Measured on Delta+BA.2 (λ = 5e-5, the auto solver: Newton–CD, then this): with one diagonal
 * metric for all coordinates the fit took 5,489 iterations; with the dense Newton step, 399.
 *
 * Near the end APG tries Newton steps on the identified manifold (manifoldNewton.ts): once at
 * NEWTON_PROBE, then at checks below NEWTON_BELOW; a step it takes restarts the momentum, and
 * while steps gain ≥ 3× the next follows at once. Measured with the default model: Delta+BA.2
 * 399 → 69 iterations, XBB.1.5 lib 1 2,509 → 909; on the 10K example (no ridge) the steps run
 * out of CG iterations and APG goes on alone.
 *
 * Mutations seen in a handful of variants on the sigmoid's flat parts barely move under the
 * diagonal step though little but the ridge holds them; when they hold the certificate, their
 * blocks are solved exactly between iterations (rareBlocks.ts), the momentum kept elsewhere.
 */
import { DenseNewtonStep } from './denseNewtonStep';
import { ManifoldNewton } from './manifoldNewton';
import type { SolverHooks, SolverOptions, SolverResult } from './options';
import type { Problem } from './problem';
import { RareBlocks } from './rareBlocks';
import { Run } from './run';

/** The certificate needs ∇f at x; between restarts it is computed every this many iterations. */
const CHECK_EVERY = 10;
/**
 * Each scale is multiplied by this after every iteration (and doubled when its model fails).
 * Measured against 0.9 and 0.97: XBB.1.5 lib 1 2,509 iterations (0.9: 3,419; 0.97: 3,889), the 10K
 * example 1,033 (1,253; 1,283), Delta+BA.2 399 (344; 389).
 */
const DECAY = 0.95;
/** Damping of the dense Newton metric, relative to the diagonal step's L̂_β·W (H may be singular). */
const DENSE_DAMPING = 1e-6;
/**
 * When to try a Newton step on the manifold (relative stationarity at a check). The first try
 * (the probe) comes at NEWTON_PROBE and is taken only if it lowers both F and the certificate:
 * on Delta+BA.2 it gains 6.5× there and the chain after it ends the fit (129 → 69 iterations);
 * on XBB.1.5 the pattern of zero shifts is not yet the final one and the step would raise the
 * certificate 5×, costing APG 450 iterations if taken. Every later try waits for NEWTON_BELOW, and
 * after one that is refused or gains less than NEWTON_GAIN, twice as many iterations as before.
 * CG's tolerance is an inexact-Newton forcing term: CG_FORCING × the stationarity, so that a step
 * from stationarity s is solved about as well as Newton's s² convergence can use, but never
 * tighter than what the certificate still lacks (with a margin of CG_MARGIN), nor looser than 0.1.
 */
const NEWTON_PROBE = 1e-2;
export const NEWTON_BELOW = 1e-3;
const NEWTON_GAIN = 3;
const NEWTON_WAIT = 10;
const CG_FORCING = 3;
const CG_MARGIN = 0.3;
/**
 * After this many steps whose CG ran out of iterations (a degenerate manifold: on the 10K example,
 * which has no ridge, every one), APG goes on alone. Steps that are merely weak are retried later:
 * on XBB.1.5 two weak ones precede the two that finish the fit.
 */
const NEWTON_UNSOLVED = 2;
/**
 * At a check whose certificate is held (to RARE_SHARE of its largest entry) by rare mutations,
 * their blocks are solved (rareBlocks.ts) down to RARE_GOAL × the tolerance: below the tolerance,
 * so that the next checks are held by the rest of the fit, but not so far below that the sweeps
 * chase digits APG's next steps will disturb.
 */
const RARE_SHARE = 0.5;
const RARE_GOAL = 0.3;

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
  const nb = problem.layout.beta0;
  let x = Float64Array.from(x0);
  problem.project(x);
  const y = Float64Array.from(x);
  let xNew = new Float64Array(n);
  const gy = new Float64Array(n);
  const gx = new Float64Array(n);
  const h = new Float64Array(n);
  const betaAlone = new Float64Array(n);
  const pre = new Float64Array(n);
  const dense = new DenseNewtonStep(n - nb);
  const denseDelta = new Float64Array(n - nb);
  const damping = new Float64Array(n - nb);
  const [gyDense, yDense] = [gy.subarray(nb), y.subarray(nb)];
  const [lowerDense, upperDense] = [problem.lower.subarray(nb), problem.upper.subarray(nb)];
  let scaleBeta = 1;
  let scaleDense = 1;
  let t = 1;
  const newton = ManifoldNewton.applies(problem) ? new ManifoldNewton(problem) : undefined;
  const rare = RareBlocks.worthSweeping(problem);
  let newtonWait = NEWTON_WAIT;
  let newtonNext = 0;
  let newtonUnsolved = 0;
  let newtonBelow = NEWTON_PROBE;
  let fy = f.valueAndGradient(y, gy, { curvature: true });
  f.keepLatent();
  run.evaluations++;
  let rel = run.stationarity(x, gy);
  run.record(0, x, fy + problem.penaltyValue(x), rel);
  if (rel <= options.tolerance) return run.finish(x, 0, 'converged', rel);
  for (let it = 1; it <= options.maxIterations; it++) {
    let fNew: number;
    for (let tries = 1; ; tries++) {
      for (let k = 0; k < n; k++) h[k] = scaleBeta * W[k]!;
      problem.proxGradientStep(y, gy, h, xNew);
      for (let a = 0; a < n - nb; a++) damping[a] = DENSE_DAMPING * h[nb + a]!;
      const denseModel = dense.solve(
        f.denseHessian,
        scaleDense,
        damping,
        gyDense,
        yDense,
        lowerDense,
        upperDense,
        denseDelta,
      );
      for (let a = 0; a < n - nb; a++) xNew[nb + a] = y[nb + a]! + denseDelta[a]!;
      fNew = f.value(xNew);
      run.evaluations++;
      let betaModel = 0;
      for (let k = 0; k < nb; k++) {
        const dk = xNew[k]! - y[k]!;
        betaModel += gy[k]! * dk + 0.5 * h[k]! * dk * dk;
      }
      const slack = 1e-13 * Math.abs(fy);
      // After 60 failed tries the step is taken anyway (rounding has the last word), with the
      // data fit left at xNew as after any accepted step.
      if (fNew <= fy + betaModel + denseModel + slack || tries === 60) break;
      betaAlone.set(xNew.subarray(0, nb));
      betaAlone.set(yDense, nb);
      const fBeta = f.value(betaAlone);
      run.evaluations++;
      if (fBeta > fy + betaModel + slack) scaleBeta *= 2;
      else scaleDense *= 2;
    }
    // The data fit's latents are xNew's: y is extrapolated from them and x's (kept last time).
    f.keepLatent();
    let objective = fNew + problem.penaltyValue(xNew);
    let losses = Float64Array.from(f.lossPerCondition);
    // Restart when the momentum points uphill: (y − x⁺)·(x⁺ − x) > 0.
    let uphill = 0;
    for (let k = 0; k < n; k++) uphill += (y[k]! - xNew[k]!) * (xNew[k]! - x[k]!);
    const tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const restart = uphill > 0;
    const beta = restart ? 0 : (t - 1) / tNew;
    t = restart ? 1 : tNew;
    for (let k = 0; k < n; k++) y[k] = xNew[k]! + beta * (xNew[k]! - x[k]!);
    [x, xNew] = [xNew, x];
    scaleBeta *= DECAY;
    scaleDense *= DECAY;
    // Also after the first iteration: a start Newton–CD handed over below NEWTON_PROBE probes at once.
    const check = restart || it % CHECK_EVERY === 0 || it === 1;
    let moved = false;
    if (check && !restart) {
      f.valueAndGradient(x, gx, { extrapolate: 0 });
      run.evaluations++;
      rel = run.stationarity(x, gx);
      let g = gx;
      // Rare mutations holding the certificate: their blocks solved in turn (rareBlocks.ts).
      const goal = RARE_GOAL * options.tolerance * run.reference;
      if (rare && rel > options.tolerance && rare.certificate(x, gx) >= RARE_SHARE * rel * run.reference) {
        pre.set(x);
        const fell = rare.sweep(x, goal);
        if (fell > 0) {
          // The momentum is kept, but not on the coordinates the sweep moved (they sit at their
          // block's minimum): y there is x; elsewhere y is the extrapolation already made.
          for (let k = 0; k < n; k++) if (x[k] !== pre[k]) y[k] = x[k]!;
          const fx = f.valueAndGradient(x, gx);
          run.evaluations++;
          f.keepLatent();
          objective = fx + problem.penaltyValue(x);
          losses = Float64Array.from(f.lossPerCondition);
          rel = run.stationarity(x, gx);
          fy = f.valueAndGradient(y, gy, { curvature: true });
          run.evaluations++;
          moved = true;
        }
      }
      // While steps gain ≥ NEWTON_GAIN (the superlinear regime), the next starts at once from ∇f(x).
      while (newton && rel > options.tolerance && rel <= newtonBelow && it >= newtonNext) {
        const before = rel;
        const cgTolerance = Math.min(0.1, Math.max(CG_FORCING * rel, (CG_MARGIN * options.tolerance) / rel));
        const F = newton.step(x, g, objective, cgTolerance);
        run.evaluations += newton.passes;
        let gained = false;
        const relTrial = F === undefined ? NaN : run.stationarity(newton.trial, newton.trialGradient);
        // A probe that lowers F but raises the certificate has left the face of the penalty the
        // final point lies on (a zero shift will have to move): APG goes on from x untouched.
        // Later, a solved step is taken whenever it lowers F (on XBB.1.5 two that raise the
        // certificate precede the two that end the fit); an unsolved one only if it helps.
        if (F !== undefined && (relTrial < before || (before <= NEWTON_BELOW && newton.solved))) {
          // Jump there and restart the momentum from it: y = x, and the step's last pass is at it.
          x.set(newton.trial);
          y.set(x);
          gy.set(newton.trialGradient);
          fy = newton.trialLoss;
          t = 1;
          objective = F;
          f.keepLatent();
          losses = Float64Array.from(f.lossPerCondition);
          rel = relTrial;
          g = gy;
          moved = true;
          gained = rel * NEWTON_GAIN <= before;
        }
        if (!newton.solved) newtonUnsolved++;
        if (!gained) {
          if (before <= NEWTON_BELOW) newtonWait *= 2;
          newtonBelow = NEWTON_BELOW;
        }
        newtonNext = newtonUnsolved >= NEWTON_UNSOLVED ? Infinity : gained ? it : it + newtonWait;
        if (!gained) break;
      }
    }
    if (!moved) {
      fy = f.valueAndGradient(y, gy, { curvature: true, extrapolate: beta });
      run.evaluations++;
      if (restart) rel = run.stationarity(x, gy);
    }
    run.record(it, x, objective, check ? rel : NaN, losses);
    if (check && rel <= options.tolerance) return run.finish(x, it, 'converged', rel);
    const stop = await run.interrupted();
    if (stop) return run.finish(x, it, stop, rel);
  }
  f.valueAndGradient(x, gx);
  rel = run.stationarity(x, gx);
  return run.finish(x, options.maxIterations, rel <= options.tolerance ? 'converged' : 'iteration-cap', rel);
}
