/**
 * One writer per output folder. Before anything is staged, the writer creates a lock file
 * beside the destination (`.dmsfit-lock-<name>`, exclusive create) that names its process; a
 * second writer finds it and is refused with who holds it. A lock whose process is gone (killed,
 * crashed, or from before the last boot) is broken and taken over.
 *
 * Why not a lock library: proper-lockfile and its kind refresh the lock's mtime on a timer and
 * call a lock "stale" when the refresh stops, which a fit busy in a long synchronous step would
 * trip. A process id checked with kill(pid, 0) cannot go stale while its owner lives. A lock
 * from another host (a shared file system) cannot be checked that way: it is broken only when
 * the writer asks someone who knows — the scheduler, for a lock taken inside a Slurm job
 * (`ended`, slurmJob.ts) — and otherwise the message says which file to remove.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { OutputRefused } from '../errors';

export const LOCK_PREFIX = '.dmsfit-lock-';

interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, for the message ("dmsfit fit", "the editor"). */
  what: string;
  /** Distinguishes this lock from a later one by the same process. */
  token: string;
  /** The Slurm job the writer ran in (SLURM_JOB_ID), if any, and its run (SLURM_RESTART_COUNT). */
  slurmJobId?: string;
  slurmRestarts?: number;
}

/** This process's Slurm job and how often Slurm has requeued it, if it runs in one. */
function slurmRun(): Pick<LockOwner, 'slurmJobId' | 'slurmRestarts'> {
  const id = process.env.SLURM_JOB_ID;
  return id ? { slurmJobId: id, slurmRestarts: Number(process.env.SLURM_RESTART_COUNT ?? 0) || 0 } : {};
}

/** Who holds a lock, as a check of whether it has ended sees it. */
export type LockHolder = Pick<LockOwner, 'pid' | 'host' | 'slurmJobId'>;

/** Says whether the holder of another host's lock has ended; undefined or false: it may live. */
export type HolderEnded = (holder: LockHolder) => boolean;

export function lockPath(dest: string): string {
  return join(dirname(dest), `${LOCK_PREFIX}${basename(dest)}`);
}

/** Whether process `pid` on this host is running (EPERM: it is, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerGone(owner: LockOwner, ended: HolderEnded | undefined): boolean {
  // An earlier run of this very Slurm job (it was requeued, perhaps onto another node) has ended.
  const mine = slurmRun();
  if (owner.slurmJobId !== undefined && owner.slurmJobId === mine.slurmJobId) {
    if ((owner.slurmRestarts ?? 0) < mine.slurmRestarts!) return true;
  }
  if (owner.host !== hostname()) return ended?.(owner) ?? false;
  // Taken before this machine last started: whatever process has that id now is another.
  const bootedAt = Date.now() - uptime() * 1000;
  if (Date.parse(owner.since) < bootedAt) return true;
  return !processAlive(owner.pid);
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  // A lock being written this instant may read empty: look again briefly before calling it junk.
  for (let attempt = 0; attempt < 5; attempt++) {
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const o = JSON.parse(text) as LockOwner;
      if (typeof o.pid === 'number' && typeof o.host === 'string') return o;
    } catch {
      // incomplete
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // Unreadable after 100 ms: written by no live DMS Fit.
  return { pid: 0, host: hostname(), since: new Date(0).toISOString(), what: 'unknown', token: '' };
}

export interface OutputLock {
  release(): Promise<void>;
}

/**
 * Takes the lock of `dest` for this process, or throws OutputRefused (exit 1) naming the
 * process that holds it. `what` says what takes it, for that message.
 */
export async function lockOutput(dest: string, what: string, ended?: HolderEnded): Promise<OutputLock> {
  const path = lockPath(dest);
  await fs.mkdir(dirname(dest), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    // A file where a folder of the path should be, or no right to make it: the user's to fix.
    if (['EEXIST', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS'].includes(err.code ?? ''))
      throw new OutputRefused(
        `cannot write to ${dest}: cannot make its folder ${dirname(dest)} (${err.code})`,
      );
    throw err;
  });
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    what,
    token: randomBytes(8).toString('hex'),
    ...slurmRun(),
  };
  const text = JSON.stringify(me) + '\n';
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await fs.writeFile(path, text, { flag: 'wx' });
      return { release: () => release(path, me.token) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(path);
    if (owner === undefined) continue; // released meanwhile
    if (!ownerGone(owner, ended)) {
      const where = owner.host !== me.host ? ` on ${owner.host}` : '';
      const job = owner.slurmJobId ? `, Slurm job ${owner.slurmJobId}` : '';
      const who = `${owner.what} (process ${owner.pid}${where}${job}, since ${owner.since})`;
      throw new OutputRefused(
        `${dest} is being written by ${who}; wait for it to finish or choose another output folder` +
          (owner.host !== me.host ? ` (if nothing runs there, remove ${path})` : ''),
      );
    }
    // Break the dead owner's lock: move it aside (only one breaker's rename succeeds), then make
    // sure what was moved is that dead lock and not one a faster breaker has just taken.
    const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = await readOwner(aside);
    if (moved && moved.token !== owner.token && !ownerGone(moved, ended)) {
      // A live lock: put it back (link fails only if yet another lock is there, which is live too).
      await fs.link(aside, path).catch(() => undefined);
      await fs.rm(aside, { force: true });
      continue;
    }
    await fs.rm(aside, { force: true });
  }
  throw new OutputRefused(`${dest}: could not take its lock (${path}) after 10 attempts; try again`);
}

async function release(path: string, token: string): Promise<void> {
  const owner = await readOwner(path).catch(() => undefined);
  if (owner?.token === token) await fs.rm(path, { force: true });
}

/** Runs `body` holding the lock of `dest`; the lock is released however `body` ends. */
export async function withOutputLock<T>(
  dest: string,
  what: string,
  body: () => Promise<T>,
  ended?: HolderEnded,
): Promise<T> {
  const lock = await lockOutput(dest, what, ended);
  try {
    return await body();
  } finally {
    await lock.release();
  }
}
