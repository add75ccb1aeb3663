/**
 * What the data fit needs from a prepared dataset: per condition the design (bit-flipped X̃ by
 * default, or X), its transpose for column passes, the scores and each row's loss weight.
 * Row weights c_i carry multidms's normalisation: a mean over each condition's variants, then
 * a mean over conditions (conditions weigh equally whatever their size), so Σ_{i∈d} c_i = 1/D.
 */
import { referenceDesign } from '../data/prepare/encoding';
import type { PreparedData } from '../data/prepare/prepare';
import { csrTranspose, type BinaryCsr } from '../sparse';
import type { WeightsName } from './options';

export interface ConditionData {
  n: number;
  /** Design rows × mutations (bit-flipped unless bitFlip = false). */
  X: BinaryCsr;
  /** Its transpose: mutation → rows. */
  Xt: BinaryCsr;
  /** Rows i … groupEnd[i] − 1 have the same design row (one variant's barcodes). */
  groupEnd: Uint32Array;
  y: Float64Array;
  /** Loss weight of each row; they sum to 1/D within a condition. */
  c: Float64Array;
  /** Index of each row in the prepared VariantList. */
  variants: Uint32Array;
  /** The rows in input order (they are stored in the design's lexicographic order). */
  inputOrder: Uint32Array;
}

export interface FitData {
  conditions: string[];
  reference: number;
  D: number;
  M: number;
  bitFlip: boolean;
  data: ConditionData[];
  /** Bundle columns per condition (the columns whose sign flips between coordinates). */
  bundles: Uint32Array[];
  /** sign[d * M + m] = −1 on bundle columns of d when fitting bit-flipped, else +1. */
  sign: Float64Array;
  /**
   * Loss weight touched by each design column, W[d * M + m] = Σ_i c_i X_im: the fixed
   * diagonal metric of the stationarity certificate and of the preconditioned gradient method.
   */
  columnWeight: Float64Array;
  /** Range of the training scores, for multidms's inferred ge_scale bound 2·(max − min). */
  yMin: number;
  yMax: number;
}

/** Weights floor for variance weighting: scores with tinier variance count as if it were this. */
const VARIANCE_FLOOR = 1e-3;

export interface FitDataOptions {
  weights: WeightsName;
  bitFlip: boolean;
  /** Use only these variants (e.g. the training part of a hold-out split); default all kept ones. */
  include?: (variant: number) => boolean;
}

/**
 * Each row's weight under `--weights variance`: 1 / max(σ², floor), the condition's median σ²
 * standing in where a row has none; undefined when no row of the condition has one.
 */
export function varianceWeights(scoreVar: readonly number[]): Float64Array | undefined {
  const finite = scoreVar.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const median = finite[finite.length >> 1]!;
  return Float64Array.from(scoreVar, (s2) => 1 / Math.max(Number.isFinite(s2) ? s2 : median, VARIANCE_FLOOR));
}

function subsetRows(m: BinaryCsr, keep: Uint32Array): BinaryCsr {
  const ptr = new Uint32Array(keep.length + 1);
  let nnz = 0;
  for (const r of keep) nnz += m.ptr[r + 1]! - m.ptr[r]!;
  const idx = new Uint32Array(nnz);
  let k = 0;
  keep.forEach((r, i) => {
    idx.set(m.idx.subarray(m.ptr[r]!, m.ptr[r + 1]!), k);
    k += m.ptr[r + 1]! - m.ptr[r]!;
    ptr[i + 1] = k;
  });
  return { rows: keep.length, cols: m.cols, ptr, idx };
}

/**
 * The rows in lexicographic order of their columns in m (wildtype rows first; ties keep their
 * order): a counting sort by first column, then each bucket sorted by the rest.
 *  - Rows that share a first mutation sit together, so the kernels that walk a column's rows (the
 *    Newton sweeps, the gradient's gather) touch the n-long per-row vectors in runs rather than
 *    at random (what it saves: bench/measurements.md).
 *  - Rows of one variant (barcodes with the same substitutions) sit next to each other, so a pass
 *    finds their latent and sigmoid once (groupEnds): Delta + BA.2 has 372k rows of 167k variants.
 */
