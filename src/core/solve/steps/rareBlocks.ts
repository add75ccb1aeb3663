/**
 * Exact block steps for rare mutations, taken between APG's iterations (apg.ts).
 *
 * Why: a mutation seen in one or two variants moves only those variants' latent phenotypes. Where
 * they sit on the sigmoid's flat floor or top, its gradient is tiny next to its metric W (the
 * loss weight of its rows), so APG's diagonal step barely moves it, though nothing but the ridge
 * holds it: such mutations can hold a fit's certificate for hundreds of iterations while F barely
 * falls (on Delta+BA.2 at the defaults, the last 340 of 739; bench/solver-tuning.md).
 *
 * With every other coordinate fixed, a rare mutation's D coordinates (one per condition) meet the
 * data only through its own rows, so its block is a tiny problem: a few rows' losses, its ridge
 * and its shift penalty. Proximal Newton on that block (a curvature per condition, a separable
 * quadratic, so the block's exact prox solves the model) with a backtracking line search
 * on the block's own objective minimises it; each accepted block lowers F. Blocks are swept in
 * turn (Gauss–Seidel), each update carried into its rows' latents.
 */
import { newEval } from '../../model/epistasis';
import { denseCurvature } from '../../model/loss';
import type { Problem } from '../problem';
import { RARE_BLOCKS } from '../tuning';

export class RareBlocks {
  /** The rare mutations (columns of the design), grouped: those that share a variant together. */
  readonly groups: Uint32Array[];
  /** The rare mutations' share of the design's nonzero entries. */
  readonly entryShare: number;
  private readonly z: Float64Array;
  private readonly trial: Float64Array;
  private readonly v: Float64Array;
  private readonly grad: Float64Array;
  private readonly hess: Float64Array;
  private readonly w: Float64Array;
  private readonly out: Float64Array;
  private readonly e;
  private readonly theta: Float64Array;
  /** The certificate entry of the last block solved, before and after its steps. */
  private startGap = 0;
  private endGap = 0;

  /**
   * The rare blocks of the problem when they are worth the sweeps: with a ridge on β (else a
   * block's optimum may be at infinity) and when the rare mutations hold at most
   * RARE_BLOCKS.maxEntryShare of the design's entries (else APG's own steps are the cheaper way
   * to move them).
   */
  static worthSweeping(problem: Problem): RareBlocks | undefined {
    if (!(problem.dataFit.parts.ridgeBeta > 0)) return undefined;
    const blocks = new RareBlocks(problem);
    return blocks.groups.length > 0 && blocks.entryShare <= RARE_BLOCKS.maxEntryShare ? blocks : undefined;
  }

  constructor(private readonly problem: Problem) {
    const fit = problem.dataFit.fit;
    const { D, M } = problem.layout;
    const rare: number[] = [];
    let rareEntries = 0;
    let entries = 0;
    for (const c of fit.data) entries += c.X.ptr[c.X.rows]!;
    for (let m = 0; m < M; m++) {
      let rows = 0;
      let ok = true;
      for (let d = 0; d < D && ok; d++) {
        const k = d * M + m;
        // A bundle column (flipped: 1 − X) touches nearly every row of its condition.
        if (fit.sign[k]! < 0 || !problem.free[k]) ok = false;
        const Xt = fit.data[d]!.Xt;
        rows += Xt.ptr[m + 1]! - Xt.ptr[m]!;
      }
      if (ok && rows > 0 && rows <= RARE_BLOCKS.rows) {
        rare.push(m);
        rareEntries += rows;
      }
    }
    this.entryShare = rareEntries / entries;
    this.groups = sharingGroups(problem, rare);
    this.z = new Float64Array(D);
    this.trial = new Float64Array(D);
    this.v = new Float64Array(D);
    this.grad = new Float64Array(D);
    this.hess = new Float64Array(D);
    this.w = new Float64Array(D);
    this.out = new Float64Array(D);
    this.e = newEval(problem.dataFit.parts.epistasis);
    this.theta = new Float64Array(problem.layout.T);
  }

