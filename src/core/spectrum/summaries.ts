/**
 * What a landscape's Fourier coefficients say, in the terms of Tsui & Aghazadeh (arXiv
 * 2405.06645): energy per interaction order and per site subset, ruggedness, sparsity, and the
 * largest coefficients.
 *
 * A coefficient's order is the number of sites with a non-zero frequency; its energy |F(u)|².
 * By Parseval, the energies of all non-constant coefficients sum to the landscape's variance,
 * and the energy of a site subset S is the variance of the part of f that depends on exactly
 * the sites in S (its ANOVA term), whatever the labels of the states.
 *   ruggedness = Σ_{j=1..5} j·E_j / Σ_{j=1..5} E_j     (energy-weighted mean order, orders ≤ 5)
 *   sparsity   = fraction of the order-1..5 coefficients with |F| > sd(|F| over u ≠ 0) / 5
 * Sparsity depends on how states are labelled when q > 2; energies and ruggedness do not.
 */

/** Orders above this are left out of ruggedness and sparsity, as in the paper. */
export const MAX_ORDER = 5;

export interface Coefficient {
  /** Frequency per site. */
  frequency: number[];
  order: number;
  re: number;
  im: number;
  /** Share of the variance carried by this coefficient and its conjugate. */
  share: number;
}

export interface SpectrumSummary {
  mean: number;
  variance: number;
  /** E_j for j = 0..k (E_0 = mean²). */
  orderEnergy: number[];
  /** E_j / variance for j = 0..k (0 at j = 0). */
  orderShare: number[];
  /** Number of coefficients of each order j = 0..k. */
  orderCount: number[];
  /** Energy per site subset, indexed by bit mask (bit j ↔ site j). */
  subsetEnergy: Float64Array;
  ruggedness: number;
  /** Energy-weighted mean order over all orders. */
  meanOrder: number;
  sparsity: number;
  sparsityThreshold: number;
  /** The largest coefficients, one per conjugate pair, largest first. */
  top: Coefficient[];
}

/** Keeps the `size` largest weights seen (a small min-heap of coefficient indices). */
class TopEnergies {
  private readonly index: number[] = [];
  private readonly energy: number[] = [];

  constructor(private readonly size: number) {}

  get floor(): number {
    return this.index.length < this.size ? -1 : this.energy[0]!;
  }

  push(i: number, e: number): void {
    if (this.index.length < this.size) {
      this.index.push(i);
      this.energy.push(e);
      this.up(this.index.length - 1);
    } else if (e > this.energy[0]!) {
      this.index[0] = i;
      this.energy[0] = e;
      this.down(0);
    }
  }

  sorted(): number[] {
    return this.index
      .map((i, k) => ({ i, e: this.energy[k]! }))
      .sort((a, b) => b.e - a.e || a.i - b.i)
      .map((x) => x.i);
  }

  private swap(a: number, b: number): void {
    [this.index[a], this.index[b]] = [this.index[b]!, this.index[a]!];
    [this.energy[a], this.energy[b]] = [this.energy[b]!, this.energy[a]!];
  }

  private up(k: number): void {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (this.energy[p]! <= this.energy[k]!) return;
      this.swap(p, k);
      k = p;
    }
  }

  private down(k: number): void {
    const n = this.index.length;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < n && this.energy[l]! < this.energy[m]!) m = l;
      if (r < n && this.energy[r]! < this.energy[m]!) m = r;
      if (m === k) return;
      this.swap(m, k);
      k = m;
    }
  }
}

/** Frequency vector of a C-order index. */
export function frequencyOf(index: number, shape: readonly number[]): number[] {
  const u = new Array<number>(shape.length);
  for (let j = shape.length - 1; j >= 0; j--) {
    u[j] = index % shape[j]!;
    index = Math.floor(index / shape[j]!);
  }
  return u;
}

function indexOf(u: readonly number[], shape: readonly number[]): number {
  let index = 0;
  for (let j = 0; j < shape.length; j++) index = index * shape[j]! + u[j]!;
  return index;
}

