/**
 * mutations_own_wildtype.csv: each condition's effects from its own wildtype. Checked against
 * the model itself: every row's β is the change in latent phenotype, as `dmsfit predict`
 * computes it from a table named in that condition's own wildtype, between the condition's
 * wildtype and that one substitution; its shift is the same change in the condition minus the
 * change in the reference for the same substitution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphabet } from '../../../../src/core/data/alphabet.ts';
import { loadDataset } from '../../../../src/core/data/load.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import type { PreparedData } from '../../../../src/core/data/prepare/prepare.ts';
import { loadedModel, modelDocument } from '../../../../src/core/fit/modelFile.ts';
import { ownWildtypeTable } from '../../../../src/core/fit/ownWildtype.ts';
import { predictTable } from '../../../../src/core/fit/predictTable.ts';
import { globalEpistasis } from '../../../../src/core/model/epistasis.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import type { NaturalParameters } from '../../../../src/core/model/parameters.ts';
import { Random } from '../../../../src/core/random.ts';
import { prepare, TEST_FUNC_SCORES } from '../../support/data.ts';
import { simulatedPrepared } from '../../support/sim.ts';

function randomParams(p: PreparedData, seed: number): NaturalParameters {
  const r = new Random(seed);
  return {
    beta: p.conditions.map(() => Float64Array.from(p.mutations, () => r.normal())),
    beta0: Float64Array.from(p.conditions, () => r.normal()),
    theta: Float64Array.from([5, -5]),
  };
}

/** Latent phenotypes, by `predict`, of [condition, substitutions] rows (in each condition's own naming). */
async function latents(
  p: PreparedData,
  params: NaturalParameters,
  rows: [string, string][],
): Promise<Float64Array> {
  const options = resolveModelOptions({});
  const doc = modelDocument(p, params, options, globalEpistasis('sigmoid'), 0, {}, 'test', false);
  const text = ['condition,aa_substitutions', ...rows.map(([c, s]) => `${c},${s}`)].join('\n') + '\n';
  const loaded = await loadDataset([{ path: 'own.csv', text }], resolveDataOptions({ alphabet: 'aa-stop' }), {
    scoreRequired: false,
    keepExtras: false,
  });
  assert.equal(loaded.errors, 0, JSON.stringify(loaded.diagnostics.slice(0, 3)));
  return predictTable(loadedModel(doc, alphabet('aa-stop').letters), loaded.table, 'error').latent;
}

async function check(p: PreparedData, seed: number): Promise<number> {
  const params = randomParams(p, seed);
  const table = ownWildtypeTable(p, params);
  const rows = [...table.rows].map((r) => Object.fromEntries(table.columns.map((c, k) => [c, r[k]])));
  const ref = p.conditions[p.reference]!;
  // Per row: the condition's wildtype, the substitution in it, and in the reference the same
  // substitution made from the condition's letter (named from the reference's wildtype).
  const asked: [string, string][] = [];
  for (const r of rows) {
    const [c, wt, site, mut, from] = [
      r.condition,
      r.wildtype,
      r.site,
      r.mutant,
      (r.reference_mutation as string)[0],
    ];
    asked.push([c as string, ''], [c as string, `${wt}${site}${mut}`]);
    const start = wt === from ? '' : `${from}${site}${wt}`;
    const end = mut === from ? '' : `${from}${site}${mut}`;
    asked.push([ref, start], [ref, end]);
  }
  const phi = await latents(p, params, asked);
  rows.forEach((r, i) => {
    const own = phi[4 * i + 1]! - phi[4 * i]!;
    const inReference = phi[4 * i + 3]! - phi[4 * i + 2]!;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    assert.ok(close(r.beta as number, own), `${r.condition} ${r.mutation}: β ${r.beta} vs ${own}`);
    if (r.condition === ref) assert.equal(r.shift, null);
    else
      assert.ok(
        close(r.shift as number, own - inReference),
        `${r.condition} ${r.mutation}: shift ${r.shift} vs ${own - inReference}`,
      );
  });
  return rows.filter((r) => r.wildtype !== (r.reference_mutation as string)[0]).length;
}

test("each condition's effects from its own wildtype agree with the model's predictions (multidms's test table)", async () => {
  const p = await prepare(TEST_FUNC_SCORES, { reference: 'a' });
  const restated = await check(p, 1);
  // Condition b's wildtype at site 3 is P, not G: G3R, G3P become P3R and P3G, and the reversion P3G.
  assert.ok(restated >= 2, `${restated} rows restated from another wildtype`);
  const rows = [...ownWildtypeTable(p, randomParams(p, 1)).rows].filter((r) => r[0] === 'b').map((r) => r[1]);
  assert.ok(rows.includes('P3R') && rows.includes('P3G') && !rows.includes('G3R'), rows.join(' '));
});

test('the same on a simulation with several non-identical sites and three conditions', async () => {
  const { prepared } = await simulatedPrepared({
    seed: 7,
    sites: 12,
    conditions: ['r', 's', 't'],
    nonIdenticalSites: 3,
    variantsPerCondition: 300,
  });
  const restated = await check(prepared, 2);
  assert.ok(restated > 20, `${restated} rows restated from another wildtype`);
});
