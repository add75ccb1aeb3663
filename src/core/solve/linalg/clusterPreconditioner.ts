/**
 * Block-Jacobi preconditioner for the manifold Newton step's conjugate gradients, with one
 * block per cluster of mutations that occur in (nearly) the same variants.
 *
 * Why: the Jacobi-scaled Hessian's extreme eigenvalues come from such clusters. k mutations
 * seen together only in a few variants give a block close to the all-ones matrix: one
 * eigenvalue near k (their common move) and k − 1 near the ridge (their differences). Plain
 * Jacobi leaves both; inverting each cluster's block exactly removes them, and CG needs about a
 * third of the iterations (bench/solver-tuning.md).
 *
 * Clusters are found once per design from the loss-weighted co-occurrence of design columns,
 * pooled over conditions: mutations a and b are joined when G_ab² ≥ CLUSTERS.strong · G_aa · G_bb
 * (their cosine), strongest pairs first, as long as the cluster stays within CLUSTERS.maxCluster
 * mutations (tuning.ts).
 * Each step then assembles the blocks in the manifold's variables (a mutation's tied conditions
 * are one variable) from the rows' current curvatures, and factors them.
 */
import type { FitData } from '../../model/fitData';
import { choleskyFactor, choleskySubstitute } from './cholesky';
import { CLUSTERS } from '../tuning';

/** What the preconditioner needs to know of the manifold at a step. */
export interface ManifoldView {
  /** Per mutation, the conditions (bit d) whose β moves with the reference's. */
  tiedMask: Uint32Array;
  /** 1 for coordinates that may move. */
  free: Uint8Array;
  /** The Hessian's diagonal (ridge included, floored), per coordinate. */
  diag: Float64Array;
  /** Relative damping added to the diagonal. */
  damping: number;
}

/** One per design: the clusters depend on the data only, so a λ path finds them once. */
const built = new WeakMap<FitData, ClusterPreconditioner>();

export class ClusterPreconditioner {
  static of(fit: FitData): ClusterPreconditioner {
    let p = built.get(fit);
    if (!p) built.set(fit, (p = new ClusterPreconditioner(fit)));
    return p;
  }

  private readonly M: number;
  private readonly D: number;
  /** Members of cluster q: members[start[q] .. start[q + 1]). */
  private readonly start: Uint32Array;
  private readonly members: Uint32Array;
  /** Per mutation, its cluster (−1: none). */
  private readonly clusterOf: Int32Array;
  /** Per condition, the pairs of one cluster's mutations that share a row: row, then a, b. */
  private readonly pairs: Uint32Array[];
  /** Per coordinate d·M + m, its variable within its cluster's block (−1: none). */
  private readonly variable: Int32Array;
  /** Per cluster, its variable count, and where its block starts in `matrix`. */
  private readonly size: Uint32Array;
  private readonly offset: Uint32Array;
  private readonly factored: Uint8Array;
  private matrix = new Float64Array(0);
  private factor = new Float64Array(0);
  private readonly rhs: Float64Array;
  private readonly solution: Float64Array;
  /** The design's column signs (fitting vs natural coordinates). */
  private readonly sign: Float64Array;

  private constructor(fit: FitData) {
    this.sign = fit.sign;
    const { M, D } = fit;
    this.M = M;
    this.D = D;
    const { clusterOf, clusters } = findClusters(fit);
    this.clusterOf = clusterOf;
    const count = new Uint32Array(clusters);
    for (let m = 0; m < M; m++) if (clusterOf[m]! >= 0) count[clusterOf[m]!]!++;
    this.start = new Uint32Array(clusters + 1);
    for (let q = 0; q < clusters; q++) this.start[q + 1] = this.start[q]! + count[q]!;
    this.members = new Uint32Array(this.start[clusters]!);
    const fill = this.start.slice(0, clusters);
    for (let m = 0; m < M; m++) if (clusterOf[m]! >= 0) this.members[fill[clusterOf[m]!]!++] = m;
    this.pairs = fit.data.map((c) => {
      const out: number[] = [];
      const { ptr, idx } = c.X;
      for (let i = 0; i < c.n; i++) {
        for (let p = ptr[i]!; p < ptr[i + 1]!; p++) {
          const a = idx[p]!;
          if (clusterOf[a]! < 0) continue;
          for (let q = p + 1; q < ptr[i + 1]!; q++) {
            const b = idx[q]!;
            if (clusterOf[b] === clusterOf[a]) out.push(i, a, b);
          }
        }
      }
      return Uint32Array.from(out);
    });
    this.variable = new Int32Array(D * M).fill(-1);
    this.size = new Uint32Array(clusters);
    this.offset = new Uint32Array(clusters + 1);
    this.factored = new Uint8Array(clusters);
    this.rhs = new Float64Array(CLUSTERS.maxCluster * D);
    this.solution = new Float64Array(CLUSTERS.maxCluster * D);
  }