export function summarize(
  re: Float64Array,
  im: Float64Array,
  shape: readonly number[],
  topCount = 20,
): SpectrumSummary {
  const k = shape.length;
  const n = re.length;
  const orderEnergy = new Array<number>(k + 1).fill(0);
  const orderCount = new Array<number>(k + 1).fill(0);
  const subsetEnergy = new Float64Array(2 ** k);
  const top = new TopEnergies(2 * topCount + 2);
  const digit = new Int32Array(k);
  let mask = 0;
  let order = 0;
  let sumAbs = 0;
  let sumAbs2 = 0;
  for (let idx = 0; idx < n; idx++) {
    const e = re[idx]! * re[idx]! + im[idx]! * im[idx]!;
    orderEnergy[order]! += e;
    orderCount[order]!++;
    subsetEnergy[mask]! += e;
    if (idx > 0) {
      sumAbs += Math.sqrt(e);
      sumAbs2 += e;
      // Ranked by the variance a coefficient carries with its conjugate: 2|F|², or |F|² when
      // it is its own conjugate (every frequency 0 or q/2).
      if (2 * e > top.floor) {
        let self = true;
        for (let j = 0; j < k && self; j++) self = digit[j] === 0 || 2 * digit[j]! === shape[j];
        const weight = self ? e : 2 * e;
        if (weight > top.floor) top.push(idx, weight);
      }
    }
    // Next frequency vector; order and mask follow the digits that leave or reach zero.
    for (let j = k - 1; j >= 0; j--) {
      const bit = 1 << j;
      if (digit[j] === 0) {
        order++;
        mask |= bit;
      }
      if (++digit[j]! < shape[j]!) break;
      digit[j] = 0;
      order--;
      mask &= ~bit;
    }
  }
  const mean = re[0]!;
  const variance = orderEnergy.slice(1).reduce((a, b) => a + b, 0);
  const capped = orderEnergy.slice(1, MAX_ORDER + 1);
  const cappedEnergy = capped.reduce((a, b) => a + b, 0);
  const ruggedness = cappedEnergy > 0 ? capped.reduce((a, e, j) => a + (j + 1) * e, 0) / cappedEnergy : 0;
  const meanOrder = variance > 0 ? orderEnergy.reduce((a, e, j) => a + j * e, 0) / variance : 0;
  // sd of |F| over the non-constant coefficients, then a second pass to count those above sd/5.
  const m = n > 1 ? sumAbs / (n - 1) : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, sumAbs2 / (n - 1) - m * m)) : 0;
  const threshold = sd / 5;
  let significant = 0;
  let considered = 0;
  digit.fill(0);
  order = 0;
  for (let idx = 0; idx < n; idx++) {
    if (order >= 1 && order <= MAX_ORDER) {
      considered++;
      if (Math.hypot(re[idx]!, im[idx]!) > threshold) significant++;
    }
    for (let j = k - 1; j >= 0; j--) {
      if (digit[j] === 0) order++;
      if (++digit[j]! < shape[j]!) break;
      digit[j] = 0;
      order--;
    }
  }
  // One coefficient per conjugate pair: the one with the smaller index.
  const seen = new Set<number>();
  const coefficients: Coefficient[] = [];
  for (const idx of top.sorted()) {
    if (coefficients.length >= topCount) break;
    const u = frequencyOf(idx, shape);
    const conj = indexOf(
      u.map((x, j) => (x === 0 ? 0 : shape[j]! - x)),
      shape,
    );
    if (seen.has(idx) || seen.has(conj)) continue;
    seen.add(idx);
    seen.add(conj);
    const rep = Math.min(idx, conj);
    const e = re[rep]! ** 2 + im[rep]! ** 2;
    coefficients.push({
      frequency: frequencyOf(rep, shape),
      order: u.filter((x) => x !== 0).length,
      re: re[rep]!,
      im: im[rep]!,
      share: variance > 0 ? ((conj === idx ? 1 : 2) * e) / variance : 0,
    });
  }
  return {
    mean,
    variance,
    orderEnergy,
    orderShare: orderEnergy.map((e, j) => (j === 0 || variance === 0 ? 0 : e / variance)),
    orderCount,
    subsetEnergy,
    ruggedness,
    meanOrder,
    sparsity: considered > 0 ? significant / considered : 0,
    sparsityThreshold: threshold,
    top: coefficients,
  };
}
