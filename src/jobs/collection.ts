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
 *                        agreement correlations.csv and collection.json report beside the path's.
 *                        Measured on XBB.1.5 libraries 1 and 2 (median-stop, λ 5.53e-5): shift r
 *                        0.586 → 0.726, β r 0.773 → 0.806 against the hold-out's training fits
 *   out/collection.json  jobs, λ values, the recommended λ with every criterion per λ
 *                        (lambdaChoice.ts), the combined fit, the all-variant refits
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fitsTable, validationRecord, type FitJobSpec } from '../core/fit/fitJob';
import { requestedLambdas } from '../core/fit/fitPath';
import type { FitSummary } from '../core/fit/fitSummary';
import { recommendLambda, type LambdaChoice, type LambdaEvidence } from '../core/fit/lambdaChoice';
import { assertReplaceable, commitDir, removeStaleStaging, stagingDir } from '../core/io/atomicDir';
import { snapshotInputs } from '../core/io/inputSnapshot';
import { withOutputLock } from '../core/io/outputLock';
import { writeCsv, type Cell } from '../core/io/csvWriter';
import { allVariantsFolder, COMBINED_FOLDER, replicateFolder } from '../core/io/resultsLayout';
import { agreementAt, CORRELATION_COLUMNS } from './agreement';
import { averagedColumns, averagedRows } from './averaged';
import { forEachLambda, readTables } from './replicateMutations';
import { lambdaMaxOf } from './lambdaMax';
import { lambdaGrid } from '../core/fit/lambdaGrid';
import { runJobs, type JobOutcome, type RunJobsOptions } from './runJobs';

export interface CollectionSpec {
  base: Omit<FitJobSpec, 'out' | 'replicate'>;
  out: string;
  /** Who writes, for the message a second writer into `out` gets (outputLock.ts). */
  writer: string;
  /**
   * Fit a grid from λ_max down instead of `base.lasso` (lambdaGrid.ts): λ_max of all the data's
   * training rows, so every replicate is fitted at the same λ.
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
  fits: { replicate: string; summary: FitSummary }[];
  recommended?: LambdaChoice;
  /** The fit of all replicates together at the recommended λ (folder `combined`). */
  combined?: FitSummary;
  /** Each replicate refitted on all its variants at the recommended λ, and their agreement. */
  allVariants?: AllVariantFits;
}

export interface AllVariantFits {
  fits: { replicate: string; summary: FitSummary }[];
  /** Mean Pearson r between replicates over the mutations both identify (as lambdaChoice's). */
  shiftAgreement: number | null;
  betaAgreement: number | null;
}

/**
 * The jobs at the recommended λ, all trained on every variant (the hold-out has chosen λ; the
 * final estimates use every measurement): the combined fit of every replicate's variants, and
 * each replicate's own refit.
 */
function jobsAtRecommended(
  base: CollectionSpec['base'],
  lambda: number,
  staged: string,
  replicates: string[],
) {
  const { holdout, lassoGrid, ...rest } = base;
  void holdout;
  void lassoGrid;
  const at = { ...rest, lasso: [lambda] };
  return [
    { id: COMBINED_FOLDER, spec: { ...at, out: join(staged, COMBINED_FOLDER) } },
    ...replicates.map((r) => ({
      id: allVariantsFolder(r),
      spec: { ...at, replicate: r, out: join(staged, allVariantsFolder(r)) },
    })),
  ];
}

/**
 * How many fit jobs a collection runs: one per replicate (or one on all the data), and with a
 * hold-out over several replicates the jobs at the recommended λ (a λ is recommended only from a
 * hold-out): the combined fit and one refit per replicate. For a host's progress: the share of
 * the whole each job is.
 */
export function plannedFitJobs(replicates: number, heldOut: boolean): number {
  const separate = Math.max(1, replicates);
  return separate + (separate > 1 && heldOut ? 1 + separate : 0);
}

function fittedOf(outcome: JobOutcome): FitSummary[] {
  return outcome.messages.flatMap((m) => (m.type === 'fitted' ? [m.summary as FitSummary] : []));
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
    // Every job must read these very bytes (inputSnapshot.ts).
    const files = spec.base.inputs.filter((i) => i.text === undefined).map((i) => i.path);
    const inputSnapshots = await snapshotInputs(files);
    let base: CollectionSpec['base'] = { ...spec.base, inputSnapshots };
    if (!spec.lassoGrid) return runLocked({ ...spec, base }, options);
    const found = await lambdaMaxOf({ ...base, out: spec.out }, options);
    if (found === 'cancelled') return { status: 'cancelled', jobs: [], fits: [] };
    const lambdas = lambdaGrid(found.lambdaMax, spec.lassoGrid.points, spec.lassoGrid.ratio);
    base = { ...base, lasso: lambdas, lassoGrid: { lambdaMax: found.lambdaMax, ...spec.lassoGrid } };
    const result = await runLocked({ ...spec, base }, options);
    return { ...result, grid: { lambdaMax: found.lambdaMax, lambdas } };
  });
}

