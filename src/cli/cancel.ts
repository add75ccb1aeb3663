import { EXIT } from './exitCodes';

/**
 * Cancels `abort` on Ctrl-C, and on SIGTERM (what Slurm and `kill` send first): the jobs stop,
 * staging is removed, the lock released, earlier results stay; a second signal quits at once.
 * Returns the function that stops listening.
 */
export function cancelOnSignals(abort: AbortController): () => void {
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT.cancelled);
    process.stderr.write('\ncancelling (press Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
