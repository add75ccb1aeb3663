/**
 * The smooth part of the objective (the "data fit", as in skglm/jaxopt):
 *   f(x) = Σ_d Σ_{i∈d} c_i ρ(y_i − t(g(φ_i))) + λ_β Σ_d ‖β_d‖² + Σ_j λ_θj θ_j²,
 *   φ_i = β̃0_d + Σ_m X̃_im β̃_{d,m}   (fitting coordinates; ‖β̃‖ = ‖β‖ so the ridge is the same),
 * with c_i the per-row weights of FitData (mean per condition, mean over conditions).
 * One pass over each condition's rows gives the value, the gradient and, kept for the
 * Gauss–Newton solver, each row's slope dŷ/dφ and force ∂f/∂φ. The default model (sigmoid,
 * identity output) takes a monomorphic loop of its own (sigmoidPass.ts); the others the generic one.
 */
import type { OutputActivation } from './activation';
import { newEval, type GlobalEpistasis } from './epistasis';
import type { FitData } from './fitData';
import type { Loss } from './loss';
import { layout, type Layout } from './parameters';
import { sigmoidConditionPass } from './sigmoidPass';

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

  constructor(
    readonly fit: FitData,
    readonly parts: ModelParts,
  ) {
    this.layout = layout(fit.D, fit.M, parts.epistasis.thetaNames.length);
    this.phi = fit.data.map((c) => new Float64Array(c.n));
    this.yhat = fit.data.map((c) => new Float64Array(c.n));
    this.slope = fit.data.map((c) => new Float64Array(c.n));
    this.force = fit.data.map((c) => new Float64Array(c.n));
    this.lossPerCondition = new Float64Array(fit.D);
    this.epi = newEval(parts.epistasis);
    this.theta = new Float64Array(this.layout.T);
    this.sigmoid = parts.epistasis.name === 'sigmoid' && parts.activation.name === 'identity';
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

  private pass(x: Float64Array, grad: Float64Array | undefined): number {
    const L = this.layout;
    const { M, T, beta0 } = L;
    const { epistasis: g, activation: t, loss, ridgeBeta, ridgeTheta } = this.parts;
    const theta = this.theta;
    for (let j = 0; j < T; j++) theta[j] = x[L.theta + j]!;
    const e = this.epi;
    const withGrad = grad !== undefined;
    if (grad) grad.fill(0);
    let total = 0;
    this.fit.data.forEach((c, d) => {
      if (this.sigmoid) {
        const rows = { phi: this.phi[d]!, yhat: this.yhat[d]!, slope: this.slope[d]!, force: this.force[d]! };
        const r = sigmoidConditionPass(
          c,
          x,
          d * M,
          x[beta0 + d]!,
          theta[0]!,
          theta[1]!,
          loss.delta,
          rows,
          grad,
        );
        if (grad) {
          grad[beta0 + d] = r.intercept;
          grad[L.theta]! += r.scale;
          grad[L.theta + 1]! += r.bias;
        }
        this.lossPerCondition[d] = c.n > 0 ? r.loss * this.fit.D : NaN;
        total += r.loss;
        return;
      }
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
