/**
 * The proximal Newton subproblem  min_δ q(δ) + λP(x + δ), q the Gauss–Newton model of f at x,
 * solved by block coordinate descent as glmnet does for the lasso. The model's change of every
 * prediction, Jδ, is kept in two parts: v, what the beta moves contributed (per row), and e, the
 * sum of the dense block's moves, so that Jδ = v + J_dense e. With the model's per-column U
 * (gaussNewton.ts) and B = J_denseᵀ diag(c) v (c the model's row weights, c·ρ''; kept as betas
 * move), neither block needs a pass over the rows for the dense block's moves:
 *  - the dense block (β̃0 and θ, which touch every row): a small box-constrained QP, exact;
 *  - each mutation's D betas: their block Hessian is diagonal (conditions share no rows), so the
 *    block minimiser is exactly the weighted shift prox of their Newton point.
 * Building U costs once per Newton step what the sweeps, several per step, save (measured in
 * bench/solver-tuning.md).
 * Sweeps are Anderson-extrapolated (in (δ, v, e, B), which stay consistent as all are linear
 * in δ): coordinate descent alone crawls along the valleys where many betas and β0 trade off.
 */
import { Anderson } from '../linalg/anderson';
import { solveBoxQp } from '../linalg/boxQp';
import { ALL_BETAS, type GaussNewtonModel } from './gaussNewton';
import type { Problem } from '../problem';

export class NewtonSubproblem {
  /** The step δ, the point x + δ, and the beta moves' part of Jδ per condition. */
  readonly delta: Float64Array;
  readonly target: Float64Array;
  private readonly v: Float64Array[];
  /** The dense block's summed moves e, and B = J_denseᵀ diag(c) v. */
  private readonly e: Float64Array;
  private readonly B: Float64Array;
  private readonly n: number;
  private readonly rows: number;
  private readonly K: number;
  private readonly eps: Float64Array;
  private readonly bDense: Float64Array;
  private readonly loDense: Float64Array;
  private readonly hiDense: Float64Array;
  private readonly Hd: Float64Array;
  private readonly hBlock: Float64Array;
  private readonly zBlock: Float64Array;
  private readonly uBlock: Float64Array;
  /** Ridge + damping (+ the model's curvature floor) per coordinate. */
  private readonly r: Float64Array;
  private readonly anderson: Anderson;
  private readonly packed: Float64Array;
  /** (δ, v) kept while an extrapolation is tried. */
  private readonly saved: Float64Array;
  /** Mutations that moved in the last beta sweep. */
  private readonly active: Uint32Array;
  private activeCount = 0;
  private x!: Float64Array;
  private grad!: Float64Array;

  constructor(
    private readonly problem: Problem,
    private readonly model: GaussNewtonModel,
  ) {
    const fit = problem.dataFit.fit;
    this.n = problem.layout.size;
    this.rows = fit.data.reduce((s, c) => s + c.n, 0);
    this.K = model.dense.length;
    const K = this.K;
    const D = problem.layout.D;
    this.delta = new Float64Array(this.n);
    this.target = new Float64Array(this.n);
    this.v = fit.data.map((c) => new Float64Array(c.n));
    this.e = new Float64Array(K);
    this.B = new Float64Array(K);
    this.eps = new Float64Array(K);
    this.bDense = new Float64Array(K);
    this.loDense = new Float64Array(K);
    this.hiDense = new Float64Array(K);
    this.Hd = new Float64Array(K * K);
    this.hBlock = new Float64Array(D);
    this.zBlock = new Float64Array(D);
    this.uBlock = new Float64Array(D);
    this.r = new Float64Array(this.n);
    const packedLength = this.n + this.rows + 2 * K;
    this.anderson = new Anderson(packedLength);
    this.packed = new Float64Array(packedLength);
    this.saved = new Float64Array(packedLength);
    this.active = new Uint32Array(problem.layout.M);
  }

  /** Starts a subproblem at x (the model must be built at x) with damping μ. */
  start(x: Float64Array, grad: Float64Array, mu: number): void {
    const { problem, model, K } = this;
    this.x = x;
    this.grad = grad;
    this.delta.fill(0);
    for (const a of this.v) a.fill(0);
    this.e.fill(0);
    this.B.fill(0);
    this.target.set(x);
    for (let k = 0; k < this.n; k++)
      this.r[k] = model.ridge[k]! + mu * problem.W[k]! + model.curvatureFloor[k]!;
    this.Hd.set(model.Hdense);
    const nb = problem.layout.beta0;
    model.dense.forEach((k, a) => {
      if (k === ALL_BETAS) {
        // E moves every β by ±1 in fitting coordinates: its ridge/damping is Σ_j r_j.
        let rE = 0;
        for (let j = 0; j < nb; j++) rE += this.r[j]!;
        this.Hd[a * K + a]! += rE;
      } else this.Hd[a * K + a]! += this.r[k]!;
    });
    this.anderson.reset();
  }

