/**
 * Runs fit jobs over a pool of fitter processes (one fresh process per job, so each job's
 * memory is returned when it ends), at most `concurrency` at a time. Cancellation asks every
 * running job to stop gracefully and kills any that have not after a grace period. A job whose
 * process dies leaves no staging folder behind: its host removes it. The cores are shared
 * among the running jobs as threads (CoreShares), so the last job of a collection runs on
 * every core instead of leaving the others idle.
 */
import { availableParallelism } from 'node:os';
import { removeStaleStaging } from '../core/io/atomicDir';
import type { FitJobSpec } from '../core/fit/fitJob';
import { toWire, type FitterToHost } from '../protocol/fitter';
import { FitterProcess, heapLimitMB } from './fitterProcess';

export type JobStatus = 'done' | 'cancelled' | 'failed';

export interface JobOutcome {
  id: string;
  status: JobStatus;
  /** Why it failed (first error message). */
  error?: string;
  /** Everything the job reported, in order (without progress). */
  messages: FitterToHost[];
}

export interface RunJobsOptions {
  script: string;
  concurrency: number;
  /** Every message of every job, progress included, as it arrives. */
  onMessage?: (jobId: string, m: FitterToHost) => void;
  /** A job's process has started. */
  onStart?: (jobId: string, pid: number) => void;
  /** Set to cancel all jobs. */
  signal?: AbortSignal;
  /**
   * Cores the jobs may keep busy together (default: all available). Each running job may use an
   * equal share as threads; when a job ends and none is waiting, the others get its share.
   */
  cores?: number;
  /** Grace period after a cancel request before the process is killed. Default 5 s. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

export interface PlannedJob {
  id: string;
  spec: FitJobSpec;
}

/** Shares the cores among the running jobs; tells each job when its share changes. */
export class CoreShares {
  private readonly running = new Map<string, FitterProcess>();
  constructor(
    private readonly cores: number,
    /** Whether jobs wait for a process: then a leaving job's share goes to the next one. */
    private readonly waiting: () => boolean,
  ) {}

  private share(): number {
    return Math.max(1, Math.floor(this.cores / Math.max(1, this.running.size)));
  }

  /** A job is about to run: its share, and the others' shares shrink. */
  enter(id: string, proc: FitterProcess): number {
    this.running.set(id, proc);
    this.tell(id);
    return this.share();
  }

  leave(id: string): void {
    if (this.running.delete(id) && !this.waiting()) this.tell();
  }

  private tell(except?: string): void {
    const count = this.share();
    for (const [id, proc] of this.running) {
      if (id === except || !proc.alive) continue;
      try {
        proc.send({ type: 'threads', id, count });
      } catch {
        // ended meanwhile
      }
    }
  }
}

/**
 * While `options.signal` may abort: on abort, asks `proc` to cancel request `id` and kills it if
 * it has not ended after the grace period. `cancel` does that at once; `stop` stops watching.
 */
export function cancelOnAbort(
  proc: FitterProcess,
  id: string,
  options: Pick<RunJobsOptions, 'signal' | 'killAfterMs'>,
): { cancel: () => void; stop: () => void } {
  const cancel = () => {
    try {
      proc.send({ type: 'cancel', id });
    } catch {
      // already gone
    }
    setTimeout(() => proc.kill(), options.killAfterMs ?? 5000).unref();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  return { cancel, stop: () => options.signal?.removeEventListener('abort', cancel) };
}

async function runOne(job: PlannedJob, options: RunJobsOptions, shares: CoreShares): Promise<JobOutcome> {
  const messages: FitterToHost[] = [];
  let error: string | undefined;
  let cancelled = false;
  let reportedDone = false;
  const proc = new FitterProcess({
    script: options.script,
    heapMB: heapLimitMB(job.spec.inputs, options.concurrency),
    log: options.log,
  });
  try {
    await proc.ready;
    options.onStart?.(job.id, proc.pid!);
    const finished = new Promise<void>((resolve) => {
      proc.listen(job.id, (m) => {
        options.onMessage?.(job.id, m);
        if (m.type !== 'progress') messages.push(m);
        if (m.type === 'error') error ??= m.message;
        if (m.type === 'done') {
          reportedDone = true;
          cancelled = m.cancelled;
          resolve();
        } else if (m.type === 'error' && !proc.alive) resolve();
      });
    });
    const abort = cancelOnAbort(proc, job.id, options);
    if (options.signal?.aborted) abort.cancel();
    else proc.send({ type: 'run', id: job.id, job: toWire(job.spec), threads: shares.enter(job.id, proc) });
    await finished;
    abort.stop();
  } catch (err) {
    error ??= err instanceof Error ? err.message : String(err);
    const m: FitterToHost = { type: 'error', id: job.id, message: error };
    messages.push(m);
    options.onMessage?.(job.id, m);
  } finally {
    shares.leave(job.id);
    proc.release(job.id);
    await proc.stop();
    if (!proc.alive || error !== undefined) await removeStaleStaging(job.spec.out);
  }
  // A job that reported done has committed its results, even if a cancel came after; otherwise a
  // job the caller aborted is cancelled, even if its process had to be killed on the way out.
  const status: JobStatus =
    reportedDone && !cancelled && error === undefined
      ? 'done'
      : options.signal?.aborted
        ? 'cancelled'
        : error !== undefined
          ? 'failed'
          : cancelled
            ? 'cancelled'
            : 'done';
  return { id: job.id, status, ...(error !== undefined ? { error } : {}), messages };
}

export async function runJobs(jobs: PlannedJob[], options: RunJobsOptions): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = new Array(jobs.length);
  let next = 0;
  const shares = new CoreShares(options.cores ?? availableParallelism(), () => next < jobs.length);
  const worker = async () => {
    while (next < jobs.length) {
      const k = next++;
      outcomes[k] = await runOne(jobs[k]!, options, shares);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  return outcomes;
}
