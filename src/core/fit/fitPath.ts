/**
 * Fits a path of lasso strengths on one prepared dataset, largest λ first, each fit warm-started
 * from the previous solution (as scikit-learn's lasso path). The data fit and its buffers are
 * built once and shared by every λ.
 */
import type { PreparedData } from '../data/prepare/prepare';
import { DataFit } from '../model/dataFit';
import { buildFitData, type FitData } from '../model/fitData';
import type { ThreadBudget } from './threadBudget';
import { buildModelParts, initialParameters, resolveLocks } from '../model/model';
import type { ModelOptions } from '../model/options';
import { layout, toFitting, toNatural, type NaturalParameters } from '../model/parameters';
import { contractTied, expandTied, tieColumns, tiedRidgeWeights } from '../model/tiedColumns';
import type { IterationRecord, SolverOptions, SolverResult } from '../solve/options';
import { assessHealth, type FitHealth } from './fitHealth';
import { fitLambda, type LambdaFit } from './fitLambda';
import { confidenceIntervals, type ConfidenceIntervals, type IntervalOptions } from './intervals';
import { relaxedRefit } from './relaxedRefit';
import type { RelaxedResult } from '../solve/solvers/relaxedFit';
import type { StopReason } from './stopReason';
import { Problem } from '../solve/problem';
import { coldStartReference } from '../solve/run';
import { lassoPath } from './lassoText';

export interface FitRequest {
  prepared: PreparedData;
  model: ModelOptions;
  solver: SolverOptions;
  /** Lasso strengths; fitted largest first (lassoPath). */
  lasso: readonly number[];
  /** Fit only these variants (the training part of a hold-out split). */
  include?: (variant: number) => boolean;
  /** Start from these parameters (a saved model's, modelStart.ts) instead of the model's initial values. */
  start?: NaturalParameters;
  /** Refit each λ on its support without the lasso (relaxedRefit.ts). Default false. */
  relax?: boolean;
  /** 90 % intervals for every β and shift, from the fit without the lasso (intervals.ts). */
  intervals?: IntervalOptions;
}

/** A fit refitted on its support without the lasso. */
export interface RelaxedModel {
  x: Float64Array;
  params: NaturalParameters;
  result: RelaxedResult;
}

export interface FittedModel {
  lambda: number;
  /** Parameters in fitting coordinates, and natural ones. */
  x: Float64Array;
  params: NaturalParameters;
  result: SolverResult;
  /** Why it ended, what its end point looks like, and every start tried (fitLambda.ts). */
  stopReason: StopReason;
  health: FitHealth;
  starts: LambdaFit['starts'];
  /** With `relax`, the refit on this fit's support. */
  relaxed?: RelaxedModel;
}

export interface PathHooks {
  onFitStart?: (lambda: number, index: number) => void;
  progress?: (lambda: number, record: IterationRecord) => void;
  shouldStop?: () => boolean;
  /** Threads the data fit may use, followed as it changes (default: this thread only). */
  threads?: ThreadBudget;
}

export interface FittedPath {
  fitData: FitData;
  dataFit: DataFit;
  /** The cold start every λ was measured against (and second starts began from). */
  cold: Float64Array;
  fits: FittedModel[];
  cancelled: boolean;
  /** With `intervals`, computed once (they do not depend on λ), from the last fit. */
  intervals?: ConfidenceIntervals;
}