  /**
   * Runs sweeps until a full sweep's progress falls below `tolerance` × the first one's, or
   * `maxSweeps`; returns the number of sweeps. As in glmnet, after a full sweep only the blocks
   * that moved are swept again until they settle, then a full sweep checks the rest.
   */
  solve(maxSweeps: number, tolerance: number): number {
    let first = 0;
    let full = true;
    for (let sweep = 1; sweep <= maxSweeps; sweep++) {
      const progress = Math.max(this.sweepDense(), this.sweepBetas(full));
      if (sweep === 1) first = progress;
      const proposal = this.anderson.push(this.pack());
      if (proposal) this.tryExtrapolation(proposal);
      if (progress <= tolerance * first) {
        if (full) return sweep;
        full = true;
      } else full = false;
    }
    return maxSweeps;
  }

  /** q(δ) + λP(x + δ) − λP(x), the model's predicted change of F. */
  modelValue(): number {
    let q = 0;
    for (let k = 0; k < this.n; k++) {
      const d = this.delta[k]!;
      q += this.grad[k]! * d + 0.5 * this.r[k]! * d * d;
    }
    // ½ Σ c (v + J_dense e)² = ½ Σ c v² + eᵀB + ½ eᵀ H_dense e.
    this.problem.dataFit.fit.data.forEach((c, d) => {
      const vd = this.v[d]!;
      const w = c.c;
      const rho2 = this.model.lossCurvature[d]!;
      let s = 0;
      for (let i = 0; i < c.n; i++) s += w[i]! * rho2[i]! * vd[i]! * vd[i]!;
      q += 0.5 * s;
    });
    for (let a = 0; a < this.K; a++) q += this.e[a]! * (this.B[a]! + 0.5 * this.addDenseTimesE(a, 0));
    return q + this.problem.penaltyValue(this.target) - this.problem.penaltyValue(this.x);
  }

  /** start + (H_dense e)_a: the dense block's own coupling, for the model's value and gradient. */
  private addDenseTimesE(a: number, start: number): number {
    const { K, e } = this;
    const H = this.model.Hdense;
    let s = start;
    for (let b = 0; b < K; b++) s += H[a * K + b]! * e[b]!;
    return s;
  }

  /** ∇f(x)ᵀδ + λP(x + δ) − λP(x): the first-order decrease used by the line search. */
  directionalDecrease(): number {
    let s = 0;
    for (let k = 0; k < this.n; k++) s += this.grad[k]! * this.delta[k]!;
    return s + this.problem.penaltyValue(this.target) - this.problem.penaltyValue(this.x);
  }

  /** (δ, v, e, B) as one vector, into `p` (the Anderson buffer unless told). */
  private pack(p = this.packed): Float64Array {
    p.set(this.delta);
    let o = this.n;
    for (const a of this.v) {
      p.set(a, o);
      o += a.length;
    }
    p.set(this.e, o);
    p.set(this.B, o + this.K);
    return p;
  }

  /** Moves to the extrapolated (δ, v, e, B) if it is feasible and lowers the model. */
  private tryExtrapolation(proposal: Float64Array): void {
    const { problem, n } = this;
    for (let k = problem.layout.beta0; k < n; k++) {
      const t = this.x[k]! + proposal[k]!;
      if (t < problem.lower[k]! || t > problem.upper[k]!) return;
    }
    const current = this.modelValue();
    this.pack(this.saved);
    this.unpack(proposal);
    if (this.modelValue() < current) this.anderson.reset();
    else this.unpack(this.saved);
  }

  private unpack(p: Float64Array): void {
    this.delta.set(p.subarray(0, this.n));
    for (let k = 0; k < this.n; k++) this.target[k] = this.x[k]! + this.delta[k]!;
    let o = this.n;
    for (const a of this.v) {
      a.set(p.subarray(o, o + a.length));
      o += a.length;
    }
    this.e.set(p.subarray(o, o + this.K));
    this.B.set(p.subarray(o + this.K, o + 2 * this.K));
  }

