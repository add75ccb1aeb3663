/** How the job pool shares the cores among running jobs as threads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitterProcess } from '../../../src/jobs/fitterProcess.ts';
import type { HostToFitter } from '../../../src/protocol/fitter.ts';
import { CoreShares } from '../../../src/jobs/runJobs.ts';

/** A stand-in process that records what it is told. */
function fakeProcess(told: string[], name: string, alive = true): FitterProcess {
  return {
    alive,
    send: (m: HostToFitter) => {
      if (m.type === 'threads') told.push(`${name}:${m.count}`);
    },
  } as unknown as FitterProcess;
}

test('running jobs get equal shares; the last one left gets every core', () => {
  const told: string[] = [];
  let waiting = false;
  const shares = new CoreShares(4, () => waiting);
  assert.equal(shares.enter('a', fakeProcess(told, 'a')), 4);
  assert.equal(shares.enter('b', fakeProcess(told, 'b')), 2);
  assert.deepEqual(told, ['a:2'], 'the job already running is told its smaller share');
  assert.equal(shares.enter('c', fakeProcess(told, 'c')), 1);
  assert.deepEqual(told.slice(1), ['a:1', 'b:1']);
  told.length = 0;
  waiting = true;
  shares.leave('c');
  assert.deepEqual(told, [], 'a waiting job will take the freed share');
  waiting = false;
  shares.leave('b');
  assert.deepEqual(told, ['a:4']);
  told.length = 0;
  shares.leave('b');
  assert.deepEqual(told, [], 'leaving twice changes nothing');
});

test('never less than one thread, and ended processes are not told', () => {
  const told: string[] = [];
  const shares = new CoreShares(2, () => false);
  assert.equal(shares.enter('a', fakeProcess(told, 'a', false)), 2);
  assert.equal(shares.enter('b', fakeProcess(told, 'b')), 1);
  assert.equal(shares.enter('c', fakeProcess(told, 'c')), 1);
  assert.deepEqual(told, ['b:1']);
});
