/**
 * What APG does at a check besides measuring the certificate (apg.ts): solve the rare mutations'
 * blocks when they hold it (rareBlocks.ts), and take Newton steps on the identified manifold
 * (manifoldNewton.ts) on the schedule below. Both move the iterate they are handed.
 */
import type { ManifoldNewton } from './manifoldNewton';
import type { SolverOptions } from '../options';
import type { Problem } from '../problem';
import type { RareBlocks } from '../steps/rareBlocks';
import type { Run } from '../run';

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
 * At a check whose certificate is held (to RARE_SHARE of its largest entry) by rare mutations,
 * their blocks are solved down to RARE_GOAL × the tolerance: below the tolerance, so that the
 * next checks are held by the rest of the fit, but not so far below that the sweeps chase digits
 * APG's next steps will disturb. Sweeping at every check, or only when the rare blocks hold
 * nearly all of it, cost iterations (bench/solver-tuning.md).
 */
const RARE_SHARE = 0.5;
const RARE_GOAL = 0.3;

/**
 * When to try a Newton step on the manifold (relative stationarity at a check). The first try
 * (the probe) comes at NEWTON_PROBE and is taken only if it lowers both F and the certificate:
 * early enough to end a fit whose pattern of zero shifts has settled, and refused where the
 * pattern is not yet final (a step there raises the certificate and leaves the face of the
 * penalty the fit ends on; bench/solver-tuning.md). Every later try waits for NEWTON_BELOW, and
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
 * which has no ridge, every one), APG goes on alone. Steps that are merely weak are retried later,
 * since weak steps can precede the ones that finish a fit.
 */
const NEWTON_UNSOLVED = 2;

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
  if (!(s.rel > options.tolerance && rare.certificate(x, gx) >= RARE_SHARE * s.rel * run.reference))
    return false;
  before.set(x);
  if (!(rare.sweep(x, RARE_GOAL * options.tolerance * run.reference) > 0)) return false;
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
  return Math.min(0.1, Math.max(CG_FORCING * rel, (CG_MARGIN * tolerance) / rel));
}

/** The schedule of manifold Newton steps over one APG run. */
export class NewtonChain {
  private wait = NEWTON_WAIT;
  private next = 0;
  private unsolved = 0;
  private below = NEWTON_PROBE;

  constructor(
    private readonly problem: Problem,
    private readonly newton: ManifoldNewton,
  ) {}

  /**
   * At check `it`, with ∇f(x) = g: steps while they are due, each from where the last one ended
   * while they gain ≥ NEWTON_GAIN (the superlinear regime). A step taken jumps x there and
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
      if (F !== undefined && (relTrial < before || (before <= NEWTON_BELOW && newton.solved))) {
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
        gained = s.rel * NEWTON_GAIN <= before;
      }
      if (!newton.solved) this.unsolved++;
      if (!gained) {
        if (before <= NEWTON_BELOW) this.wait *= 2;
        this.below = NEWTON_BELOW;
      }
      this.next = this.unsolved >= NEWTON_UNSOLVED ? Infinity : gained ? it : it + this.wait;
      if (!gained) break;
    }
    return moved;
  }
}
