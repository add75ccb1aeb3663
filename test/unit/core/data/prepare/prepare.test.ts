/** Data preparation against multidms's own test expectations (reference §7.2–7.3). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteLabel } from '../../../../../src/core/data/sites.ts';
import { toCsvText } from '../../../../../src/core/io/csvWriter.ts';
import { siteMapTable } from '../../../../../src/core/data/prepare/tables.ts';
import { dense, mutations, prepare, TEST_FUNC_SCORES, timesSeen, wrtRef } from '../../../support/data.ts';

test('reference a: site map, mutations, times_seen, bundle (multidms test_data)', async () => {
  const p = await prepare(TEST_FUNC_SCORES, { reference: 'a' });
  assert.deepEqual(p.conditions, ['a', 'b']);
  assert.equal(p.reference, 0);
  assert.deepEqual(mutations(p), ['M1E', 'M1W', 'G3P', 'G3R']);
  assert.equal(toCsvText(siteMapTable(p)), 'site,a,b\n1,M,M\n3,G,P\n');
  assert.deepEqual(timesSeen(p, 'a'), [1, 1, 1, 1]);
  assert.deepEqual(timesSeen(p, 'b'), [3, 0, 4, 2]);
  assert.deepEqual(
    p.bundles.map((b) => b.length),
    [0, 1],
  );
  assert.deepEqual(p.referenceSequence, [true, false]);
  // P2T is dropped: site 2 has no known wildtype in condition a.
  assert.equal(p.dropped.length, 1);
  assert.equal(p.dropped[0]!.reason, 'unknown-wildtype');
  assert.match(p.dropped[0]!.detail, /site 2 has no known wildtype in a/);
});

test('reference a: var_wrt_ref and both encodings', async () => {
  const p = await prepare(TEST_FUNC_SCORES, { reference: 'a' });
  assert.deepEqual(wrtRef(p), ['M1E', 'G3R', 'G3P', 'M1W', 'G3P M1E', 'G3R', '', 'M1E', 'G3R M1E']);
  const Xa = [
    [1, 0, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 1, 0],
    [0, 1, 0, 0],
  ];
  assert.deepEqual(dense(p, 'a'), Xa);
  assert.deepEqual(dense(p, 'a', true), Xa);
  assert.deepEqual(dense(p, 'b'), [
    [1, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
    [1, 0, 0, 0],
    [1, 0, 0, 1],
  ]);
  assert.deepEqual(dense(p, 'b', true), [
    [1, 0, 0, 0],
    [0, 0, 1, 1],
    [0, 0, 1, 0],
    [1, 0, 1, 0],
    [1, 0, 1, 1],
  ]);
});

test('conversions to the reference wildtype follow multidms bundle-first rules', async () => {
  const extra = ['b,M1W P3G,0', 'b,P3A,0', 'b,,0'].join('\n');
  const p = await prepare(TEST_FUNC_SCORES + extra + '\n', { reference: 'a' });
  assert.deepEqual(wrtRef(p).slice(-3), ['M1W', 'G3A', 'G3P']);
});

test('collapse by mean: groups sorted by substitutions, weights and means', async () => {
  const p = await prepare(TEST_FUNC_SCORES + 'a,M1E,4.0\na,M1E,0.0\nb,P3R,-1.0\n', {
    reference: 'a',
    collapse: 'mean',
  });
  assert.deepEqual(dense(p, 'a'), [
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
  ]);
  assert.deepEqual(dense(p, 'b'), [
    [1, 0, 1, 0],
    [1, 0, 0, 0],
    [1, 0, 0, 1],
    [0, 0, 0, 0],
    [0, 0, 0, 1],
  ]);
  assert.deepEqual(dense(p, 'b', true), [
    [1, 0, 0, 0],
    [1, 0, 1, 0],
    [1, 0, 1, 1],
    [0, 0, 1, 0],
    [0, 0, 1, 1],
  ]);
  const v = p.variants;
  const find = (cond: number, first: number) =>
    [...Array(v.n).keys()].find((i) => v.condition[i] === cond && v.line[i] === first)!;
  const m1e = find(0, 2);
  assert.equal(v.weight[m1e], 3);
  assert.equal(v.score[m1e], 2.0);
  const p3r = find(1, 7);
  assert.equal(v.weight[p3r], 2);
  assert.equal(v.score[p3r], -3.0);
});

test('collapse by median', async () => {
  const p = await prepare(TEST_FUNC_SCORES + 'a,M1E,4.0\na,M1E,0.5\na,M1E,10\n', {
    reference: 'a',
    collapse: 'median',
  });
  const v = p.variants;
  const i = [...Array(v.n).keys()].find((k) => v.line[k] === 2)!;
  assert.equal(v.weight[i], 4);
  assert.equal(v.score[i], (2.0 + 4.0) / 2);
});

test('reference b: bundle P3G for a, conversions and encodings (multidms §7.3)', async () => {
  const p = await prepare(TEST_FUNC_SCORES, { reference: 'b' });
  assert.equal(p.reference, 1);
  assert.deepEqual(mutations(p), ['M1E', 'M1W', 'P3G', 'P3R']);
  assert.deepEqual(wrtRef(p), ['P3G M1E', 'P3R', '', 'P3G M1W', 'M1E', 'P3R', 'P3G', 'M1E P3G', 'M1E P3R']);
  // The reference lists times_seen_a = [1,0,2,1], which contradicts its own X̃['a'] below (row
  // 'P3G M1W' has M1W): column sums of X̃ (multidms 1.x) and of X (multidms 0.x) both give 1.
  assert.deepEqual(timesSeen(p, 'a'), [1, 1, 2, 1]);
  assert.deepEqual(timesSeen(p, 'b'), [3, 0, 2, 2]);
  assert.deepEqual(dense(p, 'a'), [
    [1, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
    [0, 1, 1, 0],
  ]);
  assert.deepEqual(dense(p, 'a', true), [
    [1, 0, 0, 0],
    [0, 0, 1, 1],
    [0, 0, 1, 0],
    [0, 1, 0, 0],
  ]);
  const Xb = [
    [1, 0, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 1, 0],
    [1, 0, 1, 0],
    [1, 0, 0, 1],
  ];
  assert.deepEqual(dense(p, 'b'), Xb);
  assert.deepEqual(dense(p, 'b', true), Xb);
});

test('invalid non-identical sites: without forward or reversion evidence the site and its variants go', async () => {
  const rows = TEST_FUNC_SCORES.trim().split('\n');
  const header = rows[0]!;
  const body = rows.slice(1);
  const filters: [string, (r: string) => boolean][] = [
    ['no reversion P3G in b', (r) => !r.includes('P3G')],
    ['no forward G3P in a', (r) => r !== 'a,G3P,-0.5'],
    ['neither', (r) => !r.includes('P3G') && r !== 'a,G3P,-0.5'],
  ];
  for (const [label, keep] of filters) {
    const p = await prepare([header, ...body.filter(keep)].join('\n') + '\n', { reference: 'a' });
    assert.equal(wrtRef(p).length, 3, label);
    assert.deepEqual(p.referenceSequence, [true, true], label);
    assert.deepEqual(
      p.bundles.map((b) => b.length),
      [0, 0],
      label,
    );
    if (label === 'no reversion P3G in b') {
      assert.deepEqual(mutations(p), ['M1E', 'M1W']);
      assert.deepEqual([...p.siteMap.sites].map(siteLabel), ['1']);
      assert.equal(p.dropped.filter((d) => d.reason === 'invalid-bundle-site').length, 4);
      assert.match(
        p.dropped.find((d) => d.reason === 'invalid-bundle-site')!.detail,
        /no b variant carries P3G/,
      );
    }
  }
});

test('letter-suffixed sites are ordered naturally, in the site map too', async () => {
  const text =
    'condition,aa_substitutions,func_score\na,K100aE,1\na,M2W,1\na,M10G,1\nb,K100aE,1\nb,M2W M10G,1\nb,,1\n';
  const p = await prepare(text, { reference: 'a', letterSuffixedSites: true });
  assert.deepEqual(mutations(p), ['M2W', 'M10G', 'K100aE']);
  assert.deepEqual([...p.siteMap.sites].map(siteLabel), ['2', '10', '100a']);
});

test('numeric condition names are just names (multidms crashes on them)', async () => {
  const text = 'condition,aa_substitutions,func_score\n2,M1E,1\n10,M1E,0.5\n10,,0\n2,,0\n';
  const p = await prepare(text, { reference: '2' });
  assert.deepEqual(p.conditions, ['10', '2']);
  assert.equal(p.reference, 1);
  assert.deepEqual(mutations(p), ['M1E']);
});
