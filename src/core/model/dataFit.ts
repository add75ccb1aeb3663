/**
 * The smooth part of the objective (the "data fit", as in skglm/jaxopt):
 *   f(x) = Σ_d Σ_{i∈d} c_i ρ(y_i − t(g(φ_i))) + λ_β Σ_d ‖β_d‖² + Σ_j λ_θj θ_j²,
 *   φ_i = β̃0_d + Σ_m X̃_im β̃_{d,m}   (fitting coordinates; ‖β̃‖ = ‖β‖ so the ridge is the same),
 * with c_i the per-row weights of FitData (mean per condition, mean over conditions).
 * One pass over each condition's rows gives the value, the gradient and, kept for the
 * Gauss–Newton solver, each row's slope dŷ/dφ and force ∂f/∂φ. The default model (sigmoid,
 * identity output) takes monomorphic loops of its own (sigmoidPass.ts), cut into items that
 * helper threads can share with bit-identical results (passPlan.ts, passThreads.ts); the other
 * models take the generic loop, on this thread.
 */
import type { OutputActivation } from './activation';
import { newEval, type GlobalEpistasis } from './epistasis';
import type { FitData } from './fitData';
import { denseCurvature, type Loss } from './loss';
import { layout, type Layout } from './parameters';
import { PHASE, planPass, takeItems, type PassSetup, type PassState } from './passPlan';
import { PassThreads, shareRows, sharedLatent, sharedRowOutputs } from './passThreads';
import { ROW_SUMS, type PassMode, type SigmoidRows } from './sigmoidPass';

export interface ModelParts {
  epistasis: GlobalEpistasis;
  activation: OutputActivation;
  loss: Loss;
  /** λ_β. */
  ridgeBeta: number;
  /**
   * Per column of the fitted design, a weight on λ_β (1/k for a column standing for k tied
   * mutations, tiedColumns.ts); undefined: 1 for every column.
   */
  ridgeWeight?: Float64Array;
  /** λ_θ per θ entry. */
  ridgeTheta: Float64Array;
}

/** What a gradient pass also does; both default to no. */
export interface GradientOptions {
  /** Sum the dense Gauss–Newton Hessian into `denseHessian` (a few percent of the pass). */
  curvature?: boolean;
  /**
   * ω: x is a + ω(a − b), a and b the last two points whose latents were kept (keepLatent, a
   * the later), so φ is extrapolated from theirs instead of summed over the design (it is linear
   * in β̃0 and β̃), which saves a pass over the design (bench/measurements.md). APG's extrapolated
   * point y is such a point. The caller answers for x being that point.
   */
  extrapolate?: number;
}

export class DataFit {
  readonly layout: Layout;
  /** Per condition and row: latent φ, prediction ŷ, slope dŷ/dφ, force ∂f/∂φ (after the last pass). */
  readonly phi: Float64Array[];
  readonly yhat: Float64Array[];
  readonly slope: Float64Array[];
  readonly force: Float64Array[];
  /** Unpenalised mean loss ρ of each condition at the last evaluated point. */
  readonly lossPerCondition: Float64Array;
  /** Ridge part of the last evaluated value. */
  ridge = 0;
  /** λ_β of every β̃ coordinate (the model's ridge times its column's weight). */
  readonly betaRidge: Float64Array;
  /**
   * Gauss–Newton Hessian of f on the dense coordinates (β̃0 then θ, K = D + T of them, K × K
   * row-major, ridge included) at the last gradient pass that asked for it (`curvature`).
   */
  readonly denseHessian: Float64Array;
  /** Per condition, two kept latents (keepLatent), and which slot holds the later one. */
  private readonly kept: Float64Array[][];
  private newest = 0;
  private readonly epi;
  private readonly theta: Float64Array;
  /** ∂ŷ/∂θ of one row (generic pass). */
  private readonly jTheta: Float64Array;
  /**
   * The default model's shape (sigmoid global epistasis, identity output): the pass uses its own
   * tight loops (sigmoidPass.ts), and solvers written for its Hessian (manifoldNewton.ts) apply.
   */
  readonly sigmoidIdentity: boolean;
  /** How the default model's pass is cut into items, and what they read. */
  private readonly setup: PassSetup;
  /** What a pass on this thread alone reads and writes (x and ∇ are the caller's, set per pass). */
  private readonly local: PassState;
  /** One condition's row sums, added up from its segments (ROW_SUMS entries). */
  private readonly conditionSums = new Float64Array(ROW_SUMS);
  /** Its item counter (one slot per phase). */
  private readonly localNext = new Int32Array(2);
  /** The rows in shared memory, made when helpers are first wanted. */
  private sharedRows: SigmoidRows[] | undefined;
  /** Helper threads sharing the default model's passes; undefined = this thread alone. */
  private threads: PassThreads | undefined;
  /** Bumped by every useThreads call, so that only the latest request takes effect. */
  private threadRequest = 0;

