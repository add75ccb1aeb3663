/**
 * FitData stores each condition's rows in the lexicographic order of their design rows (for the
 * kernels' memory access, and so that one variant's barcodes form a run the passes evaluate
 * once): the rows must still be the kept variants, each with its own design row and score, in
 * one order for both coordinate systems, the runs must be exactly the rows with equal design
 * rows, and the fit's variants.csv must list them in input order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitVariantsTable } from '../../../../src/core/fit/fitOutputs.ts';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { referenceDesign } from '../../../../src/core/data/prepare/encoding.ts';
import type { BinaryCsr } from '../../../../src/core/sparse.ts';
import { load } from '../../support/data.ts';
import { prepareDataset } from '../../../../src/core/data/prepare/prepare.ts';
import { simulatedPrepared } from '../../support/sim.ts';

const row = (m: BinaryCsr, r: number) => [...m.idx.subarray(m.ptr[r]!, m.ptr[r + 1]!)];

test('fit rows are the kept variants in lexicographic order, with their own design rows and runs', async () => {
  const { prepared: p } = await simulatedPrepared({
    seed: 3,
    sites: 10,
    conditions: ['a', 'b'],
    nonIdenticalSites: 3,
    variantsPerCondition: 400,
  });
  const include = (i: number) => i % 3 !== 1;
  const flipped = buildFitData(p, { weights: 'none', bitFlip: true, include });
  const natural = buildFitData(p, { weights: 'none', bitFlip: false, include });
  p.encodings.forEach((e, d) => {
    const [cf, cn] = [flipped.data[d]!, natural.data[d]!];
    assert.deepEqual(cf.variants, cn.variants, 'one row order in both coordinate systems');
    // Position of each variant among the condition's encoded rows.
    const encoded = new Map([...e.variants].map((i, r) => [i, r]));
    const kept = [...e.variants].filter(include);
    assert.deepEqual(
      [...cf.inputOrder].map((r) => cf.variants[r]),
      kept,
      'inputOrder lists the kept variants in input order',
    );
    const compare = (a: number[], b: number[]) => {
      for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
      return a.length - b.length;
    };
    for (let r = 0; r < cf.n; r++) {
      const source = encoded.get(cf.variants[r]!)!;
      assert.deepEqual(row(cf.X, r), row(e.Xs, source));
      assert.deepEqual(row(cn.X, r), row(referenceDesign(e), source));
      assert.equal(cf.y[r], p.variants.score[cf.variants[r]!]);
      if (r > 0) assert.ok(compare(row(cf.X, r - 1), row(cf.X, r)) <= 0, `row ${r} after row ${r - 1}`);
      // The run's end by brute force: the first later row whose design row differs.
      for (const c of [cf, cn]) {
        let end = r + 1;
        while (end < c.n && compare(row(c.X, end), row(c.X, r)) === 0) end++;
        assert.equal(c.groupEnd[r], end, `row ${r}: run end`);
      }
    }
    const distinct = new Set(kept.map((i) => row(e.Xs, encoded.get(i)!).join(' ')));
    let runs = 0;
    for (let r = 0; r < cf.n; r = cf.groupEnd[r]!) runs++;
    assert.equal(runs, distinct.size, 'one run per distinct variant');
    assert.ok(runs < cf.n, 'the simulation repeats variants, so some run has several rows');
  });
});

test("the fit's variants table lists each condition's rows in input order", async () => {
  const text = `condition,aa_substitutions,func_score
a,M1W,0.1
a,G3R,-2.0
a,M1E,0.5
a,,0.0
a,G3P M1E,-1.0
b,P3R,-1.5
b,M1E,0.2
b,P2T P3G,0.3
b,M1E P3G,0.9
`;
  const loaded = await load(text);
  const p = prepareDataset(loaded.table, { reference: 'a', collapse: 'none' });
  const model = resolveModelOptions({});
  const fitData = buildFitData(p, { weights: 'none', bitFlip: true });
  const fit = new DataFit(fitData, buildModelParts(model, fitData));
  assert.ok(
    fitData.data.some((c) => c.variants.some((v, r) => r > 0 && v < c.variants[r - 1]!)),
    'the case needs rows stored out of input order',
  );
  fit.value(new Float64Array(fit.layout.size).fill(0.1));
  const table = fitVariantsTable(p, loaded.table, [{ fit, split: 'training' }]);
  const lines = [...table.rows].map((r) => r[table.columns.indexOf('line')]);
  assert.equal(lines.length, fitData.data[0]!.n + fitData.data[1]!.n);
  assert.deepEqual(
    lines,
    [...lines].sort((x, y) => Number(x) - Number(y)),
  );
});