  get clusters(): number {
    return this.size.length;
  }

  /** The mutations of cluster q. */
  cluster(q: number): Uint32Array {
    return this.members.subarray(this.start[q]!, this.start[q + 1]!);
  }

  /**
   * Assembles and factors each cluster's block of the Hessian in the manifold's variables:
   * `w[d][i]` is row i's ∂²f/∂φ² at the step's base point.
   */
  prepare(view: ManifoldView, w: readonly Float64Array[]): void {
    const { M, D, sign, variable, size, offset } = this;
    const { tiedMask, free, diag, damping } = view;
    variable.fill(-1);
    for (let q = 0; q < size.length; q++) {
      let v = 0;
      for (let j = this.start[q]!; j < this.start[q + 1]!; j++) {
        const m = this.members[j]!;
        const tied = tiedMask[m]!;
        let group = -1;
        for (let d = 0; d < D; d++) {
          const k = d * M + m;
          if (!free[k]) continue;
          if (tied & (1 << d)) {
            if (group < 0) group = v++;
            variable[k] = group;
          } else variable[k] = v++;
        }
      }
      size[q] = v;
      offset[q + 1] = offset[q]! + v * v;
    }
    const total = offset[size.length]!;
    if (this.matrix.length < total) {
      this.matrix = new Float64Array(total);
      this.factor = new Float64Array(total);
    }
    const A = this.matrix;
    A.fill(0, 0, total);
    // Diagonal: each coordinate's own curvature, summed into its variable (tied conditions share no rows).
    for (let k = 0; k < D * M; k++) {
      const v = variable[k]!;
      if (v < 0) continue;
      const q = this.clusterOf[k % M]!;
      A[offset[q]! + v * size[q]! + v]! += (1 + damping) * diag[k]!;
    }
    this.pairs.forEach((pairs, d) => {
      const wd = w[d]!;
      for (let p = 0; p < pairs.length; p += 3) {
        const ka = d * M + pairs[p + 1]!;
        const kb = d * M + pairs[p + 2]!;
        const va = variable[ka]!;
        const vb = variable[kb]!;
        if (va < 0 || vb < 0) continue;
        const q = this.clusterOf[pairs[p + 1]!]!;
        const h = sign[ka]! * sign[kb]! * wd[pairs[p]!]!;
        A[offset[q]! + va * size[q]! + vb]! += h;
        A[offset[q]! + vb * size[q]! + va]! += h;
      }
    });
    for (let q = 0; q < size.length; q++) {
      const n = size[q]!;
      const block = A.subarray(offset[q]!, offset[q]! + n * n);
      const factor = this.factor.subarray(offset[q]!, offset[q]! + n * n);
      // A block that is not positive definite (the exact Hessian away from a minimum) keeps Jacobi.
      this.factored[q] = n > 1 && choleskyFactor(block, n, factor, 1e-10) ? 1 : 0;
    }
  }

