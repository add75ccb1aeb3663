/**
 * One writer per output folder (issue 24): the lock refuses a second writer while the first
 * lives and is taken over once it is dead; only dead writers' staging folders are cleaned; two
 * `dmsfit fit` into one folder give one complete result and one refusal (exit 1), and a fit
 * killed with SIGKILL leaves nothing that stops or spoils the next one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleStaging, RESULTS_MARKER, TEMP_MARKER } from '../../../../src/core/io/atomicDir.ts';
import { lockOutput, lockPath, processAlive } from '../../../../src/core/io/outputLock.ts';
import { OutputRefused } from '../../../../src/core/errors.ts';
import { bundles } from '../../../support/bundles.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'dmsfit-lock-'));

/** The id of a process that has ended (so no live process has it, barring reuse within ms). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

function writeLock(dest: string, owner: Record<string, unknown>): void {
  writeFileSync(lockPath(dest), JSON.stringify({ what: 'dmsfit fit', token: 'x', ...owner }));
}

test('a live lock refuses a second writer with who holds it; a released lock can be taken again', async () => {
  const dest = join(scratch(), 'out.dmsfit');
  const first = await lockOutput(dest, 'dmsfit fit');
  await assert.rejects(lockOutput(dest, 'dmsfit prepare'), (err: Error) => {
    assert.ok(err instanceof OutputRefused);
    assert.match(err.message, new RegExp(`being written by dmsfit fit \\(process ${process.pid}, since `));
    return true;
  });
  await first.release();
  assert.equal(existsSync(lockPath(dest)), false);
  const again = await lockOutput(dest, 'dmsfit fit');
  await again.release();
});

test("a dead process's lock, one from before the last boot, and an unreadable one are taken over; another host's is not", async () => {
  const dest = join(scratch(), 'out.dmsfit');
  const now = new Date().toISOString();
  for (const owner of [
    { pid: deadPid(), host: hostname(), since: now },
    { pid: process.pid, host: hostname(), since: '2000-01-01T00:00:00.000Z' },
  ]) {
    writeLock(dest, owner);
    const lock = await lockOutput(dest, 'dmsfit fit');
    assert.equal(JSON.parse(readFileSync(lockPath(dest), 'utf8')).pid, process.pid);
    await lock.release();
  }
  writeFileSync(lockPath(dest), '{"pid": 12');
  await (await lockOutput(dest, 'dmsfit fit')).release();
  writeLock(dest, { pid: 1, host: 'node-17.cluster', since: now });
  await assert.rejects(
    lockOutput(dest, 'dmsfit fit'),
    /on node-17\.cluster.*remove .*\.dmsfit-lock-out\.dmsfit/,
  );
  // Never released by someone else's release.
  assert.ok(existsSync(lockPath(dest)));
});

test("another host's lock is broken only when the scheduler says its job ended, or it is this very job's earlier run", async () => {
  const dest = join(scratch(), 'out.dmsfit');
  const now = new Date().toISOString();
  const foreign = { pid: 4242, host: 'node-17.cluster', since: now, slurmJobId: '981' };
  const asked: unknown[] = [];
  writeLock(dest, foreign);
  await assert.rejects(
    lockOutput(dest, 'dmsfit fit --plan', (holder) => {
      asked.push(holder);
      return false;
    }),
    /process 4242 on node-17\.cluster, Slurm job 981,.*remove /,
  );
  assert.deepEqual(asked, [{ ...foreign, what: 'dmsfit fit', token: 'x' }]);
  const lock = await lockOutput(dest, 'dmsfit fit --plan', (holder) => holder.slurmJobId === '981');
  assert.equal(JSON.parse(readFileSync(lockPath(dest), 'utf8')).pid, process.pid);
  await lock.release();
  // A requeued job runs again under its id, perhaps on another node: its earlier run's lock is
  // its own. Another process of the same run (one allocation, two writers) is refused.
  writeLock(dest, foreign);
  process.env.SLURM_JOB_ID = '981';
  try {
    await assert.rejects(lockOutput(dest, 'dmsfit fit --plan'), /Slurm job 981/);
    process.env.SLURM_RESTART_COUNT = '1';
    const mine = await lockOutput(dest, 'dmsfit fit --plan');
    const held = JSON.parse(readFileSync(lockPath(dest), 'utf8'));
    assert.deepEqual([held.slurmJobId, held.slurmRestarts], ['981', 1]);
    await mine.release();
  } finally {
    delete process.env.SLURM_JOB_ID;
    delete process.env.SLURM_RESTART_COUNT;
  }
});

test("only dead writers' staging folders are cleaned up; a live writer's stays", async () => {
  const dir = scratch();
  const dest = join(dir, 'out.dmsfit');
  const live = join(dir, `${TEMP_MARKER}out.dmsfit-${process.pid}-0123abcd`);
  const dead = join(dir, `${TEMP_MARKER}out.dmsfit-${deadPid()}-89abcdef`);
  const legacy = join(dir, `${TEMP_MARKER}out.dmsfit-deadbeef`);
  const other = join(dir, `${TEMP_MARKER}other.dmsfit-${deadPid()}-00000000`);
  for (const d of [live, dead, legacy, other]) mkdirSync(d);
  await removeStaleStaging(dest);
  assert.deepEqual(
    [live, dead, legacy, other].map((d) => existsSync(d)),
    [true, false, false, true],
  );
  // A dead writer that had moved the old results aside: they are put back.
  const aside = join(dir, `${TEMP_MARKER}out.dmsfit-${deadPid()}-11111111-old`);
  mkdirSync(aside);
  writeFileSync(join(aside, RESULTS_MARKER), '');
  await removeStaleStaging(dest);
  assert.ok(existsSync(join(dest, RESULTS_MARKER)));
});

async function simulated(dir: string): Promise<string> {
  const { cli } = await bundles();
  const data = join(dir, 'sim.csv');
  const r = spawnSync(process.execPath, [cli, 'simulate', '-o', data, '--seed', '4'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return data;
}

function startFit(cli: string, data: string, out: string) {
  const child = spawn(process.execPath, [cli, 'fit', data, '-r', 'h1', '-o', out, '--jobs', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

/** Whether `out` holds complete results: marker, data, job and a model that parses. */
function complete(out: string): boolean {
  if (![RESULTS_MARKER, 'data', 'job.json'].every((n) => existsSync(join(out, n)))) return false;
  try {
    return typeof JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) === 'object';
  } catch {
    return false;
  }
}

