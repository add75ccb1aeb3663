/**
 * The jobs of a collection and what each fits (issue 27): the one list that a one-machine
 * `dmsfit fit` runs over its pool of processes and that `dmsfit plan` writes out for a cluster.
 *  - stage 1, one job per replicate (or one job on all the data): its whole λ path, never
 *    split, since a path is warm-started from its largest λ;
 *  - stage 2, with a hold-out over several replicates: at the λ the stage-1 jobs recommend, the
 *    combined fit of every replicate's variants and each replicate's refit on all its variants.
 *    Their λ is known only when stage 1 is done (null in the plan).
 * A job's id is also its folder under the collection's results (resultsLayout.ts).
 */
import { join } from 'node:path';
import type { FitJobSpec } from '../core/fit/fitJob';
import { allVariantsFolder, COMBINED_FOLDER, replicateFolder } from '../core/io/resultsLayout';

export type CollectionBase = Omit<FitJobSpec, 'out' | 'replicate'>;

export type JobKind = 'path' | 'combined' | 'all-variants';

export interface CollectionJob {
  /** Also the job's folder, relative to the collection's results. */
  id: string;
  kind: JobKind;
  stage: 1 | 2;
  /** The replicate fitted, null for all the data (a single job, or the combined fit). */
  replicate: string | null;
  /** The λ fitted, largest first; null: the λ the stage-1 jobs recommend. */
  lambdas: number[] | null;
  /** Jobs whose results this one needs first. */
  after: string[];
}

/** The folder of a collection without replicates in a plan (one-machine fits write it at the top). */
export const SINGLE_JOB = 'fit';

/** Whether a collection has stage 2: a λ is recommended only from a hold-out, over replicates. */
export function hasStage2(heldOut: boolean, replicates: number): boolean {
  return heldOut && replicates > 1;
}

export function collectionJobs(
  base: CollectionBase,
  lambdas: number[],
  replicates: string[] | null,
): CollectionJob[] {
  if (!replicates || replicates.length === 0)
    return [{ id: SINGLE_JOB, kind: 'path', stage: 1, replicate: null, lambdas, after: [] }];
  const paths: CollectionJob[] = replicates.map((r) => ({
    id: replicateFolder(r),
    kind: 'path',
    stage: 1,
    replicate: r,
    lambdas,
    after: [],
  }));
  if (!hasStage2(base.holdout !== undefined, replicates.length)) return paths;
  const after = paths.map((j) => j.id);
  return [
    ...paths,
    { id: COMBINED_FOLDER, kind: 'combined', stage: 2, replicate: null, lambdas: null, after },
    ...replicates.map((r): CollectionJob => ({
      id: allVariantsFolder(r),
      kind: 'all-variants',
      stage: 2,
      replicate: r,
      lambdas: null,
      after,
    })),
  ];
}

/**
 * What job `job` fits, written into `root`/its id. A stage-2 job fits at `recommended` on every
 * variant: the hold-out has chosen λ; the final estimates use every measurement.
 */
export function jobSpecOf(
  base: CollectionBase,
  job: CollectionJob,
  root: string,
  recommended?: number,
): FitJobSpec {
  const out = join(root, job.id);
  const replicate = job.replicate !== null ? { replicate: job.replicate } : {};
  if (job.stage === 1) return { ...base, ...replicate, lasso: job.lambdas!, out };
  if (recommended === undefined) throw new Error(`job ${job.id} needs the recommended λ`);
  const { holdout, lassoGrid, ...rest } = base;
  void holdout;
  void lassoGrid;
  return { ...rest, ...replicate, lasso: [recommended], out };
}
