/**
 * `--intervals`: 90 % confidence intervals for every β and shift, calibrated (coverage of the true
 * values on simulations: intervals.test.ts), unlike the standard errors of standardErrors.ts.
 *
 * Why not around the lasso's estimates: the lasso shrinks every shift and pools a zero shift
 * into the reference's β, so its estimates are biased by as much as their spread and intervals
 * around them cover the truth about half the time (the README's "Confident shifts"). The
 * intervals are instead those of the fit without the lasso — the de-biased (de-sparsified) lasso
 * of van de Geer et al. 2014, which for DMS data (far more variants than mutations) is the
 * unpenalised maximum-likelihood fit:
 *   1. which coordinates the data cannot pin down: the Gauss–Newton curvature of the data fit,
 *      at the lasso's solution, below WEAK times the ridge's (mutations seen only at the score
 *      floor, or in no training variant of a condition). They keep the ridge and get no interval;
 *      every other coordinate loses it, as the lasso: without this, XBB.1.5's floor mutations run
 *      off towards −∞;
 *   2. that problem is solved by Gauss–Newton steps from the lasso's solution (unpenalisedFit.ts);
 *      every condition's β is its own;
 *   3. the covariance is the inverse Gauss–Newton information there, each condition's rows over
 *      its own noise variance σ_d² (residual sum of squares over its degrees of freedom); its
 *      diagonal is estimated with random probes (inverseDiagonal.ts);
 *   4. β ± z·√var and shift ± z·√(var_d + var_ref), z = 1.645. A condition's β and the
 *      reference's share no rows, only the two θ of the global epistasis; the covariance
 *      through them is left out (with it, estimated by the same probes, the shift coverage on
 *      4 simulations moved by at most 0.02, within the probes' noise).
 * Mutations the design cannot tell apart (tiedColumns.ts) get no interval: the data see their sum.
 */
import { UserError } from '../errors';
import type { DataFit } from '../model/dataFit';
import type { FitData } from '../model/fitData';
import type { Locks } from '../model/model';
import type { ModelOptions } from '../model/options';
import { layout, toNatural, type NaturalParameters } from '../model/parameters';
import { expandTied, type TiedColumns } from '../model/tiedColumns';
import { DataHessian } from '../solve/steps/dataHessian';
import { inverseEntries } from '../solve/linalg/inverseDiagonal';
import { Problem } from '../solve/problem';
import { relaxUnsupported } from './relaxedRefit';
import { CONFIDENT_Z } from './standardErrors';
import { DECREMENT, unpenalisedFit } from './unpenalisedFit';

/** A coordinate whose data curvature is below WEAK × the ridge's keeps the ridge and gets no interval. */
const WEAK = 10;
/** The ridge of the unpenalised fit on the coordinates the data pin down, relative to the model's. */
const RIDGE_CUT = 0.1;
/** Newton steps the unpenalised fit may take from the lasso's solution. */
const MAX_STEPS = 200;

export interface IntervalOptions {
  /** Random probes of the covariance's diagonal; default 32. */
  probes?: number;
  /** Seed of the probes; default 1. */
  seed?: number;
}

export interface ConfidenceIntervals {
  /** Coverage the intervals are made for. */
  level: number;
  /** The unpenalised fit the intervals are centred on (natural parameters, full design). */
  centre: NaturalParameters;
  /** Per condition and mutation, each bound (NaN: no interval; the reference's shift: 0). */
  betaLow: Float64Array[];
  betaHigh: Float64Array[];
  shiftLow: Float64Array[];
  shiftHigh: Float64Array[];
  /** The unpenalised fit's Gauss–Newton steps, and whether its centres are within 0.1 standard error of its optimum. */
  converged: boolean;
  steps: number;
  /** Its Newton decrement at the end (unpenalisedFit.ts): ≤ 0.01 puts every centre within 0.1 standard error. */
  decrement: number;
  /** Probes, their CG iterations in all, and whether every solve met its tolerance. */
  probes: number;
  cgIterations: number;
  solved: boolean;
  /** Coordinates without an interval because the data do not pin them down. */
  weak: number;
  seconds: number;
}

