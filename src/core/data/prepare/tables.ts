/**
 * The prepared data as output tables, with multidms's column names so pandas users recognise
 * them (site_map, mutations_df, variants_df), plus what multidms hides (dropped variants, row sums).
 */
import type { Cell, OutputTable } from '../../io/csvWriter';
import type { RejectedRow } from '../readTable';
import { mutationMut, mutationSite, mutationWt, siteLabel } from '../sites';
import { substitutionsText, type VariantTable } from '../variantTable';
import { histogram, referenceRowSums } from './encoding';
import { referenceRelativeText, type PreparedData } from './prepare';
import { MIXED_REPLICATES } from './variants';

/**
 * site, then one wildtype column per condition; with a site numbering map, then its
 * sequential_site and region (after multidms's columns, which pandas users index by name).
 */
export function siteMapTable(p: PreparedData): OutputTable {
  const S = p.siteMap.sites.length;
  const letters = p.alphabet.letters;
  const numbers = p.siteNumbers;
  return {
    columns: ['site', ...p.conditions, ...(numbers ? ['sequential_site', 'region'] : [])],
    rows: (function* () {
      for (let s = 0; s < S; s++) {
        yield [
          siteLabel(p.siteMap.sites[s]!),
          ...p.conditions.map((_, d) => letters[p.siteMap.wildtype[d * S + s]!] ?? ''),
          ...(numbers ? [numbers.sequential[s] ?? '', numbers.region[s]!] : []),
        ];
      }
    })(),
  };
}

/** The mutation columns split into wildtype / site / mutant, as multidms's `mutations_df`. */
export function mutationParts(p: PreparedData, j: number): [string, string, string, string] {
  const key = p.mutations[j]!;
  const wt = p.alphabet.letters[mutationWt(key)]!;
  const site = siteLabel(mutationSite(key));
  const mut = p.alphabet.letters[mutationMut(key)]!;
  return [wt + site + mut, wt, site, mut];
}

export function mutationsTable(p: PreparedData): OutputTable {
  return {
    columns: ['mutation', 'wts', 'sites', 'muts', ...p.conditions.map((c) => `times_seen_${c}`)],
    rows: (function* () {
      for (let j = 0; j < p.mutations.length; j++) {
        yield [...mutationParts(p, j), ...p.encodings.map((e) => e.timesSeen[j]!)];
      }
    })(),
  };
}

/** Kept variants: condition, aa_substitutions, func_score, var_wrt_ref, then provenance and carried columns. */
export function variantsTable(p: PreparedData, t: VariantTable): OutputTable {
  const v = p.variants;
  const collapsed = p.collapse !== 'none';
  const hasReplicate = p.replicateNames.some((r) => r !== '');
  const extras = collapsed ? [] : t.extras;
  const columns = ['condition', 'aa_substitutions', 'func_score', 'var_wrt_ref'];
  if (collapsed) columns.push('weight');
  if (hasReplicate) columns.push('replicate');
  columns.push('file', 'line', ...extras.map((e) => e.name));
  return {
    columns,
    rows: (function* () {
      const scratch = new Uint32Array(p.converter.maxLength);
      for (let i = 0; i < v.n; i++) {
        if (!p.alive[i]) continue;
        const row: Cell[] = [
          p.conditions[v.condition[i]!],
          substitutionsText(p.alphabet, p.keys, v.tokens, v.tokenPtr[i]!, v.tokenPtr[i + 1]!),
          v.score[i],
          referenceRelativeText(p, i, scratch),
        ];
        if (collapsed) row.push(v.weight[i]);
        if (hasReplicate)
          row.push(v.replicate[i] === MIXED_REPLICATES ? '' : p.replicateNames[v.replicate[i]!]);
        row.push(t.files[v.file[i]!], v.line[i]);
        for (const e of extras) row.push(e.values.get(v.tableRow[i]!));
        yield row;
      }
    })(),
  };
}

/** Every variant that does not reach the model, with where it came from and why. */
export function droppedTable(p: PreparedData, t: VariantTable, rejected: RejectedRow[]): OutputTable {
  const v = p.variants;
  return {
    columns: ['condition', 'file', 'line', 'aa_substitutions', 'rows', 'reason', 'detail'],
    rows: (function* () {
      for (const r of rejected)
        yield [r.condition, t.files[r.file], r.line, r.substitutions, 1, 'invalid-row', r.code];
      for (const d of p.dropped) {
        const i = d.variant;
        yield [
          p.conditions[v.condition[i]!],
          t.files[v.file[i]!],
          v.line[i],
          substitutionsText(p.alphabet, p.keys, v.tokens, v.tokenPtr[i]!, v.tokenPtr[i + 1]!),
          v.weight[i],
          d.reason,
          d.detail,
        ];
      }
    })(),
  };
}

/** Row-sum histograms of both encodings per condition (the picture of multidms issue #156). */
export function rowSumsTable(p: PreparedData): OutputTable {
  const rows: Cell[][] = [];
  p.encodings.forEach((e, d) => {
    const scaled = new Uint32Array(e.Xs.rows);
    for (let r = 0; r < e.Xs.rows; r++) scaled[r] = e.Xs.ptr[r + 1]! - e.Xs.ptr[r]!;
    for (const [encoding, sums] of [
      ['reference', referenceRowSums(e)],
      ['scaled', scaled],
    ] as const) {
      for (const [sum, count] of histogram(sums)) rows.push([p.conditions[d], encoding, sum, count]);
    }
  });
  return { columns: ['condition', 'encoding', 'row_sum', 'count'], rows };
}
