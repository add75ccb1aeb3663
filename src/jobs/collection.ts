/**
 * A collection of fits: the λ path of the base job, once per replicate (each replicate a job on
 * its own process, in parallel over the pool), or a single job on all the data. With replicates,
 * the whole collection is staged and renamed into place only if every job succeeded:
 *   out/replicate-<r>/   each replicate's results (fitJob layout)
 *   out/collection.csv   one row per fit: λ, replicate, losses, non-zero shifts, convergence, time
 *   out/correlations.csv Pearson r between replicates of β and of shifts, per condition and λ,
 *                        over the mutations they share and over those both identify
 *   out/averaged.csv     per λ, mutation and non-reference condition: each replicate's shift, their
 *                        mean, median and spread, n_comparisons (dms-vep's averaged shifts; averaged.ts)
 *   out/combined/        with several replicates and a recommended λ: one fit of every replicate's
 *                        variants together at that λ, without a hold-out (fitJob layout) — the
 *                        estimate to report: twice the data of a replicate behind each shift
 *   out/replicate-<r>/all-variants/  with them, each replicate refitted at that λ on all its
 *                        variants (the held-out ones too): the per-library estimates, whose
 *                        agreement correlations.csv and collection.json report beside the path's
 *                        (higher than the training fits': bench/measurements.md)
 *   out/collection.json  jobs, λ values, the recommended λ with every criterion per λ
 *                        (lambdaChoice.ts), the combined fit, the all-variant refits
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FitSummary } from '../core/fit/fitSummary';
import { lassoPath } from '../core/fit/lassoText';
import { recommendLambda } from '../core/fit/lambdaChoice';
import { validationRecord } from '../core/fit/pathTable';
import type { JobChoice } from '../core/fit/ridgeChoice';
import { assertReplaceable, commitDir, removeStaleStaging, stagingDir } from '../core/io/atomicDir';
import { snapshotInputs } from '../core/io/inputSnapshot';
import { withOutputLock } from '../core/io/outputLock';
import { LAMBDA_CHOICE_FILE } from '../core/io/resultsLayout';
import { lambdaGrid } from '../core/fit/lambdaGrid';
import {
  collectionJobs,
  hasStage2,
  jobSpecOf,
  type CollectionBase,
  type CollectionJob,
} from './collectionPlan';
import {
  analyzePaths,
  readJobFits,
  writeCollectionOutputs,
  type AllVariantFits,
  type ReplicateFit,
} from './collectionOutputs';
import { lambdaMaxOf } from './lambdaMax';
import { runJobs, type JobOutcome, type RunJobsOptions } from './runJobs';

export type { AllVariantFits } from './collectionOutputs';

export interface CollectionSpec {
  base: CollectionBase;
  out: string;
  /** Who writes, for the message a second writer into `out` gets (outputLock.ts). */
  writer: string;
  /**
   * Fit a grid from λ_max down, which replaces `base.lasso` (lambdaGrid.ts): λ_max of all the
   * data's training rows, so every replicate is fitted at the same λ.
   */
  lassoGrid?: { points: number; ratio: number };
  /** Replicates fitted separately; undefined = one job on all the data. */
  replicates?: string[];
}

export interface CollectionResult {
  status: 'done' | 'cancelled' | 'failed';
  /** With a grid: its λ_max and the λ fitted. */
  grid?: { lambdaMax: number; lambdas: number[] };
  jobs: JobOutcome[];
  fits: ReplicateFit[];
  /** With one job, the job's own choice (lambda.json: from its folds, and with the ridge it chose). */
  recommended?: JobChoice;
  /** The fit of all replicates together at the recommended λ (folder `combined`). */
  combined?: FitSummary;
  /** Each replicate refitted on all its variants at the recommended λ, and their agreement. */
  allVariants?: AllVariantFits;
}

/**
 * How many fit jobs a collection runs: one per replicate (or one on all the data), and with a
 * hold-out over several replicates the jobs at the recommended λ (a λ is recommended only from a
 * hold-out): the combined fit and one refit per replicate. For a host's progress: the share of
 * the whole each job is.
 */
export function plannedFitJobs(replicates: number, heldOut: boolean): number {
  const separate = Math.max(1, replicates);
  return separate + (hasStage2(heldOut, separate) ? 1 + separate : 0);
}

/**
 * The collection's base with its input snapshots (every job must read these very bytes,
 * inputSnapshot.ts) and, for a grid, its λ from λ_max of all the data. 'cancelled' if the λ_max
 * search was.
 */
