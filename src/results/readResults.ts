/**
 * Reads a results folder's index (either layout: one job — data/, fit.json or lambda-<λ>/ — or a
 * replicate collection — replicate-<r>/… plus collection files) into what the panel and the
 * report plot, and finds a fit's folder by its id. One fit's own data: readFitDetail.ts.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { csvNumber as num, exists, readCsv, readJson } from './resultsFiles';
import type { DataSummary } from '../core/data/prepare/summary';
import type { FitSummary } from '../core/fit/fitSummary';
import type { FitJobSpec } from '../core/fit/fitJob';
import { reproduceCommand } from '../jobs/reproduceCommand';
import {
  ALL_VARIANTS_FOLDER,
  allVariantsLabel,
  COMBINED_FOLDER,
  COMBINED_REPLICATE,
  childFitId,
  isFitId,
  LAMBDA_CHOICE_FILE,
  LAMBDA_PREFIX,
  REPLICATE_PREFIX,
  replicateOfFolder,
  TOP_FIT,
  type FitId,
} from '../core/io/resultsLayout';
import type { CorrelationRow, DroppedRow, FitRef, ResultsIndex, RidgeIndex, RowSum } from '../plots/model';
import type { RidgeChoice } from '../core/fit/ridgeChoice';
import { readRidge } from './readRidge';

/** Re-exported: the tests and other readers of results CSVs import it from here. */
export { readCsv };

async function subfolders(dir: string, prefix: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name.startsWith(prefix))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

interface LabelledFolder {
  dir: string;
  id: FitId;
  replicate: string;
}

/** A collection's replicate folders with their labels (none in a single fit's results). */
async function replicateFolders(root: string): Promise<LabelledFolder[]> {
  return (await subfolders(root, REPLICATE_PREFIX)).map((r) => ({
    dir: join(root, r),
    id: r,
    replicate: replicateOfFolder(r),
  }));
}

/** Folders holding a fit (fit.json), with their replicate label. */
async function fitFolders(root: string, replicates: LabelledFolder[]): Promise<LabelledFolder[]> {
  const out: LabelledFolder[] = [];
  const bases = replicates.length > 0 ? replicates : [{ dir: root, id: TOP_FIT, replicate: '' }];
  for (const b of bases) {
    if (await exists(join(b.dir, 'fit.json'))) out.push(b);
    for (const l of await subfolders(b.dir, LAMBDA_PREFIX))
      out.push({ dir: join(b.dir, l), id: childFitId(b.id, l), replicate: b.replicate });
  }
  return out;
}

/** A collection's combined fit (not among fitFolders' path fits), when it has one. */
async function combinedFolder(root: string): Promise<LabelledFolder[]> {
  const dir = join(root, COMBINED_FOLDER);
  return (await exists(join(dir, 'fit.json')))
    ? [{ dir, id: COMBINED_FOLDER, replicate: COMBINED_REPLICATE }]
    : [];
}

/** A collection's all-variant refits of its replicates (not among the path fits either). */
async function allVariantFolders(replicates: LabelledFolder[]): Promise<LabelledFolder[]> {
  const out: LabelledFolder[] = [];
  for (const r of replicates) {
    const dir = join(r.dir, ALL_VARIANTS_FOLDER);
    if (await exists(join(dir, 'fit.json')))
      out.push({ dir, id: childFitId(r.id, ALL_VARIANTS_FOLDER), replicate: allVariantsLabel(r.replicate) });
  }
  return out;
}

