/**
 * A Newton step on the identified manifold, for the tail of APG (default model, reference-based
 * penalty). Once the pattern of zero shifts has settled, F is smooth on the set where it stays:
 * each mutation's natural β of the reference and of every condition whose shift is zero move
 * together, the other shifts keep their signs, θ at a bound stays there, locked coordinates stay.
 * On that set the step solves H p = −∇F by preconditioned conjugate gradients, H the exact
 * Hessian of f (its products: dataHessian.ts). Where H is not positive on the manifold (CG meets
 * negative curvature: on XBB.1.5 at stationarity 1e-2, 8 and 16 iterations in), the step is
 * solved again with the Gauss–Newton part alone.
 * Trial points keep each shift's sign: one that would cross zero is set to zero instead.
 *
 * Why: APG's tail is held by pairs of mutations that appear in nearly the same variants, whose
 * difference only the small ridge determines; a diagonal metric sees them as one stiff
 * direction and crawls along the other. CG, preconditioned by blocks over such clusters
 * (clusterPreconditioner.ts), resolves them in a few iterations (bench/solver-tuning.md).
 */
import { ClusterPreconditioner } from '../linalg/clusterPreconditioner';
import { DataHessian } from '../steps/dataHessian';
import type { Problem } from '../problem';
import { MANIFOLD_NEWTON } from '../tuning';

export class ManifoldNewton {
  private readonly n: number;
  /** The data fit's Hessian at the step's base point. */
  private readonly hessian: DataHessian;
  /** Per mutation, the conditions whose natural β moves with the reference's (bit d for condition d). */
  private readonly tiedMask: Uint32Array;
  private readonly free: Uint8Array;
  private readonly diag: Float64Array;
  private readonly gradF: Float64Array;
  private readonly p: Float64Array;
  private readonly r: Float64Array;
  private readonly z: Float64Array;
  private readonly q: Float64Array;
  private readonly hq: Float64Array;
  readonly trial: Float64Array;
  /** ∇f at the trial and f there: the step's own pass at the trial, which APG goes on from. */
  readonly trialGradient: Float64Array;
  trialLoss = NaN;
  /** Found at the first step, once per design (clusterPreconditioner.ts). */
  private blocks?: ClusterPreconditioner;
  /** CG iterations and data passes of the last step, and whether its CG met its tolerance. */
  iterations = 0;
  passes = 0;
  solved = false;
  /** Whether the last CG met a direction of non-positive curvature. */
  private negative = false;

  /** Whether the step applies: the default model, the reference-based penalty, at most 32 conditions. */
  static applies(problem: Problem): boolean {
    return (
      problem.dataFit.sigmoidIdentity &&
      (problem.penalty.fusesToReference || problem.lambda === 0 || problem.layout.D === 1) &&
      problem.layout.D <= 32
    );
  }

  /**
   * `ties`, when given, is the manifold itself (per mutation, bit d: condition d's natural β moves
   * with the reference's), held whatever the shifts at the step's base point: the refit on a lasso
   * fit's support (relaxedFit.ts), whose problem has no penalty to say which shifts are zero.
   */
  constructor(
    private readonly problem: Problem,
    private readonly ties?: Uint32Array,
  ) {
    const L = problem.layout;
    this.n = L.size;
    this.hessian = new DataHessian(problem.dataFit.fit.data);
    this.tiedMask = new Uint32Array(L.M);
    this.free = new Uint8Array(L.size);
    this.diag = new Float64Array(L.size);
    this.gradF = new Float64Array(L.size);
    this.p = new Float64Array(L.size);
    this.r = new Float64Array(L.size);
    this.z = new Float64Array(L.size);
    this.q = new Float64Array(L.size);
    this.hq = new Float64Array(L.size);
    this.trial = new Float64Array(L.size);
    this.trialGradient = new Float64Array(L.size);
  }

  /**
   * From x (the data fit's last pass at x, with gradient `grad`, objective Fx), tries the Newton
   * step on the manifold; returns the new objective with the point in `trial` and ∇f there in
   * `trialGradient` (each trial's pass is a gradient pass, with APG's dense curvature, so that
   * APG need not pass over the accepted one again), or undefined when no tried step length
   * lowers F.
   */
  step(x: Float64Array, grad: Float64Array, Fx: number, cgTolerance: number): number | undefined {
    this.passes = 0;
    this.solved = false;
    this.identify(x);
    this.reducedGradient(x, grad);
    this.hessian.prepare(this.problem.dataFit, x[this.problem.layout.theta]!);
    this.diagonal();
    let descent = this.solve(cgTolerance);
    if (this.negative) {
      this.hessian.toGaussNewton();
      this.diagonal();
      descent = this.solve(cgTolerance);
    }
    if (!descent) return undefined;
    const { problem, trial, p, n } = this;
    for (let alpha = 1; this.passes < MANIFOLD_NEWTON.maxHalvings; alpha /= 2) {
      for (let k = 0; k < n; k++) trial[k] = x[k]! + alpha * p[k]!;
      problem.project(trial);
      if (problem.lambda > 0) this.keepSigns(x, trial);
      const loss = problem.dataFit.valueAndGradient(trial, this.trialGradient, { curvature: true });
      const F = loss + problem.penaltyValue(trial);
      this.passes++;
      if (F < Fx) {
        this.trialLoss = loss;
        return F;
      }
    }
    return undefined;
  }