async function runLocked(spec: CollectionSpec, options: RunJobsOptions): Promise<CollectionResult> {
  const lambdas = requestedLambdas(spec.base);
  if (!spec.replicates || spec.replicates.length === 0) {
    const jobs = await runJobs([{ id: 'fit', spec: { ...spec.base, out: spec.out } }], options);
    const fits = fittedOf(jobs[0]!).map((summary) => ({ replicate: '', summary }));
    const recommended = recommendLambda(fits.flatMap((f) => validationRecord(f.summary, '')));
    return { status: jobs[0]!.status, jobs, fits, ...(recommended ? { recommended } : {}) };
  }
  // Refused before any job runs if the output folder is not results (or holds an input).
  const inputs = spec.base.inputs.map((i) => i.path);
  await assertReplaceable(spec.out, inputs);
  const staged = await stagingDir(spec.out);
  try {
    const planned = spec.replicates.map((r) => ({
      id: replicateFolder(r),
      spec: { ...spec.base, replicate: r, out: join(staged, replicateFolder(r)) },
    }));
    const jobs = await runJobs(planned, options);
    const failed = jobs.some((j) => j.status === 'failed');
    const cancelled = jobs.some((j) => j.status === 'cancelled');
    const fits = jobs.flatMap((j, k) =>
      fittedOf(j).map((summary) => ({ replicate: spec.replicates![k]!, summary })),
    );
    if (failed || cancelled) {
      await rm(staged, { recursive: true, force: true });
      return { status: failed ? 'failed' : 'cancelled', jobs, fits };
    }
    const folders = spec.replicates.map((r) => join(staged, replicateFolder(r)));
    const conditions = Object.keys(fits[0]?.summary.conditions ?? {});
    const reference = spec.base.data.reference!;
    // One read of every replicate's mutations per λ, for the agreement and the averaged table.
    const correlationRows: Cell[][] = [];
    const evidence: LambdaEvidence[] = [];
    const averaged: Cell[][] = [];
    await forEachLambda(folders, lambdas, (lambda, tables) => {
      const at = agreementAt(lambda, tables, spec.replicates!, fits);
      correlationRows.push(...at.rows.map((row) => [...row, 'path']));
      evidence.push(at.evidence);
      averaged.push(...averagedRows(lambda, tables, conditions, reference));
    });
    const recommended = recommendLambda(
      fits.flatMap((f) => validationRecord(f.summary, f.replicate)),
      evidence,
    );
    let combined: FitSummary | undefined;
    let allVariants: AllVariantFits | undefined;
    if (recommended?.lambda != null && spec.replicates.length > 1) {
      const lambda = recommended.lambda;
      const [combinedJob, ...refits] = await runJobs(
        jobsAtRecommended(spec.base, lambda, staged, spec.replicates),
        options,
      );
      jobs.push(combinedJob!, ...refits);
      const stopped = [combinedJob!, ...refits].find((j) => j.status !== 'done');
      if (stopped) {
        await rm(staged, { recursive: true, force: true });
        return { status: stopped.status === 'failed' ? 'failed' : 'cancelled', jobs, fits };
      }
      combined = fittedOf(combinedJob!)[0];
      const refitFits = refits.map((j, k) => ({ replicate: spec.replicates![k]!, summary: fittedOf(j)[0]! }));
      const tables = await readTables(spec.replicates.map((r) => join(staged, allVariantsFolder(r))));
      const at = agreementAt(lambda, tables, spec.replicates, refitFits);
      correlationRows.push(...at.rows.map((row) => [...row, 'all-variants']));
      allVariants = {
        fits: refitFits,
        shiftAgreement: at.evidence.shiftAgreement,
        betaAgreement: at.evidence.betaAgreement,
      };
    }
    await writeCsv(
      join(staged, 'collection.csv'),
      fitsTable(
        conditions,
        fits.map((f) => f.summary),
        fits.map((f) => f.replicate),
      ),
    );
    // `fits`: the path's (on the hold-out's training part) or the all-variant refits at the recommended λ.
    await writeCsv(join(staged, 'correlations.csv'), {
      columns: [...CORRELATION_COLUMNS, 'fits'],
      rows: correlationRows,
    });
    await writeCsv(join(staged, 'averaged.csv'), {
      columns: averagedColumns(spec.replicates),
      rows: averaged,
    });
    const summary = {
      replicates: spec.replicates,
      lambdas,
      ...(spec.base.lassoGrid ? { lassoGrid: spec.base.lassoGrid } : {}),
      jobs: jobs.map((j) => ({ id: j.id, status: j.status })),
      recommended: recommended ?? null,
      combined: combined
        ? { folder: COMBINED_FOLDER, lambda: combined.lambda, converged: combined.converged }
        : null,
      allVariants: allVariants
        ? {
            lambda: recommended!.lambda,
            fits: allVariants.fits.map((f) => ({
              replicate: f.replicate,
              folder: allVariantsFolder(f.replicate),
              converged: f.summary.converged,
            })),
            shiftAgreement: allVariants.shiftAgreement,
            betaAgreement: allVariants.betaAgreement,
          }
        : null,
    };
    await writeFile(join(staged, 'collection.json'), JSON.stringify(summary, null, 2) + '\n');
    await commitDir(staged, spec.out, inputs);
    return {
      status: 'done',
      jobs,
      fits,
      ...(recommended ? { recommended } : {}),
      ...(combined ? { combined } : {}),
      ...(allVariants ? { allVariants } : {}),
    };
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}
