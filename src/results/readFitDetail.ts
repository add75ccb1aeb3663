/**
 * One fit's plot data, read from its folder in a results folder (fitFolder): its summary, its
 * model's curve, its mutations and a sample of its variants.
 */
import { join } from 'node:path';
import { own } from '../core/data/nameRecord';
import { readDelimited } from '../core/data/delimited';
import type { FitSummary } from '../core/fit/fitSummary';
import type { ModelDocument } from '../core/fit/modelFile';
import { adviceSetting } from '../core/fit/stopReason';
import { jobReplicate, type FitId } from '../core/io/resultsLayout';
import { identityActivation, softplusActivation } from '../core/model/activation';
import { globalEpistasis } from '../core/model/epistasis';
import type { FitDetail } from '../plots/model';
import { fitFolder } from './readResults';
import { csvNumber as num, readCsv, readJson } from './resultsFiles';

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
    sites: {
      label: model.sites,
      wildtype: conditions.map((c) => [...model.wildtypes[c]!]),
      ...(model.siteNumbers ?? {}),
    },
    variants,
    curve,
    wildtypes: conditions.map((c) => ({
      latent: summary.conditions[c]!.wildtype.latent,
      score: summary.conditions[c]!.wildtype.funcScore,
    })),
  };
}