  constructor(
    readonly fit: FitData,
    readonly parts: ModelParts,
  ) {
    this.layout = layout(fit.D, fit.M, parts.epistasis.thetaNames.length);
    // Shared memory, so that helper threads (useThreads) can write the rows they evaluate.
    const outputs = fit.data.map((c) => sharedRowOutputs(c.n));
    this.phi = outputs.map((o) => o.phi);
    this.yhat = outputs.map((o) => o.yhat);
    this.slope = outputs.map((o) => o.slope);
    this.force = outputs.map((o) => o.force);
    this.kept = fit.data.map((c) => [sharedLatent(c.n), sharedLatent(c.n)]);
    const plan = planPass(
      fit.data.map((c) => c.n),
      fit.M,
    );
    this.setup = {
      plan,
      rows: fit.data,
      outputs,
      kept: this.kept,
      M: fit.M,
      beta0: this.layout.beta0,
      theta: this.layout.theta,
      delta: parts.loss.delta,
    };
    this.local = {
      ...this.setup,
      x: new Float64Array(0),
      grad: new Float64Array(0),
      sums: new Float64Array(ROW_SUMS * plan.segmentCount),
    };
    this.lossPerCondition = new Float64Array(fit.D);
    const K = fit.D + this.layout.T;
    this.denseHessian = new Float64Array(K * K);
    this.epi = newEval(parts.epistasis);
    this.theta = new Float64Array(this.layout.T);
    this.jTheta = new Float64Array(this.layout.T);
    const w = parts.ridgeWeight;
    this.betaRidge = new Float64Array(this.layout.beta0);
    for (let k = 0; k < this.layout.beta0; k++) this.betaRidge[k] = parts.ridgeBeta * (w ? w[k % fit.M]! : 1);
    this.sigmoidIdentity = parts.epistasis.name === 'sigmoid' && parts.activation.name === 'identity';
  }

  /** Threads the passes may use (1 = this thread only; only the default model uses more). */
  get threadCount(): number {
    return this.threads?.count ?? 1;
  }

  /**
   * Lets passes use up to `count` threads (no more than there are row segments). Results do not
   * depend on the count (see passPlan.ts), so this may change between any two passes, e.g. when a
   * host frees a core mid-fit. Passes stay on this thread until the helpers have started.
   */
  async useThreads(count: number): Promise<void> {
    const request = ++this.threadRequest;
    const segments = this.setup.plan.segmentCount;
    const wanted = this.sigmoidIdentity ? Math.max(1, Math.min(Math.floor(count), segments)) : 1;
    if (wanted === this.threadCount) return;
    const old = this.threads;
    this.threads = undefined;
    await old?.close();
    if (wanted <= 1 || request !== this.threadRequest) return;
    this.sharedRows ??= shareRows(this.fit.data);
    const next = new PassThreads({ ...this.setup, rows: this.sharedRows, size: this.layout.size }, wanted);
    await next.ready;
    if (request !== this.threadRequest) await next.close();
    else this.threads = next;
  }

