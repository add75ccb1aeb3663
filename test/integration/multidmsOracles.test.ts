/**
 * The multidms documentation example (func_score_df_delta_BA1_10K.csv: Delta-2 vs Omicron_BA1-2,
 * reference Delta-2, collapse by mean, alphabet with stops and gaps) against the numbers
 * multidms 1.2 produces for it (reference §8.1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/core/data/load.ts';
import { resolveDataOptions } from '../../src/core/data/options.ts';
import { prepareDataset } from '../../src/core/data/prepare/prepare.ts';
import { siteLabel } from '../../src/core/data/sites.ts';
import { mutationName } from '../../src/core/data/variantTable.ts';
import { fitPath } from '../../src/core/fit/fitPath.ts';
import { DataFit } from '../../src/core/model/dataFit.ts';
import { buildFitData } from '../../src/core/model/fitData.ts';
import { buildModelParts, initialParameters } from '../../src/core/model/model.ts';
import { resolveModelOptions } from '../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../src/core/solve/options.ts';
import { shared } from './support.ts';

async function prepared10k() {
  const loaded = await loadDataset(
    [{ path: shared('func_score_df_delta_BA1_10K.csv') }],
    resolveDataOptions({ reference: 'Delta-2' }),
  );
  assert.equal(loaded.errors, 0);
  return prepareDataset(loaded.table, { reference: 'Delta-2', collapse: 'mean' });
}
const data = prepared10k();

test('10K example: preparation reproduces multidms exactly', async () => {
  const p = await data;
  const by = (reason: string) => p.dropped.filter((d) => d.reason === reason).length;
  assert.equal(p.variants.n, 7858);
  assert.equal(by('unknown-wildtype'), 567);
  assert.equal(p.unknownSites.length, 162);
  assert.equal(by('invalid-bundle-site'), 475);
  assert.deepEqual(
    [...new Set(p.invalidSites.map((s) => siteLabel(s.site)))],
    ['212', '371', '375', '417', '452', '477', '484', '493', '498', '981'],
  );
  assert.equal(p.mutations.length, 5418);
  assert.deepEqual(
    p.encodings.map((e) => e.variants.length),
    [3536, 3280],
  );
  assert.equal(p.siteMap.sites.length, 1047);
  assert.equal(
    p.bundles[1]!.map((k) => mutationName(p.alphabet, k)).join(' '),
    'R19T A67V T95I G156E G339D S373P N440K G446S G496S N501Y Y505H T547K H655Y N679K R681H N764K D796Y N856K N950D Q954H N969K',
  );
  assert.deepEqual(
    p.encodings.map((e) => [...e.timesSeen].reduce((a, b) => a + b, 0)),
    [8643, 7665],
  );
});

test('10K example: the cold-start loss equals multidms Model(data).loss', async () => {
  const p = await data;
  const options = resolveModelOptions({});
  const fit = buildFitData(p, { weights: 'none', bitFlip: true });
  const f = new DataFit(fit, buildModelParts(options, fit));
  f.value(initialParameters(options, f.parts, f.layout));
  const loss = [...f.lossPerCondition].reduce((a, b) => a + b, 0) / 2;
  assert.ok(Math.abs(loss - 1.3451183803264468) < 1e-12, `loss ${loss}`);
});

test('10K example at λ = 1e-5 converges (multidms: 1,000 iterations, 469 s, not converged)', async () => {
  const p = await data;
  const path = await fitPath({
    prepared: p,
    model: resolveModelOptions(),
    lasso: [1e-5],
    solver: resolveSolverOptions({ maxSeconds: 120 }),
  });
  const fitted = path.fits[0]!;
  assert.ok(fitted.result.converged, `stationarity ${fitted.result.stationarity}`);
  // ge_scale sits on multidms's inferred bound 2·range(y) = 11.973, as in multidms's fits.
  assert.ok(Math.abs(fitted.params.theta[0]! - 11.973) < 1e-3, `ge_scale ${fitted.params.theta[0]}`);
  // A lower objective than multidms reaches after 1,000 iterations (0.03432, lasso included).
  assert.ok(fitted.result.trajectory.at(-1)!.objective < 0.0343);
});
