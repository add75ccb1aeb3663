/**
 * What a fitted model says about the data (natural parameters, multidms semantics):
 *  - each condition's wildtype: latent β0_d + Σ_{m∈B_d} β_{d,m} (its bundle), and t(g(·));
 *  - single-mutant effects on each condition's own wildtype (multidms `predicted_func_score_<d>`
 *    with phenotype_as_effect): adding mutation m to d's wildtype changes the latent by β_{d,m},
 *    or by β_{d,m} − β_{d,b} at one of d's non-identical sites (m replaces the bundle mutation b
 *    there), and by 0 for the bundle mutation itself;
 *  - per-condition fit metrics on the rows of a data fit.
 */
import type { DataFit } from '../model/dataFit';
import { mutationSite } from '../data/sites';
import type { PreparedData } from '../data/prepare/prepare';
import { huber } from '../model/loss';
import type { NaturalParameters } from '../model/parameters';
import { pearson } from '../stats';

export interface WildtypePrediction {
  latent: number;
  funcScore: number;
}

export function predictScore(fit: DataFit, params: NaturalParameters, latent: number): number {
  return fit.parts.activation.value(fit.parts.epistasis.value(latent, params.theta));
}

export function wildtypePredictions(
  p: PreparedData,
  fit: DataFit,
  params: NaturalParameters,
): WildtypePrediction[] {
  return p.conditions.map((_, d) => {
    let latent = params.beta0[d]!;
    for (const m of p.encodings[d]!.bundle) latent += params.beta[d]![m]!;
    return { latent, funcScore: predictScore(fit, params, latent) };
  });
}

/** predicted_func_score_<d>[m]: effect of mutation m on condition d's wildtype (observed scale). */
export function singleMutantEffects(
  p: PreparedData,
  fit: DataFit,
  params: NaturalParameters,
): Float64Array[] {
  const wt = wildtypePredictions(p, fit, params);
  return p.conditions.map((_, d) => {
    const beta = params.beta[d]!;
    const bundleAtSite = new Map<number, number>();
    for (const m of p.encodings[d]!.bundle) bundleAtSite.set(mutationSite(p.mutations[m]!), m);
    const out = new Float64Array(p.mutations.length);
    for (let m = 0; m < out.length; m++) {
      const b = bundleAtSite.get(mutationSite(p.mutations[m]!));
      const change = b === undefined ? beta[m]! : b === m ? 0 : beta[m]! - beta[b]!;
      out[m] = predictScore(fit, params, wt[d]!.latent + change) - wt[d]!.funcScore;
    }
    return out;
  });
}

export interface ConditionMetrics {
  variants: number;
  /** The fit's own loss (mean per variant), and multidms's reported loss (Huber δ = 1, unweighted). */
  loss: number;
  /** Standard error of the mean loss (per-variant losses; for the one-standard-error rule). */
  lossStdErr: number;
  huberLoss: number;
  r2: number;
  pearson: number;
}

/** Metrics per condition from the data fit's last evaluation (call dataFit.value(x) first). */
export function conditionMetrics(fit: DataFit): ConditionMetrics[] {
  const h1 = huber(1);
  const rho = fit.parts.loss;
  return fit.fit.data.map((c, d) => {
    const y = c.y;
    const yhat = fit.yhat[d]!;
    const n = c.n;
    let sy = 0;
    for (let i = 0; i < n; i++) sy += y[i]!;
    const my = sy / n;
    let ssr = 0;
    let sst = 0;
    let hl = 0;
    let sl = 0;
    let sll = 0;
    for (let i = 0; i < n; i++) {
      const r = y[i]! - yhat[i]!;
      const l = rho.value(r);
      sl += l;
      sll += l * l;
      ssr += r * r;
      sst += (y[i]! - my) ** 2;
      hl += h1.value(r);
    }
    return {
      variants: n,
      loss: fit.lossPerCondition[d]!,
      lossStdErr: n > 1 ? Math.sqrt(Math.max(0, sll / n - (sl / n) ** 2) / (n - 1)) : NaN,
      huberLoss: n > 0 ? hl / n : NaN,
      r2: sst > 0 ? 1 - ssr / sst : NaN,
      pearson: pearson(y, yhat),
    };
  });
}

/** Non-zero shifts per condition (exact zeros: the lasso fuses them exactly). */
export function nonzeroShifts(params: NaturalParameters, reference: number): number[] {
  const ref = params.beta[reference]!;
  return params.beta.map((b, d) => {
    if (d === reference) return 0;
    let k = 0;
    for (let m = 0; m < b.length; m++) if (b[m] !== ref[m]) k++;
    return k;
  });
}
