/**
 * Helper threads for the default model's data-fit pass. The pass is cut into items by
 * passPlan.ts (row segments, then column blocks for a gradient); the calling thread and its
 * helpers take items from a shared counter until none is left, so a condition twice the size of
 * another no longer leaves a thread idle for half the pass. Results do not depend on who took
 * which item (passPlan.ts), so a pass gives bit-identical values and gradients with any number
 * of threads.
 *
 * A pass is synchronous for the solvers: the caller copies x into shared memory, wakes the
 * helpers (Atomics.notify), takes items itself, then waits (Atomics.wait) until every helper has
 * finished the phase. Every array an item touches lives in SharedArrayBuffers: the design, scores
 * and weights once per data fit (shareRows, ~15 MB for Delta+BA.2), the per-row outputs (so the
 * Gauss–Newton model reads every row as before), x, ∇β and the partial sums.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BinaryCsr } from '../sparse';
import { PHASE, takeItems, type PassSetup, type PassState, type Phase } from './passPlan';
import { ROW_SUMS, type PassMode, type RowOutputs, type SigmoidRows } from './sigmoidPass';

/** Slots of a helper's control block (Int32Array over a SharedArrayBuffer). */
export const CONTROL = {
  /** Phase number requested by the caller. */
  request: 0,
  /** What the requested phase is (PHASE). */
  phase: 1,
  /** The pass's mode (PassMode): 1 = gradient, 2 = curvature, 4 = extrapolate, 8 = newest is slot 1. */
  mode: 2,
  /** 1 asks the helper to end. */
  stop: 3,
  /** 1 when the helper's last phase threw. */
  failed: 4,
  /** Phase number the helper finished. */
  done: 5,
  size: 6,
} as const;

/** What a helper receives once, as its workerData. */
export interface HelperSetup {
  state: PassState;
  /** The extrapolation weight ω of the mode (one entry, shared). */
  omega: Float64Array;
  control: Int32Array;
  /** Next item of each phase, shared by all threads. */
  next: Int32Array;
}

/** A helper taking longer than this for one phase is taken to be gone. */
const PHASE_TIMEOUT_MS = 120_000;

function shared(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(n, 1)));
}

function sharedInts(from: Uint32Array): Uint32Array {
  const out = new Uint32Array(new SharedArrayBuffer(4 * Math.max(from.length, 1)), 0, from.length);
  out.set(from);
  return out;
}

function sharedCsr(m: BinaryCsr): BinaryCsr {
  return { rows: m.rows, cols: m.cols, ptr: sharedInts(m.ptr), idx: sharedInts(m.idx) };
}

/** One condition's kept latent in shared memory (helpers read it to extrapolate φ). */
export function sharedLatent(n: number): Float64Array {
  return shared(n);
}

/** Row outputs in shared memory, so helpers can write the rows they evaluate. */
export function sharedRowOutputs(n: number): RowOutputs {
  return { phi: shared(n), yhat: shared(n), slope: shared(n), force: shared(n) };
}

/** A pass mode as the flags of the control block's `mode` slot (ω travels beside it). */
export function modeFlags(mode: PassMode): number {
  const extrapolate = !Number.isNaN(mode.extrapolate);
  return +mode.gradient | (+mode.curvature << 1) | (+extrapolate << 2) | (+(mode.newest === 1) << 3);
}

/** The pass mode of `flags` and ω. */
export function flagsMode(flags: number, omega: number): PassMode {
  return {
    gradient: (flags & 1) !== 0,
    curvature: (flags & 2) !== 0,
    extrapolate: (flags & 4) !== 0 ? omega : NaN,
    newest: (flags & 8) !== 0 ? 1 : 0,
  };
}

/** A copy of the rows in shared memory, for helpers to read without copies of their own. */
export function shareRows(rows: readonly SigmoidRows[]): SigmoidRows[] {
  return rows.map(({ n, X, Xt, groupEnd, y, c }) => {
    const sy = shared(y.length).subarray(0, y.length);
    const sc = shared(c.length).subarray(0, c.length);
    sy.set(y);
    sc.set(c);
    return { n, X: sharedCsr(X), Xt: sharedCsr(Xt), groupEnd: sharedInts(groupEnd), y: sy, c: sc };
  });
}

/** The helper's script: the bundled file beside this code, or the source under tsx (tests, benchmarks). */
function helperScript(): { file: string; execArgv?: string[] } {
  const bundled = join(__dirname, 'passWorker.js');
  if (existsSync(bundled)) return { file: bundled };
  return { file: join(__dirname, 'passWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

/** The setup with its rows and per-row outputs in shared memory (shareRows, sharedRowOutputs). */
export interface PassThreadsInput extends PassSetup {
  /** Length of x. */
  size: number;
}

export class PassThreads {
  /** What the items read and write, in shared memory; the caller's items use it too. */
  readonly state: PassState;
  private readonly workers: Worker[] = [];
  private readonly controls: Int32Array[] = [];
  private readonly next = new Int32Array(new SharedArrayBuffer(8));
  private readonly omega = shared(1);
  private phases = 0;
  private closed = false;
  /** Resolves once every helper has started; rejects if one cannot. */
  readonly ready: Promise<void>;

  /** Starts `threads` − 1 helpers. */
  constructor(input: PassThreadsInput, threads: number) {
    const { size, ...setup } = input;
    this.state = {
      ...setup,
      x: shared(size),
      grad: shared(setup.rows.length * setup.M),
      sums: shared(ROW_SUMS * setup.plan.segmentCount),
    };
    const script = helperScript();
    const started: Promise<void>[] = [];
    for (let k = 1; k < threads; k++) {
      const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL.size));
      const helper: HelperSetup = { state: this.state, omega: this.omega, control, next: this.next };
      const worker = new Worker(script.file, {
        workerData: helper,
        ...(script.execArgv ? { execArgv: script.execArgv } : {}),
      });
      worker.unref();
      started.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          // Kept for the worker's life: an error event without a listener would end the process.
          worker.on('error', reject);
          worker.once('exit', (code) => reject(new Error(`pass helper thread exited (code ${code})`)));
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

  /** A whole pass at x: rows, then (with a gradient) columns; results are in `state`. */
  run(x: Float64Array, mode: PassMode): void {
    if (this.closed) throw new Error('pass threads are closed');
    this.state.x.set(x);
    this.omega[0] = mode.extrapolate;
    this.phase(PHASE.rows, mode);
    if (mode.gradient) this.phase(PHASE.columns, mode);
  }

  private phase(phase: Phase, mode: PassMode): void {
    Atomics.store(this.next, phase, 0);
    const number = ++this.phases;
    for (const control of this.controls) {
      Atomics.store(control, CONTROL.phase, phase);
      Atomics.store(control, CONTROL.mode, modeFlags(mode));
      Atomics.store(control, CONTROL.request, number);
      Atomics.notify(control, CONTROL.request);
    }
    takeItems(this.state, this.next, phase, mode);
    for (const control of this.controls) {
      for (;;) {
        const done = Atomics.load(control, CONTROL.done);
        if (done === number) break;
        if (Atomics.wait(control, CONTROL.done, done, PHASE_TIMEOUT_MS) === 'timed-out')
          throw new Error('a pass helper thread stopped answering');
      }
      if (Atomics.load(control, CONTROL.failed) === 1) throw new Error('a pass helper thread failed');
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
