/**
 * The data-fit pass alone (issue 23: a default Delta + BA.2 fit spends ~2/3 of its time in ~500
 * of them): milliseconds per value pass, gradient pass and extrapolated gradient pass, one
 * thread, at the point 20 iterations into the default fit (saturation as a fit meets it).
 */
import { loadDataset, usable } from '../../src/core/data/load';
import { resolveDataOptions } from '../../src/core/data/options';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { fitPath } from '../../src/core/fit/fitPath';
import { ThreadBudget } from '../../src/core/fit/threadBudget';
import { resolveModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { deltaBa2, peakRssMB, report } from '../shared';

const REPEATS = 60;

/** Median milliseconds of `REPEATS` calls of `f` (after two warm-up calls). */
function medianMs(f: () => void): number {
  f();
  f();
  const t: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    const start = performance.now();
    f();
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  return t[REPEATS >> 1]!;
}

async function passes(): Promise<void> {
  const data = resolveDataOptions({ reference: 'Delta' });
  const loaded = await loadDataset(deltaBa2(), data, { keepExtras: false });
  if (!usable(loaded, data)) throw new Error('delta+ba2: input errors');
  const prepared = prepareDataset(loaded.table, { reference: 'Delta', collapse: data.collapse });
  const path = await fitPath(
    {
      prepared,
      model: resolveModelOptions(),
      lasso: [5e-5],
      solver: resolveSolverOptions({ maxIterations: 20 }),
    },
    { threads: new ThreadBudget(1) },
  );
  const f = path.dataFit;
  const x = path.fits[0]!.x;
  const grad = new Float64Array(x.length);
  f.value(x);
  f.keepLatent();
  f.value(x);
  f.keepLatent();
  report('passes delta+ba2 (one thread)', {
    rows: f.fit.data.reduce((n, c) => n + c.n, 0),
    valueMs: +medianMs(() => f.value(x)).toFixed(2),
    gradientMs: +medianMs(() => f.valueAndGradient(x, grad)).toFixed(2),
    curvatureMs: +medianMs(() => f.valueAndGradient(x, grad, { curvature: true })).toFixed(2),
    extrapolatedMs: +medianMs(() => f.valueAndGradient(x, grad, { extrapolate: 0.5 })).toFixed(2),
    peakRssMB: peakRssMB(),
  });
}

export const passCases: Record<string, () => Promise<void>> = {
  'passes delta+ba2 (one thread)': passes,
};
