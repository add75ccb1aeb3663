/** The averaged shift table of a collection (averaged.ts), against sums done by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { averagedColumns, averagedRows } from '../../../src/jobs/averaged.ts';
import { forEachLambda } from '../../../src/jobs/replicateMutations.ts';

const HEADER =
  'mutation,wts,sites,muts,times_seen_A,times_seen_B,beta_A,beta_B,shift_B,identifiable_A,identifiable_B';

function replicate(dir: string, name: string, rows: string[]): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'mutations.csv'), [HEADER, ...rows].join('\n') + '\n');
  return folder;
}

test('per mutation: each replicate’s shift, mean, median, sample sd, n_comparisons, n_identified, selection frequency; a mutation one replicate lacks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-avg-'));
  const folders = [
    replicate(dir, 'r1', ['M1E,M,1,E,10,12,-1,-0.4,0.6,yes,yes', 'G3R,G,3,R,2,2,-2,-2,0,yes,single-variant']),
    replicate(dir, 'r2', ['M1E,M,1,E,20,14,-3,-2.8,0.2,yes,yes']),
    replicate(dir, 'r3', ['M1E,M,1,E,30,16,-2,-1,1,yes,yes', 'G3R,G,3,R,4,6,-1,-0.5,0.5,yes,yes']),
  ];
  let rows: unknown[][] = [];
  await forEachLambda(folders, [1e-4], (lambda, tables) => {
    rows = averagedRows(lambda, tables, ['A', 'B'], 'A');
  });
  assert.deepEqual(averagedColumns(['r1', 'r2', 'r3']), [
    'lambda',
    'site',
    'wildtype',
    'mutant',
    'mutation',
    'condition',
    'latent_phenotype_effect',
    'times_seen',
    'replicate_r1',
    'replicate_r2',
    'replicate_r3',
    'shift',
    'shift_median',
    'shift_std',
    'n_comparisons',
    'n_identified',
    'n_nonzero',
    'selection_frequency',
  ]);
  const m1e = rows.find((r) => r[4] === 'M1E')!;
  assert.deepEqual(m1e.slice(0, 11), [1e-4, '1', 'M', 'E', 'M1E', 'B', -2, 14, 0.6, 0.2, 1]);
  assert.ok(Math.abs((m1e[11] as number) - 0.6) < 1e-12); // mean of 0.6, 0.2, 1
  assert.equal(m1e[12], 0.6); // median
  assert.ok(Math.abs((m1e[13] as number) - 0.4) < 1e-12); // sd: sqrt((0 + 0.16 + 0.16) / 2)
  assert.deepEqual(m1e.slice(14), [3, 3, 3, 1]);
  const g3r = rows.find((r) => r[4] === 'G3R')!;
  // Not in r2: its cell is empty; r1 does not identify it in B.
  assert.deepEqual(g3r.slice(6, 11), [-1.5, 4, 0, '', 0.5]);
  assert.equal(g3r[11], 0.25);
  assert.deepEqual(g3r.slice(14), [2, 1, 1, 0.5]);
});
