/**
 * What `dmsfit fit` and `dmsfit plan` share: every fit option, and the collection they pose
 * from the files — read and checked before any process starts, so input errors are reported
 * with their lines and nothing is fitted or planned.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { version } from '../../package.json';
import { formatDiagnostic } from '../core/data/diagnostics';
import { FIT_DATA_WARNINGS } from '../core/data/fitReadiness';
import { loadDataset, usable, type LoadedDataset } from '../core/data/load';
import { UserError } from '../core/errors';
import { lambdaGrid } from '../core/fit/lambdaGrid';
import { readModel } from '../core/fit/modelFile';
import { DEFAULT_STABILITY_FRACTION } from '../core/fit/stability';
import { MAX_FOLDS } from '../core/fit/crossValidation';
import { ridgeGridProblem } from '../core/fit/ridgeChoice';
import { relaxUnsupported } from '../core/fit/relaxedRefit';
import { intervalsUnsupported } from '../core/fit/intervals';
import { GRID_RATIO } from '../core/fit/lassoText';
import { assertReplaceable } from '../core/io/atomicDir';
import type { CollectionSpec } from '../jobs/collection';
import { addDataOptions, defaultResultsDir, resolveData, type DataCliOptions } from './dataOptions';
import { EXIT } from './exitCodes';
import {
  addModelOptions,
  clipFromCli,
  numberList,
  resolveModelCli,
  type ModelCliOptions,
} from './modelOptions';

export interface FitCliOptions extends DataCliOptions, ModelCliOptions {
  out?: string;
  lassoGrid?: number;
  gridRatio: number;
  byReplicate?: boolean;
  holdout?: number;
  seed: number;
  initModel?: string;
  stability?: number;
  relax?: boolean;
  intervals?: boolean;
  folds?: number;
  ridgeGrid?: number[];
}

export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got '${v}'`);
  return n;
};

/** The options that pose a collection of fits (data, model, solver, λ, replicates, hold-out). */
export function addFitOptions(cmd: Command, reference: 'required' | 'optional'): Command {
  return addModelOptions(addDataOptions(cmd, { reference }))
    .option('-o, --out <dir>', 'results folder (default: <first file>.dmsfit), replaced atomically')
    .option(
      '--by-replicate',
      'fit each replicate separately (replicates from --replicate-column, the manifest or the file names)',
    )
    .option(
      '--holdout <fraction>',
      "hold out this fraction of each condition's variants for validation",
      Number,
    )
    .option('--seed <n>', 'seed of the hold-out split or of the folds', Number, 0)
    .option(
      '--folds <k>',
      'instead of --holdout: k-fold cross-validation of the λ path (cv.csv; the λ choice from the loss over all k folds)',
      positiveInt,
    )
    .option(
      '--ridge-grid <ridges>',
      'choose the ridge on β together with λ from these values (e.g. 1e-7,3e-7,1e-6), by --folds or --holdout (ridge.csv, lambda.json)',
      numberList('--ridge-grid'),
    )
    .option(
      '--lasso-grid <points>',
      `instead of --lasso: this many λ from λ_max (every shift zero) down to λ_max × --grid-ratio, log-spaced`,
      positiveInt,
    )
    .option('--grid-ratio <r>', 'smallest λ of the grid relative to λ_max', Number, GRID_RATIO)
    .option(
      '--stability <n>',
      "refit each λ on n random halves of the variants and report how often each shift is selected (mutations.csv's selection_frequency_<c>)",
      positiveInt,
    )
    .option(
      '--relax',
      "refit each λ on the shifts it selected without the lasso, for sizes it has not shrunk (mutations.csv's beta_relaxed_<c>, shift_relaxed_<c>)",
    )
    .option(
      '--intervals',
      "90 % intervals for every β and shift, from the fit without the lasso (mutations.csv's beta_low_<c>, beta_high_<c>, shift_low_<c>, shift_high_<c>)",
    )
    .option(
      '--init-model <model.json>',
      "start from a fitted model's β, β0 and θ (matched by condition and mutation; the others start at 0)",
    );
}

export interface FitRequest {
  spec: CollectionSpec;
  /** The data as checked (with their rows when asked for). */
  checked: LoadedDataset;
  tolerance: number;
}

/**
 * The collection `files` and `o` pose, written to `o.out` (or the first file's results folder);
 * undefined when the input has errors (reported on stderr, exit code set).
 */
