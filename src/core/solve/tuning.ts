/**
 * Every tuning constant of the solvers, in one place, each with the reason for its value. What
 * each value was compared against, and the iterations it saved, is bench/solver-tuning.md.
 * They are frozen, and not options: a user who changes one gets a slower fit, not a different answer (every
 * solver stops at the same certificate, options.ts's tolerance).
 */

/** Proximal Gauss–Newton with coordinate descent (solvers/newtonCd.ts). */
export const NEWTON_CD = Object.freeze({
  /**
   * Coordinate sweeps of one Newton step's model, stopped early once a sweep gains under
   * `sweepTolerance` of the first sweep's progress: the model is only a model, and its last
   * digits are spent before the line search has confirmed it.
   */
  maxSweeps: 20,
  sweepTolerance: 0.02,
  /** Armijo's sufficient decrease along the step, the textbook value. */
  armijo: 1e-4,
  /**
   * Levenberg–Marquardt damping: where it starts, and the floor it shrinks to while the model
   * predicts the decrease well (quartered each time), so that a good model is soon undamped.
   */
  dampingStart: 1e-3,
  dampingMin: 1e-8,
  /**
   * Below this stationarity the model takes Huber's exact curvature (steps/gaussNewton.ts): near
   * the end the bound on ρ'' is what slows Newton–CD, while from the start the exact curvature
   * cuts its line search and leads to other basins.
   */
  exactCurvatureBelow: 0.05,
});

/** The Gauss–Newton model (steps/gaussNewton.ts). */
export const GAUSS_NEWTON = Object.freeze({
  /**
   * With Huber's exact curvature, no β's curvature falls below this fraction of its bound value:
   * the exact ρ'' is 0 on the linear arms, where an undamped coordinate step would be unbounded.
   */
  curvatureFloor: 0.1,
});

/** The auto solver's hand-over from Newton–CD to APG (solvers/auto.ts). */
export const AUTO = Object.freeze({
  /**
   * Hand over when the best stationarity has not improved `factor`-fold in `window` Newton steps
   * (Newton–CD has stalled), or, where APG takes manifold Newton steps, once it reaches
   * MANIFOLD_NEWTON.below: APG's first iteration then tries one at once. Handing over earlier
   * makes that first manifold step fail where Newton–CD could still have got there.
   */
  stall: Object.freeze({ window: 8, factor: 3 }),
});

/** Accelerated proximal gradient (solvers/apg.ts) and its block-metric step (steps/apgStep.ts). */
export const APG = Object.freeze({
  /** The certificate needs ∇f at x; between restarts it is computed every this many iterations. */
  checkEvery: 10,
  /**
   * Each block's step scale is multiplied by this after every iteration (and doubled when its
   * model fails), so that a step cut short once can lengthen again: faster or slower decay both
   * cost iterations on the real datasets.
   */
  decay: 0.95,
  /** Damping of the dense Newton metric, relative to the diagonal step's L̂_β·W (H may be singular). */
  denseDamping: 1e-6,
  /** After this many failed tries the step is taken anyway: rounding has the last word. */
  maxTries: 60,
});

/** Exact solves of rare mutations' blocks at APG's checks (steps/rareBlocks.ts, solvers/apgChecks.ts). */
export const RARE_BLOCKS = Object.freeze({
  /** Mutations seen in at most this many rows, over all conditions, are blocks (never bundle columns). */
  rows: 16,
  /**
   * Sweeps pay where rare mutations are a small part of the data (at most this share of the
   * design's entries), so that a data pass costs far more than solving their blocks; where they
   * are much of it, APG's own steps move them more cheaply and sweeps only disturb its momentum.
   */
  maxEntryShare: 0.2,
  /**
   * A check sweeps when rare mutations hold its certificate (to `share` of its largest entry),
   * and solves their blocks down to `goal` × the tolerance: below the tolerance, so that the next
   * checks are held by the rest of the fit, but not so far below that the sweeps chase digits
   * APG's next steps will disturb. Sweeping at every check, or only when the rare blocks hold
   * nearly all of it, cost iterations.
   */
  share: 0.5,
  goal: 0.3,
  /** Bounds on the work of one sweep: Newton steps per block, halvings per line search, sweeps. */
  maxSteps: 30,
  maxHalvings: 40,
  maxSweeps: 20,
});

/** Newton steps on the identified manifold at APG's checks (solvers/manifoldNewton.ts, apgChecks.ts). */
export const MANIFOLD_NEWTON = Object.freeze({
  /**
   * The first try (the probe) comes at this relative stationarity and is taken only if it lowers
   * both F and the certificate: early enough to end a fit whose pattern of zero shifts has
   * settled, and refused where the pattern is not yet final (a step there raises the certificate
   * and leaves the face of the penalty the fit ends on).
   */
  probe: 1e-2,
  /**
   * Every later try waits for this stationarity, and after one that is refused or gains less than
   * `gain`, twice as many iterations as before (starting from `wait`).
   */
  below: 1e-3,
  gain: 3,
  wait: 10,
  /**
   * CG's tolerance is an inexact-Newton forcing term: `cgForcing` × the stationarity, so that a
   * step from stationarity s is solved about as well as Newton's s² convergence can use, but never
   * tighter than what the certificate still lacks (with a margin of `cgMargin`), nor looser than 0.1.
   */
  cgForcing: 3,
  cgMargin: 0.3,
  /**
   * After this many steps whose CG ran out of iterations (a degenerate manifold: on the 10K
   * example, which has no ridge, every one), APG goes on alone. Steps that are merely weak are
   * retried later, since weak steps can precede the ones that finish a fit.
   */
  unsolved: 2,
  /**
   * CG stops once its residual, measured as the certificate measures ∇F (each entry divided by
   * the problem's W, largest entry), is the caller's tolerance times its start; or after this
   * many iterations. (The Euclidean norm of the residual bounces over orders of magnitude while
   * the certificate's measure falls: CG stopped by it ran far longer.)
   */
  cgMaxIterations: 200,
  /** Step lengths tried (a value pass each) before the step is given up. */
  maxHalvings: 6,
  /**
   * Levenberg–Marquardt damping relative to H's diagonal: bounds the step along flat directions
   * (without a ridge, mutations seen together only are exactly flat in their difference).
   */
  damping: 1e-4,
});

/** The block-Jacobi preconditioner of manifold Newton's CG (linalg/clusterPreconditioner.ts). */
export const CLUSTERS = Object.freeze({
  /** Squared cosine of two mutations' design columns above which they share a block. */
  strong: 0.5,
  /** Largest cluster (mutations), so a block has at most this · D variables to factor. */
  maxCluster: 16,
});
