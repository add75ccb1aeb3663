/**
 * One-hot encodings over the shared mutation columns (multidms §2.10–2.12).
 * Columns: every reference-relative substitution of any kept variant plus every bundle
 * mutation, ordered by natural site order, then mutant letter in alphabet order.
 * For each condition d the bit-flipped ("scaled") design X̃_d is stored: bundle columns are
 * flipped (1 − x) so each condition is encoded against its own wildtype (multidms issue #156).
 * The reference-based X_d differs from X̃_d exactly on the bundle columns, so it is derived on
 * demand (`referenceDesign`); a non-reference X_d repeats the whole bundle in every row.
 * `times_seen` is the column sum of X̃_d, as in multidms.
 */
import type { BinaryCsr } from '../../sparse';
import { Growable } from '../growable';
import { mutationSite } from '../sites';
import type { ReferenceConverter } from './referenceRelative';
import type { VariantList } from './variants';

export interface ConditionEncoding {
  /** Kept variants of this condition (indices into the VariantList), in order. */
  variants: Uint32Array;
  /** Bit-flipped ("scaled") design. */
  Xs: BinaryCsr;
  /** Bundle columns of this condition, ascending. */
  bundle: Uint32Array;
  timesSeen: Uint32Array;
}

export interface MutationColumns {
  /** Key of each column, ascending. */
  keys: Float64Array;
  /** Column of each key id, -1 if the id is not a column. */
  columnOfId: Int32Array;
}

/**
 * The columns: all reference-relative substitutions of living variants, plus the bundles.
 * (The scaled ids of a variant are its converted ids outside the bundle plus bundle ids, so
 * marking scaled ids and all bundle ids marks exactly the converted ones and the bundles.)
 */
export function mutationColumns(
  v: VariantList,
  alive: Uint8Array,
  converter: ReferenceConverter,
  bundleIds: number[][],
): MutationColumns {
  const scratch = new Uint32Array(converter.maxLength);
  const present = new Uint8Array(converter.maxIds);
  for (let i = 0; i < v.n; i++) {
    if (!alive[i]) continue;
    const n = converter.scaledIds(i, scratch);
    for (let k = 0; k < n; k++) present[scratch[k]!] = 1;
  }
  for (const b of bundleIds) for (const id of b) present[id] = 1;
  const ids: number[] = [];
  for (let id = 0; id < present.length; id++) if (present[id]) ids.push(id);
  ids.sort((a, b) => v.keys.key(a) - v.keys.key(b));
  const keys = Float64Array.from(ids, (id) => v.keys.key(id));
  for (let j = 1; j < keys.length; j++) {
    const sameSite = mutationSite(keys[j]!) === mutationSite(keys[j - 1]!);
    if (sameSite && Math.floor(keys[j]! / 32) !== Math.floor(keys[j - 1]! / 32)) {
      throw new Error('internal error: two wildtype letters at one site after reference conversion');
    }
  }
  const columnOfId = new Int32Array(v.keys.size).fill(-1);
  ids.forEach((id, j) => (columnOfId[id] = j));
  return { keys, columnOfId };
}

/** Sorted symmetric difference of a[0..na) and b, written to out; returns its length. */
function symmetricDifference(
  a: ArrayLike<number>,
  na: number,
  b: ArrayLike<number>,
  out: Growable<Uint32Array>,
): void {
  let i = 0;
  let j = 0;
  const nb = b.length;
  while (i < na || j < nb) {
    const x = i < na ? a[i]! : Infinity;
    const y = j < nb ? b[j]! : Infinity;
    if (x === y) {
      i++;
      j++;
    } else if (x < y) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
}

export function encodeCondition(
  v: VariantList,
  alive: Uint8Array,
  condition: number,
  converter: ReferenceConverter,
  columns: MutationColumns,
  bundleIds: number[],
): ConditionEncoding {
  const M = columns.keys.length;
  const bundle = Uint32Array.from(bundleIds, (id) => columns.columnOfId[id]!).sort();
  const rows = new Growable(Uint32Array);
  for (let i = 0; i < v.n; i++) if (alive[i] && v.condition[i] === condition) rows.push(i);
  const variants = rows.take();
  const n = variants.length;
  const ptr = new Uint32Array(n + 1);
  const idx = new Growable(Uint32Array, Math.max(1024, n * 3));
  const row = new Uint32Array(converter.maxLength);
  for (let r = 0; r < n; r++) {
    const len = converter.scaledIds(variants[r]!, row);
    // Columns of the row, insertion-sorted (rows hold a handful of mutations).
    for (let k = 0; k < len; k++) {
      const c = columns.columnOfId[row[k]!]!;
      let p = k;
      while (p > 0 && row[p - 1]! > c) {
        row[p] = row[p - 1]!;
        p--;
      }
      row[p] = c;
    }
    for (let k = 0; k < len; k++) idx.push(row[k]!);
    ptr[r + 1] = idx.length;
  }
  const Xs: BinaryCsr = { rows: n, cols: M, ptr, idx: idx.take() };
  const timesSeen = new Uint32Array(M);
  for (let k = 0; k < Xs.idx.length; k++) timesSeen[Xs.idx[k]!]!++;
  return { variants, Xs, bundle, timesSeen };
}

/** The reference-based design X_d: X̃_d with its bundle columns flipped back. */
export function referenceDesign(e: ConditionEncoding): BinaryCsr {
  const { Xs, bundle } = e;
  const ptr = new Uint32Array(Xs.rows + 1);
  const idx = new Growable(Uint32Array, Math.max(16, Xs.idx.length + Xs.rows * bundle.length));
  for (let r = 0; r < Xs.rows; r++) {
    const from = Xs.ptr[r]!;
    symmetricDifference(Xs.idx.subarray(from, Xs.ptr[r + 1]!), Xs.ptr[r + 1]! - from, bundle, idx);
    ptr[r + 1] = idx.length;
  }
  return { rows: Xs.rows, cols: Xs.cols, ptr, idx: idx.take() };
}

/** Row sums of X_d without building it: |X̃ row| + |bundle| − 2·|X̃ row ∩ bundle|. */
export function referenceRowSums(e: ConditionEncoding): Uint32Array {
  const { Xs, bundle } = e;
  const inBundle = new Uint8Array(Xs.cols);
  for (const c of bundle) inBundle[c] = 1;
  const out = new Uint32Array(Xs.rows);
  for (let r = 0; r < Xs.rows; r++) {
    let overlap = 0;
    for (let k = Xs.ptr[r]!; k < Xs.ptr[r + 1]!; k++) overlap += inBundle[Xs.idx[k]!]!;
    out[r] = Xs.ptr[r + 1]! - Xs.ptr[r]! + bundle.length - 2 * overlap;
  }
  return out;
}

/** Histogram of row sums: row_sum → number of rows. */
export function histogram(values: ArrayLike<number>): Map<number, number> {
  const h = new Map<number, number>();
  for (let i = 0; i < values.length; i++) h.set(values[i]!, (h.get(values[i]!) ?? 0) + 1);
  return new Map([...h].sort((a, b) => a[0] - b[0]));
}
