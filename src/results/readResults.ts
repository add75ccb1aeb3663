/**
 * Reads a results folder (either layout: one job — data/, fit.json or lambda-<λ>/ — or a replicate
 * collection — replicate-<r>/… plus collection files) into what the panel and the report plot.
 */
import { own } from '../core/data/nameRecord';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDelimited } from '../core/data/delimited';
import { readCsv } from './readCsv';
import type { DataSummary } from '../core/data/prepare/summary';
import type { FitSummary } from '../core/fit/fitSummary';
import { adviceSetting } from '../core/fit/stopReason';
import type { ModelDocument } from '../core/fit/modelFile';
import type { FitJobSpec } from '../core/fit/fitJob';
import { reproduceCommand } from '../jobs/reproduceCommand';
import { identityActivation, softplusActivation } from '../core/model/activation';
import { globalEpistasis } from '../core/model/epistasis';
import {
  ALL_VARIANTS_FOLDER,
  allVariantsLabel,
  COMBINED_FOLDER,
  COMBINED_REPLICATE,
  childFitId,
  isFitId,
  jobReplicate,
  LAMBDA_CHOICE_FILE,
  LAMBDA_PREFIX,
  REPLICATE_PREFIX,
  replicateOfFolder,
  TOP_FIT,
  type FitId,
} from '../core/io/resultsLayout';
import type {
  CorrelationRow,
  DroppedRow,
  FitDetail,
  FitRef,
  ResultsIndex,
  RidgeIndex,
  RowSum,
} from '../plots/model';
import type { RidgeChoice } from '../core/fit/ridgeChoice';
import { readRidge } from './readRidge';

/** Re-exported: the tests and other readers of results CSVs import it from here. */
export { readCsv };

/**
 * Every k-th training variant of each condition (k = its variants / perCondition): a
 * deterministic sample for the scatter plots. Read in two streaming passes (count, then take),
 * so memory does not grow with variants.csv (1M variants held as row objects took 882 MB).
 */
async function sampleVariants(
  path: string,
  conditions: readonly string[],
  perCondition: number,
): Promise<FitDetail['variants']> {
  const index = new Map(conditions.map((c, d) => [c, d]));
  const count = new Array<number>(conditions.length).fill(0);
  let col: Record<'condition' | 'split' | 'observed' | 'predicted' | 'latent', number> | undefined;
  const columns = (header: string[]) => ({
    condition: header.indexOf('condition'),
    split: header.indexOf('split'),
    observed: header.indexOf('func_score'),
    predicted: header.indexOf('predicted_func_score'),
    latent: header.indexOf('predicted_latent'),
  });
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) col = columns(fields);
        else {
          const d = index.get(fields[col!.condition]!);
          if (d !== undefined) count[d]!++;
        }
      },
    },
  );
  const stride = count.map((n) => Math.max(1, Math.ceil(n / perCondition)));
  const seen = new Array<number>(conditions.length).fill(0);
  const out: FitDetail['variants'] = { condition: [], observed: [], predicted: [], latent: [] };
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) return;
        const c = col!;
        if (fields[c.split] !== 'training') return;
        const d = index.get(fields[c.condition]!);
        if (d === undefined || seen[d]!++ % stride[d]! !== 0) return;
        out.condition.push(d);
        out.observed.push(num(fields[c.observed]));
        out.predicted.push(num(fields[c.predicted]));
        out.latent.push(num(fields[c.latent]));
      },
    },
  );
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

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

const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));

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

const CURVE_POINTS = 200;

/**
 * One fit's plot data. `variantsPerCondition` caps the sample for the scatter plots (the panel
 * draws 1,000 per condition to stay quick to paint; the static report 3,000).
 */
export async function readFitDetail(
  folder: string,
  id: FitId,
  variantsPerCondition = 3000,
): Promise<FitDetail | undefined> {
  const dir = await fitFolder(folder, id);
  return dir ? readFitDetailAt(dir, id, variantsPerCondition) : undefined;
}