export async function fitPath(request: FitRequest, hooks: PathHooks = {}): Promise<FittedPath> {
  const { prepared, model, solver } = request;
  const design = pathDesign(request);
  const { fitData, solving, locks, expand, natural } = design;
  // The untrained model: the unit of the certificate, the start of second starts, and the bar of
  // the untrained validation loss, whatever the first λ starts from.
  const cold = initialParameters(model, design.parts, solving.layout);
  locks.index.forEach((j, k) => (cold[j] = locks.value[k]!));
  const first = request.start ? design.startingPoint(request.start) : cold;
  const fits: FittedModel[] = [];
  let x = first;
  let cancelled = false;
  let intervals: ConfidenceIntervals | undefined;
  const threads = followThreads(solving, hooks.threads);
  await threads.start();
  try {
    for (const [index, lambda] of lassoPath(request.lasso).entries()) {
      hooks.onFitStart?.(lambda, index);
      const problem = new Problem(solving, lambda, model.penalty, locks, model.scaleFusionByN);
      // A start from another λ's solution or from a saved model is warm: a cold fit may check it.
      const start = index > 0 && solver.pathStart === 'warm' ? x : first;
      const fitted = await fitLambda(
        {
          problem,
          start,
          warm: start !== cold,
          cold,
          solver,
          reference: coldStartReference(problem, cold),
          inspect: (at) => {
            const params = natural(at);
            return { params, health: assessHealth(prepared, solving, at, params) };
          },
        },
        { progress: (r) => hooks.progress?.(lambda, r), shouldStop: hooks.shouldStop },
      );
      const { result } = fitted;
      x = result.x;
      fits.push({ lambda, x: expand(x), ...fitted });
      if (result.cancelled) {
        cancelled = true;
        break;
      }
      if (request.relax) {
        const relaxed = relaxedRefit({
          solving,
          model,
          solver,
          locks,
          cold,
          x,
          ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
        });
        fits[fits.length - 1]!.relaxed = {
          x: expand(relaxed.x),
          params: natural(relaxed.x),
          result: relaxed,
        };
      }
    }
    if (request.intervals && !cancelled && fits.length > 0)
      intervals = confidenceIntervals(
        {
          solving,
          tied: design.tied,
          fitData,
          model,
          locks,
          x,
          ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
        },
        request.intervals,
      );
  } finally {
    await threads.stop();
  }
  // The outputs are computed on the full design.
  const dataFit = design.tied.merged ? new DataFit(fitData, design.parts) : solving;
  return { fitData, dataFit, cold: expand(cold), fits, cancelled, ...(intervals ? { intervals } : {}) };
}

/**
 * What every λ of a path is fitted on: the request's design, its tied mutations fitted as one
 * column each (tiedColumns.ts) in `solving`, the locks; and the maps between the solvers'
 * coordinates and the full design's.
 */
function pathDesign(request: FitRequest) {
  const { prepared, model } = request;
  const fitData = buildFitData(prepared, {
    weights: model.weights,
    bitFlip: model.bitFlip,
    include: request.include,
  });
  const parts = buildModelParts(model, fitData);
  const tied = tieColumns(fitData);
  const ridgeWeight = tiedRidgeWeights(tied);
  const solving = new DataFit(tied.fit, ridgeWeight ? { ...parts, ridgeWeight } : parts);
  const L = solving.layout;
  const full = layout(fitData.D, fitData.M, L.T);
  const locks = resolveLocks(model, parts, L, tied.fit);
  /** The solvers' coordinates on the full design (tied mutations expanded). */
  const expand = (at: Float64Array) => expandTied(tied, at, fitData.M, L.D + L.T);
  return {
    fitData,
    parts,
    tied,
    solving,
    locks,
    expand,
    /** The solvers' coordinates as natural parameters on the full design. */
    natural: (at: Float64Array): NaturalParameters => toNatural(expand(at), full, fitData),
    /** A saved model's parameters on the solvers' design, θ within its bounds (as the solvers keep it), locks held. */
    startingPoint: (p: NaturalParameters): Float64Array => {
      const x = contractTied(tied, toFitting(p, full, fitData), fitData.M, L.D + L.T);
      const g = parts.epistasis;
      for (let j = 0; j < L.T; j++)
        x[L.theta + j] = Math.min(Math.max(x[L.theta + j]!, g.lower[j]!), g.upper[j]!);
      locks.index.forEach((j, k) => (x[j] = locks.value[k]!));
      return x;
    },
  };
}

/**
 * The data fit's helper threads, following the budget as it changes while the path runs, and
 * back to this thread alone at its end. Threads are only a speed-up: if helpers cannot start,
 * the fit goes on with this thread alone (with a warning on stderr, which hosts show in their logs).
 */
function followThreads(solving: DataFit, budget: ThreadBudget | undefined) {
  const follow = async (count: number) => {
    await solving.useThreads(count).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      process.emitWarning(`helper threads could not start, fitting on one thread: ${reason}`);
    });
    if (budget) budget.inUse = solving.threadCount;
  };
  let unwatch: (() => void) | undefined;
  return {
    start: async () => {
      unwatch = budget?.watch((count) => void follow(count));
      if (budget) await follow(budget.count);
    },
    stop: async () => {
      unwatch?.();
      await follow(1);
    },
  };
}
