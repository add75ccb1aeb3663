/**
 * One-hot encodings over the shared mutation columns (multidms §2.10–2.12).
 * Columns: every reference-relative substitution of any kept variant plus every bundle
 * mutation, ordered by natural site order, then mutant letter in alphabet order.
 * For each condition d: X_d (reference-relative one-hot) and the bit-flipped scaled X̃_d, where
 * bundle columns are flipped (1 − x) so each condition is encoded against its own wildtype
 * (multidms issue #156). `times_seen` is the column sum of X̃_d, as in multidms.
 */
import type { BinaryCsr } from '../../sparse';
import { Growable } from '../growable';
import { mutationSite } from '../sites';
import type { ReferenceRelative } from './referenceRelative';
import type { VariantList } from './variants';

export interface ConditionEncoding {
  /** Kept variants of this condition (indices into the VariantList), in order. */
  variants: Uint32Array;
  X: BinaryCsr;
  /** Bit-flipped ("scaled") encoding. */
  Xs: BinaryCsr;
  /** Bundle columns of this condition, ascending. */
  bundle: Uint32Array;
  timesSeen: Uint32Array;
}

/** The mutation columns: sorted keys and key → column. */
export function mutationColumns(
  rel: ReferenceRelative,
  bundles: number[][],
): { keys: Float64Array; column: Map<number, number> } {
  const set = new Set<number>();
  for (let k = 0; k < rel.keys.length; k++) set.add(rel.keys[k]!);
  for (const b of bundles) for (const key of b) set.add(key);
  const keys = Float64Array.from(set).sort();
  for (let j = 1; j < keys.length; j++) {
    if (
      mutationSite(keys[j]!) === mutationSite(keys[j - 1]!) &&
      Math.floor(keys[j]! / 32) !== Math.floor(keys[j - 1]! / 32)
    ) {
      throw new Error('internal error: two wildtype letters at one site after reference conversion');
    }
  }
  const column = new Map<number, number>();
  keys.forEach((key, j) => column.set(key, j));
  return { keys, column };
}

export function encodeCondition(
  v: VariantList,
  alive: Uint8Array,
  condition: number,
  rel: ReferenceRelative,
  column: Map<number, number>,
  bundleKeys: number[],
): ConditionEncoding {
  const M = column.size;
  const bundle = Uint32Array.from(bundleKeys, (k) => column.get(k)!).sort();
  const rows = new Growable(Uint32Array);
  for (let i = 0; i < v.n; i++) if (alive[i] && v.condition[i] === condition) rows.push(i);
  const variants = rows.take();
  const n = variants.length;
  const ptr = new Uint32Array(n + 1);
  const sptr = new Uint32Array(n + 1);
  const idx = new Growable(Uint32Array, Math.max(1024, n * 4));
  const sidx = new Growable(Uint32Array, Math.max(1024, n * 4));
  let row = new Uint32Array(64);
  for (let r = 0; r < n; r++) {
    const i = variants[r]!;
    const len = rel.ptr[i + 1]! - rel.ptr[i]!;
    if (len > row.length) row = new Uint32Array(len * 2);
    // Columns of the row, insertion-sorted (rows hold a handful of mutations).
    for (let k = 0; k < len; k++) {
      const c = column.get(rel.keys[rel.ptr[i]! + k]!)!;
      let p = k;
      while (p > 0 && row[p - 1]! > c) {
        row[p] = row[p - 1]!;
        p--;
      }
      row[p] = c;
    }
    for (let k = 0; k < len; k++) idx.push(row[k]!);
    ptr[r + 1] = idx.length;
    // Scaled row: symmetric difference of the row with the bundle columns (both ascending).
    let a = 0;
    let b = 0;
    while (a < len || b < bundle.length) {
      const x = a < len ? row[a]! : Infinity;
      const y = b < bundle.length ? bundle[b]! : Infinity;
      if (x === y) {
        a++;
        b++;
      } else if (x < y) {
        sidx.push(x);
        a++;
      } else {
        sidx.push(y);
        b++;
      }
    }
    sptr[r + 1] = sidx.length;
  }
  const Xs: BinaryCsr = { rows: n, cols: M, ptr: sptr, idx: sidx.take() };
  const timesSeen = new Uint32Array(M);
  for (let k = 0; k < Xs.idx.length; k++) timesSeen[Xs.idx[k]!]!++;
  return { variants, X: { rows: n, cols: M, ptr, idx: idx.take() }, Xs, bundle, timesSeen };
}

/** Histogram of row sums: row_sum → number of rows. */
export function rowSumHistogram(m: BinaryCsr): Map<number, number> {
  const h = new Map<number, number>();
  for (let i = 0; i < m.rows; i++) {
    const s = m.ptr[i + 1]! - m.ptr[i]!;
    h.set(s, (h.get(s) ?? 0) + 1);
  }
  return new Map([...h].sort((a, b) => a[0] - b[0]));
}
