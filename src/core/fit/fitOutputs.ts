/**
 * The files of one fitted λ, with multidms's column names where it has them:
 *   mutations.csv   mutation, wts, sites, muts, times_seen_<c>…, then per condition beta_<c> and
 *                   (non-reference) shift_<c>, then predicted_func_score_<c>… (effects on each
 *                   condition's own wildtype, as multidms get_mutations_df)
 *   variants.csv    condition, aa_substitutions, func_score, predicted_latent, predicted_func_score,
 *                   var_wrt_ref, split, file, line (predictions are not minus the wildtype)
 *   trajectory.csv  iteration, objective, penalty, stationarity, elapsed_ms, loss_<c>… (and, with
 *                   the multidms solver, error and step_size)
 *   fit.json        losses, R², Pearson r, non-zero shifts per condition, convergence, timings
 *   model.json      everything needed to predict new variants (modelFile.ts)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv, type Cell, type OutputTable } from '../io/csvWriter';
import { referenceRelativeText, type PreparedData } from '../data/prepare/prepare';
import { mutationParts } from '../data/prepare/tables';
import { mutationSite } from '../data/sites';
import { substitutionsText, type VariantTable } from '../data/variantTable';
import type { DataFit } from '../model/dataFit';
import { shifts, type NaturalParameters } from '../model/parameters';
import type { SolverResult } from '../solve/options';
import type { FitSummary } from './fitSummary';
import { IDENTIFIABILITY } from './identifiability';
import type { ConfidenceIntervals } from './intervals';
import type { StandardErrors } from './standardErrors';

/**
 * multidms's columns, then ours: identifiable_<c> (identifiability.ts: yes, single-variant,
 * saturated or unseen, from the training variants), identified (yes in every condition), and
 * the standard errors se_beta_<c> and se_shift_<c> (standardErrors.ts; empty where a condition
 * has no data on the mutation), with --stability each shift's selection_frequency_<c>, with
 * --relax the refit's beta_relaxed_<c> and shift_relaxed_<c>, and with --intervals each β's and
 * shift's 90 % interval (empty where there is none); with a site numbering map, last, the site's
 * sequential_site and region (siteNumbers.ts).
 */
export function fitMutationsTable(
  p: PreparedData,
  params: NaturalParameters,
  effects: Float64Array[],
  identifiable: Uint8Array[],
  se: StandardErrors,
  optional: {
    /** Per condition, each shift's selection frequency over subsample fits (stability.ts). */
    selection?: Float64Array[];
    /** The refit on the lasso's support (relaxedRefit.ts): beta_relaxed_<c>, shift_relaxed_<c>. */
    relaxed?: NaturalParameters;
    /** 90 % intervals (intervals.ts): beta_low_<c>, beta_high_<c>, shift_low_<c>, shift_high_<c>. */
    intervals?: ConfidenceIntervals;
  } = {},
): OutputTable {
  const { selection, relaxed, intervals } = optional;
  const shift = shifts(params, p.reference);
  const relaxedShift = relaxed ? shifts(relaxed, p.reference) : undefined;
  const columns = ['mutation', 'wts', 'sites', 'muts', ...p.conditions.map((c) => `times_seen_${c}`)];
  p.conditions.forEach((c, d) => {
    columns.push(`beta_${c}`);
    if (d !== p.reference) columns.push(`shift_${c}`);
  });
  columns.push(...p.conditions.map((c) => `predicted_func_score_${c}`));
  columns.push(...p.conditions.map((c) => `identifiable_${c}`), 'identified');
  p.conditions.forEach((c, d) => {
    columns.push(`se_beta_${c}`);
    if (d !== p.reference) columns.push(`se_shift_${c}`);
  });
  if (selection)
    p.conditions.forEach((c, d) => d !== p.reference && columns.push(`selection_frequency_${c}`));
  if (relaxed)
    p.conditions.forEach((c, d) => {
      columns.push(`beta_relaxed_${c}`);
      if (d !== p.reference) columns.push(`shift_relaxed_${c}`);
    });
  if (intervals)
    p.conditions.forEach((c, d) => {
      columns.push(`beta_low_${c}`, `beta_high_${c}`);
      if (d !== p.reference) columns.push(`shift_low_${c}`, `shift_high_${c}`);
    });
  const numbers = p.siteNumbers;
  if (numbers) columns.push('sequential_site', 'region');
  const siteIndex = numbers && new Map([...p.siteMap.sites].map((key, s) => [key, s]));
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    columns,
    rows: (function* () {
      for (let m = 0; m < p.mutations.length; m++) {
        const row: Cell[] = [...mutationParts(p, m), ...p.encodings.map((e) => e.timesSeen[m]!)];
        p.conditions.forEach((_, d) => {
          row.push(params.beta[d]![m]!);
          if (d !== p.reference) row.push(shift[d]![m]!);
        });
        for (const e of effects) row.push(e[m]!);
        for (const codes of identifiable) row.push(IDENTIFIABILITY[codes[m]!]);
        row.push(identifiable.every((codes) => codes[m] === 0));
        p.conditions.forEach((_, d) => {
          row.push(finite(se.beta[d]![m]!));
          if (d !== p.reference) row.push(finite(se.shift[d]![m]!));
        });
        if (selection) selection.forEach((f, d) => d !== p.reference && row.push(f[m]!));
        if (relaxed)
          p.conditions.forEach((_, d) => {
            row.push(relaxed.beta[d]![m]!);
            if (d !== p.reference) row.push(relaxedShift![d]![m]!);
          });
        if (intervals)
          p.conditions.forEach((_, d) => {
            row.push(finite(intervals.betaLow[d]![m]!), finite(intervals.betaHigh[d]![m]!));
            if (d !== p.reference)
              row.push(finite(intervals.shiftLow[d]![m]!), finite(intervals.shiftHigh[d]![m]!));
          });
        if (numbers) {
          const s = siteIndex!.get(mutationSite(p.mutations[m]!))!;
          row.push(numbers.sequential[s] ?? '', numbers.region[s]!);
        }
        yield row;
      }
    })(),
  };
}

