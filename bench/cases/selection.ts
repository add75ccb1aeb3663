/**
 * What confidence costs (issue 25): on Delta + BA.2 at the default settings and λ 5e-5, the fit
 * itself, then each thing that says how far to trust it — the standard errors (the intervals and
 * the confident-shift test), identifiability, and stability selection over 5 random halves, as
 * `--stability 5` runs them, and the 90 % intervals of `--intervals` — each timed alone, with the cores it kept busy (CPU time of the
 * process and its helper threads / wall time) on the cores a job gets by default.
 */
import { availableParallelism } from 'node:os';
import { loadDataset, usable } from '../../src/core/data/load';
import { resolveDataOptions } from '../../src/core/data/options';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { fitPath } from '../../src/core/fit/fitPath';
import { identifiability } from '../../src/core/fit/identifiability';
import { DEFAULT_STABILITY_FRACTION, selectionFrequency } from '../../src/core/fit/stability';
import { standardErrors } from '../../src/core/fit/standardErrors';
import { ThreadBudget } from '../../src/core/fit/threadBudget';
import { resolveModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { deltaBa2, report } from '../shared';

/** Runs `work`, returning its value, wall seconds and the cores it kept busy on average. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number; cores: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, seconds, cores: (cpu.user + cpu.system) / 1e6 / seconds };
}

const round = (v: number, digits = 2) => +v.toFixed(digits);

export const selectionCases: Record<string, () => Promise<void>> = {
  'selection delta+ba2 λ 5e-5: fit, standard errors, identifiability, stability 5 halves, intervals':
    async () => {
      const name = 'selection delta+ba2 λ 5e-5';
      const cores = availableParallelism();
      const data = resolveDataOptions({ reference: 'Delta' });
      const loaded = await loadDataset(deltaBa2(), data, { keepExtras: false });
      if (!usable(loaded, data)) throw new Error(`${name}: input errors`);
      const prepared = prepareDataset(loaded.table, { reference: 'Delta', collapse: data.collapse });
      const model = resolveModelOptions();
      const lasso = [5e-5];
      const solver = resolveSolverOptions({});
      const threads = new ThreadBudget(cores);
      const fit = await timed(() => fitPath({ prepared, model, solver, lasso }, { threads }));
      const fitted = fit.value.fits[0]!;
      const dataFit = fit.value.dataFit;
      dataFit.valueAndGradient(fitted.x, new Float64Array(fitted.x.length));
      const se = await timed(() => standardErrors(dataFit));
      const ident = await timed(() => identifiability(dataFit, model.ridgeBeta));
      const stable = await timed(() =>
        selectionFrequency(
          { prepared, model, solver, lambda: fitted.lambda, start: fitted.params, threads },
          { subsamples: 5, fraction: DEFAULT_STABILITY_FRACTION },
        ),
      );
      // The intervals (intervals.ts) after a warm restart of the same λ, which converges at once:
      // what `--intervals` adds to a fit.
      const iv = await timed(() =>
        fitPath({ prepared, model, solver, lasso, start: fitted.params, intervals: {} }, { threads }),
      );
      const intervals = iv.value.intervals!;
      const restart = iv.value.fits[0]!.result;
      const frequency = stable.value.frequency
        .filter((_, d) => d !== prepared.reference)
        .flatMap((f) => [...f]);
      report(name, {
        cores,
        fitConverged: String(fitted.result.converged),
        fitSeconds: round(fit.seconds),
        fitCoresBusy: round(fit.cores),
        standardErrorSeconds: round(se.seconds, 3),
        identifiabilitySeconds: round(ident.seconds, 3),
        stabilitySeconds: round(stable.seconds),
        stabilityCoresBusy: round(stable.cores),
        stabilityConverged: `${stable.value.converged} of ${stable.value.subsamples}`,
        stabilityPerFit: round(stable.seconds / stable.value.subsamples),
        shiftsSelectedInAllHalves: frequency.filter((f) => f === 1).length,
        shiftsSelectedInSomeHalf: frequency.filter((f) => f > 0).length,
        intervalsSeconds: round(intervals.seconds),
        intervalsWithRestartSeconds: round(iv.seconds),
        intervalsCoresBusy: round(iv.cores),
        intervalsRestartIterations: restart.iterations,
        intervalsConverged: String(intervals.converged),
        intervalsSteps: intervals.steps,
        intervalsDecrement: +intervals.decrement.toPrecision(3),
        betasWithoutInterval: intervals.weak,
      });
    },
};