  /**
   * The largest certificate entry (unscaled, as stationarity() measures it) over the rare blocks,
   * at x with ∇f(x) = grad.
   */
  certificate(x: Float64Array, grad: Float64Array): number {
    const { D, M } = this.problem.layout;
    const W = this.problem.W;
    let worst = 0;
    for (const group of this.groups)
      for (const m of group) {
        for (let d = 0; d < D; d++) {
          const k = d * M + m;
          this.z[d] = x[k]!;
          this.w[d] = W[k]!;
          this.grad[d] = grad[k]!;
        }
        worst = Math.max(worst, this.gap(m));
      }
    return worst;
  }

  /**
   * Mutation m's certificate entry at its betas z with gradient grad, in the metric w (this.z,
   * this.grad, this.w): max_d |z_d − prox^w(z − grad/w)_d|, as stationarity() measures it.
   */
  private gap(m: number): number {
    const { z, grad, w, v, out } = this;
    const D = z.length;
    for (let d = 0; d < D; d++) v[d] = z[d]! - grad[d]! / w[d]!;
    this.problem.proxBlock(m, v, w, out);
    let gap = 0;
    for (let d = 0; d < D; d++) gap = Math.max(gap, Math.abs(z[d]! - out[d]!));
    return gap;
  }

  /**
   * Minimises F over each rare block in turn, the rest of x fixed, until the block's certificate
   * entry is at most `goal`. The data fit's latents (dataFit.phi) must be those of x; they are
   * kept in step with the blocks changed. Returns how much F fell.
   */
  sweep(x: Float64Array, goal: number): number {
    const L = this.problem.layout;
    for (let j = 0; j < L.T; j++) this.theta[j] = x[L.theta + j]!;
    let fell = 0;
    // Mutations that share a variant move each other's optimum: their group is swept again
    // until none of them had to move; a group of one, until its steps reach the goal.
    let active = this.groups;
    for (let sweep = 0; sweep < RARE_BLOCKS.maxSweeps && active.length > 0; sweep++) {
      const again: Uint32Array[] = [];
      for (const group of active) {
        let worst = 0;
        for (const m of group) {
          fell += this.block(x, m, goal);
          worst = Math.max(worst, group.length > 1 ? this.startGap : this.endGap);
        }
        if (worst > goal) again.push(group);
      }
      active = again;
    }
    return fell;
  }

  private block(x: Float64Array, m: number, goal: number): number {
    const { D, M } = this.problem.layout;
    const W = this.problem.W;
    const { z, trial, v, grad, hess, w, out } = this;
    for (let d = 0; d < D; d++) {
      z[d] = x[d * M + m]!;
      w[d] = W[d * M + m]!;
    }
    const start = this.value(x, m, z);
    let F = start;
    for (let step = 0; step < RARE_BLOCKS.maxSteps; step++) {
      this.derivatives(x, m, z);
      // The certificate entry at z (metric W), then the Newton model's minimiser (metric h).
      const gap = this.gap(m);
      if (step === 0) this.startGap = gap;
      this.endGap = gap;
      if (gap <= goal) break;
      for (let d = 0; d < D; d++) v[d] = z[d]! - grad[d]! / hess[d]!;
      this.problem.proxBlock(m, v, hess, out);
      let accepted = false;
      for (let a = 1, k = 0; k < RARE_BLOCKS.maxHalvings; k++, a /= 2) {
        for (let d = 0; d < D; d++) trial[d] = z[d]! + a * (out[d]! - z[d]!);
        const Ft = this.value(x, m, trial);
        if (Ft < F) {
          z.set(trial);
          F = Ft;
          accepted = true;
          break;
        }
      }
      if (!accepted) break;
    }
    if (!(F < start)) return 0;
    // Take the block: its rows' latents move with it.
    const fit = this.problem.dataFit.fit;
    for (let d = 0; d < D; d++) {
      const k = d * M + m;
      const dz = z[d]! - x[k]!;
      if (dz === 0) continue;
      const { ptr, idx } = fit.data[d]!.Xt;
      const phi = this.problem.dataFit.phi[d]!;
      for (let p = ptr[m]!; p < ptr[m + 1]!; p++) phi[idx[p]!]! += dz;
      x[k] = z[d]!;
    }
    return start - F;
  }

