/**
 * Work kept off the extension host: a long-lived fitter process answers validation requests
 * (with the document's current text, so unsaved edits are checked), writes reports (Vega
 * renders there, not in the extension host) and computes interaction spectra. Started on first use and again if it dies.
 */
import * as vscode from 'vscode';
import type { DataOptions } from '../core/data/options';
import type { TableInput } from '../core/data/readTable';
import { FitterProcess } from '../jobs/fitterProcess';
import type { FitterToHost, HostToFitter } from '../protocol/fitter';
import type { SpectrumRequest } from '../protocol/spectrum';
import type { FitId } from '../core/io/resultsLayout';

export type Validated = Extract<FitterToHost, { type: 'validated' }>;
export type Reported = Extract<FitterToHost, { type: 'reported' }>;
export type SpectrumAnswer = Extract<FitterToHost, { type: 'spectrum-result' }>;

/** Heap for the helper: one document's text or one results folder at a time, not a fit. */
const HELPER_HEAP_MB = 1024;

export class HelperProcess implements vscode.Disposable {
  private proc: FitterProcess | undefined;
  private started: Promise<FitterProcess> | undefined;
  private seq = 0;

  constructor(
    private readonly script: string,
    private readonly log: (line: string) => void,
  ) {}

  /** The helper's process id, once started (for tests and the log). */
  get pid(): number | undefined {
    return this.proc?.alive ? this.proc.pid : undefined;
  }

  /**
   * The running helper, once it has said it is ready. Requests made while it starts (opening a
   * CSV can ask twice at once) all wait for that one start; before, a second request went to a
   * process that had not yet said ready, without waiting for it.
   */
  private process(): Promise<FitterProcess> {
    if (!this.proc?.alive || !this.started) {
      const proc = new FitterProcess({ script: this.script, heapMB: HELPER_HEAP_MB, log: this.log });
      this.proc = proc;
      this.started = proc.ready.then(() => {
        this.log(`helper process started (pid ${proc.pid})`);
        return proc;
      });
    }
    return this.started;
  }

  private async request<T extends FitterToHost['type']>(
    make: (id: string) => HostToFitter,
    answer: T,
    onProgress?: (m: Extract<FitterToHost, { type: 'report-progress' }>) => void,
  ): Promise<Extract<FitterToHost, { type: T }>> {
    const proc = await this.process();
    const id = `helper-${++this.seq}`;
    return new Promise((resolve, reject) => {
      proc.listen(id, (m) => {
        // Progress on the way: the answer is still to come.
        if (m.type === 'report-progress') return onProgress?.(m);
        proc.release(id);
        if (m.type === answer) resolve(m as Extract<FitterToHost, { type: T }>);
        else if (m.type === 'error') reject(new Error(m.message));
        else reject(new Error(`unexpected answer ${m.type} (expected ${answer})`));
      });
      try {
        proc.send(make(id));
      } catch (err) {
        proc.release(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  validate(inputs: TableInput[], data: DataOptions): Promise<Validated> {
    return this.request((id) => ({ type: 'validate', id, inputs, data }), 'validated');
  }

  /** report.html and the SVG plots; `onPlot` hears as each plot is drawn. */
  report(
    folder: string,
    title: string,
    onPlot?: (done: number, total: number, name: string) => void,
  ): Promise<Reported> {
    return this.request(
      (id) => ({ type: 'report', id, folder, title }),
      'reported',
      onPlot && ((m) => onPlot(m.done, m.total, m.name)),
    );
  }

  spectrum(folder: string, fit: FitId, request: SpectrumRequest): Promise<SpectrumAnswer> {
    return this.request((id) => ({ type: 'spectrum', id, folder, fit, request }), 'spectrum-result');
  }

  dispose(): void {
    this.proc?.kill();
    this.proc = undefined;
    this.started = undefined;
  }
}
