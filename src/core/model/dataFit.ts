/**
 * The smooth part of the objective (the "data fit", as in skglm/jaxopt):
 *   f(x) = Σ_d Σ_{i∈d} c_i ρ(y_i − t(g(φ_i))) + λ_β Σ_d ‖β_d‖² + Σ_j λ_θj θ_j²,
 *   φ_i = β̃0_d + Σ_m X̃_im β̃_{d,m}   (fitting coordinates; ‖β̃‖ = ‖β‖ so the ridge is the same),
 * with c_i the per-row weights of FitData (mean per condition, mean over conditions).
 * One pass over each condition's rows gives the value, the gradient and, kept for the
 * Gauss–Newton solver, each row's slope dŷ/dφ and force ∂f/∂φ. The default model (sigmoid,
 * identity output) takes a monomorphic loop of its own (sigmoidPass.ts), which can also run some
 * conditions on helper threads with bit-identical results (conditionThreads.ts); the other
 * models take the generic loop, on this thread.
 */
import type { OutputActivation } from './activation';
import { newEval, type GlobalEpistasis } from './epistasis';
import type { FitData } from './fitData';
import type { Loss } from './loss';
import { layout, type Layout } from './parameters';
import { ConditionThreads, sharedRowOutputs } from './conditionThreads';
import { sigmoidConditionPass, type RowOutputs, type SigmoidPassSums } from './sigmoidPass';

export interface ModelParts {
  epistasis: GlobalEpistasis;
  activation: OutputActivation;
  loss: Loss;
  /** λ_β. */
  ridgeBeta: number;
  /** λ_θ per θ entry. */
  ridgeTheta: Float64Array;
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
  private readonly epi;
  private readonly theta: Float64Array;
  /** The default model (sigmoid, identity output): the pass uses its own tight loop. */
  private readonly sigmoid: boolean;
  private readonly outputs: RowOutputs[];
  /** Per-condition partial sums of the last sigmoid pass (combined in condition order). */
  private readonly sums: (SigmoidPassSums | undefined)[];
  /** Helper threads evaluating some conditions (default model only); undefined = this thread alone. */
  private threads: ConditionThreads | undefined;
  /** Bumped by every useThreads call, so that only the latest request takes effect. */
  private threadRequest = 0;

  constructor(
    readonly fit: FitData,
    readonly parts: ModelParts,
  ) {
    this.layout = layout(fit.D, fit.M, parts.epistasis.thetaNames.length);
    // Shared memory, so that helper threads (useThreads) can write the rows they evaluate.
    const outputs = fit.data.map((c) => sharedRowOutputs(c.n));
    this.outputs = outputs;
    this.phi = outputs.map((o) => o.phi);
    this.yhat = outputs.map((o) => o.yhat);
    this.slope = outputs.map((o) => o.slope);
    this.force = outputs.map((o) => o.force);
    this.sums = new Array<SigmoidPassSums | undefined>(fit.D);
    this.lossPerCondition = new Float64Array(fit.D);
    this.epi = newEval(parts.epistasis);
    this.theta = new Float64Array(this.layout.T);
    this.sigmoid = parts.epistasis.name === 'sigmoid' && parts.activation.name === 'identity';
  }

  /** Threads the passes may use (1 = this thread only; only the default model uses more). */
  get threadCount(): number {
    return this.threads?.count ?? 1;
  }

  /**
   * Lets passes use up to `count` threads, one or more conditions each. Results do not depend on
   * the count (see conditionThreads.ts), so this may change between any two passes, e.g. when a
   * host frees a core mid-fit. Passes stay on this thread until the helpers have started.
   */
  async useThreads(count: number): Promise<void> {
    const request = ++this.threadRequest;
    const wanted = this.sigmoid ? Math.min(Math.max(1, Math.floor(count)), this.fit.D) : 1;
    if (wanted === this.threadCount) return;
    const old = this.threads;
    this.threads = undefined;
    await old?.close();
    if (wanted <= 1 || request !== this.threadRequest) return;
    const next = new ConditionThreads(
      {
        rows: this.fit.data,
        outputs: this.outputs,
        M: this.layout.M,
        beta0: this.layout.beta0,
        theta: this.layout.theta,
        size: this.layout.size,
        delta: this.parts.loss.delta,
      },
      wanted,
    );
    await next.ready;
    if (request !== this.threadRequest) await next.close();
    else this.threads = next;
  }

