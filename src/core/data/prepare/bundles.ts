/**
 * Non-identical sites and bundles (multidms §2.7–2.8). At a site where condition d's wildtype
 * C differs from the reference's R, the mutation R→C belongs to d's *bundle*: the mutations
 * that turn the reference wildtype into d's. multidms keeps such a site only if the data show
 * both directions: some reference variant carries `R s C` and some d variant carries `C s R`;
 * otherwise the site is "invalid" and its variants are dropped (issue #84 of multidms).
 */
import type { KeyIndex } from '../keyIndex';
import { mutationKey } from '../sites';
import { forEachLivingToken, wildtypeAt, type SiteMap } from './siteMap';
import type { VariantList } from './variants';

export interface InvalidSite {
  /** Index into the site map that was checked. */
  site: number;
  condition: number;
  /** Whether `R s C` was seen in the reference / `C s R` in the condition. */
  forwardSeen: boolean;
  reversionSeen: boolean;
}

/** Per condition, the site indices where its wildtype differs from the reference's. */
export function nonIdenticalSites(map: SiteMap, reference: number): number[][] {
  const out: number[][] = [];
  for (let d = 0; d < map.conditions; d++) {
    const sites: number[] = [];
    if (d !== reference) {
      for (let s = 0; s < map.sites.length; s++) {
        if (wildtypeAt(map, d, s) !== wildtypeAt(map, reference, s)) sites.push(s);
      }
    }
    out.push(sites);
  }
  return out;
}

/** Which substitution ids each condition's living variants carry: `seen[d * K + id]`. */
export function observedSubstitutions(v: VariantList, conditions: number, alive: Uint8Array): Uint8Array {
  const K = v.keys.size;
  const seen = new Uint8Array(conditions * K);
  forEachLivingToken(v, alive, (i, id) => (seen[v.condition[i]! * K + id] = 1));
  return seen;
}

/** The forward + reversion check for every non-identical site of every condition. */
export function invalidNonIdenticalSites(
  map: SiteMap,
  reference: number,
  nonIdentical: number[][],
  seen: Uint8Array,
  keys: KeyIndex,
): InvalidSite[] {
  const K = seen.length / map.conditions;
  const observed = (d: number, key: number) => {
    const id = keys.find(key);
    return id >= 0 && id < K && seen[d * K + id] === 1;
  };
  const invalid: InvalidSite[] = [];
  for (let d = 0; d < map.conditions; d++) {
    for (const s of nonIdentical[d]!) {
      const site = map.sites[s]!;
      const r = wildtypeAt(map, reference, s);
      const c = wildtypeAt(map, d, s);
      const forwardSeen = observed(reference, mutationKey(site, r, c));
      const reversionSeen = observed(d, mutationKey(site, c, r));
      if (!forwardSeen || !reversionSeen) invalid.push({ site: s, condition: d, forwardSeen, reversionSeen });
    }
  }
  return invalid;
}

/** Bundle mutations of each condition as keys `R s C`, in site order. */
export function bundleMutations(map: SiteMap, reference: number, nonIdentical: number[][]): number[][] {
  return nonIdentical.map((sites, d) =>
    sites.map((s) => mutationKey(map.sites[s]!, wildtypeAt(map, reference, s), wildtypeAt(map, d, s))),
  );
}
