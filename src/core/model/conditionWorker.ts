/**
 * A condition helper thread (see conditionThreads.ts): waits for a pass request, evaluates its
 * conditions' rows with the same loop the calling thread uses, writes their gradient blocks and
 * partial sums into shared memory and signals the pass done. It never returns to its event loop
 * between passes, so a pass costs two atomic operations, not a message round trip.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CONTROL, SUMS_PER_CONDITION, type HelperSetup } from './conditionThreads';
import { sigmoidConditionPass } from './sigmoidPass';

function serve(setup: HelperSetup): void {
  const { control, x, grad, sums, M } = setup;
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.request, seen);
    seen = Atomics.load(control, CONTROL.request);
    if (Atomics.load(control, CONTROL.stop) === 1) return;
    const withGradient = Atomics.load(control, CONTROL.withGradient) === 1;
    try {
      const scale = x[setup.theta]!;
      const bias = x[setup.theta + 1]!;
      for (const { d, rows, out } of setup.conditions) {
        if (withGradient) grad.fill(0, d * M, (d + 1) * M);
        const r = sigmoidConditionPass(
          rows,
          x,
          d * M,
          x[setup.beta0 + d]!,
          scale,
          bias,
          setup.delta,
          out,
          withGradient ? grad : undefined,
        );
        const s = d * SUMS_PER_CONDITION;
        sums[s] = r.loss;
        sums[s + 1] = r.intercept;
        sums[s + 2] = r.scale;
        sums[s + 3] = r.bias;
      }
      Atomics.store(control, CONTROL.failed, 0);
    } catch (err) {
      Atomics.store(control, CONTROL.failed, 1);
      // The caller only learns that the pass failed; the reason goes to the process's stderr.
      console.error('condition helper thread:', err);
    }
    Atomics.store(control, CONTROL.done, seen);
    Atomics.notify(control, CONTROL.done);
  }
}

parentPort?.postMessage({ ready: true });
serve(workerData as HelperSetup);
