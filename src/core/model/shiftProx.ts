/**
 * Exact proximal maps of the shift penalties for one mutation across D conditions.
 * With u_d the natural-coordinate β of condition d (the sign flip of the fitting coordinates
 * is applied by the caller), both solve
 *   min_u  Σ_d (w_d / 2)(u_d − c_d)²  +  λ · P(u)
 * for
 *   star (reference-based):  P(u) = Σ_{d≠r} |u_d − u_r|
 *   all-pairs:               P(u) = Σ_{d<d'} |u_d − u_d'|     (uniform weights w_d = w)
 * where multidms approximates the prox with 50 steps of linearized ADMM.
 */

/**
 * Star prox, each condition's term weighted by ω_d (`omega`; all 1 when absent): λ_d = λω_d.
 * Given u_r = z each other u_d = z + soft(c_d − z, λ_d/w_d), so z minimises the convex
 * piecewise-quadratic F(z) = (w_r/2)(z − c_r)² + Σ_{d≠r} h_d(c_d − z), h_d the Huber envelope
 * of λ_d|·|. F'(z) = w_r(z − c_r) − Σ_{d≠r} clip(w_d(c_d − z), −λ_d, λ_d) is nondecreasing and
 * piecewise linear with breakpoints c_d ± λ_d/w_d: sort them, find the sign change, solve.
 * `out` may alias `c`. Weights must be positive.
 */
export function proxStar(
  c: ArrayLike<number>,
  w: ArrayLike<number>,
  reference: number,
  lambda: number,
  out: Float64Array,
  scratch: Float64Array = new Float64Array(2 * c.length),
  omega?: ArrayLike<number>,
): void {
  const D = c.length;
  const cr = c[reference]!;
  if (lambda <= 0 || D === 1) {
    for (let d = 0; d < D; d++) out[d] = c[d]!;
    return;
  }
  const wr = w[reference]!;
  if (D === 2) {
    // One other condition: soft-threshold the difference, or fuse at the weighted mean.
    const o = 1 - reference;
    const wo = w[o]!;
    const co = c[o]!;
    const lo = omega ? lambda * omega[o]! : lambda;
    const diff = co - cr;
    const reach = lo * (1 / wr + 1 / wo);
    if (Math.abs(diff) <= reach) {
      out[0] = out[1] = (wr * cr + wo * co) / (wr + wo);
    } else {
      const sgn = diff > 0 ? 1 : -1;
      out[reference] = cr + (sgn * lo) / wr;
      out[o] = co - (sgn * lo) / wo;
    }
    return;
  }
  const derivative = (z: number) => {
    let f = wr * (z - cr);
    for (let d = 0; d < D; d++) {
      if (d === reference) continue;
      const ld = omega ? lambda * omega[d]! : lambda;
      const a = w[d]! * (c[d]! - z);
      f -= a > ld ? ld : a < -ld ? -ld : a;
    }
    return f;
  };
  // Breakpoints, insertion-sorted in place (at most 2(D − 1) of them); F' is linear between them.
  let nb = 0;
  for (let d = 0; d < D; d++) {
    if (d === reference) continue;
    const half = (omega ? lambda * omega[d]! : lambda) / w[d]!;
    for (const b of [c[d]! - half, c[d]! + half]) {
      let p = nb++;
      while (p > 0 && scratch[p - 1]! > b) {
        scratch[p] = scratch[p - 1]!;
        p--;
      }
      scratch[p] = b;
    }
  }
  const bp = scratch;
  // Find the first breakpoint where F' ≥ 0; the root lies in the segment before it.
  let lo = -Infinity;
  let flo = -Infinity;
  let hi = Infinity;
  let fhi = Infinity;
  for (let k = 0; k < nb; k++) {
    const f = derivative(bp[k]!);
    if (f >= 0) {
      hi = bp[k]!;
      fhi = f;
      break;
    }
    lo = bp[k]!;
    flo = f;
  }
  let z: number;
  if (fhi === 0) z = hi;
  else if (lo === -Infinity || hi === Infinity) {
    // Outside all breakpoints every other term is saturated at ±λ_d: F' = w_r(z − c_r) + const.
    const ref = lo === -Infinity ? hi : lo;
    const f = lo === -Infinity ? fhi : flo;
    z = ref - f / wr;
  } else z = lo - (flo * (hi - lo)) / (fhi - flo); // linear on [lo, hi]
  out[reference] = z;
  for (let d = 0; d < D; d++) {
    if (d === reference) continue;
    const half = (omega ? lambda * omega[d]! : lambda) / w[d]!;
    const a = c[d]! - z;
    out[d] = a > half ? c[d]! - half : a < -half ? c[d]! + half : z;
  }
}

/**
 * All-pairs prox with a common weight w. The optimum keeps the order of c, and on the cone of
 * that order the penalty is linear: Σ_{d<d'}|u_d − u_d'| = Σ_k (D + 1 − 2k) u_(k) for u sorted
 * descending. So u = isotonic (non-increasing) regression of c_(k) − (λ/w)(D + 1 − 2k), solved
 * exactly by pool-adjacent-violators. `out` may alias `c`.
 */
export function proxAllPairs(c: ArrayLike<number>, w: number, lambda: number, out: Float64Array): void {
  const D = c.length;
  if (lambda <= 0 || D === 1) {
    for (let d = 0; d < D; d++) out[d] = c[d]!;
    return;
  }
  const order = Array.from({ length: D }, (_, d) => d).sort((a, b) => c[b]! - c[a]!);
  const t = lambda / w;
  // PAVA for a non-increasing fit: blocks of (sum, count).
  const sums: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < D; k++) {
    let s = c[order[k]!]! - t * (D - 1 - 2 * k);
    let n = 1;
    while (sums.length > 0 && sums[sums.length - 1]! / counts[counts.length - 1]! < s / n) {
      s += sums.pop()!;
      n += counts.pop()!;
    }
    sums.push(s);
    counts.push(n);
  }
  let k = 0;
  for (let b = 0; b < sums.length; b++) {
    const mean = sums[b]! / counts[b]!;
    for (let j = 0; j < counts[b]!; j++) out[order[k++]!] = mean;
  }
}
