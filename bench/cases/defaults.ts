/**
 * Fits at the default settings (issue 23): the real datasets of ../shared/data as a scientist
 * who right-clicks them gets them fitted — every model and solver option at its default (ridge
 * on β 3e-7, no clipping unless the case says median-stop, no collapsing), cold at each λ, one
 * thread. Beside the hand-posed cases of fit.ts. Each reports whether it converged (and why not),
 * iterations (of the kept start), seconds (every start together), peak RSS, how many starts it
 * took, and how many mutations the data cannot identify.
 */
import { clippedScores, type ClipOptions } from '../../src/core/data/clip';
import { loadDataset, usable } from '../../src/core/data/load';
import { resolveDataOptions } from '../../src/core/data/options';
import type { TableInput } from '../../src/core/data/readTable';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { fitPath } from '../../src/core/fit/fitPath';
import { identifiability } from '../../src/core/fit/identifiability';
import { ThreadBudget } from '../../src/core/fit/threadBudget';
import { resolveModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { deltaBa2, gfp, hivEnv, peakRssMB, report, sharedFile, xbbLibrary } from '../shared';

interface DefaultCase {
  inputs: () => TableInput[];
  reference: string;
  lasso: number;
  clip?: ClipOptions;
  /** A property of the data, not a tuning knob: HIV Env numbers insertions 184a, 184b, … */
  letterSuffixedSites?: boolean;
  /** The time target for this case, in seconds (reported, not enforced). */
  target?: number;
}

async function run(name: string, c: DefaultCase): Promise<void> {
  const data = resolveDataOptions({
    reference: c.reference,
    letterSuffixedSites: c.letterSuffixedSites ?? false,
  });
  const loaded = await loadDataset(c.inputs(), data, { keepExtras: false });
  if (!usable(loaded, data)) throw new Error(`${name}: input errors`);
  const table = c.clip ? { ...loaded.table, score: clippedScores(loaded.table, c.clip).score } : loaded.table;
  const prepared = prepareDataset(table, { reference: c.reference, collapse: data.collapse });
  const model = resolveModelOptions();
  const path = await fitPath(
    { prepared, model, solver: resolveSolverOptions({ maxSeconds: 600 }), lasso: [c.lasso] },
    { threads: new ThreadBudget(1) },
  );
  const fit = path.fits[0]!;
  path.dataFit.valueAndGradient(fit.x, new Float64Array(fit.x.length));
  const codes = identifiability(path.dataFit, model.ridgeBeta);
  let notIdentifiable = 0;
  for (let m = 0; m < prepared.mutations.length; m++) if (codes.some((d) => d[m] !== 0)) notIdentifiable++;
  const r = fit.result;
  report(name, {
    rows: prepared.alive.reduce((a, v) => a + v, 0),
    mutations: prepared.mutations.length,
    stopReason: fit.stopReason,
    seconds: +r.seconds.toFixed(2),
    ...(c.target ? { targetSeconds: c.target } : {}),
    iterations: r.iterations,
    starts: fit.starts.length,
    stationarity: +r.stationarity.toPrecision(3),
    objective: +r.trajectory.at(-1)!.objective.toPrecision(9),
    nonzeroShifts: fit.params.beta.reduce(
      (n, b, d) =>
        n +
        (d === prepared.reference
          ? 0
          : b.filter((v, m) => v !== fit.params.beta[prepared.reference]![m]).length),
      0,
    ),
    notIdentifiable,
    flatVariantShare: +fit.health.flatShare.toPrecision(3),
    peakRssMB: peakRssMB(),
  });
}

const cases: Record<string, DefaultCase> = {};
for (const lib of [1, 2] as const)
  for (const clip of [undefined, { low: 'median-stop' as const }])
    for (const lasso of [1e-4, 5e-5, 2e-5])
      cases[`default xbb15 lib${lib}${clip ? ' median-stop' : ''} λ=${lasso}`] = {
        inputs: () => xbbLibrary(lib),
        reference: 'high_ACE2',
        lasso,
        ...(clip ? { clip } : {}),
        target: 15,
      };
for (const lasso of [1e-5, 1e-4, 2e-4, 1e-3])
  cases[`default 10K example λ=${lasso}`] = {
    inputs: () => [{ path: sharedFile('func_score_df_delta_BA1_10K.csv') }],
    reference: 'Delta-2',
    lasso,
    target: 3,
  };
cases['default delta+ba2 λ=5e-5'] = { inputs: deltaBa2, reference: 'Delta', lasso: 5e-5, target: 10 };
cases['default hiv env BF520+TRO11 λ=1e-5'] = {
  inputs: hivEnv,
  reference: 'BF520',
  lasso: 1e-5,
  letterSuffixedSites: true,
};
cases['default gfp (one condition)'] = {
  inputs: gfp,
  reference: 'avGFP',
  lasso: 1e-5,
};

export const defaultCases: Record<string, () => Promise<void>> = Object.fromEntries(
  Object.entries(cases).map(([name, c]) => [name, () => run(name, c)]),
);
