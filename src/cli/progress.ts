/**
 * How `dmsfit fit` shows its jobs: a progress bar per job on a terminal, plain lines otherwise
 * (logs of pipelines), or the protocol messages as NDJSON with --json.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { FitterToHost } from '../protocol/fitter';

export interface ProgressView {
  message(job: string, m: FitterToHost): void;
  stop(): void;
}

/** Fraction of a job done: λ index plus how far stationarity has come from 1 to the tolerance. */
function fraction(m: Extract<FitterToHost, { type: 'progress' }>, tolerance: number): number {
  const s = m.stationarity ?? 1;
  const within = s >= 1 ? 0 : Math.min(1, Math.log(s) / Math.log(tolerance));
  return (m.lambdaIndex + within) / m.lambdaCount;
}

function describe(m: FitterToHost): string | undefined {
  switch (m.type) {
    case 'prepared':
      return `prepared ${m.summary.keptVariants.toLocaleString('en-US')} variants, ${m.summary.mutations.toLocaleString('en-US')} mutations`;
    case 'fitted': {
      const f = m.summary;
      const shifts = Object.entries(f.conditions)
        .filter(([, c]) => c.nonzeroShifts > 0)
        .map(([name, c]) => `${name} ${c.nonzeroShifts}`)
        .join(', ');
      const status = f.converged ? 'converged' : f.cancelled ? 'cancelled' : 'NOT converged';
      return `λ = ${f.lambda}: ${status} (stationarity ${(f.stationarity ?? NaN).toExponential(2)}) in ${f.iterations} iterations, ${f.seconds.toFixed(1)} s; non-zero shifts: ${shifts || 'none'}`;
    }
    case 'error':
      return `error: ${m.message}${m.line !== undefined ? ` (${m.file} line ${m.line})` : ''}`;
    case 'done':
      return m.cancelled ? 'cancelled' : `done in ${m.seconds.toFixed(1)} s`;
    default:
      return undefined;
  }
}

export function jsonView(write: (s: string) => void): ProgressView {
  return { message: (_job, m) => write(JSON.stringify(m) + '\n'), stop: () => undefined };
}

export function lineView(write: (s: string) => void, everyMs = 2000): ProgressView {
  const last = new Map<string, number>();
  return {
    message(job, m) {
      if (m.type === 'progress') {
        const now = Date.now();
        if (now - (last.get(job) ?? 0) < everyMs) return;
        last.set(job, now);
        const s = m.stationarity === null ? '' : ` stationarity ${m.stationarity.toExponential(2)}`;
        write(
          `[${job}] λ = ${m.lambda} (${m.lambdaIndex + 1}/${m.lambdaCount}) iteration ${m.iteration}${s}\n`,
        );
        return;
      }
      const text = describe(m);
      if (text) write(`[${job}] ${text}\n`);
    },
    stop: () => undefined,
  };
}

export function barView(jobs: string[], tolerance: number, log: (s: string) => void): ProgressView {
  const multi = new MultiBar(
    {
      format: ' {job} |{bar}| {percentage}% {detail}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>(
    jobs.map((j) => [j, multi.create(100, 0, { job: j.padEnd(16), detail: 'starting' })]),
  );
  return {
    message(job, m) {
      const bar = bars.get(job);
      if (m.type === 'progress' && bar) {
        const s = m.stationarity === null ? '' : ` stat ${m.stationarity.toExponential(1)}`;
        bar.update(Math.round(100 * fraction(m, tolerance)), {
          detail: `λ ${m.lambdaIndex + 1}/${m.lambdaCount} it ${m.iteration}${s}`,
        });
        return;
      }
      if (m.type === 'done' && bar) bar.update(100, { detail: m.cancelled ? 'cancelled' : 'done' });
      const text = describe(m);
      if (text && m.type !== 'done') multi.log(`[${job}] ${text}\n`);
      else if (m.type === 'error') log(`[${job}] ${text}\n`);
    },
    stop: () => multi.stop(),
  };
}
