/**
 * A fit path's shifts in the column layout the dms-vep pipelines write for multidms
 * (`results/func_effect_shifts/by_comparison/<library>_shifts.csv`), so that their downstream
 * steps (averaging over libraries, dms-viz, the docs pages) read DMS Fit's results unchanged:
 *
 *   wildtype, site, mutant, times_seen_<c> (each condition), latent_phenotype_effect (β in the
 *   reference), <ref>_predicted_func_score, then per other condition shift_<c> and
 *   <c>_predicted_func_score, and lasso_shift (λ)
 *
 * one row per mutation and λ, plus a wildtype row per site (its letter as the mutant, effect and
 * shifts 0, times seen and predicted scores empty). Bundles of substitutions collapsed into one
 * column (`collapse`) have no one site and are left out (bundledRows counts them). Predicted scores are effects, the condition's
 * wildtype subtracted (multidms's phenotype_as_effect). The λ's rows follow each other, largest
 * λ first, as the path was fitted.
 */
import type { Cell, OutputTable } from '../core/io/csvWriter';
import { csvNumber } from './resultsFiles';

/** One fit of the path: its λ and its mutations.csv rows. */
export interface PathFitRows {
  lambda: number;
  rows: Record<string, string>[];
}

/** The sites of the fit (model.json `sites`) and the reference's wildtype letter at each. */
export interface SiteWildtypes {
  sites: string[];
  wildtype: string;
}

/** The header of the layout for these conditions (the reference first among its columns). */
export function dmsVepColumns(conditions: readonly string[], reference: string): string[] {
  const others = conditions.filter((c) => c !== reference);
  return [
    'wildtype',
    'site',
    'mutant',
    ...conditions.map((c) => `times_seen_${c}`),
    'latent_phenotype_effect',
    `${reference}_predicted_func_score`,
    ...others.flatMap((c) => [`shift_${c}`, `${c}_predicted_func_score`]),
    'lasso_shift',
  ];
}

/** The rows of mutations.csv that name no one site of the fit (collapsed bundles). */
export function bundledRows(sites: SiteWildtypes, fits: readonly PathFitRows[]): number {
  const known = new Set(sites.sites);
  return fits.reduce((n, f) => n + f.rows.filter((r) => !known.has(r.sites!)).length, 0);
}

export function dmsVepShiftsTable(
  conditions: readonly string[],
  reference: string,
  sites: SiteWildtypes,
  fits: readonly PathFitRows[],
): OutputTable {
  const others = conditions.filter((c) => c !== reference);
  const number = (s: string | undefined): number | null => {
    const v = csvNumber(s);
    return Number.isFinite(v) ? v : null;
  };
  const ordered = [...fits].sort((a, b) => b.lambda - a.lambda);
  return {
    columns: dmsVepColumns(conditions, reference),
    rows: (function* () {
      for (const { lambda, rows } of ordered) {
        // Each site's mutations, in mutations.csv's order, then its wildtype row.
        const bySite = new Map<string, Record<string, string>[]>();
        for (const r of rows) {
          const site = r.sites!;
          const at = bySite.get(site);
          if (at) at.push(r);
          else bySite.set(site, [r]);
        }
        for (const [s, site] of sites.sites.entries()) {
          for (const r of bySite.get(site) ?? []) {
            const row: Cell[] = [r.wts!, site, r.muts!];
            for (const c of conditions) row.push(number(r[`times_seen_${c}`]));
            row.push(number(r[`beta_${reference}`]), number(r[`predicted_func_score_${reference}`]));
            for (const c of others) row.push(number(r[`shift_${c}`]), number(r[`predicted_func_score_${c}`]));
            row.push(lambda);
            yield row;
          }
          const wt = sites.wildtype[s]!;
          yield [
            wt,
            site,
            wt,
            ...conditions.map(() => null),
            0,
            null,
            ...others.flatMap(() => [0, null]),
            lambda,
          ];
        }
      }
    })(),
  };
}
