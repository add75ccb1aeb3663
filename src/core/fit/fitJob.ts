/**
 * One fit job: read and validate the inputs, prepare them (multidms semantics), fit a λ path
 * (warm-started, largest first) on the training variants, evaluate any hold-out, and write the
 * results folder. Everything is written into a staging folder renamed into place at the end, so
 * a failed or cancelled job leaves earlier results untouched. Runs in the CLI process or in
 * the fitter child process; reports through events.
 *
 * Layout of `out`: data/ (prepared data), job.json, and the files of fitOutputs.ts — at the top
 * for a single λ, else in lambda-<λ>/ folders plus path.csv (one row per λ).
 */
import { InputError } from '../errors';
import { FIT_DATA_WARNINGS } from '../data/fitReadiness';
import { readUnchanged, type InputSnapshot } from '../io/inputSnapshot';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { clippedScores } from '../data/clip';
import { loadDataset, usable } from '../data/load';
import { loadDatasetCached } from '../data/loadCache';
import type { DataOptions } from '../data/options';
import { prepareDataset, type PreparedData } from '../data/prepare/prepare';
import type { TableInput } from '../data/readTable';
import type { DataSummary } from '../data/prepare/summary';
import { writePrepared } from '../data/prepare/write';
import { withSiteNumbers } from '../data/prepare/siteNumbers';
import { subsetTable } from '../data/variantTable';
import { writeDirAtomically } from '../io/atomicDir';
import { LAMBDA_CHOICE_FILE, lambdaFolder } from '../io/resultsLayout';
import { writeCsv } from '../io/csvWriter';
import type { ModelOptions } from '../model/options';
import type { IterationRecord, SolverOptions } from '../solve/options';
import { fitPath, type FittedPath } from './fitPath';
import { lassoPath } from './lassoText';
import type { FitSummary } from './fitSummary';
import { CancelledError, writeLambdaResults, type JobContext } from './lambdaResults';
import { ridgeTable, selectRidge, type JobChoice, type RidgeChoice } from './ridgeChoice';
import type { ThreadBudget } from './threadBudget';
import { heldOutFit, holdoutMask, type Holdout } from './holdout';
import { recommendLambda, type LambdaEvidence, type ValidationRecord } from './lambdaChoice';
import { fitsTable, validationRecord } from './pathTable';
import { readModel } from './modelFile';
import { startFromModel } from './modelStart';
import type { Stability } from './stability';
import { crossValidate, crossValidationTable, type CrossValidation } from './crossValidation';
import { globalEpistasis } from '../model/epistasis';

export interface FitJobSpec {
  inputs: TableInput[];
  data: DataOptions;
  model: ModelOptions;
  solver: SolverOptions;
  /** Lasso strengths (one fit each, largest first: lassoPath). */
  lasso: number[];
  /** Results folder (replaced atomically). */
  out: string;
  /** Fit only the rows of this replicate. */
  replicate?: string;
  holdout?: Holdout;
  /** Software version written into model.json. */
  version: string;
  /**
   * The input files as the collection found them when it started: a job that reads other bytes
   * fails (so the replicates of one collection never fit two versions of a file).
   */
  inputSnapshots?: InputSnapshot[];
  /** A model.json whose parameters start the fit (modelStart.ts) instead of the initial values. */
  initModel?: string;
  /** Subsample fits per λ for each shift's selection frequency (stability.ts); none by default. */
  stability?: Stability;
  /** Refit each λ on its support without the lasso (relaxedRefit.ts); off by default. */
  relax?: boolean;
  /** 90 % intervals for every β and shift (intervals.ts), the same for every λ; off by default. */
  intervals?: boolean;
  /** k-fold cross-validation of the path (crossValidation.ts), instead of a hold-out; none by default. */
  crossValidation?: CrossValidation;
  /** Ridges on β to choose from with λ (ridgeChoice.ts), by the folds or the hold-out; none by default. */
  ridgeGrid?: number[];
  /** When `lasso` is a grid from λ_max (lambdaGrid.ts): how it was made, recorded in job.json. */
  lassoGrid?: { lambdaMax: number; points: number; ratio: number };
}

export interface FitJobEvents {
  prepared?: (summary: DataSummary, prepared: PreparedData) => void;
  fitStart?: (lambda: number, index: number, count: number) => void;
  progress?: (lambda: number, record: IterationRecord) => void;
  fitted?: (summary: FitSummary) => void;
}

export interface FitJobResult {
  out: string;
  data: DataSummary;
  fits: FitSummary[];
  cancelled: boolean;
}

/** A job's data, read (with its input snapshots), prepared, and split for its hold-out. */
export interface JobData {
  /** As loaded, with `table` the job's rows (its replicate, clipped). */
  loaded: Awaited<ReturnType<typeof loadDataset>>;
  snapshots: InputSnapshot[];
  prepared: PreparedData;
  /** Per prepared variant, 1 if held out for validation (undefined: no hold-out). */
  validation?: Uint8Array;
  /** The variants fitted: the hold-out's training part (undefined: all). */
  include?: (variant: number) => boolean;
  /** What the site numbering map's match to the data's sites says (siteNumbers.ts). */
  numberingWarnings: string[];
}