export async function readResultsIndex(
  folder: string,
  droppedLimit = 300,
): Promise<ResultsIndex | undefined> {
  const replicates = await replicateFolders(folder);
  const folders = await fitFolders(folder, replicates);
  const dataDir = join(replicates[0]?.dir ?? folder, 'data');
  if (!(await exists(join(dataDir, 'summary.json')))) return undefined;
  const data = await readJson<DataSummary>(join(dataDir, 'summary.json'));
  const conditions = data.conditions.map((c) => c.name);
  const rowSums: RowSum[] = (await readCsv(join(dataDir, 'row_sums.csv'))).rows.map((r) => ({
    condition: r.condition!,
    encoding: r.encoding as RowSum['encoding'],
    rowSum: num(r.row_sum),
    count: num(r.count),
  }));
  const droppedCsv = await readCsv(join(dataDir, 'dropped.csv'), droppedLimit);
  const dropped: DroppedRow[] = droppedCsv.rows.map((r) => ({
    condition: r.condition!,
    file: r.file!,
    line: num(r.line),
    substitutions: r.aa_substitutions!,
    reason: r.reason!,
    detail: r.detail!,
  }));
  const fitRef = async ({ dir, id, replicate }: LabelledFolder): Promise<FitRef> => {
    const s = await readJson<FitSummary>(join(dir, 'fit.json'));
    const c = conditions.map((name) => s.conditions[name]);
    return {
      id,
      lambda: s.lambda,
      replicate,
      converged: s.converged,
      stopDetail: s.stopDetail ?? (s.converged ? 'converged' : 'not converged'),
      iterations: s.iterations,
      seconds: s.seconds,
      stationarity: s.stationarity,
      trainingLoss: c.map((x) => x?.training.loss ?? NaN),
      validationLoss: c.map((x) => x?.validation?.loss ?? null),
      nonzeroShifts: c.map((x) => x?.nonzeroShifts ?? 0),
      mutations: data.mutations,
    };
  };
  const fits: FitRef[] = [];
  for (const f of folders) fits.push(await fitRef(f));
  const folds = await crossValidated(folder, conditions, fits);
  const [combinedAt] = await combinedFolder(folder);
  const combined = combinedAt ? await fitRef(combinedAt) : undefined;
  const allVariants: FitRef[] = [];
  for (const f of await allVariantFolders(replicates)) allVariants.push(await fitRef(f));
  fits.sort((a, b) => b.lambda - a.lambda || a.replicate.localeCompare(b.replicate));
  let recommendedLambda: number | null = null;
  let recommendedBy: string | undefined;
  let ridge: RidgeIndex | undefined;
  for (const name of ['collection.json', LAMBDA_CHOICE_FILE]) {
    if (await exists(join(folder, name))) {
      type Choice = { lambda?: number | null; decidedBy?: string; ridge?: RidgeChoice };
      const j = await readJson<Choice & { recommended?: Choice | null }>(join(folder, name));
      const choice = j.recommended ?? j;
      recommendedLambda = choice.lambda ?? null;
      recommendedBy = typeof choice.decidedBy === 'string' ? choice.decidedBy : undefined;
      ridge = readRidge(choice);
    }
  }
  // The path's agreement (rows before the `fits` column have none), then the refits' at λ_rec.
  const correlations: CorrelationRow[] = (await exists(join(folder, 'correlations.csv')))
    ? (await readCsv(join(folder, 'correlations.csv'))).rows.map((r) => ({
        lambda: num(r.lambda),
        replicates: r.replicates!,
        parameter: r.parameter!,
        r: Number.isFinite(num(r.pearson_r)) ? num(r.pearson_r) : null,
        fits: r.fits === 'all-variants' ? ('all-variants' as const) : ('path' as const),
      }))
    : [];
  // The command that poses these fits again, from the path job's job.json (absent: none).
  const jobPath = join(replicates[0]?.dir ?? folder, 'job.json');
  const command = (await exists(jobPath))
    ? reproduceCommand(await readJson<Omit<FitJobSpec, 'out'>>(jobPath), jobPath, folder)
    : undefined;
  return {
    folder,
    conditions,
    reference: data.reference,
    data,
    ...(command ? { command: { text: command.text, unexpressed: command.unexpressed } } : {}),
    rowSums,
    dropped,
    droppedTotal: droppedCsv.total,
    fits,
    recommendedLambda,
    ...(combined ? { combined } : {}),
    ...(allVariants.length > 0 ? { allVariants } : {}),
    ...(recommendedBy ? { recommendedBy } : {}),
    correlations,
    ...(folds ? { folds } : {}),
    ...(ridge ? { ridge } : {}),
  };
}

/** The folder of the fit `id` names in a results folder; undefined if the id is none or the fit is gone. */
export async function fitFolder(folder: string, id: FitId): Promise<string | undefined> {
  if (!isFitId(id)) return undefined;
  const dir = join(folder, id);
  return (await exists(join(dir, 'fit.json'))) ? dir : undefined;
}

/**
 * With cv.csv (--folds): each fit's validation loss per condition becomes its λ's mean over the
 * folds, and the number of folds is returned; without, nothing changes.
 */
async function crossValidated(
  folder: string,
  conditions: string[],
  fits: FitRef[],
): Promise<number | undefined> {
  const path = join(folder, 'cv.csv');
  if (!(await exists(path))) return undefined;
  const rows = (await readCsv(path)).rows;
  for (const f of fits) {
    const at = rows.filter((r) => num(r.lambda) === f.lambda);
    f.validationLoss = conditions.map((c) => {
      const losses = at.map((r) => num(r[`loss_validation_${c}`])).filter(Number.isFinite);
      return losses.length > 0 ? losses.reduce((a, b) => a + b, 0) / losses.length : null;
    });
  }
  return new Set(rows.map((r) => r.fold)).size;
}
