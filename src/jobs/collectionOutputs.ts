/**
 * A collection's own outputs, made from its jobs' results folders alone: the fits are read back
 * from their fit.json files and the estimates from their mutations.csv files. So a one-machine
 * `dmsfit fit` and `dmsfit collect` over a plan run job by job on a cluster write the same bytes
 * from the same folders (collection.ts lists the outputs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fitsTable, validationRecord } from '../core/fit/pathTable';
import type { FitSummary } from '../core/fit/fitSummary';
import { recommendLambda, type LambdaChoice, type LambdaEvidence } from '../core/fit/lambdaChoice';
import { writeFileAtomically } from '../core/io/atomicDir';
import { writeCsvAtomically, type Cell } from '../core/io/csvWriter';
import { allVariantsFolder, COMBINED_FOLDER, lambdaFolder } from '../core/io/resultsLayout';
import { parseFitSummary } from '../protocol/fitSummarySchema';
import { agreementAt, CORRELATION_COLUMNS } from './agreement';
import { averagedColumns, averagedRows } from './averaged';
import type { CollectionBase, CollectionJob } from './collectionPlan';
import { forEachLambda, readTables } from './replicateMutations';

export interface ReplicateFit {
  replicate: string;
  summary: FitSummary;
}

/** What the stage-1 paths say together: their fits, agreement per λ, averaged shifts, the λ choice. */
export interface PathsAnalysis {
  fits: ReplicateFit[];
  conditions: string[];
  correlationRows: Cell[][];
  averaged: Cell[][];
  recommended?: LambdaChoice;
}

export interface AllVariantFits {
  fits: ReplicateFit[];
  /** Mean Pearson r between replicates over the mutations both identify (as lambdaChoice's). */
  shiftAgreement: number | null;
  betaAgreement: number | null;
}

export interface CollectionOutputs {
  combined?: FitSummary;
  allVariants?: AllVariantFits;
}

/** The fit summaries of a job's folder, in path order (largest λ first). */
export async function readJobFits(folder: string, lambdas: number[]): Promise<FitSummary[]> {
  return Promise.all(
    lambdas.map(async (lambda) => {
      const path = join(folder, lambdas.length > 1 ? lambdaFolder(lambda) : '', 'fit.json');
      return parseFitSummary(JSON.parse(await readFile(path, 'utf8')), path);
    }),
  );
}

/** The stage-1 jobs' results in `root`: every replicate's path, read once per λ. */
export async function analyzePaths(
  root: string,
  lambdas: number[],
  replicates: string[],
  reference: string,
  jobs: CollectionJob[],
): Promise<PathsAnalysis> {
  const paths = replicates.map((r) => jobs.find((j) => j.stage === 1 && j.replicate === r)!);
  const folders = paths.map((j) => join(root, j.id));
  const fits = (
    await Promise.all(
      folders.map(async (f, k) =>
        (await readJobFits(f, lambdas)).map((summary) => ({ replicate: replicates[k]!, summary })),
      ),
    )
  ).flat();
  const conditions = Object.keys(fits[0]?.summary.conditions ?? {});
  const correlationRows: Cell[][] = [];
  const evidence: LambdaEvidence[] = [];
  const averaged: Cell[][] = [];
  await forEachLambda(folders, lambdas, (lambda, tables) => {
    const at = agreementAt(lambda, tables, replicates, fits);
    correlationRows.push(...at.rows.map((row) => [...row, 'path']));
    evidence.push(at.evidence);
    averaged.push(...averagedRows(lambda, tables, conditions, reference));
  });
  const recommended = recommendLambda(
    fits.map((f) => validationRecord(f.summary, f.replicate)),
    evidence,
  );
  return { fits, conditions, correlationRows, averaged, ...(recommended ? { recommended } : {}) };
}

/**
 * Writes collection.csv, correlations.csv, averaged.csv and, last, collection.json into `root`
 * (each atomically), with the stage-2 jobs' results when they ran at the recommended λ.
 */
export async function writeCollectionOutputs(
  root: string,
  base: CollectionBase,
  lambdas: number[],
  replicates: string[],
  jobs: CollectionJob[],
  paths: PathsAnalysis,
): Promise<CollectionOutputs> {
  const lambda = paths.recommended?.lambda;
  const stage2 = jobs.some((j) => j.stage === 2) && lambda != null;
  const correlationRows = [...paths.correlationRows];
  let combined: FitSummary | undefined;
  let allVariants: AllVariantFits | undefined;
  if (stage2) {
    [combined] = await readJobFits(join(root, COMBINED_FOLDER), [lambda]);
    const refits = await Promise.all(
      replicates.map(async (r) => ({
        replicate: r,
        summary: (await readJobFits(join(root, allVariantsFolder(r)), [lambda]))[0]!,
      })),
    );
    const tables = await readTables(replicates.map((r) => join(root, allVariantsFolder(r))));
    const at = agreementAt(lambda, tables, replicates, refits);
    correlationRows.push(...at.rows.map((row) => [...row, 'all-variants']));
    allVariants = {
      fits: refits,
      shiftAgreement: at.evidence.shiftAgreement,
      betaAgreement: at.evidence.betaAgreement,
    };
  }
  await writeCsvAtomically(
    join(root, 'collection.csv'),
    fitsTable(
      paths.conditions,
      paths.fits.map((f) => f.summary),
      paths.fits.map((f) => f.replicate),
    ),
  );
  // `fits`: the path's (on the hold-out's training part) or the all-variant refits at the recommended λ.
  await writeCsvAtomically(join(root, 'correlations.csv'), {
    columns: [...CORRELATION_COLUMNS, 'fits'],
    rows: correlationRows,
  });
  await writeCsvAtomically(join(root, 'averaged.csv'), {
    columns: averagedColumns(replicates),
    rows: paths.averaged,
  });
  const ran = jobs.filter((j) => j.stage === 1 || stage2);
  const summary = {
    replicates,
    lambdas,
    ...(base.lassoGrid ? { lassoGrid: base.lassoGrid } : {}),
    jobs: ran.map((j) => ({ id: j.id, status: 'done' })),
    recommended: paths.recommended ?? null,
    combined: combined
      ? { folder: COMBINED_FOLDER, lambda: combined.lambda, converged: combined.converged }
      : null,
    allVariants: allVariants
      ? {
          lambda,
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
  await writeFileAtomically(join(root, 'collection.json'), JSON.stringify(summary, null, 2) + '\n');
  return { ...(combined ? { combined } : {}), ...(allVariants ? { allVariants } : {}) };
}
