/**
 * Runs fit jobs over a pool of fitter processes (one fresh process per job, so each job's
 * memory is returned when it ends), at most `concurrency` at a time. Cancellation asks every
 * running job to stop gracefully and kills any that have not after a grace period. A job whose
 * process dies leaves no staging folder behind: its host removes it.
 */
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
  /** Grace period after a cancel request before the process is killed. Default 5 s. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

export interface PlannedJob {
  id: string;
  spec: FitJobSpec;
}

async function runOne(job: PlannedJob, options: RunJobsOptions): Promise<JobOutcome> {
  const messages: FitterToHost[] = [];
  let error: string | undefined;
  let cancelled = false;
  // Left over by a process killed earlier (e.g. the editor closed mid-fit).
  await removeStaleStaging(job.spec.out);
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
          cancelled = m.cancelled;
          resolve();
        } else if (m.type === 'error' && !proc.alive) resolve();
      });
    });
    const onAbort = () => {
      try {
        proc.send({ type: 'cancel', id: job.id });
      } catch {
        // already gone
      }
      setTimeout(() => proc.kill(), options.killAfterMs ?? 5000).unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    else proc.send({ type: 'run', id: job.id, job: toWire(job.spec) });
    await finished;
    options.signal?.removeEventListener('abort', onAbort);
  } catch (err) {
    error ??= err instanceof Error ? err.message : String(err);
    const m: FitterToHost = { type: 'error', id: job.id, message: error };
    messages.push(m);
    options.onMessage?.(job.id, m);
  } finally {
    proc.release(job.id);
    await proc.stop();
    if (!proc.alive || error !== undefined) await removeStaleStaging(job.spec.out);
  }
  // A job the caller aborted is cancelled even if its process had to be killed on the way out.
  const status: JobStatus = options.signal?.aborted
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
  const worker = async () => {
    while (next < jobs.length) {
      const k = next++;
      outcomes[k] = await runOne(jobs[k]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  return outcomes;
}
