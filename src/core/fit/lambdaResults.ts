/**
 * One λ's results folder, as a fit job (fitJob.ts) writes it: the fit's summary (training and
 * validation metrics, identifiability, standard errors, stability, relaxed refit, intervals),
 * its model.json and its tables (fitOutputs.ts).
 */
import { mkdir } from 'node:fs/promises';
import type { PreparedData } from '../data/prepare/prepare';
import type { VariantTable } from '../data/variantTable';
import type { DataFit } from '../model/dataFit';
import type { FitJobSpec } from './fitJob';
import type { FittedModel, FittedPath } from './fitPath';
import {
  fitMutationsTable,
  fitVariantsTable,
  trajectoryTable,
  writeFitFiles,
  type PredictedRows,
} from './fitOutputs';
import { summarizeFit, type FitSummary } from './fitSummary';
import { identifiability } from './identifiability';
import { intervalSummary, intervalWarning } from './intervals';
import { modelDocument } from './modelFile';
import { ownWildtypeTable } from './ownWildtype';
import {
  conditionMetrics,
  nonzeroShifts,
  singleMutantEffects,
  wildtypePredictions,
  type ConditionMetrics,
} from './predictions';
import { selectionFrequency, type SelectionFrequency } from './stability';
import { standardErrors } from './standardErrors';
import { adviceFor } from './stopReason';
import type { ThreadBudget } from './threadBudget';

/** What every λ of a job shares. */
export interface JobContext {
  spec: FitJobSpec;
  prepared: PreparedData;
  /** The job's rows as read (its replicate, clipped): variants.csv keeps their columns. */
  table: VariantTable;
  path: FittedPath;
  /** The variants fitted (undefined: all). */
  include?: (variant: number) => boolean;
  /** The hold-out's data fit, and the untrained model's loss on it (the bar every λ must clear). */
  check?: { fit: DataFit; coldLoss: number[] };
  /** What the data say about the fit, repeated in every fit's warnings. */
  dataWarnings: string[];
  shouldStop?: () => boolean;
  threads?: ThreadBudget;
}

/** Thrown to discard a job's staged results when the user cancels. */
export class CancelledError extends Error {}

/** Measures the fit at λ, writes its folder, and returns its summary. */
export async function writeLambdaResults(
  job: JobContext,
  fitted: FittedModel,
  folder: string,
): Promise<FitSummary> {
  const { spec, prepared, path, check } = job;
  const { dataFit } = path;
  // A gradient pass: identifiability reads the rows' slopes.
  dataFit.valueAndGradient(fitted.x, new Float64Array(fitted.x.length));
  const training = conditionMetrics(dataFit);
  const identifiable = identifiability(dataFit, spec.model.ridgeBeta);
  const se = standardErrors(dataFit);
  const selected = await stabilityOf(job, fitted);
  let validated: { metrics: ConditionMetrics[]; coldLoss: number[] } | undefined;
  if (check) {
    check.fit.value(fitted.x);
    validated = { metrics: conditionMetrics(check.fit), coldLoss: check.coldLoss };
  }
  const r = fitted.result;
  const summary = summarizeFit({
    prepared,
    lambda: fitted.lambda,
    solver: spec.solver.solver,
    tolerance: spec.solver.tolerance,
    result: r,
    stopReason: fitted.stopReason,
    advice: adviceFor(fitted.stopReason, {
      model: spec.model,
      solver: spec.solver,
      clip: spec.data.clip,
      seconds: r.seconds,
    }),
    health: fitted.health,
    starts: fitted.starts,
    params: fitted.params,
    thetaNames: dataFit.parts.epistasis.thetaNames,
    training,
    ...(validated ? { validation: validated } : {}),
    nonzero: nonzeroShifts(fitted.params, prepared.reference),
    dataWarnings: job.dataWarnings,
    wildtypes: wildtypePredictions(prepared, dataFit, fitted.params),
    identifiable,
    se,
  });
  addRecords(summary, job, fitted, selected);
  const rows: PredictedRows[] = [{ fit: dataFit, split: 'training' }];
  if (check) rows.push({ fit: check.fit, split: 'validation' });
  await mkdir(folder, { recursive: true });
  await writeFitFiles(folder, {
    mutations: fitMutationsTable(
      prepared,
      fitted.params,
      singleMutantEffects(prepared, dataFit, fitted.params),
      identifiable,
      se,
      {
        ...(selected ? { selection: selected.frequency } : {}),
        ...(fitted.relaxed?.result.converged ? { relaxed: fitted.relaxed.params } : {}),
        ...(path.intervals?.converged ? { intervals: path.intervals } : {}),
      },
    ),
    ownWildtype: ownWildtypeTable(prepared, fitted.params),
    variants: fitVariantsTable(prepared, job.table, rows),
    trajectory: trajectoryTable(prepared, r),
    fit: summary,
    model: modelDocument(
      prepared,
      fitted.params,
      spec.model,
      dataFit.parts.epistasis,
      fitted.lambda,
      {
        data: spec.data,
        model: spec.model,
        solver: spec.solver,
        replicate: spec.replicate ?? null,
        holdout: spec.holdout ?? null,
      },
      spec.version,
      spec.data.letterSuffixedSites,
    ),
  });
  return summary;
}

/** Each shift's selection frequency over subsample fits at λ, when the job asks for them. */
async function stabilityOf(job: JobContext, fitted: FittedModel): Promise<SelectionFrequency | undefined> {
  const { spec, include, threads, shouldStop } = job;
  if (!spec.stability?.subsamples) return undefined;
  const selected = await selectionFrequency(
    {
      prepared: job.prepared,
      model: spec.model,
      solver: spec.solver,
      lambda: fitted.lambda,
      start: fitted.params,
      ...(include ? { include } : {}),
      ...(threads ? { threads } : {}),
    },
    spec.stability,
    shouldStop,
  );
  // Stopped among the halves, the frequencies would be over fewer halves.
  if (shouldStop?.()) throw new CancelledError();
  return selected;
}

/** The summary's records of the stability fits, the relaxed refit and the intervals. */
function addRecords(
  summary: FitSummary,
  job: JobContext,
  fitted: FittedModel,
  selected: SelectionFrequency | undefined,
): void {
  if (selected) {
    const { subsamples, fraction, converged } = selected;
    summary.stability = { subsamples, fraction, converged };
  }
  if (fitted.relaxed) {
    const { converged, steps, stationarity, objective, seconds } = fitted.relaxed.result;
    summary.relaxed = { converged, steps, stationarity, objective, seconds };
    if (!converged)
      summary.warnings.push(
        `the relaxed refit stopped unconverged after ${steps} Newton steps (stationarity ${stationarity.toExponential(2)}): mutations.csv has no relaxed columns`,
      );
  }
  const intervals = job.path.intervals;
  if (intervals) {
    summary.intervals = intervalSummary(intervals);
    const warning = intervalWarning(intervals);
    if (warning) summary.warnings.push(warning);
  }
}
