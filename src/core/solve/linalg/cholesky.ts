/**
 * Small dense symmetric positive definite solves by Cholesky (the systems here have a handful
 * of rows: Anderson's Gram matrix, APG's dense block).
 */

/**
 * Writes A⁻¹b into `out` (A: K × K row-major, only its lower triangle read), using `factor`
 * (K × K) for the Cholesky factor. Returns false, leaving `out` undefined, when a pivot is not
 * above `minPivot` times its diagonal entry (the matrix is not numerically positive definite).
 */
export function choleskySolve(
  A: ArrayLike<number>,
  K: number,
  b: ArrayLike<number>,
  out: Float64Array | number[],
  factor: Float64Array,
  minPivot = 0,
): boolean {
  if (!choleskyFactor(A, K, factor, minPivot)) return false;
  choleskySubstitute(factor, K, b, out);
  return true;
}

/** The Cholesky factor of A into `factor` (lower triangle), or false as for choleskySolve. */
export function choleskyFactor(A: ArrayLike<number>, K: number, factor: Float64Array, minPivot = 0): boolean {
  const c = factor;
  for (let j = 0; j < K; j++) {
    let d = A[j * K + j]!;
    for (let k = 0; k < j; k++) d -= c[j * K + k]! * c[j * K + k]!;
    if (!(d > minPivot * A[j * K + j]!)) return false;
    d = Math.sqrt(d);
    c[j * K + j] = d;
    for (let i = j + 1; i < K; i++) {
      let v = A[i * K + j]!;
      for (let k = 0; k < j; k++) v -= c[i * K + k]! * c[j * K + k]!;
      c[i * K + j] = v / d;
    }
  }
  return true;
}

/** A⁻¹b into `out` from A's Cholesky factor (as choleskyFactor leaves it). */
export function choleskySubstitute(
  factor: Float64Array,
  K: number,
  b: ArrayLike<number>,
  out: Float64Array | number[],
): void {
  const c = factor;
  for (let i = 0; i < K; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= c[i * K + k]! * out[k]!;
    out[i] = v / c[i * K + i]!;
  }
  for (let i = K - 1; i >= 0; i--) {
    let v = out[i]!;
    for (let k = i + 1; k < K; k++) v -= c[k * K + i]! * out[k]!;
    out[i] = v / c[i * K + i]!;
  }
}
