/**
 * Property test: for random multi-condition tables and random parameters, the latent phenotype
 * computed through our encodings equals a brute-force computation from the substitution strings
 * (rebuild each variant's sequence from its condition's wildtype, compare it with the reference
 * wildtype site by site). Both the reference-based and the bit-flipped encoding are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../../src/core/random.ts';
import { siteLabel } from '../../../../../src/core/data/sites.ts';
import { mutationName } from '../../../../../src/core/data/variantTable.ts';
import { referenceDesign } from '../../../../../src/core/data/prepare/encoding.ts';
import { prepare } from '../../../support/data.ts';

const AAS = 'ACDEFGHIKLMNPQRSTVWY*';

interface Generated {
  text: string;
  /** Per condition: site label → wildtype letter (what the generator used). */
  wildtypes: Map<string, string>[];
}

function randomTable(r: Random, conditions: number, sites: number, perCondition: number): Generated {
  const labels: string[] = [];
  let s = r.int(5) - 2;
  for (let i = 0; i < sites; i++) labels.push(String((s += 1 + r.int(3))));
  const ref = new Map(labels.map((l) => [l, AAS[r.int(20)]!]));
  const wildtypes = [ref];
  for (let d = 1; d < conditions; d++) {
    const w = new Map(ref);
    for (let k = 0; k < 1 + r.int(3); k++) {
      const site = r.pick(labels);
      let letter = AAS[r.int(20)]!;
      while (letter === ref.get(site)) letter = AAS[r.int(20)]!;
      w.set(site, letter);
    }
    wildtypes.push(w);
  }
  const rows = ['condition,aa_substitutions,func_score'];
  wildtypes.forEach((w, d) => {
    for (let v = 0; v < perCondition; v++) {
      const chosen = r.shuffle([...labels]).slice(0, r.int(4));
      const tokens = chosen.map((site) => {
        const wt = w.get(site)!;
        // Often revert to the reference letter at non-identical sites, to exercise bundles.
        let mut = wt !== ref.get(site) && r.uniform() < 0.4 ? ref.get(site)! : AAS[r.int(AAS.length)]!;
        while (mut === wt) mut = AAS[r.int(AAS.length)]!;
        return `${wt}${site}${mut}`;
      });
      // Conditions only see some sites: others stay unknown there and their variants get dropped.
      rows.push(`c${d},${tokens.join(' ')},${r.normal().toFixed(3)}`);
    }
  });
  // As in real libraries, most non-identical sites are seen mutated both ways (forward in the
  // reference, reversion in the other background); the rest fail multidms's check.
  wildtypes.forEach((w, d) => {
    for (const [site, letter] of w) {
      if (letter === ref.get(site) || r.uniform() < 0.25) continue;
      rows.push(`c0,${ref.get(site)}${site}${letter},0`, `c${d},${letter}${site}${ref.get(site)},0`);
    }
  });
  // A site mutated in the reference only: its wildtype is unknown elsewhere, so its variant is dropped.
  const lone = String(s + 10);
  rows.push(`c0,A${lone}G,0`);
  return { text: rows.join('\n') + '\n', wildtypes };
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`encodings reproduce brute-force latent phenotypes (seed ${seed})`, async () => {
    const r = new Random(seed);
    const D = 2 + (seed % 3);
    const g = randomTable(r, D, 6 + r.int(8), 60);
    const p = await prepare(g.text, { reference: 'c0' });
    const S = p.siteMap.sites.length;
    const letters = p.alphabet.letters;
    const refIndex = p.reference;
    const siteLabels = [...p.siteMap.sites].map(siteLabel);
    const wt = (d: number, s: number) => letters[p.siteMap.wildtype[d * S + s]!]!;
    const M = p.mutations.length;
    const names = [...p.mutations].map((k) => mutationName(p.alphabet, k));
    const column = new Map(names.map((n, j) => [n, j]));

    // The final site map agrees with the generator wherever a site survived.
    for (let d = 0; d < D; d++) {
      const gen = g.wildtypes[Number(p.conditions[d]!.slice(1))]!;
      siteLabels.forEach((l, s) => assert.equal(wt(d, s), gen.get(l)));
    }

    const beta = p.conditions.map(() => Float64Array.from({ length: M }, () => r.normal()));
    const beta0 = p.conditions.map(() => r.normal());
    const v = p.variants;
    let checked = 0;
    for (let i = 0; i < v.n; i++) {
      const d = v.condition[i]!;
      const subs = g.text.split('\n')[v.line[i]! - 1]!.split(',')[1]!.split(' ').filter(Boolean);
      const parsed = subs.map((t) => ({ site: t.slice(1, -1), mut: t.slice(-1) }));
      const outside = parsed.some((t) => !siteLabels.includes(t.site));
      // A variant reaches the model iff all its substitutions are at sites of the final site map.
      assert.equal(p.alive[i] === 1, !outside, `variant ${subs.join(' ')} alive`);
      if (outside) continue;
      // Brute force: the variant's sequence, compared with the reference wildtype.
      const seq = siteLabels.map((_, s) => wt(d, s));
      for (const t of parsed) seq[siteLabels.indexOf(t.site)] = t.mut;
      let expected = beta0[d]!;
      siteLabels.forEach((l, s) => {
        if (seq[s] !== wt(refIndex, s)) expected += beta[d]![column.get(`${wt(refIndex, s)}${l}${seq[s]}`)!]!;
      });
      // Through the encoding.
      const e = p.encodings[d]!;
      const X = referenceDesign(e);
      const row = e.variants.indexOf(i);
      let viaX = beta0[d]!;
      for (let k = X.ptr[row]!; k < X.ptr[row + 1]!; k++) viaX += beta[d]![X.idx[k]!]!;
      // Through the scaled encoding with transformed parameters: β̃ = −β on bundle columns,
      // β̃0 = β0 + Σ_bundle β.
      const bundle = new Set(e.bundle);
      let scaledBeta0 = beta0[d]!;
      for (const j of bundle) scaledBeta0 += beta[d]![j]!;
      let viaXs = scaledBeta0;
      for (let k = e.Xs.ptr[row]!; k < e.Xs.ptr[row + 1]!; k++) {
        const j = e.Xs.idx[k]!;
        viaXs += bundle.has(j) ? -beta[d]![j]! : beta[d]![j]!;
      }
      assert.ok(Math.abs(viaX - expected) < 1e-12, `X: ${viaX} vs ${expected}`);
      assert.ok(Math.abs(viaXs - expected) < 1e-12, `X̃: ${viaXs} vs ${expected}`);
      checked++;
    }
    assert.ok(checked > 20, `checked ${checked} variants`);
    // The tables must exercise what is being tested: bundles and dropped variants.
    assert.ok(
      p.bundles.some((b) => b.length > 0),
      'some condition has a bundle',
    );
    assert.ok(
      p.dropped.some((x) => x.reason === 'unknown-wildtype'),
      'some variants dropped',
    );
  });
}