  /**
   * Exact minimisation of the model over increments of the dense block (β̃0, θ and E) from the
   * current δ; returns the progress.
   */
  private sweepDense(): number {
    const { K, model, problem, delta, target, eps, bDense, e, B } = this;
    if (K === 0) return 0;
    const fit = problem.dataFit.fit;
    const sign = fit.sign;
    const nb = problem.layout.beta0;
    // Model gradient at δ for each dense coordinate: g + Jᵀ diag(c) v + r∘δ.
    model.dense.forEach((k, a) => {
      if (k === ALL_BETAS) {
        let s = 0;
        for (let j = 0; j < nb; j++) s += (this.grad[j]! + this.r[j]! * delta[j]!) * sign[j]!;
        bDense[a] = s;
        this.loDense[a] = -Infinity;
        this.hiDense[a] = Infinity;
      } else {
        bDense[a] = this.grad[k]! + this.r[k]! * delta[k]!;
        this.loDense[a] = problem.lower[k]! - target[k]!;
        this.hiDense[a] = problem.upper[k]! - target[k]!;
      }
    });
    // + J_denseᵀ diag(c) Jδ = B + H_dense e.
    for (let a = 0; a < K; a++) bDense[a]! += this.addDenseTimesE(a, B[a]!);
    eps.fill(0);
    solveBoxQp(this.Hd, bDense, this.loDense, this.hiDense, eps);
    let progress = 0;
    for (let a = 0; a < K; a++)
      progress = Math.max(progress, Math.abs(eps[a]!) * Math.sqrt(this.Hd[a * K + a]!));
    if (progress === 0) return 0;
    model.dense.forEach((k, a) => {
      const ea = eps[a]!;
      if (ea === 0) return;
      e[a]! += ea;
      if (k === ALL_BETAS) {
        for (let j = 0; j < nb; j++) {
          delta[j]! += ea * sign[j]!;
          target[j]! += ea * sign[j]!;
        }
      } else {
        delta[k]! += ea;
        target[k]! += ea;
      }
    });
    return progress;
  }

  /**
   * One pass over the mutations (all of them, or those that moved in the previous pass): exact
   * block prox of each block's Newton point; returns the progress.
   */
  private sweepBetas(all: boolean): number {
    const { problem, model, grad } = this;
    const fit = problem.dataFit.fit;
    const { D, M } = problem.layout;
    const { hBlock, zBlock, uBlock, delta, target, r, K, e, B } = this;
    const penalised = D > 1 && problem.lambda > 0;
    let progress = 0;
    const count = all ? M : this.activeCount;
    let moved = 0;
    for (let q = 0; q < count; q++) {
      const m = all ? q : this.active[q]!;
      let changed = false;
      for (let d = 0; d < D; d++) {
        const j = d * M + m;
        const { ptr, idx } = fit.data[d]!.Xt;
        const ws = model.columnWeightedSlope[d]!;
        const vd = this.v[d]!;
        const U = model.columnDense[d]!;
        let gq = grad[j]! + r[j]! * delta[j]!;
        for (let a = 0; a < K; a++) gq += U[m * K + a]! * e[a]!;
        const end = ptr[m + 1]!;
        for (let k = ptr[m]!; k < end; k++) gq += ws[k]! * vd[idx[k]!]!;
        const h = model.hBeta[j]! + r[j]!;
        hBlock[d] = h;
        zBlock[d] = target[j]! - gq / h;
      }
      if (penalised) {
        if (problem.penalty.uniformMetric) {
          // A common, larger curvature majorises the block: re-centre each Newton point for it.
          let hmax = 0;
          for (let d = 0; d < D; d++) hmax = Math.max(hmax, hBlock[d]!);
          for (let d = 0; d < D; d++) {
            const t = target[d * M + m]!;
            zBlock[d] = t + ((zBlock[d]! - t) * hBlock[d]!) / hmax;
            hBlock[d] = hmax;
          }
        }
        problem.proxBlock(m, zBlock, hBlock, uBlock);
      } else uBlock.set(zBlock);
      for (let d = 0; d < D; d++) {
        const j = d * M + m;
        const change = uBlock[d]! - target[j]!;
        if (change === 0) continue;
        changed = true;
        progress = Math.max(progress, Math.abs(change) * Math.sqrt(hBlock[d]!));
        target[j] = uBlock[d]!;
        delta[j]! += change;
        const { ptr, idx } = fit.data[d]!.Xt;
        const s = model.columnSlope[d]!;
        const vd = this.v[d]!;
        const end = ptr[m + 1]!;
        for (let k = ptr[m]!; k < end; k++) vd[idx[k]!]! += s[k]! * change;
        const U = model.columnDense[d]!;
        for (let a = 0; a < K; a++) B[a]! += change * U[m * K + a]!;
      }
      // Moved blocks are swept again; `moved` never overtakes q, so writing in place is safe.
      if (changed) this.active[moved++] = m;
    }
    this.activeCount = moved;
    return progress;
  }
}
