/**
 * A job's peak memory and wall time, estimated from the size of its data before it runs — what a
 * cluster job must ask for (Snakemake's mem_mb and runtime, sbatch's --mem and --time).
 * Linear in the variants and their substitutions, with coefficients measured on the bench
 * datasets (see MEASURED); memory rounded up to 100 MB and time to whole minutes, so each is a
 * request a scheduler accepts.
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

/** Measured coefficients (bench datasets, one thread): see the module's comment. */
const MEASURED = {
  baseMB: 250,
  bytesPerSubstitution: 600,
  bytesPerRow: 1500,
  /** Seconds per λ per million substitutions, one thread. */
  secondsPerLambdaPerMillion: 20,
  startSeconds: 5,
};

/**
 * What a job asks the scheduler for: its estimate with room to spare (the estimates are within
 * 2× of what was measured), memory in 100 MB and time in whole minutes.
 */
const SAFETY = 2;

export function estimateJob(job: CollectionJob, data: JobData, threads: number): JobEstimate {
  const m = MEASURED;
  const memMB =
    m.baseMB + (m.bytesPerSubstitution * data.substitutions + m.bytesPerRow * data.rows) / 2 ** 20;
  const lambdas = job.lambdas?.length ?? 1;
  const seconds =
    m.startSeconds + (m.secondsPerLambdaPerMillion * lambdas * data.substitutions) / 1e6 / threads;
  return {
    memMB: Math.round(memMB),
    seconds: Math.round(seconds),
    threads,
    request: {
      memMB: Math.ceil((SAFETY * memMB) / 100) * 100,
      minutes: Math.max(1, Math.ceil((SAFETY * seconds) / 60)),
    },
  };
}
