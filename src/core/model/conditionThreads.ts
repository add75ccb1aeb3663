/**
 * Helper threads for the data-fit pass: conditions share no β, so each condition's rows can be
 * evaluated on another core. Every condition is computed by the same loop (sigmoidPass.ts)
 * whichever thread runs it, and the caller adds the per-condition partial sums in condition
 * order, so a pass gives bit-identical values and gradients with any number of threads.
 *
 * A pass is synchronous for the solvers: the caller copies x into shared memory and wakes the
 * helpers (Atomics.notify), evaluates its own conditions, then waits (Atomics.wait) for theirs.
 * Per-row outputs (φ, ŷ, slope, force) live in SharedArrayBuffers owned by the DataFit, so the
 * Gauss–Newton model reads every condition's rows as before. Each helper gets a one-time copy of
 * its conditions' design, scores and weights (~10 MB for Delta+BA.2).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RowOutputs, SigmoidPassSums, SigmoidRows } from './sigmoidPass';

/** Slots of a helper's control block (Int32Array over a SharedArrayBuffer). */
export const CONTROL = {
  /** Pass number requested by the caller. */
  request: 0,
  /** Pass number the helper finished. */
  done: 1,
  /** 1 when the pass wants the gradient (slope, force and ∇f), else 0. */
  withGradient: 2,
  /** 1 asks the helper to end. */
  stop: 3,
  /** 1 when the helper's last pass threw. */
  failed: 4,
  size: 5,
} as const;

/** Partial sums per condition in the shared results block: loss, ∂β̃0, ∂ge_scale, ∂ge_bias. */
export const SUMS_PER_CONDITION = 4;

/** What a helper receives once, as its workerData. */
export interface HelperSetup {
  conditions: Array<{ d: number; rows: SigmoidRows; out: RowOutputs }>;
  /** Mutations per condition (condition d's betas sit at d·M). */
  M: number;
  beta0: number;
  theta: number;
  delta: number;
  x: Float64Array;
  grad: Float64Array;
  sums: Float64Array;
  control: Int32Array;
}

/** A helper taking longer than this for one pass is taken to be gone. */
const PASS_TIMEOUT_MS = 120_000;

function shared(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(n, 1)));
}

/** Row outputs in shared memory, so helpers can write the rows they evaluate. */
export function sharedRowOutputs(n: number): RowOutputs {
  return { phi: shared(n), yhat: shared(n), slope: shared(n), force: shared(n) };
}

/** The helper's script: the bundled file beside this code, or the source under tsx (tests, benchmarks). */
function helperScript(): { file: string; execArgv?: string[] } {
  const bundled = join(__dirname, 'conditionWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  return { file: join(__dirname, 'conditionWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

/**
 * Splits conditions into `bins` groups of similar work (non-zeros plus rows), largest first,
 * group 0 being the caller's. Returns each condition's group.
 */
export function assignConditions(work: number[], bins: number): Int32Array {
  const owner = new Int32Array(work.length);
  const load = new Float64Array(bins);
  const order = work.map((_, d) => d).sort((a, b) => work[b]! - work[a]! || a - b);
  for (const d of order) {
    let best = 0;
    for (let b = 1; b < bins; b++) if (load[b]! < load[best]!) best = b;
    owner[d] = best;
    load[best]! += work[d]!;
  }
  return owner;
}

export interface ConditionThreadsInput {
  rows: SigmoidRows[];
  outputs: RowOutputs[];
  M: number;
  beta0: number;
  theta: number;
  size: number;
  delta: number;
}

export class ConditionThreads {
  /** Group of each condition: 0 = the calling thread, k ≥ 1 = helper k. */
  readonly owner: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly controls: Int32Array[] = [];
  private readonly x: Float64Array;
  private readonly grad: Float64Array;
  private readonly sums: Float64Array;
  private readonly M: number;
  private pass = 0;
  private closed = false;
  /** Resolves once every helper has started; rejects if one cannot. */
  readonly ready: Promise<void>;

  constructor(input: ConditionThreadsInput, threads: number) {
    const D = input.rows.length;
    const bins = Math.max(1, Math.min(threads, D));
    this.owner = assignConditions(
      input.rows.map((r) => r.X.idx.length + r.n),
      bins,
    );
    this.M = input.M;
    this.x = shared(input.size);
    this.grad = shared(D * input.M);
    this.sums = shared(D * SUMS_PER_CONDITION);
    const script = helperScript();
    const started: Promise<void>[] = [];
    for (let k = 1; k < bins; k++) {
      const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL.size));
      const setup: HelperSetup = {
        conditions: [],
        M: input.M,
        beta0: input.beta0,
        theta: input.theta,
        delta: input.delta,
        x: this.x,
        grad: this.grad,
        sums: this.sums,
        control,
      };
      for (let d = 0; d < D; d++)
        if (this.owner[d] === k) {
          // Only what the loop reads is copied to the helper (not the transpose or row indices).
          const { n, X, y, c } = input.rows[d]!;
          setup.conditions.push({ d, rows: { n, X, y, c }, out: input.outputs[d]! });
        }
      const worker = new Worker(script.file, {
        workerData: setup,
        ...(script.execArgv ? { execArgv: script.execArgv } : {}),
      });
      worker.unref();
      started.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          // Kept for the worker's life: an error event without a listener would end the process.
          worker.on('error', reject);
          worker.once('exit', (code) => reject(new Error(`condition helper thread exited (code ${code})`)));
        }),
      );
      this.workers.push(worker);
      this.controls.push(control);
    }
    this.ready = Promise.all(started).then(() => undefined);
    // A helper that fails to start is reported through `ready`; never as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Number of threads taking part (the caller's included). */
  get count(): number {
    return this.workers.length + 1;
  }

  /** Starts the helpers' share of a pass at x. */
  begin(x: Float64Array, withGradient: boolean): void {
    if (this.closed) throw new Error('condition threads are closed');
    this.x.set(x);
    this.pass++;
    for (const control of this.controls) {
      Atomics.store(control, CONTROL.withGradient, withGradient ? 1 : 0);
      Atomics.store(control, CONTROL.request, this.pass);
      Atomics.notify(control, CONTROL.request);
    }
  }

  /**
   * Waits for the helpers' share of the pass, copies their conditions' gradient blocks into
   * `grad` and writes their partial sums into `into` (by condition; the caller's are untouched).
   */
  end(grad: Float64Array | undefined, into: (SigmoidPassSums | undefined)[]): void {
    this.controls.forEach((control) => {
      for (;;) {
        const done = Atomics.load(control, CONTROL.done);
        if (done === this.pass) break;
        if (Atomics.wait(control, CONTROL.done, done, PASS_TIMEOUT_MS) === 'timed-out')
          throw new Error('a condition helper thread stopped answering');
      }
      if (Atomics.load(control, CONTROL.failed) === 1) throw new Error('a condition helper thread failed');
    });
    const M = this.M;
    for (let d = 0; d < this.owner.length; d++) {
      if (this.owner[d] === 0) continue;
      const s = this.sums.subarray(d * SUMS_PER_CONDITION, (d + 1) * SUMS_PER_CONDITION);
      into[d] = { loss: s[0]!, intercept: s[1]!, scale: s[2]!, bias: s[3]! };
      if (grad) grad.set(this.grad.subarray(d * M, (d + 1) * M), d * M);
    }
  }

  /** Ends the helpers (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const control of this.controls) {
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.request, 1);
      Atomics.notify(control, CONTROL.request);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