  /** f(x). */
  value(x: Float64Array): number {
    return this.pass(x, undefined, { gradient: false, curvature: false, extrapolate: NaN, newest: 0 });
  }

  /** f(x), with ∇f(x) written into `grad`. */
  valueAndGradient(x: Float64Array, grad: Float64Array, options: GradientOptions = {}): number {
    const mode: PassMode = {
      gradient: true,
      curvature: options.curvature ?? false,
      extrapolate: options.extrapolate ?? NaN,
      newest: this.newest,
    };
    return this.pass(x, grad, mode);
  }

  /** Keeps the latents of the last pass (dropping the older of the two kept), for `extrapolate`. */
  keepLatent(): void {
    this.newest = 1 - this.newest;
    this.kept.forEach((slots, d) => slots[this.newest]!.set(this.phi[d]!));
  }

  /** Latent phenotypes of condition d's rows at x (into this.phi[d]): φ = β̃0 + X̃β̃, or extrapolated. */
  private latent(x: Float64Array, d: number, omega: number): void {
    const c = this.fit.data[d]!;
    const { ptr, idx } = c.X;
    const phi = this.phi[d]!;
    if (!Number.isNaN(omega)) {
      const a = this.kept[d]![this.newest]!;
      const b = this.kept[d]![1 - this.newest]!;
      for (let i = 0; i < c.n; i++) phi[i] = a[i]! + omega * (a[i]! - b[i]!);
      return;
    }
    const off = d * this.layout.M;
    const b0 = x[this.layout.beta0 + d]!;
    for (let i = 0; i < c.n; i++) {
      let z = b0;
      for (let k = ptr[i]!; k < ptr[i + 1]!; k++) z += x[off + idx[k]!]!;
      phi[i] = z;
    }
  }

  /**
   * The default model's pass: its items (passPlan.ts) on this thread or shared with helpers,
   * then each condition's segment sums added in segment order (the same for any threads).
   */
  private sigmoidPass(x: Float64Array, grad: Float64Array | undefined, mode: PassMode): number {
    const { M, D, beta0, theta } = this.layout;
    let state: PassState;
    if (this.threads) {
      this.threads.run(x, mode);
      state = this.threads.state;
      if (grad) grad.set(state.grad.subarray(0, D * M));
    } else {
      state = this.local;
      state.x = x;
      if (grad) state.grad = grad;
      this.localNext.fill(0);
      takeItems(state, this.localNext, PHASE.rows, mode);
      if (grad) takeItems(state, this.localNext, PHASE.columns, mode);
    }
    const curvature = grad !== undefined && mode.curvature;
    const { sums } = state;
    const first = this.setup.plan.firstSegment;
    const H = this.denseHessian;
    const K = D + 2;
    let total = 0;
    if (curvature) H.fill(0);
    const add = this.conditionSums;
    this.fit.data.forEach((c, d) => {
      add.fill(0);
      for (let k = first[d]!; k < first[d + 1]!; k++)
        for (let j = 0; j < ROW_SUMS; j++) add[j]! += sums[k * ROW_SUMS + j]!;
      const loss = add[0]!;
      if (grad) {
        grad[beta0 + d] = add[1]!;
        grad[theta]! += add[2]!;
        grad[theta + 1]! += add[3]!;
      }
      if (curvature) {
        const s = D;
        const b = D + 1;
        H[d * K + d] = add[4]!;
        H[d * K + s] = H[s * K + d] = add[5]!;
        H[d * K + b] = H[b * K + d] = add[6]!;
        H[s * K + s]! += add[7]!;
        H[s * K + b]! += add[8]!;
        H[b * K + s]! += add[8]!;
        H[b * K + b]! += add[9]!;
      }
      this.lossPerCondition[d] = c.n > 0 ? loss * D : NaN;
      total += loss;
    });
    return total;
  }

