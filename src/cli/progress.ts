/**
 * How `dmsfit fit` shows its jobs: a progress bar per job on a terminal, plain lines otherwise
 * (logs of pipelines), or the protocol messages as NDJSON with --json.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { escapeControls } from '../core/data/safeText';
import { adviceFlag } from '../core/fit/stopReason';
import { jobFraction } from '../jobs/progress';
import { formatNumber, notIdentifiableText } from '../plots/format';
import type { FitterToHost } from '../protocol/fitter';

export interface ProgressView {
  message(job: string, m: FitterToHost): void;
  stop(): void;
}

function describe(m: FitterToHost): string | undefined {
  switch (m.type) {
    case 'prepared':
      return `prepared ${m.summary.keptVariants.toLocaleString('en-US')} variants, ${m.summary.mutations.toLocaleString('en-US')} mutations`;
    case 'fitted':
      return fittedLines(m.summary).join('\n  ');
    case 'error':
      return `error: ${m.message}${m.line !== undefined ? ` (${m.file} line ${m.line})` : ''}`;
    case 'done':
      return m.cancelled ? 'cancelled' : `done in ${m.seconds.toFixed(1)} s`;
    case 'lambda-max-found':
      return `λ_max = ${m.lambdaMax.toPrecision(3)}: every shift is zero from there up (the shared-β fit: ${m.iterations} iterations, ${m.seconds.toFixed(1)} s)`;
    default:
      return undefined;
  }
}

type Fitted = Extract<FitterToHost, { type: 'fitted' }>['summary'];

/**
 * A fitted λ in words: how it ended (with the next step, as a flag, when it did not converge),
 * its non-zero and largest identified shifts, the mutations the data cannot identify, warnings.
 */
export function fittedLines(f: Fitted): string[] {
  const conditions = Object.entries(f.conditions);
  const shifts = conditions
    .filter(([, c]) => c.nonzeroShifts > 0)
    .map(([name, c]) => `${name} ${c.nonzeroShifts} (${c.confidentShifts} confident)`)
    .join(', ');
  const stationarity = f.stationarity === null ? '' : ` (stationarity ${f.stationarity.toExponential(2)})`;
  const seconds = `${f.iterations} iterations, ${f.seconds.toFixed(1)} s`;
  const lines = [
    `λ = ${f.lambda}: ${f.stopDetail}${stationarity} in ${seconds}; non-zero shifts: ${shifts || 'none'}`,
  ];
  if (f.advice) lines.push(`next step: ${f.advice.text} (${adviceFlag(f.advice)})`);
  if (f.starts.length > 1) {
    const tried = f.starts.map(
      (s) =>
        `${s.chosen ? 'kept ' : ''}${s.from} start, ${s.solver}: ${s.stopReason}, objective ${formatNumber(s.objective, 6)}`,
    );
    lines.push(`the first end looked saturated; starts tried: ${tried.join('; ')}`);
  }
  for (const [name, c] of conditions) {
    if (c.topShifts.length > 0)
      lines.push(
        `largest shifts in ${name}: ${c.topShifts
          .slice(0, 5)
          .map((t) => `${t.mutation} ${formatNumber(t.shift)}`)
          .join(', ')}`,
      );
  }
  const unidentified = conditions
    .map(([name, c]) => notIdentifiableText(name, c.notIdentifiable))
    .filter(Boolean);
  if (unidentified.length > 0) lines.push(`not identifiable: ${unidentified.join('; ')}`);
  if (f.relaxed?.converged)
    lines.push(
      `relaxed refit on these shifts: converged in ${f.relaxed.steps} Newton steps, ${f.relaxed.seconds.toFixed(1)} s`,
    );
  if (f.intervals?.converged)
    lines.push(
      `90 % intervals: fit without the lasso in ${f.intervals.steps} Gauss–Newton steps, ${f.intervals.probes} probes, ${f.intervals.withoutInterval} β without one, ${f.intervals.seconds.toFixed(1)} s`,
    );
  for (const w of f.warnings) lines.push(`warning: ${w}`);
  return lines;
}

export function jsonView(write: (s: string) => void): ProgressView {
  return { message: (_job, m) => write(JSON.stringify(m) + '\n'), stop: () => undefined };
}

export function lineView(toStream: (s: string) => void, everyMs = 2000): ProgressView {
  // Condition and replicate names come from the user's files: no control character reaches the terminal.
  const write = (s: string) => toStream(escapeControls(s, true));
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

export function barView(jobs: string[], tolerance: number, toStream: (s: string) => void): ProgressView {
  const log = (s: string) => toStream(escapeControls(s, true));
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
        bar.update(Math.round(100 * jobFraction(m, tolerance)), {
          detail: `λ ${m.lambdaIndex + 1}/${m.lambdaCount} it ${m.iteration}${s}`,
        });
        return;
      }
      if (m.type === 'done' && bar) bar.update(100, { detail: m.cancelled ? 'cancelled' : 'done' });
      const text = describe(m);
      if (text && m.type !== 'done') multi.log(escapeControls(`[${job}] ${text}\n`, true));
      else if (m.type === 'error') log(`[${job}] ${text}\n`);
    },
    stop: () => multi.stop(),
  };
}

/** How the jobs' progress is shown: NDJSON with --json, bars on a terminal, else lines. */
export function progressView(json: boolean | undefined, jobIds: string[], tolerance: number): ProgressView {
  return json
    ? jsonView((s) => process.stdout.write(s))
    : process.stderr.isTTY
      ? barView(jobIds, tolerance, (s) => process.stderr.write(s))
      : lineView((s) => process.stderr.write(s));
}
