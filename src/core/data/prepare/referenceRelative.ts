/**
 * Substitutions relative to the reference wildtype (multidms `var_wrt_ref`, §2.9).
 * A variant of condition d is assumed to carry d's whole bundle; then each of its own
 * substitutions, in input order: at a bundle site, a reversion to the reference letter removes
 * the bundle mutation and any other letter replaces it (named from the reference letter);
 * elsewhere the substitution is kept as is. Output order is multidms's: surviving bundle
 * mutations in site order, then the variant's other substitutions in input order.
 *
 * Conversion is done on the fly (for encoding and for output text) rather than stored: a
 * non-reference variant's converted form repeats its whole bundle.
 */
import type { KeyIndex } from '../keyIndex';
import { mutationKey, mutationMut, mutationSite, mutationWt } from '../sites';
import type { VariantList } from './variants';

interface ConditionBundle {
  sites: Float64Array;
  reference: Uint8Array;
  own: Uint8Array;
  /** Id of the bundle mutation R s C at each position. */
  ids: Uint32Array;
  /** Bundle position of each token id's site, or -1. */
  positionOfId: Int16Array;
  /** Id of `R s m` for bundle position j and letter m (interned on first use), -1 if not yet. */
  replaced: Int32Array;
}

export class ReferenceConverter {
  private readonly bundles: ConditionBundle[];
  private readonly mutAt: Int32Array;
  /** Longest possible converted variant. */
  readonly maxLength: number;
  /** Upper bound on key ids after any conversions (existing ids + one per bundle site and letter). */
  readonly maxIds: number;

  constructor(
    private readonly v: VariantList,
    bundleKeys: number[][],
  ) {
    const keys = v.keys;
    const K = keys.size;
    this.bundles = bundleKeys.map((b) => {
      const position = new Map<number, number>();
      b.forEach((key, j) => position.set(mutationSite(key), j));
      const positionOfId = new Int16Array(K).fill(-1);
      if (b.length > 0)
        for (let id = 0; id < K; id++) positionOfId[id] = position.get(mutationSite(keys.key(id))) ?? -1;
      return {
        sites: Float64Array.from(b, mutationSite),
        reference: Uint8Array.from(b, mutationWt),
        own: Uint8Array.from(b, mutationMut),
        ids: Uint32Array.from(b, (key) => keys.id(key)),
        positionOfId,
        replaced: new Int32Array(b.length * 32).fill(-1),
      };
    });
    const maxBundle = Math.max(0, ...bundleKeys.map((b) => b.length));
    this.mutAt = new Int32Array(maxBundle);
    let maxTokens = 0;
    for (let i = 0; i < v.n; i++) maxTokens = Math.max(maxTokens, v.tokenPtr[i + 1]! - v.tokenPtr[i]!);
    this.maxLength = maxTokens + maxBundle;
    this.maxIds = keys.size + bundleKeys.reduce((n, b) => n + b.length * 32, 0);
  }

  get keys(): KeyIndex {
    return this.v.keys;
  }

  /** Id of `R s m` at bundle position j of bundle b (interned on first use). */
  private replacedId(b: ConditionBundle, j: number, m: number): number {
    let id = b.replaced[j * 32 + m]!;
    if (id < 0) id = b.replaced[j * 32 + m] = this.v.keys.id(mutationKey(b.sites[j]!, b.reference[j]!, m));
    return id;
  }

  /** Writes variant i's reference-relative substitution ids into `out`; returns how many. */
  convert(i: number, out: Uint32Array): number {
    const v = this.v;
    const b = this.bundles[v.condition[i]!]!;
    const nb = b.ids.length;
    const mutAt = this.mutAt;
    for (let j = 0; j < nb; j++) mutAt[j] = b.own[j]!;
    const from = v.tokenPtr[i]!;
    const to = v.tokenPtr[i + 1]!;
    if (nb > 0) {
      for (let k = from; k < to; k++) {
        const id = v.tokens[k]!;
        const j = b.positionOfId[id]!;
        if (j < 0) continue;
        const m = mutationMut(v.keys.key(id));
        mutAt[j] = m === b.reference[j] ? -1 : m;
      }
    }
    let n = 0;
    for (let j = 0; j < nb; j++) {
      const m = mutAt[j]!;
      if (m >= 0) out[n++] = m === b.own[j] ? b.ids[j]! : this.replacedId(b, j, m);
    }
    for (let k = from; k < to; k++) {
      const id = v.tokens[k]!;
      if (nb === 0 || b.positionOfId[id]! < 0) out[n++] = id;
    }
    return n;
  }

  /**
   * Writes the ids of variant i's bit-flipped (scaled) encoding: its reference-relative form
   * with the bundle flipped. Only the variant's own substitutions matter: at a bundle site a
   * reversion leaves the bundle mutation (flipped to 1), another letter leaves that mutation
   * and the bundle mutation; elsewhere the substitution itself. Unordered; returns how many.
   */
  scaledIds(i: number, out: Uint32Array): number {
    const v = this.v;
    const b = this.bundles[v.condition[i]!]!;
    let n = 0;
    for (let k = v.tokenPtr[i]!; k < v.tokenPtr[i + 1]!; k++) {
      const id = v.tokens[k]!;
      const j = b.ids.length > 0 ? b.positionOfId[id]! : -1;
      if (j < 0) {
        out[n++] = id;
        continue;
      }
      const m = mutationMut(v.keys.key(id));
      if (m !== b.reference[j]) out[n++] = this.replacedId(b, j, m);
      out[n++] = b.ids[j]!;
    }
    return n;
  }
}
