/**
 * What APG does at a check besides measuring the certificate (apg.ts): solve the rare mutations'
 * blocks when they hold it (rareBlocks.ts), and take Newton steps on the identified manifold
 * (manifoldNewton.ts) on the schedule below. Both move the iterate they are handed. When each
 * runs, and why then: RARE_BLOCKS and MANIFOLD_NEWTON in tuning.ts.
 */
import type { ManifoldNewton } from './manifoldNewton';
import type { SolverOptions } from '../options';
import type { Problem } from '../problem';
import type { RareBlocks } from '../steps/rareBlocks';
import type { Run } from '../run';
import { MANIFOLD_NEWTON, RARE_BLOCKS } from '../tuning';

/** The part of APG's state a check may move. */
export interface ApgIterate {
  /** The current point, F(x) = objective, its losses per condition and relative certificate. */
  x: Float64Array;
  objective: number;
  losses: Float64Array;
  rel: number;
  /** The extrapolated point, f(y) = fy, ∇f(y) = gy (with the dense curvature), and FISTA's t. */
  y: Float64Array;
  fy: number;
  gy: Float64Array;
  t: number;
}

/**
 * Sweeps the rare blocks at x (∇f(x) = gx, the data fit's latents x's) when they hold the
 * certificate. When F fell, FISTA's momentum is kept but not on the coordinates the sweep moved
 * (they sit at their block's minimum): y there is x; elsewhere y is the extrapolation already
 * made. Then x's values, gx and y's pass are fresh; returns whether x moved.
 */
export function sweepRareBlocks(
  problem: Problem,
  rare: RareBlocks,
  s: ApgIterate,
  gx: Float64Array,
  before: Float64Array,
  run: Run,
  options: SolverOptions,
): boolean {
  const { x, y } = s;
  if (!(s.rel > options.tolerance && rare.certificate(x, gx) >= RARE_BLOCKS.share * s.rel * run.reference))
    return false;
  before.set(x);
  if (!(rare.sweep(x, RARE_BLOCKS.goal * options.tolerance * run.reference) > 0)) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== before[k]) y[k] = x[k]!;
  const f = problem.dataFit;
  const fx = f.valueAndGradient(x, gx);
  run.evaluations++;
  f.keepLatent();
  s.objective = fx + problem.penaltyValue(x);
  s.losses = Float64Array.from(f.lossPerCondition);
  s.rel = run.stationarity(x, gx);
  s.fy = f.valueAndGradient(y, s.gy, { curvature: true });
  run.evaluations++;
  return true;
}

/** CG's tolerance for a Newton step from relative stationarity `rel` towards `tolerance` (above). */
export function newtonCgTolerance(rel: number, tolerance: number): number {
  return Math.min(
    0.1,
    Math.max(MANIFOLD_NEWTON.cgForcing * rel, (MANIFOLD_NEWTON.cgMargin * tolerance) / rel),
  );
}

/** The schedule of manifold Newton steps over one APG run. */
export class NewtonChain {
  private wait: number = MANIFOLD_NEWTON.wait;
  private next = 0;
  private unsolved = 0;
  private below: number = MANIFOLD_NEWTON.probe;

  constructor(
    private readonly problem: Problem,
    private readonly newton: ManifoldNewton,
  ) {}

  /**
   * At check `it`, with ∇f(x) = g: steps while they are due, each from where the last one ended
   * while they gain ≥ MANIFOLD_NEWTON.gain (the superlinear regime). A step taken jumps x there and
   * restarts the momentum from it (y = x, the step's last pass at it). Returns whether x moved.
   */
  run(s: ApgIterate, g: Float64Array, it: number, run: Run, options: SolverOptions): boolean {
    const { newton } = this;
    const f = this.problem.dataFit;
    let moved = false;
    while (s.rel > options.tolerance && s.rel <= this.below && it >= this.next) {
      const before = s.rel;
      const F = newton.step(s.x, g, s.objective, newtonCgTolerance(before, options.tolerance));
      run.evaluations += newton.passes;
      let gained = false;
      const relTrial = F === undefined ? NaN : run.stationarity(newton.trial, newton.trialGradient);
      // A probe that lowers F but raises the certificate has left the face of the penalty the
      // final point lies on (a zero shift will have to move): APG goes on from x untouched.
      // Later, a solved step is taken whenever it lowers F (on XBB.1.5 two that raise the
      // certificate precede the two that end the fit); an unsolved one only if it helps.
      if (F !== undefined && (relTrial < before || (before <= MANIFOLD_NEWTON.below && newton.solved))) {
        s.x.set(newton.trial);
        s.y.set(s.x);
        s.gy.set(newton.trialGradient);
        s.fy = newton.trialLoss;
        s.t = 1;
        s.objective = F;
        f.keepLatent();
        s.losses = Float64Array.from(f.lossPerCondition);
        s.rel = relTrial;
        g = s.gy;
        moved = true;
        gained = s.rel * MANIFOLD_NEWTON.gain <= before;
      }
      if (!newton.solved) this.unsolved++;
      if (!gained) {
        if (before <= MANIFOLD_NEWTON.below) this.wait *= 2;
        this.below = MANIFOLD_NEWTON.below;
      }
      this.next = this.unsolved >= MANIFOLD_NEWTON.unsolved ? Infinity : gained ? it : it + this.wait;
      if (!gained) break;
    }
    return moved;
  }
}