  /** f(x). */
  value(x: Float64Array): number {
    return this.pass(x, undefined);
  }

  /** f(x), with ∇f(x) written into `grad`. */
  valueAndGradient(x: Float64Array, grad: Float64Array): number {
    return this.pass(x, grad);
  }

  /** Latent phenotypes φ = β̃0 + X̃β̃ of condition d's rows (into this.phi[d]). */
  private latent(x: Float64Array, d: number): void {
    const c = this.fit.data[d]!;
    const { ptr, idx } = c.X;
    const phi = this.phi[d]!;
    const off = d * this.layout.M;
    const b0 = x[this.layout.beta0 + d]!;
    for (let i = 0; i < c.n; i++) {
      let z = b0;
      for (let k = ptr[i]!; k < ptr[i + 1]!; k++) z += x[off + idx[k]!]!;
      phi[i] = z;
    }
  }

  /**
   * The default model's pass: each condition's rows by sigmoidConditionPass, on this thread or
   * a helper, then the partial sums added in condition order (the same order for any threads).
   */
  private sigmoidPass(x: Float64Array, grad: Float64Array | undefined): number {
    const { M, beta0, theta } = this.layout;
    const delta = this.parts.loss.delta;
    const threads = this.threads;
    const sums = this.sums;
    threads?.begin(x, grad !== undefined);
    this.fit.data.forEach((c, d) => {
      if (threads && threads.owner[d] !== 0) return;
      sums[d] = sigmoidConditionPass(
        c,
        x,
        d * M,
        x[beta0 + d]!,
        x[theta]!,
        x[theta + 1]!,
        delta,
        this.outputs[d]!,
        grad,
      );
    });
    threads?.end(grad, sums);
    let total = 0;
    this.fit.data.forEach((c, d) => {
      const r = sums[d]!;
      if (grad) {
        grad[beta0 + d] = r.intercept;
        grad[theta]! += r.scale;
        grad[theta + 1]! += r.bias;
      }
      this.lossPerCondition[d] = c.n > 0 ? r.loss * this.fit.D : NaN;
      total += r.loss;
    });
    return total;
  }

  /** Any model: g, the output activation and the loss called per row through their interfaces. */
  private genericPass(x: Float64Array, grad: Float64Array | undefined): number {
    const L = this.layout;
    const { M, T, beta0 } = L;
    const { epistasis: g, activation: t, loss } = this.parts;
    const theta = this.theta;
    for (let j = 0; j < T; j++) theta[j] = x[L.theta + j]!;
    const e = this.epi;
    const withGrad = grad !== undefined;
    let total = 0;
    this.fit.data.forEach((c, d) => {
      this.latent(x, d);
      const { ptr, idx } = c.X;
      const { y, c: w } = c;
      const phi = this.phi[d]!;
      const yhat = this.yhat[d]!;
      const slope = this.slope[d]!;
      const force = this.force[d]!;
      const off = d * M;
      let sum = 0;
      let gb0 = 0;
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
      }
      if (grad) grad[beta0 + d] = gb0;
      this.lossPerCondition[d] = c.n > 0 ? sum * this.fit.D : NaN;
      total += sum;
    });
    return total;
  }

  private pass(x: Float64Array, grad: Float64Array | undefined): number {
    const L = this.layout;
    const { T } = L;
    const { ridgeBeta, ridgeTheta } = this.parts;
    if (grad) grad.fill(0);
    const total = this.sigmoid ? this.sigmoidPass(x, grad) : this.genericPass(x, grad);
    let ridge = 0;
    if (ridgeBeta > 0) {
      for (let k = 0; k < L.beta0; k++) {
        const b = x[k]!;
        ridge += ridgeBeta * b * b;
        if (grad) grad[k]! += 2 * ridgeBeta * b;
      }
    }
    for (let j = 0; j < T; j++) {
      const lt = ridgeTheta[j]!;
      if (lt === 0) continue;
      const v = x[L.theta + j]!;
      ridge += lt * v * v;
      if (grad) grad[L.theta + j]! += 2 * lt * v;
    }
    this.ridge = ridge;
    return total + ridge;
  }
}