export const INTERVAL_LEVEL = 0.9;

/** Why the intervals cannot be made for a model (undefined: they can): as the relaxed refit. */
export const intervalsUnsupported = (model: ModelOptions): string | undefined =>
  relaxUnsupported(model)?.replace('the relaxed refit', 'the intervals');

/** What the intervals are computed from: the lasso fit, in the solvers' (tied) design. */
interface IntervalInput {
  solving: DataFit;
  tied: TiedColumns;
  fitData: FitData;
  model: ModelOptions;
  locks: Locks;
  /** The lasso fit to start from (the solvers' design). */
  x: Float64Array;
  shouldStop?: () => boolean;
}

export function confidenceIntervals(
  input: IntervalInput,
  options: IntervalOptions = {},
): ConfidenceIntervals {
  const t0 = performance.now();
  const { solving, model } = input;
  const unsupported = intervalsUnsupported(model);
  if (unsupported) throw new UserError(unsupported);
  const L = solving.layout;
  const problem = new Problem(solving, 0, model.penalty, input.locks, model.scaleFusionByN);
  const information = new Information(solving);
  // 1. The coordinates the data cannot pin down, at the lasso's solution.
  const weakAtStart = weakCoordinates(solving, information.diagonalAt(input.x));
  // 2. The fit without the lasso.
  const refit = refitWithoutLasso(problem, input, weakAtStart);
  // 3. The information there, on the log-likelihood's scale; coordinates weak there, too, get
  // no interval (those the refit took to the floor).
  const weak = weakCoordinates(solving, information.diagonalAt(refit.x));
  const free = Uint8Array.from(problem.free);
  let weakCount = 0;
  for (let k = 0; k < L.beta0; k++)
    if (weak[k] || weakAtStart[k]) {
      free[k] = 0;
      weakCount++;
    }
  const entries = information.inverseDiagonal(free, options, input.shouldStop);
  // 4. Bounds, on the full design.
  const centre = toNatural(
    expandTied(input.tied, refit.x, input.fitData.M, L.D + L.T),
    layout(input.fitData.D, input.fitData.M, L.T),
    input.fitData,
  );
  return {
    level: INTERVAL_LEVEL,
    centre,
    ...intervalBounds(solving, input.tied, centre, entries.diagonal, free),
    converged: refit.converged,
    steps: refit.steps,
    decrement: refit.decrement,
    probes: entries.probes,
    cgIterations: entries.iterations,
    solved: entries.solved,
    weak: weakCount,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Step 2: the fit without the lasso, the ridge kept where the data are weak and cut tenfold
 * elsewhere (restored after): it biases nothing the data determine, but stops a β that the refit
 * pushes to the score floor, where its curvature vanishes, from running off to −∞.
 */
function refitWithoutLasso(
  problem: Problem,
  input: IntervalInput,
  weakAtStart: Uint8Array,
): ReturnType<typeof unpenalisedFit> {
  const { solving } = input;
  const ridge = solving.betaRidge;
  const saved = Float64Array.from(ridge);
  const scale = noiseFactors(solving);
  try {
    for (let k = 0; k < solving.layout.beta0; k++) if (!weakAtStart[k]) ridge[k]! *= RIDGE_CUT;
    return unpenalisedFit(problem, input.x, {
      likelihoodScale: scale.reduce((a, b) => a + b, 0) / solving.fit.D,
      // Those weak at the start are held where the lasso left them: they get no interval.
      weakBelow: saved.map((r, k) => (weakAtStart[k] ? Infinity : WEAK * 2 * r)),
      maxSteps: MAX_STEPS,
      ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}),
    });
  } finally {
    ridge.set(saved);
  }
}

