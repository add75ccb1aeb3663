/**
 * A job's peak memory and wall time, estimated from the size of its data before it runs — what a
 * cluster job must ask for (Snakemake's mem_mb and runtime, sbatch's --mem and --time).
 * From the rows and substitutions the job reads and its λ count, with coefficients measured on
 * the bench datasets (see MEASURED); the request rounds memory up to 100 MB and time to whole
 * minutes, so each is one a scheduler accepts.
 */
import type { VariantTable } from '../core/data/variantTable';
import type { CollectionBase, CollectionJob } from './collectionPlan';
import type { JobEstimate } from './planFile';

export interface JobData {
  /** Variant rows the job reads (its replicate's, or all for the combined fit). */
  rows: number;
  /** Substitutions over those rows. */
  substitutions: number;
  /** Distinct (mutation, condition) pairs over those rows: the β and shifts the fit estimates. */
  parameters: number;
}

/** Rows, substitutions and parameters per replicate label, and over all rows under ''. */
export function dataPerReplicate(table: VariantTable): Map<string, JobData> {
  const conditions = table.conditionNames.length;
  const pairs = table.keys.size * conditions;
  // Slot 0 is all rows; slot r + 1 replicate r. A byte per (mutation, condition) pair and slot.
  const data = Array.from({ length: table.replicateNames.length + 1 }, () => ({
    d: { rows: 0, substitutions: 0, parameters: 0 } as JobData,
    seen: new Uint8Array(pairs),
  }));
  for (let i = 0; i < table.rows; i++) {
    const from = table.tokenPtr[i]!;
    const to = table.tokenPtr[i + 1]!;
    const c = table.condition[i]!;
    for (const { d, seen } of [data[0]!, data[table.replicate[i]! + 1]!]) {
      d.rows++;
      d.substitutions += to - from;
      for (let k = from; k < to; k++) {
        const at = table.tokens[k]! * conditions + c;
        if (seen[at] === 0) {
          seen[at] = 1;
          d.parameters++;
        }
      }
    }
  }
  const per = new Map<string, JobData>([['', data[0]!.d]]);
  table.replicateNames.forEach((name, r) => {
    if (name !== '') per.set(name, data[r + 1]!.d);
  });
  return per;
}

/**
 * Coefficients measured on the bench datasets at the default settings, one job each (`npm run bench
 * -- estimates` prints estimate / measured for every one): the 10K example (3 λ), HIV Env (1 λ),
 * GFP (1 λ), XBB.1.5 libraries 1 and 2 by replicate (3 λ each) and Delta+BA.2 (3 λ).
 *  - Memory: the job's two processes (the CLI and its fitter) at their peaks, 240–397 MB, a base
 *    plus a cost per row (the pass buffers, per-row state) and per substitution (the design):
 *    within 0.94–1.06× of every measurement. A helper thread added 11 MB (XBB lib 1, 2 threads).
 *  - Time: start-up (reading, preparing, λ_max, the prepared tables written), which grows with
 *    the rows, and a cost per λ (the solver's iterations, then that λ's tables). Per λ, size
 *    alone does not say it: the geometric mean √(S·P) of substitutions S and (mutation,
 *    condition) parameters P predicts the real datasets far better than S alone. Above a million
 *    substitutions it grows in proportion to S, so that larger data are not promised the small
 *    fits' luck.
 *  - Threads: no speedup is credited: on 2 cores one dataset's path gained almost nothing (its
 *    Newton–CD and manifold steps run on one thread), while another's clipped fit gained 1.6×.
 *  The figures behind the constants below: bench/measurements.md.
 */
const MEASURED = {
  baseMB: 235,
  bytesPerRow: 330,
  bytesPerSubstitution: 50,
  mbPerExtraThread: 15,
  startSeconds: 5,
  startSecondsPerMillionRows: 20,
  /** Seconds per λ where √(substitutions · parameters) is 10⁴ (e.g. 10⁵ of each). */
  secondsPerLambda: 1.5,
};

/**
 * What a job asks the scheduler for: its estimate with room to spare (measured jobs took 0.94–1.06×
 * the memory estimate and 0.58–1.6× the time estimate), memory in 100 MB and time in whole minutes.
 */
const SAFETY = 2;

/**
 * Fits per λ a path job runs beside the path itself, in shares of a full fit: its folds' paths on
 * (k − 1)/k of the data (--folds) and its stability halves (--stability); a stage-2 job runs none.
 */
export function extraFitsPerLambda(
  base: Pick<CollectionBase, 'crossValidation' | 'stability'>,
  job: CollectionJob,
): number {
  if (job.kind !== 'path') return 0;
  const k = base.crossValidation?.folds ?? 0;
  const halves = base.stability ? base.stability.subsamples * base.stability.fraction : 0;
  return (k > 0 ? k - 1 : 0) + halves;
}

export function estimateJob(
  job: CollectionJob,
  data: JobData,
  threads: number,
  /** extraFitsPerLambda of the job. */
  extraFits = 0,
): JobEstimate {
  const m = MEASURED;
  const memMB =
    m.baseMB +
    (m.bytesPerRow * data.rows + m.bytesPerSubstitution * data.substitutions) / 2 ** 20 +
    m.mbPerExtraThread * (threads - 1);
  const lambdas = (job.lambdas?.length ?? 1) * (1 + extraFits);
  const scale = Math.sqrt(data.substitutions * data.parameters) / 1e4;
  const perLambda = m.secondsPerLambda * scale * Math.max(1, Math.sqrt(data.substitutions / 1e6));
  const seconds = m.startSeconds + (m.startSecondsPerMillionRows * data.rows) / 1e6 + lambdas * perLambda;
  return {
    memMB: Math.round(memMB),
    seconds: Math.round(seconds),
    threads,
    rows: data.rows,
    substitutions: data.substitutions,
    parameters: data.parameters,
    request: {
      memMB: Math.ceil((SAFETY * memMB) / 100) * 100,
      minutes: Math.max(1, Math.ceil((SAFETY * seconds) / 60)),
    },
  };
}
