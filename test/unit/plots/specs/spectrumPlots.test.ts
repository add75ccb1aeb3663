/** Spectrum plots: built from a real spectrum of a small model; each compiles without warnings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import { alphabet } from '../../../../src/core/data/alphabet.ts';
import { loadedModel } from '../../../../src/core/fit/modelFile.ts';
import { spectrum } from '../../../../src/core/spectrum/spectrum.ts';
import { orderEnergySpec, pairEnergySpec, planeSpec } from '../../../../src/plots/specs/spectrumPlots.ts';
import { tinyModel } from '../../support/models.ts';
import { compiles } from '../../support/vegaLite.ts';

const values = (spec: TopLevelSpec) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

function result() {
  const model = loadedModel(tinyModel(), alphabet('aa-stop').letters);
  return spectrum(model, { sites: ['1', '2', '3'], binary: { repeats: 5, seed: 2 } });
}

test('variance by order: one bar per condition and order ≥ 1, shares summing to 1, orders ≥ 2 labelled as from g', () => {
  const r = result();
  const v = values(orderEnergySpec(r));
  assert.equal(v.length, 2 * 3);
  for (const c of ['a', 'b']) {
    const total = v.filter((x) => x.condition === c).reduce((a, x) => a + (x.share as number), 0);
    assert.ok(Math.abs(total - 1) < 1e-12, `${c}: ${total}`);
  }
  assert.deepEqual(
    [...new Set(v.map((x) => `${String(x.order)} ${String(x.kind)}`))],
    ['1 additive', '2 non-specific epistasis from g', '3 non-specific epistasis from g'],
  );
  compiles(orderEnergySpec(r));
});

test('pair energies: k × k cells per condition, the diagonal holds single sites', () => {
  const r = result();
  const v = values(pairEnergySpec(r));
  assert.equal(v.length, 2 * 9);
  const a = v.filter((x) => x.condition === 'a');
  const singles = a.filter((x) => x.kind === 'site').reduce((s, x) => s + (x.share as number), 0);
  assert.ok(Math.abs(singles - r.conditions[0]!.orders[1]!.share) < 1e-12, 'diagonal = order-1 share');
  compiles(pairEnergySpec(r));
});

test('plane: a q-ary and a binary point per condition, binary with ±1 sd', () => {
  const r = result();
  const v = values(planeSpec(r));
  assert.equal(v.length, 4);
  const binary = v.find((x) => x.condition === 'b' && String(x.view).startsWith('binary'))!;
  const b = r.conditions[1]!.binary!;
  assert.equal(binary.ruggedness, b.ruggedness.mean);
  assert.equal(binary.rHigh, b.ruggedness.mean + b.ruggedness.sd);
  compiles(planeSpec(r));
});