/** Locks and staging folders in `dir`: what a writer leaves behind when it dies. */
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.dmsfit-'));

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!condition()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('two fits into one folder: the second is refused at once (exit 1), the first commits complete results', async () => {
  const { cli } = await bundles();
  const dir = scratch();
  const data = await simulated(dir);
  const out = join(dir, 'one.dmsfit');
  const first = startFit(cli, data, out);
  await until(() => existsSync(lockPath(out)));
  const second = startFit(cli, data, out);
  const [a, b] = await Promise.all([first.done, second.done]);
  assert.equal(b.code, 1, b.stderr);
  assert.match(b.stderr, /one\.dmsfit is being written by dmsfit fit \(process \d+/);
  assert.equal(a.code, 0, a.stderr);
  for (const name of [RESULTS_MARKER, 'data', 'model.json', 'job.json'])
    assert.ok(existsSync(join(out, name)), name);
  assert.deepEqual(leftovers(dir), [], 'no lock and no staging folder is left behind');
});

test('a fit killed with SIGKILL mid-run leaves the earlier results, and the next fit takes over its lock and staging', async () => {
  const { cli } = await bundles();
  const dir = scratch();
  const data = await simulated(dir);
  const out = join(dir, 'kill.dmsfit');
  assert.equal((await startFit(cli, data, out).done).code, 0);
  const before = readFileSync(join(out, 'model.json'));
  const victim = startFit(cli, data, out);
  // Killed once it is fitting: its lock and its fitter's staging folder exist.
  await until(() => readdirSync(dir).some((n) => n.startsWith(TEMP_MARKER)));
  const staging = readdirSync(dir).find((n) => n.startsWith(TEMP_MARKER))!;
  const fitterPid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(staging)![1]);
  victim.child.kill('SIGKILL');
  assert.equal((await victim.done).signal, 'SIGKILL');
  assert.ok(existsSync(lockPath(out)), 'the dead fit left its lock');
  assert.deepEqual(readFileSync(join(out, 'model.json')), before, 'earlier results untouched');
  // Its fitter, orphaned, ends when it notices its parent is gone.
  await until(() => !processAlive(fitterPid));
  const next = await startFit(cli, data, out).done;
  assert.equal(next.code, 0, next.stderr);
  assert.ok(existsSync(join(out, 'model.json')));
  assert.deepEqual(leftovers(dir), [], 'the dead fit’s lock and staging are gone');
});