/** The Gauss–Newton information of the data fit, and (step 3) the diagonal of its inverse. */
class Information {
  private readonly hessian: DataHessian;
  private readonly diag: Float64Array;

  constructor(private readonly solving: DataFit) {
    this.hessian = new DataHessian(solving.fit.data);
    this.diag = new Float64Array(solving.layout.size);
  }

  /** The information at x, of the data fit as it stands (its rows' own weights); its diagonal. */
  diagonalAt(x: Float64Array): Float64Array {
    const { solving, hessian } = this;
    const L = solving.layout;
    solving.valueAndGradient(x, new Float64Array(L.size));
    hessian.prepare(solving, x[L.theta]!);
    hessian.toGaussNewton();
    hessian.diagonal(this.diag, L);
    return this.diag;
  }

  /**
   * The diagonal of the inverse information at the last diagonalAt's point, on the
   * log-likelihood's scale (each condition's rows over its noise variance), with the refit's own
   * ridge as a prior on that scale; only the `free` coordinates.
   */
  inverseDiagonal(
    free: Uint8Array,
    options: IntervalOptions,
    shouldStop: (() => boolean) | undefined,
  ): ReturnType<typeof inverseEntries> {
    const { solving, hessian, diag } = this;
    const L = solving.layout;
    const { M } = solving.fit;
    const ridge = solving.betaRidge;
    const kappa = noiseFactors(solving);
    hessian.scaleConditions(kappa);
    hessian.diagonal(diag, L);
    const prior = new Float64Array(L.beta0);
    for (let k = 0; k < L.beta0; k++) prior[k] = 2 * RIDGE_CUT * ridge[k]! * kappa[Math.floor(k / M)]!;
    for (let k = 0; k < L.beta0; k++) diag[k]! += prior[k]!;
    const scratch = new Float64Array(L.size);
    return inverseEntries(
      (v, out) => {
        scratch.set(v);
        for (let k = 0; k < L.size; k++) if (!free[k]) scratch[k] = 0;
        hessian.times(scratch, out, L);
        for (let k = 0; k < L.beta0; k++) out[k]! += prior[k]! * scratch[k]!;
        for (let k = 0; k < L.size; k++) if (!free[k]) out[k] = 0;
      },
      diag,
      free,
      {
        probes: options.probes ?? 32,
        seed: options.seed ?? 1,
        tolerance: 1e-3,
        maxIterations: 1000,
        ...(shouldStop ? { shouldStop } : {}),
      },
    );
  }
}

/**
 * Step 4: β ± z·√var and shift ± z·√(var_d + var_ref) on the full design, from the variances
 * of the solvers' (tied) coordinates; NaN where there is no interval (a tied mutation, a
 * coordinate not free), 0 for the reference's own shift.
 */
function intervalBounds(
  solving: DataFit,
  tied: TiedColumns,
  centre: NaturalParameters,
  variance: Float64Array,
  free: Uint8Array,
): Pick<ConfidenceIntervals, 'betaLow' | 'betaHigh' | 'shiftLow' | 'shiftHigh'> {
  const { D, M, reference: R } = solving.fit;
  const fullM = centre.beta[0]!.length;
  const bounds = () => Array.from({ length: D }, () => new Float64Array(fullM).fill(NaN));
  const betaLow = bounds();
  const betaHigh = bounds();
  const shiftLow = bounds();
  const shiftHigh = bounds();
  for (let m = 0; m < fullM; m++) {
    const u = tied.merged ? tied.column[m]! : m;
    if (tied.merged && tied.size[u]! > 1) continue;
    const ref = R * M + u;
    for (let d = 0; d < D; d++) {
      const k = d * M + u;
      const b = centre.beta[d]![m]!;
      const half = CONFIDENT_Z * Math.sqrt(variance[k]!);
      betaLow[d]![m] = b - half;
      betaHigh[d]![m] = b + half;
      if (d === R) {
        shiftLow[d]![m] = 0;
        shiftHigh[d]![m] = 0;
        continue;
      }
      if (!free[k] || !free[ref]) continue;
      const s = b - centre.beta[R]![m]!;
      const h = CONFIDENT_Z * Math.sqrt(variance[k]! + variance[ref]!);
      shiftLow[d]![m] = s - h;
      shiftHigh[d]![m] = s + h;
    }
  }
  return { betaLow, betaHigh, shiftLow, shiftHigh };
}

