/**
 * Refitting from a saved model (multidms #178): the merged design's start keeps the data fit of
 * the full one (each tied group starts at its members' sum); a fit started from its own end
 * stops at once where it was; a model fitted on part of the data starts a fit of all of it
 * with the mutations it lacks at 0, converging near the fit from scratch; and a
 * model of another reference, conditions or epistasis, or inside the output folder, is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCsvText } from '../../../../src/core/io/csvWriter.ts';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { contractTied, tieColumns } from '../../../../src/core/model/tiedColumns.ts';
import { Random } from '../../../../src/core/random.ts';
import { resolveSimulation, simulateRows, simulateTruth } from '../../../../src/core/simulate/simulate.ts';
import { fitFolder } from '../../../../src/results/readResults.ts';
import { TOP_FIT } from '../../../../src/core/io/resultsLayout.ts';
import { bundles } from '../../../support/bundles.ts';
import { simulatedPrepared } from '../../support/sim.ts';

test('a full-design point and its contraction onto tied columns give the same data fit', async () => {
  const { prepared } = await simulatedPrepared({
    seed: 5,
    sites: 40,
    conditions: ['a', 'b'],
    variantsPerCondition: 300,
  });
  const fit = buildFitData(prepared, { weights: 'none', bitFlip: true });
  const tied = tieColumns(fit);
  assert.ok(tied.merged && tied.fit.M < fit.M, `${fit.M} → ${tied.fit.M} columns`);
  const options = resolveModelOptions({ ridgeBeta: 0 });
  const full = new DataFit(fit, buildModelParts(options, fit));
  const merged = new DataFit(tied.fit, buildModelParts(options, tied.fit));
  const r = new Random(3);
  const dense = full.layout.D + full.layout.T;
  for (let trial = 0; trial < 3; trial++) {
    const x = Float64Array.from({ length: full.layout.size }, () => 0.3 * r.normal());
    x[full.layout.theta] = 4;
    const a = full.value(x);
    const b = merged.value(contractTied(tied, x, fit.M, dense));
    assert.ok(Math.abs(a - b) <= 1e-12 * a, `${a} vs ${b}`);
  }
});

interface Summary {
  iterations: number;
  stopReason: string;
  objective: number;
  warnings: string[];
}

test('dmsfit fit --init-model: refits from a saved model, and refuses one that does not fit the data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-init-model-'));
  const truth = simulateTruth(resolveSimulation({ seed: 12, sites: 25, variantsPerCondition: 700 }));
  const rows = [...simulateRows(truth)].map((r) => [r.condition, r.substitutions, r.score]);
  const csv = (name: string, part: unknown[][]) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      toCsvText({ columns: ['condition', 'aa_substitutions', 'func_score'], rows: part as never }),
    );
    return path;
  };
  const all = csv('all.csv', rows);
  const half = csv(
    'half.csv',
    rows.filter((_, i) => i % 2 === 0),
  );
  const { cli } = await bundles();
  const dmsfit = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const fitAt = async (out: string, ...extra: string[]): Promise<Summary & { dir: string }> => {
    const r = dmsfit('fit', all, '-r', 'h1', '--lasso', '1e-4', '--tolerance', '1e-8', '-o', out, ...extra);
    assert.equal(r.status, 0, r.stderr);
    const folder = (await fitFolder(out, TOP_FIT))!;
    return { ...(JSON.parse(readFileSync(join(folder, 'fit.json'), 'utf8')) as Summary), dir: folder };
  };

  const scratch = await fitAt(join(dir, 'scratch'));
  assert.equal(scratch.stopReason, 'converged');
  // From its own end: the certificate keeps the untrained model's unit, so it holds at once.
  const again = await fitAt(join(dir, 'again'), '--init-model', join(scratch.dir, 'model.json'));
  assert.equal(again.stopReason, 'converged');
  assert.ok(
    again.iterations <= 5,
    `${again.iterations} iterations from its own end (${scratch.iterations} from scratch)`,
  );
  assert.ok(Math.abs(again.objective - scratch.objective) <= 1e-9 * scratch.objective);

  // From a model of half the variants: fewer mutations, the rest start at 0 and are named.
  const r = dmsfit('fit', half, '-r', 'h1', '--lasso', '1e-4', '-o', join(dir, 'half'));
  assert.equal(r.status, 0, r.stderr);
  const halfModel = join((await fitFolder(join(dir, 'half'), TOP_FIT))!, 'model.json');
  const refit = await fitAt(join(dir, 'refit'), '--init-model', halfModel);
  assert.equal(refit.stopReason, 'converged');
  assert.ok(
    // The model is not convex: the refit may end in a neighbouring basin (here 4e-4 lower).
    Math.abs(refit.objective - scratch.objective) <= 1e-3 * scratch.objective,
    `${refit.objective} vs ${scratch.objective}`,
  );
  const started = refit.warnings.find((w) => w.startsWith('started from'));
  assert.ok(
    started && /of \d+ mutations had a value there; the others started at 0/.test(started),
    refit.warnings.join('\n'),
  );

  // Refused: another reference; another epistasis; the model inside the folder being replaced.
  const refuse = (args: string[], why: RegExp) => {
    const x = dmsfit('fit', all, '--lasso', '1e-4', ...args);
    assert.notEqual(x.status, 0);
    assert.match(x.stderr, why);
  };
  const model = join(scratch.dir, 'model.json');
  refuse(
    ['-r', 'h2', '-o', join(dir, 'x1'), '--init-model', model],
    /starting model's reference is h1, this fit's is h2/,
  );
  refuse(
    ['-r', 'h1', '--epistasis', 'softplus', '-o', join(dir, 'x2'), '--init-model', model],
    /starting model's epistasis is sigmoid/,
  );
  refuse(['-r', 'h1', '-o', join(dir, 'scratch'), '--init-model', model], /holds an input file/);
  refuse(['-r', 'h1', '-o', join(dir, 'x3'), '--init-model', join(dir, 'none.json')], /cannot read model/);
});
