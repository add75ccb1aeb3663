/**
 * The wildtype letter of every condition at every site, inferred from the substitutions
 * (each token `W123M` says the condition's wildtype at 123 is W). Validation has already
 * rejected rows whose wildtype letters disagree, so there is no "last write wins" here.
 */
import { mutationSite, mutationWt } from '../sites';
import type { VariantList } from './variants';

export interface SiteMap {
  /** Site keys in natural order. */
  sites: Float64Array;
  /** Wildtype letter index per condition and site (`wildtype[d * S + s]`), -1 if never seen. */
  wildtype: Int8Array;
  conditions: number;
  /** Site index of each token id (ids existing when the map was made), -1 if not in the map. */
  siteOfId: Int32Array;
}

/** Calls `f(id)` for every substitution id of every living variant. */
export function forEachLivingToken(
  v: VariantList,
  alive: Uint8Array,
  f: (variant: number, id: number) => void,
): void {
  for (let i = 0; i < v.n; i++) {
    if (!alive[i]) continue;
    for (let k = v.tokenPtr[i]!; k < v.tokenPtr[i + 1]!; k++) f(i, v.tokens[k]!);
  }
}

export function inferSiteMap(v: VariantList, conditions: number, alive: Uint8Array): SiteMap {
  const K = v.keys.size;
  const used = new Uint8Array(K);
  forEachLivingToken(v, alive, (_, id) => (used[id] = 1));
  const siteSet = new Set<number>();
  for (let id = 0; id < K; id++) if (used[id]) siteSet.add(mutationSite(v.keys.key(id)));
  const sites = Float64Array.from(siteSet).sort();
  const indexOf = new Map<number, number>();
  sites.forEach((s, i) => indexOf.set(s, i));
  const siteOfId = new Int32Array(K);
  for (let id = 0; id < K; id++) siteOfId[id] = indexOf.get(mutationSite(v.keys.key(id))) ?? -1;
  const S = sites.length;
  const wildtype = new Int8Array(conditions * S).fill(-1);
  forEachLivingToken(v, alive, (i, id) => {
    wildtype[v.condition[i]! * S + siteOfId[id]!] = mutationWt(v.keys.key(id));
  });
  return { sites, wildtype, conditions, siteOfId };
}

export function wildtypeAt(map: SiteMap, condition: number, site: number): number {
  return map.wildtype[condition * map.sites.length + site]!;
}

/** Site indices whose wildtype is unknown in at least one condition, with those conditions. */
export function sitesWithUnknownWildtype(map: SiteMap): { site: number; missingIn: number[] }[] {
  const out: { site: number; missingIn: number[] }[] = [];
  for (let s = 0; s < map.sites.length; s++) {
    const missingIn: number[] = [];
    for (let d = 0; d < map.conditions; d++) if (wildtypeAt(map, d, s) < 0) missingIn.push(d);
    if (missingIn.length > 0) out.push({ site: s, missingIn });
  }
  return out;
}

/** The site map without the given site indices (they leave the model with their variants). */
export function withoutSites(map: SiteMap, remove: Set<number>): SiteMap {
  const S = map.sites.length;
  const newIndex = new Int32Array(S).fill(-1);
  const keep: number[] = [];
  for (let s = 0; s < S; s++) {
    if (remove.has(s)) continue;
    newIndex[s] = keep.length;
    keep.push(s);
  }
  const wildtype = new Int8Array(map.conditions * keep.length);
  for (let d = 0; d < map.conditions; d++) {
    keep.forEach((s, j) => (wildtype[d * keep.length + j] = map.wildtype[d * S + s]!));
  }
  const siteOfId = map.siteOfId.map((s) => (s < 0 ? -1 : newIndex[s]!));
  return {
    sites: Float64Array.from(keep, (s) => map.sites[s]!),
    wildtype,
    conditions: map.conditions,
    siteOfId,
  };
}