/** fit.json's account of the intervals: what they are, how they were made, whether they hold. */
export type IntervalSummary = Pick<
  ConfidenceIntervals,
  'level' | 'converged' | 'steps' | 'decrement' | 'probes' | 'cgIterations' | 'solved' | 'seconds'
> & {
  method: string;
  /** β coordinates (condition × mutation) without an interval: the data do not pin them down. */
  withoutInterval: number;
};

export const INTERVAL_METHOD =
  'Gauss–Newton information at the fit without the lasso (de-biased lasso), diagonal of its inverse from random probes';

export function intervalSummary(c: ConfidenceIntervals): IntervalSummary {
  const { level, converged, steps, decrement, probes, cgIterations, solved, weak, seconds } = c;
  return {
    method: INTERVAL_METHOD,
    level,
    converged,
    steps,
    decrement,
    probes,
    cgIterations,
    solved,
    withoutInterval: weak,
    seconds,
  };
}

/** Why mutations.csv has no intervals, when it has none (undefined: it has them). */
export function intervalWarning(c: ConfidenceIntervals): string | undefined {
  if (c.converged) return undefined;
  return `the fit without the lasso behind the intervals stopped unconverged after ${c.steps} Gauss–Newton steps (Newton decrement ${c.decrement.toPrecision(3)}, needs ≤ ${DECREMENT}): mutations.csv has no intervals`;
}

/**
 * The β coordinates whose data curvature (diag, unscaled) is below WEAK × the ridge's, or that
 * fewer than two variants carry: a single variant's β fits its one score exactly, so its
 * curvature says nothing of its noise (identifiability.ts calls it not identifiable), and
 * letting such βs move kept XBB.1.5's refit from converging in 200 steps.
 */
function weakCoordinates(f: DataFit, diag: Float64Array): Uint8Array {
  const weak = new Uint8Array(f.layout.beta0);
  const M = f.layout.M;
  for (let k = 0; k < weak.length; k++) {
    const { ptr } = f.fit.data[Math.floor(k / M)]!.Xt;
    const m = k % M;
    const seen = ptr[m + 1]! - ptr[m]!;
    weak[k] = diag[k]! > WEAK * 2 * f.betaRidge[k]! && f.fit.columnWeight[k]! > 0 && seen > 1 ? 0 : 1;
  }
  return weak;
}

/**
 * Per condition, the factor from the data fit's weights (which sum to 1/D) to the log-likelihood's
 * (each row over σ_d², the residual sum of squares over n_d − p_d, p_d the mutations seen in d
 * plus β0 and θ), at the data fit's last point.
 */
function noiseFactors(f: DataFit): number[] {
  const T = f.layout.T;
  return f.fit.data.map((c, d) => {
    let weight = 0;
    for (let i = 0; i < c.n; i++) weight += c.c[i]!;
    const unit = weight > 0 ? c.n / weight : 0;
    let rss = 0;
    const yhat = f.yhat[d]!;
    for (let i = 0; i < c.n; i++) rss += unit * c.c[i]! * (c.y[i]! - yhat[i]!) ** 2;
    let seen = 0;
    for (let m = 0; m < f.fit.M; m++) if (c.Xt.ptr[m + 1]! > c.Xt.ptr[m]!) seen++;
    const dof = c.n - seen - 1 - T;
    return dof > 0 && rss > 0 ? unit / (rss / dof) : 0;
  });
}