function lexicographic(m: BinaryCsr, rows: Uint32Array): Uint32Array {
  const { ptr, idx } = m;
  const key = (r: number) => (ptr[r + 1]! > ptr[r]! ? idx[ptr[r]!]! + 1 : 0);
  const start = new Uint32Array(m.cols + 2);
  for (const r of rows) start[key(r) + 1]!++;
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const bucketStart = start.slice();
  const out = new Uint32Array(rows.length);
  for (const r of rows) out[start[key(r)]!++] = r;
  const compare = (a: number, b: number): number => {
    const ea = ptr[a + 1]!;
    const eb = ptr[b + 1]!;
    for (let i = ptr[a]!, j = ptr[b]!; ; i++, j++) {
      if (i === ea || j === eb) return i === ea && j === eb ? a - b : i === ea ? -1 : 1;
      if (idx[i] !== idx[j]) return idx[i]! - idx[j]!;
    }
  };
  for (let k = 1; k + 1 < bucketStart.length; k++) {
    const from = bucketStart[k]!;
    const to = bucketStart[k + 1]!;
    if (to - from > 1) out.subarray(from, to).sort(compare);
  }
  return out;
}

/** groupEnds[i]: the first row after i whose columns differ from row i's (rows sorted: lexicographic). */
function groupEnds(m: BinaryCsr): Uint32Array {
  const { ptr, idx } = m;
  const ends = new Uint32Array(m.rows);
  let end = m.rows;
  for (let r = m.rows - 1; r >= 0; r--) {
    if (r + 1 < m.rows && !sameRow(ptr, idx, r, r + 1)) end = r + 1;
    ends[r] = end;
  }
  return ends;
}

function sameRow(ptr: Uint32Array, idx: Uint32Array, a: number, b: number): boolean {
  const len = ptr[a + 1]! - ptr[a]!;
  if (ptr[b + 1]! - ptr[b]! !== len) return false;
  for (let k = 0; k < len; k++) if (idx[ptr[a]! + k] !== idx[ptr[b]! + k]) return false;
  return true;
}

export function buildFitData(p: PreparedData, options: FitDataOptions): FitData {
  const D = p.conditions.length;
  const M = p.mutations.length;
  const v = p.variants;
  const sign = new Float64Array(D * M).fill(1);
  const columnWeight = new Float64Array(D * M);
  let yMin = Infinity;
  let yMax = -Infinity;
  const data = p.encodings.map((e, d) => {
    const full = options.bitFlip ? e.Xs : referenceDesign(e);
    const rows: number[] = [];
    for (let r = 0; r < e.variants.length; r++)
      if (!options.include || options.include(e.variants[r]!)) rows.push(r);
    // Ordered by the bit-flipped design whichever is fitted, so both coordinates see one order.
    const keep = lexicographic(e.Xs, Uint32Array.from(rows));
    const X = subsetRows(full, keep);
    const n = keep.length;
    const variants = new Uint32Array(n);
    const y = new Float64Array(n);
    const fitRow = new Int32Array(e.variants.length).fill(-1);
    keep.forEach((r, i) => {
      variants[i] = e.variants[r]!;
      y[i] = v.score[variants[i]!]!;
      fitRow[r] = i;
    });
    const inputOrder = new Uint32Array(n);
    rows.forEach((r, k) => (inputOrder[k] = fitRow[r]!));
    for (const s of y) {
      if (s < yMin) yMin = s;
      if (s > yMax) yMax = s;
    }
    const omega =
      options.weights === 'variance'
        ? varianceWeights(Array.from(variants, (i) => v.scoreVar[i]!))
        : new Float64Array(n).fill(1);
    if (!omega)
      throw new Error(`variance weights need func_score_var; condition ${p.conditions[d]} has none`);
    const total = omega.reduce((a, b) => a + b, 0);
    const c = omega.map((w) => (n > 0 ? w / (total * D) : 0));
    for (let r = 0; r < n; r++) {
      for (let k = X.ptr[r]!; k < X.ptr[r + 1]!; k++) columnWeight[d * M + X.idx[k]!]! += c[r]!;
    }
    if (options.bitFlip) for (const m of e.bundle) sign[d * M + m] = -1;
    return { n, X, Xt: csrTranspose(X), groupEnd: groupEnds(X), y, c, variants, inputOrder };
  });
  if (data.every((c) => c.n === 0)) throw new Error('no variants to fit');
  return {
    conditions: p.conditions,
    reference: p.reference,
    D,
    M,
    bitFlip: options.bitFlip,
    data,
    bundles: p.encodings.map((e) => e.bundle),
    sign,
    columnWeight,
    yMin,
    yMax,
  };
}
