/**
 * Cross-validation split: a seeded random fraction of each condition's kept variants is held
 * out for validation (stratified by condition, so every condition is validated).
 */
import type { PreparedData } from '../data/prepare/prepare';
import { Random } from '../random';

export interface Holdout {
  /** Fraction of each condition's variants held out, in (0, 1). */
  fraction: number;
  seed: number;
}

/** 1 for validation variants. */
export function holdoutMask(p: PreparedData, holdout: Holdout): Uint8Array {
  if (!(holdout.fraction > 0 && holdout.fraction < 1))
    throw new Error(`hold-out fraction must be in (0, 1), got ${holdout.fraction}`);
  const mask = new Uint8Array(p.variants.n);
  p.encodings.forEach((e, d) => {
    const r = new Random(holdout.seed * 1_000_003 + d);
    const order = r.shuffle([...e.variants]);
    const k = Math.round(holdout.fraction * order.length);
    for (let i = 0; i < k; i++) mask[order[i]!] = 1;
  });
  return mask;
}