  /**
   * The certificate on the manifold: ∇F projected on its tangent space, largest entry over W
   * (the measure of the problem's stationarity), at x with ∇f `grad`.
   */
  tangentStationarity(x: Float64Array, grad: Float64Array): number {
    this.identify(x);
    this.reducedGradient(x, grad);
    return this.scaledMax(this.gradF);
  }

  /** Which shifts are zero (tied to the reference), which coordinates may move. */
  private identify(x: Float64Array): void {
    const { problem } = this;
    const L = problem.layout;
    const { M, D } = L;
    const fit = problem.dataFit.fit;
    const ref = fit.reference;
    const sign = fit.sign;
    const penalised = problem.lambda > 0 && D > 1;
    if (this.ties) this.tiedMask.set(this.ties);
    else
      for (let m = 0; m < M; m++) {
        let mask = 0;
        if (penalised) {
          const ur = sign[ref * M + m]! * x[ref * M + m]!;
          for (let d = 0; d < D; d++)
            if (d === ref || sign[d * M + m]! * x[d * M + m]! === ur) mask |= 1 << d;
        }
        this.tiedMask[m] = mask;
      }
    for (let k = 0; k < L.size; k++) {
      const atBound = k >= L.beta0 && (x[k]! <= problem.lower[k]! || x[k]! >= problem.upper[k]!);
      this.free[k] = problem.free[k]! && !atBound ? 1 : 0;
    }
  }

  /**
   * Shifts that would change sign between x and the trial are set to zero instead (the
   * condition's natural β joins the reference's): F is smooth only while no shift crosses zero,
   * so this keeps the trial on the face of the penalty the step was computed for.
   */
  private keepSigns(x: Float64Array, trial: Float64Array): void {
    const { M, D } = this.problem.layout;
    const fit = this.problem.dataFit.fit;
    const ref = fit.reference;
    const sign = fit.sign;
    for (let m = 0; m < M; m++) {
      const mask = this.tiedMask[m]!;
      const ur = sign[ref * M + m]! * x[ref * M + m]!;
      const tr = sign[ref * M + m]! * trial[ref * M + m]!;
      for (let d = 0; d < D; d++) {
        if (mask & (1 << d) || !this.free[d * M + m]) continue;
        const k = d * M + m;
        if ((sign[k]! * x[k]! - ur) * (sign[k]! * trial[k]! - tr) <= 0) trial[k] = sign[k]! * tr;
      }
    }
  }

  /**
   * v projected on the manifold's tangent space: fixed coordinates 0, each mutation's tied
   * conditions moved by their mean natural change. With `scale`, the tied group's entry is
   * divided by its summed `scale` instead (the Jacobi preconditioner of the group variable).
   */
  private project(v: Float64Array, scale?: Float64Array): void {
    const L = this.problem.layout;
    const { M, D } = L;
    const sign = this.problem.dataFit.fit.sign;
    for (let k = 0; k < L.size; k++) {
      if (!this.free[k]) v[k] = 0;
      else if (scale && (k >= L.beta0 || !(this.tiedMask[k % M]! & (1 << Math.floor(k / M)))))
        v[k] = v[k]! / scale[k]!;
    }
    for (let m = 0; m < M; m++) {
      const mask = this.tiedMask[m]!;
      if (mask === 0) continue;
      let s = 0;
      let count = 0;
      for (let d = 0; d < D; d++) {
        if (!(mask & (1 << d)) || !this.free[d * M + m]) continue;
        s += sign[d * M + m]! * v[d * M + m]!;
        count += scale ? scale[d * M + m]! : 1;
      }
      if (count === 0) continue;
      const mean = s / count;
      for (let d = 0; d < D; d++)
        if (mask & (1 << d) && this.free[d * M + m]) v[d * M + m] = sign[d * M + m]! * mean;
    }
  }

