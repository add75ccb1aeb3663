/**
 * APG's proximal step from y in its block metric, with backtracking per block (apg.ts):
 *  - the β̃ coordinates take a diagonal step in L̂_β·W, W the fixed data-scaled diagonal of the
 *    problem (so rare and common mutations take comparable steps), through the exact prox;
 *  - the dense coordinates (β̃0, θ) take a box-constrained Newton step in L̂_d·H, H the
 *    Gauss–Newton Hessian at y that the gradient pass leaves (denseNewtonStep.ts).
 * Each scale doubles when its block's quadratic model fails (a failed step is retried with β̃
 * moved alone to tell which block failed: one extra value pass) and otherwise decays gently.
 */
import { DenseNewtonStep } from './denseNewtonStep';
import type { Problem } from '../problem';
import { APG } from '../tuning';

export class BlockMetricStep {
  private readonly n: number;
  private readonly nb: number;
  private readonly h: Float64Array;
  private readonly betaAlone: Float64Array;
  private readonly dense: DenseNewtonStep;
  private readonly denseDelta: Float64Array;
  private readonly damping: Float64Array;
  private readonly lowerDense: Float64Array;
  private readonly upperDense: Float64Array;
  private scaleBeta = 1;
  private scaleDense = 1;
  /** Data passes of the last step. */
  passes = 0;

  constructor(private readonly problem: Problem) {
    this.n = problem.layout.size;
    this.nb = problem.layout.beta0;
    this.h = new Float64Array(this.n);
    this.betaAlone = new Float64Array(this.n);
    this.dense = new DenseNewtonStep(this.n - this.nb);
    this.denseDelta = new Float64Array(this.n - this.nb);
    this.damping = new Float64Array(this.n - this.nb);
    this.lowerDense = problem.lower.subarray(this.nb);
    this.upperDense = problem.upper.subarray(this.nb);
  }

  /**
   * xNew = the step from y, where f(y) = fy and ∇f(y) = gy (the data fit's last gradient pass,
   * with curvature, at y). Returns f(xNew), the data fit's side arrays left at xNew; with
   * `gradNew`, ∇f(xNew) is written there by the same pass (APG's check needs it at xNew, and a
   * gradient pass costs less than a value pass and a second one).
   */
  take(y: Float64Array, gy: Float64Array, fy: number, xNew: Float64Array, gradNew?: Float64Array): number {
    const { problem, n, nb, h, damping, denseDelta } = this;
    const f = problem.dataFit;
    const W = problem.W;
    const [gyDense, yDense] = [gy.subarray(nb), y.subarray(nb)];
    this.passes = 0;
    for (let tries = 1; ; tries++) {
      for (let k = 0; k < n; k++) h[k] = this.scaleBeta * W[k]!;
      problem.proxGradientStep(y, gy, h, xNew);
      for (let a = 0; a < n - nb; a++) damping[a] = APG.denseDamping * h[nb + a]!;
      const denseModel = this.dense.solve(
        f.denseHessian,
        this.scaleDense,
        damping,
        gyDense,
        yDense,
        this.lowerDense,
        this.upperDense,
        denseDelta,
      );
      for (let a = 0; a < n - nb; a++) xNew[nb + a] = y[nb + a]! + denseDelta[a]!;
      const fNew = gradNew ? f.valueAndGradient(xNew, gradNew) : f.value(xNew);
      this.passes++;
      let betaModel = 0;
      for (let k = 0; k < nb; k++) {
        const dk = xNew[k]! - y[k]!;
        betaModel += gy[k]! * dk + 0.5 * h[k]! * dk * dk;
      }
      const slack = 1e-13 * Math.abs(fy);
      // The step taken after the last try leaves the data fit at xNew, as any accepted one does.
      if (fNew <= fy + betaModel + denseModel + slack || tries === APG.maxTries) return fNew;
      this.betaAlone.set(xNew.subarray(0, nb));
      this.betaAlone.set(yDense, nb);
      const fBeta = f.value(this.betaAlone);
      this.passes++;
      if (fBeta > fy + betaModel + slack) this.scaleBeta *= 2;
      else this.scaleDense *= 2;
    }
  }

  /** After every iteration: the scales relax towards steps longer than the last that worked. */
  decay(): void {
    this.scaleBeta *= APG.decay;
    this.scaleDense *= APG.decay;
  }
}
