/**
 * `dmsfit predict` on a labelled table (multidms get_df_loss): on the rows a fit held out, its
 * loss per condition is the fit's own validation loss in fit.json, and each row's latent
 * phenotype is the one variants.csv gives; func_score is carried through; a malformed row is
 * skipped with a diagnostic at its line instead of aborting the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCsvText } from '../../../../src/core/io/csvWriter.ts';
import { resolveSimulation, simulateRows, simulateTruth } from '../../../../src/core/simulate/simulate.ts';
import { fitFolder } from '../../../../src/results/readResults.ts';
import { TOP_FIT } from '../../../../src/core/io/resultsLayout.ts';
import { bundles } from '../../../support/bundles.ts';
import { simulatedCli } from '../../support/simulatedCli.ts';

/** A simulated table's CSV: plain names and numbers, so a split on commas reads it. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [names[k]!, v])));
}

for (const loss of ['huber', 'squared'] as const) {
  test(`predict on the held-out rows reports the fit's validation loss (${loss})`, async () => {
    const sim = await simulatedCli('predict-loss', { seed: 8, sites: 20, variantsPerCondition: 400 });
    const { dir, data, dmsfit: run } = sim;
    const out = join(dir, 'out');
    const fitted = run(
      'fit',
      data,
      '-r',
      'h1',
      '--lasso',
      '1e-4',
      '--holdout',
      '0.2',
      '--seed',
      '3',
      '--loss',
      loss,
      '--huber-delta',
      '0.5',
      '-o',
      out,
    );
    assert.equal(fitted.status, 0, fitted.stderr);
    const fit = (await fitFolder(out, TOP_FIT))!;
    const summary = JSON.parse(readFileSync(join(fit, 'fit.json'), 'utf8')) as {
      conditions: Record<string, { validation: { loss: number; variants: number } }>;
    };
    const heldOut = rowsOf(readFileSync(join(fit, 'variants.csv'), 'utf8')).filter(
      (r) => r.split === 'validation',
    );
    assert.ok(heldOut.length > 100);
    // The held-out rows as a labelled table, with one malformed row in the middle (its line 5).
    const lines = heldOut.map((r) => `${r.condition},${r.aa_substitutions},${r.func_score}`);
    lines.splice(3, 0, 'h2,,not-a-number');
    const table = join(dir, 'held-out.csv');
    writeFileSync(table, ['condition,aa_substitutions,func_score', ...lines].join('\n') + '\n');
    const predictions = join(dir, 'predictions.csv');
    const lossJson = join(dir, 'loss.json');
    const r = run(
      'predict',
      table,
      '-m',
      join(fit, 'model.json'),
      '-o',
      predictions,
      '--loss-json',
      lossJson,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /held-out\.csv:5:\d+/, 'the malformed row is named by line and column');
    assert.match(r.stderr, /skipped 1 rows with errors/);

    const got = JSON.parse(readFileSync(lossJson, 'utf8')) as {
      conditions: { condition: string; rows: number; loss: number }[];
      loss: number;
    };
    for (const c of got.conditions) {
      const want = summary.conditions[c.condition]!.validation;
      assert.equal(c.rows, want.variants, `${c.condition}: rows`);
      assert.ok(
        Math.abs(c.loss - want.loss) <= 1e-12 * want.loss,
        `${c.condition}: ${c.loss} vs ${want.loss}`,
      );
    }
    assert.ok(Math.abs(got.loss - (got.conditions[0]!.loss + got.conditions[1]!.loss) / 2) <= 1e-15);
    assert.match(
      r.stderr,
      new RegExp(`loss, ${loss === 'huber' ? 'huber \\(δ 0.5\\)' : 'squared error'} as in the fit`),
    );

    const predicted = rowsOf(readFileSync(predictions, 'utf8'));
    assert.equal(predicted.length, heldOut.length);
    predicted.forEach((p, i) => {
      const h = heldOut[i]!;
      assert.equal(p.func_score, h.func_score, `row ${i}: func_score carried`);
      const [a, b] = [Number(p.predicted_latent), Number(h.predicted_latent)];
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `row ${i}: latent ${a} vs ${b}`);
    });
  });
}

test('predict without scores writes no func_score column and refuses --loss-json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-predict-unlabelled-'));
  const truth = simulateTruth(resolveSimulation({ seed: 9, sites: 10, variantsPerCondition: 200 }));
  const rows = [...simulateRows(truth)];
  const data = join(dir, 'sim.csv');
  writeFileSync(
    data,
    toCsvText({
      columns: ['condition', 'aa_substitutions', 'func_score'],
      rows: rows.map((r) => [r.condition, r.substitutions, r.score]),
    }),
  );
  const { cli } = await bundles();
  const out = join(dir, 'out');
  execFileSync(process.execPath, [cli, 'fit', data, '-r', 'h1', '--lasso', '1e-4', '-o', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const table = join(dir, 'new.csv');
  writeFileSync(
    table,
    toCsvText({
      columns: ['condition', 'aa_substitutions'],
      rows: rows.slice(0, 20).map((r) => [r.condition, r.substitutions]),
    }),
  );
  const model = join((await fitFolder(out, TOP_FIT))!, 'model.json');
  const ok = spawnSync(process.execPath, [cli, 'predict', table, '-m', model], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(!ok.stdout.split('\n')[0]!.split(',').includes('func_score'), ok.stdout.split('\n')[0]);
  assert.doesNotMatch(ok.stderr, /loss/);
  const refused = spawnSync(
    process.execPath,
    [cli, 'predict', table, '-m', model, '--loss-json', join(dir, 'l.json')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /has no func_score, so there is no loss to write/);
});
