/**
 * Cross-validation split: a seeded random fraction of each condition's kept variants is held
 * out for validation (stratified by condition, so every condition is validated).
 */
import type { PreparedData } from '../data/prepare/prepare';
import { DataFit, type ModelParts } from '../model/dataFit';
import { buildFitData } from '../model/fitData';
import type { ModelOptions } from '../model/options';
import { Random } from '../random';

export interface Holdout {
  /** Fraction of each condition's variants held out, in (0, 1). */
  fraction: number;
  seed: number;
}

/**
 * 1 for a seeded random `fraction` of each condition's variants among those `include` admits
 * (stratified by condition; `seed(d)` seeds condition d's shuffle): the hold-out split and the
 * stability subsamples (stability.ts).
 */
export function stratifiedMask(
  p: PreparedData,
  fraction: number,
  seed: (condition: number) => number,
  include: (variant: number) => boolean = () => true,
): Uint8Array {
  const mask = new Uint8Array(p.variants.n);
  p.encodings.forEach((e, d) => {
    const order = new Random(seed(d)).shuffle([...e.variants].filter(include));
    const k = Math.round(fraction * order.length);
    for (let i = 0; i < k; i++) mask[order[i]!] = 1;
  });
  return mask;
}

/** 1 for validation variants. */
export function holdoutMask(p: PreparedData, holdout: Holdout): Uint8Array {
  if (!(holdout.fraction > 0 && holdout.fraction < 1))
    throw new Error(`hold-out fraction must be in (0, 1), got ${holdout.fraction}`);
  return stratifiedMask(p, holdout.fraction, (d) => holdout.seed * 1_000_003 + d);
}

/**
 * The data fit of the variants `held` admits, with the model parts of the fit to measure (its
 * θ bounds, loss and ridge): evaluated at that fit's parameters, the loss on variants it was
 * not fitted to (a hold-out, or a cross-validation fold).
 */
export function heldOutFit(
  p: PreparedData,
  model: Pick<ModelOptions, 'weights' | 'bitFlip'>,
  parts: ModelParts,
  held: (variant: number) => boolean,
): DataFit {
  return new DataFit(
    buildFitData(p, { weights: model.weights, bitFlip: model.bitFlip, include: held }),
    parts,
  );
}
