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
 *   out/collection.json  jobs, λ values, the recommended λ with every criterion per λ
 *                        (lambdaChoice.ts), the combined fit
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDelimited } from '../core/data/delimited';
import { fitsTable, lambdaFolder, validationRecord, type FitJobSpec } from '../core/fit/fitJob';
import type { FitSummary } from '../core/fit/fitSummary';
import { recommendLambda, type LambdaChoice, type LambdaEvidence } from '../core/fit/lambdaChoice';
import { assertReplaceable, commitDir, removeStaleStaging, stagingDir } from '../core/io/atomicDir';
import { snapshotInputs } from '../core/io/inputSnapshot';
import { withOutputLock } from '../core/io/outputLock';
import { writeCsv, type Cell } from '../core/io/csvWriter';
import { pearson } from '../core/stats';
import { fileStem } from '../core/io/fileStem';
import { COMBINED_FOLDER } from '../core/io/combinedFit';
import { averagedTable } from './averaged';
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
}

/**
 * The job of the combined fit: every replicate's variants at the one recommended λ, all of them
 * trained on (the hold-out has chosen λ; the final estimate uses every measurement).
 */
function combinedJob(base: CollectionSpec['base'], lambda: number, out: string) {
  const { holdout, lassoGrid, ...rest } = base;
  void holdout;
  void lassoGrid;
  return { id: COMBINED_FOLDER, spec: { ...rest, lasso: [lambda], out } };
}

/**
 * How many fit jobs a collection runs: one per replicate (or one on all the data), and with a
 * hold-out over several replicates the combined fit at the recommended λ (a λ is recommended
 * only from a hold-out). For a host's progress: the share of the whole each job is.
 */
export function plannedFitJobs(replicates: number, heldOut: boolean): number {
  const separate = Math.max(1, replicates);
  return separate + (separate > 1 && heldOut ? 1 : 0);
}

export function replicateFolder(replicate: string): string {
  return `replicate-${fileStem(replicate)}`;
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
  const lambdas = spec.base.lasso ?? [spec.base.model.lasso];
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
    const agreement = await replicateAgreement(folders, spec.replicates, lambdas, fits);
    const recommended = recommendLambda(
      fits.flatMap((f) => validationRecord(f.summary, f.replicate)),
      agreement.evidence,
    );
    let combined: FitSummary | undefined;
    if (recommended?.lambda != null && spec.replicates.length > 1) {
      const [job] = await runJobs(
        [combinedJob(spec.base, recommended.lambda, join(staged, COMBINED_FOLDER))],
        options,
      );
      jobs.push(job!);
      if (job!.status !== 'done') {
        await rm(staged, { recursive: true, force: true });
        return { status: job!.status === 'failed' ? 'failed' : 'cancelled', jobs, fits };
      }
      combined = fittedOf(job!)[0];
    }
    const conditions = Object.keys(fits[0]?.summary.conditions ?? {});
    await writeCsv(
      join(staged, 'collection.csv'),
      fitsTable(
        conditions,
        fits.map((f) => f.summary),
        fits.map((f) => f.replicate),
      ),
    );
    await writeCsv(join(staged, 'correlations.csv'), agreement.table);
    await writeCsv(
      join(staged, 'averaged.csv'),
      await averagedTable(folders, spec.replicates, lambdas, conditions, spec.base.data.reference!),
    );
    const summary = {
      replicates: spec.replicates,
      lambdas: [...lambdas].sort((a, b) => b - a),
      ...(spec.base.lassoGrid ? { lassoGrid: spec.base.lassoGrid } : {}),
      jobs: jobs.map((j) => ({ id: j.id, status: j.status })),
      recommended: recommended ?? null,
      combined: combined
        ? { folder: COMBINED_FOLDER, lambda: combined.lambda, converged: combined.converged }
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
    };
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}

/** beta_<c> and shift_<c> columns of a mutations.csv, by mutation, and the identified mutations. */
async function readParameters(path: string): Promise<{
  columns: string[];
  values: Map<string, Map<string, number>>;
  identified: Set<string>;
}> {
  const values = new Map<string, Map<string, number>>();
  const identified = new Set<string>();
  let header: string[] = [];
  let flag = -1;
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) {
          header = fields;
          for (const c of header) if (/^(beta|shift)_/.test(c)) values.set(c, new Map());
          flag = header.indexOf('identified');
          return;
        }
        header.forEach((c, k) => values.get(c)?.set(fields[0]!, Number(fields[k])));
        if (flag < 0 || fields[flag] === 'true') identified.add(fields[0]!);
      },
    },
  );
  return { columns: [...values.keys()], values, identified };
}

/** Pearson r over the mutations two replicates share (optionally only those both identify). */
function sharedCorrelation(
  va: Map<string, number>,
  vb: Map<string, number>,
  keep: (mutation: string) => boolean,
): [number, number] {
  const x: number[] = [];
  const y: number[] = [];
  for (const [mutation, v] of va) {
    const w = vb.get(mutation);
    if (w !== undefined && Number.isFinite(v) && Number.isFinite(w) && keep(mutation)) {
      x.push(v);
      y.push(w);
    }
  }
  return [pearson(x, y), x.length];
}

const meanOrNull = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
};

/**
 * One pass over every replicate's mutations.csv per λ: correlations.csv (Pearson r of each β and
 * shift between each pair of replicates, over the shared and over the identified mutations) and
 * the evidence λ is chosen on (lambdaChoice.ts): the mean shift and β agreement, and the
 * replicates' mean share of non-zero stop-codon shifts (from their fit.json).
 */
async function replicateAgreement(
  folders: string[],
  replicates: string[],
  lambdas: number[],
  fits: { summary: FitSummary }[],
) {
  const rows: Cell[][] = [];
  const evidence: LambdaEvidence[] = [];
  for (const lambda of [...lambdas].sort((a, b) => b - a)) {
    const sub = lambdas.length > 1 ? lambdaFolder(lambda) : '';
    const params = await Promise.all(folders.map((f) => readParameters(join(f, sub, 'mutations.csv'))));
    const r = { shift: [] as number[], beta: [] as number[] };
    for (let a = 0; a < replicates.length; a++) {
      for (let b = a + 1; b < replicates.length; b++) {
        const [pa, pb] = [params[a]!, params[b]!];
        for (const column of pa.columns) {
          const va = pa.values.get(column)!;
          const vb = pb.values.get(column);
          if (!vb) continue;
          const all = sharedCorrelation(va, vb, () => true);
          const identified = sharedCorrelation(va, vb, (m) => pa.identified.has(m) && pb.identified.has(m));
          rows.push([lambda, `${replicates[a]},${replicates[b]}`, column, ...all, ...identified]);
          r[column.startsWith('shift_') ? 'shift' : 'beta'].push(identified[0]);
        }
      }
    }
    const stops = fits
      .filter((f) => f.summary.lambda === lambda && f.summary.stopShiftShare !== null)
      .map((f) => f.summary.stopShiftShare!);
    evidence.push({
      lambda,
      shiftAgreement: meanOrNull(r.shift),
      betaAgreement: meanOrNull(r.beta),
      stopShiftShare: meanOrNull(stops),
    });
  }
  return {
    evidence,
    table: {
      columns: [
        'lambda',
        'replicates',
        'parameter',
        'pearson_r',
        'mutations',
        'pearson_r_identified',
        'mutations_identified',
      ],
      rows,
    },
  };
}