/** What a fit job and its λ_max (jobLambdaMax.ts) both start from. */
export async function prepareJobData(spec: FitJobSpec): Promise<JobData> {
  const reference = spec.data.reference;
  if (reference === undefined) throw new InputError('a reference condition is required', []);
  const files = spec.inputs.filter((i) => i.text === undefined).map((i) => i.path);
  const { result: loaded, snapshots } = await readUnchanged(
    files,
    // Parsed once per dataset: the job's siblings (replicates, combined fit, refits) find it saved.
    (digests) => loadDatasetCached(spec.inputs, spec.data, { forFit: true }, digests),
    spec.inputSnapshots,
  );
  if (!usable(loaded, spec.data)) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first ? ` (first: ${first.file} line ${first.line}: ${first.message})` : '';
    throw new InputError(`${loaded.errors} error(s) in the input${where}`, loaded.diagnostics);
  }
  let table = loaded.table;
  if (spec.replicate !== undefined) {
    const r = table.replicateNames.indexOf(spec.replicate);
    if (r < 0)
      throw new InputError(
        `replicate '${spec.replicate}' is not in the data (${table.replicateNames.join(', ')})`,
        [],
      );
    table = subsetTable(table, (i) => table.replicate[i] === r);
  }
  const clip = spec.data.clip;
  if (clip.low !== undefined || clip.high !== undefined)
    table = { ...table, score: clippedScores(table, clip).score };
  const { prepared, warnings: numberingWarnings } = await withSiteNumbers(
    prepareDataset(table, { reference, collapse: spec.data.collapse }),
    spec.data.siteNumberingMap,
  );
  if (spec.holdout && spec.crossValidation)
    throw new InputError('cross-validation folds and a hold-out exclude each other: give one', []);
  if (!spec.holdout) return { loaded: { ...loaded, table }, snapshots, prepared, numberingWarnings };
  const validation = holdoutMask(prepared, spec.holdout);
  return {
    loaded: { ...loaded, table },
    snapshots,
    prepared,
    numberingWarnings,
    validation,
    include: (i) => validation[i] === 0,
  };
}

export async function runFitJob(
  spec: FitJobSpec,
  events: FitJobEvents = {},
  shouldStop?: () => boolean,
  threads?: ThreadBudget,
): Promise<FitJobResult> {
  const { loaded, snapshots, prepared, validation, include, numberingWarnings } = await prepareJobData(spec);
  // What the data say about the fit itself, repeated with every fit's summary.
  const dataWarnings = [
    ...loaded.diagnostics.filter((d) => FIT_DATA_WARNINGS.has(d.code)).map((d) => d.message),
    ...numberingWarnings,
  ];
  const start = await startOf(spec, prepared, dataWarnings);
  const lambdas = lassoPath(spec.lasso);
  // Fits the job runs, for its progress: the path, and the path again on each fold's training part.
  const folds = spec.crossValidation?.folds ?? 0;
  const ridgeFits = (spec.ridgeGrid?.length ?? 0) * lambdas.length * (folds || 1);
  const fitCount = ridgeFits + lambdas.length * (1 + (spec.ridgeGrid ? 0 : folds));
  const hooks = (first: number) => ({
    onFitStart: (lambda: number, index: number) => events.fitStart?.(lambda, first + index, fitCount),
    ...(events.progress ? { progress: events.progress } : {}),
    ...(shouldStop ? { shouldStop } : {}),
    ...(threads ? { threads } : {}),
  });
  let data: DataSummary | undefined;
  let cancelled = false;
  const fits: FitSummary[] = [];
  await writeDirAtomically(
    spec.out,
    async (dir) => {
      data = await writePrepared(join(dir, 'data'), prepared, loaded);
      events.prepared?.(data, prepared);
      // The ridge first, when a grid is given: the path and its folds are then fitted at it.
      const ridges = spec.ridgeGrid
        ? await selectRidge(
            { prepared, model: spec.model, solver: spec.solver, lasso: lambdas, ridges: spec.ridgeGrid },
            spec.crossValidation ?? validation!,
            hooks(0),
          )
        : undefined;
      if (ridges?.cancelled) throw new CancelledError();
      if (ridges) spec = { ...spec, model: { ...spec.model, ridgeBeta: ridges.choice.ridge } };
      const path = await fitPath(
        {
          prepared,
          model: spec.model,
          solver: spec.solver,
          lasso: lambdas,
          ...(include ? { include } : {}),
          ...(start ? { start: start.params } : {}),
          ...(spec.relax ? { relax: true } : {}),
          ...(spec.intervals ? { intervals: {} } : {}),
        },
        hooks(ridgeFits),
      );
      // A cancelled job discards its staging folder; computing outputs for it would only delay the
      // stop. A stop during the relaxed refit or the intervals leaves path.cancelled unset.
      if (path.cancelled || shouldStop?.()) throw new CancelledError();
      const job: JobContext = {
        spec,
        prepared,
        table: loaded.table,
        path,
        ...(include ? { include } : {}),
        ...(validation ? { check: heldOutCheck(spec, prepared, path, validation) } : {}),
        dataWarnings,
        ...(shouldStop ? { shouldStop } : {}),
        ...(threads ? { threads } : {}),
      };
      for (const fitted of path.fits) {
        const folder = lambdas.length === 1 ? dir : join(dir, lambdaFolder(fitted.lambda));
        const summary = await writeLambdaResults(job, fitted, folder);
        fits.push(summary);
        events.fitted?.(summary);
      }
      // k-fold cross-validation: the path again on each k − 1 folds, measured on the k-th.
      // At a chosen ridge, its folds were fitted already.
      const cv = ridges?.cv
        ? { records: ridges.cv, cancelled: false }
        : spec.crossValidation
          ? await crossValidate(
              { prepared, model: spec.model, solver: spec.solver, lasso: lambdas, cv: spec.crossValidation },
              {
                ...hooks(0),
                onFitStart: (lambda, index, fold) =>
                  events.fitStart?.(lambda, (fold + 1) * lambdas.length + index, fitCount),
              },
            )
          : undefined;
      if (cv?.cancelled) throw new CancelledError();
      if (cv) await writeCsv(join(dir, 'cv.csv'), crossValidationTable(prepared.conditions, cv.records));
      if (ridges) await writeCsv(join(dir, 'ridge.csv'), ridgeTable(prepared.conditions, ridges.records));
      if (lambdas.length > 1 || ridges)
        await writePathChoice(dir, prepared, spec.replicate, fits, cv?.records, ridges?.choice);
      await writeJobRecord(dir, spec, snapshots);
    },
    // The host that runs this job (runCollection) holds the output's lock for it.
    { inputs: spec.inputs.map((i) => i.path), lockedBy: null },
  ).catch((err: unknown) => {
    // Stopped in the ridge step, the path, a fold or a stability half: nothing was written.
    if (err instanceof CancelledError) return (cancelled = true);
    throw err;
  });
  return { out: spec.out, data: data!, fits, cancelled };
}

