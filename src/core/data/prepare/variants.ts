/**
 * The variants a fit sees, before reference conversion: either the table's rows as they are,
 * or (collapse = mean/median) one variant per distinct (condition, substitutions), as
 * multidms's `collapse_identical_variants`: groups sorted by condition, then by the
 * substitutions text (so the wildtype comes first), `weight` = number of rows merged.
 *
 * Difference from multidms, on purpose: variants are grouped by their *set* of substitutions,
 * so `M1E P3G` and `P3G M1E` are one variant (multidms compares the raw strings). Real DMS
 * tables list substitutions in site order, where the two agree.
 */
import type { KeyIndex } from '../keyIndex';
import type { CollapseMode } from '../options';
import { substitutionsText, type VariantTable } from '../variantTable';
import { compareStrings, type ConditionOrder } from './conditions';

/** Replicate id of a collapsed variant whose rows came from several replicates. */
export const MIXED_REPLICATES = 0xffff;

export interface VariantList {
  n: number;
  /** Position in the sorted condition order. */
  condition: Uint16Array;
  score: Float64Array;
  /** Rows merged into this variant (1 without collapsing). */
  weight: Float64Array;
  /** Variance of the score (of the mean, when collapsed by mean); NaN when unknown. */
  scoreVar: Float64Array;
  replicate: Uint16Array;
  /** Source of the (first) row: file index and 1-based line; and its table row. */
  file: Uint16Array;
  line: Uint32Array;
  tableRow: Uint32Array;
  /** Substitutions as ids into `keys`, relative to the variant's own wildtype. */
  tokenPtr: Uint32Array;
  tokens: Uint32Array;
  keys: KeyIndex;
}

export function variantsOf(table: VariantTable, order: ConditionOrder, collapse: CollapseMode): VariantList {
  if (collapse === 'none') return asIs(table, order);
  return collapsed(table, order, collapse);
}

function asIs(t: VariantTable, order: ConditionOrder): VariantList {
  const condition = new Uint16Array(t.rows);
  for (let i = 0; i < t.rows; i++) condition[i] = order.fromTable[t.condition[i]!]!;
  const tableRow = new Uint32Array(t.rows);
  for (let i = 0; i < t.rows; i++) tableRow[i] = i;
  return {
    n: t.rows,
    condition,
    score: t.score,
    weight: new Float64Array(t.rows).fill(1),
    scoreVar: t.scoreVar,
    replicate: t.replicate,
    file: t.file,
    line: t.line,
    tableRow,
    tokenPtr: t.tokenPtr,
    tokens: t.tokens,
    keys: t.keys,
  };
}

function collapsed(t: VariantTable, order: ConditionOrder, mode: 'mean' | 'median'): VariantList {
  // Group rows by (condition, substitution ids sorted by key): one id per key, so this is the set.
  const groupOf = new Uint32Array(t.rows);
  const index = new Map<string, number>();
  const firstRow: number[] = [];
  const sortedIds: Uint32Array[] = [];
  const byKey = (x: number, y: number) => t.keys.key(x) - t.keys.key(y);
  for (let i = 0; i < t.rows; i++) {
    const ids = t.tokens.slice(t.tokenPtr[i]!, t.tokenPtr[i + 1]!).sort(byKey);
    const key = `${t.condition[i]}|${ids.join(',')}`;
    let g = index.get(key);
    if (g === undefined) {
      g = firstRow.length;
      index.set(key, g);
      firstRow.push(i);
      sortedIds.push(ids);
    }
    groupOf[i] = g;
  }
  const groups = firstRow.length;
  // Rows of each group, by counting sort.
  const ptr = new Uint32Array(groups + 1);
  for (let i = 0; i < t.rows; i++) ptr[groupOf[i]! + 1]!++;
  for (let g = 0; g < groups; g++) ptr[g + 1]! += ptr[g]!;
  const members = new Uint32Array(t.rows);
  const fill = ptr.slice(0, groups);
  for (let i = 0; i < t.rows; i++) members[fill[groupOf[i]!]!++] = i;

  // Order groups by condition (sorted order), then by substitutions text.
  const text = sortedIds.map((ids) => substitutionsText(t.alphabet, t.keys, ids));
  const cond = firstRow.map((r) => order.fromTable[t.condition[r]!]!);
  const ordered = Array.from({ length: groups }, (_, g) => g).sort(
    (a, b) => cond[a]! - cond[b]! || compareStrings(text[a]!, text[b]!),
  );

  const out: VariantList = {
    n: groups,
    condition: new Uint16Array(groups),
    score: new Float64Array(groups),
    weight: new Float64Array(groups),
    scoreVar: new Float64Array(groups),
    replicate: new Uint16Array(groups),
    file: new Uint16Array(groups),
    line: new Uint32Array(groups),
    tableRow: new Uint32Array(groups),
    tokenPtr: new Uint32Array(groups + 1),
    tokens: new Uint32Array(sortedIds.reduce((s, k) => s + k.length, 0)),
    keys: t.keys,
  };
  const scores: number[] = [];
  ordered.forEach((g, v) => {
    const from = ptr[g]!;
    const to = ptr[g + 1]!;
    const k = to - from;
    scores.length = 0;
    let sum = 0;
    let varSum = 0;
    let replicate = t.replicate[members[from]!]!;
    for (let m = from; m < to; m++) {
      const row = members[m]!;
      scores.push(t.score[row]!);
      sum += t.score[row]!;
      varSum += t.scoreVar[row]!;
      if (t.replicate[row] !== replicate) replicate = MIXED_REPLICATES;
    }
    const first = firstRow[g]!;
    out.condition[v] = cond[g]!;
    out.score[v] = mode === 'mean' ? sum / k : median(scores);
    out.weight[v] = k;
    // Variance of a mean of k independent scores; a median has no such closed form.
    out.scoreVar[v] = mode === 'mean' ? varSum / (k * k) : NaN;
    out.replicate[v] = replicate;
    out.file[v] = t.file[first]!;
    out.line[v] = t.line[first]!;
    out.tableRow[v] = first;
    out.tokens.set(sortedIds[g]!, out.tokenPtr[v]!);
    out.tokenPtr[v + 1] = out.tokenPtr[v]! + sortedIds[g]!.length;
  });
  return out;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
