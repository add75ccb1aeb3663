/**
 * `dmsfit dms-vep`: a λ path as the dms-vep pipelines' shifts CSV, checked value by value against
 * the fits' own mutations.csv and model.json; and the file writes refused where they would take
 * something that is not an earlier export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulatedCli } from '../support/simulatedCli.ts';
import { readCsv } from '../../../src/results/resultsFiles.ts';
import { dmsVepColumns } from '../../../src/results/dmsVepShifts.ts';

test('dms-vep shifts: every mutation at every λ as in mutations.csv, a wildtype row per site, the header of the pipelines', async () => {
  const sim = await simulatedCli('dms-vep', {
    seed: 3,
    sites: 15,
    variantsPerCondition: 600,
    conditions: ['h1', 'h2', 'h3'],
  });
  const out = join(sim.dir, 'out');
  const fitted = sim.dmsfit('fit', sim.data, '--reference', 'h2', '--lasso', '1e-4,1e-3', '-o', out);
  assert.equal(fitted.status, 0, fitted.stderr);
  const r = sim.dmsfit('dms-vep', out);
  assert.equal(r.status, 0, r.stderr);
  const csv = join(out, 'dms-vep_shifts.csv');
  assert.ok(r.stdout.startsWith(`${csv}: `), r.stdout);
  const { rows } = await readCsv(csv);
  const header = readFileSync(csv, 'utf8').split('\n')[0]!.split(',');
  // The reference's columns first, as the pipelines name them for XBB.1.5's high_ACE2.
  assert.deepEqual(header, [
    'wildtype',
    'site',
    'mutant',
    'times_seen_h1',
    'times_seen_h2',
    'times_seen_h3',
    'latent_phenotype_effect',
    'h2_predicted_func_score',
    'shift_h1',
    'h1_predicted_func_score',
    'shift_h3',
    'h3_predicted_func_score',
    'lasso_shift',
  ]);
  assert.deepEqual(header, dmsVepColumns(['h1', 'h2', 'h3'], 'h2'));
  for (const [lambda, folder] of [
    ['0.001', 'lambda-0.001'],
    ['0.0001', 'lambda-0.0001'],
  ] as const) {
    const model = JSON.parse(readFileSync(join(out, folder, 'model.json'), 'utf8')) as {
      sites: string[];
      wildtypes: Record<string, string>;
    };
    const mutations = (await readCsv(join(out, folder, 'mutations.csv'))).rows;
    const at = rows.filter((x) => x.lasso_shift === lambda);
    assert.equal(at.length, mutations.length + model.sites.length, lambda);
    const byKey = new Map(at.map((x) => [`${x.wildtype}${x.site}${x.mutant}`, x]));
    for (const m of mutations) {
      const x = byKey.get(m.mutation!)!;
      assert.ok(x, m.mutation);
      for (const c of ['h1', 'h2', 'h3']) {
        assert.equal(Number(x[`times_seen_${c}`]), Number(m[`times_seen_${c}`]));
        assert.equal(Number(x[`${c}_predicted_func_score`]), Number(m[`predicted_func_score_${c}`]));
      }
      assert.equal(Number(x.latent_phenotype_effect), Number(m.beta_h2));
      assert.equal(Number(x.shift_h1), Number(m.shift_h1));
      assert.equal(Number(x.shift_h3), Number(m.shift_h3));
    }
    model.sites.forEach((site, s) => {
      const wt = model.wildtypes.h2![s]!;
      const x = byKey.get(`${wt}${site}${wt}`)!;
      assert.ok(x, `wildtype row of ${site}`);
      assert.deepEqual(
        [x.times_seen_h1, x.latent_phenotype_effect, x.h2_predicted_func_score, x.shift_h1, x.shift_h3],
        ['', '0', '', '0', '0'],
      );
    });
  }
  // The larger λ first, as the path was fitted.
  assert.equal(rows[0]!.lasso_shift, '0.001');
  assert.equal(rows.at(-1)!.lasso_shift, '0.0001');
  // Run again: an earlier export is replaced.
  assert.equal(sim.dmsfit('dms-vep', out).status, 0);
});

test('dms-vep shifts: never over the data, a folder or a file that is not an earlier export', async () => {
  const sim = await simulatedCli('dms-vep-refuse', { seed: 4, sites: 10, variantsPerCondition: 300 });
  const out = join(sim.dir, 'out');
  assert.equal(sim.dmsfit('fit', sim.data, '--reference', 'h1', '--lasso', '1e-4', '-o', out).status, 0);
  const data = readFileSync(sim.data, 'utf8');
  const refusedData = sim.dmsfit('dms-vep', out, '-o', sim.data);
  assert.equal(refusedData.status, 1, refusedData.stderr);
  assert.match(refusedData.stderr, /not a dms-vep shifts CSV/);
  assert.equal(readFileSync(sim.data, 'utf8'), data);
  const notes = join(sim.dir, 'notes.csv');
  writeFileSync(notes, 'my,own\n1,2\n');
  assert.equal(sim.dmsfit('dms-vep', out, '-o', notes).status, 1);
  assert.equal(readFileSync(notes, 'utf8'), 'my,own\n1,2\n');
  const folder = sim.dmsfit('dms-vep', out, '-o', sim.dir);
  assert.equal(folder.status, 1);
  assert.match(folder.stderr, /it is a folder/);
  const missing = sim.dmsfit('dms-vep', join(sim.dir, 'nowhere'));
  assert.equal(missing.status, 1, missing.stderr);
  assert.match(missing.stderr, /holds no DMS Fit results/);
});
