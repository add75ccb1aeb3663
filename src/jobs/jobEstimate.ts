/**
 * A job's peak memory and wall time, estimated from the size of its data before it runs — what a
 * cluster job must ask for (Snakemake's mem_mb and runtime, sbatch's --mem and --time).
 * From the rows and substitutions the job reads and its λ count, with coefficients measured on
 * the bench datasets (see MEASURED); the request rounds memory up to 100 MB and time to whole
 * minutes, so each is one a scheduler accepts.
 */
import type { VariantTable } from '../core/data/variantTable';
import type { CollectionJob } from './collectionPlan';
import type { JobEstimate } from './planFile';

export interface JobData {
  /** Variant rows the job reads (its replicate's, or all for the combined fit). */
  rows: number;
  /** Substitutions over those rows. */
  substitutions: number;
}

/** Rows and substitutions per replicate label, and over all rows under ''. */
export function dataPerReplicate(table: VariantTable): Map<string, JobData> {
  const per = new Map<string, JobData>([['', { rows: 0, substitutions: 0 }]]);
  for (const name of table.replicateNames) per.set(name, { rows: 0, substitutions: 0 });
  const add = (d: JobData, substitutions: number) => {
    d.rows++;
    d.substitutions += substitutions;
  };
  for (let i = 0; i < table.rows; i++) {
    const n = table.tokenPtr[i + 1]! - table.tokenPtr[i]!;
    add(per.get('')!, n);
    const name = table.replicateNames[table.replicate[i]!]!;
    if (name !== '') add(per.get(name)!, n);
  }
  return per;
}

/**
 * Coefficients measured on the bench datasets at the default settings, one job each (`npm run bench
 * -- estimates` prints estimate / measured for every one): the 10K example (3 λ), HIV Env (1 λ),
 * GFP (1 λ), XBB.1.5 libraries 1 and 2 by replicate (3 λ each) and Delta+BA.2 (3 λ).
 *  - Memory: the job's two processes (the CLI and its fitter) at their peaks, 240–397 MB, a base
 *    plus a cost per row (the pass buffers, per-row state) and per substitution (the design):
 *    within 0.97–1.07× of every measurement. A helper thread added 11 MB (XBB lib 1, 2 threads).
 *  - Time: start-up (reading, preparing, λ_max) and a cost per λ that grows as √S below a million
 *    substitutions S and as S above. Iterations, not size, dominate small fits: per λ the 10K
 *    example took 1.5 s for 20k substitutions, HIV Env 16 s for 180k (979 iterations), GFP 3.5 s
 *    for 212k, XBB 5.8 s for 270k, Delta+BA.2 19.5 s for 870k; no one rate fits them within 2×,
 *    √S does (0.63–1.9×). Above a million, linear at Delta+BA.2's rate, so that larger data are
 *    not promised the small fits' luck.
 *  - Threads: no speedup is credited. Measured on 2 cores: XBB lib 1's path 21.9 → 21.4 s (its
 *    Newton–CD and manifold steps run on one thread), Delta+BA.2's clipped fit 14.1 → 8.6 s.
 */
const MEASURED = {
  baseMB: 235,
  bytesPerRow: 330,
  bytesPerSubstitution: 50,
  mbPerExtraThread: 15,
  startSeconds: 4,
  /** Seconds per λ at a million substitutions. */
  secondsPerLambdaAtMillion: 22,
};

/**
 * What a job asks the scheduler for: its estimate with room to spare (measured jobs took 0.93–1.08×
 * the memory estimate and 0.41–1.8× the time estimate), memory in 100 MB and time in whole minutes.
 */
const SAFETY = 2;

export function estimateJob(job: CollectionJob, data: JobData, threads: number): JobEstimate {
  const m = MEASURED;
  const memMB =
    m.baseMB +
    (m.bytesPerRow * data.rows + m.bytesPerSubstitution * data.substitutions) / 2 ** 20 +
    m.mbPerExtraThread * (threads - 1);
  const lambdas = job.lambdas?.length ?? 1;
  const millions = data.substitutions / 1e6;
  const perLambda = m.secondsPerLambdaAtMillion * Math.max(Math.sqrt(millions), millions);
  const seconds = m.startSeconds + lambdas * perLambda;
  return {
    memMB: Math.round(memMB),
    seconds: Math.round(seconds),
    threads,
    rows: data.rows,
    substitutions: data.substitutions,
    request: {
      memMB: Math.ceil((SAFETY * memMB) / 100) * 100,
      minutes: Math.max(1, Math.ceil((SAFETY * seconds) / 60)),
    },
  };
}
