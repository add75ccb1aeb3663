/** KeyIndex against a plain Map: same ids in first-seen order, inside and outside its window. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyIndex } from '../../../../src/core/data/keyIndex.ts';
import { mutationKey, siteKey } from '../../../../src/core/data/sites.ts';
import { Random } from '../../../../src/core/random.ts';

test('ids are dense, first-seen and stable, for sites near and far from the first one', () => {
  const rng = new Random(7);
  const index = new KeyIndex();
  const expected = new Map<number, number>();
  const sites = [-20, 1, 2, 331, 1273, 100_000, -100_000, 5_000_000];
  for (let k = 0; k < 50_000; k++) {
    const site = siteKey(rng.pick(sites) + rng.int(3), rng.int(4) === 0 ? 97 + rng.int(26) : 0);
    const key = mutationKey(site, rng.int(22), rng.int(22));
    if (!expected.has(key)) {
      assert.equal(index.find(key), -1);
      expected.set(key, expected.size);
    }
    assert.equal(index.id(key), expected.get(key));
  }
  assert.equal(index.size, expected.size);
  for (const [key, id] of expected) {
    assert.equal(index.find(key), id);
    assert.equal(index.key(id), key);
  }
  assert.equal(index.find(mutationKey(siteKey(2), 21, 20) + 1024 * 32 * 4096 * 7), -1);
});
