/**
 * Fitting benchmarks (issue 4). For each dataset: our default solver to convergence
 * (stationarity ≤ 1e-6 relative), then the multidms-imitating baseline (FISTA + 50-step ADMM
 * prox, same engine) timed until its objective first comes within 1e-6 of ours (or its cap).
 * Real data are posed as analyses pose them: scores clipped (XBB: median stop-variant score per
 * condition, as the published shifts; Delta+BA.2: [−3.5, 2.5], as the multidms paper) and a
 * 1e-7 ridge on β, which gives mutations seen only in floor-clipped variants a finite optimum.
 */
import { fitPath } from '../../src/core/fit/fitPath';
import { ThreadBudget } from '../../src/core/fit/threadBudget';
import type { ClipOptions } from '../../src/core/data/clip';
import { clippedScores } from '../../src/core/data/clip';
import { loadDataset, usable } from '../../src/core/data/load';
import { resolveDataOptions, type CollapseMode } from '../../src/core/data/options';
import type { TableInput } from '../../src/core/data/readTable';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { resolveModelOptions, type ModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { deltaBa2, peakRssMB, report, sharedFile, synthetic, synthetic1M, xbbLibrary } from '../shared';

interface FitBench {
  inputs: () => Promise<TableInput[]> | TableInput[];
  reference: string;
  lasso: number;
  clip?: ClipOptions;
  collapse?: CollapseMode;
  model?: Partial<ModelOptions>;
  /** Seconds the baseline may run; 0 = no baseline run. */
  baselineCapSeconds: number;
  /** Threads for our solver's data-fit pass (default 1: the targets are per core). */
  threads?: number;
}

async function run(name: string, b: FitBench): Promise<void> {
  const options = resolveDataOptions({ reference: b.reference });
  const loaded = await loadDataset(await b.inputs(), options, { keepExtras: false });
  if (!usable(loaded, options)) throw new Error(`${name}: input errors`);
  const table = b.clip ? { ...loaded.table, score: clippedScores(loaded.table, b.clip).score } : loaded.table;
  const prepared = prepareDataset(table, { reference: b.reference, collapse: b.collapse ?? 'none' });
  const model = resolveModelOptions(b.model);
  const lasso = [b.lasso];
  const threads = new ThreadBudget(b.threads ?? 1);
  let threadsUsed = 0;
  const ours = (
    await fitPath(
      { prepared, model, solver: resolveSolverOptions({ maxSeconds: 600 }), lasso },
      { threads, progress: () => (threadsUsed = Math.max(threadsUsed, threads.inUse)) },
    )
  ).fits[0]!.result;
  const target = ours.trajectory.at(-1)!.objective;
  // How long a looser certificate takes (multidms's own tolerance is 1e-4, on another measure),
  // and when the objective itself was within 1e-6 of where it ended.
  const loose = ours.trajectory.find((r) => r.stationarity <= 1e-4);
  const near = ours.trajectory.find((r) => r.objective <= target * (1 + 1e-6));
  const oursMetrics = {
    // Threads the fit actually used (helpers that cannot start leave it at 1).
    threads: threadsUsed,
    rows: prepared.alive.reduce((a, v) => a + v, 0),
    mutations: prepared.mutations.length,
    seconds: +ours.seconds.toFixed(2),
    iterations: ours.iterations,
    converged: String(ours.converged),
    stationarity: +ours.stationarity.toPrecision(3),
    oursPeakRssMB: peakRssMB(),
    secondsToStationarity1e4: loose ? +(loose.elapsedMs / 1000).toFixed(2) : 'never',
    objectiveGapThen: loose ? +((loose.objective - target) / target).toPrecision(2) : 'n/a',
    secondsToObjectiveWithin1e6: +(near!.elapsedMs / 1000).toFixed(2),
  };
  if (b.baselineCapSeconds === 0) {
    report(name, oursMetrics);
    return;
  }
  const base = (
    await fitPath({
      prepared,
      model,
      lasso,
      solver: resolveSolverOptions({
        solver: 'multidms',
        maxSeconds: b.baselineCapSeconds,
        maxIterations: 1_000_000,
      }),
    })
  ).fits[0]!.result;
  const reached = base.trajectory.find((r) => r.objective <= target * (1 + 1e-6));
  // The other way round: when did our solver first reach where the baseline ended?
  const baseEnd = base.trajectory.at(-1)!.objective;
  const oursAtBaseEnd = ours.trajectory.find((r) => r.objective <= baseEnd);
  const baseSeconds = reached ? reached.elapsedMs / 1000 : NaN;
  report(name, {
    ...oursMetrics,
    baselineSecondsToSameObjective: reached
      ? +baseSeconds.toFixed(1)
      : `> ${b.baselineCapSeconds} (not reached)`,
    baselineIterations: reached ? reached.iteration : base.iterations,
    baselineObjectiveGapAtEnd: +((base.trajectory.at(-1)!.objective - target) / target).toPrecision(3),
    oursSecondsToBaselineEnd: oursAtBaseEnd ? +(oursAtBaseEnd.elapsedMs / 1000).toFixed(2) : 'never',
    // Same objective, both ways: the baseline's time to ours at convergence if it got there,
    // else ours to the best objective the baseline reached before its cap.
    speedup: reached
      ? `${(baseSeconds / ours.seconds).toFixed(1)}×`
      : oursAtBaseEnd
        ? `${(base.trajectory.at(-1)!.elapsedMs / oursAtBaseEnd.elapsedMs).toFixed(1)}× (to the baseline's best)`
        : 'none',
  });
}

const deltaBa2Bench: FitBench = {
  inputs: deltaBa2,
  reference: 'Delta',
  lasso: 5e-5,
  clip: { low: -3.5, high: 2.5 },
  model: { ridgeBeta: 1e-7 },
  baselineCapSeconds: 180,
};

const benches: Record<string, FitBench> = {
  'fit 10K example λ=1e-5 (multidms 1.2: 1,000 it, 469 s, unconverged)': {
    inputs: () => [{ path: sharedFile('func_score_df_delta_BA1_10K.csv') }],
    reference: 'Delta-2',
    lasso: 1e-5,
    collapse: 'mean',
    model: { ridgeBeta: 1e-7 },
    baselineCapSeconds: 120,
  },
  'fit xbb15 lib1 λ=5e-5 (clipped at median stop)': {
    inputs: () => xbbLibrary(1),
    reference: 'high_ACE2',
    lasso: 5e-5,
    clip: { low: 'median-stop' },
    model: { ridgeBeta: 1e-7 },
    baselineCapSeconds: 180,
  },
  'fit delta+ba2 λ=5e-5 (clipped to [−3.5, 2.5])': deltaBa2Bench,
  // The baseline is the same as in the one-thread case above.
  'fit delta+ba2 λ=5e-5, 2 threads': {
    ...deltaBa2Bench,
    baselineCapSeconds: 0,
    threads: 2,
  },
  // The target: ~700k rows converged in ≤ 10 s on one core, ≤ 1 GB. At λ = 1e-4 every
  // shift of this simulation is zero; at 3e-5, 10 are not (the truth has shifts at 40 sites).
  'fit synthetic 700k λ=1e-4': {
    inputs: async () => [{ path: await synthetic(350_000) }],
    reference: 'h1',
    lasso: 1e-4,
    baselineCapSeconds: 0,
  },
  'fit synthetic 700k λ=3e-5': {
    inputs: async () => [{ path: await synthetic(350_000) }],
    reference: 'h1',
    lasso: 3e-5,
    baselineCapSeconds: 0,
  },
  'fit synthetic 1M λ=1e-4': {
    inputs: async () => [{ path: await synthetic1M() }],
    reference: 'h1',
    lasso: 1e-4,
    baselineCapSeconds: 60,
  },
};

export const fitCases: Record<string, () => Promise<void>> = Object.fromEntries(
  Object.entries(benches).map(([name, b]) => [name, () => run(name, b)]),
);