/** One entry per data fit whose rows are listed: its evaluated predictions and split name. */
export interface PredictedRows {
  fit: DataFit;
  split: 'training' | 'validation';
}

export function fitVariantsTable(p: PreparedData, t: VariantTable, parts: PredictedRows[]): OutputTable {
  const v = p.variants;
  return {
    columns: [
      'condition',
      'aa_substitutions',
      'func_score',
      'predicted_latent',
      'predicted_func_score',
      'var_wrt_ref',
      'split',
      'file',
      'line',
    ],
    rows: (function* () {
      const scratch = new Uint32Array(p.converter.maxLength);
      for (const { fit, split } of parts) {
        for (const [d, c] of fit.fit.data.entries()) {
          for (const r of c.inputOrder) {
            const i = c.variants[r]!;
            yield [
              p.conditions[d],
              substitutionsText(p.alphabet, p.keys, v.tokens, v.tokenPtr[i]!, v.tokenPtr[i + 1]!),
              v.score[i],
              fit.phi[d]![r],
              fit.yhat[d]![r],
              referenceRelativeText(p, i, scratch),
              split,
              t.files[v.file[i]!],
              v.line[i],
            ];
          }
        }
      }
    })(),
  };
}

/** With the multidms solver, its own error and step size follow (multidms's trajectory columns). */
export function trajectoryTable(p: PreparedData, result: SolverResult): OutputTable {
  const baseline = result.trajectory.some((r) => r.stepSize !== undefined);
  return {
    columns: [
      'iteration',
      'objective',
      'penalty',
      'stationarity',
      'elapsed_ms',
      ...p.conditions.map((c) => `loss_${c}`),
      ...(baseline ? ['error', 'step_size'] : []),
    ],
    rows: result.trajectory.map((r) => [
      r.iteration,
      r.objective,
      r.penalty,
      // Only where it was measured: elsewhere the record repeats an earlier value.
      r.measured ? r.stationarity : null,
      Math.round(r.elapsedMs * 10) / 10,
      ...r.lossPerCondition,
      ...(baseline ? [r.error ?? null, r.stepSize ?? null] : []),
    ]),
  };
}

export async function writeFitFiles(
  dir: string,
  files: {
    mutations: OutputTable;
    /** The effects from each condition's own wildtype (ownWildtype.ts). */
    ownWildtype: OutputTable;
    variants: OutputTable;
    trajectory: OutputTable;
    fit: FitSummary;
    model: unknown;
  },
): Promise<void> {
  await writeCsv(join(dir, 'mutations.csv'), files.mutations);
  await writeCsv(join(dir, 'mutations_own_wildtype.csv'), files.ownWildtype);
  await writeCsv(join(dir, 'variants.csv'), files.variants);
  await writeCsv(join(dir, 'trajectory.csv'), files.trajectory);
  await writeFile(join(dir, 'fit.json'), JSON.stringify(files.fit, jsonNumbers, 2) + '\n');
  await writeFile(join(dir, 'model.json'), JSON.stringify(files.model) + '\n');
}

/** JSON has no NaN or Infinity: write them as null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