/** readFitDetail of the fit `id` in folder `dir` (fitFolder's answer). */
export async function readFitDetailAt(
  dir: string,
  id: FitId,
  variantsPerCondition = 3000,
): Promise<FitDetail> {
  const replicate = jobReplicate(id);
  const summary = await readJson<FitSummary>(join(dir, 'fit.json'));
  const model = await readJson<ModelDocument>(join(dir, 'model.json'));
  const conditions = model.conditions;
  const nonRef = (c: string) => c !== model.reference;
  const mutations = (await readCsv(join(dir, 'mutations.csv'))).rows;
  const trajectory = (await readCsv(join(dir, 'trajectory.csv'))).rows;
  const variants = await sampleVariants(join(dir, 'variants.csv'), conditions, variantsPerCondition);
  const g = globalEpistasis(model.epistasis.name, { hiddenUnits: model.epistasis.hiddenUnits });
  const t =
    model.activation.name === 'softplus'
      ? softplusActivation(model.activation.lowerBound!)
      : identityActivation;
  const theta = Float64Array.from(g.thetaNames, (n) => own(model.theta, n) ?? 0);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of variants.latent) {
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  if (!Number.isFinite(lo)) [lo, hi] = [-5, 5];
  const curve = { latent: [] as number[], score: [] as number[] };
  for (let i = 0; i <= CURVE_POINTS; i++) {
    const z = lo - 1 + ((hi - lo + 2) * i) / CURVE_POINTS;
    curve.latent.push(z);
    curve.score.push(t.value(g.value(z, theta)));
  }
  return {
    id,
    lambda: summary.lambda,
    replicate,
    conditions,
    reference: model.reference,
    converged: summary.converged,
    stationarity: summary.stationarity,
    tolerance: summary.tolerance ?? null,
    // Results written before these fields existed lack them.
    stopDetail: summary.stopDetail ?? (summary.converged ? 'converged' : 'not converged'),
    advice: summary.advice
      ? { text: summary.advice.text, setting: adviceSetting(summary.advice), option: summary.advice.option }
      : null,
    warnings: summary.warnings ?? [],
    notIdentifiable: conditions.map(
      (c) => summary.conditions[c]?.notIdentifiable ?? { 'single-variant': 0, saturated: 0, unseen: 0 },
    ),
    topShifts: conditions.map((c) => summary.conditions[c]?.topShifts ?? []),
    theta: summary.theta,
    pearson: conditions.map((c) => summary.conditions[c]?.training.pearson ?? null),
    r2: conditions.map((c) => summary.conditions[c]?.training.r2 ?? null),
    trajectory: {
      iteration: trajectory.map((r) => num(r.iteration)),
      objective: trajectory.map((r) => num(r.objective)),
      stationarity: trajectory.map((r) =>
        Number.isFinite(num(r.stationarity)) ? num(r.stationarity) : null,
      ),
      loss: conditions.map((c) => trajectory.map((r) => num(r[`loss_${c}`]))),
    },
    mutations: {
      name: mutations.map((r) => r.mutation!),
      site: mutations.map((r) => r.sites!),
      wt: mutations.map((r) => r.wts!),
      mut: mutations.map((r) => r.muts!),
      beta: conditions.map((c) => mutations.map((r) => num(r[`beta_${c}`]))),
      shift: conditions.map((c) => mutations.map((r) => (nonRef(c) ? num(r[`shift_${c}`]) : 0))),
      timesSeen: conditions.map((c) => mutations.map((r) => num(r[`times_seen_${c}`]))),
      identifiable: conditions.map((c) => mutations.map((r) => r[`identifiable_${c}`] || 'yes')),
      // Empty where a condition has no data on the mutation, absent in results written before.
      seBeta: conditions.map((c) => mutations.map((r) => num(r[`se_beta_${c}`]))),
      seShift: conditions.map((c) => mutations.map((r) => (nonRef(c) ? num(r[`se_shift_${c}`]) : NaN))),
      selection: conditions.map((c) =>
        mutations.map((r) => (nonRef(c) ? num(r[`selection_frequency_${c}`]) : NaN)),
      ),
      relaxedShift: conditions.map((c) =>
        mutations.map((r) => (nonRef(c) ? num(r[`shift_relaxed_${c}`]) : NaN)),
      ),
      betaLow: conditions.map((c) => mutations.map((r) => num(r[`beta_low_${c}`]))),
      betaHigh: conditions.map((c) => mutations.map((r) => num(r[`beta_high_${c}`]))),
      shiftLow: conditions.map((c) => mutations.map((r) => (nonRef(c) ? num(r[`shift_low_${c}`]) : NaN))),
      shiftHigh: conditions.map((c) => mutations.map((r) => (nonRef(c) ? num(r[`shift_high_${c}`]) : NaN))),
    },
    sites: { label: model.sites, wildtype: conditions.map((c) => [...model.wildtypes[c]!]) },
    variants,
    curve,
    wildtypes: conditions.map((c) => ({
      latent: summary.conditions[c]!.wildtype.latent,
      score: summary.conditions[c]!.wildtype.funcScore,
    })),
  };
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
