/**
 * A collection run job by job, as a cluster runs it (dmsfit plan → dmsfit fit --plan --job ID
 * for every job → dmsfit collect), through the CLI: the same outputs as one `dmsfit fit`; a
 * finished job rerun is a no-op; a job killed mid-way and run again completes the collection;
 * missing jobs, changed inputs, jobs out of order and a folder of other results are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundles } from '../../support/bundles.ts';
import {
  assertSameCollection,
  FIT_OPTIONS,
  jobIds,
  simulatedCollection,
} from '../../support/simulatedCollection.ts';

const fitOptions = (csv: string) => [csv, ...FIT_OPTIONS];

async function cli(dir: string) {
  const { cli } = await bundles();
  return (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

test('plan → every job → collect writes what one dmsfit fit writes; a done job is a no-op; missing jobs are named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-plan-'));
  const csv = simulatedCollection(dir);
  const run = await cli(dir);
  const one = run('fit', ...fitOptions(csv), '-o', join(dir, 'one'));
  assert.equal(one.status, 0, one.stderr);
  const plan = run('plan', ...fitOptions(csv), '-o', join(dir, 'planned'));
  assert.equal(plan.status, 0, plan.stderr);
  const planned = join(dir, 'planned');
  const ids = jobIds(planned);
  assert.deepEqual(ids, [
    'replicate-1',
    'replicate-2',
    'combined',
    'replicate-1/all-variants',
    'replicate-2/all-variants',
  ]);
  const planPath = join(planned, 'plan.json');
  // A stage-2 job needs its paths; collect needs every job; neither writes anything meanwhile.
  const early = run('fit', '--plan', planPath, '--job', 'combined');
  assert.equal(early.status, 1, early.stderr);
  assert.match(early.stderr, /run replicate-1, replicate-2 first/);
  assert.equal(run('fit', '--plan', planPath, '--job', 'replicate-1').status, 0);
  const partial = run('collect', planPath);
  assert.equal(partial.status, 1);
  assert.match(partial.stderr, /jobs not done: replicate-2/);
  assert.ok(!existsSync(join(planned, 'collection.json')));
  for (const id of ids.slice(1)) {
    const r = run('fit', '--plan', planPath, '--job', id);
    assert.equal(r.status, 0, `${id}: ${r.stderr}`);
  }
  const record = readFileSync(join(planned, '.jobs', 'combined.json'), 'utf8');
  const again = run('fit', '--plan', planPath, '--job', 'combined');
  assert.equal(again.status, 0);
  assert.match(again.stderr, /job combined is done/);
  assert.equal(readFileSync(join(planned, '.jobs', 'combined.json'), 'utf8'), record, 'a no-op');
  const collected = run('collect', planPath);
  assert.equal(collected.status, 0, collected.stderr);
  assertSameCollection(join(dir, 'one'), planned);
  // Planning again with the same inputs and options keeps the jobs done.
  const replan = run('plan', ...fitOptions(csv), '-o', planned);
  assert.equal(replan.status, 0, replan.stderr);
  assert.match(replan.stderr, /plan unchanged/);
  assert.match(run('fit', '--plan', planPath, '--job', 'replicate-1').stderr, /is done/);
  // Other options are another plan: refused over these results unless --force.
  const other = run('plan', ...fitOptions(csv), '--seed', '7', '-o', planned);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /holds other results.*--force/);
  // A changed input: no job runs on it.
  appendFileSync(csv, 'h1,M1A,0.5,0.01,1\n');
  const changed = run('fit', '--plan', planPath, '--job', 'replicate-1', '--force');
  assert.equal(changed.status, 1);
  assert.match(changed.stderr, /changed since the plan was made/);
});

test('a job killed mid-way leaves no record; run again, the collection completes and matches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-plan-kill-'));
  const csv = simulatedCollection(dir);
  const run = await cli(dir);
  assert.equal(run('plan', ...fitOptions(csv), '-o', join(dir, 'planned')).status, 0);
  const planned = join(dir, 'planned');
  const planPath = join(planned, 'plan.json');
  const { cli: script } = await bundles();
  // Killed as a scheduler kills: the whole process group, at once, once the fit has begun.
  const child = spawn(process.execPath, [script, 'fit', '--plan', planPath, '--job', 'replicate-1'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      if (/prepared/.test(d.toString())) resolve();
    });
  });
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(!existsSync(join(planned, '.jobs', 'replicate-1.json')), 'no record of a killed job');
  assert.ok(!existsSync(join(planned, 'replicate-1', 'job.json')), 'no half-written results');
  for (const id of jobIds(planned)) {
    const r = run('fit', '--plan', planPath, '--job', id);
    assert.equal(r.status, 0, `${id}: ${r.stderr}`);
  }
  assert.equal(run('collect', planPath).status, 0);
  // The one-machine fit of the same options, for comparison.
  assert.equal(run('fit', ...fitOptions(csv), '-o', join(dir, 'one')).status, 0);
  assertSameCollection(join(dir, 'one'), planned);
});
