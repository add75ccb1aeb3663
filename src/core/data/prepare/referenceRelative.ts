/**
 * Substitutions relative to the reference wildtype (multidms `var_wrt_ref`, §2.9).
 * A variant of condition d is assumed to carry d's whole bundle; then each of its own
 * substitutions, in input order: at a bundle site, a reversion to the reference letter removes
 * the bundle mutation and any other letter replaces it (named from the reference letter);
 * elsewhere the substitution is kept as is. Output order is multidms's: surviving bundle
 * mutations in site order, then the variant's other substitutions in input order.
 */
import { Growable } from '../growable';
import { mutationKey, mutationMut, mutationSite, mutationWt } from '../sites';
import type { VariantList } from './variants';

export interface ReferenceRelative {
  /** Variant i's reference-relative keys are keys[ptr[i] .. ptr[i+1]) (empty for dropped variants). */
  ptr: Uint32Array;
  keys: Float64Array;
}

export function toReferenceRelative(
  v: VariantList,
  alive: Uint8Array,
  bundles: number[][],
): ReferenceRelative {
  const ptr = new Uint32Array(v.n + 1);
  const keys = new Growable(Float64Array, Math.max(1024, v.tokens.length * 2));
  const maxBundle = Math.max(0, ...bundles.map((b) => b.length));
  const mut = new Int32Array(maxBundle); // current mutant letter at each bundle site, -1 = reverted
  const bundleSites = bundles.map((b) => Float64Array.from(b, mutationSite));
  for (let i = 0; i < v.n; i++) {
    if (alive[i]) {
      const bundle = bundles[v.condition[i]!]!;
      const sites = bundleSites[v.condition[i]!]!;
      for (let j = 0; j < bundle.length; j++) mut[j] = mutationMut(bundle[j]!);
      const from = v.tokenPtr[i]!;
      const to = v.tokenPtr[i + 1]!;
      for (let k = from; k < to; k++) {
        const key = v.tokens[k]!;
        const j = findSite(sites, mutationSite(key));
        if (j < 0) continue;
        const m = mutationMut(key);
        mut[j] = m === mutationWt(bundle[j]!) ? -1 : m;
      }
      for (let j = 0; j < bundle.length; j++) {
        if (mut[j]! >= 0) keys.push(mutationKey(sites[j]!, mutationWt(bundle[j]!), mut[j]!));
      }
      for (let k = from; k < to; k++) {
        const key = v.tokens[k]!;
        if (findSite(sites, mutationSite(key)) < 0) keys.push(key);
      }
    }
    ptr[i + 1] = keys.length;
  }
  return { ptr, keys: keys.take() };
}

/** Index of `site` in the ascending `sites`, or -1. */
function findSite(sites: Float64Array, site: number): number {
  let lo = 0;
  let hi = sites.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sites[mid]!;
    if (s === site) return mid;
    if (s < site) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
