/**
 * Data-path benchmarks (issue 3): parse + validate, and parse + validate + prepare, on real data
 * and on a synthetic million rows. Run by bench/run.ts, one case per process (peak RSS per case).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, usable } from '../../src/core/data/load';
import { loadDatasetCached } from '../../src/core/data/loadCache';
import { readUnchanged } from '../../src/core/io/inputSnapshot';
import { resolveDataOptions } from '../../src/core/data/options';
import type { TableInput } from '../../src/core/data/readTable';
import { prepareDataset } from '../../src/core/data/prepare/prepare';
import { deltaBa2, peakRssMB, report, sharedFile, synthetic1M, xbbLibrary } from '../shared';

/**
 * Runs of each case in one process. This host's speed varies by up to 2× from minute to minute,
 * so one run says little: the first run (cold, what a one-off `dmsfit validate` sees) is printed
 * beside the median and the best of the runs after it.
 */
const RUNS = 6;

/** Rows per second of the cold run, and the median and best of the warm runs. */
function throughput(rows: number, seconds: number[]): Record<string, number> {
  const warm = seconds.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  return {
    coldSeconds: +seconds[0]!.toFixed(3),
    coldRowsPerSecond: Math.round(rows / seconds[0]!),
    medianRowsPerSecond: Math.round(rows / median),
    bestRowsPerSecond: Math.round(rows / warm[0]!),
  };
}

async function validate(name: string, inputs: TableInput[]): Promise<void> {
  const seconds: number[] = [];
  let rows = 0;
  let errors = 0;
  let coldPeakRssMB = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const loaded = await loadDataset(inputs, resolveDataOptions(), { keepRows: false });
    seconds.push((performance.now() - t0) / 1000);
    if (run === 0) coldPeakRssMB = peakRssMB(); // later runs add garbage not yet collected
    rows = loaded.rowsPerFile.reduce((a, b) => a + b, 0);
    errors = loaded.errors;
  }
  report(name, { rows, ...throughput(rows, seconds), errors, peakRssMB: coldPeakRssMB });
}

async function prepare(
  name: string,
  inputs: TableInput[],
  reference: string,
  collapse: 'none' | 'mean' = 'none',
): Promise<void> {
  const options = resolveDataOptions({ reference, collapse });
  const seconds: number[] = [];
  const prepareOnly: number[] = [];
  let rows = 0;
  let mutations = 0;
  let keptVariants = 0;
  let coldPeakRssMB = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const loaded = await loadDataset(inputs, options, { keepExtras: false });
    if (!usable(loaded, options)) throw new Error(`${name}: input errors`);
    const tLoad = performance.now();
    const p = prepareDataset(loaded.table, { reference, collapse });
    const t1 = performance.now();
    seconds.push((t1 - t0) / 1000);
    prepareOnly.push((t1 - tLoad) / 1000);
    if (run === 0) coldPeakRssMB = peakRssMB(); // later runs add garbage not yet collected
    rows = loaded.table.rows;
    mutations = p.mutations.length;
    keptVariants = p.alive.reduce((a, b) => a + b, 0);
  }
  report(name, {
    rows,
    ...throughput(rows, seconds),
    coldPrepareOnlySeconds: +prepareOnly[0]!.toFixed(3),
    mutations,
    keptVariants,
    peakRssMB: coldPeakRssMB,
  });
}

/**
 * A fit job's load (extras kept, for the outputs; the files' digests taken and checked as a job
 * does): parsed, then read back from the loaded-dataset cache (loadCache.ts) as a collection's
 * later jobs and any refit of the same files read it.
 */
async function cachedLoad(name: string, inputs: TableInput[], reference: string): Promise<void> {
  const options = resolveDataOptions({ reference });
  const cache = mkdtempSync(join(tmpdir(), 'dmsfit-bench-cache-'));
  const time = async () => {
    const t0 = performance.now();
    const paths = inputs.map((i) => i.path);
    await readUnchanged(paths, (digests) =>
      loadDatasetCached(inputs, options, { forFit: true }, digests, cache),
    );
    return (performance.now() - t0) / 1000;
  };
  const parseSeconds = await time();
  const hits: number[] = [];
  for (let run = 1; run < RUNS; run++) hits.push(await time());
  hits.sort((a, b) => a - b);
  const entryMB = readdirSync(cache).reduce((s, n) => s + statSync(join(cache, n)).size, 0) / 2 ** 20;
  rmSync(cache, { recursive: true });
  const cachedSeconds = hits[Math.floor(hits.length / 2)]!;
  report(name, {
    parseSeconds: +parseSeconds.toFixed(3),
    cachedSeconds: +cachedSeconds.toFixed(3),
    speedup: +(parseSeconds / cachedSeconds).toFixed(1),
    entryMB: +entryMB.toFixed(1),
    peakRssMB: peakRssMB(),
  });
}

export const dataCases: Record<string, () => Promise<void>> = {
  'validate delta+ba2': () => validate('validate delta+ba2', deltaBa2()),
  'prepare delta+ba2': () => prepare('prepare delta+ba2', deltaBa2(), 'Delta'),
  'cached load delta+ba2': () => cachedLoad('cached load delta+ba2', deltaBa2(), 'Delta'),
  'cached load xbb15 lib1': () => cachedLoad('cached load xbb15 lib1', xbbLibrary(1), 'high_ACE2'),
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
