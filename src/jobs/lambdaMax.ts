/**
 * λ_max of a collection's data, found in a fitter process (it is a fit: the conditions' shared-β
 * model), before the collection's jobs run on the grid it anchors. Cancellable like a job.
 */
import type { FitJobSpec } from '../core/fit/fitJob';
import { toWire, type FitterToHost } from '../protocol/fitter';
import { FitterProcess, heapLimitMB } from './fitterProcess';
import { cancelOnAbort, type RunJobsOptions } from './runJobs';

export type LambdaMaxFound = Extract<FitterToHost, { type: 'lambda-max-found' }>;

const ID = 'lambda-max';

export async function lambdaMaxOf(
  job: FitJobSpec,
  options: RunJobsOptions,
): Promise<LambdaMaxFound | 'cancelled'> {
  const proc = new FitterProcess({
    script: options.script,
    heapMB: heapLimitMB(job.inputs, 1),
    log: options.log,
  });
  const abort = cancelOnAbort(proc, ID, options);
  try {
    await proc.ready;
    options.onStart?.(ID, proc.pid!);
    const answer = new Promise<FitterToHost>((resolve) => proc.listen(ID, resolve));
    if (options.signal?.aborted) return 'cancelled';
    proc.send({ type: 'lambda-max', id: ID, job: toWire(job) });
    const m = await answer;
    if (options.signal?.aborted) return 'cancelled';
    options.onMessage?.(ID, m);
    if (m.type === 'lambda-max-found') return m;
    throw new Error(m.type === 'error' ? m.message : `unexpected answer ${m.type}`);
  } finally {
    abort.stop();
    proc.release(ID);
    await proc.stop();
  }
}
