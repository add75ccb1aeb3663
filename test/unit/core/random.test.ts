import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random.ts';

test('same seed, same stream; different seeds differ', () => {
  const a = new Random(7);
  const b = new Random(7);
  const c = new Random(8);
  const xs = Array.from({ length: 5 }, () => a.uint32());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.uint32()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.uint32()),
  );
});

test('uniform, normal and poisson have the right first two moments', () => {
  const r = new Random(1);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  let sp = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
    sp += r.poisson(2.5);
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.01);
  assert.ok(Math.abs(sp / n - 2.5) < 0.02);
});

test('int covers its range uniformly', () => {
  const r = new Random(3);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, String(counts));
});
