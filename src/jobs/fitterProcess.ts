/**
 * One fitter child process seen from its host: started with `fork` (no shell) and an explicit
 * heap limit, messages parsed and routed to the request that owns them, and a crash — a kill,
 * an out-of-memory abort, any exit before `done` — reported to every open request as an error
 * instead of a hang.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import type { TableInput } from '../core/data/readTable';
import { parseFitterMessage, type FitterToHost, type HostToFitter } from '../protocol/fitter';

export interface StartOptions {
  /** The bundled fitter script (dist/fitter.js). */
  script: string;
  /** V8 heap limit in MB (--max-old-space-size). */
  heapMB: number;
  /** Called with stderr text (diagnostics of crashes). */
  log?: (line: string) => void;
}

type Listener = (m: FitterToHost) => void;

export class FitterProcess {
  private readonly child: ChildProcess;
  private readonly listeners = new Map<string, Listener>();
  private readonly anyListeners = new Set<Listener>();
  private stderrTail = '';
  private exited: string | undefined;
  readonly ready: Promise<void>;

  constructor(options: StartOptions) {
    this.child = fork(options.script, [], {
      execArgv: [`--max-old-space-size=${Math.round(options.heapMB)}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      options.log?.(text.trimEnd());
    });
    this.ready = new Promise((resolve, reject) => {
      const onReady = (m: FitterToHost) => {
        if (m.type !== 'ready') return;
        this.anyListeners.delete(onReady);
        resolve();
      };
      this.anyListeners.add(onReady);
      this.child.once('exit', () => reject(new Error(this.exitReason())));
      this.child.once('error', reject);
    });
    this.child.on('message', (raw) => this.receive(raw));
    this.child.on('exit', (code, signal) => {
      this.exited = describeExit(code, signal, this.stderrTail);
      const crash: FitterToHost = { type: 'error', message: this.exited };
      for (const [id, listener] of this.listeners) listener({ ...crash, id });
      this.listeners.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  exitReason(): string {
    return this.exited ?? 'the fitter process ended';
  }

  private receive(raw: unknown): void {
    let m: FitterToHost;
    try {
      m = parseFitterMessage(raw);
    } catch (err) {
      m = { type: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    for (const l of this.anyListeners) l(m);
    const id = 'id' in m ? m.id : undefined;
    if (id !== undefined) this.listeners.get(id)?.(m);
    else for (const l of this.listeners.values()) l(m);
  }

  send(message: HostToFitter): void {
    if (!this.alive || !this.child.connected) throw new Error(this.exitReason());
    this.child.send(message);
  }

  /** Routes messages of request `id` to `listener` until `release(id)`. */
  listen(id: string, listener: Listener): void {
    this.listeners.set(id, listener);
  }

  release(id: string): void {
    this.listeners.delete(id);
  }

  /** Asks the process to exit; kills it if it has not after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.send({ type: 'shutdown' });
    } catch {
      // channel already closed
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.alive) this.child.kill(signal);
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  if (/heap out of memory|Allocation failed/i.test(stderr)) {
    return 'the fitter process ran out of memory (raise the memory limit or fit fewer variants per job)';
  }
  if (signal) return `the fitter process was killed (${signal})`;
  return `the fitter process exited unexpectedly (code ${code})`;
}

/**
 * Heap limit for a job on these inputs: ~12 bytes of heap per byte of input (measured: 1M rows,
 * 48 MB of CSV, prepare + fit ≈ 500 MB) plus a base, and at most this job's share of memory.
 */
export function heapLimitMB(inputs: TableInput[], concurrency = 1): number {
  let bytes = 0;
  for (const i of inputs) {
    try {
      bytes += i.text !== undefined ? i.text.length : statSync(i.path).size;
    } catch {
      // missing files are reported by the job itself
    }
  }
  const wanted = 512 + (12 * bytes) / 2 ** 20;
  const share = (0.8 * totalmem()) / 2 ** 20 / Math.max(1, concurrency);
  return Math.max(256, Math.min(wanted, share));
}

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}