export async function resolveCollection(
  spec: CollectionSpec,
  options: RunJobsOptions,
): Promise<{ base: CollectionBase; grid?: CollectionResult['grid'] } | 'cancelled'> {
  const files = spec.base.inputs.filter((i) => i.text === undefined).map((i) => i.path);
  const inputSnapshots = await snapshotInputs(files);
  const base: CollectionBase = { ...spec.base, inputSnapshots };
  if (!spec.lassoGrid) return { base };
  const found = await lambdaMaxOf({ ...base, out: spec.out }, options);
  if (found === 'cancelled') return 'cancelled';
  const lambdas = lambdaGrid(found.lambdaMax, spec.lassoGrid.points, spec.lassoGrid.ratio);
  return {
    base: { ...base, lasso: lambdas, lassoGrid: { lambdaMax: found.lambdaMax, ...spec.lassoGrid } },
    grid: { lambdaMax: found.lambdaMax, lambdas },
  };
}

/**
 * Runs the collection holding the lock of its output folder from start to commit, so a second
 * fit into the same folder is refused at once instead of racing this one (outputLock.ts).
 */
export async function runCollection(
  spec: CollectionSpec,
  options: RunJobsOptions,
): Promise<CollectionResult> {
  return withOutputLock(spec.out, spec.writer, async () => {
    // Left over by a writer killed earlier (e.g. the editor closed mid-fit); never a live one's.
    await removeStaleStaging(spec.out);
    const resolved = await resolveCollection(spec, options);
    if (resolved === 'cancelled') return { status: 'cancelled', jobs: [], fits: [] };
    const result = await runLocked({ ...spec, base: resolved.base }, options);
    return { ...result, ...(resolved.grid ? { grid: resolved.grid } : {}) };
  });
}

const stopped = (jobs: JobOutcome[]) => jobs.find((j) => j.status !== 'done');

async function runLocked(spec: CollectionSpec, options: RunJobsOptions): Promise<CollectionResult> {
  const lambdas = lassoPath(spec.base.lasso);
  if (!spec.replicates || spec.replicates.length === 0) {
    const jobs = await runJobs([{ id: 'fit', spec: { ...spec.base, out: spec.out } }], options);
    const fits =
      jobs[0]!.status === 'done'
        ? (await readJobFits(spec.out, lambdas)).map((summary) => ({ replicate: '', summary }))
        : [];
    const written = join(spec.out, LAMBDA_CHOICE_FILE);
    const recommended =
      jobs[0]!.status === 'done' && existsSync(written)
        ? (JSON.parse(await readFile(written, 'utf8')) as JobChoice)
        : recommendLambda(fits.map((f) => validationRecord(f.summary, '')));
    return { status: jobs[0]!.status, jobs, fits, ...(recommended ? { recommended } : {}) };
  }
  const replicates = spec.replicates;
  // Refused before any job runs if the output folder is not results (or holds an input).
  const inputs = spec.base.inputs.map((i) => i.path);
  await assertReplaceable(spec.out, inputs);
  const staged = await stagingDir(spec.out);
  try {
    const planned = collectionJobs(spec.base, lambdas, replicates);
    const run = (stage: CollectionJob[], lambda?: number) =>
      runJobs(
        stage.map((j) => ({ id: j.id, spec: jobSpecOf(spec.base, j, staged, lambda) })),
        options,
      );
    const jobs = await run(planned.filter((j) => j.stage === 1));
    const fail = (outcome: JobOutcome): CollectionResult => ({
      status: outcome.status === 'failed' ? 'failed' : 'cancelled',
      jobs,
      fits: [],
    });
    let halted = stopped(jobs);
    if (halted) {
      await rm(staged, { recursive: true, force: true });
      return fail(halted);
    }
    const reference = spec.base.data.reference!;
    const paths = await analyzePaths(staged, lambdas, replicates, reference, planned);
    const lambda = paths.recommended?.lambda;
    const stage2 = planned.filter((j) => j.stage === 2);
    if (lambda != null && stage2.length > 0) {
      jobs.push(...(await run(stage2, lambda)));
      halted = stopped(jobs);
      if (halted) {
        await rm(staged, { recursive: true, force: true });
        return fail(halted);
      }
    }
    const outputs = await writeCollectionOutputs(staged, spec.base, lambdas, replicates, planned, paths);
    await commitDir(staged, spec.out, inputs);
    return {
      status: 'done',
      jobs,
      fits: paths.fits,
      ...(paths.recommended ? { recommended: paths.recommended } : {}),
      ...outputs,
    };
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}
