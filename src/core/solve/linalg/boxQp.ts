/**
 * Small dense box-constrained quadratic program, min ½δᵀHδ + bᵀδ subject to lo ≤ δ ≤ hi, by
 * cyclic coordinate descent with exact clipped coordinate minimisation (converges for a
 * positive definite H; the blocks solved here have a handful of coordinates).
 */
export function solveBoxQp(
  H: Float64Array,
  b: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  delta: Float64Array,
  maxSweeps = 500,
  tol = 1e-15,
): void {
  const K = b.length;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0;
    for (let a = 0; a < K; a++) {
      const haa = H[a * K + a]!;
      if (!(haa > 0)) continue;
      let grad = b[a]!;
      for (let c = 0; c < K; c++) grad += H[a * K + c]! * delta[c]!;
      const next = Math.min(hi[a]!, Math.max(lo[a]!, delta[a]! - grad / haa));
      change = Math.max(change, Math.abs(next - delta[a]!) * Math.sqrt(haa));
      delta[a] = next;
    }
    if (change <= tol) return;
  }
}
