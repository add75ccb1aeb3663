/**
 * Whether a Slurm job has ended, asked of the scheduler: for the lock of a job's results taken on
 * another node of a cluster (outputLock.ts), whose process cannot be looked up from here. A job
 * killed hard (out of memory, past its time limit) leaves its lock behind; without this its rerun
 * on another node would be refused until someone removed the lock by hand.
 */
import { spawnSync } from 'node:child_process';
import type { LockHolder } from '../core/io/outputLock';

/** squeue's states of a job that runs no more (its --states list, long names). */
const ENDED = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'COMPLETED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'TIMEOUT',
]);

/**
 * True when squeue says the holder's job has ended or no longer knows it (a finished job leaves
 * the controller's memory after MinJobAge); false when it runs or waits, when the lock names no
 * job, and whenever squeue cannot answer (not installed, controller unreachable): then the lock
 * stands and the message says which file to remove.
 */
export function slurmJobEnded(holder: LockHolder): boolean {
  const id = holder.slurmJobId;
  if (!id || !/^[0-9_]+$/.test(id)) return false;
  const r = spawnSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return false;
  if (r.status === 0) {
    const state = r.stdout.trim();
    return state === '' || ENDED.has(state);
  }
  return /invalid job id/i.test(r.stderr);
}
