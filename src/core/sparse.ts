/** Compressed sparse row matrix with implicit 1s: the one-hot designs are 0/1. */
export interface BinaryCsr {
  rows: number;
  cols: number;
  /** Row i's columns are idx[ptr[i] .. ptr[i+1]), ascending. */
  ptr: Uint32Array;
  idx: Uint32Array;
}

function csrColumnSums(m: BinaryCsr): Uint32Array {
  const out = new Uint32Array(m.cols);
  for (let k = 0; k < m.idx.length; k++) out[m.idx[k]!]!++;
  return out;
}

/** The same matrix by columns (CSC), for column-wise passes. */
export function csrTranspose(m: BinaryCsr): BinaryCsr {
  const counts = csrColumnSums(m);
  const ptr = new Uint32Array(m.cols + 1);
  for (let j = 0; j < m.cols; j++) ptr[j + 1] = ptr[j]! + counts[j]!;
  const fill = ptr.slice(0, m.cols);
  const idx = new Uint32Array(m.idx.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.ptr[i]!; k < m.ptr[i + 1]!; k++) idx[fill[m.idx[k]!]!++] = i;
  }
  return { rows: m.cols, cols: m.rows, ptr, idx };
}
