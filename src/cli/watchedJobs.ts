/**
 * How the commands that run fitter processes (fit, fit --plan, plan) run them: the bundled fitter
 * script, progress shown as the jobs report it, and Ctrl-C or SIGTERM (what Slurm and `kill` send
 * first) cancelling gracefully — the jobs stop, staging is removed, the lock released, earlier
 * results stay; a second signal quits at once.
 */
import { join } from 'node:path';
import type { RunJobsOptions } from '../jobs/runJobs';
import { EXIT } from './exitCodes';
import type { ProgressView } from './progress';

export type WatchedOptions = Pick<RunJobsOptions, 'script' | 'signal' | 'onMessage'>;

/** Runs `run` with those options; stops the view and the signal handlers when it ends. */
export async function watchedJobs<T>(
  view: ProgressView,
  run: (options: WatchedOptions) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT.cancelled);
    process.stderr.write('\ncancelling (press Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run({
      script: join(__dirname, 'fitter.js'),
      signal: abort.signal,
      onMessage: (job, m) => view.message(job, m),
    });
  } finally {
    view.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
