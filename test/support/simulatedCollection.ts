/**
 * Simulated data as a CSV, for the tests that fit in processes; among them a small two-library
 * collection with the fit options that pose it as a user would (replicates from a column, a λ
 * grid, a hold-out): what the plan, Snakemake and Slurm tests run job by job and compare with
 * one `dmsfit fit`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { toCsvText } from '../../src/core/io/csvWriter.ts';
import { resolveSimulation, simulateRows, simulateTruth } from '../../src/core/simulate/simulate.ts';

/** The simulator's rows for `options`, written as `dir`/sim.csv (with a replicate column). */
export function simulatedCsv(dir: string, options: Parameters<typeof resolveSimulation>[0]): string {
  const truth = simulateTruth(resolveSimulation(options));
  const rows = [...simulateRows(truth)].map((r) => [
    r.condition,
    r.substitutions,
    r.score,
    r.variance,
    r.replicate,
  ]);
  const path = join(dir, 'sim.csv');
  writeFileSync(
    path,
    toCsvText({
      columns: ['condition', 'aa_substitutions', 'func_score', 'func_score_var', 'replicate'],
      rows,
    }),
  );
  return path;
}

export const simulatedCollection = (dir: string): string =>
  simulatedCsv(dir, { seed: 3, sites: 30, variantsPerCondition: 1500, replicates: 2 });

export const FIT_OPTIONS = [
  '-r',
  'h1',
  '--replicate-column',
  'replicate',
  '--lasso-grid',
  '4',
  '--holdout',
  '0.2',
];

/** The same options as Snakemake config (workflow/config.yaml's keys). */
export const WORKFLOW_CONFIG = ['reference=h1', 'replicate_column=replicate', 'lasso_grid=4', 'holdout=0.2'];

/** collection.csv without its seconds column (wall time differs between any two runs). */
function withoutSeconds(text: string): string {
  const lines = text.trim().split('\n');
  const k = lines[0]!.split(',').indexOf('seconds');
  // The seconds column precedes the warnings, the only quoted field: splitting at commas is safe up to it.
  return lines
    .map((l) =>
      l
        .split(',')
        .filter((_, i) => i !== k)
        .join(','),
    )
    .join('\n');
}

/** `b` holds the collection `a` holds: the same outputs, byte for byte but for the wall times. */
export function assertSameCollection(a: string, b: string): void {
  for (const f of ['collection.csv', 'correlations.csv', 'averaged.csv', 'collection.json']) {
    const [x, y] = [readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8')];
    if (f === 'collection.csv') assert.equal(withoutSeconds(y), withoutSeconds(x), f);
    else assert.equal(y, x, f);
  }
  const combined = (d: string) => readFileSync(join(d, 'combined', 'mutations.csv'), 'utf8');
  assert.equal(combined(b), combined(a), 'combined/mutations.csv');
}

/** The job ids of a plan's jobs.tsv, in its order. */
export function jobIds(dir: string): string[] {
  return readFileSync(join(dir, 'jobs.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t')[1]!);
}
