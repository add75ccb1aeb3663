/**
 * The fitter child process. Started by a host (CLI or extension) with `fork` — no shell — and an
 * explicit heap limit; it runs one fit job at a time (and validations and reports) and reports through typed
 * messages (src/protocol/fitter.ts). Progress is throttled to a few messages per second. A
 * cancel request stops the solver at its next iteration (solvers yield to the event loop
 * between iterations, so the request is read promptly); the job's staging folder is discarded.
 */
import { version } from '../../package.json';
import { loadDataset } from '../core/data/load';
import { rowSumsTable } from '../core/data/prepare/tables';
import { runFitJob } from '../core/fit/fitJob';
import { jobLambdaMax } from '../core/fit/jobLambdaMax';
import { InputError } from '../core/errors';
import { ThreadBudget } from '../core/fit/threadBudget';
import { fromWire, parseHostMessage, type FitterToHost, type HostToFitter } from '../protocol/fitter';
import { fitSpectrum } from '../results/fitSpectrum';
import { writeReport } from '../results/report';

const PROGRESS_INTERVAL_MS = 250;

function send(message: FitterToHost): void {
  process.send?.(message);
}

function usage(): { cpuSeconds: number; peakRssMB: number } {
  const u = process.resourceUsage();
  return { cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, peakRssMB: u.maxRSS / 1024 };
}

let busy: { id: string; cancelled: boolean; threads: ThreadBudget } | undefined;

async function run(id: string, message: Extract<HostToFitter, { type: 'run' }>): Promise<void> {
  const job = fromWire(message.job);
  const state = { id, cancelled: false, threads: new ThreadBudget(message.threads ?? 1) };
  busy = state;
  const t0 = performance.now();
  let lastProgress = 0;
  let lambdaIndex = 0;
  let lambdaCount = 1;
  try {
    const result = await runFitJob(
      job,
      {
        prepared: (summary, prepared) => {
          const rowSums = [...rowSumsTable(prepared).rows].map(([condition, encoding, rowSum, count]) => ({
            condition: String(condition),
            encoding: encoding as 'reference' | 'scaled',
            rowSum: Number(rowSum),
            count: Number(count),
          }));
          send({ type: 'prepared', id, summary, rowSums });
        },
        fitStart: (_lambda, index, count) => {
          lambdaIndex = index;
          lambdaCount = count;
          lastProgress = 0;
        },
        progress: (lambda, r) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS && r.iteration > 0) return;
          lastProgress = now;
          send({
            type: 'progress',
            id,
            lambda,
            lambdaIndex,
            lambdaCount,
            iteration: r.iteration,
            objective: r.objective,
            lossPerCondition: r.lossPerCondition,
            penalty: r.penalty,
            stationarity: r.stationarity,
            elapsedMs: r.elapsedMs,
          });
        },
        fitted: (summary) => send({ type: 'fitted', id, summary, dir: job.out }),
      },
      () => state.cancelled,
      state.threads,
    );
    send({
      type: 'done',
      id,
      cancelled: result.cancelled,
      out: result.out,
      seconds: (performance.now() - t0) / 1000,
      ...usage(),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof InputError) {
      const first = err.diagnostics.find((d) => d.severity === 'error');
      send({
        type: 'error',
        id,
        message,
        ...(first ? { file: first.file, line: first.line } : {}),
        diagnostics: err.diagnostics.slice(0, 500),
      });
    } else send({ type: 'error', id, message });
    send({ type: 'done', id, cancelled: false, seconds: (performance.now() - t0) / 1000, ...usage() });
  } finally {
    busy = undefined;
  }
}

/** Runs a request and sends its answer, or an error message carrying the request's id. */
async function answer(id: string, work: () => Promise<FitterToHost>): Promise<void> {
  try {
    send(await work());
  } catch (err) {
    send({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
}

/** λ_max for a grid, cancellable like a fit (it is one: the conditions' shared-β fit). */
async function findLambdaMax(message: Extract<HostToFitter, { type: 'lambda-max' }>): Promise<void> {
  const state = { id: message.id, cancelled: false, threads: new ThreadBudget(1) };
  busy = state;
  try {
    const found = await jobLambdaMax(fromWire(message.job), () => state.cancelled, state.threads);
    send({ type: 'lambda-max-found', id: message.id, ...found });
  } catch (err) {
    send({ type: 'error', id: message.id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    busy = undefined;
  }
}

async function validate(message: Extract<HostToFitter, { type: 'validate' }>): Promise<FitterToHost> {
  const loaded = await loadDataset(message.inputs, message.data, { keepRows: false });
  return {
    type: 'validated',
    id: message.id,
    diagnostics: loaded.diagnostics,
    errors: loaded.errors,
    warnings: loaded.warnings,
    rows: loaded.rowsPerFile.reduce((a, b) => a + b, 0),
    conditions: loaded.table.conditionNames,
    replicates: loaded.table.replicateNames.filter((r) => r !== ''),
  };
}

async function report(message: Extract<HostToFitter, { type: 'report' }>): Promise<FitterToHost> {
  const progress = (done: number, total: number, name: string) =>
    send({ type: 'report-progress', id: message.id, done, total, name });
  const { report, plots, specs } = await writeReport(message.folder, message.title, 0, progress);
  return { type: 'reported', id: message.id, report, plots, specs };
}

async function analyseSpectrum(message: Extract<HostToFitter, { type: 'spectrum' }>): Promise<FitterToHost> {
  const { result, out } = await fitSpectrum(message.folder, message.fit, message.request);
  return { type: 'spectrum-result', id: message.id, result, out };
}

process.on('message', (raw: unknown) => {
  let message: HostToFitter;
  try {
    message = parseHostMessage(raw);
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  switch (message.type) {
    case 'run':
      if (busy) send({ type: 'error', id: message.id, message: `the fitter is busy with job ${busy.id}` });
      else void run(message.id, message);
      return;
    case 'validate':
      void answer(message.id, () => validate(message));
      return;
    case 'cancel':
      if (busy?.id === message.id) busy.cancelled = true;
      return;
    case 'threads':
      if (busy?.id === message.id) busy.threads.set(message.count);
      return;
    case 'report':
      void answer(message.id, () => report(message));
      return;
    case 'spectrum':
      void answer(message.id, () => analyseSpectrum(message));
      return;
    case 'lambda-max':
      if (busy) send({ type: 'error', id: message.id, message: `the fitter is busy with job ${busy.id}` });
      else void findLambdaMax(message);
      return;
    case 'shutdown':
      process.exit(0);
      return;
    default: {
      const never: never = message;
      send({ type: 'error', message: `unhandled message ${JSON.stringify(never)}` });
    }
  }
});

// The host went away (closed the channel or died): nothing left to report to.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid, version });