  /** The block's objective at z: its rows' losses, its ridge and its shift penalty (F up to a constant). */
  private value(x: Float64Array, m: number, z: Float64Array): number {
    const { D, M } = this.problem.layout;
    const f = this.problem.dataFit;
    const { epistasis: g, activation: t, loss } = f.parts;
    let s = 0;
    for (let d = 0; d < D; d++) {
      const k = d * M + m;
      const dz = z[d]! - x[k]!;
      const c = f.fit.data[d]!;
      const { ptr, idx } = c.Xt;
      const phi = f.phi[d]!;
      for (let p = ptr[m]!; p < ptr[m + 1]!; p++) {
        const i = idx[p]!;
        s += c.c[i]! * loss.value(c.y[i]! - t.value(g.value(phi[i]! + dz, this.theta)));
      }
      s += f.betaRidge[k]! * z[d]! * z[d]!;
    }
    return s + this.problem.blockPenalty(m, z);
  }

  /**
   * ∂f/∂z_d and its curvature, per condition, at z (the ridge included). The curvature is Newton's
   * (a central difference of each row's force in its latent) where positive, else Gauss–Newton's:
   * where a block's rows sit where the sigmoid bends (ψ·ŷ″ < 0), Gauss–Newton's alone takes steps
   * too long and the block swings about its minimum (bench/solver-tuning.md).
   */
  private derivatives(x: Float64Array, m: number, z: Float64Array): void {
    const { D, M } = this.problem.layout;
    const f = this.problem.dataFit;
    const { loss } = f.parts;
    for (let d = 0; d < D; d++) {
      const k = d * M + m;
      const dz = z[d]! - x[k]!;
      const c = f.fit.data[d]!;
      const { ptr, idx } = c.Xt;
      const phi = f.phi[d]!;
      let gd = 2 * f.betaRidge[k]! * z[d]!;
      let newton = 2 * f.betaRidge[k]!;
      let gaussNewton = newton;
      for (let p = ptr[m]!; p < ptr[m + 1]!; p++) {
        const i = idx[p]!;
        const at = phi[i]! + dz;
        const w = c.c[i]!;
        const slope = this.rowForce(at, c.y[i]!);
        gd += w * slope.force;
        gaussNewton += w * denseCurvature(slope.r, loss.delta) * slope.slope * slope.slope;
        const eps = 1e-4 * Math.max(1, Math.abs(at));
        newton +=
          (w * (this.rowForce(at + eps, c.y[i]!).force - this.rowForce(at - eps, c.y[i]!).force)) / (2 * eps);
      }
      this.grad[d] = gd;
      // Floored so that a condition without rows or ridge still takes a finite step.
      this.hess[d] = Math.max(newton > 0 ? newton : gaussNewton, 1e-9 * this.w[d]!);
    }
  }

  private readonly row = { force: 0, slope: 0, r: 0 };

  /** One row at latent φ with score y: ∂ρ/∂φ (per unit row weight), ∂ŷ/∂φ and the residual. */
  private rowForce(phi: number, y: number): { force: number; slope: number; r: number } {
    const { epistasis: g, activation: t, loss } = this.problem.dataFit.parts;
    const e = this.e;
    g.evaluate(phi, this.theta, e, false);
    const row = this.row;
    row.slope = t.du(e.g) * e.dz;
    row.r = y - t.value(e.g);
    row.force = -loss.psi(row.r) * row.slope;
    return row;
  }
}

/** The rare columns grouped by shared rows (connected components: union–find over each row's rare columns). */
function sharingGroups(problem: Problem, rare: number[]): Uint32Array[] {
  const fit = problem.dataFit.fit;
  const slot = new Int32Array(problem.layout.M).fill(-1);
  rare.forEach((m, i) => (slot[m] = i));
  const parent = rare.map((_, i) => i);
  const root = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  for (const { X } of fit.data)
    for (let i = 0; i < X.rows; i++) {
      let first = -1;
      for (let k = X.ptr[i]!; k < X.ptr[i + 1]!; k++) {
        const r = slot[X.idx[k]!]!;
        if (r < 0) continue;
        if (first < 0) first = r;
        else parent[root(r)] = root(first);
      }
    }
  const members = new Map<number, number[]>();
  rare.forEach((m, i) => {
    const r = root(i);
    const list = members.get(r);
    if (list) list.push(m);
    else members.set(r, [m]);
  });
  return [...members.values()].map((list) => Uint32Array.from(list));
}