export async function resolveFitRequest(
  files: string[],
  o: FitCliOptions,
  command: Command,
  writer: string,
  keepRows = false,
): Promise<FitRequest | undefined> {
  if (o.lassoGrid !== undefined && command.getOptionValueSource('lasso') === 'cli')
    throw new UserError('give --lasso or --lasso-grid, not both');
  if (o.folds !== undefined && o.holdout !== undefined)
    throw new UserError('give --folds or --holdout, not both: each is a way to validate');
  if (o.folds !== undefined && (o.byReplicate || o.replicateColumn !== undefined))
    throw new UserError(
      '--folds cross-validates one fit of all the data; with replicates, --holdout validates each replicate and their agreement chooses λ',
    );
  if (o.folds !== undefined && !(o.folds >= 2 && o.folds <= MAX_FOLDS))
    throw new UserError(`--folds: from 2 to ${MAX_FOLDS}, got ${o.folds}`);
  if (o.ridgeGrid !== undefined) {
    const problem = ridgeGridProblem(o.ridgeGrid);
    if (problem) throw new UserError(`--ridge-grid: ${problem}`);
    if (o.folds === undefined && !(o.holdout! > 0))
      throw new UserError('--ridge-grid: give --folds or --holdout, on which each ridge is validated');
    if (o.byReplicate || o.replicateColumn !== undefined)
      throw new UserError(
        '--ridge-grid chooses the ridge on one fit of all the data; give the ridge it chose to --ridge-beta for the replicates',
      );
    if (command.getOptionValueSource('ridgeBeta') === 'cli')
      throw new UserError('give --ridge-beta or --ridge-grid, not both');
  }
  if (o.reference === undefined)
    throw new UserError("required option '-r, --reference <condition>' not specified");
  const { inputs, options } = await resolveData(files, o);
  const data = { ...options, clip: clipFromCli(o) };
  const { model, solver } = resolveModelCli(o);
  const noRelax = o.relax ? relaxUnsupported(model) : undefined;
  if (noRelax) throw new UserError(`--relax: ${noRelax}`);
  const noIntervals = o.intervals ? intervalsUnsupported(model) : undefined;
  if (noIntervals) throw new UserError(`--intervals: ${noIntervals}`);
  const out = o.out ?? defaultResultsDir(inputs);
  // A starting model that cannot be read is refused before any data are read.
  const initModel = o.initModel === undefined ? undefined : resolve(o.initModel);
  if (initModel !== undefined) await readModel(initModel);
  // Before anything runs: results replace only results, and never an input (the starting model is one).
  await assertReplaceable(out, [
    ...inputs.map((i) => i.path),
    ...(initModel !== undefined ? [initModel] : []),
  ]);
  const checked = await loadDataset(inputs, data, { keepRows, keepExtras: false, forFit: true });
  if (!usable(checked, data)) {
    for (const d of checked.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    process.stderr.write(`dmsfit: ${checked.errors} error(s) in the input; nothing fitted\n`);
    process.exitCode = EXIT.inputError;
    return undefined;
  }
  // Warnings about what is fitted are shown in full; the others (e.g. scores out of the
  // typical range, possibly thousands) are counted, and listed by validate.
  const fitWarnings = checked.diagnostics.filter(
    (d) => FIT_DATA_WARNINGS.has(d.code) || d.code === 'name-spelling',
  );
  for (const d of fitWarnings) process.stderr.write(formatDiagnostic(d) + '\n');
  const others = checked.warnings - fitWarnings.length;
  if (others > 0)
    process.stderr.write(`dmsfit: ${others} other warning(s) in the input (dmsfit validate lists them)\n`);
  const refuse = (message: string) => {
    process.stderr.write(`dmsfit: ${message}\n`);
    process.exitCode = EXIT.inputError;
    return undefined;
  };
  if (o.lassoGrid !== undefined) {
    // What the fitter would refuse, refused before any process starts.
    if (checked.table.conditionNames.length < 2)
      return refuse('--lasso-grid: the data have one condition, so no shifts and no grid');
    lambdaGrid(1, o.lassoGrid, o.gridRatio); // checks the points and the ratio (UserError)
  }
  const byReplicate = o.byReplicate || o.replicateColumn !== undefined;
  const replicates = byReplicate ? checked.table.replicateNames.filter((r) => r !== '') : undefined;
  if (byReplicate && (!replicates || replicates.length === 0))
    return refuse('--by-replicate: the data name no replicates');
  return {
    spec: {
      base: {
        inputs,
        data,
        model,
        solver,
        lasso: o.lasso,
        version,
        ...(o.holdout !== undefined ? { holdout: { fraction: o.holdout, seed: o.seed } } : {}),
        ...(initModel !== undefined ? { initModel } : {}),
        ...(o.stability !== undefined
          ? { stability: { subsamples: o.stability, fraction: DEFAULT_STABILITY_FRACTION } }
          : {}),
        ...(o.relax ? { relax: true } : {}),
        ...(o.intervals ? { intervals: true } : {}),
        ...(o.folds !== undefined ? { crossValidation: { folds: o.folds, seed: o.seed } } : {}),
        ...(o.ridgeGrid !== undefined ? { ridgeGrid: o.ridgeGrid } : {}),
      },
      out,
      writer,
      ...(o.lassoGrid !== undefined ? { lassoGrid: { points: o.lassoGrid, ratio: o.gridRatio } } : {}),
      ...(replicates ? { replicates } : {}),
    },
    checked,
    tolerance: solver.tolerance,
  };
}