  /**
   * z ← the block solve of r on each factored cluster's coordinates (the others are left as
   * the caller's Jacobi step set them). r and z are in the manifold's tangent space.
   */
  apply(r: Float64Array, z: Float64Array): void {
    const { M, D, sign, variable, size, offset, rhs, solution } = this;
    for (let q = 0; q < size.length; q++) {
      if (!this.factored[q]) continue;
      const n = size[q]!;
      rhs.fill(0, 0, n);
      for (let j = this.start[q]!; j < this.start[q + 1]!; j++) {
        const m = this.members[j]!;
        for (let d = 0; d < D; d++) {
          const k = d * M + m;
          const v = variable[k]!;
          if (v >= 0) rhs[v]! += sign[k]! * r[k]!;
        }
      }
      choleskySubstitute(this.factor.subarray(offset[q]!, offset[q]! + n * n), n, rhs, solution);
      for (let j = this.start[q]!; j < this.start[q + 1]!; j++) {
        const m = this.members[j]!;
        for (let d = 0; d < D; d++) {
          const k = d * M + m;
          const v = variable[k]!;
          if (v >= 0) z[k] = sign[k]! * solution[v]!;
        }
      }
    }
  }
}

/** Each mutation's cluster (−1: in none), by the rule in the file's comment, and their number. */
function findClusters(fit: FitData): { clusterOf: Int32Array; clusters: number } {
  const { M } = fit;
  // Loss-weighted co-occurrence G_aa, and every row's pairs (a < b; rows list their columns in
  // ascending order) bucketed by a, in two sequential passes over the rows: visiting each
  // column's rows instead (through the transpose) is 10× slower from cache misses.
  const own = new Float64Array(M);
  const start = new Uint32Array(M + 1);
  for (const c of fit.data) {
    const { ptr, idx } = c.X;
    for (let i = 0; i < c.n; i++) {
      for (let p = ptr[i]!; p < ptr[i + 1]!; p++) {
        own[idx[p]!]! += c.c[i]!;
        start[idx[p]! + 1]! += ptr[i + 1]! - p - 1;
      }
    }
  }
  for (let a = 0; a < M; a++) start[a + 1]! += start[a]!;
  const partner = new Uint32Array(start[M]!);
  const weight = new Float64Array(start[M]!);
  const fill = start.slice(0, M);
  for (const c of fit.data) {
    const { ptr, idx } = c.X;
    for (let i = 0; i < c.n; i++) {
      for (let p = ptr[i]!; p < ptr[i + 1]!; p++) {
        const a = idx[p]!;
        for (let q = p + 1; q < ptr[i + 1]!; q++) {
          partner[fill[a]!] = idx[q]!;
          weight[fill[a]!++] = c.c[i]!;
        }
      }
    }
  }
  const shared = new Float64Array(M);
  const seen = new Uint8Array(M);
  const touched = new Uint32Array(M);
  const strong: { cos2: number; a: number; b: number }[] = [];
  for (let a = 0; a < M; a++) {
    let count = 0;
    for (let p = start[a]!; p < start[a + 1]!; p++) {
      const b = partner[p]!;
      if (!seen[b]) {
        seen[b] = 1;
        touched[count++] = b;
      }
      shared[b]! += weight[p]!;
    }
    for (let j = 0; j < count; j++) {
      const b = touched[j]!;
      const g = shared[b]!;
      shared[b] = 0;
      seen[b] = 0;
      const cos2 = (g * g) / (own[a]! * own[b]!);
      if (cos2 >= CLUSTERS.strong) strong.push({ cos2, a, b });
    }
  }
  strong.sort((x, y) => y.cos2 - x.cos2);
  const parent = Int32Array.from({ length: M }, (_, m) => m);
  const count = new Uint32Array(M).fill(1);
  const root = (m: number): number => {
    while (parent[m] !== m) m = parent[m] = parent[parent[m]!]!;
    return m;
  };
  for (const { a, b } of strong) {
    const ra = root(a);
    const rb = root(b);
    if (ra === rb || count[ra]! + count[rb]! > CLUSTERS.maxCluster) continue;
    parent[rb] = ra;
    count[ra]! += count[rb]!;
  }
  const id = new Int32Array(M).fill(-1);
  const out = new Int32Array(M).fill(-1);
  let next = 0;
  for (let m = 0; m < M; m++) {
    const r = root(m);
    if (count[r]! < 2) continue;
    if (id[r]! < 0) id[r] = next++;
    out[m] = id[r]!;
  }
  return { clusterOf: out, clusters: next };
}
