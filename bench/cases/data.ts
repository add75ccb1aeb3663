/**
 * Data-path benchmarks (issue 3): parse + validate, and parse + validate + prepare, on real data
 * and on a synthetic million rows. Run by bench/run.ts, one case per process (peak RSS per case).
 */
import { loadDataset, usable } from '../../src/core/data/load';
import { resolveDataOptions } from '../../src/core/data/options';
import type { TableInput } from '../../src/core/data/readTable';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { deltaBa2, report, sharedFile, synthetic1M } from '../shared';

async function validate(name: string, inputs: TableInput[]): Promise<void> {
  const t0 = performance.now();
  const loaded = await loadDataset(inputs, resolveDataOptions(), { keepRows: false });
  const s = (performance.now() - t0) / 1000;
  const rows = loaded.rowsPerFile.reduce((a, b) => a + b, 0);
  report(name, { rows, seconds: +s.toFixed(3), rowsPerSecond: Math.round(rows / s), errors: loaded.errors });
}

async function prepare(
  name: string,
  inputs: TableInput[],
  reference: string,
  collapse: 'none' | 'mean' = 'none',
): Promise<void> {
  const options = resolveDataOptions({ reference, collapse });
  const t0 = performance.now();
  const loaded = await loadDataset(inputs, options, { keepExtras: false });
  if (!usable(loaded, options)) throw new Error(`${name}: input errors`);
  const tLoad = performance.now();
  const p = prepareDataset(loaded.table, { reference, collapse });
  const t1 = performance.now();
  const rows = loaded.table.rows;
  const s = (t1 - t0) / 1000;
  report(name, {
    rows,
    seconds: +s.toFixed(3),
    rowsPerSecond: Math.round(rows / s),
    prepareOnlySeconds: +((t1 - tLoad) / 1000).toFixed(3),
    mutations: p.mutations.length,
    keptVariants: p.alive.reduce((a, b) => a + b, 0),
  });
}

export const dataCases: Record<string, () => Promise<void>> = {
  'validate delta+ba2': () => validate('validate delta+ba2', deltaBa2()),
  'prepare delta+ba2': () => prepare('prepare delta+ba2', deltaBa2(), 'Delta'),
  'validate synthetic 1M': async () => validate('validate synthetic 1M', [{ path: await synthetic1M() }]),
  'prepare synthetic 1M': async () => prepare('prepare synthetic 1M', [{ path: await synthetic1M() }], 'h1'),
  'prepare 10K example (multidms 1.2: 143.6 s)': () =>
    prepare(
      'prepare 10K example (multidms 1.2: 143.6 s)',
      [{ path: sharedFile('func_score_df_delta_BA1_10K.csv') }],
      'Delta-2',
      'mean',
    ),
};