/** The start a saved model gives (`initModel`), with a warning when it covers only some mutations. */
async function startOf(
  spec: FitJobSpec,
  prepared: PreparedData,
  warnings: string[],
): Promise<ReturnType<typeof startFromModel> | undefined> {
  if (!spec.initModel) return undefined;
  const { epistasis, hiddenUnits } = spec.model;
  const start = startFromModel(
    await readModel(spec.initModel),
    prepared,
    spec.model,
    globalEpistasis(epistasis, { hiddenUnits }).thetaNames,
  );
  if (start.matched < start.mutations)
    warnings.push(
      `started from ${spec.initModel}: ${start.matched.toLocaleString('en-US')} of ${start.mutations.toLocaleString('en-US')} mutations had a value there; the others started at 0`,
    );
  return start;
}

/** The held-out variants' data fit, and the untrained (cold) model's loss on them. */
function heldOutCheck(
  spec: FitJobSpec,
  prepared: PreparedData,
  path: FittedPath,
  validation: Uint8Array,
): NonNullable<JobContext['check']> {
  const fit = heldOutFit(prepared, spec.model, path.dataFit.parts, (i) => validation[i] === 1);
  fit.value(path.cold);
  return { fit, coldLoss: Array.from(fit.lossPerCondition) };
}

/**
 * path.csv (a row per λ), and lambda.json: the λ recommended by the folds or the hold-out, with
 * the ridge chosen, if a grid was given. One replicate's only other evidence is its stop-codon
 * shifts (agreement needs replicates).
 */
async function writePathChoice(
  dir: string,
  prepared: PreparedData,
  replicate: string | undefined,
  fits: FitSummary[],
  cv: ValidationRecord[] | undefined,
  ridge: RidgeChoice | undefined,
): Promise<void> {
  await writeCsv(join(dir, 'path.csv'), fitsTable(prepared.conditions, fits));
  const evidence: LambdaEvidence[] = fits.map((f) => ({
    lambda: f.lambda,
    shiftAgreement: null,
    betaAgreement: null,
    stopShiftShare: f.stopShiftShare,
  }));
  const choice = recommendLambda(cv ?? fits.map((f) => validationRecord(f, replicate ?? '')), evidence);
  if (!choice) return;
  const chosen: JobChoice = { ...choice, ...(ridge ? { ridge } : {}) };
  await writeFile(join(dir, LAMBDA_CHOICE_FILE), JSON.stringify(chosen, null, 2) + '\n');
}

/** job.json: what was fitted, and the bytes it was fitted from (size, mtime, SHA-256 of each file). */
async function writeJobRecord(dir: string, spec: FitJobSpec, snapshots: InputSnapshot[]): Promise<void> {
  const { inputs, data, model, solver, lasso, lassoGrid, replicate, holdout } = spec;
  const { initModel, stability, relax, intervals, crossValidation, ridgeGrid } = spec;
  const job = { inputs, snapshots, data, model, solver, lasso, lassoGrid, replicate, holdout };
  const options = { initModel, stability, relax, intervals, crossValidation, ridgeGrid };
  await writeFile(join(dir, 'job.json'), JSON.stringify({ ...job, ...options }, null, 2) + '\n');
}
