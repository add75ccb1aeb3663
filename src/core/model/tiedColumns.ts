/**
 * Mutations the data cannot tell apart: columns of the design that are identical in every
 * condition (the same training variants, the same sign in the bit-flipped coordinates), such as
 * the mutations of a variant that is the only one to carry any of them. The data see only their
 * sum; the ridge, strictly convex, splits it equally, and the shift penalty is symmetric among
 * them, so at every minimum they are equal. The solvers would have to find that out along
 * directions whose only curvature is the ridge's (2·1e-7): on the 10K example the last 900 of
 * its APG iterations were held by four deletions seen together in one variant. So each group of
 * k tied columns is fitted as one column u = k·v (v the common value of its members): the
 * data fit is unchanged, the ridge λ·k·v² is λ·u²/k (a weight 1/k), the shift penalty
 * λ·k·|v_d − v_r| is λ·|u_d − u_r|. A fit on the merged design, expanded, is a fit of the full one.
 */
import { csrTranspose, type BinaryCsr } from '../sparse';
import type { FitData } from './fitData';

export interface TiedColumns {
  /** The design the solvers fit: one column per group. */
  fit: FitData;
  /** Column of the merged design each original mutation belongs to. */
  column: Uint32Array;
  /** Members of each merged column (k); the ridge weight of a column is 1/k. */
  size: Uint32Array;
  /** Whether any columns were merged (else `fit` is the original). */
  merged: boolean;
}

function groupKey(fit: FitData, m: number): string {
  let key = '';
  fit.data.forEach((c, d) => {
    const { ptr, idx } = c.Xt;
    key += `${fit.sign[d * fit.M + m]}:${idx.subarray(ptr[m]!, ptr[m + 1]!).join(',')}|`;
  });
  return key;
}

function remapRows(X: BinaryCsr, column: Uint32Array, cols: number): BinaryCsr {
  const ptr = new Uint32Array(X.rows + 1);
  const out: number[] = [];
  const seen = new Int32Array(cols).fill(-1);
  const row: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    row.length = 0;
    for (let k = X.ptr[i]!; k < X.ptr[i + 1]!; k++) {
      const u = column[X.idx[k]!]!;
      if (seen[u] === i) continue; // a tied group's members share every row: one entry for them
      seen[u] = i;
      row.push(u);
    }
    row.sort((a, b) => a - b);
    for (const u of row) out.push(u);
    ptr[i + 1] = out.length;
  }
  return { rows: X.rows, cols, ptr, idx: Uint32Array.from(out) };
}

export function tieColumns(fit: FitData): TiedColumns {
  const { D, M } = fit;
  const column = new Uint32Array(M);
  const first = new Map<string, number>();
  const sizes: number[] = [];
  const representative: number[] = [];
  for (let m = 0; m < M; m++) {
    const key = groupKey(fit, m);
    const u = first.get(key);
    if (u === undefined) {
      first.set(key, sizes.length);
      column[m] = sizes.length;
      sizes.push(1);
      representative.push(m);
    } else {
      column[m] = u;
      sizes[u]!++;
    }
  }
  const size = Uint32Array.from(sizes);
  const Mr = sizes.length;
  if (Mr === M) return { fit, column, size, merged: false };
  const sign = new Float64Array(D * Mr);
  const columnWeight = new Float64Array(D * Mr);
  for (let d = 0; d < D; d++)
    representative.forEach((m, u) => {
      sign[d * Mr + u] = fit.sign[d * M + m]!;
      columnWeight[d * Mr + u] = fit.columnWeight[d * M + m]!;
    });
  const data = fit.data.map((c) => {
    const X = remapRows(c.X, column, Mr);
    return { ...c, X, Xt: csrTranspose(X) };
  });
  const bundles = fit.bundles.map((b) => Uint32Array.from(new Set([...b].map((m) => column[m]!))));
  return {
    fit: { ...fit, M: Mr, data, bundles, sign, columnWeight },
    column,
    size,
    merged: true,
  };
}

/** Full-design parameters from merged ones: each member takes its column's u/k. */
export function expandTied(t: TiedColumns, x: Float64Array, fullM: number, dense: number): Float64Array {
  if (!t.merged) return x;
  const { D } = t.fit;
  const Mr = t.fit.M;
  const out = new Float64Array(D * fullM + dense);
  for (let d = 0; d < D; d++)
    for (let m = 0; m < fullM; m++) {
      const u = t.column[m]!;
      out[d * fullM + m] = x[d * Mr + u]! / t.size[u]!;
    }
  out.set(x.subarray(D * Mr), D * fullM);
  return out;
}

/**
 * The merged design's point for a point of the full one: each merged column is the sum of its
 * members (so the data fit, which sees only their sum, is unchanged); dense entries copied.
 */
export function contractTied(t: TiedColumns, x: Float64Array, fullM: number, dense: number): Float64Array {
  if (!t.merged) return x;
  const { D } = t.fit;
  const Mr = t.fit.M;
  const out = new Float64Array(D * Mr + dense);
  for (let d = 0; d < D; d++)
    for (let m = 0; m < fullM; m++) out[d * Mr + t.column[m]!]! += x[d * fullM + m]!;
  out.set(x.subarray(D * fullM), D * Mr);
  return out;
}

/** The ridge weight of each merged column, 1/k (undefined when nothing was merged). */
export function tiedRidgeWeights(t: TiedColumns): Float64Array | undefined {
  return t.merged ? Float64Array.from(t.size, (k) => 1 / k) : undefined;
}