  /** Any model: g, the output activation and the loss called per row through their interfaces. */
  private genericPass(x: Float64Array, grad: Float64Array | undefined, mode: PassMode): number {
    const L = this.layout;
    const { M, T, beta0 } = L;
    const { epistasis: g, activation: t, loss } = this.parts;
    const theta = this.theta;
    for (let j = 0; j < T; j++) theta[j] = x[L.theta + j]!;
    const e = this.epi;
    const withGrad = grad !== undefined;
    const curvature = withGrad && mode.curvature;
    if (curvature) this.denseHessian.fill(0);
    let total = 0;
    this.fit.data.forEach((c, d) => {
      this.latent(x, d, mode.extrapolate);
      const { ptr, idx } = c.X;
      const { y, c: w } = c;
      const phi = this.phi[d]!;
      const yhat = this.yhat[d]!;
      const slope = this.slope[d]!;
      const force = this.force[d]!;
      const off = d * M;
      let sum = 0;
      let gb0 = 0;
      const H = this.denseHessian;
      const K = this.fit.D + T;
      const jt = this.jTheta;
      for (let i = 0; i < c.n; i++) {
        g.evaluate(phi[i]!, theta, e, withGrad);
        const out = t.value(e.g);
        yhat[i] = out;
        const r = y[i]! - out;
        sum += w[i]! * loss.value(r);
        if (!grad) continue;
        const dt = t.du(e.g);
        const s = dt * e.dz;
        slope[i] = s;
        const dLdy = -w[i]! * loss.psi(r); // ∂f/∂ŷ_i
        const fz = dLdy * s;
        force[i] = fz;
        gb0 += fz;
        for (let k = ptr[i]!; k < ptr[i + 1]!; k++) grad[off + idx[k]!]! += fz;
        const ft = dLdy * dt;
        for (let j = 0; j < T; j++) grad[L.theta + j]! += ft * e.dtheta[j]!;
        // Gauss–Newton curvature of the dense coordinates (ρ'' floored beyond δ, loss.ts).
        const cw = w[i]! * denseCurvature(r, loss.delta);
        if (!curvature || cw === 0) continue;
        for (let j = 0; j < T; j++) jt[j] = dt * e.dtheta[j]!;
        H[d * K + d]! += cw * s * s;
        for (let j = 0; j < T; j++) {
          const a = this.fit.D + j;
          const v = cw * s * jt[j]!;
          H[d * K + a]! += v;
          H[a * K + d]! += v;
          for (let k = 0; k < T; k++) H[a * K + this.fit.D + k]! += cw * jt[j]! * jt[k]!;
        }
      }
      if (grad) grad[beta0 + d] = gb0;
      this.lossPerCondition[d] = c.n > 0 ? sum * this.fit.D : NaN;
      total += sum;
    });
    return total;
  }

  private pass(x: Float64Array, grad: Float64Array | undefined, mode: PassMode): number {
    const L = this.layout;
    const { T } = L;
    const { ridgeBeta, ridgeTheta } = this.parts;
    const betaRidge = this.betaRidge;
    if (grad) grad.fill(0);
    const total = this.sigmoidIdentity ? this.sigmoidPass(x, grad, mode) : this.genericPass(x, grad, mode);
    let ridge = 0;
    if (ridgeBeta > 0) {
      for (let k = 0; k < L.beta0; k++) {
        const b = x[k]!;
        ridge += betaRidge[k]! * b * b;
        if (grad) grad[k]! += 2 * betaRidge[k]! * b;
      }
    }
    for (let j = 0; j < T; j++) {
      const lt = ridgeTheta[j]!;
      if (lt === 0) continue;
      const v = x[L.theta + j]!;
      ridge += lt * v * v;
      if (grad) grad[L.theta + j]! += 2 * lt * v;
      if (grad && mode.curvature) {
        const a = L.D + j;
        this.denseHessian[a * (L.D + T) + a]! += 2 * lt;
      }
    }
    this.ridge = ridge;
    return total + ridge;
  }
}