test('SIGINT or SIGTERM at a random point: exit 130 with the earlier results byte for byte, or complete new results; nothing left behind', async () => {
  const { cli } = await bundles();
  const dir = scratch();
  const data = await simulated(dir);
  const out = join(dir, 'signal.dmsfit');
  assert.equal((await startFit(cli, data, out).done).code, 0);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (let k = 0; k < 3; k++) {
      const before = readFileSync(join(out, 'model.json'));
      const delay = Math.floor(Math.random() * 2500);
      const run = startFit(cli, data, out);
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill(signal);
      const r = await run.done;
      const what = `${signal} after ${delay} ms: exit ${r.code} ${r.signal ?? ''} ${r.stderr.slice(-300)}`;
      const unchanged = readFileSync(join(out, 'model.json')).equals(before);
      if (r.code === 0) assert.ok(complete(out), what);
      else if (r.code === 130) assert.ok(unchanged, `${what}: cancelled, so the earlier results stay`);
      else {
        // Killed by the signal itself: before its handler was installed (earlier results), or in
        // Node's own teardown after the command finished, when no handler runs (new results).
        assert.equal(r.signal, signal, what);
        assert.ok(unchanged || complete(out), what);
      }
      // Once the fitter children have ended, no lock and no staging remain.
      await until(() => leftovers(dir).length === 0, 10_000).catch(() =>
        assert.fail(`${what}: left ${readdirSync(dir).join(', ')}`),
      );
    }
  }
});

test('a signal once the fit has committed does not call it cancelled: new results, never exit 130', async () => {
  const { cli } = await bundles();
  const dir = scratch();
  const data = await simulated(dir);
  const out = join(dir, 'late.dmsfit');
  // "[fit] done" (stderr) comes once the fitter has committed, while the CLI still reads the fits;
  // "results in" (stdout) is its last line. One signal, sent the moment the line appears.
  for (const [stream, line] of [
    ['stderr', /\[fit\] done in /],
    ['stdout', /results in /],
  ] as const)
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const run = startFit(cli, data, out);
      let text = '';
      run.child[stream].on('data', (b: Buffer) => {
        text += b.toString();
        if (line.test(text) && !run.child.killed) run.child.kill(signal);
      });
      const r = await run.done;
      const what = `${signal} at ${line}: exit ${r.code} ${r.signal ?? ''} ${r.stderr.slice(-300)}`;
      assert.ok(run.child.killed, what);
      // After "done" the CLI's handler runs: it finishes and says so. After the last line the
      // signal may land in Node's teardown, where it kills the process; the results stand.
      if (stream === 'stderr') assert.equal(r.code, 0, what);
      else assert.ok(r.code === 0 || r.signal === signal, what);
      assert.ok(complete(out), what);
      assert.deepEqual(leftovers(dir), [], what);
    }
});

/** Whether process `pid` has `path` open. */
function opened(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

test('validate and prepare interrupted by SIGINT or SIGTERM exit 130; what prepare leaves is cleaned by the next writer', async () => {
  const { cli } = await bundles();
  const dir = scratch();
  const data = join(dir, 'big.csv');
  // Three million rows (41 MB): over a second to read here, long enough to be interrupted.
  const block = Array.from({ length: 1000 }, (_, i) => `a,M${(i % 500) + 1}E,${(i % 7) / 7}\n`).join('');
  writeFileSync(data, 'condition,aa_substitutions,func_score\n' + block.repeat(3000));
  const out = join(dir, 'prepared');
  for (const [args, signal] of [
    [['validate', data], 'SIGINT'],
    [['prepare', data, '-r', 'a', '-o', out], 'SIGTERM'],
  ] as const) {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'ignore' });
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupted once it reads the table (its handlers are installed by then): Linux's /proc.
    await until(() => opened(child.pid!, data));
    child.kill(signal);
    assert.equal(await done, 130, `${args[0]} after ${signal}`);
  }
  const r = spawnSync(process.execPath, [cli, 'prepare', data, '-r', 'a', '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(leftovers(dir), [], 'the interrupted prepare’s staging and lock are gone');
});
