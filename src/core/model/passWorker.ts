/**
 * A pass helper thread (see passThreads.ts): waits for a phase request, takes items of that
 * phase from the shared counter until none is left (the same item code the calling thread
 * runs), and signals the phase done. It never returns to its event loop between phases, so a
 * phase costs two atomic operations, not a message round trip.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { takeItems } from './passPlan';
import { CONTROL, flagsMode, type HelperSetup } from './passThreads';

function serve({ state, omega, control, next }: HelperSetup): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.request, seen);
    seen = Atomics.load(control, CONTROL.request);
    if (Atomics.load(control, CONTROL.stop) === 1) return;
    try {
      takeItems(
        state,
        next,
        Atomics.load(control, CONTROL.phase),
        flagsMode(Atomics.load(control, CONTROL.mode), omega[0]!),
      );
      Atomics.store(control, CONTROL.failed, 0);
    } catch (err) {
      Atomics.store(control, CONTROL.failed, 1);
      // The caller only learns that the phase failed; the reason goes to the process's stderr.
      console.error('pass helper thread:', err);
    }
    Atomics.store(control, CONTROL.done, seen);
    Atomics.notify(control, CONTROL.done);
  }
}

parentPort?.postMessage({ ready: true });
serve(workerData as HelperSetup);
