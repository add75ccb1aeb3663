import { UserError } from '../errors';
/**
 * The model's options, documented once with their defaults (multidms 1.x defaults where it has one).
 * The lasso strength λ is not among them: a fit is always of a list of λ (lassoText.ts).
 */
import type { EpistasisName } from './epistasis';
import type { LossName } from './loss';

export type ShiftPenaltyName = 'reference' | 'all-pairs';
export type WeightsName = 'none' | 'variance';

export interface ModelOptions {
  /** Global epistasis g. Default `sigmoid`. */
  epistasis: EpistasisName;
  /** Hidden units of the `nn` epistasis. Default 5. */
  hiddenUnits: number;
  /** Output activation: `identity` (default) or `softplus` hinge at `lowerBound`. */
  activation: 'identity' | 'softplus';
  /** Lower bound of the softplus hinge (e.g. the clipping floor of the scores). */
  lowerBound?: number;
  /** Per-variant loss: `huber` (default, δ = huberDelta) or `squared`. */
  loss: LossName;
  /** Huber δ. Default 1 (multidms). */
  huberDelta: number;
  /** Variant weights: `none` (default, as multidms) or `variance` (1/func_score_var, normalised per condition). */
  weights: WeightsName;
  /** Shift penalty: `reference` Σ_{d≠ref}|β_d − β_ref| (default) or `all-pairs` Σ_{d<d'}|β_d − β_d'|. */
  penalty: ShiftPenaltyName;
  /**
   * multidms `scale_fusion_by_n`: each condition's term of the reference penalty weighted by
   * n_ref/n_d, its training variants against the reference's. Default false.
   */
  scaleFusionByN: boolean;
  /**
   * Ridge on every β (multidms `coef_ridge_beta`). Default 3e-7: without a ridge, mutations seen
   * only in floor-level or saturated variants have no finite optimum, and real fits at multidms
   * 1.x's 0 run to the iteration cap; at the pipelines' 1e-7 those directions are so flat that
   * XBB.1.5 and HIV Env fits take 1,000–16,000 iterations; from 5e-7 on, ge_scale runs to its
   * bound on XBB.1.5 (README, "The default model"). 0 is multidms 1.x's model exactly.
   */
  ridgeBeta: number;
  /** Ridge on ge_scale and on ge_bias (all θ of the nn model use ridgeScale). Default 0, 0. */
  ridgeScale: number;
  ridgeBias: number;
  /** Upper bound on ge_scale: `infer` = 2·range(y) (multidms default), a number, or null for none. */
  scaleUpperBound: 'infer' | number | null;
  /** Initial ge_scale and ge_bias (multidms Model defaults 5 and −5; fit_one_model's 6.5 and −3.5). */
  initScale: number;
  initBias: number;
  /**
   * Random start of β: each fitted β̃ (bit-flipped coordinates, as multidms draws them) is
   * initBetaVariance·N(0, 1). The factor multiplies N(0, 1) as multidms's `init_beta_variance`
   * does, despite its name. Default 0 (β = 0, multidms Model's default; fit_one_model uses 1).
   */
  initBetaVariance: number;
  /**
   * Seed of the random start (the β above and the nn epistasis's weights); multidms's PRNGKey.
   * The draws are DMS Fit's own, not JAX's. Default 0.
   */
  initSeed: number;
  /** Parameters held at fixed values, natural coordinates: `beta0:<condition>`, `ge_scale`, `ge_bias`. */
  lock: Record<string, number>;
  /** Fit in the bit-flipped coordinates (multidms issue #156). Default true; false only for comparisons. */
  bitFlip: boolean;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  epistasis: 'sigmoid',
  hiddenUnits: 5,
  activation: 'identity',
  loss: 'huber',
  huberDelta: 1,
  weights: 'none',
  penalty: 'reference',
  scaleFusionByN: false,
  ridgeBeta: 3e-7,
  ridgeScale: 0,
  ridgeBias: 0,
  scaleUpperBound: 'infer',
  initScale: 5,
  initBias: -5,
  initBetaVariance: 0,
  initSeed: 0,
  lock: {},
  bitFlip: true,
};

/**
 * The most hidden units the 'nn' epistasis takes. multidms's examples use 5–20; a thousand is
 * already far beyond what a one-dimensional latent phenotype can use, and the bound stops a
 * mistyped or hostile value from allocating gigabytes before anything is checked.
 */
export const MAX_HIDDEN_UNITS = 1000;

export function resolveModelOptions(partial: Partial<ModelOptions> = {}): ModelOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...defined, lock: { ...(partial.lock ?? {}) } };
  if (o.activation === 'softplus' && (o.lowerBound === undefined || !Number.isFinite(o.lowerBound))) {
    throw new UserError('the softplus output activation needs a lower bound (e.g. --lower-bound -3.5)');
  }
  for (const [name, value] of [
    ['ridge on beta', o.ridgeBeta],
    ['ridge on ge_scale', o.ridgeScale],
    ['ridge on ge_bias', o.ridgeBias],
    ['init_beta_variance', o.initBetaVariance],
  ] as const) {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new UserError(`${name} must be a non-negative number, got ${value}`);
  }
  if (!Number.isInteger(o.hiddenUnits) || o.hiddenUnits < 1 || o.hiddenUnits > MAX_HIDDEN_UNITS)
    throw new UserError(
      `hidden units must be a whole number from 1 to ${MAX_HIDDEN_UNITS}, got ${o.hiddenUnits}`,
    );
  for (const [name, value] of [
    ['init_theta_scale', o.initScale],
    ['init_theta_bias', o.initBias],
  ] as const)
    if (!Number.isFinite(value)) throw new UserError(`${name} must be a number, got ${value}`);
  if (!Number.isSafeInteger(o.initSeed) || o.initSeed < 0)
    throw new UserError(`the initial seed must be a whole number ≥ 0, got ${o.initSeed}`);
  if (o.scaleFusionByN && o.penalty !== 'reference')
    throw new UserError('scaling the fusion by n applies to the reference penalty only, not all-pairs');
  if (typeof o.scaleUpperBound === 'number' && !(o.scaleUpperBound >= 0)) {
    throw new UserError(`the ge_scale upper bound must be ≥ 0, got ${o.scaleUpperBound}`);
  }
  return o;
}