  /** ∇F on the manifold: ∇f plus λω_d·sign of each nonzero shift, projected. */
  private reducedGradient(x: Float64Array, grad: Float64Array): void {
    const { problem, gradF } = this;
    const { M, D } = problem.layout;
    const fit = problem.dataFit.fit;
    const ref = fit.reference;
    const sign = fit.sign;
    const weight = Float64Array.from({ length: D }, (_, d) => problem.penalty.shiftWeight?.(d) ?? 1);
    gradF.set(grad);
    for (let m = 0; m < M; m++) {
      const ur = sign[ref * M + m]! * x[ref * M + m]!;
      for (let d = 0; d < D; d++) {
        if (this.tiedMask[m]! & (1 << d)) continue;
        const s = Math.sign(sign[d * M + m]! * x[d * M + m]! - ur) * problem.lambda * weight[d]!;
        gradF[d * M + m]! += s * sign[d * M + m]!;
        gradF[ref * M + m]! -= s * sign[ref * M + m]!;
      }
    }
    this.project(gradF);
  }

  /** The Hessian's diagonal and its cluster blocks (the preconditioner), from the rows' derivatives. */
  private diagonal(): void {
    const { problem, diag } = this;
    const f = problem.dataFit;
    const L = problem.layout;
    this.hessian.diagonal(diag, L);
    const ridge = f.betaRidge;
    for (let k = 0; k < L.beta0; k++) diag[k]! += 2 * ridge[k]!;
    for (let j = 0; j < L.T; j++) diag[L.theta + j]! += 2 * f.parts.ridgeTheta[j]!;
    // The exact Hessian's diagonal may be ≤ 0 away from a minimum: floor it for the preconditioner.
    let top = 0;
    for (let k = 0; k < L.size; k++) top = Math.max(top, diag[k]!);
    for (let k = 0; k < L.size; k++) diag[k] = Math.max(diag[k]!, 1e-12 * top, 1e-300);
    this.blocks ??= ClusterPreconditioner.of(f.fit);
    this.blocks.prepare(
      { tiedMask: this.tiedMask, free: this.free, diag, damping: MANIFOLD_NEWTON.damping },
      this.hessian.weights,
    );
  }

  /** out = H v (H the exact Hessian of f, or its Gauss–Newton part; ridge included), projected. */
  private hessianTimes(v: Float64Array, out: Float64Array): void {
    const { problem } = this;
    const f = problem.dataFit;
    const L = problem.layout;
    this.hessian.times(v, out, L);
    const ridge = f.betaRidge;
    for (let k = 0; k < L.beta0; k++) out[k]! += 2 * ridge[k]! * v[k]!;
    for (let k = 0; k < L.size; k++) out[k]! += MANIFOLD_NEWTON.damping * this.diag[k]! * v[k]!;
    for (let j = 0; j < L.T; j++) out[L.theta + j]! += 2 * f.parts.ridgeTheta[j]! * v[L.theta + j]!;
    this.project(out);
  }

  /** max_k |v_k| / W_k: the certificate's measure of a gradient-like vector. */
  private scaledMax(v: Float64Array): number {
    const W = this.problem.W;
    let m = 0;
    for (let k = 0; k < this.n; k++) m = Math.max(m, Math.abs(v[k]!) / W[k]!);
    return m;
  }

  /** Preconditioned CG on H p = −∇F in the tangent space; false when no descent step was found. */
  private solve(tolerance: number): boolean {
    const { p, r, z, q, hq, gradF, diag, n } = this;
    p.fill(0);
    this.negative = false;
    for (let k = 0; k < n; k++) r[k] = -gradF[k]!;
    const dot = (a: Float64Array, b: Float64Array) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k]! * b[k]!;
      return s;
    };
    const r0 = this.scaledMax(r);
    if (!(r0 > 0)) return false;
    z.set(r);
    this.project(z, diag);
    this.blocks?.apply(r, z);
    q.set(z);
    let rz = dot(r, z);
    let it = 0;
    for (; it < MANIFOLD_NEWTON.cgMaxIterations; it++) {
      this.hessianTimes(q, hq);
      const curvature = dot(q, hq);
      // Negative curvature: H is not positive on this subspace; keep the step found so far.
      if (!(curvature > 0)) {
        this.negative = true;
        break;
      }
      const a = rz / curvature;
      for (let k = 0; k < n; k++) {
        p[k]! += a * q[k]!;
        r[k]! -= a * hq[k]!;
      }
      if (this.scaledMax(r) <= tolerance * r0) {
        it++;
        this.solved = true;
        break;
      }
      z.set(r);
      this.project(z, diag);
      this.blocks?.apply(r, z);
      const rzNew = dot(r, z);
      const b = rzNew / rz;
      rz = rzNew;
      for (let k = 0; k < n; k++) q[k] = z[k]! + b * q[k]!;
    }
    this.iterations = it;
    return dot(p, gradF) < 0;
  }
}
